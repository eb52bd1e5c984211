import { describe, expect, it } from "vitest";
import { reasonSv } from "../../src/record/index.ts";

describe("why a capture failed, in the registrar's words", () => {
  it("says that an account may be gone when the site answered that the page is not there", () => {
    expect(reasonSv("http-error", 404)).toBe("sidan finns inte på adressen (HTTP 404): kontot kan ha bytt adress eller tagits bort");
    expect(reasonSv("http-error", 410)).toContain("kontot har troligen tagits bort");
  });

  it("tells an outage, a refusal and too many requests apart", () => {
    expect(reasonSv("http-error", 503)).toBe("webbplatsen hade ett fel (HTTP 503); ett senare försök kan lyckas");
    expect(reasonSv("http-error", 403)).toBe("webbplatsen nekade åtkomst (HTTP 403)");
    expect(reasonSv("http-error", 429)).toContain("HTTP 429");
    expect(reasonSv("http-error", 418)).toBe("webbplatsen svarade med ett fel (HTTP 418)");
  });

  it("keeps the plain words without an answer, and for other reasons", () => {
    expect(reasonSv("http-error", null)).toBe("webbplatsen svarade med ett fel");
    expect(reasonSv("not-found", 200)).toBe("kontot finns inte längre på adressen");
    expect(reasonSv("something-new")).toBe("something-new");
  });
});

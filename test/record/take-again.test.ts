import { describe, expect, it } from "vitest";
import { takeAgainCommand } from "../../src/record/take-again.ts";

/**
 * A record that cannot be stored (its spool copy damaged or lost) is taken again as what it was: of
 * its half-year, and a closing record as one; a half-year before the last cannot be taken now.
 */
describe("takeAgainCommand", () => {
  const r = { accountId: "konto-a", period: "2026-H2", final: false };
  it("names --period of a half-year other than the current one, and --final of a closing record", () => {
    expect(takeAgainCommand(r, "2026-H2")).toBe(`somarkiv capture --account konto-a --force --reason "…"`);
    expect(takeAgainCommand(r, "2027-H1")).toBe(`somarkiv capture --account konto-a --period 2026-H2 --force --reason "…"`);
    expect(takeAgainCommand({ ...r, final: true }, "2026-H2")).toBe(`somarkiv capture --account konto-a --final --force --reason "…"`);
    expect(takeAgainCommand({ ...r, final: true }, "2027-H1")).toBe(`somarkiv capture --account konto-a --period 2026-H2 --final --force --reason "…"`);
  });
  it("names none for a half-year before the last one ended", () => {
    expect(takeAgainCommand(r, "2027-H2")).toBeNull();
  });
});

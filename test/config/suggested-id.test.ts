/**
 * The id the refusal of an id suggests keeps the letters that are their own (Sami ŋ, đ, ŧ; æ, ø, ß,
 * þ, ł) as their nearest a-z, where they were dropped and "instagram-ŋuolga-đuođi" became
 * "instagram-uolga-uo-i".
 */
import { describe, it, expect } from "vitest";
import { suggestedId } from "../../src/config/suggested-id.ts";
import { parseConfig, ConfigError } from "../../src/config/index.ts";

describe("the suggested account id", () => {
  it("writes letters that are their own letters as their nearest a-z, and takes accents off the rest", () => {
    expect(suggestedId("instagram-ŋuolga-đuođi")).toBe("instagram-nuolga-duodi");
    expect(suggestedId("Ŧeahtter Đuođi")).toBe("teahtter-duodi");
    expect(suggestedId("Kommunens Kultur – Ærø Løkken")).toBe("kommunens-kultur-aero-lokken");
    expect(suggestedId("Straße")).toBe("strasse");
    expect(suggestedId("Þingvellir")).toBe("thingvellir");
    expect(suggestedId("Łódź")).toBe("lodz");
    expect(suggestedId("Överkalix Kommun – Fritid")).toBe("overkalix-kommun-fritid");
    expect(suggestedId("Sámi giellaguovddáš")).toBe("sami-giellaguovddas");
  });

  it("is what the refusal of such an id says", () => {
    const text = "accounts:\n  - id: instagram-ŋuolga-đuođi\n    name: Ŋuolga\n    platform: instagram\n    url: https://www.instagram.com/nuolga\n";
    let said = "";
    try { parseConfig(text, "/srv/somarkiv/somarkiv.yaml"); } catch (e) { said = (e as ConfigError).message; }
    expect(said).toContain(`for example "instagram-nuolga-duodi"`);
  });
});

import { describe, expect, it } from "vitest";
import { checkDnr } from "../../src/record/dnr.ts";

/** A diary number as the registrar pastes it: what shows as nothing is taken out, so the number is found and compared as it reads. */
describe("a diary number as it is pasted", () => {
  it("loses characters that show as nothing, so that it is the number it looks like", () => {
    for (const pasted of ["KS 2026/\u200b500", "\u2066KS 2026/500\u2069", "KS\u00a02026/5\u00ad00", "\ufeffKS 2026/500\u200e", "KS\u202f2026/500"]) {
      expect(checkDnr(pasted), JSON.stringify(pasted)).toEqual({ dnr: "KS 2026/500" });
    }
  });

  it("still refuses a line break, and keeps a number's own characters", () => {
    expect(checkDnr("KS 2026/500\nKS 2026/501")).toHaveProperty("problem");
    expect(checkDnr("”KS 2026/45-3”")).toEqual({ dnr: "KS 2026/45-3" });
    expect(checkDnr("2026.0123")).toEqual({ dnr: "2026.0123" });
  });

  it("takes a number of 60 characters and refuses one of 61, saying how long it is", () => {
    expect(checkDnr("K".repeat(60))).toEqual({ dnr: "K".repeat(60) });
    expect(checkDnr("K".repeat(61))).toMatchObject({ problem: expect.stringContaining("the diary number is 61 characters long, more than any diary number (at most 60)") });
  });
});

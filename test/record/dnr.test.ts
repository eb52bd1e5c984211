import { describe, expect, it } from "vitest";
import { checkDnr, farYearNote, intakeNumberClashSaid } from "../../src/record/dnr.ts";

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

  it("is noted when its year is still to come and far from the year the record was taken; a year of the record's, last year's or years before is not", () => {
    const id = "konto-a_2026-H1_v1";
    expect(farYearNote(id, "KS 2062/120", 2026, 2026)).toMatch(/^KS 2062\/120 har årtalet 2062, ett år som inte har kommit än, men konto-a_2026-H1_v1 togs 2026\./);
    // A four-figure serial beside the record's year, a case opened last year, one opened years before.
    for (const dnr of ["KS 2026/2031", "KS 2025/7", "KS 2019/5", "BUN 2003/88"]) expect(farYearNote(id, dnr, 2026, 2026), dnr).toBeUndefined();
  });
});

/** An intake's number the log did not take: who puts right what, and only then the number recorded. */
describe("a diary number an intake answered with that the log did not take", () => {
  it("for a row changed by hand with no number registered: verify first, then the number as given", () => {
    const said = intakeNumberClashSaid("fb_2026-H1_v1", { dnrNotTaken: "KS 2026/2", kept: null, rowChanged: true });
    expect(said).toBe(`gave it diary number KS 2026/2, which the log did not take: the record's row in the log does not match its events (it was changed outside somarkiv). Run "somarkiv verify", which says what was changed and how to put it right, or ask IT to; then record the number with: somarkiv registered fb_2026-H1_v1 --dnr "KS 2026/2"`);
    expect(said).not.toContain("backup");
  });

  it("beside a number already registered: the registrar chooses, and the intake's is a correction", () => {
    expect(intakeNumberClashSaid("fb_2026-H1_v1", { dnrNotTaken: "KS 2026/2", kept: "KS 2026/1" })).toBe(`gave it diary number KS 2026/2, but it already has KS 2026/1 (given with "somarkiv registered"); the log keeps KS 2026/1. Ask the registrar which is right; if it is KS 2026/2: somarkiv registered fb_2026-H1_v1 --dnr "KS 2026/2" --correct "the number the intake gave"`);
  });
});

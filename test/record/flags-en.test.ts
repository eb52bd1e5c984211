/**
 * The operator's progress lines and the check before a run say a record's remarks in words, not by
 * their codes ("inner-scroll-expanded"): every remark the record sheet says in Swedish has them.
 */
import { describe, expect, it } from "vitest";
import { FLAG_EN, FLAG_SV, flagsEn } from "../../src/record/metadata.ts";
import { CONSENT_EN } from "../../src/capture/decisions.ts";

describe("a record's remarks in the operator's words", () => {
  it("are there for every remark the sheet has, none of them a code", () => {
    expect(Object.keys(FLAG_EN).sort()).toEqual(Object.keys(FLAG_SV).sort());
    for (const [flag, said] of Object.entries(FLAG_EN)) {
      expect(said, flag).not.toContain(flag);
      expect(said, flag).not.toMatch(/\b[a-z]+-[a-z]+-[a-z]+\b/);
    }
    for (const outcome of ["declined", "accepted", "none-found", "not-dismissed"] as const) expect(CONSENT_EN[outcome], outcome).toMatch(/^(no )?cookie dialog\b/);
  });

  it("are said after \"noted:\", one after another, and not at all for a record with none", () => {
    expect(flagsEn(["inner-scroll-expanded", "still-loading"])).toBe("noted: its scrolling area shown at full height; still showed a loading indicator");
    expect(flagsEn([])).toBe("");
  });
});

import { describe, it, expect } from "vitest";
import { collectiveCaseYearSlips } from "../../src/record/metadata.ts";

/** One collective case number without a year, given to several years: said only while a year of it is still to be filed. */
describe("one collective case given to several years", () => {
  const slips = (map: Record<string, string>) => collectiveCaseYearSlips("account \"fb\"", "collectiveCase", map, 2026);

  it("is said when a year still to be filed shares it", () => {
    expect(slips({ "2025": "KS 45", "2026": "KS 45" })).toEqual([
      `account "fb" gives 2025, 2026 the same collective case, "KS 45": each year's snapshots are filed in a collective case of that year, and the record sheet cannot be corrected once the record is made. Ask the registrar for each year's own case number and write it in collectiveCase.`,
    ]);
  });

  it("is not said when only past years share it: their records are made, and nothing can be done of it", () => {
    expect(slips({ "2024": "KS 45", "2025": "ks  45", "2026": "KS 2026/12" })).toEqual([]);
  });
});

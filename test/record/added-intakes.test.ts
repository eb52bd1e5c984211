import { describe, it, expect } from "vitest";
import { intakesAddedSince, intakesNotReached } from "../../src/record/added-intakes.ts";

const A = "directory:/srv/inkorg";
const B = "directory:/srv/inkorg2";
const captured = (...targets: string[]) => ({ type: "captured", data: { targets } });
const delivered = (target: string) => ({ type: "delivered", data: { target } });

describe("intakesNotReached: the configured intakes a record's events show it never reached nor is owed to", () => {
  it("names an intake added after the record's capture, and none the record was delivered, owed or delivered again to", () => {
    expect(intakesNotReached([captured(A), { type: "stored", data: {} }, delivered(A)], [A, B])).toEqual([B]);
    // Owed (its delivery waits): not missing, the waiting delivery takes it there.
    expect(intakesNotReached([captured(A, B), delivered(A)], [A, B])).toEqual([]);
    expect(intakesNotReached([captured(A), delivered(A), { type: "delivered-again", data: { target: B } }], [A, B])).toEqual([]);
  });

  it("does not count an intake that took the place of one the record reached (a folder moved), unless two could have", () => {
    expect(intakesNotReached([captured(A), delivered(A)], [B])).toEqual([]);
    expect(intakesNotReached([captured(A), delivered(A)], [B, "directory:/srv/tredje"])).toEqual([B, "directory:/srv/tredje"]);
    // A retargeted delivery is the new intake's.
    expect(intakesNotReached([captured(A), { type: "delivery-retargeted", data: { from: A, to: B } }, delivered(B)], [A, B])).toEqual([]);
  });

  it("groups the records of the half-year by the intake each is missing", () => {
    const old = [captured(A), delivered(A)];
    expect(intakesAddedSince([{ recordId: "b_2026-H2_v1", events: old }, { recordId: "a_2026-H2_v1", events: old }, { recordId: "c_2026-H2_v1", events: [captured(A, B), delivered(A), delivered(B)] }], [A, B], "2026-H2"))
      .toEqual([{ intake: B, period: "2026-H2", records: ["a_2026-H2_v1", "b_2026-H2_v1"] }]);
  });
});

import { describe, expect, it } from "vitest";
import { lastFinishedPeriod, localTime, otherZoneSaid, parsePeriod, periodOf, previousPeriod, isPeriod } from "../../src/schedule/index.ts";

const SE = "Europe/Stockholm";

describe("periods: half-years counted at local midnight", () => {
  it.each([
    ["2026-01-01T00:00:00Z", "2026-H1"],
    ["2025-12-31T22:59:59Z", "2025-H2"], // Dec 31 23:59:59 CET
    ["2025-12-31T23:00:00Z", "2026-H1"], // Jan 1 00:00 CET
    ["2026-06-30T21:59:59Z", "2026-H1"], // June 30 23:59:59 CEST
    ["2026-06-30T22:00:00Z", "2026-H2"], // July 1 00:00 CEST
    ["2026-12-31T22:59:00Z", "2026-H2"],
    ["2026-12-31T23:00:00Z", "2027-H1"],
  ])("%s in Stockholm is %s", (at, period) => {
    expect(periodOf(new Date(at), SE)).toBe(period);
  });

  it("reads local time across the daylight-saving changes", () => {
    expect(localTime(new Date("2026-03-29T00:59:00Z"), SE)).toMatchObject({ day: 29, hour: 1, minute: 59 });
    expect(localTime(new Date("2026-03-29T01:00:00Z"), SE)).toMatchObject({ day: 29, hour: 3, minute: 0 });
    expect(localTime(new Date("2026-10-25T00:30:00Z"), SE)).toMatchObject({ day: 25, hour: 2, minute: 30 });
    expect(localTime(new Date("2026-10-25T01:30:00Z"), SE)).toMatchObject({ day: 25, hour: 2, minute: 30 });
  });

  it("steps back over the year boundary and names bad periods in plain words", () => {
    expect(previousPeriod("2027-H1")).toBe("2026-H2");
    expect(previousPeriod("2026-H2")).toBe("2026-H1");
    expect(lastFinishedPeriod(new Date("2027-01-15T12:00:00Z"), SE)).toBe("2026-H2");
    expect(isPeriod("2026-H3")).toBe(false);
    expect(() => parsePeriod("2026-H3")).toThrow(/2026-H1 \(January–June\)/);
  });
});

describe("a schedule zone other than Europe/Stockholm", () => {
  it("is warned of when its clock differs from Sweden's, not when it keeps Sweden's clock under another name", () => {
    // CET and Oslo change half-year, and summer time, at Sweden's moments: "another midnight" was untrue of them.
    expect(otherZoneSaid("CET")).toBeNull();
    expect(otherZoneSaid("Europe/Oslo")).toBeNull();
    expect(otherZoneSaid("Europe/Stockholm")).toBeNull();
    expect(otherZoneSaid("UTC")).toContain(`schedule.timezone is "UTC", not Europe/Stockholm: half-years then change at midnight in UTC`);
    expect(otherZoneSaid("Europe/Helsinki")).toContain("not at Sweden's midnight");
  });
});

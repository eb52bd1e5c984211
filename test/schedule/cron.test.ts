import { describe, expect, it } from "vitest";
import { clockChangeSkipsWake, cronProblems, monthsWithoutWake, nextWakes, wakeDaysInMonths } from "../../src/schedule/index.ts";

describe("cronProblems: errors name the field and what it may hold", () => {
  it("accepts the default, six-field (seconds) and named forms", () => {
    for (const e of ["0 6 * * *", "* * * * * *", "*/15 6-18 * * 1-5", "0 6 * jun,dec *", "0 6 1,15 * *", "30 7 * * mon"]) {
      expect(cronProblems(e), e).toEqual([]);
    }
  });

  it.each([
    ["61 * * * *", "minute", "0-59"],
    ["0 25 * * *", "hour", "0-23"],
    ["0 6 32 * *", "day of month", "1-31"],
    ["0 6 * 13 *", "month", "1-12"],
    ["0 6 * * 8", "day of week", "0-7"],
    ["61 0 6 * * *", "second", "0-59"],
    ["*/0 * * * *", "minute", "0-59"],
  ])("%s: the %s field, %s", (expr, field, range) => {
    const p = cronProblems(expr);
    expect(p).toHaveLength(1);
    expect(p[0]).toContain(`the ${field} field`);
    expect(p[0]).toContain(range);
    expect(p[0]).not.toMatch(/dayOfMonth|dayOfWeek|a invalid/);
  });

  it("says of a day the named months do not have (30 February) that no such date is, not that the day is out of range", () => {
    for (const e of ["0 6 30 2 *", "0 6 31 4 *"]) {
      const p = cronProblems(e);
      expect(p, e).toHaveLength(1);
      expect(p[0]).toMatch(/^the day of month field is "3[01]", a day that the months in the month field do not all have \(February has 28 or 29 days; April, June, September and November have 30\), so it is refused: choose a day each month named has$/);
    }
  });

  it("explains the shape when the number of fields is wrong or the text is empty", () => {
    for (const e of ["0 6 * *", "0 6 * * * * *", "every day", ""]) {
      const p = cronProblems(e);
      expect(p.length, e).toBeGreaterThan(0);
      expect(p.join(" ")).toContain("five fields");
      expect(p.join(" ")).toContain("0 6 * * *");
    }
  });

  it("finds capture months in which the cron never wakes", () => {
    expect(monthsWithoutWake("0 6 * * *", [6, 12])).toEqual([]);
    expect(monthsWithoutWake("0 6 * 1-6 *", [6, 12])).toEqual([12]);
    expect(monthsWithoutWake("0 6 * jan *", [6, 12])).toEqual([6, 12]);
    // June has no 31st: a month the month field names, and still no wake in it.
    expect(monthsWithoutWake("0 6 31 * *", [6, 12], "Europe/Stockholm")).toEqual([6]);
    expect(monthsWithoutWake("0 6 31 6,12 *", [6, 12], "Europe/Stockholm")).toEqual([6]);
    expect(monthsWithoutWake("0 6 30 * *", [6, 12], "Europe/Stockholm")).toEqual([]);
  });

  it("counts the days of each capture month on which the cron wakes, so a failed day can be made up", () => {
    expect(wakeDaysInMonths("0 6 1 * *", "Europe/Stockholm", [6, 12])).toEqual(new Map([[6, 1], [12, 1]]));
    expect(wakeDaysInMonths("0 6 1,15 * *", "Europe/Stockholm", [6, 12])).toEqual(new Map([[6, 2], [12, 2]]));
    const weekly = wakeDaysInMonths("0 6 * * 1", "Europe/Stockholm", [6, 12])!;
    expect(weekly.get(6)).toBeGreaterThanOrEqual(4);
    expect(weekly.get(12)).toBeGreaterThanOrEqual(4);
    // Waking more than 400 times a year (every day and more): every month has wakes enough.
    expect(wakeDaysInMonths("*/5 * * * *", "Europe/Stockholm", [6, 12])).toBeNull();
  });

  it("gives the next wakes in the configured zone", () => {
    const [a, b] = nextWakes("0 6 * * *", "Europe/Stockholm", 2);
    const local = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Stockholm", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);
    expect(local(a)).toBe("06:00");
    expect(local(b)).toBe("06:00");
    expect(b.getTime()).toBeGreaterThan(a.getTime());
    expect(a.getTime()).toBeGreaterThan(Date.now());
    expect(nextWakes("61 * * * *", "Europe/Stockholm", 1)).toEqual([]);
  });
});

describe("clockChangeSkipsWake: a wake in the hour the clocks skip in spring", () => {
  const now = new Date("2026-12-04T12:00:00Z");
  it("is said, with the hour and the day found for the zone, when the day has no other wake", () => {
    expect(clockChangeSkipsWake("30 2 * * *", "Europe/Stockholm", [3, 9], now)).toBe(`schedule.cron "30 2 * * *" wakes the worker in the hour the clocks skip in Europe/Stockholm when summer time starts (02:00–02:59 on 2027-03-28), so that day's wake is skipped, a day of a capture month. Pick an hour outside it (e.g. "0 6 * * *"), or the wake is lost each spring.`);
    // Another zone changes on another day; one that changes by half an hour skips half an hour.
    expect(clockChangeSkipsWake("30 2 * * *", "America/New_York", [6, 12], now)).toContain("(02:00–02:59 on 2027-03-14), so that day's wake is skipped. Pick");
    expect(clockChangeSkipsWake("15 2 * * *", "Australia/Lord_Howe", [], new Date("2026-06-01T00:00:00Z"))).toContain("(02:00–02:29 on 2026-10-04)");
    expect(clockChangeSkipsWake("45 2 * * *", "Australia/Lord_Howe", [], new Date("2026-06-01T00:00:00Z"))).toBeNull();
    // Whatever the second it is asked at.
    expect(clockChangeSkipsWake("30 2 * * *", "Europe/Stockholm", [3, 9], new Date("2026-12-04T12:06:17.345Z"))).toContain("(02:00–02:59 on 2027-03-28)");
  });
  it("is not said for an hour outside it, a zone without summer time, or a day that has another wake or none anyway", () => {
    for (const [cron, zone] of [["0 3 * * *", "Europe/Stockholm"], ["0 1 * * *", "Europe/Stockholm"], ["30 2 * * *", "UTC"], ["30 2,14 * * *", "Europe/Stockholm"], ["30 2 * 6,12 *", "Europe/Stockholm"], ["*/5 * * * *", "Europe/Stockholm"]]) {
      expect(clockChangeSkipsWake(cron, zone, [3, 9], now), `${cron} ${zone}`).toBeNull();
    }
  });
});

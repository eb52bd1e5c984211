import { describe, expect, it } from "vitest";
import { wakeOutcome } from "../../src/schedule/worker.ts";
import { missingAfterFailure } from "../../src/schedule/due.ts";
import { atHalfYearChange, beforeCaptureMonth, captureMonthsOver, decideCapture, decideDue, decidePreflight, isRunningLate, missedWake, owedLastHalfYear, gapsInSeries, retryPauseMs, wakeGraceMs, wakeThatTries, workerDied, workerStopped, type CaptureAsk, type DueInput } from "../../src/schedule/index.ts";
import type { Account } from "../../src/config/schema.ts";

const SE = "Europe/Stockholm";

function acc(id: string, status: "active" | "closed" = "active"): Account {
  return { id, name: id, platform: "facebook", url: `https://example.se/${id}`, administrators: [], status } as Account;
}

const ACCOUNTS = [acc("facebook-kommun"), acc("instagram-bibliotek"), acc("youtube-gammal", "closed")];

function due(now: string, extra: Partial<DueInput> = {}) {
  return decideDue({ now: new Date(now), timezone: SE, months: [6, 12], accounts: ACCOUNTS, snapshots: [], ...extra });
}

describe("decideDue: the half-year change in Stockholm time", () => {
  it.each([
    // [UTC instant, local meaning, period, capture month?]
    ["2026-05-31T21:59:59Z", "May 31 23:59:59 CEST", "2026-H1", false],
    ["2026-05-31T22:00:00Z", "June 1 00:00 CEST: the first minute of June", "2026-H1", true],
    ["2026-06-30T21:59:00Z", "June 30 23:59 CEST: the last minute of June", "2026-H1", true],
    ["2026-06-30T22:00:00Z", "July 1 00:00 CEST: H2 begins, June is over", "2026-H2", false],
    ["2026-11-30T22:59:00Z", "Nov 30 23:59 CET", "2026-H2", false],
    ["2026-11-30T23:00:00Z", "Dec 1 00:00 CET: the first minute of December", "2026-H2", true],
    ["2026-12-31T22:59:00Z", "Dec 31 23:59 CET: the last minute of December", "2026-H2", true],
    ["2026-12-31T23:00:00Z", "Jan 1 2027 00:00 CET: already 2027-H1", "2027-H1", false],
    ["2027-01-01T00:00:00Z", "Jan 1 2027 01:00 CET", "2027-H1", false],
  ])("%s (%s) is %s, capture month %s", (now, _what, period, captureMonth) => {
    const d = due(now);
    expect(d.period).toBe(period);
    expect(d.captureMonth).toBe(captureMonth);
    expect(d.due).toEqual(captureMonth ? ["facebook-kommun", "instagram-bibliotek"] : []);
    // Missing is for status: it is shown whatever the month.
    expect(d.missing).toEqual(["facebook-kommun", "instagram-bibliotek"]);
  });

  it("counts days left in the capture month in local days, 0 on the last day", () => {
    expect(due("2026-12-01T05:00:00Z").daysLeftInMonth).toBe(30);
    expect(due("2026-12-31T22:59:00Z").daysLeftInMonth).toBe(0);
    expect(due("2026-06-30T21:59:00Z").daysLeftInMonth).toBe(0);
    // 23:30 UTC on Dec 30 is already Dec 31 in Stockholm.
    expect(due("2026-12-30T23:30:00Z").daysLeftInMonth).toBe(0);
    expect(due("2026-11-15T12:00:00Z").daysLeftInMonth).toBeNull();
  });

  it("is not fooled by daylight-saving changes (last Sunday of March and October)", () => {
    // 2026-03-29 02:00 CET → 03:00 CEST; 2026-10-25 03:00 CEST → 02:00 CET.
    for (const now of ["2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-03-29T01:30:00Z"]) {
      expect(due(now)).toMatchObject({ period: "2026-H1", captureMonth: false, due: [] });
    }
    for (const now of ["2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-25T02:30:00Z"]) {
      expect(due(now)).toMatchObject({ period: "2026-H2", captureMonth: false, due: [] });
    }
    // A capture month that contains the DST change: with months [3, 10] the change days are inside it.
    const months = [3, 10];
    expect(due("2026-03-29T01:30:00Z", { months })).toMatchObject({ period: "2026-H1", captureMonth: true, daysLeftInMonth: 2 });
    expect(due("2026-10-25T01:30:00Z", { months })).toMatchObject({ period: "2026-H2", captureMonth: true, daysLeftInMonth: 6 });
    // The last minute of March in CEST (UTC+2) and the first of November in CET (UTC+1).
    expect(due("2026-03-31T21:59:00Z", { months })).toMatchObject({ captureMonth: true, daysLeftInMonth: 0 });
    expect(due("2026-03-31T22:00:00Z", { months })).toMatchObject({ captureMonth: false });
    expect(due("2026-10-31T22:59:00Z", { months })).toMatchObject({ captureMonth: true, daysLeftInMonth: 0 });
    expect(due("2026-10-31T23:00:00Z", { months })).toMatchObject({ captureMonth: false });
  });

  it("never makes an account due again whose closing record stands, though its configuration still says active", () => {
    const d = due("2026-12-05T05:00:00Z", { ended: ["facebook-kommun"] });
    expect(d.due).toEqual(["instagram-bibliotek"]);
    expect(d.missing).toEqual(["instagram-bibliotek"]);
  });

  it("never makes a closed account due", () => {
    const d = due("2026-12-10T05:00:00Z");
    expect(d.due).not.toContain("youtube-gammal");
    expect(d.missing).not.toContain("youtube-gammal");
    const allClosed = decideDue({ now: new Date("2026-12-10T05:00:00Z"), timezone: SE, months: [6, 12], accounts: [acc("a", "closed")], snapshots: [] });
    expect(allClosed).toMatchObject({ captureMonth: true, due: [], missing: [] });
  });

  it("leaves an account due after a failed capture earlier the same month (failures are not snapshots)", () => {
    // The caller passes only snapshots; a failure on December 1 leaves nothing here, so on December 2 the
    // account is still due and the missed day is made up.
    const snapshots = [{ accountId: "instagram-bibliotek", period: "2026-H2" }];
    const d = due("2026-12-02T05:00:00Z", { snapshots });
    expect(d.due).toEqual(["facebook-kommun"]);
    expect(d.missing).toEqual(["facebook-kommun"]);
  });

  it("leaves an account alone after failing, for an hour and twice as long after each further failure, at most 20 hours", () => {
    const HOUR = 3_600_000;
    expect([0, 1, 2, 3, 4, 5, 6, 50].map(retryPauseMs)).toEqual([0, 1, 2, 4, 8, 16, 20, 20].map((h) => h * HOUR));
    const fail = (at: string, period = "2026-H2") => ({ accountId: "facebook-kommun", period, capturedAt: at });
    // One failure at 05:00 UTC: resting until 06:00, due again from then.
    const one = [fail("2026-12-02T05:00:00Z")];
    expect(due("2026-12-02T05:59:59Z", { failures: one })).toMatchObject({ due: ["instagram-bibliotek"], missing: ["facebook-kommun", "instagram-bibliotek"], resting: [{ accountId: "facebook-kommun", until: new Date("2026-12-02T06:00:00Z") }] });
    expect(due("2026-12-02T06:00:00Z", { failures: one })).toMatchObject({ due: ["facebook-kommun", "instagram-bibliotek"], resting: [] });
    // Three failures: four hours after the last.
    const three = [fail("2026-12-02T05:00:00Z"), fail("2026-12-02T06:00:00Z"), fail("2026-12-02T08:00:00Z")];
    expect(due("2026-12-02T11:59:00Z", { failures: three }).resting).toEqual([{ accountId: "facebook-kommun", until: new Date("2026-12-02T12:00:00Z") }]);
    // Woken once a day, as shipped, a failing account is tried at every wake however often it failed.
    const daily = Array.from({ length: 9 }, (_, i) => fail(`2026-12-0${i + 1}T05:00:30Z`));
    expect(due("2026-12-10T05:00:00Z", { failures: daily }).due).toContain("facebook-kommun");
    // A failure at the start-up wake (06:59:46 Stockholm) a moment before the daily wake at 07:00: the
    // scheduled wake tries it, not the next day's; a wake every second still leaves it its hour.
    const startUp = [fail("2026-12-02T05:59:46Z")];
    expect(due("2026-12-02T06:00:00Z", { failures: startUp, nextScheduled: new Date("2026-12-03T06:00:00Z") }).due).toContain("facebook-kommun");
    expect(due("2026-12-02T06:00:00Z", { failures: startUp, nextScheduled: new Date("2026-12-02T06:00:01Z") }).resting.map((r) => r.accountId)).toEqual(["facebook-kommun"]);
    // Hourly wakes: a rest of an hour and a few seconds ends at the wake an hour on, not the one after.
    expect(due("2026-12-02T07:00:00Z", { failures: [fail("2026-12-02T06:00:20Z")], nextScheduled: new Date("2026-12-02T08:00:00Z") }).due).toContain("facebook-kommun");
    // But a rest that ends nearer the next scheduled wake holds at this one.
    expect(due("2026-12-02T06:00:00Z", { failures: [fail("2026-12-02T05:50:00Z", "2026-H2"), fail("2026-12-02T05:40:00Z")], nextScheduled: new Date("2026-12-02T07:00:00Z") }).resting.map((r) => r.accountId)).toEqual(["facebook-kommun"]);
    // Failures of another period, and outside a capture month, do not hold an account back.
    expect(due("2026-12-02T05:30:00Z", { failures: [fail("2026-06-30T05:00:00Z", "2026-H1")] }).resting).toEqual([]);
    expect(due("2026-11-02T05:30:00Z", { failures: [fail("2026-11-02T05:00:00Z")] })).toMatchObject({ due: [], resting: [] });
  });

  it("names the wake at which the worker tries a resting account, the same that decideDue makes due", () => {
    const fail = (at: string) => ({ accountId: "facebook-kommun", period: "2026-H2", capturedAt: at });
    // The wake at which decideDue, given each wake and the one after it, first makes the account due.
    const firstDue = (failures: ReturnType<typeof fail>[], wakes: Date[]) =>
      wakes.find((w, i) => due(w.toISOString(), { failures, nextScheduled: wakes[i + 1] ?? null }).due.includes("facebook-kommun")) ?? null;
    const daily = ["2026-12-02T06:00:00Z", "2026-12-03T06:00:00Z", "2026-12-04T06:00:00Z"].map((d) => new Date(d));
    const hourly = Array.from({ length: 30 }, (_, h) => new Date(Date.parse("2026-12-02T06:00:00Z") + h * 3_600_000));
    const cases: Array<[ReturnType<typeof fail>[], Date[], string | null]> = [
      // Resting until 06:10, ten minutes after the daily wake: that wake, not the next day's.
      [[fail("2026-12-02T05:10:00Z")], daily, "2026-12-02T06:00:00.000Z"],
      // Until 06:00 sharp: that wake.
      [[fail("2026-12-02T05:00:00Z")], daily, "2026-12-02T06:00:00.000Z"],
      // Hourly: until 07:40, nearer 08:00.
      [[fail("2026-12-02T06:40:00Z")], hourly, "2026-12-02T08:00:00.000Z"],
      // Four hours after the third failure, 10:20: the wake at 10:00.
      [[fail("2026-12-02T04:00:00Z"), fail("2026-12-02T05:00:00Z"), fail("2026-12-02T06:20:00Z")], hourly, "2026-12-02T10:00:00.000Z"],
      // Wakes that do not reach the rest's end: not said.
      [[fail("2026-12-02T05:50:00Z")], daily.slice(0, 1), null],
    ];
    for (const [failures, wakes, expected] of cases) {
      const until = new Date(Date.parse(failures.at(-1)!.capturedAt) + retryPauseMs(failures.length));
      expect(wakeThatTries(until, wakes)?.toISOString() ?? null).toBe(expected);
      if (expected) expect(firstDue(failures, wakes)?.toISOString()).toBe(expected);
    }
  });

  it("does not rest an account whose address was corrected after its failures: the new address is tried at the next wake", () => {
    const at = (url: string) => ({ accountId: "facebook-kommun", period: "2026-H2", capturedAt: "2026-12-02T05:00:00Z", url });
    // Failures at the address the account still has: it rests.
    expect(due("2026-12-02T05:30:00Z", { failures: [at("https://example.se/facebook-kommun")] }).resting.map((r) => r.accountId)).toEqual(["facebook-kommun"]);
    // Failures at the address it had (a typo, since corrected): due now.
    const d = due("2026-12-02T05:30:00Z", { failures: [at("https://example.se/facebok-kommun"), at("https://example.se/facebok-kommun")] });
    expect(d.resting).toEqual([]);
    expect(d.due).toContain("facebook-kommun");
    // Failing at the new address too starts the pause over, from one failure.
    const again = due("2026-12-02T05:30:00Z", { failures: [at("https://example.se/facebok-kommun"), at("https://example.se/facebok-kommun"), { ...at("https://example.se/facebook-kommun"), capturedAt: "2026-12-02T05:10:00Z" }] });
    expect(again.resting).toEqual([{ accountId: "facebook-kommun", until: new Date("2026-12-02T06:10:00Z") }]);
  });

  it("does not count a snapshot of another period", () => {
    const snapshots = [{ accountId: "facebook-kommun", period: "2026-H1" }, { accountId: "instagram-bibliotek", period: "2027-H1" }];
    expect(due("2026-12-02T05:00:00Z", { snapshots }).due).toEqual(["facebook-kommun", "instagram-bibliotek"]);
    const all = [{ accountId: "facebook-kommun", period: "2026-H2" }, { accountId: "instagram-bibliotek", period: "2026-H2" }];
    expect(due("2026-12-02T05:00:00Z", { snapshots: all })).toMatchObject({ due: [], missing: [] });
  });

  it("follows the configured months, not only June and December", () => {
    expect(due("2026-05-15T10:00:00Z", { months: [5, 11] })).toMatchObject({ period: "2026-H1", captureMonth: true });
    expect(due("2026-06-15T10:00:00Z", { months: [5, 11] })).toMatchObject({ captureMonth: false, due: [] });
    expect(due("2026-11-15T10:00:00Z", { months: [5, 11] })).toMatchObject({ period: "2026-H2", captureMonth: true, daysLeftInMonth: 15 });
    expect(due("2026-01-10T10:00:00Z", { months: [1] })).toMatchObject({ period: "2026-H1", captureMonth: true });
    expect(due("2026-12-10T10:00:00Z", { months: [1] })).toMatchObject({ captureMonth: false, due: [] });
  });

  it("counts the month in the configured zone, not in UTC", () => {
    const now = "2026-11-30T23:30:00Z"; // Dec 1 00:30 in Stockholm, Nov 30 in UTC and in New York, Dec 1 in Tokyo
    expect(due(now).captureMonth).toBe(true);
    expect(due(now, { timezone: "UTC" }).captureMonth).toBe(false);
    expect(due(now, { timezone: "America/New_York" }).captureMonth).toBe(false);
    expect(due(now, { timezone: "Asia/Tokyo" })).toMatchObject({ captureMonth: true, daysLeftInMonth: 30 });
    // New Year: 2026-12-31T20:00Z is already 2027 in Auckland (UTC+13), still 2026 in Stockholm.
    expect(due("2026-12-31T20:00:00Z", { timezone: "Pacific/Auckland" })).toMatchObject({ period: "2027-H1", captureMonth: false });
    expect(due("2026-12-31T20:00:00Z")).toMatchObject({ period: "2026-H2", captureMonth: true });
    // Midsummer in Los Angeles: 2026-07-01T05:00Z is still June 30 there.
    expect(due("2026-07-01T05:00:00Z", { timezone: "America/Los_Angeles" })).toMatchObject({ period: "2026-H1", captureMonth: true, daysLeftInMonth: 0 });
  });

  it("gives the same answer for the same inputs (pure)", () => {
    const input: DueInput = { now: new Date("2026-12-15T05:00:00Z"), timezone: SE, months: [6, 12], accounts: ACCOUNTS, snapshots: [] };
    expect(decideDue(input)).toEqual(decideDue({ ...input }));
  });
});

describe("missedWake", () => {
  const HOUR = 3_600_000;
  it("is the wake the worker said would come, once it is more than the grace past", () => {
    const last = { nextWake: "2026-12-02T05:00:00.000Z" };
    expect(missedWake(last, new Date("2026-12-02T05:30:00Z"), HOUR)).toBeNull();
    expect(missedWake(last, new Date("2026-12-02T06:00:00Z"), HOUR)).toBeNull(); // exactly the grace: not yet
    expect(missedWake(last, new Date("2026-12-02T06:00:01Z"), HOUR)?.toISOString()).toBe("2026-12-02T05:00:00.000Z");
    expect(missedWake(last, new Date("2026-12-09T06:00:00Z"), HOUR)?.toISOString()).toBe("2026-12-02T05:00:00.000Z");
  });
  it("is nothing when the worker never woke, or did not know its next wake", () => {
    expect(missedWake(undefined, new Date("2026-12-09T06:00:00Z"), HOUR)).toBeNull();
    expect(missedWake({ nextWake: null }, new Date("2026-12-09T06:00:00Z"), HOUR)).toBeNull();
    expect(missedWake({ nextWake: "not a date" }, new Date("2026-12-09T06:00:00Z"), HOUR)).toBeNull();
  });
  it("gives a wake time to capture every account to its bound, lanes at once, and an hour besides", () => {
    expect(wakeGraceMs(0, 120, 2)).toBe(HOUR);
    expect(wakeGraceMs(20, 120, 2)).toBe(HOUR + 10 * 180_000);
    expect(wakeGraceMs(3, 120, 2)).toBe(HOUR + 2 * 180_000);
    expect(wakeGraceMs(3, 60, 0)).toBe(HOUR + 3 * 120_000);
  });
});

describe("workerStopped", () => {
  const ev = (kind: "started" | "stopped", at: string, gone: boolean, signal?: string) => ({ kind, at, gone, detail: signal ? { signal } : {} });
  it("is the newest stop when no worker that last said it started is alive", () => {
    expect(workerStopped([ev("stopped", "2026-12-02T10:00:00Z", true, "SIGTERM")])).toEqual({ at: "2026-12-02T10:00:00Z", signal: "SIGTERM" });
    expect(workerStopped([ev("stopped", "2026-12-02T10:00:00Z", true), ev("stopped", "2026-12-01T10:00:00Z", true, "SIGINT")])).toEqual({ at: "2026-12-02T10:00:00Z", signal: null });
  });
  it("is nothing while a started worker is alive (another one's stop or not), nor for one that died without a word", () => {
    expect(workerStopped([ev("stopped", "2026-12-02T10:00:00Z", true, "SIGTERM"), ev("started", "2026-12-01T10:00:00Z", false)])).toBeNull();
    expect(workerStopped([ev("started", "2026-12-02T10:00:00Z", true)])).toBeNull(); // died: missedWake's case
    expect(workerStopped([])).toBeNull();
  });
});

describe("workerDied", () => {
  const ev = (kind: "started" | "stopped", at: string, gone: boolean) => ({ kind, at, gone });
  it("is the newest start when its process is gone and it said no stop, and no other started worker is alive", () => {
    expect(workerDied([ev("started", "2026-12-02T10:00:00Z", true)])).toEqual({ startedAt: "2026-12-02T10:00:00Z" });
    expect(workerDied([ev("started", "2026-12-02T10:00:00Z", true), ev("stopped", "2026-12-01T10:00:00Z", true)])).toEqual({ startedAt: "2026-12-02T10:00:00Z" });
  });
  it("is nothing while a started worker is alive, after a stop, for a process that cannot be seen, or with no worker at all", () => {
    expect(workerDied([ev("started", "2026-12-02T10:00:00Z", true), ev("started", "2026-12-01T10:00:00Z", false)])).toBeNull();
    expect(workerDied([ev("stopped", "2026-12-02T11:00:00Z", true), ev("started", "2026-12-02T10:00:00Z", true)])).toBeNull();
    expect(workerDied([ev("started", "2026-12-02T10:00:00Z", false)])).toBeNull(); // alive, or on another machine
    expect(workerDied([])).toBeNull();
  });
});

describe("workerStopped and workerDied: a stop is of its own worker", () => {
  const A = "vm:100:aaaaaa", B = "vm:200:bbbbbb";
  const started = (holder: string, at: string, gone: boolean) => ({ kind: "started" as const, at, holder, gone, detail: {} });
  const stopped = (holder: string, at: string, alongside?: string[]) => ({ kind: "stopped" as const, at, holder, gone: true, detail: { signal: "SIGTERM", ...(alongside ? { alongside } : {}) } });
  it("a worker killed after a second one, that ran beside it, was stopped is said to have died, not the second one's stop", () => {
    const events = [stopped(B, "2026-12-04T15:10:13Z", [A]), started(A, "2026-12-04T15:06:49Z", true)];
    expect(workerDied(events)).toEqual({ startedAt: "2026-12-04T15:06:49Z" });
    expect(workerStopped(events)).toBeNull();
  });
  it("a worker that died before another was started and stopped is the stop's story, as before", () => {
    const events = [stopped(B, "2026-12-04T15:10:13Z", []), started(A, "2026-12-04T15:06:49Z", true)];
    expect(workerStopped(events)).toEqual({ at: "2026-12-04T15:10:13Z", signal: "SIGTERM" });
    expect(workerDied(events)).toBeNull();
  });
});

describe("captureMonthsOver", () => {
  it("is true once every capture month of the half-year is behind, in Stockholm time, and never with none in it", () => {
    const SE = "Europe/Stockholm";
    expect(captureMonthsOver(new Date("2026-12-03T10:00:00Z"), [3, 9], SE)).toBe(true);
    expect(captureMonthsOver(new Date("2026-09-30T10:00:00Z"), [3, 9], SE)).toBe(false); // still September
    expect(captureMonthsOver(new Date("2026-09-30T22:30:00Z"), [3, 9], SE)).toBe(true); // October in Stockholm
    expect(captureMonthsOver(new Date("2026-10-10T10:00:00Z"), [7, 11], SE)).toBe(false); // November is still to come
    expect(captureMonthsOver(new Date("2026-12-03T10:00:00Z"), [6, 12], SE)).toBe(false);
    expect(captureMonthsOver(new Date("2026-05-03T10:00:00Z"), [6, 12], SE)).toBe(false);
    expect(captureMonthsOver(new Date("2026-12-03T10:00:00Z"), [6], SE)).toBe(false); // no capture month in the second half
  });
});

describe("beforeCaptureMonth", () => {
  it("is true while the half-year's capture month is still to come, in Stockholm time, and never in it, after it, or with none", () => {
    const SE = "Europe/Stockholm";
    expect(beforeCaptureMonth(new Date("2027-03-10T10:00:00Z"), [6, 12], SE)).toBe(true); // March, taken in June
    expect(beforeCaptureMonth(new Date("2027-01-01T00:30:00Z"), [6, 12], SE)).toBe(true);
    expect(beforeCaptureMonth(new Date("2026-11-30T23:30:00Z"), [6, 12], SE)).toBe(false); // December in Stockholm
    expect(beforeCaptureMonth(new Date("2026-11-30T10:00:00Z"), [6, 12], SE)).toBe(true); // still November
    expect(beforeCaptureMonth(new Date("2026-06-01T10:00:00Z"), [6, 12], SE)).toBe(false); // the capture month itself
    expect(beforeCaptureMonth(new Date("2026-05-10T10:00:00Z"), [3, 9], SE)).toBe(false); // March is behind
    expect(beforeCaptureMonth(new Date("2026-08-10T10:00:00Z"), [3, 9], SE)).toBe(true); // September to come
    expect(beforeCaptureMonth(new Date("2026-08-10T10:00:00Z"), [6], SE)).toBe(false); // no capture month in the second half
  });
});

describe("isRunningLate", () => {
  it("is loud only in the last days of a capture month with accounts still missing", () => {
    expect(isRunningLate(due("2026-12-26T10:00:00Z"))).toBe(false); // 5 days left
    expect(isRunningLate(due("2026-12-27T10:00:00Z"))).toBe(true); // 4 days left
    expect(isRunningLate(due("2026-12-31T22:59:00Z"))).toBe(true);
    expect(isRunningLate(due("2026-06-28T10:00:00Z"))).toBe(true); // June has 30 days: 2 left
    expect(isRunningLate(due("2026-06-20T10:00:00Z"))).toBe(false);
  });

  it("is quiet when every active account has its snapshot, and outside capture months", () => {
    const snapshots = [{ accountId: "facebook-kommun", period: "2026-H2" }, { accountId: "instagram-bibliotek", period: "2026-H2" }];
    expect(isRunningLate(due("2026-12-30T10:00:00Z", { snapshots }))).toBe(false);
    expect(isRunningLate(due("2026-11-29T10:00:00Z"))).toBe(false);
    expect(isRunningLate(due("2027-01-01T10:00:00Z"))).toBe(false);
  });

  it("takes the warning window as a parameter", () => {
    const d = due("2026-12-20T10:00:00Z"); // 11 days left
    expect(isRunningLate(d, 5)).toBe(false);
    expect(isRunningLate(d, 12)).toBe(true);
  });
});

describe("decidePreflight: a few weeks before each capture month", () => {
  const pf = (now: string, extra: Partial<Parameters<typeof decidePreflight>[0]> = {}) =>
    decidePreflight({ now: new Date(now), timezone: SE, months: [6, 12], daysBefore: 21, done: [], ...extra });

  it("opens the window at local midnight 21 days before the month", () => {
    // Dec 1 minus 21 days = Nov 10. Nov 9 23:59 CET is outside, Nov 10 00:00 CET inside.
    expect(pf("2026-11-09T22:59:00Z")).toMatchObject({ due: false, period: "2026-H2", captureMonth: "2026-12", daysUntil: 22 });
    expect(pf("2026-11-09T23:00:00Z")).toMatchObject({ due: true, period: "2026-H2", captureMonth: "2026-12", daysUntil: 21 });
    expect(pf("2026-11-30T22:59:00Z")).toMatchObject({ due: true, daysUntil: 1 });
    // June 1 minus 21 days = May 11 (CEST, UTC+2).
    expect(pf("2026-05-10T21:59:00Z")).toMatchObject({ due: false, period: "2026-H1", captureMonth: "2026-06", daysUntil: 22 });
    expect(pf("2026-05-10T22:00:00Z")).toMatchObject({ due: true, period: "2026-H1", daysUntil: 21 });
  });

  it("is never due inside a capture month (the capture itself reports problems then)", () => {
    expect(pf("2026-11-30T23:00:00Z")).toEqual({ due: false, period: null, captureMonth: null, daysUntil: null });
    expect(pf("2026-06-15T10:00:00Z")).toMatchObject({ due: false, period: null });
  });

  it("runs once per coming period", () => {
    expect(pf("2026-11-20T05:00:00Z", { done: ["2026-H2"] })).toMatchObject({ due: false, period: "2026-H2" });
    // A pre-flight for the previous period does not count for this one.
    expect(pf("2026-11-20T05:00:00Z", { done: ["2026-H1"] })).toMatchObject({ due: true });
  });

  it("looks across the new year for the next period", () => {
    expect(pf("2027-01-10T10:00:00Z")).toMatchObject({ due: false, period: "2027-H1", captureMonth: "2027-06" });
    const jan = pf("2026-12-20T10:00:00Z", { months: [1, 7], daysBefore: 14 });
    expect(jan).toMatchObject({ due: true, period: "2027-H1", captureMonth: "2027-01", daysUntil: 12 });
  });

  it("counts calendar days across a daylight-saving change", () => {
    // October capture month; the window before it is in September (no change). Take April with the March change inside the window.
    const a = pf("2026-03-28T23:30:00Z", { months: [4, 10], daysBefore: 3 }); // Mar 29 00:30 CET, the night the clocks go forward
    expect(a).toMatchObject({ due: true, captureMonth: "2026-04", daysUntil: 3 });
    const b = pf("2026-03-28T22:59:00Z", { months: [4, 10], daysBefore: 3 }); // Mar 28 23:59 CET
    expect(b).toMatchObject({ due: false, daysUntil: 4 });
    // November capture month, window opening just after the October change (Oct 25 → Nov 1 is 7 days).
    expect(pf("2026-10-24T22:00:00Z", { months: [5, 11], daysBefore: 7 })).toMatchObject({ due: true, captureMonth: "2026-11", daysUntil: 7 });
    expect(pf("2026-10-24T21:59:00Z", { months: [5, 11], daysBefore: 7 })).toMatchObject({ due: false, daysUntil: 8 });
  });

  it("is off when preflightDaysBefore is 0, and follows other zones", () => {
    expect(pf("2026-11-30T12:00:00Z", { daysBefore: 0 })).toMatchObject({ due: false, daysUntil: 1 });
    // Nov 30 23:30 UTC is already December in Stockholm (a capture month) but still November in UTC.
    expect(pf("2026-11-30T23:30:00Z")).toMatchObject({ due: false, period: null });
    expect(pf("2026-11-30T23:30:00Z", { timezone: "UTC" })).toMatchObject({ due: true, captureMonth: "2026-12", daysUntil: 1 });
  });
});

describe("a snapshot taken before the half-year change (a trial run in March) does not stand in for it", () => {
  it.each([
    // [taken (UTC), period, counts?]
    ["2026-03-10T09:00:00Z", "2026-H1", false],
    ["2026-05-31T21:59:59Z", "2026-H1", false], // May 31 23:59 CEST
    ["2026-05-31T22:00:00Z", "2026-H1", true], // June 1 00:00 CEST
    ["2026-07-02T08:00:00Z", "2026-H1", true], // a missed June made up in July
    ["2027-02-01T08:00:00Z", "2026-H2", true], // a missed December made up the next year
    ["2026-11-30T22:59:00Z", "2026-H2", false], // Nov 30 23:59 CET
    ["2026-12-15T08:00:00Z", "2026-H2", true],
  ])("taken %s for %s: counts %s", (taken, period, counts) => {
    expect(atHalfYearChange(new Date(taken), period, [6, 12], SE)).toBe(counts);
  });

  it("a period with no capture month in it takes any snapshot", () => {
    expect(atHalfYearChange(new Date("2026-02-01T08:00:00Z"), "2026-H1", [12], SE)).toBe(true);
  });

  it("leaves the account due in the capture month, and counts one taken in it", () => {
    const snapshots = [
      { accountId: "facebook-kommun", period: "2026-H1", capturedAt: "2026-03-10T09:00:00.000Z" },
      { accountId: "instagram-bibliotek", period: "2026-H1", capturedAt: "2026-06-02T04:00:00.000Z" },
    ];
    const d = due("2026-06-10T04:00:00Z", { snapshots });
    expect(d.due).toEqual(["facebook-kommun"]);
    expect(d.missing).toEqual(["facebook-kommun"]);
  });
});

describe("owedLastHalfYear", () => {
  const accounts = [
    { id: "kommun", status: "active" as const },
    { id: "bibliotek", status: "active" as const },
    { id: "ny", status: "active" as const },
    { id: "stangd", status: "closed" as const },
    { id: "slutlig", status: "active" as const },
  ];
  const firstPeriods = new Map([["kommun", "2026-H1"], ["bibliotek", "2026-H2"], ["ny", "2027-H1"], ["stangd", "2026-H1"], ["slutlig", "2026-H1"]]);

  it("names the active accounts in use then that have no snapshot of the half-year that ended (a December missed whole)", () => {
    expect(owedLastHalfYear({ lastFinished: "2026-H2", accounts, snapshots: [{ accountId: "kommun", period: "2026-H1" }], firstPeriods, ended: ["slutlig"] }))
      .toEqual(["kommun", "bibliotek"]);
  });

  it("owes nothing for an account with its snapshot, one added since, a closed one, or on a log begun after the half-year", () => {
    expect(owedLastHalfYear({ lastFinished: "2026-H2", accounts, snapshots: [{ accountId: "kommun", period: "2026-H2" }, { accountId: "bibliotek", period: "2026-H2" }], firstPeriods, ended: ["slutlig"] })).toEqual([]);
    expect(owedLastHalfYear({ lastFinished: "2026-H2", accounts, snapshots: [], firstPeriods: new Map([["kommun", "2027-H1"]]) })).toEqual([]);
    expect(owedLastHalfYear({ lastFinished: "2026-H2", accounts, snapshots: [], firstPeriods: new Map() })).toEqual([]);
  });

  it("makes a worker's wake end in problems, not ok, while anything is owed", () => {
    expect(wakeOutcome({ failed: 0, problems: 0, waiting: 0, preflightOk: null, late: false, owed: 2 })).toBe("problems");
    expect(wakeOutcome({ failed: 0, problems: 0, waiting: 0, preflightOk: null, late: false, owed: 0 })).toBe("ok");
  });
});

describe("decideCapture: whether an account is captured now, the one answer for capture's refusal, its skip and a stop's command", () => {
  // 2026-H2, in its capture month (December); the half-year before is 2026-H1.
  const NOW = new Date("2026-12-10T10:00:00Z");
  const closingThis = { recordId: "k_2026-H2_v1", capturedAt: "2026-12-01T10:00:00Z" };
  const closingBefore = { recordId: "k_2026-H1_v1", capturedAt: "2026-06-10T10:00:00Z" };
  const snapshot = { recordId: "k_2026-H2_v1", capturedAt: "2026-12-02T10:00:00Z" };
  const trial = { recordId: "k_2026-H2_v1", capturedAt: "2026-09-02T10:00:00Z" };
  const take = (asked: CaptureAsk, o: { period?: string; status?: "active" | "closed"; closing?: typeof snapshot; existing?: typeof snapshot } = {}) =>
    decideCapture({ account: acc("k", o.status), period: o.period ?? "2026-H2", asked, closing: o.closing, existing: o.existing, now: NOW, months: [6, 12], timezone: SE });
  const why = (d: ReturnType<typeof take>) => (d.capture ? "captured" : d.why);

  it("takes this half-year after a closing record, of this half-year or an earlier one, only with --reopen: --force, --period or both do not", () => {
    for (const closing of [closingThis, closingBefore]) {
      for (const asked of [{}, { force: true }, { periodNamed: true }, { periodNamed: true, force: true }]) expect(take(asked, { closing })).toEqual({ capture: false, why: "after-closing", record: closing });
      expect(take({ reopen: true }, { closing })).toEqual({ capture: true });
      expect(take({ reopen: true, periodNamed: true, force: true }, { closing })).toEqual({ capture: true });
    }
  });

  it("makes up the half-year before after a closing record only with --force, as it would show the same page", () => {
    for (const closing of [closingThis, closingBefore]) {
      expect(take({ periodNamed: true }, { period: "2026-H1", closing })).toEqual({ capture: false, why: "made-up-after-closing", record: closing });
      expect(take({ periodNamed: true, force: true }, { period: "2026-H1", closing })).toEqual({ capture: true });
    }
  });

  it("takes a second closing record only with --force, and --final whatever the period has", () => {
    expect(take({ final: true }, { closing: closingThis })).toEqual({ capture: false, why: "second-closing", record: closingThis });
    expect(take({ final: true, force: true }, { closing: closingThis })).toEqual({ capture: true });
    expect(take({ final: true }, { existing: snapshot })).toEqual({ capture: true });
    expect(take({ final: true }, { status: "closed" })).toEqual({ capture: true });
  });

  it("reopens only an account with a closing record that the configuration keeps in use", () => {
    expect(why(take({ reopen: true }))).toBe("nothing-to-reopen");
    expect(take({ reopen: true }, { status: "closed", closing: closingThis })).toEqual({ capture: false, why: "reopen-closed", record: closingThis });
  });

  it("refuses a closed account named without --final; without a closing record, naming the period makes up a missed half-year", () => {
    expect(why(take({}, { status: "closed" }))).toBe("closed");
    expect(why(take({ force: true }, { status: "closed" }))).toBe("closed");
    expect(take({ periodNamed: true }, { status: "closed" })).toEqual({ capture: true });
    expect(take({ periodNamed: true }, { period: "2026-H1", status: "closed" })).toEqual({ capture: true });
    // After its closing record nothing more of this half-year is taken, named or not.
    expect(take({ periodNamed: true, force: true }, { status: "closed", closing: closingThis })).toEqual({ capture: false, why: "closed", record: closingThis });
    expect(why(take({ periodNamed: true }, { period: "2026-H1", status: "closed", closing: closingThis }))).toBe("made-up-after-closing");
  });

  it("skips a period that has its snapshot unless --force; a snapshot from before the capture month does not count", () => {
    expect(take({}, { existing: snapshot })).toEqual({ capture: false, why: "has-snapshot", record: snapshot });
    expect(take({ periodNamed: true }, { existing: snapshot })).toEqual({ capture: false, why: "has-snapshot", record: snapshot });
    expect(take({ force: true }, { existing: snapshot })).toEqual({ capture: true });
    expect(take({}, { existing: trial })).toEqual({ capture: true, afterEarly: trial });
    expect(take({ force: true }, { existing: trial })).toEqual({ capture: true });
    expect(take({})).toEqual({ capture: true });
  });

  it("keeps a snapshot from before the capture month as the period's while the capture month has not come", () => {
    const before = decideCapture({ account: acc("k"), period: "2026-H2", asked: {}, existing: trial, now: new Date("2026-10-01T10:00:00Z"), months: [6, 12], timezone: SE });
    expect(before).toEqual({ capture: false, why: "has-snapshot", record: trial });
  });
});

describe("gapsInSeries", () => {
  const snap = (accountId: string, ...periods: string[]) => periods.map((period) => ({ accountId, period }));

  it("names each half-year with no snapshot between an account's first record and the last that ended, long after the next has ended", () => {
    // The case reported: 2025-H1 taken, 2025-H2 never tried (the worker not running), 2026-H1 and 2026-H2 taken.
    const accounts = [{ id: "kommun", status: "active" as const }, { id: "bibliotek", status: "active" as const }];
    const snapshots = [...snap("kommun", "2025-H1", "2026-H1", "2026-H2"), ...snap("bibliotek", "2026-H1")];
    // bibliotek's first record is a failed attempt of 2025-H2: it was in use then, and owes it.
    const firstPeriods = new Map([["kommun", "2025-H1"], ["bibliotek", "2025-H2"]]);
    expect(gapsInSeries({ lastFinished: "2026-H2", accounts, snapshots, firstPeriods }))
      .toEqual([{ accountId: "kommun", periods: ["2025-H2"] }, { accountId: "bibliotek", periods: ["2025-H2", "2026-H2"] }]);
  });

  it("leaves out an account without records, the half-years before its first, and those after its end", () => {
    const accounts = [
      { id: "ny", status: "active" as const },
      { id: "utan-logg", status: "active" as const },
      // Closed in March 2026: 2026-H1's snapshot would fall after it was closed, and none is owed after.
      { id: "stangd", status: "closed" as const, closedOn: "2026-03-15" },
      // Its closing record (2025-H2) stands; the configuration does not say it is closed yet.
      { id: "slutlig", status: "active" as const },
      { id: "utan-datum", status: "closed" as const },
    ];
    const snapshots = [...snap("ny", "2026-H2"), ...snap("stangd", "2024-H2"), ...snap("slutlig", "2025-H1", "2025-H2"), ...snap("utan-datum", "2025-H1")];
    const firstPeriods = new Map([["ny", "2026-H2"], ["stangd", "2024-H2"], ["slutlig", "2025-H1"], ["utan-datum", "2025-H1"]]);
    expect(gapsInSeries({ lastFinished: "2026-H2", accounts, snapshots, firstPeriods, ended: ["slutlig"] }))
      .toEqual([{ accountId: "stangd", periods: ["2025-H1", "2025-H2"] }]);
  });
});

describe("missingAfterFailure: the accounts a wake leaves missing because their capture failed", () => {
  it("names a missing account with a failed attempt of the half-year at its present address, not one merely not taken yet, one that failed in another half-year or at an address it no longer has", () => {
    const accounts = [acc("a"), acc("b"), acc("c"), acc("d")];
    const failures = [
      { accountId: "a", period: "2026-H2", url: "https://example.se/a" },
      { accountId: "c", period: "2026-H1", url: "https://example.se/c" },
      { accountId: "d", period: "2026-H2", url: "https://example.se/gammal-d" },
    ];
    expect(missingAfterFailure({ missing: ["a", "b", "c", "d"], accounts, period: "2026-H2", failures })).toEqual(["a"]);
    // Taken since its failure: not missing, so not named.
    expect(missingAfterFailure({ missing: ["b"], accounts, period: "2026-H2", failures })).toEqual([]);
  });
});

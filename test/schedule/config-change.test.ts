import { describe, expect, it } from "vitest";
import { configChange, earliestRetry, takenByOthers, wakeOutcome } from "../../src/schedule/worker.ts";
import { parseConfig } from "../../src/config/index.ts";

const account = (id: string, extra = "") => `  - { id: ${id}, name: ${id}, platform: facebook, url: "https://example.se/${id}"${extra} }\n`;
const config = (accounts: string, more = "") => parseConfig(`organisation: { name: Testkommun }\n${more}accounts:\n${accounts}`, "/etc/somarkiv/somarkiv.yaml");

describe("what changed in the configuration while the worker ran", () => {
  it("nothing, when the file says the same", () => {
    expect(configChange(config(account("a")), config(account("a")))).toBeNull();
  });

  it("names the accounts added, closed, removed and changed", () => {
    const before = config(account("a") + account("b") + account("c"));
    const after = config(account("a", ", purpose: Ny") + account("b", ", status: closed, closedOn: 2026-11-30") + account("d"));
    expect(configChange(before, after)).toEqual({ accounts: "added d; closed b; removed c; changed a", restart: [], settings: [], removed: ["c"], closed: ["b"] });
  });

  it("names the sections that take a restart", () => {
    const before = config(account("a"));
    const after = config(account("a"), `storage: { type: filesystem, path: /srv/nytt }\nschedule: { cron: "0 7 * * *" }\n`);
    expect(configChange(before, after)).toEqual({ accounts: "", restart: ["storage", "schedule"], settings: [], removed: [], closed: [] });
  });

  it("names the other settings that changed, with their values before and after, but not those a restart takes", () => {
    const before = config(account("a"), `capture: { timeoutSeconds: 60 }\n`);
    const after = config(account("a"), `capture: { timeoutSeconds: 90, concurrency: 3 }\nrecords: { creator: Kommunstyrelsen }\n`);
    expect(configChange(before, after)?.settings).toEqual(["capture.timeoutSeconds 60 → 90", "capture.concurrency 2 → 3", "records.creator (not set) → Kommunstyrelsen"]);
    // A section set up once is named as needing a restart (see the worker), its values are not given.
    const intake = config(account("a"), `capture: { timeoutSeconds: 60 }\nintake: [{ type: http, url: "https://diarium.example.se/in", tokenEnv: DIARIUM_TOKEN }]\n`);
    expect(configChange(before, intake)).toMatchObject({ restart: ["intake"], settings: [] });
  });
});

describe("when the worker wakes to try again what waits", () => {
  const now = new Date("2026-12-03T07:00:00Z");
  it("at the earliest time set; one with no time is due now; nothing waits, no wake", () => {
    expect(earliestRetry(["2026-12-03T07:04:00Z", "2026-12-03T07:01:00Z", "2026-12-03T09:00:00Z"], now)).toEqual(new Date("2026-12-03T07:01:00Z"));
    expect(earliestRetry(["2026-12-03T07:04:00Z", null], now)).toEqual(now);
    expect(earliestRetry([], now)).toBeNull();
    // A time that cannot be read is not a time.
    expect(earliestRetry(["soon", "2026-12-03T08:00:00Z"], now)).toEqual(new Date("2026-12-03T08:00:00Z"));
  });
});

describe("how a wake ended", () => {
  const quiet = { failed: 0, problems: 0, waiting: 0, preflightOk: null, late: false };
  it("ok when all it should do is done; problems when a capture failed, a record was not stored or delivered or still waits to be, or the pre-flight found problems", () => {
    expect(wakeOutcome(quiet)).toBe("ok");
    expect(wakeOutcome({ ...quiet, preflightOk: true })).toBe("ok");
    for (const more of [{ failed: 1 }, { problems: 1 }, { waiting: 2 }, { preflightOk: false }, { missingAfterFailure: 3 }]) expect(wakeOutcome({ ...quiet, ...more }), JSON.stringify(more)).toBe("problems");
  });
  it("late only when nothing else is wrong and the capture month is running out", () => {
    expect(wakeOutcome({ ...quiet, late: true })).toBe("late");
    expect(wakeOutcome({ ...quiet, late: true, waiting: 1 })).toBe("problems");
  });
  it("interrupted when the worker was asked to stop in it, unless something went wrong too", () => {
    expect(wakeOutcome({ ...quiet, late: true, stopped: true })).toBe("interrupted");
    expect(wakeOutcome({ ...quiet, failed: 1, stopped: true })).toBe("problems");
  });
});

describe("what a wake says of accounts another somarkiv process had", () => {
  it("names those still missing at its end as being captured, not one the other has taken by then", () => {
    const outcomes = [
      { accountId: "konto-a", outcome: "captured" },
      { accountId: "konto-b", outcome: "skipped", busy: true },
      { accountId: "konto-c", outcome: "skipped", busy: true },
      { accountId: "konto-d", outcome: "skipped" },
    ];
    // konto-c was delivered by the other worker before this wake ended: it has its snapshot.
    expect(takenByOthers(outcomes, ["konto-b"])).toEqual(["konto-b"]);
    expect(takenByOthers(outcomes, [])).toEqual([]);
  });
});

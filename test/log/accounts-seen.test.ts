/**
 * Each account's first half-year in the configuration, read from the seen: leases and the accounts the
 * wakes named missing. A log of many years has thousands of wakes: they are folded into the leases when
 * the log is written, and only the wakes after the last one folded in are read. The answers must be
 * those of reading every wake, on a real SQLite log: one of an older somarkiv (no lease, only wakes),
 * an account taken out of the file and put back, wakes an older somarkiv adds after the fold.
 */
import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordLog, firstSeenPeriods, noteAccountsSeen, type Db } from "../../src/log/index.ts";
import { earliestBySeries } from "../../src/log/accounts-seen.ts";
import { OWN_IDS_ONLY } from "../../src/config/series.ts";

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function logFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-seen-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, "somarkiv.sqlite");
  RecordLog.open(file).close();
  return file;
}

function open(file: string, opts: { readonly?: boolean } = {}): RecordLog {
  const log = RecordLog.open(file, opts);
  cleanups.unshift(() => log.close());
  return log;
}

/** What the log tells when every wake is read, as status read it before the fold: the answer to keep. */
function everyWakeRead(db: Db): Record<string, string> {
  const seen = db.prepare("SELECT substr(name, 6) AS accountId, substr(holder, 1, instr(holder || ' ', ' ') - 1) AS period FROM leases WHERE name LIKE 'seen:%'").all() as Array<{ accountId: string; period: string }>;
  const named = (db.prepare("SELECT id, detail FROM wakes").all() as Array<{ detail: string }>).flatMap((w) => {
    let d: { period?: unknown; missing?: unknown };
    try { d = JSON.parse(w.detail); } catch { return []; }
    return typeof d.period === "string" && Array.isArray(d.missing) ? d.missing.filter((m): m is string => typeof m === "string").map((accountId) => ({ accountId, period: d.period as string })) : [];
  });
  return Object.fromEntries(earliestBySeries([...seen, ...named], OWN_IDS_ONLY));
}

const periods = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i).flatMap((y) => [`${y}-H1`, `${y}-H2`]);

/**
 * Ten years of daily wakes, as an older somarkiv left them: "konto-a" from the first, "konto-b" taken
 * out of the file in 2019 and put back in 2023, "konto-c" added in 2021, a wake whose detail does not
 * read, and the worker's starts and stops.
 */
function tenYearsOfWakes(db: Db): void {
  const add = db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, ?, ?, NULL)");
  db.transaction(() => {
    for (const p of periods(2016, 2025)) {
      const y = Number(p.slice(0, 4));
      const missing = ["konto-a", ...(y < 2019 || y >= 2023 ? ["konto-b"] : []), ...(y >= 2021 ? ["konto-c"] : [])];
      for (let day = 0; day < 180; day += 3) {
        const at = new Date(Date.UTC(y, p.endsWith("H1") ? 0 : 6, 1 + day, 6)).toISOString();
        add.run(at, "ok", JSON.stringify({ period: p, captureMonth: false, due: [], missing: day < 150 ? missing : [] }));
      }
    }
    add.run("2020-03-01T06:00:00.000Z", "ok", "not json");
    add.run("2020-03-02T06:00:00.000Z", "started", JSON.stringify({ holder: "host:1" }));
  })();
}

describe("each account's first half-year in the configuration", () => {
  it("is, on a log of an older somarkiv with ten years of wakes, what reading every wake tells, before and after they are folded into the log", () => {
    const file = logFile();
    {
      const log = open(file);
      log.db.exec("DELETE FROM leases WHERE name LIKE 'seen:%'");
      tenYearsOfWakes(log.db);
    }
    const before = everyWakeRead(open(file, { readonly: true }).db);
    expect(before).toEqual({ "konto-a": "2016-H1", "konto-b": "2016-H1", "konto-c": "2021-H1" });
    // Read-only (status) before any command has written the log: every wake is read.
    expect(Object.fromEntries(firstSeenPeriods(open(file, { readonly: true }).db, OWN_IDS_ONLY))).toEqual(before);

    // A command opens it for writing in 2026-H1: "konto-b" is in the file again, "konto-d" for the first time.
    const log = open(file);
    noteAccountsSeen(log.db, ["konto-a", "konto-b", "konto-d"], "2026-H1", "command");
    const kept = { ...before, "konto-d": "2026-H1" };
    expect(everyWakeRead(log.db)).toEqual(kept);
    expect(Object.fromEntries(firstSeenPeriods(log.db, OWN_IDS_ONLY))).toEqual(kept);
    expect(Object.fromEntries(firstSeenPeriods(open(file, { readonly: true }).db, OWN_IDS_ONLY))).toEqual(kept);
    // Folded in: each account's lease holds its earliest half-year, and the mark names the last wake.
    const lease = (name: string) => (log.db.prepare("SELECT holder FROM leases WHERE name = ?").get(name) as { holder: string } | undefined)?.holder;
    expect(lease("seen:konto-b")?.split(" ")[0]).toBe("2016-H1");
    const last = log.db.prepare("SELECT id, at FROM wakes ORDER BY id DESC LIMIT 1").get() as { id: number; at: string };
    expect(lease("seen-wakes-read")).toBe(`${last.id} ${last.at}`);
  });

  it("reads only the wakes after the last one folded in, so an old wake changed by hand afterwards is not read again", () => {
    const file = logFile();
    const log = open(file);
    tenYearsOfWakes(log.db);
    noteAccountsSeen(log.db, ["konto-a"], "2026-H1", "wake");
    const folded = Object.fromEntries(firstSeenPeriods(log.db, OWN_IDS_ONLY));
    log.db.prepare("UPDATE wakes SET detail = ? WHERE id = 1").run(JSON.stringify({ period: "2010-H1", missing: ["konto-a", "konto-x"] }));
    expect(Object.fromEntries(firstSeenPeriods(log.db, OWN_IDS_ONLY))).toEqual(folded);
  });

  it("counts the wakes an older somarkiv adds after the fold (one rolled back to), read-only and when folded in, and reads every wake again when the one the mark names is gone", () => {
    const file = logFile();
    const log = open(file);
    tenYearsOfWakes(log.db);
    noteAccountsSeen(log.db, ["konto-a"], "2026-H1", "wake");
    // The older somarkiv's wake, with a clock set back: "konto-e" and an earlier half-year of "konto-c".
    log.db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, 'ok', ?, NULL)")
      .run("2026-01-05T06:00:00.000Z", JSON.stringify({ period: "2020-H2", missing: ["konto-c", "konto-e"] }));
    const expected = everyWakeRead(log.db);
    expect(expected).toMatchObject({ "konto-c": "2020-H2", "konto-e": "2020-H2" });
    expect(Object.fromEntries(firstSeenPeriods(open(file, { readonly: true }).db, OWN_IDS_ONLY))).toEqual(expected);
    noteAccountsSeen(log.db, [], "2026-H1", "wake");
    expect(Object.fromEntries(firstSeenPeriods(log.db, OWN_IDS_ONLY))).toEqual(expected);

    // The wakes taken out of the file by hand: the mark names none, so every wake left is read again.
    log.db.exec("DELETE FROM wakes WHERE id > 100");
    log.db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, 'ok', ?, NULL)")
      .run("2026-02-05T06:00:00.000Z", JSON.stringify({ period: "2015-H1", missing: ["konto-f"] }));
    expect(Object.fromEntries(firstSeenPeriods(log.db, OWN_IDS_ONLY))).toMatchObject({ "konto-f": "2015-H1" });
  });
});

/**
 * The worker's starts and stops are kept among its wakes, one row a day for years: status asks for each
 * worker's last start or stop through an index of those rows alone (made when the log is opened to be
 * written, no new schema version), not by reading every wake. The answers must be those of reading
 * every wake, on a real SQLite log of many wakes and several workers, one of them started and stopped
 * many times, and again after a wake an older somarkiv (which knows no such index) adds.
 */
import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { RecordLog, SCHEMA_VERSION, type Db } from "../../src/log/index.ts";

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function logFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-worker-events-"));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "somarkiv.sqlite");
}

/** Each holder's last start or stop read from every wake, the index not used: the answer to keep. */
function everyWakeRead(db: Db): Array<{ kind: string; at: string; holder: string; detail: Record<string, unknown> }> {
  const rows = db.prepare("SELECT id, at, outcome, detail FROM wakes NOT INDEXED ORDER BY id").all() as Array<{ id: number; at: string; outcome: string; detail: string | null }>;
  const last = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    if (r.outcome !== "started" && r.outcome !== "stopped") continue;
    const holder = (JSON.parse(r.detail ?? "{}") as { holder?: unknown }).holder;
    last.set(JSON.stringify(holder ?? null), r);
  }
  return [...last.values()].sort((a, b) => b.id - a.id).map((r) => {
    const detail = JSON.parse(r.detail ?? "{}") as Record<string, unknown>;
    return { kind: r.outcome, at: r.at, holder: String(detail.holder ?? ""), detail };
  });
}

/** Twenty years of daily wakes, each naming accounts missing, with three workers' starts and stops among them. */
function longLog(db: Db): void {
  const add = db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, ?, ?, ?)");
  const start = Date.parse("2006-12-05T06:00:00Z");
  const missing = Array.from({ length: 50 }, (_, i) => `konto-${i}`);
  db.transaction(() => {
    for (let day = 0; day < 7300; day++) {
      const at = new Date(start + day * 86_400_000).toISOString();
      if (day % 97 === 0) add.run(at, 100 + (day % 3), day % 2 ? "stopped" : "started", JSON.stringify({ holder: `${100 + (day % 3)}@kommun-srv0${day % 3}`, cron: "0 6 * * *", timezone: "Europe/Stockholm" }), null);
      // A start an older somarkiv wrote before a holder was kept with it.
      if (day === 5000) add.run(at, 7, "started", JSON.stringify({ cron: "0 6 * * *" }), null);
      add.run(at, 100 + (day % 3), day % 5 ? "ok" : "problems", JSON.stringify({ period: "2026-H2", missing, problems: [] }), at);
    }
  })();
}

describe("the worker's last starts and stops", () => {
  it("are read through an index of the starts and stops alone, and say what reading every wake says", () => {
    const file = logFile();
    const log = RecordLog.open(file);
    cleanups.unshift(() => log.close());
    longLog(log.db);
    log.addWorkerEvent("started", { cron: "0 6 * * *", timezone: "Europe/Stockholm" });

    const plan = (log.db.prepare(`EXPLAIN QUERY PLAN SELECT MAX(id) FROM wakes WHERE outcome IN ('started', 'stopped') GROUP BY json_extract(detail, '$.holder')`).all() as Array<{ detail: string }>).map((r) => r.detail).join("; ");
    expect(plan).toMatch(/USING (COVERING )?INDEX wakes_worker/);
    const events = log.workerEvents();
    expect(events).toEqual(everyWakeRead(log.db));
    expect(events.map((e) => e.holder)).toEqual(expect.arrayContaining(["100@kommun-srv00", "101@kommun-srv01", "102@kommun-srv02", ""]));
    expect(events).toHaveLength(5);
    expect(log.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
  });

  it("still say what every wake says after an older somarkiv, which has no such index, wrote starts and stops", () => {
    const file = logFile();
    RecordLog.open(file).close();
    // An older somarkiv's log: no index; its worker starts and stops among its wakes.
    const older = new Database(file);
    older.exec("DROP INDEX IF EXISTS wakes_worker");
    longLog(older);
    older.close();

    const read = RecordLog.open(file, { readonly: true });
    const withoutIndex = read.workerEvents();
    expect(withoutIndex).toEqual(everyWakeRead(read.db));
    read.close();

    const log = RecordLog.open(file);
    cleanups.unshift(() => log.close());
    expect(log.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'wakes_worker'").get()).toBeDefined();
    expect(log.workerEvents()).toEqual(withoutIndex);
    log.db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, 'stopped', ?, NULL)").run(new Date().toISOString(), JSON.stringify({ holder: "101@kommun-srv01" }));
    expect(log.workerEvents()).toEqual(everyWakeRead(log.db));
    expect(log.workerEvents()[0]).toMatchObject({ kind: "stopped", holder: "101@kommun-srv01" });
  });
});

import fs from "node:fs";
import { LOG_IDENTITY_LEASE, openDb, type Db } from "./db.ts";
import { RecordStore } from "./records.ts";
import { HOLDER, processIsGone } from "./leases.ts";
import { noteAccountsSeen, seenFirstBy } from "./accounts-seen.ts";
import os from "node:os";
import Database from "better-sqlite3";

export { openDb, whyNotWritable, logIsNew, logFileState, removeLogMadeNow, missingEventGuards, readUntouched, restoreEventGuards, SCHEMA_VERSION, type Db } from "./db.ts";
export { anchorsLeft, appendEvent, changedEventsNamed, checkChain, eventsFor, eventHashAt, recordIdsOnlyInEvents, restorations, type LogEvent, type EventType } from "./events.ts";
export { RecordStore, RegisterError, type RowNotAsEvents, type RecordRow, type DeliveryRow, type RecordFiling, type NewCapturedRecord } from "./records.ts";
export { replay, STATUS_SV, type RecordStatus } from "./replay.ts";
export { noteAccountsSeen, firstSeenPeriods } from "./accounts-seen.ts";
export { addVerification, lastVerification, type VerificationNoted } from "./verifications.ts";
export { acquireLease, releaseLease, leaseHolder, leaseHeldByAnother, captureLease, holderIsGone, parseHolder, HOLDER } from "./leases.ts";

/** The log of one configuration: the database plus the operations on it. */
export class RecordLog {
  readonly records: RecordStore;
  constructor(readonly db: Db, readonly file: string) {
    this.records = new RecordStore(db);
  }

  /** The file this log was opened from (device and inode), to tell whether it is still the one at its path. */
  private openedAs: { dev: number; ino: number } | undefined;

  static open(file: string, opts: Parameters<typeof openDb>[1] = {}): RecordLog {
    const log = new RecordLog(openDb(file, opts), file);
    try {
      const st = fs.statSync(file);
      log.openedAs = { dev: st.dev, ino: st.ino };
    } catch {
      // Not to be looked at (a log opened in memory, say): notAtItsPath says nothing then.
    }
    return log;
  }

  /**
   * Whether the file at the log's path is no longer the one this log writes to: deleted ("gone"), or
   * another put in its place (a backup copied over it) ("replaced"). A process that keeps the log open
   * (the worker) went on writing into a deleted file that nobody could read, saying all was well.
   */
  notAtItsPath(): "gone" | "replaced" | undefined {
    if (!this.openedAs) return undefined;
    try {
      const st = fs.statSync(this.file);
      return st.dev === this.openedAs.dev && st.ino === this.openedAs.ino ? undefined : "replaced";
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === "ENOENT" ? "gone" : undefined;
    }
  }

  /** The log at `file` read from `copy` (see readUntouched): named by its own place, as its proofs in the store name it. */
  static openCopyOf(file: string, copy: string): RecordLog {
    return new RecordLog(openDb(copy, { readonly: true }), file);
  }

  /** The log's own id (see nameLog in db.ts); null for an older log opened read-only, which has none yet. */
  identity(): string | null {
    try {
      return (this.db.prepare("SELECT holder FROM leases WHERE name = ?").get(LOG_IDENTITY_LEASE) as { holder: string } | undefined)?.holder ?? null;
    } catch {
      return null;
    }
  }

  startRun(kind: string): number {
    this.closeAbandonedRuns();
    return Number(this.db.prepare("INSERT INTO runs (kind, started_at, pid, host) VALUES (?, ?, ?, ?)").run(kind, new Date().toISOString(), process.pid, os.hostname()).lastInsertRowid);
  }

  /**
   * Runs left open by a process of this machine that no longer exists (killed, out of memory, a
   * reboot) are closed as "interrupted", so the table does not show them as still going. Their
   * records are safe either way: the next run finishes what they left.
   */
  private closeAbandonedRuns(): void {
    const host = os.hostname();
    const open = this.db.prepare("SELECT id, pid FROM runs WHERE ended_at IS NULL AND host = ?").all(host) as Array<{ id: number; pid: number }>;
    const close = this.db.prepare("UPDATE runs SET ended_at = ?, outcome = 'interrupted', summary = ? WHERE id = ? AND ended_at IS NULL");
    for (const run of open) {
      if (run.pid === process.pid || !processIsGone(run.pid)) continue;
      close.run(new Date().toISOString(), JSON.stringify({ note: "the process stopped before it finished this run (killed or crashed); the time is when a later run noticed" }), run.id);
    }
  }

  endRun(id: number, outcome: string, summary: Record<string, unknown>): void {
    this.db.prepare("UPDATE runs SET ended_at = ?, outcome = ?, summary = ? WHERE id = ?").run(new Date().toISOString(), outcome, JSON.stringify(summary), id);
  }

  /** The active accounts of the configuration as read now, in the half-year `period` (see noteAccountsSeen). */
  noteAccountsSeen(accounts: ReadonlyArray<{ id: string; status: string }>, period: string, by: "wake" | "command" | "demo"): void {
    noteAccountsSeen(this.db, accounts.filter((a) => a.status === "active").map((a) => a.id), period, by);
  }

  /** The accounts of `npm run demo` (first seen by it): in the log, and in no configuration file. */
  demoAccounts(): Set<string> {
    return seenFirstBy(this.db, "demo");
  }

  addWake(outcome: string, detail: Record<string, unknown>, nextWake: Date | null): void {
    this.db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, ?, ?, ?)").run(new Date().toISOString(), process.pid, outcome, JSON.stringify(detail), nextWake?.toISOString() ?? null);
  }

  lastWake(): { at: string; outcome: string; detail: Record<string, unknown>; nextWake: string | null } | undefined {
    const r = this.db.prepare("SELECT at, outcome, detail, next_wake FROM wakes WHERE outcome NOT IN ('started', 'stopped') ORDER BY id DESC LIMIT 1").get() as { at: string; outcome: string; detail: string; next_wake: string | null } | undefined;
    return r ? { at: r.at, outcome: r.outcome, detail: JSON.parse(r.detail ?? "{}"), nextWake: r.next_wake } : undefined;
  }

  /**
   * The worker's start and stop, kept beside its wakes: a wake's row is written when the wake is done,
   * so only these tell a worker stopped on purpose from one that died, and one started again from one
   * still stopped.
   */
  addWorkerEvent(kind: "started" | "stopped", detail: Record<string, unknown>): void {
    this.addWake(kind, { ...detail, holder: HOLDER }, null);
  }

  /** Each worker process's last start or stop, newest first (two workers may share a log); through the index of starts and stops (db.ts, indexWorkerEvents). */
  workerEvents(): Array<{ kind: "started" | "stopped"; at: string; holder: string; detail: Record<string, unknown> }> {
    const rows = this.db.prepare(`SELECT at, outcome, detail FROM wakes WHERE id IN (
        SELECT MAX(id) FROM wakes WHERE outcome IN ('started', 'stopped') GROUP BY json_extract(detail, '$.holder'))
      ORDER BY id DESC`).all() as Array<{ at: string; outcome: "started" | "stopped"; detail: string }>;
    return rows.map((r) => {
      const detail = JSON.parse(r.detail ?? "{}") as Record<string, unknown>;
      return { kind: r.outcome, at: r.at, holder: String(detail.holder ?? ""), detail };
    });
  }

  /**
   * A pre-flight check (no records made). `period` is the coming period it prepares, set only when every
   * active account was checked, so the worker does not repeat it; null for a partial manual check.
   */
  addPreflight(kind: "worker" | "manual", period: string | null, ok: boolean, results: unknown[]): void {
    this.db.prepare("INSERT INTO preflights (at, pid, kind, period, ok, results) VALUES (?, ?, ?, ?, ?, ?)").run(new Date().toISOString(), process.pid, kind, period, ok ? 1 : 0, JSON.stringify(results));
  }

  /** The newest pre-flight checks, newest first: each account as its latest check found it (see status). */
  recentPreflights(limit = 50): Array<{ at: string; period: string | null; results: unknown[] }> {
    return (this.db.prepare("SELECT at, period, results FROM preflights ORDER BY id DESC LIMIT ?").all(limit) as Array<{ at: string; period: string | null; results: string }>)
      .map((r) => ({ at: r.at, period: r.period, results: JSON.parse(r.results) as unknown[] }));
  }

  lastPreflight(period?: string): { at: string; kind: string; period: string | null; ok: boolean; results: unknown[] } | undefined {
    const r = (period
      ? this.db.prepare("SELECT at, kind, period, ok, results FROM preflights WHERE period = ? ORDER BY id DESC LIMIT 1").get(period)
      : this.db.prepare("SELECT at, kind, period, ok, results FROM preflights ORDER BY id DESC LIMIT 1").get()) as { at: string; kind: string; period: string | null; ok: number; results: string } | undefined;
    return r ? { at: r.at, kind: r.kind, period: r.period, ok: r.ok === 1, results: JSON.parse(r.results) } : undefined;
  }

  /**
   * A consistent copy while other processes write (SQLite's online backup). The copy is one file on its own: the log runs
   * with a write-ahead file beside it, and a backup carried away without that file must not need it.
   */
  async backup(dest: string): Promise<void> {
    await this.db.backup(dest);
    const copy = new Database(dest);
    try {
      copy.pragma("journal_mode = DELETE");
    } finally {
      copy.close();
    }
  }

  close(): void {
    this.db.close();
  }
}

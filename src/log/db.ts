import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { makeFolderSync, ownerHint, PRIVATE_FILE, PRIVATE_FOLDER } from "../storage/folder.ts";
import { forgetKeptTexts } from "./kept-texts.ts";
import { ensureVerificationsTable } from "./verifications.ts";
import { dataPlaceToCheck, type DataPlace } from "../config/data-place.ts";

export type Db = Database.Database;

/**
 * Schema migrations, applied in order and counted in PRAGMA user_version. Never edit a migration
 * that has shipped: add a new one, so every existing log can be brought forward.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT,
    pid INTEGER NOT NULL,
    host TEXT NOT NULL,
    outcome TEXT,
    summary TEXT
  );
  CREATE TABLE records (
    record_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    period TEXT NOT NULL,
    version INTEGER,
    status TEXT NOT NULL CHECK (status IN ('failed','captured','stored','delivered','registered')),
    final INTEGER NOT NULL DEFAULT 0,
    captured_at TEXT NOT NULL,
    url TEXT NOT NULL,
    final_url TEXT,
    http_status INTEGER,
    sha256 TEXT,
    bytes INTEGER,
    pages INTEGER,
    pdf_name TEXT,
    manifest_name TEXT,
    manifest_sha256 TEXT,
    manifest_bytes INTEGER,
    storage_key TEXT,
    manifest_key TEXT,
    spool_dir TEXT,
    store_attempts INTEGER NOT NULL DEFAULT 0,
    next_store_at TEXT,
    store_error TEXT,
    dnr TEXT,
    reason TEXT,
    error TEXT,
    consent TEXT,
    flags TEXT NOT NULL DEFAULT '[]',
    previous_record_id TEXT,
    text_fingerprint TEXT,
    image_fingerprint TEXT,
    failure_screenshot TEXT,
    run_id INTEGER REFERENCES runs(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (account_id, period, version)
  );
  CREATE INDEX records_account_period ON records(account_id, period);
  CREATE INDEX records_status ON records(status);
  CREATE TABLE deliveries (
    record_id TEXT NOT NULL REFERENCES records(record_id),
    target TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending','delivered','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT,
    delivered_at TEXT,
    error TEXT,
    receipt TEXT,
    PRIMARY KEY (record_id, target)
  );
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    record_id TEXT,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
  );
  CREATE INDEX events_record ON events(record_id);
  -- The event log is append-only; these triggers stop ordinary edits. A determined editor can drop
  -- them, which is why every event also carries the hash of the one before (verify checks the chain).
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at INTEGER NOT NULL
  );
  CREATE TABLE wakes (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    pid INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    detail TEXT,
    next_wake TEXT
  );
  `,
  // 2: pre-flight checks before a capture month (worker or "somarkiv preflight"); they make no records.
  `
  CREATE TABLE preflights (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    pid INTEGER NOT NULL,
    kind TEXT NOT NULL,
    period TEXT,
    ok INTEGER NOT NULL,
    results TEXT NOT NULL
  );
  CREATE INDEX preflights_period ON preflights(period);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * The triggers that keep the events from being changed or removed (made by the first migration). One
 * dropped is a change made outside somarkiv by someone with write access to the log file: verify names
 * it (the hash chain still shows any event changed since), and recover puts it back, nothing else does,
 * so that the trace stays until a person has seen it.
 */
const EVENT_GUARDS: Record<string, string> = {
  events_no_update: "CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
  events_no_delete: "CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END",
};

/** The guards of the events missing from the log (dropped outside somarkiv); [] for a log that has both. */
export function missingEventGuards(db: Db): string[] {
  const there = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as Array<{ name: string }>).map((t) => t.name));
  return Object.keys(EVENT_GUARDS).filter((name) => !there.has(name));
}

/** Puts back the guards missing from the log (recover); gives their names. */
export function restoreEventGuards(db: Db): string[] {
  const missing = missingEventGuards(db);
  // Written only when one is missing: a recover of a whole log takes no write lock for it.
  if (missing.length) db.transaction(() => { for (const name of missing) db.exec(EVENT_GUARDS[name]!); }).immediate();
  return missing;
}

/** Open (creating if needed) the log and bring its schema up to date. */
export function openDb(file: string, opts: { readonly?: boolean; place?: DataPlace } = {}): Db {
  if (!opts.readonly) {
    makeFolderSync(path.dirname(file), PRIVATE_FOLDER);
    // Made here, not by SQLite, to be private whatever the umask; SQLite gives its -wal and -shm the log's mode.
    try {
      fs.closeSync(fs.openSync(file, "wx", PRIVATE_FILE));
    } catch {
      // There already, or not to be made: SQLite's open below says which, as it did.
    }
  }
  else if (logFileState(file) === "not there") throw new Error(`The log ${file} does not exist yet; nothing has been captured with this configuration.`);
  if (!opts.readonly && logFileState(file) !== "not there") {
    // SQLite opens a log it may only read without a word and fails at the first write, which may be
    // the record's: better to be told before anything is done.
    const denied = whyNotWritable(file, "the log", opts.place);
    if (denied) throw Object.assign(new Error(`the log ${file} cannot be written: ${denied.why}`), { code: denied.code, path: denied.path });
  }
  let db: Db;
  try {
    db = new Database(file, { readonly: Boolean(opts.readonly), fileMustExist: Boolean(opts.readonly) });
    if (opts.readonly) db = readableOrCopy(db, file);
  } catch (e) {
    throw cannotOpen(e, file, opts.place);
  }
  // Several processes (the worker, a manual capture, status) share one log: wait for locks rather than fail.
  db.pragma("busy_timeout = 15000");
  if (!opts.readonly) {
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = FULL");
      db.pragma("foreign_keys = ON");
      migrate(db);
      indexWorkerEvents(db);
      ensureVerificationsTable(db);
      forgetKeptTexts(db);
      nameLog(db);
    } catch (e) {
      db.close();
      throw cannotOpen(e, file, opts.place);
    }
  } else {
    const v = db.pragma("user_version", { simple: true }) as number;
    if (v > SCHEMA_VERSION) throw new Error(`The log ${file} was written by a newer somarkiv (schema ${v}); upgrade somarkiv.`);
  }
  return db;
}

/**
 * The worker's starts and stops, a few among years of daily wakes, indexed apart, so that status finds
 * each worker's last (RecordLog.workerEvents) without reading every wake. Made when the log is opened
 * to be written, not by a migration: an index asks nothing of an older somarkiv rolled back to, which
 * opens a log of its own schema version and whose wakes SQLite indexes as it writes them. A log no
 * somarkiv has written since is read as before, every wake.
 */
function indexWorkerEvents(db: Db): void {
  db.exec("CREATE INDEX IF NOT EXISTS wakes_worker ON wakes(id) WHERE outcome IN ('started', 'stopped')");
}

/**
 * A log in WAL mode can be read by a user who may not write its folder only while its journal files
 * exist, that is while a process (the worker) has it open. Otherwise, for such a user (a registrar
 * reading the records while the worker is stopped), it is read from a copy in a private temporary
 * folder: with no journal file, no process has the log open, so the file is whole (a worker that
 * opens it meanwhile makes its journal, and then the log itself is read). The copy goes when the
 * command ends.
 */
function readableOrCopy(db: Db, file: string): Db {
  try {
    db.pragma("user_version", { simple: true });
    return db;
  } catch (e) {
    const code = String((e as { code?: unknown })?.code ?? "");
    if (!code.startsWith("SQLITE_READONLY") && code !== "SQLITE_CANTOPEN") throw e;
  }
  db.close();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-read-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  // A process that opened the log meanwhile may have written into its journal: read from the journal too.
  if (fs.existsSync(`${file}-wal`)) return new Database(file, { readonly: true, fileMustExist: true });
  return new Database(copy, { readonly: true, fileMustExist: true });
}

/**
 * The log read without a byte written beside it, for `verify --read-only` on a copy an archive received:
 * even a read-only connection to a log in WAL mode leaves its two journal files beside the log in a
 * folder it may write. So the log (and a journal file that came with it) is copied to a private
 * temporary folder and read there; the copy goes when the command ends.
 */
export function readUntouched(file: string): string {
  if (logFileState(file) === "not there") return file;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-untouched-"));
  process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
  const copy = path.join(dir, path.basename(file));
  fs.copyFileSync(file, copy);
  if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
  return copy;
}

/**
 * SQLite says only "unable to open database file". The usual cause is the folder: read-only, or
 * not writable by somarkiv's user; asking the file system gives the reason and its code, which
 * the command line turns into what to do (localWriteFailure).
 */
function cannotOpen(e: unknown, file: string, place?: DataPlace): unknown {
  const code = String((e as { code?: unknown })?.code ?? "");
  // SQLITE_READONLY_DIRECTORY and its kin: the extended codes say which part was read-only.
  if (code !== "SQLITE_CANTOPEN" && !code.startsWith("SQLITE_READONLY")) return e;
  const denied = whyNotWritable(file, "the log", place);
  if (denied) return Object.assign(new Error(`the log ${file} cannot be ${code === "SQLITE_CANTOPEN" ? "opened" : "written"}: ${denied.why}`), { code: denied.code, path: denied.path, cause: e });
  return Object.assign(new Error(`the log ${file} cannot be opened (${(e as Error).message})`), { code: "SQLITE_CANTOPEN", cause: e });
}

/**
 * Whether the log's file is there. "unreachable" when this user may not look into its folder (a
 * registrar outside somarkiv's group): fs.existsSync says false then, and a log said to be "not
 * there" was a log said to be lost, whose backup should be put back over it.
 */
export function logFileState(file: string): "there" | "not there" | "unreachable" {
  try {
    fs.statSync(file);
    return "there";
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === "ENOENT" || code === "ENOTDIR" ? "not there" : "unreachable";
  }
}

/**
 * Takes away a log this command made a moment ago and then could not use (its data folder is another
 * log's): left behind, an empty log beside the other's made the next look at the folder see two.
 */
export function removeLogMadeNow(file: string): void {
  for (const end of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + end, { force: true });
}

/**
 * Whether the log at `file` knows nothing yet: not there, empty, or with no record and no event.
 * A log that cannot be read is not new; opening it says what is wrong.
 */
export function logIsNew(file: string): boolean {
  try {
    const state = logFileState(file);
    if (state !== "there") return state === "not there";
    if (fs.statSync(file).size === 0) return true;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((t) => t.name));
      if (!tables.has("records") || !tables.has("events")) return tables.size === 0;
      const row = db.prepare("SELECT (SELECT count(*) FROM records) + (SELECT count(*) FROM events) AS n").get() as { n: number };
      return row.n === 0;
    } finally {
      db.close();
    }
  } catch {
    return false;
  }
}

/** proc, sysfs, cgroup and cgroup2, debugfs, securityfs: file systems of the kernel's, not for files. */
const SYSTEM_FILE_SYSTEMS = new Set([0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x73636673]);

/**
 * Why the log could not be written, asked of the file system: the file, its folder (SQLite writes
 * its journal beside the file) or, before the first capture, the nearest folder that exists.
 * `made` names what is to be made there, for a folder below a file: the log, the spool, failed/;
 * `place` says whether "database:" put it there, for what to check.
 */
export function whyNotWritable(file: string, made = "the log", place?: DataPlace): { code: string; why: string; path: string } | null {
  let nearest = path.dirname(path.resolve(file));
  while (!fs.existsSync(nearest) && path.dirname(nearest) !== nearest) nearest = path.dirname(nearest);
  try {
    if (!fs.statSync(nearest).isDirectory()) return { code: "ENOTDIR", why: `${nearest} is a file, not a folder, so ${made} cannot be made below it; ${dataPlaceToCheck(place)}`, path: nearest };
    // The kernel's own folders take no new files; mkdir there answers "no such file" for ever.
    if (SYSTEM_FILE_SYSTEMS.has(fs.statfsSync(nearest).type)) return { code: "EROFS", why: `${nearest} is one of the system's own folders (/proc, /sys), where no files can be made; ${dataPlaceToCheck(place)}`, path: nearest };
  } catch { /* a folder that cannot be looked at is found below, by access */ }
  // The journal files too: one left by another user stops every write as surely as the log itself.
  const files = [file, `${file}-wal`, `${file}-shm`].filter((f) => fs.existsSync(f));
  for (const p of [...files, nearest]) {
    try {
      fs.accessSync(p, fs.constants.R_OK | fs.constants.W_OK);
    } catch (denied) {
      const code = (denied as NodeJS.ErrnoException).code ?? "EACCES";
      const why = code === "EROFS" ? `${p} is on a read-only file system` : code === "EACCES" || code === "EPERM" ? `somarkiv's user may not write to ${p}${ownerHint(p)}` : (denied as Error).message;
      return { code, why, path: p };
    }
  }
  return null;
}

/**
 * The log's own name, random and kept in it, so that a spool can say which log it belongs to: a log
 * moved or put back from a backup keeps it, a second configuration's log beside it has another. Kept
 * as a row of the leases table that never expires, not a table of its own, so the log keeps the
 * schema an older somarkiv opens (as the mark of a send under way does). Written once, at the first
 * open for writing; a log another program holds locked then is named at a later open.
 */
export const LOG_IDENTITY_LEASE = "log-identity";

function nameLog(db: Db): void {
  if (db.prepare("SELECT 1 FROM leases WHERE name = ?").get(LOG_IDENTITY_LEASE)) return;
  try {
    db.prepare("INSERT OR IGNORE INTO leases (name, holder, expires_at) VALUES (?, lower(hex(randomblob(16))), ?)").run(LOG_IDENTITY_LEASE, Number.MAX_SAFE_INTEGER);
  } catch {
    // Busy or read-only now: unnamed until a later open, and a spool is then not judged (identity() is null).
  }
}

function migrate(db: Db): void {
  // Looked at first, with no lock: a log already current (nearly always) is then opened without the
  // write lock, which another program holding a write transaction keeps, so records, status and
  // verify read while it writes (WAL lets them). Taken to find nothing to do, the lock made them wait
  // busy_timeout and fail as "locked". Only a log to bring forward is written, and then asked again
  // inside the write transaction, as another somarkiv may have done it meanwhile.
  if (db.pragma("user_version", { simple: true }) === SCHEMA_VERSION) return;
  const tx = db.transaction(() => {
    const v = db.pragma("user_version", { simple: true }) as number;
    if (v > SCHEMA_VERSION) throw new Error(`This log was written by a newer somarkiv (schema ${v}, this one knows ${SCHEMA_VERSION}); upgrade somarkiv.`);
    for (let i = v; i < MIGRATIONS.length; i++) {
      db.exec(MIGRATIONS[i]);
      db.pragma(`user_version = ${i + 1}`);
    }
  });
  tx.immediate();
}

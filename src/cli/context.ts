import fs from "node:fs";
import path from "node:path";
import { loadConfig, resolveConfigPath, type Config, type Account, type DataPlace } from "../config/index.ts";
import { RecordLog, SCHEMA_VERSION, logFileState, logIsNew, removeLogMadeNow } from "../log/index.ts";
import { StorageError, createStore, parseRecordKey, silenceOf, userName } from "../storage/index.ts";
import { createIntakeTargets } from "../intake/index.ts";
import { Spool } from "../spool/index.ts";
import { fileInPlaceOfSpool } from "../spool/writable.ts";
import type { PipelineContext } from "../record/index.ts";
import { storeMovedProblem } from "../record/store-moved.ts";
import { LostLogError, SharedDataFolderError, UsageError, placeDataInFailures } from "./errors.ts";
import { claimSpool } from "../record/spool-owner.ts";
import { clockInTimezone, nameConfigInCommands } from "./progress.ts";
import { periodOf } from "../schedule/period.ts";

export interface GlobalOptions {
  config?: string;
}

export function readConfig(opts: GlobalOptions): Config {
  const config = loadConfig(resolveConfigPath(opts.config));
  nameConfigInCommands(config.source);
  placeDataInFailures(config);
  clockInTimezone(config.schedule.timezone);
  return config;
}

/** Everything a command that touches records needs. Opening it creates the log and folders. */
export function openPipeline(config: Config, progress: (line: string) => void, signal?: AbortSignal, interrupted?: AbortSignal, seenBy: "command" | "demo" = "command"): PipelineContext & { close(): Promise<void> } {
  refuseRootOverServiceData(config);
  const madeNow = logFileState(config.database) === "not there";
  const log = RecordLog.open(config.database, { place: config });
  const refuse = (e: unknown): never => {
    log.close();
    if (madeNow) removeLogMadeNow(config.database);
    throw e;
  };
  const spool = new Spool(path.join(config.dataDir, "spool"));
  // A file in the spool's place stopped the command on its first read, with advice to check "database:".
  const inPlace = fileInPlaceOfSpool(config.dataDir);
  if (inPlace) refuse(inPlace);
  // Before anything reads the spool: another log's waiting records are not this one's to take back.
  let shared: string | undefined;
  try { shared = claimSpool(log, spool, config.source); } catch (e) { refuse(e); }
  if (shared) refuse(new SharedDataFolderError(shared));
  // The accounts the file holds now owe this half-year, captured or not (a capture of one, a deliver).
  // The demo's accounts are noted as its own: status with the example file, which shares its log, does not take them for accounts removed from it.
  log.noteAccountsSeen(config.accounts, periodOf(new Date(), config.schedule.timezone), seenBy);
  // Two records stored at once by a store that does not answer each said the same retry line: once.
  let lastRetry = { line: "", at: 0 };
  const onRetry = (line: string) => {
    if (line === lastRetry.line && Date.now() - lastRetry.at < 5_000) return;
    lastRetry = { line, at: Date.now() };
    progress(line);
  };
  const store = createStore(config.storage, { holdsRecords: () => log.records.anyStored(), onRetry });
  const targets = createIntakeTargets(config.intake, process.env, { deliveredTo: (t) => log.records.deliveredTo(t) });
  return {
    config, log, store, targets, spool, progress, signal, interrupted,
    async close() {
      await store.close?.();
      log.close();
    },
  };
}

/** How long the store is asked whether it holds records, before a capture with a new log. */
const LOST_LOG_LOOK_MS = 15_000;

/**
 * A new log beside a store that already holds records: the log that knew them was lost (a disk,
 * a file deleted or emptied), or "database:" names the wrong file. Capturing on would take every
 * account again, deliver it again and leave the diary numbers recorded so far behind; so a command
 * that makes records stops first. A store that cannot be asked now tells nothing, and the command
 * goes on (storing then says what stands in the way).
 */
export async function refuseLostLog(config: Config): Promise<void> {
  refuseRootOverServiceData(config);
  const problem = await lostLogProblem(config);
  if (problem) throw new LostLogError(`${problem.situation} Nothing was captured: with a new log every account would be captured and sent to the registrar again, and the diary numbers recorded so far would be missing. ${problem.remedy} Then capture again.`);
}

/** What is wrong when the log is new (not there, empty, or knowing no record) and the store holds records already; null when nothing is. */
export async function lostLogProblem(config: Config): Promise<{ situation: string; remedy: string } | null> {
  if (!logIsNew(config.database)) return null;
  const store = createStore(config.storage);
  let held = false;
  try {
    // As when the store is down, one that does not answer (a hung server) leaves the capture to go
    // on: its records wait in the spool, and an upload never puts one over other content.
    held = await Promise.race([
      // Only a record counts, by the names somarkiv gives its PDFs and manifests (as recover reads
      // them): a stray file (notes.txt, a file named 2026-H2) is no sign of a log that knew it.
      (async () => { for await (const o of store.list()) if (parseRecordKey(o.key)) return true; return false; })(),
      silenceOf(LOST_LOG_LOOK_MS).then(() => { throw new Error("no answer"); }),
    ]);
  } catch {
    return null;
  } finally {
    void store.close?.();
  }
  if (!held) return null;
  const state = fs.existsSync(config.database) ? (fs.statSync(config.database).size === 0 ? "is empty" : "knows no record") : "is not there";
  return {
    situation: `The log ${config.database} ${state}, but ${store.description} already holds records that a log once knew: the log was lost, or "database:" in the configuration names the wrong file.`,
    remedy: `Put the latest backup of the log back at ${config.database} (made with "somarkiv backup") and run "somarkiv recover", which takes back the records made since; with no backup at all, "somarkiv recover --new-log" takes every record in the store back into a new log.`,
  };
}

/** How long a reporting command waits for the store to say whether it holds the records stored last. */
const STORE_MOVED_LOOK_MS = 10_000;

/**
 * What storing would refuse (see storeMovedProblem), for the commands that only report: status and
 * config check. A store that does not answer in time, or cannot be asked, tells nothing of that; it is
 * given to `unanswered` (status says it, where its output was that of a store that answers; config
 * check asks the store itself, and says what is wrong with it).
 */
export async function storeMovedLook(config: Config, log: RecordLog, unanswered?: (said: string) => void): Promise<string | undefined> {
  const store = createStore(config.storage);
  const gaveUp = new AbortController();
  try {
    return await Promise.race([
      storeMovedProblem(log, store, config.storage, gaveUp.signal),
      // Ended with the look (gaveUp aborts it), so that the command does not wait out the bound.
      silenceOf(STORE_MOVED_LOOK_MS, gaveUp.signal).then(() => { throw new Error("no answer"); }),
    ]);
  } catch (e) {
    // The store's own fact, without why storing asks it ("before storing a new one") or its advice, said after.
    const cause = (e as { cause?: unknown }).cause;
    const fact = cause instanceof StorageError ? cause.fact : e instanceof StorageError ? e.fact : (e as Error).message;
    const why = fact === "no answer" ? `it did not answer within ${STORE_MOVED_LOOK_MS / 1000} s` : fact.replace(/\.$/, "");
    unanswered?.(`${store.description} could not be asked whether it holds the records (${why}), so status could not check the store; records captured meanwhile wait in the spool, and nothing is lost. "somarkiv config check" asks the store and says what is wrong`);
    return undefined;
  } finally {
    gaveUp.abort();
    void store.close?.();
  }
}

/** No log file to open, or an empty one: opening it would make a new log where a lost one was. */
export function noLogFile(config: Config): "not there" | "empty" | null {
  const state = logFileState(config.database);
  // One this user may not look at is there for all it knows: opening it says that it cannot be read.
  if (state !== "there") return state === "not there" ? "not there" : null;
  return fs.statSync(config.database).size === 0 ? "empty" : null;
}

/**
 * Read-only view of the log for reporting commands; undefined when nothing has been logged yet: no
 * file, or an empty one (emptied, or made by hand), which opening would make a new log, by a look.
 */
export function openLogForReading(config: Config): RecordLog | undefined {
  if (noLogFile(config)) return undefined;
  return openLogAsReader(config.database, config).log;
}

/**
 * The log as somarkiv's own user opens it (writable, an older log brought up to date first); for
 * anyone who may read it but not write it (a registrar, an auditor), as it is, and `readOnly` says so.
 */
export function openLogAsReader(file: string, place?: DataPlace): { log: RecordLog; readOnly: boolean; readOnlyDisk?: boolean } {
  try {
    return { log: RecordLog.open(file, { place }), readOnly: false };
  } catch (e) {
    if (!["EACCES", "EPERM", "EROFS"].includes(String((e as { code?: unknown }).code))) throw e;
    const log = RecordLog.open(file, { readonly: true });
    const version = log.db.pragma("user_version", { simple: true }) as number;
    if (version < SCHEMA_VERSION) {
      log.close();
      let owner = "somarkiv";
      try { owner = userName(fs.statSync(file).uid); } catch { /* the usual name serves */ }
      throw new Error(`${(e as Error).message}. It was written by an older somarkiv, and a command run as its owner, the user ${owner} (somarkiv status, say), must bring it up to date before others can read it.`);
    }
    // A disk mounted read-only (after disk errors, a share mounted so) is not a user without rights.
    return { log, readOnly: true, ...((e as { code?: unknown }).code === "EROFS" ? { readOnlyDisk: true } : {}) };
  }
}

/** The accounts named with --account, or every active one. An unknown id is a usage error naming the known ones. */
export function selectAccounts(config: Config, ids: string[], opts: { includeClosed?: boolean } = {}): Account[] {
  if (ids.length === 0) return config.accounts.filter((a) => a.status === "active" || opts.includeClosed);
  const out: Account[] = [];
  for (const id of new Set(ids)) {
    const a = config.accounts.find((x) => x.id === id);
    if (!a) {
      throw new UsageError(`There is no account "${id}" in ${config.source}. Known accounts: ${config.accounts.map((x) => x.id).join(", ") || "(none)"}.`);
    }
    out.push(a);
  }
  return out;
}

/**
 * root running a command that writes, where the log belongs to another user (the service's own, as the
 * shipped unit has it), is refused before anything is written. What it made would belong to root: a new
 * spool folder the worker cannot empty, a store folder it cannot add the next version to, a session file
 * it cannot read. Those fail weeks later, in the worker, far from the command that caused them.
 */
export function refuseRootOverServiceData(config: Config, uid = process.getuid?.()): void {
  if (uid !== 0) return;
  const owned = fs.existsSync(config.database) ? config.database : path.dirname(config.database);
  let owner: number;
  try { owner = fs.statSync(owned).uid; } catch { return; }
  if (owner === 0) return;
  const name = userName(owner);
  // runuser, not sudo: it is util-linux's, there for root wherever somarkiv runs, a container too.
  const again = ["runuser", "-u", name, "--", process.execPath, ...process.argv.slice(1)].map(shellWord).join(" ");
  throw new UsageError(`You are running somarkiv as root, but its log ${owned} belongs to the user ${name}, which the worker runs as. Files made now would belong to root, and the worker could not change or read them later (a spool folder, a stored record's folder, a login session). Nothing was done. Run the command as ${name} (as root, runuser needs no sudo):\n    ${again}`);
}

function shellWord(w: string): string {
  return /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`;
}

/**
 * Whether this log may use the spool beside it (see spool/owner.ts), and naming the spool for it when
 * it may: before a capture, a delivery or the worker touches a record folder in it.
 */
import fs from "node:fs";
import path from "node:path";
import { RecordLog } from "../log/index.ts";
import { Spool } from "../spool/index.ts";
import { sharedDataFolderSaid, spoolOwnership, type SpoolOwner, type SpoolOwnership } from "../spool/owner.ts";

/** This log's verdict on the spool, without writing anything (status, config check); undefined for a log too old to have an id, opened read-only. */
export function spoolOwnershipOf(log: RecordLog, spool: Spool): (SpoolOwnership & { me: SpoolOwner }) | undefined {
  const id = log.identity();
  if (!id) return undefined;
  const me = { id, file: path.resolve(log.file) };
  const named = spool.owner();
  // Only looked at when no log is named yet: reading the folders of a spool in use costs a listing.
  const spoolId = named ? null : spool.identityIfNamed()?.id ?? null;
  const facts = named ? { namedByMe: false, unknown: [], otherLogsBeside: [] } : {
    namedByMe: spoolId !== null && log.records.wroteToSpool(spoolId),
    unknown: spool.recordFolders().filter((n) => !log.records.knowsRecord(n)),
    otherLogsBeside: otherLogsBeside(me.file),
  };
  return { ...spoolOwnership(named, me, facts), me };
}

/** Why this log may not use its spool, in plain words; undefined when it may. */
export function sharedSpoolProblem(log: RecordLog, spool: Spool, configFile: string): string | undefined {
  const o = spoolOwnershipOf(log, spool);
  if (o?.verdict !== "other") return undefined;
  return sharedDataFolderSaid({ dataDir: path.dirname(spool.dir), spoolDir: spool.dir, logFile: o.me.file, configFile, owner: o.owner && ownerWhereNow(o.owner, o.me.file), unknown: o.unknown });
}

/**
 * Names the spool for this log when it is not yet, or again when the log was moved with its folder
 * (the name said its old place); gives the problem, and names nothing, when it is another log's.
 */
export function claimSpool(log: RecordLog, spool: Spool, configFile: string): string | undefined {
  const o = spoolOwnershipOf(log, spool);
  if (!o) return undefined;
  if (o.verdict === "claim" || (o.verdict === "ours" && spool.owner()?.file !== o.me.file)) spool.claimFor(o.me);
  return o.verdict === "other" ? sharedSpoolProblem(log, spool, configFile) : undefined;
}

/**
 * For the commands that only look (status, config check): the problem when this configuration's spool
 * is another log's. Without a log yet (a second configuration not run before), a spool named for a log
 * in another file that is still there is that log's.
 */
export function sharedSpoolLook(config: { database: string; dataDir: string; source: string }, log: RecordLog | undefined): string | undefined {
  const spool = new Spool(path.join(config.dataDir, "spool"));
  if (log) return sharedSpoolProblem(log, spool, config.source);
  const owner = spool.owner();
  // A log made in this file would be refused its spool by the first capture (another log's id), as it
  // is said now, also when the log named moved with the folder (its file's name says its old place).
  if (!owner || owner.file === path.resolve(config.database)) return undefined;
  return sharedDataFolderSaid({ dataDir: config.dataDir, spoolDir: spool.dir, logFile: path.resolve(config.database), configFile: config.source, owner: ownerWhereNow(owner, config.database), unknown: [] });
}

/**
 * The log a spool is named for, where it is now: the file it was in when it named the spool, or, gone
 * from there (the data folder moved to another place), the log beside the spool with its id.
 */
function ownerWhereNow(owner: SpoolOwner, logFile: string): SpoolOwner {
  if (fs.existsSync(owner.file)) return owner;
  for (const file of otherLogsBeside(path.resolve(logFile))) {
    let log: RecordLog | undefined;
    try {
      log = RecordLog.open(file, { readonly: true });
      if (log.identity() === owner.id) return { id: owner.id, file };
    } catch {
      // Not a log, or not one this user may read: not the one named.
    } finally {
      log?.close();
    }
  }
  return owner;
}

/** Other SQLite files in the log's folder: the logs of other configurations that share it. */
function otherLogsBeside(logFile: string): string[] {
  const dir = path.dirname(logFile);
  return fs.readdirSync(dir).filter((n) => /\.(sqlite3?|db)$/.test(n)).map((n) => path.join(dir, n)).filter((f) => f !== logFile);
}

import fs from "node:fs";
import path from "node:path";
import { foreignOwner, foreignOwnerFix } from "../storage/folder.ts";
import { FileInPlaceOfFolder } from "../spool/writable.ts";
import { dataFolderSaid, logFileSaid, type DataPlace } from "../config/data-place.ts";
/**
 * Plain words for a failure to write somarkiv's own files, the log and the spool, or to use the log at
 * all (damaged, not a log, locked), which stops all work until a person acts; null for any other error. SQLite's "database or disk is full" and
 * the file system's ENOSPC say what happened but not where, nor what to do. `place` names the folder
 * by what put it there: "database:", or (not set) the configuration file's own place.
 */
export function localWriteFailure(e: unknown, place?: DataPlace): { what: string; fix: string } | null {
  // Without "database:" the way to put the log elsewhere is to set it, which the file does not have yet.
  const orSet = (where: string) => place?.databaseUnset ? `, or set "database:" in the configuration to a file ${where}, which puts the log and the spool there` : "";
  const err = e as { code?: unknown; message?: unknown } | null;
  const message = String(err?.message ?? e);
  const code = typeof err?.code === "string" ? err.code : "";
  if (code === "ENOSPC" || code === "SQLITE_FULL" || /no space left on device|database or disk is full/i.test(message)) {
    return { what: `the disk that holds somarkiv's log and spool is full (${message})`, fix: `Free space on it (${dataFolderSaid(place)})${orSet("on another disk")}.` };
  }
  // The file system itself is mounted read-only (a share mounted so, or one the kernel remounted after
  // errors): no permission makes it writable, only mounting it again.
  if (code === "EROFS" || /read-only file system/i.test(message)) {
    return { what: `somarkiv's log or spool is on a file system mounted read-only (${message})`, fix: `Ask IT to mount it writable again (it may have been remounted read-only after disk errors: check the disk), ${place?.databaseUnset ? `or set "database:" in the configuration to a file on a writable disk (the log is now in ${dataFolderSaid(place)})` : `or put "database:" in the configuration on a writable disk`}.` };
  }
  if (code.startsWith("SQLITE_READONLY")) {
    const service = process.env.INVOCATION_ID ? ` somarkiv runs as a systemd service, whose unit lets it write only in the folders of its ReadWritePaths (/var/lib/somarkiv as shipped): put the log there, or add its folder (systemctl edit somarkiv).` : "";
    return { what: `somarkiv's log or spool is on a disk it may not write to (${message})`, fix: `Make ${dataFolderSaid(place)} writable for somarkiv's user${orSet("in a folder it may write")}.${service}` };
  }
  // SQLite's own words ("database disk image is malformed", "file is not a database") name no file and
  // no way out; the records themselves are in the store, and the log comes back from its backup.
  if (code === "SQLITE_CORRUPT" || /database disk image is malformed/i.test(message)) {
    return { what: `somarkiv's log (${logFileSaid(place)}) is damaged (${message})`, fix: `Stop the worker, keep the store and the spool as they are, and put back the latest backup of the log (made with "somarkiv backup"); then "somarkiv recover" takes back the records made since that backup, which are safe in the store, and "somarkiv verify" checks the whole.` };
  }
  if (code === "SQLITE_NOTADB") {
    return { what: `${logFileSaid(place)} is not somarkiv's log, or not a database at all (${message})`, fix: place?.databaseUnset ? `If another file was put there, move it away (somarkiv makes its log there itself); if it is the log, it is damaged: put back its latest backup.` : `Check that "database:" names somarkiv's log (somarkiv.sqlite), not another file; if it is the log, it is damaged: put back its latest backup.` };
  }
  if (logLocked(e)) {
    return { what: `somarkiv's log was locked by another program for longer than somarkiv waits (${message})`, fix: `Close any program that has the log open for writing (a database browser, say), or stop a somarkiv process that hangs.` };
  }
  if (e instanceof FileInPlaceOfFolder) return { what: e.what, fix: e.fix };
  // A file where a folder should be, or a folder where none can be made (under /proc).
  if (code === "ENOTDIR" || (code === "ENOENT" && (err as { syscall?: unknown }).syscall === "mkdir")) {
    return { what: `somarkiv cannot make the folder for its log or spool (${message})`, fix: place?.databaseUnset
      ? `"database:" is not set in the configuration, so somarkiv keeps its log and spool in ${place.dataDir}, which follows from where the configuration file is: somarkiv's user must be able to make folders and files there (move a file that stands in the way)${orSet("in a folder where it can")}.`
      : `Check "database:" in the configuration: it must name a file in a folder where somarkiv's user can make folders and files.` };
  }
  if (code === "EACCES" || code === "EPERM" || code === "SQLITE_CANTOPEN") {
    const foreign = foreignOwner(typeof (err as { path?: unknown }).path === "string" ? (err as { path: string }).path : undefined);
    // A log this user may not even read (status or records run by someone outside somarkiv's group): said as reading.
    const unreadable = place?.database ? cannotRead(place.database) : undefined;
    if (unreadable) {
      const whose = foreign ? `: it belongs to the user ${foreign.owner}, and this command runs as ${foreign.me}` : "";
      return { what: `somarkiv's log ${unreadable} cannot be read by this user${whose}`, fix: `Run the command as ${foreign ? `the user ${foreign.owner}` : "somarkiv's user"}, or give this user read access to the log (somarkiv's group may read it: add the user to that group).` };
    }
    if (foreign) return { what: `somarkiv's log or spool cannot be written: ${foreign.path} belongs to the user ${foreign.owner}, and somarkiv runs as ${foreign.me} here`, fix: foreignOwnerFix(foreign) };
    return { what: `somarkiv's log or spool cannot be written (${message})`, fix: place?.databaseUnset ? `Give somarkiv's user write access to ${dataFolderSaid(place)}${orSet("in a folder it may write")}.` : `Give somarkiv's user write access to the folder of "database:" in the configuration, and check that the path is right.` };
  }
  return null;
}

/** The log's write lock was held by another program (or process) for longer than busy_timeout. */
export function logLocked(e: unknown): boolean {
  const err = e as { code?: unknown; message?: unknown } | null;
  return err?.code === "SQLITE_BUSY" || /database is locked/i.test(String(err?.message ?? e));
}

/** The log file, or the folder it is in, when this user may not read it; undefined when it may (or the file is not there). */
function cannotRead(file: string): string | undefined {
  for (const p of [path.dirname(file), file]) {
    try {
      fs.accessSync(p, p === file ? fs.constants.R_OK : fs.constants.R_OK | fs.constants.X_OK);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      return file;
    }
  }
  return undefined;
}

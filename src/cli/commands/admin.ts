import { agreeing, counted } from "../../words/counted.ts";
import { windowsPath } from "../../config/index.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parse } from "../args.ts";
import { openLogAsReader, openPipeline, readConfig, refuseRootOverServiceData, selectAccounts } from "../context.ts";
import { UsageError, EXIT } from "../errors.ts";
import { print, printData, progressLine } from "../progress.ts";
import { RecordLog, logFileState, logIsNew, restoreEventGuards } from "../../log/index.ts";
import { saveLoginSession, secretVariables } from "../../capture/index.ts";
import { makeFolderSync, PRIVATE_FOLDER } from "../../storage/folder.ts";
import { recoverFromStore } from "../../record/recover.ts";
import { logOlderSaid } from "../../record/taken-back.ts";

/** Sessions live outside the repository by default, readable only by the operator's account. */
export function defaultSessionPath(accountId: string): string {
  const base = process.env.SOMARKIV_SESSIONS ?? path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "somarkiv", "sessions");
  return path.join(base, `${accountId}.json`);
}

export async function loginCommand(args: string[]): Promise<number> {
  const { values } = parse("login", args, { account: { type: "string" } });
  if (!values.account) throw new UsageError("login needs the account: somarkiv login --account ID");
  const config = readConfig(values);
  const [account] = selectAccounts(config, [values.account]);
  const file = account.login?.storageState ?? defaultSessionPath(account.id);
  // The sign-in needs a window a person can use; on a server without a screen Chromium only says it closed.
  if (process.platform === "linux" && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    throw new UsageError(`login opens a browser window for a person to sign in, and this machine has no screen to show it on (neither DISPLAY nor WAYLAND_DISPLAY is set). Run "somarkiv login --account ${account.id}" on a computer with a desktop, or over "ssh -X", then copy the saved session file here (readable only by somarkiv's user) and name it in the account's login.storageState.`);
  }
  print(`A browser window opens at ${account.url}. Sign in with the account's organisation login, then press Enter here (or close the window).`);
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const enter = new Promise<void>((resolve) => rl.once("line", () => resolve()).once("close", () => resolve()));
  try {
    const r = await saveLoginSession({ url: account.url, storageStatePath: file, browserSetting: config.capture.browser, secrets: secretVariables(config), waitForClose: enter, locale: config.capture.locale, viewport: config.capture.viewport })
      .catch((e: unknown) => {
        // A screen named but not there (an ssh session whose forwarding ended, a display that was
        // shut down): Chromium only says it closed, which does not point at the screen.
        if (!/could not be started/.test(String((e as Error)?.message))) throw e;
        const screen = process.env.WAYLAND_DISPLAY ? `WAYLAND_DISPLAY=${process.env.WAYLAND_DISPLAY}` : `DISPLAY=${process.env.DISPLAY ?? ""}`;
        throw new Error(`No browser window could be opened on the screen this session names (${screen}): nothing answered there, or the browser is missing. Check that the desktop or the "ssh -X" connection is still open, or run "somarkiv login --account ${account.id}" on a computer with a desktop and copy the saved session file here. (${String((e as Error).message).split("\n")[0]})`);
      });
    print(`Saved the session (${r.cookies} cookies) in ${r.storageStatePath}, readable only by you (mode 0600).`);
    if (!account.login) print(`Add this to the account "${account.id}" in ${config.source} so captures use it:\n    login: { storageState: ${r.storageStatePath} }`);
    return EXIT.ok;
  } finally {
    rl.close();
  }
}

/** The folder a backup goes in, made when it is not there; a failure names it, not the log's setting. */
function backupFolder(dir: string): void {
  try {
    makeFolderSync(dir, PRIVATE_FOLDER);
  } catch (e) {
    // The path is the command's own, so the message is of it, not of "the path in the configuration"
    // that the folder helper's own words name; a file there is most often an earlier backup (a release
    // before 0.2.0 wrote "backup /var/backups/somarkiv/" to a file of that name when no folder was there).
    if ((e as NodeJS.ErrnoException).code === "ENOTDIR") {
      const file = (e as { path?: string }).path ?? dir;
      throw new BackupPlaceError(`${file} is a file, not a folder, so the backup cannot be put in it (it may be an earlier backup, written to that name: look at it with "ls -l ${file}" before anything else). Give a folder that is not there yet, or the name of the file the backup should get; nothing was written.`);
    }
    throw new BackupPlaceError(`the folder ${dir} for the backup cannot be made or used (${(e as Error).message.split("\n")[0]}). Give a folder somarkiv's user may write in; nothing was written.`);
  }
}

/** A backup's destination that cannot be written: exit 1, and the message is about the PATH given. */
class BackupPlaceError extends Error {}

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("backup", args, {}, true);
  if (positionals.length !== 1) throw new UsageError("backup needs the file to write, or a folder to write it in: somarkiv backup PATH");
  // As in the configuration: "D:\\backup\\" made a folder of that name here, and the copy was never on D:.
  const windows = windowsPath(positionals[0]!);
  if (windows) throw new UsageError(`${positionals[0]} is a Windows path (${windows}); this server sees a Windows disk or share only where it is mounted: give the folder as the server sees it, for example /mnt/backup. Nothing was copied.`);
  const config = readConfig(values);
  if (logFileState(config.database) === "not there") throw new UsageError(`There is no log at ${config.database} yet; nothing to back up.`);
  let dest = path.resolve(positionals[0]!);
  // A folder (a backup disk, a nightly cron line) gets a dated file of its own, as cp puts a file
  // inside one; so does a name that ends in a slash, which names a folder, made if it is not there.
  if (isFolder(dest) || /[\\/]$/.test(positionals[0]!)) {
    backupFolder(dest);
    // Two in the same second (a cron line and a person) get -2, -3: "already exists; give a folder" was said of a folder.
    const folder = dest, stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, "");
    for (let n = 1; n === 1 || fs.existsSync(dest); n++) dest = path.join(folder, `somarkiv-${stamp}${n > 1 ? `-${n}` : ""}.sqlite`);
  }
  if (fs.existsSync(dest)) throw new UsageError(`${dest} already exists; backup never overwrites. Give a new file name, or a folder to write a dated copy in.`);
  backupFolder(path.dirname(dest));
  // Written under another name and given its own only once whole and checked: a copy cut short (a full
  // disk, a killed command) is never left looking like a backup.
  const partial = `${dest}.partial-${process.pid}`;
  // The copy holds what the log holds: made private before a byte is written, given the log's own mode once whole.
  const mode = fs.statSync(config.database).mode & 0o777;
  try {
    fs.closeSync(fs.openSync(partial, "wx", 0o600));
    // Read only where it cannot be written: a disk remounted read-only after errors is when a copy is wanted most.
    const { log } = openLogAsReader(config.database, config);
    try {
      progressLine(`backup: copying ${config.database} to ${dest} (the worker may keep running)`);
      await log.backup(partial);
    } finally {
      log.close();
    }
    const copy = RecordLog.open(partial, { readonly: true });
    let check: unknown, n: number;
    try {
      check = copy.db.pragma("integrity_check", { simple: true });
      n = (copy.db.prepare("SELECT COUNT(*) AS n FROM records").get() as { n: number }).n;
    } finally {
      copy.close();
    }
    if (check !== "ok") {
      process.stderr.write(`The copy failed SQLite's integrity check (${String(check)}), so no backup was written to ${dest}. Run "somarkiv verify" to check the log itself.\n`);
      return EXIT.failed;
    }
    fs.chmodSync(partial, mode);
    giveName(partial, dest);
    print(`Backed up the log (${n} records) to ${dest}; the copy passed SQLite's integrity check.`);
    return EXIT.ok;
  } finally {
    fs.rmSync(partial, { force: true });
  }
}

/**
 * The finished copy takes its name without replacing a file that appeared meanwhile: a hard link fails
 * where one exists, a rename would not. Disks without hard links (a Windows share, a FAT stick) get the rename.
 */
function giveName(partial: string, dest: string): void {
  try {
    fs.linkSync(partial, dest);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new UsageError(`${dest} appeared while the copy was made; backup never overwrites. Give a new file name.`);
    if (fs.existsSync(dest)) throw e;
    fs.renameSync(partial, dest);
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * After the log was restored from an older backup: the records the store holds and the log lost are
 * taken back, and delivered again, since whether they reached the registrar is not known.
 */
export async function recoverCommand(args: string[]): Promise<number> {
  const { values } = parse("recover", args, { json: { type: "boolean" }, "new-log": { type: "boolean" }, "from-other-installation": { type: "boolean" } });
  const config = readConfig(values);
  refuseRootOverServiceData(config);
  const fresh = logIsNew(config.database);
  if (fresh && !values["new-log"]) {
    const state = logFileState(config.database) === "not there" ? `There is no log at ${config.database}` : `The log ${config.database} knows no record`;
    throw new UsageError(`${state}. Put back the latest backup of the log there first (made with "somarkiv backup"), then run recover to take back the records made since: the backup keeps the diary numbers recorded until it was made. With no backup at all, "somarkiv recover --new-log" makes a new log and takes back every record the store holds.`);
  }
  if (!fresh && values["new-log"]) {
    throw new UsageError(`--new-log is for when no log is left, and ${config.database} is a log that knows records. Run "somarkiv recover" without it to take back the records it lacks.`);
  }
  const ctx = openPipeline(config, progressLine);
  try {
    progressLine(`recover: looking in ${ctx.store.description} for records the log ${config.database} does not know`);
    // The events' guards, dropped outside somarkiv (verify names it), are put back here and only here.
    const guardsPutBack = restoreEventGuards(ctx.log.db);
    if (guardsPutBack.length) progressLine(`recover: put back the log's guard${guardsPutBack.length > 1 ? "s" : ""} against changing or removing events (${guardsPutBack.join(", ")}), removed outside somarkiv; find out who removed ${guardsPutBack.length > 1 ? "them" : "it"}`);
    const report = await recoverFromStore(ctx.log, ctx.store, ctx.targets.map((t) => t.name), progressLine, { fromOtherInstallation: values["from-other-installation"] === true, newLog: values["new-log"] === true, spool: ctx.spool });
    const refused = report.otherInstallations && !values["from-other-installation"];
    if (values.json) printData(JSON.stringify({ ...report, ...(guardsPutBack.length ? { guardsPutBack } : {}) }, null, 2));
    else if (refused) {
      const named = [...new Set(report.otherInstallations!.map((o) => o.installation))];
      print(`Nothing was taken back: another somarkiv installation writes to ${ctx.store.description} (its log ${named.join(", ")}; ${otherObjectsSaid(report.otherInstallations!)}), so the records this log does not know are that installation's, not ones this log lost from a backup.`);
      print(`Stop one of the two installations (its worker and its timers), the one on the server no longer to be used, and keep using the other's log. Only if that installation is gone for good (its disk died, and this log was put back from a backup of its log) run "somarkiv recover --from-other-installation" to take its records into this log.`);
    } else {
      if (report.rowsRewritten.length) print(`Wrote back into the ${agreeing(report.rowsRewritten.length, "row", "rows")} of ${counted(report.rowsRewritten.length, "record")} changed in the log by hand what their chained capture events hold: ${report.rowsRewritten.map((r) => `${r.recordId} (${r.fields.join(", ")})`).join("; ")}. Nothing was delivered again.${waitingSaid(report.rowsRewritten.map((r) => r.recordId).filter((id) => ctx.log.records.get(id)?.status === "captured"))} Find out who changed them: the log was changed outside somarkiv.`);
      if (report.failedRowsRewritten.length) print(`Wrote back into the ${agreeing(report.failedRowsRewritten.length, "row", "rows")} of ${counted(report.failedRowsRewritten.length, "failed attempt")} changed in the log by hand what their chained failure events hold: ${report.failedRowsRewritten.map((r) => `${r.recordId} (${r.fields.join(", ")})`).join("; ")}. A failed attempt has no files, so nothing was stored or delivered. Find out who changed them: the log was changed outside somarkiv.`);
      if (report.rowsRebuilt.length) {
        print(`Wrote again the ${agreeing(report.rowsRebuilt.length, "row", "rows")} of ${counted(report.rowsRebuilt.length, "record")} removed from the log by hand, as their own events make them: ${report.rowsRebuilt.map((r) => `${r.recordId} (${r.status}${r.dnr ? `, diary number ${r.dnr}` : ""})`).join(", ")}.`);
        print(`Their diary numbers and the deliveries already made are kept, so nothing is delivered again. Find out who removed them: the log was changed outside somarkiv.`);
      }
      if (report.takenBack.length === 0 && report.notTaken.length === 0 && report.rowsRebuilt.length === 0 && report.rowsRewritten.length === 0 && report.failedRowsRewritten.length === 0) print(`The log knows every record in ${ctx.store.description}; nothing to take back.`);
      if (report.takenBack.length) {
        print(`Took back ${counted(report.takenBack.length, "record")} from ${ctx.store.description} into the log, as stored: ${report.takenBack.map((t) => t.recordId).join(", ")}.`);
        print(`Whether they reached the registrar before the log was lost is not known, so "somarkiv deliver" or the worker delivers them again; the registrar may have some of them already, under the same record id. Diary numbers given to them since must be recorded again with "somarkiv registered".`);
      }
      if (report.logOlder) for (const line of logOlderSaid(report.logOlder)) print(line);
      if (report.anchorsSetAside.length) print(`Set aside ${counted(report.anchorsSetAside.length, "proof")} in the store of the longer log that was lost; "somarkiv verify" says so each time.`);
      if (report.notTaken.length) {
        print(`Could not take back ${counted(report.notTaken.length, "object")}; they stay in the store as they are, and "somarkiv verify" names them:`);
        for (const n of report.notTaken) print(`  ${n.key}: ${n.why}`);
      }
    }
    return report.notTaken.length || refused ? EXIT.failed : EXIT.ok;
  } finally {
    await ctx.close();
  }
}

/** The objects that show another installation: its proofs of its log's head, the manifests that name its log; the first five of each. */
function otherObjectsSaid(found: Array<{ key: string; seq?: number }>): string {
  const proofs = found.filter((o) => o.seq !== undefined).map((o) => o.key);
  const records = found.filter((o) => o.seq === undefined).map((o) => o.key);
  const some = (keys: string[]) => `${keys.slice(0, 5).join(", ")}${keys.length > 5 ? ` and ${keys.length - 5} more` : ""}`;
  return [
    ...(proofs.length ? [`its proofs ${some(proofs)}`] : []),
    ...(records.length ? [`the manifest${records.length === 1 ? "" : "s"} ${some(records)}, which name${records.length === 1 ? "s" : ""} its log as the maker`] : []),
  ].join("; ");
}

/** Rows written back of records still in the spool: the next delivery stores them, as captured. */
function waitingSaid(ids: string[]): string {
  return ids.length ? ` ${ids.join(", ")} ${ids.length === 1 ? "waits" : "wait"} in the spool, not stored yet: "somarkiv deliver" (or the worker's next wake) now stores and delivers ${ids.length === 1 ? "it" : "them"} as captured.` : "";
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { parse } from "../args.ts";
import { readConfig, selectAccounts } from "../context.ts";
import { UsageError, EXIT } from "../errors.ts";
import { print, progressLine } from "../progress.ts";
import { RecordLog } from "../../log/index.ts";
import { saveLoginSession } from "../../capture/index.ts";
import { makeFolderSync } from "../../storage/folder.ts";

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
    const r = await saveLoginSession({ url: account.url, storageStatePath: file, browserSetting: config.capture.browser, waitForClose: enter, locale: config.capture.locale, viewport: config.capture.viewport })
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

export async function backupCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("backup", args, {}, true);
  if (positionals.length !== 1) throw new UsageError("backup needs the file to write: somarkiv backup PATH");
  const config = readConfig(values);
  if (!fs.existsSync(config.database)) throw new UsageError(`There is no log at ${config.database} yet; nothing to back up.`);
  const dest = path.resolve(positionals[0]);
  if (fs.existsSync(dest)) throw new UsageError(`${dest} already exists; backup never overwrites. Give a new file name.`);
  makeFolderSync(path.dirname(dest));
  const log = RecordLog.open(config.database);
  try {
    progressLine(`backup: copying ${config.database} to ${dest} (the worker may keep running)`);
    await log.backup(dest);
  } finally {
    log.close();
  }
  const copy = RecordLog.open(dest, { readonly: true });
  const check = copy.db.pragma("integrity_check", { simple: true });
  const n = (copy.db.prepare("SELECT COUNT(*) AS n FROM records").get() as { n: number }).n;
  copy.close();
  if (check !== "ok") {
    process.stderr.write(`The copy ${dest} failed SQLite's integrity check (${String(check)}); do not rely on it.\n`);
    return EXIT.failed;
  }
  print(`Backed up the log (${n} records) to ${dest}; the copy passed SQLite's integrity check.`);
  return EXIT.ok;
}

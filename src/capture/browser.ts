import fs from "node:fs";
import crypto from "node:crypto";
import { createRequire } from "node:module";
import type { Browser } from "playwright-core";
import type { Config } from "../config/schema.ts";
import { tempFolderNotWritable } from "./temp-folder.ts";
import { leftFoldersSaid, removeLeftProfiles } from "./left-profiles.ts";
import { HEADLESS_SHELL_MARK } from "./decisions.ts";

export interface BrowserHandle {
  browser: Browser;
  version: string;
  /** The user agent pages are told: a person's Chrome of the same version (see personUserAgent). */
  userAgent: string;
  /** Process id of the main Chromium process, to check that nothing is left behind. */
  pid: number | undefined;
  /** Closes the browser; kills it when it does not close by itself. Leaves no Chromium process behind. */
  close(): Promise<void>;
  /** Work the browser should finish before it closes (a context closing in the background). */
  track(work: Promise<unknown>): void;
  /** Resolves when the tracked work is done: every finished capture's context is closed. */
  idle(): Promise<void>;
}

/**
 * The user agent of a person's Chrome of this version on Linux, as Chrome sends it (minor version
 * numbers reduced to 0). The headless browser's own names it "HeadlessChrome", which many sites
 * answer with a bot check or another page than the one their visitors see.
 */
export function personUserAgent(version: string): string {
  const major = /^(\d+)/.exec(version)?.[1] ?? "0";
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`;
}

export const CHROMIUM_ARGS = [
  // Chromium's sandbox cannot run as root, nor under the service unit, which forbids the user
  // namespaces it needs (RestrictNamespaces): the unit and its user are the sandbox, and the browser
  // is given no secrets (see browserEnvironment). Said in README, "Running it for real".
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
  "--hide-scrollbars",
  "--mute-audio",
  // Every site in a process of its own, as in a person's browser: the headless shell does not do
  // this by itself, and a frame from another site whose script ran away froze the whole page.
  "--site-per-process",
  // navigator.webdriver stays false, as in a person's browser: sites that see it true show a
  // bot check or a reduced page instead of the account's page.
  "--disable-blink-features=AutomationControlled",
  // Chromium keeps a spare renderer process warm for the next page; somarkiv keeps its own spare
  // context (see capture.ts), so Chromium's would only be one more process in memory.
  "--disable-features=SpareRendererForSitePerProcess",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/**
 * Chromium's headless shell (Debian's chromium-headless-shell, the same engine and version as its
 * chromium) is the browser without the desktop browser around it. For the same eight captures it
 * used a third less CPU and a quarter less memory than `chromium --headless` (2026-11-26). It cannot
 * show a window, so a visible browser (`somarkiv login`) is always the full one.
 */
const HEADLESS_CANDIDATES = [
  // The program itself first: Debian's /usr/bin/chromium-headless-shell is a shell script that runs it
  // without exec, one more process between us and the browser.
  "/usr/lib/chromium/chromium-headless-shell",
  "/usr/bin/chromium-headless-shell",
];

/**
 * The browsers to try, in order: "auto" searches the usual places, the headless shell first when
 * no window is needed, then the full browser should the shell not start (a broken install must
 * not stop the captures); anything else is a path that must exist, and the only one tried.
 */
export function findChromiums(setting: string, exists: (p: string) => boolean = isExecutable, headless = false): string[] {
  if (setting && setting !== "auto") {
    if (!exists(setting)) {
      throw new Error(`The browser named in the configuration (capture.browser: ${setting}) does not exist or cannot be run. Set it to "auto" or to the path of a Chromium program.`);
    }
    return [setting];
  }
  const shell = headless ? HEADLESS_CANDIDATES.find((p) => exists(p)) : undefined;
  const full = CANDIDATES.find((p) => exists(p));
  const found = [shell, full].filter((p): p is string => p !== undefined);
  if (found.length === 0) {
    throw new Error(`No Chromium browser was found (looked for ${CANDIDATES.join(", ")}). Install it, on Debian with: apt-get install chromium — or set capture.browser to the path of a Chromium program.`);
  }
  return found;
}

/** The browser to use first (see findChromiums). */
export function findChromium(setting: string, exists: (p: string) => boolean = isExecutable, headless = false): string {
  return findChromiums(setting, exists, headless)[0]!;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * What of somarkiv's environment the browser is given. Playwright passes the whole of it by default,
 * and the browser opens pages nobody here controls: the store's keys (AWS_*), the intake's token and
 * the mail password stood in /proc/<pid>/environ of every Chromium process. It gets what it needs to
 * start, draw text and find its files, and nothing named as, or holding, a secret.
 */
const BROWSER_NEEDS = /^(PATH|HOME|USER|LOGNAME|LANG|LANGUAGE|LC_[A-Z_]+|TZ|TMPDIR|XDG_[A-Z_]+|FONTCONFIG_[A-Z_]+|DBUS_[A-Z_]+|DISPLAY|WAYLAND_DISPLAY|XAUTHORITY|PW_[A-Z0-9_]+|DEBUG|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy)$/;

/** A name that says it holds a secret, or an address with a user and password in it. */
const SECRET_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL/i;
const CREDENTIALS_IN_ADDRESS = /[a-z][a-z0-9+.-]*:\/\/[^/\s@]*:[^/\s@]*@/i;

/** The environment variables that hold the configuration's secrets (tokenEnv, smtpUrlEnv): never the browser's. */
export function secretVariables(config: Pick<Config, "intake">): string[] {
  return (config.intake ?? []).flatMap((i) => (i.type === "email" ? [i.smtpUrlEnv] : i.type === "http" && i.tokenEnv ? [i.tokenEnv] : []));
}

export function browserEnvironment(env: NodeJS.ProcessEnv = process.env, secrets: string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || !BROWSER_NEEDS.test(name) || secrets.includes(name)) continue;
    if (SECRET_NAME.test(name) || CREDENTIALS_IN_ADDRESS.test(value)) continue;
    out[name] = value;
  }
  return out;
}

let playwrightHandlesSignals = true;

/**
 * For the long-running worker, which handles SIGINT/SIGTERM/SIGHUP itself and closes the browser after the
 * capture in progress. Without this, Playwright closes every browser the moment such a signal arrives and
 * the capture in progress fails. Browsers are still killed when the process exits.
 */
export function leaveSignalsToCaller(): void {
  playwrightHandlesSignals = false;
}

export interface LaunchOptions {
  headless?: boolean;
  /** Told when a browser could not be started and the next one is tried; stderr by default. */
  onFallback?: (message: string) => void;
  /** Environment variables the browser must not be given, besides those it never is (see browserEnvironment). */
  secrets?: string[];
}

export async function launchBrowser(setting: string, opts: LaunchOptions = {}): Promise<BrowserHandle> {
  return launchFirst(findChromiums(setting, isExecutable, opts.headless ?? true), opts);
}

/** The browser of one run, started when first needed. */
export interface BrowserSupply {
  get(): Promise<BrowserHandle>;
  /** Closes the browser, if one was started. */
  close(): Promise<void>;
}

/** How long a browser may take to say its version before it counts as no longer answering. */
const ANSWER_MS = 10_000;

/** Whether the browser still answers a call: one that hangs (every call waiting for ever) does not. */
async function answers(handle: BrowserHandle): Promise<boolean> {
  return (await within(ping(handle), ANSWER_MS)) === true;
}

/** One call to the browser itself; settles true when it answers, false when it is gone, never while it hangs. */
export function ping(handle: BrowserHandle): Promise<boolean> {
  if (!handle.browser.isConnected()) return Promise.resolve(false);
  return (async () => {
    const cdp = await handle.browser.newBrowserCDPSession();
    try { await cdp.send("Browser.getVersion"); } finally { await cdp.detach().catch(() => undefined); }
    return true;
  })().catch(() => false);
}

/**
 * A browser that died during the run (the kernel's out-of-memory killer, a crash), or that no
 * longer answers, is replaced for the pages still to come; the captures it was running have
 * failed (browser-error, or timeout for one that hung).
 */
export function browserSupply(setting: string, progress: (line: string) => void, secrets: string[] = []): BrowserSupply {
  let current: BrowserHandle | undefined;
  let starting: Promise<BrowserHandle> | undefined;
  return {
    async get() {
      const old = current;
      if (old && !(await answers(old)) && current === old) {
        current = undefined;
        starting = undefined;
        progress(old.browser.isConnected()
          ? "the browser no longer answers; stopping it and starting a new one for the accounts still to do"
          : "the browser stopped unexpectedly; starting a new one for the accounts still to do");
        await old.close().catch(() => undefined);
      }
      starting ??= launchBrowser(setting, { onFallback: progress, secrets }).then((b) => (current = b));
      return starting;
    },
    async close() {
      await current?.close();
    },
  };
}

/** Starts the first of the programs that starts; the error of the last one when none does. */
export async function launchFirst(programs: string[], opts: LaunchOptions = {}): Promise<BrowserHandle> {
  const fallback = opts.onFallback ?? ((m: string) => { process.stderr.write(`${m}\n`); });
  // No browser starts without its profile folder: said plainly, and no other browser tried for it.
  const noTemp = tempFolderNotWritable();
  if (noTemp) throw new Error(noTemp);
  const left = leftFoldersSaid(removeLeftProfiles());
  if (left) fallback(left);
  for (const [i, program] of programs.entries()) {
    try {
      return await launchOne(program, opts.headless ?? true, opts.secrets ?? []);
    } catch (e) {
      const next = programs[i + 1];
      if (next === undefined) throw e;
      const repair = /headless-shell/.test(program) ? " To repair the headless shell: apt-get install --reinstall chromium-headless-shell" : "";
      fallback(`${(e as Error).message}. Captures use ${next} instead, which takes more CPU.${repair}`);
    }
  }
  throw new Error("No browser program was given.");
}

async function launchOne(executablePath: string, headless: boolean, secrets: string[]): Promise<BrowserHandle> {
  // Launched in this process, not as a browser server reached over a WebSocket: every call and
  // every screenshot would otherwise be encoded and decoded twice more in this same process.
  // A marker on the command line finds the browser's process, so a browser that hangs can be killed.
  const marker = `--somarkiv-browser=${process.pid}-${crypto.randomUUID()}`;
  let browser: Browser;
  try {
    // Loaded here, not at the top: config check and status, which only look for the browser, need not load Playwright.
    // Required, not imported: Playwright is one CommonJS file of megabytes, which an import first reads
    // through whole for the names it exports (a sixth of a second of processor time at every launch).
    const { chromium } = createRequire(import.meta.url)("playwright-core") as typeof import("playwright-core");
    browser = await chromium.launch({
      executablePath, headless, args: [...CHROMIUM_ARGS, marker], timeout: 60_000, env: browserEnvironment(process.env, secrets),
      handleSIGINT: playwrightHandlesSignals, handleSIGTERM: playwrightHandlesSignals, handleSIGHUP: playwrightHandlesSignals,
    });
  } catch (e) {
    throw new Error(`The browser at ${executablePath} could not be started: ${launchFailure(String((e as Error).message ?? e))}`);
  }
  const pid = findProcess(marker);
  let closed: Promise<void> | null = null;
  const pending = new Set<Promise<unknown>>();
  return {
    browser,
    // The record names the program that took it: the headless shell draws with the same engine.
    version: `Chromium ${browser.version()}${/headless-shell/.test(executablePath) ? HEADLESS_SHELL_MARK : ""}`,
    userAgent: personUserAgent(browser.version()),
    pid,
    track(work) {
      const p = work.catch(() => undefined).finally(() => pending.delete(p));
      pending.add(p);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      closed ??= (async () => {
        // Contexts still closing finish first; then the browser. Ten seconds for both, then it is killed.
        const graceful = (async () => { await Promise.all([...pending]); await browser.close(); })();
        const ok = await within(graceful.then(() => true, () => false), 10_000);
        if (ok !== true || (pid !== undefined && isRunning(pid))) kill(pid);
      })();
      return closed;
    },
  };
}

/**
 * Playwright's first line ("Target page, context or browser has been closed") does not say why; the
 * program's own last complaint in the browser log usually does (a missing library, a bad flag).
 */
function launchFailure(message: string): string {
  const [first = "", ...rest] = message.split("\n");
  const logs = rest.join("\n").split(/\nCall log:/)[0] ?? "";
  const complaints = [...logs.matchAll(/^\[pid=\d+\]\[err\] (.+)$/gm)].map((m) => m[1]!.trim()).filter(Boolean);
  const last = complaints.at(-1);
  return last ? `${first} (it said: ${last})` : first;
}

/** The browser's main process: started by this process, with the marker on its command line. */
function findProcess(marker: string): number | undefined {
  let names: string[];
  try { names = fs.readdirSync("/proc"); } catch { return undefined; }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) !== process.pid) continue;
      if (fs.readFileSync(`/proc/${name}/cmdline`, "utf8").split("\0").includes(marker)) return Number(name);
    } catch { /* ended while we looked */ }
  }
  return undefined;
}

function isRunning(pid: number): boolean {
  try {
    // A zombie still answers signal 0; its state in /proc says it is gone.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Playwright starts the browser as the leader of its own process group: the group goes, renderers and all. */
function kill(pid: number | undefined): void {
  if (pid === undefined) return;
  try { process.kill(-pid, "SIGKILL"); } catch { /* no such group */ }
  try { process.kill(pid, "SIGKILL"); } catch { /* already gone */ }
}

/** What `within` gives for work that was not done in time. */
export const LATE = Symbol("late");

/**
 * The work's result, or LATE once `ms` have passed. The timer is cleared either way: a timer
 * left running holds the process (it kept every command ten seconds past its end).
 */
export async function within<T>(work: Promise<T>, ms: number): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<typeof LATE>((r) => { timer = setTimeout(() => r(LATE), ms); });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

import fs from "node:fs";
import { chromium, type Browser, type BrowserServer } from "playwright-core";

export interface BrowserHandle {
  browser: Browser;
  version: string;
  /** Process id of the main Chromium process, to check that nothing is left behind. */
  pid: number | undefined;
  /** Closes the browser; kills it when it does not close by itself. Leaves no Chromium process behind. */
  close(): Promise<void>;
  /** Work the browser should finish before it closes (a context closing in the background). */
  track(work: Promise<unknown>): void;
  /** Resolves when the tracked work is done: every finished capture's context is closed. */
  idle(): Promise<void>;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-dev-shm-usage",
  "--hide-scrollbars",
  "--mute-audio",
];

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];

/** Finds the browser to use: "auto" searches the usual places; anything else is a path that must exist. */
export function findChromium(setting: string, exists: (p: string) => boolean = isExecutable): string {
  if (setting && setting !== "auto") {
    if (!exists(setting)) {
      throw new Error(`The browser named in the configuration (capture.browser: ${setting}) does not exist or cannot be run. Set it to "auto" or to the path of a Chromium program.`);
    }
    return setting;
  }
  const found = CANDIDATES.find((p) => exists(p));
  if (!found) {
    throw new Error(`No Chromium browser was found (looked for ${CANDIDATES.join(", ")}). Install it, on Debian with: apt-get install chromium — or set capture.browser to the path of a Chromium program.`);
  }
  return found;
}

function isExecutable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
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

export async function launchBrowser(setting: string, opts: { headless?: boolean } = {}): Promise<BrowserHandle> {
  const executablePath = findChromium(setting);
  // A browser server, not a plain launch, so we own the process and can kill it if it hangs.
  let server: BrowserServer;
  try {
    server = await chromium.launchServer({
      executablePath, headless: opts.headless ?? true, args: CHROMIUM_ARGS, timeout: 60_000,
      handleSIGINT: playwrightHandlesSignals, handleSIGTERM: playwrightHandlesSignals, handleSIGHUP: playwrightHandlesSignals,
    });
  } catch (e) {
    throw new Error(`The browser at ${executablePath} could not be started: ${String((e as Error).message ?? e).split("\n")[0]}`);
  }
  let browser: Browser;
  try {
    browser = await chromium.connect(server.wsEndpoint(), { timeout: 30_000 });
  } catch (e) {
    await server.kill().catch(() => undefined);
    throw new Error(`The browser at ${executablePath} started but could not be controlled: ${String((e as Error).message ?? e).split("\n")[0]}`);
  }
  const proc = server.process();
  let closed: Promise<void> | null = null;
  const pending = new Set<Promise<unknown>>();
  return {
    browser,
    version: `Chromium ${browser.version()}`,
    pid: proc.pid,
    track(work) {
      const p = work.catch(() => undefined).finally(() => pending.delete(p));
      pending.add(p);
    },
    async idle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    close() {
      closed ??= (async () => {
        // Contexts still closing finish first, within the same bound as the browser itself.
        await Promise.race([Promise.all([...pending]), sleep(10_000)]);
        const graceful = (async () => {
          await browser.close().catch(() => undefined);
          await server.close();
        })();
        const ok = await Promise.race([graceful.then(() => true, () => false), sleep(10_000).then(() => false)]);
        if (!ok || !hasExited(proc)) await server.kill().catch(() => undefined);
        if (!hasExited(proc) && proc.pid) {
          try { process.kill(proc.pid, "SIGKILL"); } catch { /* already gone */ }
        }
      })();
      return closed;
    },
  };
}

function hasExited(p: import("node:child_process").ChildProcess): boolean {
  return p.exitCode !== null || p.signalCode !== null;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, Math.max(0, ms)));
}

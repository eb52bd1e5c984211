/**
 * Logged-in capture: an administrator signs in once in a visible browser, and the session
 * (cookies and local storage) is saved for later captures, readable only by its owner.
 */
import fs from "node:fs";
import path from "node:path";
import type { BrowserContext } from "playwright-core";
import { isCapturableUrl } from "./decisions.ts";
import { launchBrowser } from "./browser.ts";

export interface LoginSessionOptions {
  url: string;
  /** Where to save the Playwright storage state; should be outside the repository. */
  storageStatePath: string;
  browserSetting: string;
  /** Resolves when the administrator is done (for example pressed Enter); the browser window closing also ends it. */
  waitForClose: Promise<void> | (() => Promise<void>);
  /** Visible browser by default; headless is for tests. */
  headless?: boolean;
  locale?: string;
  viewport?: { width: number; height: number };
  /** Environment variables holding the configuration's secrets, kept from the browser (see secretVariables). */
  secrets?: string[];
}

/** Writes a storage state file with mode 0600, creating missing parent folders with mode 0700. */
export async function writeStorageState(context: BrowserContext, file: string): Promise<void> {
  const state = await context.storageState();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

export async function saveLoginSession(opts: LoginSessionOptions): Promise<{ storageStatePath: string; cookies: number }> {
  if (!isCapturableUrl(opts.url)) throw new Error(`The address "${opts.url}" is not an http or https address.`);
  const handle = await launchBrowser(opts.browserSetting, { headless: opts.headless ?? false, secrets: opts.secrets ?? [] });
  try {
    const existing = fs.existsSync(opts.storageStatePath) ? opts.storageStatePath : undefined;
    const context = await handle.browser.newContext({
      locale: opts.locale ?? "sv-SE",
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      storageState: existing,
      serviceWorkers: "block",
      acceptDownloads: false,
    });
    const page = await context.newPage();
    await page.goto(opts.url, { waitUntil: "domcontentloaded", timeout: 60_000 }).catch(() => undefined);
    const done = typeof opts.waitForClose === "function" ? opts.waitForClose() : opts.waitForClose;
    // The administrator may simply close the window when signed in; save what the context holds then.
    const windowClosed = new Promise<void>((resolve) => page.on("close", () => resolve()));
    await Promise.race([done, windowClosed]);
    await writeStorageState(context, opts.storageStatePath);
    const cookies = (await context.cookies()).length;
    await context.close().catch(() => undefined);
    return { storageStatePath: opts.storageStatePath, cookies };
  } finally {
    await handle.close();
  }
}

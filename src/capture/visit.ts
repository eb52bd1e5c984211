/**
 * One visit of a page: a fresh browser context (a spare made ready while the capture before it
 * worked), its first page and the watches on it, under the capture's one deadline, and what the
 * capture says when that deadline passes, the tab crashes or the browser stops.
 */
import fs from "node:fs";
import type { BrowserContext, Page, Response } from "playwright-core";
import { CaptureFailure, withoutPassword, type CaptureOptions } from "./types.ts";
import type { BrowserHandle } from "./browser.ts";
import { LATE, ping, within } from "./browser.ts";
import { AutoconsentTracker } from "./consent.ts";
import { sessionReadableByOthers } from "./session-file.ts";
import { NetworkWatch } from "./network.ts";
import { InternalGuard } from "./internal-guard.ts";
import { DocumentAnswers } from "./document-answer.ts";
import { isCapturableUrl } from "./decisions.ts";
import { FIRST_LOOK, OPEN_SHADOW_ROOTS, TIMER_GATE } from "./page-scripts.ts";

/** One capture's page and what its steps learn of it, under the capture's deadline. */
export interface Visit {
  context: BrowserContext;
  page: Page;
  deadline: number;
  net: NetworkWatch;
  consentTracker: AutoconsentTracker;
  flags: Set<string>;
  /** What the page's own dialogs said (CaptureResult.pageDialogs). */
  dialogs: PageWords;
  /** A question about cookies asked with the page's own confirm(), answered no when it was dismissed. */
  cookieQuestion: { asked: boolean };
  /** The words of the consent button whose press gave the outcome (CaptureResult.consentButton). */
  consentButton?: string;
  /** Whether that button was a consent page's of its own (CaptureResult.consentPage). */
  consentPage?: boolean;
  /** The labels of the buttons of a consent dialog left over the page (CaptureResult.consentButtonsSeen). */
  consentButtonsSeen?: string[];
  /** Whether new documents are refused from now on (holdPage). */
  held: boolean;
  /** Where the first document refused would have taken the page (CaptureResult.heldNavigationTo). */
  heldTo?: string;
  /** The address the server answered the page's latest document from, after redirects (see reachedAddress). */
  documentUrl: string | null;
  /** The answer of the document the page shows now: never a download's (DocumentAnswers). */
  documentAnswer: Response | null;
  /**
   * Flags a revisit gave when parts were still coming, with the look that counts them: a part may
   * still come in the waits after it (a calendar whose server answers in 6 s), and is then in the picture.
   */
  stillComing?: Array<{ flag: string; pending: string }>;
  /** The refusal of the internal network, for an account whose address is on the internet; null for an internal one. */
  internal: InternalGuard | null;
  /** The words of the boxes over the page that Escape was pressed on (closeLoginPrompts): never pressed twice on one. */
  escapeTried?: Set<string>;
  /** Errors the page's own scripts threw (uncaught), with the first one's words: a page that shows nothing may be why. */
  scriptErrors: { count: number; first?: string };
  progress: (step: string) => void;
  remaining(): number;
}

/** A fresh context with its first page, autoconsent and the network watch in place, not yet used. */
interface Prepared {
  context: BrowserContext;
  page: Page;
  net: NetworkWatch;
  consentTracker: AutoconsentTracker;
  /** Its page's tab crashed while it waited (the kernel's out-of-memory killer takes a tab too): not to be used. */
  crashed: () => boolean;
}

async function prepareContext(handle: BrowserHandle, opts: CaptureOptions): Promise<Prepared> {
  const context = await handle.browser.newContext({
    userAgent: handle.userAgent,
    locale: opts.locale,
    timezoneId: opts.timezone,
    viewport: opts.viewport,
    screen: opts.viewport,
    deviceScaleFactor: 1,
    storageState: opts.storageStatePath,
    serviceWorkers: "block",
    acceptDownloads: false,
    javaScriptEnabled: true,
    colorScheme: "light",
    reducedMotion: "reduce",
  });
  try {
    await context.addInitScript({ content: OPEN_SHADOW_ROOTS });
    await context.addInitScript({ content: TIMER_GATE });
    await context.addInitScript({ content: FIRST_LOOK });
    await context.addInitScript({ content: NOTE_ARRIVAL });
    const net = new NetworkWatch();
    net.attach(context);
    const consentTracker = new AutoconsentTracker();
    await consentTracker.install(context);
    const page = await context.newPage();
    let crashed = false;
    page.on("crash", () => { crashed = true; });
    await tellBrands(context, page, handle);
    return { context, page, net, consentTracker, crashed: () => crashed };
  } catch (e) {
    await context.close().catch(() => undefined);
    throw e;
  }
}

/**
 * The browser brands the page is told (navigator.userAgentData, and the sec-ch-ua header of its
 * requests) as a person's Chromium of the same version gives them: the headless browser adds
 * "HeadlessChrome", which sites read as readily as the user agent. Frames from other sites, in
 * processes of their own, keep the browser's own list. The session stays open with the page: the
 * override lasts as long as the session that set it.
 */
async function tellBrands(context: BrowserContext, page: Page, handle: BrowserHandle): Promise<void> {
  const version = handle.browser.version();
  const major = version.split(".")[0];
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setUserAgentOverride", {
    userAgent: handle.userAgent,
    userAgentMetadata: {
      brands: [{ brand: "Chromium", version: major }, { brand: "Not:A-Brand", version: "8" }],
      fullVersionList: [{ brand: "Chromium", version }, { brand: "Not:A-Brand", version: "8.0.0.0" }],
      platform: "Linux", platformVersion: "", architecture: "x86", model: "", mobile: false,
    },
  });
}

/**
 * Opening a context and its first page (a new renderer process) takes a third of a second.
 * While one capture works, the context for the next one is made ready, so a run of many
 * accounts does not wait for it. Each capture still gets a context nobody has used: a spare
 * is only ever handed out once, and only for the same locale, time zone and viewport and no
 * login session (those captures make their own). A spare nobody takes closes with the browser;
 * the last capture of a run (anotherFollows false) makes none: a command that captures one account
 * started a renderer and set up its page for nothing, a twentieth of the command's CPU.
 * There is at most one spare, begun once the capture's own context is ready: at the start of a
 * run every lane asks at once, and a spare begun beside their contexts only slowed them down
 * (three renderers starting on two cores, 0.73 s instead of 0.49 s).
 */
const spares = new WeakMap<BrowserHandle, Map<string, Promise<Prepared | null>>>();

function spareKey(opts: CaptureOptions): string | null {
  return opts.storageStatePath ? null : JSON.stringify([opts.locale, opts.timezone, opts.viewport.width, opts.viewport.height]);
}

function prepareSpare(handle: BrowserHandle, opts: CaptureOptions, key: string): void {
  let byKey = spares.get(handle);
  if (!byKey) spares.set(handle, (byKey = new Map()));
  if (byKey.has(key)) return;
  byKey.set(key, prepareContext(handle, opts).catch(() => null));
}

async function takeContext(handle: BrowserHandle, opts: CaptureOptions): Promise<Prepared> {
  const key = spareKey(opts);
  if (key === null) return prepareContext(handle, opts);
  const waiting = spares.get(handle)?.get(key);
  spares.get(handle)?.delete(key);
  const spare = waiting ? await usableSpare(handle, waiting) : null;
  const own = spare || await prepareContext(handle, opts);
  if (opts.anotherFollows !== false) prepareSpare(handle, opts, key);
  return own;
}

/**
 * The spare context made ready for this capture, when it can be used. One whose tab crashed, or
 * that is not ready or does not answer within SPARE_ANSWER_MS (its tab killed while it was being
 * made, by the out-of-memory killer or a crash, before that could be heard), is closed, and the
 * capture makes another: it would otherwise wait out its whole bound on a page that never opens.
 */
async function usableSpare(handle: BrowserHandle, waiting: Promise<Prepared | null>): Promise<Prepared | null> {
  const until = Date.now() + SPARE_ANSWER_MS;
  const spare = await within(waiting, SPARE_ANSWER_MS);
  if (spare === LATE) {
    void waiting.then((p) => { if (p) handle.track(p.context.close()); });
    return null;
  }
  if (!spare) return null;
  if (!spare.crashed() && (await within(spare.page.evaluate("1").then(() => true, () => false), Math.max(1000, until - Date.now()))) === true) return spare;
  handle.track(spare.context.close());
  return null;
}

/** A failure this close to the capture's bound is the bound's: it is given the bound's message. */
const BOUND_MARGIN_MS = 250;

/** How long a spare context is given to be ready and answer before another is made in its place. */
const SPARE_ANSWER_MS = 10_000;

/**
 * How long before a capture's bound the browser is asked whether it still answers. Its answer must
 * have come by the bound: on a very busy machine a browser that works took more than two seconds,
 * and was called stopped.
 */
const PING_BEFORE_BOUND_MS = 5_000;

function timeoutMessage(opts: CaptureOptions, at: { answered: boolean; siteAnswered: boolean; pageAnswered: boolean; lastStep: string; stepReachedMs: number }): string {
  const head = `The capture of ${opts.url} did not finish within ${Math.round(opts.timeoutMs / 1000)} seconds and was stopped.`;
  if (!at.answered) return `${head} The browser itself had stopped answering (a fault of this machine's browser, not of the site); it is replaced for the accounts still to do, and this one is tried again on the next run.`;
  if (!at.siteAnswered) return `${head} The site did not answer: it may be down or very slow. It will be tried again on the next run.`;
  // The browser answered and the page did not: the page's own script kept its tab busy, as a script that never ends does.
  if (!at.pageAnswered) return `${head} The site answered, but the page itself stopped answering (at the step "${at.lastStep}"): its own scripts kept it busy without end, and a visitor's browser would freeze on it too, or offer to stop it. It will be tried again on the next run; if it fails again, look at the page in a browser.`;
  // When the step began tells a step that hung from steps before it that took the time.
  const reached = Math.round(at.stepReachedMs / 1000);
  return `${head} The site answered, but the capture was still at the step "${at.lastStep}", begun ${reached} second${reached === 1 ? "" : "s"} into it: a page that never stops loading or growing does this, and so does a machine that is very busy. It will be tried again on the next run; if it fails again, look at the page in a browser.`;
}

/**
 * Runs `work` in a fresh context under one deadline. When the deadline passes the context is
 * closed (which ends every pending browser call) and the capture fails with "timeout".
 */
export async function withVisit<T>(handle: BrowserHandle, opts: CaptureOptions, work: (s: Visit) => Promise<T>): Promise<T> {
  if (!isCapturableUrl(opts.url)) {
    throw new CaptureFailure("unsupported-url", `The address "${opts.url}" cannot be captured: only http and https addresses are archived. Correct the account's url in the configuration.`);
  }
  if (opts.storageStatePath && !fs.existsSync(opts.storageStatePath)) {
    throw new CaptureFailure("login-wall", `The saved login session for ${opts.url} is missing (${opts.storageStatePath}). An administrator should sign in with "somarkiv login --account <id>", or remove login.storageState from the account.`);
  }
  const open = opts.storageStatePath ? sessionReadableByOthers(opts.storageStatePath) : undefined;
  if (open) opts.onProgress?.(`WARNING: ${open}`);
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  let context: BrowserContext | null = null;
  let timer: NodeJS.Timeout | undefined;
  // What the capture was doing when its time ran out tells the operator whose fault it was: a site
  // that never answered, a page that never settles, or a browser that hangs. The browser is asked
  // shortly before the bound, so that asking it adds nothing to the bound.
  let lastStep = "opening the page";
  let lastStepAt = Date.now();
  let siteAnswered = false;
  let browserAnswered: Promise<boolean> | undefined;
  let pageAnswered: Promise<boolean> | undefined;
  const pingTimer = setTimeout(() => {
    browserAnswered = ping(handle);
    pageAnswered = page ? page.evaluate("1").then(() => true, () => false) : undefined;
  }, Math.max(0, opts.timeoutMs - PING_BEFORE_BOUND_MS));
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(async () => {
      const answered = browserAnswered ? await Promise.race([browserAnswered, Promise.resolve(false)]) : true;
      const pageToo = pageAnswered ? await Promise.race([pageAnswered, Promise.resolve(false)]) : true;
      reject(new CaptureFailure("timeout", timeoutMessage(opts, { answered, siteAnswered, pageAnswered: pageToo, lastStep, stepReachedMs: lastStepAt - started }), { finalUrl: pageUrl(), flags: [] }));
    }, opts.timeoutMs);
  });
  // A tab that crashes (the page took more memory than a tab may, or the out-of-memory killer took
  // it) answers nothing more: said at once, not after waiting out the bound as if the page were slow.
  let tabCrashed = false;
  const crashFailure = () => new CaptureFailure("page-crashed", `The page at ${opts.url} crashed the browser tab it was shown in (the browser's "Aw, Snap!"): the page took more memory than a tab may have, or something on this machine stopped the tab. It will be tried again on the next run; if it keeps crashing, look at the page in a browser.`, { finalUrl: pageUrl(), flags: [] });
  let crashedTab: (() => void) | undefined;
  const crashed = new Promise<never>((_, reject) => {
    crashedTab = () => { tabCrashed = true; reject(crashFailure()); };
  });
  crashed.catch(() => undefined);
  let page: Page | null = null;
  let over = false;
  const pageUrl = () => { try { return page?.url() || opts.url; } catch { return opts.url; } };
  // A browser that died under the capture (at any step, the opening of the page included) is
  // said to have stopped, which an operator can act on, rather than by the call that noticed it.
  const browserFailure = (e: unknown, flags: string[]): CaptureFailure => {
    // A call the crash cut short may fail before the crash is heard of: the crash is the cause.
    if (tabCrashed || /target crashed|page crashed/i.test(String((e as Error)?.message ?? ""))) return crashFailure();
    const stopped = !handle.browser.isConnected();
    if (e instanceof CaptureFailure && !(stopped && e.reason === "browser-error")) return e;
    const why = stopped
      ? `The browser stopped unexpectedly while capturing ${opts.url}: it may have run out of memory, or been stopped from outside.`
      : `The browser failed while capturing ${opts.url}: ${String((e as Error)?.message ?? e).split("\n")[0]}.`;
    const details = e instanceof CaptureFailure ? e.details : { finalUrl: pageUrl(), flags };
    return new CaptureFailure("browser-error", `${why} It will be tried again on the next run.`, details);
  };
  const job = (async () => {
    const prepared = await takeContext(handle, opts).catch((e: unknown) => { throw browserFailure(e, []); });
    context = prepared.context;
    // The deadline may have passed while the context was being made; the finally below has already run then.
    if (over) { await prepared.context.close().catch(() => undefined); throw new CaptureFailure("timeout", "The capture was stopped at its time limit."); }
    const { net, consentTracker } = prepared;
    const internal = await InternalGuard.install(context, opts.url).catch((e: unknown) => { throw browserFailure(e, []); });
    consentTracker.begin();
    const flags = new Set<string>();
    page = prepared.page;
    const own = page;
    if (prepared.crashed()) crashedTab?.();
    page.on("crash", () => crashedTab?.());
    const documents = new DocumentAnswers<Response>();
    page.on("response", (r) => {
      try {
        if (r.frame() !== own.mainFrame()) return;
        siteAnswered = true;
        if (r.request().isNavigationRequest()) documents.answered(r);
      } catch { /* a service worker's: not the page's */ }
    });
    page.on("request", (r) => { try { if (r.frame() === own.mainFrame() && r.isNavigationRequest() && !r.redirectedFrom()) documents.asked(); } catch { /* a service worker's */ } });
    // A navigation that became a download never shows here: the page in the picture stays the one it was.
    page.on("framenavigated", (f) => { if (f === own.mainFrame()) documents.shown(f.url()); });
    context.on("page", (p) => {
      p.on("dialog", (d) => { d.dismiss().catch(() => undefined); });
      if (p !== own) {
        flags.add("popup-closed");
        p.close().catch(() => undefined).finally(() => net.forget(p));
      }
    });
    const dialogs = new PageWords();
    const cookieQuestion = { asked: false };
    page.on("dialog", (d) => {
      flags.add("dialog-dismissed");
      const said = d.message().replace(/\s+/g, " ").trim();
      // Dismissing a confirm() answers it "no": asked about cookies, that is a decline.
      if (d.type() === "confirm" && COOKIE_QUESTION.test(said)) cookieQuestion.asked = true;
      // A page that asks again and again would fill the record sheet: the first few are enough.
      dialogs.add(said);
      d.dismiss().catch(() => undefined);
    });
    page.on("download", (d) => { d.cancel().catch(() => undefined); });
    const scriptErrors: Visit["scriptErrors"] = { count: 0 };
    page.on("pageerror", (e) => {
      scriptErrors.count++;
      scriptErrors.first ??= withoutPassword(`${e.name && !String(e.message).startsWith(e.name) ? `${e.name}: ` : ""}${e.message}`.replace(/\s+/g, " ").trim().slice(0, 120));
    });
    const s: Visit = {
      context, page, deadline, net, consentTracker, flags, dialogs, cookieQuestion, held: false, internal, scriptErrors,
      get documentUrl() { return documents.current?.url() ?? null; },
      get documentAnswer() { return documents.current; },
      // Once the capture has ended (failed at its bound), the steps its work still runs into as the
      // context closes are not said: in the journal they followed its FAILED line.
      progress: (step) => { if (over) return; lastStep = step; lastStepAt = Date.now(); try { opts.onProgress?.(withoutPassword(step)); } catch { /* progress output must not break a capture */ } },
      remaining: () => Math.max(0, deadline - Date.now()),
    };
    try {
      return await work(s);
    } catch (e) {
      // A wait of the capture's that ran to the bound with it (the page's document never came) fails
      // with the bound's own message, which says whose fault it was; its timer may fire a moment later.
      if (!tabCrashed && Date.now() >= deadline - BOUND_MARGIN_MS) return await expired;
      throw browserFailure(e, [...flags]);
    }
  })();
  job.catch(() => undefined);
  try {
    return await Promise.race([job, expired, crashed]);
  } finally {
    over = true;
    clearTimeout(timer);
    clearTimeout(pingTimer);
    const ctx = context as BrowserContext | null;
    // Closed in the background: the result is complete, and the browser waits for it when it closes.
    if (ctx) handle.track(ctx.close());
  }
}

/**
 * The address each document was opened at, with its #part, noted before any script of the page's
 * own runs (an init script): what the page's script writes into the address bar later is not kept.
 */
const NOTE_ARRIVAL = `Object.defineProperty(window, "__somarkivArrivedAt", { value: location.href, configurable: true })`;
export const ARRIVED_AT = `typeof window.__somarkivArrivedAt === "string" ? window.__somarkivArrivedAt : null`;

/** A page's own question (confirm()) that asks about cookies or consent. */
const COOKIE_QUESTION = /cookie|kakor|kakan|eväste|samtyck|consent/i;

/** Time kept back for screenshots, words and pixel checks after the page work. */
export function reserve(opts: CaptureOptions): number {
  return Math.min(Math.max(8_000, opts.timeoutMs * 0.25), opts.timeoutMs * 0.5);
}

/** The page's own dialogs whose words are kept for the record. */
const MAX_DIALOGS_KEPT = 5;

/**
 * What the page's dialogs and closed boxes said, kept for the record: each once, cut at 300
 * characters, the first few quoted; the rest counted, so that the sheet says more were closed than it
 * quotes. A page that asks again and again would otherwise fill the sheet.
 */
class PageWords {
  readonly kept: string[] = [];
  /** Dialogs past the ones kept, each counted once (a page repeating one is not many). */
  more = 0;
  private readonly seen = new Set<string>();
  add(said: string): void {
    if (!said || this.seen.has(said)) return;
    // Bounded: a page could say a million different things; past this each counts without being remembered.
    if (this.seen.size < 1000) this.seen.add(said);
    if (this.kept.length < MAX_DIALOGS_KEPT) this.kept.push(said.length > 300 ? `${said.slice(0, 299)}…` : said);
    else this.more++;
  }
}

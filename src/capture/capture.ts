/**
 * One capture of an account's start page: open it in a fresh browser context, dismiss
 * consent, wait until it settles, load lazy content, and take the full page in bands with
 * its words, all within one overall deadline.
 */
import fs from "node:fs";
import sharp from "sharp";
import type { BrowserContext, Page, Response } from "playwright-core";
import { fontAdvice } from "./font-packages.ts";
import { CaptureFailure, withoutPassword, type CaptureOptions, type CaptureResult, type ConsentOutcome, type PageReferences } from "./types.ts";
import type { BrowserHandle } from "./browser.ts";
import { LATE, ping, sleep, within } from "./browser.ts";
import { AutoconsentTracker, consentDialogVisible, dismissConsent } from "./consent.ts";
import { collectWords, glyphsMissing, holdPageTimers, prepareForPicture, releasePageTimers, takeBands } from "./snapshot.ts";
import { sessionReadableByOthers } from "./session-file.ts";
import { askFrame, expandFullFrame, framePictures, growFrameBoxes, hasUnresponsiveFrame, type MissingPictures } from "./frames.ts";
import { NetworkWatch } from "./network.ts";
import {
  buttonsSaid,
  captureHeight,
  classifyNavigationError,
  httpErrorMessage,
  retryAfterSaid,
  isBlank,
  isCapturableUrl,
  isLoginWall,
  laterConsent,
  announcedMove,
  movesBySelf,
  sameAddress,
  looksLikeBotCheck,
  notAPageMessage,
  notFoundNotice,
  NOT_FOUND_MAX_TEXT,
  regionBlockedNotice,
  siteErrorNotice,
  languageTag,
  glyphExamples,
} from "./decisions.ts";
import { otherSiteFlag } from "./other-site.ts";
import {
  CLOSE_LOGIN_PROMPT,
  CLOSE_PAGE_DIALOG,
  BOX_OVER_PAGE,
  FREEZE_MOTION,
  PAGE_SHAPE,
  LOGIN_FACTS,
  PAGE_SIZE,
  PAGE_WIDTH,
  RENDER_SKIPPED_CONTENT,
  REMOVED_TEXT_MISSING,
  WATCH_REMOVED_TEXT,
  TEXT_AT_REST,
  UNLOCK_INNER_SCROLLER,
  MARK_INNER_SCROLLER,
  MARK_FEED_BOX,
  GROW_FEED_BOX,
  SCROLLER,
  PAGE_REFERENCES,
  BARS_BELOW_CONTENT,
  FIXED_BACKGROUNDS,
  PICTURES_RESTORE,
  HIDE_LOGIN_WALL,
  BOT_CHECK_OVER_PAGE,
  TWO_FRAMES,
  LAYOUT_QUIET,
  WAIT_FOR_CONTENT,
  FEED_LOADING,
  WAIT_FOR_IMAGES,
  OPEN_SHADOW_ROOTS,
  TIMER_GATE,
  REVEAL_WATCH,
  REVEAL_RESTORE,
  LAZY_PENDING,
  HOLD_FOR_LAZY,
  LOADING_PENDING,
  MARK_BOXES_AT_START,
  HIDE_LATE_LOGIN_BOX,
  HOLD_FOR_LOADING,
  ADD_STYLE,
  CANVAS_SHARE,
  NOTICE_TEXT,
  PAGE_LOOKS,
  PAGE_NOTES,
  call,
} from "./page-scripts.ts";

interface Session {
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
  /** The labels of the buttons of a consent dialog left over the page (CaptureResult.consentButtonsSeen). */
  consentButtonsSeen?: string[];
  /** Whether new documents are refused from now on (holdPage). */
  held: boolean;
  /** Where the first document refused would have taken the page (CaptureResult.heldNavigationTo). */
  heldTo?: string;
  /** The address the server answered the page's latest document from, after redirects (see reachedAddress). */
  documentUrl: string | null;
  /**
   * Flags a revisit gave when parts were still coming, with the look that counts them: a part may
   * still come in the waits after it (a calendar whose server answers in 6 s), and is then in the picture.
   */
  stillComing?: Array<{ flag: string; pending: string }>;
  progress: (step: string) => void;
  remaining(): number;
}

interface Opened {
  response: Response | null;
  httpStatus: number | null;
  consent: ConsentOutcome;
  navigationMs: number;
  settleMs: number;
  /** Of settleMs: finding and answering consent dialogs and login prompts. */
  consentMs: number;
  /** The page scrolls inside a box, marked to be scrolled through and then expanded (see expandInnerScroller). */
  innerScroller: boolean;
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
 * login session (those captures make their own). A spare nobody takes closes with the browser.
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
  prepareSpare(handle, opts, key);
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

function timeoutMessage(opts: CaptureOptions, at: { answered: boolean; siteAnswered: boolean; pageAnswered: boolean; lastStep: string }): string {
  const head = `The capture of ${opts.url} did not finish within ${Math.round(opts.timeoutMs / 1000)} seconds and was stopped.`;
  if (!at.answered) return `${head} The browser itself had stopped answering (a fault of this machine's browser, not of the site); it is replaced for the accounts still to do, and this one is tried again on the next run.`;
  if (!at.siteAnswered) return `${head} The site did not answer: it may be down or very slow. It will be tried again on the next run.`;
  // The browser answered and the page did not: the page's own script kept its tab busy, as a script that never ends does.
  if (!at.pageAnswered) return `${head} The site answered, but the page itself stopped answering (at the step "${at.lastStep}"): its own scripts kept it busy without end, and a visitor's browser would freeze on it too, or offer to stop it. It will be tried again on the next run; if it fails again, look at the page in a browser.`;
  return `${head} The site answered, but the capture was still at the step "${at.lastStep}": a page that never stops loading or growing does this, and so does a machine that is very busy. It will be tried again on the next run; if it fails again, look at the page in a browser.`;
}

/**
 * Runs `work` in a fresh context under one deadline. When the deadline passes the context is
 * closed (which ends every pending browser call) and the capture fails with "timeout".
 */
async function withSession<T>(handle: BrowserHandle, opts: CaptureOptions, work: (s: Session) => Promise<T>): Promise<T> {
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
      reject(new CaptureFailure("timeout", timeoutMessage(opts, { answered, siteAnswered, pageAnswered: pageToo, lastStep }), { finalUrl: pageUrl(), flags: [] }));
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
    consentTracker.begin();
    const flags = new Set<string>();
    page = prepared.page;
    const own = page;
    if (prepared.crashed()) crashedTab?.();
    page.on("crash", () => crashedTab?.());
    let documentUrl: string | null = null;
    page.on("response", (r) => {
      try {
        if (r.frame() !== own.mainFrame()) return;
        siteAnswered = true;
        // A redirect is not the document, nor an answer that leaves the page as it was (204).
        if (r.request().isNavigationRequest() && !(r.status() >= 300 && r.status() < 400) && r.status() !== 204) documentUrl = r.url();
      } catch { /* a service worker's: not the page's */ }
    });
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
    const s: Session = {
      context, page, deadline, net, consentTracker, flags, dialogs, cookieQuestion, held: false,
      get documentUrl() { return documentUrl; },
      // Once the capture has ended (failed at its bound), the steps its work still runs into as the
      // context closes are not said: in the journal they followed its FAILED line.
      progress: (step) => { if (over) return; lastStep = step; try { opts.onProgress?.(withoutPassword(step)); } catch { /* progress output must not break a capture */ } },
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
 * Opens the account's address and waits for the page to settle. A page that moves its visitor on
 * ("you are sent on in 3 seconds") is followed, as its visitor would be: the record is of the
 * page they end up on; a few moves at most. A check for automated visitors is given the time a
 * person gives it to let the browser through (waitOutCheck for one that answers with an error).
 */
async function openAndSettle(s: Session, opts: CaptureOptions): Promise<{ response: Response | null; httpStatus: number | null; navigationMs: number; settleMs: number }> {
  let navigationMs = 0;
  let settleMs = 0;
  let response: Response | null = null;
  let httpStatus: number | null = null;
  // The answer for the latest document in the page, also when the page moved on by itself.
  let latest: Response | null = null;
  const main = s.page.mainFrame();
  const onResponse = (r: Response) => { if (r.frame() === main && r.request().isNavigationRequest()) latest = r; };
  // Documents counted as they arrive, not only looked for after each wait: a page a script moves on
  // every moment went on through the whole wait, and a loop between two pages could be back at its
  // first address when it was looked at. Once it has moved on more than MAX_MOVES times it is held at once.
  let moves = 0;
  let documents = 0;
  let documentsAtMark = 0;
  let holding: Promise<void> | null = null;
  const onDocument = () => {
    documents++;
    if (!holding && moves + documents - documentsAtMark > MAX_MOVES) holding = holdPage(s).catch(() => undefined);
  };
  s.page.on("response", onResponse);
  s.page.on("domcontentloaded", onDocument);
  try {
    let url: string | null = opts.url;
    for (;;) {
      const t0 = Date.now();
      if (url) {
        s.progress(`opening ${url}`);
        try {
          response = await s.page.goto(url, { waitUntil: "commit", timeout: Math.max(1, s.remaining()) });
          await documentArrived(s, opts, response);
        } catch (e) {
          const { reason, message } = classifyNavigationError(String((e as Error).message ?? e), url);
          throw new CaptureFailure(reason, message, { finalUrl: s.page.url() || url, httpStatus: null });
        }
      } else {
        await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) });
        response = latest ?? response;
      }
      // Every page on the way answers for itself: an error there ends the capture, unless it is a
      // check for automated visitors that lets the browser through.
      if (response && response.status() >= 400) response = await waitOutCheck(s, opts, response, url ?? s.page.url());
      httpStatus = response ? response.status() : null;
      const notAPage = response ? notAPageMessage(response.headers()["content-type"], s.page.url()) : null;
      if (notAPage) throw new CaptureFailure("unsupported-url", notAPage, { finalUrl: s.page.url(), httpStatus });
      const address = s.page.url();
      documentsAtMark = documents;
      await s.page.evaluate(MARK_DOCUMENT).catch(() => undefined);
      await stirAsAVisitor(s);
      navigationMs += Date.now() - t0;
      const t1 = Date.now();
      s.progress("waiting for the page to settle");
      await settle(s, 15_000);
      if (!holding) await waitForContent(s, opts);
      settleMs += Date.now() - t1;
      // Moved on by itself while it settled (a quick refresh or a script): that page is settled in
      // turn. One reload of the same address is not a move; the page is held as it is (holdPage).
      // Asked twice when the first ask is cut off by the move: the second waits for the new document.
      const isMarked = () => s.page.evaluate(SAME_DOCUMENT) as Promise<boolean>;
      const marked = await isMarked().catch(() => isMarked().catch(() => false));
      // A move so quick that it came before the mark (a refresh at 0 s) left the mark on the page it
      // moved to, or none: the latest document's answer is the one that counts, and an error there ends it.
      const last = latest as Response | null;
      if (last && response && last.url() !== response.url()) {
        response = last.status() >= 400 ? await waitOutCheck(s, opts, last, last.url()) : last;
        httpStatus = response.status();
      }
      const refresh = marked ? await s.page.evaluate(META_REFRESH).catch(() => null) as { contents: string[]; base: string; here: string } | null : null;
      const bySelf = movesBySelf({ marked, sameAddress: sameAddress(s.page.url(), address), documents: documents - documentsAtMark });
      const next = bySelf > 0 ? s.page.url() : refresh ? announcedMove(refresh.contents, refresh.base, refresh.here) : null;
      // A check for automated visitors that answers 200 ("Ett ögonblick …", "Checking your browser")
      // lets a browser through by itself once it has decided: it is given the time a person gives it.
      if (!next && marked && moves < MAX_MOVES && looksLikeBotCheck({}, await s.page.title().catch(() => ""))) {
        s.progress("the page is a check for automated visitors; waiting for it to let the browser through");
        if (await nextDocument(s, Math.min(Date.now() + CHECK_WAIT_MS, s.deadline - reserve(opts)))) { url = null; moves++; continue; }
        s.flags.add("bot-check-shown");
      }
      if (!next) break;
      if (moves >= MAX_MOVES || holding || moves + bySelf > MAX_MOVES) {
        // A page that keeps moving on (a loop, or a refresh to a new address each time) is recorded as
        // it stands now, as a visitor would see it at this moment; holdPage keeps it there.
        s.progress(`the page keeps moving on (${MAX_MOVES} times); recording it as it is now`);
        s.flags.add("navigation-held");
        // Held from here, not only once consent is answered: a page moving on every moment gave
        // the consent look a new document each time, and it waited to its cap (12 s) for one to finish.
        await (holding ?? holdPage(s));
        if (bySelf > 0) {
          // The page it moved on to may still be arriving.
          await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) }).catch(() => undefined);
          await settle(s, 3_000);
        }
        break;
      }
      moves += Math.max(1, bySelf);
      s.progress(bySelf > 0 ? `the page moved on to ${next}; waiting for it` : `the page says it moves to ${next}; following it`);
      url = bySelf > 0 ? null : next;
    }
  } finally {
    s.page.off("response", onResponse);
    s.page.off("domcontentloaded", onDocument);
  }
  return { response, httpStatus, navigationMs, settleMs };
}

/**
 * Waits for the page's document to have arrived whole. A site that sends its page and then never
 * closes the answer (a stalled server, a page streamed forever) never lets it finish, though a
 * person sees all it sent: after half the time left, a page that shows text is taken as it stands,
 * flagged document-incomplete. One that shows nothing by then is waited for to the end, and fails
 * as a timeout if it never comes.
 */
async function documentArrived(s: Session, opts: CaptureOptions, response: Response | null): Promise<void> {
  // Whether the site has sent the whole answer is the network's to say, not the page's: a page
  // whose own script holds its tab busy as it loads had all its bytes long before it is parsed.
  let sent = false;
  void response?.finished().then(() => { sent = true; }, () => undefined);
  const patience = Math.max(5_000, (s.remaining() - reserve(opts)) / 2);
  const arrived = await s.page.waitForLoadState("domcontentloaded", { timeout: patience }).then(() => true, () => false);
  if (arrived) return;
  const { shows, ready } = await s.page.evaluate(`({ shows: ${SHOWS_TEXT}, ready: document.readyState !== "loading" })`).catch(() => ({ shows: false, ready: false })) as { shows: boolean; ready: boolean };
  if (ready) return;
  // All sent, but not yet parsed (a long loop as it loads, on a busy machine even past the
  // patience and the look above): nothing is missing, and the page is waited for to the end; a
  // script that never lets it go ends as a timeout that says so.
  if (sent || !shows) {
    await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) });
    return;
  }
  s.flags.add("document-incomplete");
  s.progress(`the site has not finished sending the page after ${Math.round(patience / 1000)} s; taking it as it stands`);
}

/**
 * A person's first move: the pointer enters the page and a key is touched. Many sites hold back
 * their scripts (a slideshow, lazy pictures, the feed) until the visitor first moves the mouse or
 * presses a key ("delay JavaScript until user interaction", as WordPress speed plugins do), so a
 * browser that never moved saw a page that no visitor sees. The pointer comes to rest where it
 * hovers over nothing but the page itself (NEUTRAL_POINT): at the top left corner it lay on the
 * site's logo, and a menu that opens on hover there was open over the news in the record. Shift
 * changes nothing on a page by itself.
 */
async function stirAsAVisitor(s: Session): Promise<void> {
  const at = await s.page.evaluate(NEUTRAL_POINT).catch(() => null) as { x: number; y: number } | null;
  const size = s.page.viewportSize() ?? { width: 1, height: 1 };
  await s.page.mouse.move(at?.x ?? size.width - 1, at?.y ?? size.height - 1).catch(() => undefined);
  await s.page.keyboard.press("Shift").catch(() => undefined);
}

/** A point of the window over the page's own background (no element but the page's root or body), or null. */
const NEUTRAL_POINT = `(() => {
  const w = window.innerWidth, h = window.innerHeight;
  const points = [[w - 1, h - 1], [w - 1, Math.round(h / 2)], [0, h - 1], [Math.round(w / 2), h - 1], [w - 1, 0], [0, Math.round(h / 2)], [0, 0]];
  for (const [x, y] of points) {
    const el = document.elementFromPoint(x, y);
    if (!el || el === document.documentElement || el === document.body) return { x, y };
  }
  return null;
})()`;

const SHOWS_TEXT = "!!(document.body && document.body.innerText && document.body.innerText.trim().length > 0)";

/** Opens the page, checks the answer, dismisses consent and waits for it to settle. */
async function openPage(s: Session, opts: CaptureOptions): Promise<Opened> {
  const { response, httpStatus, navigationMs, settleMs } = await openAndSettle(s, opts);
  const t1 = Date.now();
  s.progress("dismissing consent dialogs");
  const consentStarted = Date.now();
  const consent = await dismissConsent(s.page, s.consentTracker, s.deadline - reserve(opts));
  for (const f of consent.flags) s.flags.add(f);
  s.progress(`consent: ${consent.outcome} (${consent.how})`);
  s.consentButton = consent.button;
  s.consentButtonsSeen = consent.buttonsSeen;
  const promptsClosed = await closeLoginPrompts(s);
  const consentMs = Date.now() - consentStarted;
  // Nothing pressed, nothing hidden: the page is as settled as before, so a second wait would only cost time.
  // After a press the layout has already been quiet for a moment (see afterPress), so a shorter
  // layout window completes the usual one; the network must still be quiet for the full time.
  if (consent.outcome !== "none-found" || promptsClosed) await settle(s, 3_000, LAYOUT_QUIET_MS / 2);
  const innerScroller = await s.page.evaluate(call(MARK_INNER_SCROLLER)).catch(() => false) === true;
  if (innerScroller) s.progress("the page scrolls inside a box; scrolling through it before expanding it");
  else if (await expandFullFrame(s.page)) {
    s.flags.add("inner-scroll-expanded");
    s.progress("the page scrolls inside a frame that fills it; expanded the frame to its full height");
  }
  await checkLoginWall(s, opts, httpStatus, consent.outcome);
  await checkNotFound(s, opts, httpStatus, consent.outcome);
  await s.page.evaluate(call(MARK_BOXES_AT_START)).catch(() => 0);
  return { response, httpStatus, consent: consent.outcome, navigationMs, settleMs: settleMs + Date.now() - t1, consentMs, innerScroller };
}

/**
 * After the scroll through a page that scrolls inside a box: the box, with everything it brought,
 * grows to its full height, so the page is taken whole as a document.
 */
async function expandInnerScroller(s: Session): Promise<void> {
  if (!(await s.page.evaluate(call(UNLOCK_INNER_SCROLLER)).catch(() => false))) return;
  s.flags.add("inner-scroll-expanded");
  s.progress("expanded the box the page scrolls in to its full height");
  await s.page.evaluate(TWO_FRAMES).catch(() => undefined);
}

/** Boxes of their own scrolled through and grown, at most: a page of many such boxes is a dashboard, not a feed. */
const MAX_FEED_BOXES = 3;

/**
 * A box that scrolls by itself in a page that scrolls too (a feed of its own, 700 px high) holds
 * posts a visitor reaches by scrolling in it, and its feed brings more only as the box is
 * scrolled: each is scrolled through as a person scrolls it, and then grown to its content, so
 * that the record holds its posts, not the few in view. One that cannot be grown whole is
 * flagged box-scrolls-separately by the look after the page is taken. Returns the time waited
 * for the boxes' feeds.
 */
async function expandFeedBoxes(s: Session, opts: CaptureOptions): Promise<number> {
  let waitedMs = 0;
  for (let i = 0; i < MAX_FEED_BOXES && s.remaining() > reserve(opts); i++) {
    if (await s.page.evaluate(call(MARK_FEED_BOX)).catch(() => false) !== true) break;
    s.progress("a box in the page scrolls by itself and holds more (a feed of its own); scrolling through it, then showing it whole");
    waitedMs += await loadLazyContent(s, opts);
    if (await s.page.evaluate(call(GROW_FEED_BOX)).catch(() => false) === true) s.flags.add("box-expanded");
    await s.page.evaluate(TWO_FRAMES).catch(() => undefined);
  }
  // Marked boxes that failed to grow are left marked no longer: the scroll back to the top is the document's.
  await s.page.evaluate("delete window.__somarkivScroller").catch(() => undefined);
  // Frames that are such boxes, as high as their documents. What a frame's own document loads as it
  // comes into view watches the window, not the frame: the page is scrolled through once more.
  if (await growFrameBoxes(s.page, () => layoutQuiet(s, 300, Math.min(s.deadline - reserve(opts), Date.now() + 3000)))) {
    s.flags.add("box-expanded");
    s.progress("a frame in the page scrolls by itself and holds more (an embedded feed); showing it whole, and scrolling through the page again");
    await s.page.evaluate(`${SCROLL_TO}(0)`).catch(() => undefined);
    waitedMs += await loadLazyContent(s, opts);
  }
  return waitedMs;
}

/** Statuses a check for automated visitors answers with while its page decides (Cloudflare's among them). */
const CHECK_STATUSES = new Set([403, 429, 503]);
/** How long such a page is given to let the browser through, as a person would wait. */
const CHECK_WAIT_MS = 12_000;

/**
 * An error answer is the end of the capture, unless it is a check for automated visitors ("Just
 * a moment…", "Checking your browser") whose page lets a browser through by itself after a few
 * seconds, as it does for a person. Gives the answer of the page that follows, or fails with the
 * error, saying when it was such a check.
 */
async function waitOutCheck(s: Session, opts: CaptureOptions, response: Response, url: string): Promise<Response> {
  let current = response;
  const until = Math.min(Date.now() + CHECK_WAIT_MS, s.deadline - reserve(opts));
  while (CHECK_STATUSES.has(current.status()) && Date.now() < until) {
    s.progress(`the site answered ${current.status()}; waiting to see whether its page lets the browser through, as a check for automated visitors does`);
    const next = await nextDocument(s, until);
    if (!next) break;
    current = next;
  }
  const status = current.status();
  if (status < 400) return current;
  const title = await s.page.title().catch(() => "");
  const headers: Record<string, string> = await current.allHeaders().catch(() => ({}));
  const check = looksLikeBotCheck(headers, title);
  throw new CaptureFailure("http-error", httpErrorMessage(status, url, check, retryAfterSaid(headers["retry-after"])), { finalUrl: s.page.url(), httpStatus: status });
}

/** The answer for the next document in the page, once it has arrived; null when none comes by `until`. */
async function nextDocument(s: Session, until: number): Promise<Response | null> {
  const main = s.page.mainFrame();
  const next = await s.page.waitForResponse((r) => r.frame() === main && r.request().isNavigationRequest(), { timeout: Math.max(1, until - Date.now()) }).catch(() => null);
  if (next) await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) }).catch(() => undefined);
  return next;
}

/** How many times a capture follows a page that moves its visitor on. */
const MAX_MOVES = 5;

/**
 * The address each document was opened at, with its #part, noted before any script of the page's
 * own runs (an init script): what the page's script writes into the address bar later is not kept.
 */
const NOTE_ARRIVAL = `Object.defineProperty(window, "__somarkivArrivedAt", { value: location.href, configurable: true })`;
const ARRIVED_AT = `typeof window.__somarkivArrivedAt === "string" ? window.__somarkivArrivedAt : null`;

/** Marks the document in the page, so that a new one (the page moved on) can be told from it. */
const MARK_DOCUMENT = `Object.defineProperty(window, "__somarkivDocument", { value: true, configurable: true }), true`;
const SAME_DOCUMENT = `window.__somarkivDocument === true`;

/** The page's meta refresh tags, for announcedMove. */
const META_REFRESH = `({
  contents: [...document.querySelectorAll("meta[http-equiv]")].filter((m) => m.httpEquiv.toLowerCase() === "refresh").map((m) => m.content || ""),
  base: document.baseURI,
  here: location.href,
})`;

/** How old a request still running may be and still be the data a near-empty page waits for. */
const CONTENT_REQUEST_MS = 15_000;

/**
 * A page built by script (a spinner, then the feed from a request) is still empty, or shows a
 * spinner, when it first goes quiet. Waits a bounded time for text or pictures to appear and
 * the spinner to go, then for the page to settle again; a page that stays empty is judged blank later.
 */
async function waitForContent(s: Session, opts: CaptureOptions): Promise<void> {
  const capMs = Math.min(10_000, s.deadline - reserve(opts) - Date.now());
  if (capMs <= 0) return;
  const present = await s.page.evaluate(call(WAIT_FOR_CONTENT, 0)).catch(() => true);
  if (present === true) return;
  s.progress("the page shows little yet; waiting for more to appear (it is taken as it is once it stays unchanged)");
  const until = Date.now() + capMs;
  let waited = await contentWaited(s, capMs);
  // The page stayed unchanged, but a request is still out (an app shell waiting for its data): it is
  // waited for, up to the bound, before the page is taken as one with little on it.
  while (waited === "little" && s.net.awaiting(CONTENT_REQUEST_MS) && Date.now() < until - 100) {
    waited = await contentWaited(s, until - Date.now());
  }
  // The page moved on by itself during the wait ("Vänta", then its script's move at 2.5 s): the
  // document waited for is gone, and openAndSettle settles the one it moved to and waits for its content.
  if (waited === "moved") return;
  if (waited === true) await settle(s, 5_000);
  // Still a loading indicator where the content should be (a feed whose request failed): the record
  // shows the page loading, and says so. A page with nothing at all fails as blank later; one with a
  // few words and no indicator is a page with little on it, and nothing is said.
  else if (waited === "loading") s.flags.add("still-loading");
}

/**
 * WAIT_FOR_CONTENT's answer in the page's document (true, "little" or "loading"), or "moved" when
 * the document went away during the wait and another, not marked by openAndSettle, took its place.
 */
async function contentWaited(s: Session, ms: number): Promise<true | "little" | "loading" | "moved"> {
  try {
    return await s.page.evaluate(call(WAIT_FOR_CONTENT, ms)) as true | "little" | "loading";
  } catch {
    // Asked twice: the first ask may be cut off by the move itself, the second waits for the new document.
    const isMarked = () => s.page.evaluate(SAME_DOCUMENT) as Promise<boolean>;
    const marked = await isMarked().catch(() => isMarked().catch(() => true));
    return marked ? "loading" : "moved";
  }
}

/**
 * From here on the page stays the document it has become: a new document in the page itself (a
 * reload every few seconds by a meta refresh or a script, or a move elsewhere) is refused, as
 * if the visitor had pressed stop. A reload in the middle of the scroll or the screenshot lost
 * the page's state, and a screenshot taken across it never returned. Consent flows that move to
 * another page and back are over by now; frames in the page still load as before. The record is
 * flagged navigation-held when it happened.
 */
async function holdPage(s: Session): Promise<void> {
  if (s.held) return;
  s.held = true;
  const cdp = await s.context.newCDPSession(s.page);
  const tree = await cdp.send("Page.getFrameTree");
  const main = tree.frameTree.frame.id;
  cdp.on("Fetch.requestPaused", (e) => {
    const refused = e.frameId === main;
    if (refused) {
      s.flags.add("navigation-held");
      s.heldTo ??= withoutPassword(e.request.url);
    }
    const done = refused
      ? cdp.send("Fetch.failRequest", { requestId: e.requestId, errorReason: "Aborted" })
      : cdp.send("Fetch.continueRequest", { requestId: e.requestId });
    done.catch(() => undefined); // the context has closed
  });
  // Only documents pass through here, not the pictures and requests of the page.
  await cdp.send("Fetch.enable", { patterns: [{ resourceType: "Document", requestStage: "Request" }] });
}

/**
 * A consent dialog may come late, or only once the page has been scrolled; it must not be
 * left over the snapshot. Looks again just before the screenshot and dismisses what it finds.
 */
async function dismissLateConsent(s: Session, opts: CaptureOptions, earlier: ConsentOutcome): Promise<ConsentOutcome> {
  // A dialog that could not be dismissed the first time is known; trying again only costs time.
  if (earlier === "not-dismissed" || !(await consentDialogVisible(s.page))) return earlier;
  s.progress("a consent dialog appeared later; dismissing it");
  const late = await dismissConsent(s.page, s.consentTracker, Math.min(s.deadline - reserve(opts) / 2, Date.now() + 8_000));
  for (const f of late.flags) s.flags.add(f);
  s.progress(`consent: ${late.outcome} (${late.how})`);
  // Accepting anywhere decides the outcome (laterConsent), and so names the button.
  if (late.button && (!s.consentButton || (late.outcome === "accepted" && earlier !== "accepted"))) s.consentButton = late.button;
  s.consentButtonsSeen ??= late.buttonsSeen;
  if (late.outcome !== "none-found") await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
  return laterConsent(earlier, late.outcome);
}

/**
 * How far into the visit (ms of the page's own clock) a timer the page set as it started may
 * still open a box over it: a consent dialog or an offer at 3 s comes before a visitor has read
 * the first screen, and a page taken alone in under 3 s left it out while the sheet said none was shown.
 */
const LATE_BOX_BY_MS = 5_000;

/**
 * Waits for the page's own one-off timers (1–5 s, set as it started: TIMER_GATE's lateDue) that
 * come due by LATE_BOX_BY_MS, and for the page to settle after them; true when there were any. A
 * page without such a timer is not waited for.
 */
async function awaitLateTimers(s: Session, opts: CaptureOptions): Promise<boolean> {
  // The page's own document only: a frame added as the page was scrolled (an embedded post, a player,
  // an ad) is young, and its start-up timers made nearly every capture with one wait its full 5 s.
  const due = Number(await askFrame(s.page.mainFrame(), `window.__somarkivTimers && window.__somarkivTimers.lateDue ? window.__somarkivTimers.lateDue(${LATE_BOX_BY_MS}) : 0`, 0)) || 0;
  const wait = Math.min(Math.max(0, due), LATE_BOX_BY_MS, s.deadline - reserve(opts) - Date.now());
  if (!(wait > 0)) return false;
  s.progress(`the page set a timer that comes due ${(wait / 1000).toFixed(1)} s from now, which may open a box (a late cookie dialog); waiting for it`);
  await sleep(wait + 50);
  await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
  return true;
}

/** A page's own question (confirm()) that asks about cookies or consent. */
const COOKIE_QUESTION = /cookie|kakor|kakan|eväste|samtyck|consent/i;

/** How long a box with nothing to press in it is given to go by itself before the page is taken. */
const BOX_GOES_MS = 6_000;

/** Time kept back for screenshots, words and pixel checks after the page work. */
function reserve(opts: CaptureOptions): number {
  return Math.min(Math.max(8_000, opts.timeoutMs * 0.25), opts.timeoutMs * 0.5);
}

/** Texts removed while scrolling and missing at the end from which the record is flagged incomplete. */
const REMOVED_TEXTS_FLAGGED = 5;

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

/** The widest page taken, in CSS px: 12,000 pt in the PDF, within PDF's 14,400 (see pdf/tiling). */
const MAX_CAPTURE_WIDTH = 16_000;

/** How long the network must be idle, and the layout unchanged, for the page to count as settled. */
const NETWORK_QUIET_MS = 250;
const LAYOUT_QUIET_MS = 300;
/** How long element and text changes count in a wait; after it only the page's size and pictures (see LAYOUT_QUIET). */
const STRICT_MS = 1500;

/**
 * Waits in the page until its layout stops changing (see LAYOUT_QUIET), never past `until`.
 * A page that navigates away meanwhile loses the promise; that counts as not quiet.
 */
async function layoutQuiet(s: Session, quietMs: number, until: number, strictMs = STRICT_MS): Promise<boolean> {
  const cap = Math.max(0, until - Date.now());
  if (cap <= 0) return false;
  return await s.page.evaluate(call(LAYOUT_QUIET, quietMs, cap, strictMs, null)).catch(() => false) === true;
}

/**
 * At the bottom of the page: "grew" as soon as the page gets taller; "quiet" once the network
 * and the layout have been quiet at the same time and the feed shows no loader; "busy" at `until`.
 */
async function bottomWait(s: Session, height: number, until: number, limit = until): Promise<"grew" | "quiet" | "busy"> {
  // After a timer the page set as it was scrolled has run, a shorter quiet tells whether it started anything.
  let quietMs = 400;
  // The page's own waits are run out for 8 s at most at one bottom: timers that keep setting timers do not hold it longer.
  const waitsUntil = Math.min(limit, Date.now() + 8_000);
  for (let round = 0; round < 20; round++) {
    const cap = until - Date.now();
    if (cap <= 0) return "busy";
    // As in every wait, elements and text count for the first 1.5 s and then only the page's shape,
    // so a ticker cannot hold the bottom to its cap; a feed's next batch makes the page grow.
    const r = await s.page.evaluate(call(LAYOUT_QUIET, quietMs, cap, Math.min(cap, STRICT_MS), height)).catch(() => false) as boolean | "grew";
    if (r === "grew") return "grew";
    if (r === false) return "busy";
    // Quiet, unless the feed shows that it is bringing more without a request yet (it waits a
    // moment first, or builds the batch from what it has): its loader is waited out to the cap.
    // So is a timer the page set as it was scrolled (a debounce before it asks for more), with nothing shown.
    if (s.net.quietFor() >= quietMs && !await s.page.evaluate(call(FEED_LOADING)).catch(() => false)) {
      const due = await s.page.evaluate("window.__somarkivTimers ? window.__somarkivTimers.reactionDue() : 0").catch(() => 0) as number;
      if (due <= 0 || Date.now() + due >= waitsUntil) return "quiet";
      // A wait of the page's own (up to 5 s) is run out past the bottom's usual 3 s, within the capture's bound.
      until = Math.max(until, Math.min(waitsUntil, Date.now() + due + 1000));
      await sleep(due + 20);
      quietMs = 150;
      continue;
    }
    quietMs = 400;
    // The layout is quiet but a request is running or has just ended (the feed's next batch on its
    // way), or the feed says it is loading: look again; the look ends as soon as the page grows.
  }
  return "busy";
}

/**
 * Load, then the network and the layout quiet at the same time; never past `capMs` or the
 * deadline. A page that polls never goes quiet on the network; a cap keeps such pages from
 * costing the whole bound, and then the layout alone decides.
 */
async function settle(s: Session, capMs: number, layoutQuietMs = LAYOUT_QUIET_MS): Promise<void> {
  const until = Math.min(s.deadline, Date.now() + capMs);
  // The load event waits for every picture, font and script of the page, so one that hangs (a font
  // or a tracker from a server that never answers) held every capture of the page to the cap. The
  // network watch stops counting such a request after REQUEST_COUNTS_MS; its quiet ends this wait too.
  await Promise.race([
    s.page.waitForLoadState("load", { timeout: Math.max(1, until - Date.now()) }).catch(() => undefined),
    s.net.quiet(until, NETWORK_QUIET_MS),
  ]);
  const netCap = Math.min(until, Date.now() + Math.min(3000, Math.max(1500, capMs / 2)));
  for (let round = 0; round < 20 && Date.now() < until; round++) {
    const [, layout] = await Promise.all([s.net.quiet(netCap, NETWORK_QUIET_MS), layoutQuiet(s, layoutQuietMs, until)]);
    // Both quiet now, or the network never will be: settled as far as waiting can tell.
    if (layout && (s.net.quietFor() >= NETWORK_QUIET_MS || Date.now() >= netCap)) return;
    if (!layout) return; // the layout never stopped changing before the cap
  }
}

/** Closes login prompts and other boxes over the page (a newsletter offer); true when at least one was closed. */
async function closeLoginPrompts(s: Session): Promise<boolean> {
  let any = false;
  for (let i = 0; i < 3; i++) {
    const login = await s.page.evaluate(call(CLOSE_LOGIN_PROMPT)).catch(() => false);
    const other = !login && await s.page.evaluate(call(CLOSE_PAGE_DIALOG)).catch(() => false) as string | boolean;
    if (!login && !other) return any;
    any = true;
    // Kept as a dialog's words are: the sheet says what the closed box said (a notice, an offer).
    if (typeof other === "string") s.dialogs.add(other);
    s.flags.add(login ? "login-prompt-closed" : "dialog-dismissed");
    s.progress(login ? "closed a login prompt" : "closed a box over the page");
    // Wait for the prompt's closing to take effect (it may animate away) before looking for another.
    await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
  }
  return any;
}

async function checkLoginWall(s: Session, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome, afterScroll = false): Promise<void> {
  const facts = () => s.page.evaluate(call(LOGIN_FACTS)).catch(() => ({ passwordFieldVisible: false, textOutsideForms: 1e9 })) as Promise<{ passwordFieldVisible: boolean; textOutsideForms: number }>;
  const finalUrl = withoutPassword(s.page.url());
  if (!isLoginWall({ requestedUrl: opts.url, finalUrl, ...await facts() })) {
    // A box about logging in, with no password field and no close, that came only while the page was
    // taken (with the scroll, or by a timer): the start page was shown before it. Hidden as a wall that came then is, and said.
    if (afterScroll && await s.page.evaluate(call(HIDE_LATE_LOGIN_BOX)).catch(() => 0)) {
      s.flags.add("login-wall-hidden");
      s.progress("a box asking the visitor to log in came over the page while it was being taken; hid it, and the record says so");
    }
    return;
  }
  // A wall that came only while the page was taken, with the scroll or by a timer (a profile whose
  // first posts a visitor sees before "Log in to see more"): the start page was shown, and is what the record is of. The wall,
  // a box over the page that cannot be closed, is hidden, and the record says so. A wall at the top,
  // or a move to a login address, is no start page and fails as before.
  if (afterScroll && await s.page.evaluate(call(HIDE_LOGIN_WALL)).catch(() => 0) && !isLoginWall({ requestedUrl: opts.url, finalUrl, ...await facts() })) {
    s.flags.add("login-wall-hidden");
    s.progress("a login wall came over the page while it was being taken; hid it, and the record says so");
    return;
  }
  const screenshot = await s.page.screenshot({ type: "png", timeout: Math.max(1, Math.min(10_000, s.remaining())) }).catch(() => undefined);
  const where = `The page at ${opts.url} shows a login wall instead of the account${finalUrl !== opts.url ? ` (it went to ${finalUrl})` : ""}.`;
  const todo = opts.storageStatePath
    ? ` The saved login session (${opts.storageStatePath}) has probably expired or been signed out: an administrator should sign in again with "somarkiv login --account <id>".`
    : ` Sign in with "somarkiv login --account <id>" and name the saved session in the account's login.storageState, or check the address.`;
  throw new CaptureFailure(
    "login-wall",
    where + todo,
    { finalUrl, httpStatus, screenshot, consent, flags: [...s.flags] },
  );
}

/**
 * A platform that answers 200 OK for an account that is not there (removed, renamed, a typo in the
 * address) shows a short notice saying so. That is no snapshot of the account: the registrar
 * would file the notice. The capture fails, with the notice's words and a screenshot for the administrator.
 */
async function checkNotFound(s: Session, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome): Promise<void> {
  const page = await s.page.evaluate(call(NOTICE_TEXT, NOT_FOUND_MAX_TEXT)).catch(() => ({ text: "", title: "" })) as { text: string; title: string };
  const blocked = regionBlockedNotice(page.text);
  const notice = blocked ? null : notFoundNotice(page.text, page.title);
  const error = blocked || notice ? null : siteErrorNotice(page.text);
  if (!blocked && !notice && !error) return;
  const screenshot = await s.page.screenshot({ type: "png", timeout: Math.max(1, Math.min(10_000, s.remaining())) }).catch(() => undefined);
  // The account is there, but not for a browser where this machine is: no snapshot of its start
  // page can be made from here, and closing the account would be wrong.
  if (blocked) throw new CaptureFailure(
    "region-blocked",
    `The page at ${opts.url} says the account or its content is not shown where this machine is ("${blocked}"). The account may still be there for others: open it in a browser in Sweden to see what visitors see. If they see the account, ask the platform why it is held back, and take this half-year's snapshot by hand meanwhile; it will be tried again on the next run.`,
    { finalUrl: s.page.url(), httpStatus, screenshot, consent, flags: [...s.flags] },
  );
  // A platform's "something went wrong" is the site's trouble of the moment, not the account's
  // start page: no record of it is made, and the account stays due, so the next wake tries again.
  if (error) throw new CaptureFailure(
    "site-error",
    `The page at ${opts.url} showed the site's own error message ("${error}") instead of the account's page. The site had a problem; it will be tried again on the next run. If it keeps happening, open the page in a browser to see whether visitors get the same.`,
    { finalUrl: s.page.url(), httpStatus, screenshot, consent, flags: [...s.flags] },
  );
  // Suspended by the platform: the account is there, stopped; closing it in the configuration would be wrong.
  if (/suspend|stängts av/i.test(notice ?? "")) throw new CaptureFailure(
    "suspended",
    `The page at ${opts.url} says the platform has suspended the account ("${notice}"). The account is still there, stopped by the platform: whoever administers it should contact the platform (an appeal) to have it back. It will be tried again on the next run; meanwhile its half-year snapshot can be taken by hand.`,
    { finalUrl: s.page.url(), httpStatus, screenshot, consent, flags: [...s.flags] },
  );
  throw new CaptureFailure(
    "not-found",
    `The page at ${opts.url} says the account or page is not there ("${notice}")${httpStatus ? `, though the site answered ${httpStatus}` : ""}. Check the account's address in the configuration; if the account has been removed, mark it closed (status: closed, with closedOn).`,
    { finalUrl: s.page.url(), httpStatus, screenshot, consent, flags: [...s.flags] },
  );
}

/**
 * Scrolls through the page so lazy content loads, within height, step and time bounds.
 * Returns the time spent at the bottom waiting for the page to bring more or go quiet.
 */
async function loadLazyContent(s: Session, opts: CaptureOptions): Promise<number> {
  let waitedMs = 0;
  const until = s.deadline - reserve(opts);
  // A whole screen per step: every part of the page is in view once, which is what lazy loaders react to.
  let looks = 0;
  let closes = 0;
  await s.page.evaluate(call(WATCH_REMOVED_TEXT)).catch(() => undefined);
  let size = await s.page.evaluate(call(PAGE_SIZE)) as PageSize;
  // A box's height per step when the scroll is in a box lower than the window.
  const step = Math.max(200, Math.min(opts.viewport.height, size.innerHeight));
  // Where the scroll would stop, a box that opened on the way may be what stops it: a login prompt
  // that locks the page while it is open (the page fixed in place, its height down to the window's).
  // It is closed, as a person closes it, and the scroll goes on from where the page then is.
  const unblocked = async (): Promise<boolean> => {
    if (closes >= 3 || !(await closeLoginPrompts(s))) return false;
    closes++;
    size = await s.page.evaluate(call(PAGE_SIZE)) as PageSize;
    return true;
  };
  for (let i = 0; i < 2000; i++) {
    if (Date.now() >= until) { s.flags.add("lazy-content-incomplete"); break; }
    if (size.scrollY + size.innerHeight >= opts.maxHeight) break; // the cut is decided from the page height later
    if (size.scrollY + size.innerHeight >= size.height - 2) {
      // At the bottom: wait until the requests the bottom started are answered and the page has
      // stopped changing, then see whether anything new came. Nothing new: the feed has ended.
      const before = await s.page.evaluate(SHAPE_AND_NUDGE) as string;
      const waitStarted = Date.now();
      const waited = await bottomWait(s, size.height, Math.min(until, Date.now() + 3000), until);
      waitedMs += Date.now() - waitStarted;
      const now = await s.page.evaluate(SHAPE_AND_SIZE) as { shape: string; size: PageSize };
      if (waited === "grew" || now.size.height > size.height) looks = 0;
      // Nothing new: the feed has ended. Changed without growing (pictures arriving): look again, a few times.
      else if (now.shape === before || ++looks >= 3) {
        if (await unblocked()) continue;
        // Each rest that brought more earns another at the next end; one that brought nothing ends it.
        if (await restAtBottom(s, now.size.height, until)) { looks = 0; size = await s.page.evaluate(call(PAGE_SIZE)) as PageSize; continue; }
        // A wait at the bottom cut short by the capture's time says nothing of whether the feed ended.
        if (Date.now() >= until) s.flags.add("lazy-content-incomplete");
        break;
      }
      else { size = now.size; continue; }
      size = now.size;
    }
    // From where the page really is: after waiting at the bottom the page may have grown below it.
    // Two frames after the jump: the browser has laid out the new screen and run its visibility
    // observers, so lazy pictures and feed loaders have started their requests.
    const y = Math.min(Math.round(size.scrollY) + step, opts.maxHeight);
    const from = size.scrollY;
    size = await s.page.evaluate(call(SCROLL_AND_MEASURE, y)) as PageSize;
    // The jump did not move the page: it does not scroll (overflow: hidden, a few pixels taller
    // than the window), and every further step would be the same until the time ran out.
    if (size.scrollY <= from) {
      if (await unblocked()) continue;
      // A screen or more the scroll could not reach: pictures there that load on scrolling did not.
      if (size.height - (size.scrollY + size.innerHeight) > size.innerHeight) s.flags.add("lazy-content-incomplete");
      break;
    }
  }
  return waitedMs;
}

interface PageSize { height: number; scrollY: number; innerHeight: number }

/**
 * Where the feed seems to have ended and the page runs an animation-frame loop: a feed may be
 * counting frames of rest before it asks for its next batch (40 frames, two thirds of a second),
 * which the scroll never gave it. The page is left at rest, up to 1.5 s; true when it grew.
 * A page without such a loop costs one look of 120 ms.
 */
async function restAtBottom(s: Session, height: number, until: number): Promise<boolean> {
  const loop = await s.page.evaluate("window.__somarkivTimers ? window.__somarkivTimers.frameLoop() : false").catch(() => false);
  if (!loop) return false;
  const cap = Math.min(1500, until - Date.now());
  if (cap <= 0) return false;
  const r = await s.page.evaluate(call(LAYOUT_QUIET, cap, cap, Math.min(cap, STRICT_MS), height)).catch(() => false);
  if (r !== "grew") return false;
  s.progress("the feed brought more once the page rested at its end; going on down");
  return true;
}

/**
 * What a scroll a screen at a time passes by too quickly, and a person who scrolls slower sees: the
 * screens that still hold it are shown again, each held until the page brings it, at most
 * `lingerMs`. A page without any costs one look. One whose parts do not come for resting either
 * (two screens in a row where none came) is not held further, and what is still missing leaves the
 * record flagged. `pending` gives how many there are and where the next not yet visited stands;
 * `hold` waits on those in view and says how many it saw and how many came. Returns the time held.
 */
async function revisit(s: Session, opts: CaptureOptions, what: { pending: string; hold: string; lingerMs: number; flag: string; said: (count: number) => string }): Promise<number> {
  const until = s.deadline - reserve(opts);
  const started = Date.now();
  let first = true;
  let idle = 0;
  for (;;) {
    const look = await s.page.evaluate(call(what.pending, opts.maxHeight)).catch(() => null) as { count: number; next: number | null } | null;
    if (!look || look.count === 0) break;
    if (look.next === null || idle >= 2 || Date.now() + what.lingerMs > until) {
      if (!s.flags.has(what.flag)) (s.stillComing ??= []).push({ flag: what.flag, pending: what.pending });
      s.flags.add(what.flag);
      break;
    }
    if (first) s.progress(what.said(look.count));
    first = false;
    // A third of the way down the screen, as a person would stop to look at it.
    await s.page.evaluate(call(SCROLL_AND_MEASURE, Math.max(0, Math.round(look.next - opts.viewport.height / 3))));
    const held = await s.page.evaluate(call(what.hold, what.lingerMs, opts.maxHeight)).catch(() => null) as { seen: number; came: number } | null;
    if (!held) break;
    if (held.came > 0) idle = 0;
    else if (held.seen > 0) idle++;
  }
  return first ? 0 : Date.now() - started;
}

/**
 * Pictures that a scroll a screen at a time did not make the page load: loaders that wait until
 * the scroll has rested for a moment (a debounce) or until a picture has been in view for a while.
 * Held up to 1.5 s a screen; those that still have not started are flagged lazy-content-incomplete.
 */
const visitLingeringPictures = (s: Session, opts: CaptureOptions) => revisit(s, opts, {
  pending: LAZY_PENDING, hold: HOLD_FOR_LAZY, lingerMs: 1_500, flag: "lazy-content-incomplete",
  said: (n) => `${n} picture(s) load only once the page rests on them; showing each screen of them a moment longer`,
});

/**
 * Parts of the page that say they are loading and fill in only once they have been in view a
 * while (a comment field, a widget). Held up to 2.5 s a screen; one that never fills in leaves
 * the record flagged still-loading.
 */
const visitLoadingParts = (s: Session, opts: CaptureOptions) => revisit(s, opts, {
  pending: LOADING_PENDING, hold: HOLD_FOR_LOADING, lingerMs: 2_500, flag: "still-loading",
  said: (n) => `${n} part(s) of the page say they are loading; showing each a moment longer, as a person reading it would`,
});

/**
 * Lets the page be scrolled to any point: a page that snaps its scrolling to sections
 * (scroll-snap-type: y mandatory) pulled every step back to the section it started in, and the
 * scroll never got past the first one. Snapping changes where the view stops, not the layout.
 */
const FREE_SCROLL = `(${ADD_STYLE})("free-scroll", "html, body { scroll-snap-type: none !important; scroll-behavior: auto !important; }")`;

/**
 * Jumps to y at once. A plain scrollTo follows the page's CSS, and on a page with
 * `scroll-behavior: smooth` every step became an animation the scroll had to wait out (a feed of
 * 24 posts took 14 s to scroll instead of 3), and the measurements after it were taken mid-way.
 */
const SCROLL_TO = `((y) => (${SCROLLER} || window).scrollTo({ top: y, left: 0, behavior: "instant" }))`;

/** One step of the scroll in one call: jump to y, wait two frames, measure the page. */
const SCROLL_AND_MEASURE = `async (y) => { ${SCROLL_TO}(y); await ${TWO_FRAMES}; if (window.__somarkivRevealNote) window.__somarkivRevealNote(); return (${PAGE_SIZE})(); }`;
const SHAPE_AND_SIZE = `({ shape: (${PAGE_SHAPE})(), size: (${PAGE_SIZE})() })`;

/**
 * The page's shape at the bottom, and a nudge 250 ms later: up a pixel and back. Feeds that load on
 * scroll events often drop events that come soon after the last one (a throttle with no trailing
 * call); the steps down came in quick succession, so the one that reached the bottom may have been
 * dropped. A person keeps scrolling there; the nudge is that, inside the wait that follows anyway.
 */
const SHAPE_AND_NUDGE = `(() => {
  const at = () => { const box = ${SCROLLER}; return box ? box.scrollTop : window.scrollY; };
  const y = at();
  // Only if nothing has moved the page since (the capture may have gone on down a grown feed).
  if (y > 0) setTimeout(() => {
    if (at() !== y) return;
    ${SCROLL_TO}(y - 1);
    requestAnimationFrame(() => { if (at() === y - 1) ${SCROLL_TO}(y); });
    // A feed that listens for the wheel, not for the scroll it makes, is told of one too, where a
    // person's pointer would be: over the middle of the window, most often the feed itself.
    const under = document.elementFromPoint(innerWidth / 2, innerHeight / 2) || document.body;
    if (under) under.dispatchEvent(new WheelEvent("wheel", { deltaY: 100, bubbles: true, cancelable: true, composed: true }));
  }, 250);
  return (${PAGE_SHAPE})();
})()`;

/**
 * The address reached: the one the server answered the page's document from, after redirects. A
 * page's script may write another into the address bar as it is scrolled (history.pushState to
 * "/post/0"), which is not where the capture went. The #part the server never sees is kept as the
 * document was opened with it (`arrivedAt`, its address before any script of its own ran): one the
 * page moved to (location.replace("/profil#/flode")) as well as the requested address's own.
 */
export function reachedAddress(documentUrl: string | null, requested: string, shown: string, arrivedAt: string | null = null): string {
  if (!documentUrl) return shown;
  const withHashOf = (address: string | null): string | null => {
    if (!address) return null;
    try {
      const u = new URL(address);
      const hash = u.hash;
      u.hash = "";
      return u.href === documentUrl ? `${documentUrl}${hash}` : null;
    } catch {
      return null;
    }
  };
  return withHashOf(arrivedAt) ?? withHashOf(requested) ?? documentUrl;
}

export async function captureAccount(handle: BrowserHandle, opts: CaptureOptions): Promise<CaptureResult> {
  return withSession(handle, opts, async (s) => {
    const opened = await openPage(s, opts);
    const t2 = Date.now();
    await holdPage(s);
    await s.page.evaluate(FREE_SCROLL).catch(() => undefined);
    s.progress("scrolling through the page for lazy content");
    await s.page.evaluate(call(REVEAL_WATCH)).catch(() => 0);
    let lazyWaitMs = await loadLazyContent(s, opts);
    if (opened.innerScroller) await expandInnerScroller(s);
    lazyWaitMs += await expandFeedBoxes(s, opts);
    lazyWaitMs += await visitLingeringPictures(s, opts);
    lazyWaitMs += await visitLoadingParts(s, opts);
    const picturesMs = Math.min(5000, Math.max(500, s.remaining() - reserve(opts) / 2));
    await Promise.all([s.page.evaluate(call(WAIT_FOR_IMAGES, picturesMs)).catch(() => undefined), framePictures(s.page, picturesMs)]);
    await closeLoginPrompts(s);
    let consent = await dismissLateConsent(s, opts, opened.consent);
    // The watch on sections that fade ends before the jump back and the changes somarkiv makes itself.
    await s.page.evaluate(`window.__somarkivRevealStop && window.__somarkivRevealStop(), ${SCROLL_TO}(0)`);
    await Promise.all(s.page.frames().map((f) => askFrame(f, call(RENDER_SKIPPED_CONTENT), 0)));
    // Sticky headers and scroll-driven styles react to the jump back to the top.
    await s.page.evaluate(TWO_FRAMES);
    await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
    // Some offers open when the visitor scrolls back up, which the jump to the top just did.
    await closeLoginPrompts(s);
    await s.page.evaluate(call(FREEZE_MOTION)).catch(() => undefined);
    const pictures = await s.page.evaluate(call(PICTURES_RESTORE)).catch(() => 0) as number;
    if (pictures) {
      s.flags.add("pictures-shown-again");
      s.progress(`${pictures} picture(s) were taken away by the page once scrolled past; shown as they were in view`);
    }
    const revealed = await s.page.evaluate(call(REVEAL_RESTORE)).catch(() => 0) as number;
    if (revealed) {
      // Like a bar set below the content, a change somarkiv made to the page: the record says so.
      s.flags.add("faded-sections-shown");
      s.progress(`${revealed} section(s) fade out when scrolled past; shown as they were in view`);
    }
    const bars = await s.page.evaluate(call(BARS_BELOW_CONTENT)).catch(() => null) as { fixed: number; sticky: number } | null;
    if (bars?.fixed) s.flags.add("bottom-bar-moved");
    if (bars?.sticky) s.flags.add("sticky-bar-in-place");
    await s.page.evaluate(call(FIXED_BACKGROUNDS)).catch(() => 0);
    // Pictures that have still not come (a slow picture server) are missing from the record: it says so.
    // Those of embedded posts (frames) as well: a post's picture is as much missing from the record.
    const [own, framed] = await Promise.all([
      s.page.evaluate(call(WAIT_FOR_IMAGES, 1500)).catch(() => null) as Promise<MissingPictures | null>,
      framePictures(s.page, 1500),
    ]);
    if (own?.pending || framed.pending) s.flags.add("images-not-loaded");
    // Pictures the site did not give: the record lacks them as the page does, and says so.
    if (own?.broken || framed.broken) s.flags.add("images-broken");
    await checkLoginWall(s, opts, opened.httpStatus, consent, true);
    // A single-page app may draw its "this page doesn't exist" only after the page seemed settled
    // (late on a busy machine): looked for again before anything is recorded. Such a notice is a page
    // of few elements; a feed's thousands are not read for it again.
    if (await s.page.evaluate("document.body ? document.body.getElementsByTagName('*').length < 600 : false").catch(() => false)) {
      await checkNotFound(s, opts, opened.httpStatus, consent);
    }
    if (await s.page.evaluate(call(BOT_CHECK_OVER_PAGE)).catch(() => false)) s.flags.add("bot-check-over-page");
    // A feed that keeps only the posts near the screen cannot be taken whole in one picture; the
    // record says so rather than look complete. A few removed texts are a carousel or a closed box.
    // Their words are kept for the record, which the picture cannot hold.
    const removed = await s.page.evaluate(call(REMOVED_TEXT_MISSING)).catch(() => []) as string[];
    const removedTexts = removed.length >= REMOVED_TEXTS_FLAGGED ? removed : undefined;
    if (removedTexts) s.flags.add("content-removed-while-scrolling");
    const scrollMs = Date.now() - t2;

    const t3 = Date.now();
    s.progress("taking the screenshot");
    let textMoving = false;
    const take = async () => {
      textMoving = await s.page.evaluate(call(TEXT_AT_REST, 250, 2_000)).catch(() => true) === false;
      await prepareForPicture(s.page);
      await holdPageTimers(s.page);
      try {
        // Flagged as still coming at its revisit and come since (a slow server's answer): the picture
        // holds it, and the record says nothing of it. Looked at as the page is held for the picture.
        for (const c of s.stillComing ?? []) {
          const look = await s.page.evaluate(call(c.pending, opts.maxHeight)).catch(() => null) as { count: number } | null;
          if (look && look.count === 0) s.flags.delete(c.flag);
          else s.flags.add(c.flag);
        }
        const size = await s.page.evaluate(call(PAGE_SIZE)) as { height: number };
        const pageWidth = await s.page.evaluate(call(PAGE_WIDTH)) as number;
        const { height, truncated } = captureHeight(size.height, opts.maxHeight);
        // A page wider than a picture can be (an unbroken word of 10,000 letters) is cut at its right:
        // Chromium gives no picture past 65,535 px, and a PDF page past 14,400 pt is beyond the format.
        const width = Math.min(MAX_CAPTURE_WIDTH, Math.max(1, Math.round(pageWidth)));
        const collected = await collectWords(s.page, height);
        // Words the picture does not hold (past a cut, or past a window that does not scroll sideways) are not in its text either.
        collected.words = collected.words.filter((w) => w.x < width);
        const shot = await takeBands(s.page, width, height, opts.lossless === true, s.deadline - reserve(opts) / 2);
        return { width, height, truncated, fullHeight: Math.ceil(size.height), cutAtRight: width < Math.round(pageWidth), collected, shot };
      } finally {
        await releasePageTimers(s.page);
      }
    };
    // What lies over the first screen is looked at before the page is taken and after: a box in
    // the picture was there at both looks; one that came only after (a late consent dialog while
    // the bands were taken) is not in it, and the record must not say it is.
    const boxNow = () => s.page.evaluate(call(BOX_OVER_PAGE)).catch(() => null) as Promise<{ words: string; cookies: boolean; controls: number; unreadable?: boolean } | null>;
    // A box a timer of the page opens a few seconds in, or one that came since the last look, is
    // answered now, before the bands: a look per frame on a page without one, a wait only for a timer still to come.
    if (await awaitLateTimers(s, opts)) await closeLoginPrompts(s);
    if (consent !== "not-dismissed" && await consentDialogVisible(s.page)) {
      consent = await dismissLateConsent(s, opts, consent);
      await s.page.evaluate(`${SCROLL_TO}(0)`).catch(() => undefined);
      await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
    }
    let boxBefore = await boxNow();
    // A box with nothing to press in it (a splash screen, an intro that fades after a few seconds)
    // goes by itself, and a visitor sees the page behind it: it is waited for, a few seconds at most.
    if (boxBefore && boxBefore.controls === 0) {
      s.progress("a box with nothing to press in it lies over the page; waiting a few seconds for it to go, as an intro screen does");
      const until = Math.min(Date.now() + BOX_GOES_MS, s.deadline - reserve(opts));
      while (boxBefore && Date.now() < until) {
        await sleep(250);
        boxBefore = await boxNow();
      }
      if (!boxBefore) await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
    }
    let taken = await take();
    // A box that opens by itself a few seconds into the visit (a newsletter offer, a late consent
    // dialog) may have come while the page was being taken, and would be in the record over the
    // page. It is closed or answered, as a person would, and the page taken again, once.
    const cameOver = await closeLoginPrompts(s) || (consent !== "not-dismissed" && await consentDialogVisible(s.page));
    if (cameOver) {
      consent = await dismissLateConsent(s, opts, consent);
      s.progress("a box came over the page while it was being taken; taking it again");
      await s.page.evaluate(`${SCROLL_TO}(0)`).catch(() => undefined);
      await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
      boxBefore = await boxNow();
      taken = await take();
    }
    const { width, height, collected, shot } = taken;
    // Whatever still lies over the first screen (a notice with no answer, an age question, a box
    // whose close was not found) is in the picture over the page: the record says so rather than
    // look whole, and a cookie notice among them is a consent dialog that was not dismissed.
    const box = boxBefore && await boxNow();
    // Cut at a word, not inside one ("… för att se alla inlägg. Öppna "), and said to be cut.
    const said = (b: { words: string; unreadable?: boolean }) => {
      const words = b.words.replace(/\s+/g, " ").trim();
      if (b.unreadable) return "it is built so that no script can read its words, in a closed shadow root";
      if (!words) return "it has no words";
      return `"${words.length <= 80 ? words : `${words.slice(0, 80).replace(/\s+\S*$/, "")} …`}"`;
    };
    if (box && box.cookies && consent === "none-found") {
      consent = "not-dismissed";
      s.flags.add("consent-not-dismissed");
      s.progress(`a cookie notice with nothing to answer it lies over the page (${said(box)}); it is in the picture`);
    } else if (box && !(box.cookies && consent === "not-dismissed") && !s.flags.has("bot-check-over-page")) {
      s.flags.add("box-over-page");
      s.progress(`a box lies over the page and could not be closed (${said(box)}); it is in the picture`);
    } else if (!boxBefore && await boxNow()) {
      s.progress("a box came over the page after it was taken; the picture is of the page without it");
    }
    if (taken.truncated) s.flags.add("truncated");
    // The record holds the whole width; a visitor's window shows its left part, the rest by scrolling sideways.
    if (width > opts.viewport.width + 16) s.flags.add("wider-than-window");
    if (taken.cutAtRight) s.flags.add("cut-at-width");
    // Words the page kept changing past the wait (a counter slower than 2 s, a ticker, a clock to the tenth): a moment of them.
    if (textMoving) s.flags.add("text-still-changing");
    if (hasUnresponsiveFrame(s.page)) s.flags.add("frame-not-responding");
    // More frames than are read and drawn (a page of many embedded posts or advertisements): those past them may be blank or unsearchable.
    if (collected.framesUnread || shot.framesUndrawn) s.flags.add("frames-left-out");
    // Characters no font on this machine has are empty boxes in the picture, which is the record;
    // only the text layer has them. The record says so, and the operator is told which fonts to add.
    const missingGlyphs = glyphExamples(await glyphsMissing(s.page, collected.words), GLYPHS_QUOTED);
    if (missingGlyphs.length) {
      s.flags.add("glyphs-missing");
      s.progress(`some characters of the page (${missingGlyphs.join(" ")}) have no font on this machine and are empty boxes in the picture`);
    }
    const screenshotMs = Date.now() - t3;
    const arrivedAt = await s.page.evaluate(ARRIVED_AT).catch(() => null) as string | null;
    const finalUrl = withoutPassword(reachedAddress(s.documentUrl, opts.url, s.page.url(), arrivedAt));
    // A redirect or a script that led off the account's site: the picture is of another site's page.
    const elsewhere = otherSiteFlag(opts.url, finalUrl);
    if (elsewhere) {
      s.flags.add(elsewhere);
      s.progress(`the page led on to ${finalUrl}, ${elsewhere === "reached-internal-address" ? "an address in an internal network" : "another site"} than the account's address ${opts.url}; the snapshot shows that page`);
    }
    const flags = [...s.flags];

    // The page asked about cookies with its own confirm(), and the dismissal answered no.
    if (consent === "none-found" && s.cookieQuestion.asked) consent = "declined";
    const canvasShare = collected.words.length === 0 ? Number(await s.page.evaluate(call(CANVAS_SHARE)).catch(() => 0)) : 0;
    if (isBlank({ dominantShare: shot.dominantShare, wordCount: collected.words.length, canvasShare, text: collected.text })) {
      throw new CaptureFailure(
        "blank",
        `The page at ${opts.url} looked empty when captured (one colour or only a loading indicator, no text). The site may not have loaded; it will be tried again on the next run.`,
        // The administrator's copy is a PNG, like every other failure's.
        // A band that cannot be converted only costs the administrator the picture, never the reason.
        { finalUrl, httpStatus: opened.httpStatus, screenshot: shot.slices[0] && await sharp(shot.slices[0].image).png().toBuffer().catch(() => undefined), consent, flags },
      );
    }
    // Drawn on a canvas, or only in pictures: the record shows it but cannot be searched, and says so.
    let notes: { canvasShare: number; moreButton: string | null; scrollBox: boolean; beyondEnd: boolean } | null = null;
    if (collected.words.length === 0) flags.push("no-searchable-text");
    else {
      notes = await s.page.evaluate(call(PAGE_NOTES, height)).catch(() => null) as { canvasShare: number; moreButton: string | null; scrollBox: boolean; beyondEnd: boolean } | null;
      if (notes?.scrollBox) {
        flags.push("box-scrolls-separately");
        s.progress("a box in the page scrolls by itself and holds more than it shows; the record shows what is in view in it");
      }
      if (notes?.beyondEnd && !s.flags.has("truncated")) {
        flags.push("text-beyond-page-end");
        s.progress("the page holds words below its end that no scroll reaches (it moves its content itself, at a turn of the wheel); the record shows what is in view");
      }
      // A fifth of the page drawn on canvases (posts drawn as pictures, a large chart): seen, not searchable.
      if (notes && notes.canvasShare >= 0.2) flags.push("canvas-not-searchable");
      if (notes?.moreButton) {
        flags.push("more-behind-button");
        s.progress(`the feed goes on behind "${notes.moreButton}", which a visitor presses; the record shows what is there without it`);
      }
    }
    const title = await s.page.title().catch(() => "");
    const looks = await s.page.evaluate(call(PAGE_LOOKS)).catch(() => ({ language: "", darkLook: null })) as { language: string; darkLook: "also" | "only" | null };
    const language = looks.language;
    const references = await s.page.evaluate(call(PAGE_REFERENCES, height)).catch(() => undefined) as PageReferences | undefined;
    s.progress(`captured ${shot.slices.length} band(s), ${width}×${height} px, ${collected.words.length} words`);
    return {
      url: opts.url,
      finalUrl,
      httpStatus: opened.httpStatus,
      capturedAt: new Date(),
      title,
      browserVersion: handle.version,
      userAgent: handle.userAgent,
      viewport: opts.viewport,
      pageWidth: width,
      pageHeight: height,
      ...(taken.truncated ? { fullPageHeight: taken.fullHeight } : {}),
      ...(languageTag(language) ? { language: languageTag(language) } : {}),
      ...(looks.darkLook ? { darkLook: looks.darkLook } : {}),
      slices: shot.slices,
      words: collected.words,
      text: collected.text,
      consent,
      ...(s.consentButton && (consent === "accepted" || consent === "declined") ? { consentButton: s.consentButton } : {}),
      ...(s.consentButtonsSeen?.length && consent === "not-dismissed" ? { consentButtonsSeen: s.consentButtonsSeen } : {}),
      flags,
      ...(s.dialogs.kept.length ? { pageDialogs: [...s.dialogs.kept] } : {}),
      ...(s.dialogs.more ? { pageDialogsNotQuoted: s.dialogs.more } : {}),
      ...(removedTexts ? { textRemovedWhileScrolling: removedTexts } : {}),
      ...(notes?.moreButton ? { moreButton: notes.moreButton.slice(0, 100) } : {}),
      ...(s.heldTo ? { heldNavigationTo: s.heldTo.slice(0, 500) } : {}),
      ...(missingGlyphs.length ? { glyphsMissing: missingGlyphs } : {}),
      ...(references ? { references } : {}),
      timings: { navigation: opened.navigationMs, settle: opened.settleMs, consent: opened.consentMs, scroll: scrollMs, lazyWait: lazyWaitMs, screenshot: screenshotMs },
    };
  });
}

/** How many of the characters no font draws a record names: examples, not an inventory. */
const GLYPHS_QUOTED = 10;

export interface PreflightResult {
  ok: boolean;
  problems: string[];
  consent: ConsentOutcome;
  flags: string[];
}

/**
 * Takes the page once as a capture does, the whole way (a login wall that shows only after
 * scrolling, a page that stays blank), and keeps no picture: what would fail the capture or spoil
 * the snapshot is found before the capture month.
 */
export async function preflightAccount(handle: BrowserHandle, opts: CaptureOptions): Promise<PreflightResult> {
  try {
    const r = await captureAccount(handle, opts);
    const problems: string[] = [];
    if (r.consent === "not-dismissed") problems.push(`The consent dialog on ${opts.url} could not be dismissed${r.consentButtonsSeen?.length ? ` (its buttons said: ${buttonsSaid(r.consentButtonsSeen)})` : ""}; snapshots would show it over the page.`);
    if (r.flags.includes("login-wall-hidden")) problems.push(`The page at ${opts.url} shows a login wall that came while the page was being taken (with the scroll, or by a timer); snapshots show only what a visitor sees before it. For the whole feed, sign in with "somarkiv login --account <id>" and name the saved session in the account's login.storageState.`);
    if (r.flags.includes("box-over-page")) problems.push(`A box lies over the page at ${opts.url} that could not be closed (a notice, a question such as "Are you over 18?", an offer); snapshots would show it over the page. Open the page in a browser to see what it is; if it needs an answer a visitor gives, take this account's snapshot by hand.`);
    if (r.flags.includes("bot-check-over-page")) problems.push(`The page at ${opts.url} showed a check for automated visitors (a puzzle or "I am not a robot") over the account's page; snapshots would show it. If it keeps happening, try capture.browser: /usr/bin/chromium, or take this account's snapshot by hand.`);
    if (r.flags.includes("still-loading")) problems.push(`The page at ${opts.url} still showed that it was loading after a wait of up to 10 seconds: its content (the feed) did not come. Snapshots would show it loading. Open the page in a browser to see whether it works; if it does, try again later.`);
    if (r.flags.includes("document-incomplete")) problems.push(`The site at ${opts.url} did not finish sending the page; snapshots show what had come by then, which may not be all of it. Open the page in a browser to see whether it ever finishes; if the site is slow today, try again later.`);
    if (r.glyphsMissing?.length) {
      const advice = fontAdvice(r.glyphsMissing);
      problems.push(`Some characters on the page at ${opts.url} (${r.glyphsMissing.join(" ")}) have no font on this machine: snapshots would show them as empty boxes, though their words are in the searchable text. ${advice}${advice.startsWith("Install") ? " and run preflight again" : ""}.`);
    }
    if (r.flags.includes("reached-other-site") || r.flags.includes("reached-internal-address")) problems.push(`The address ${opts.url} leads on to ${r.finalUrl}, ${r.flags.includes("reached-internal-address") ? "an address in an internal network" : "another site"}: snapshots would show that page, not the account. Open the address in a browser: if the account has moved, put its new address in the configuration; if the site or domain has changed hands, tell the account's responsible.`);
    if (r.flags.includes("bot-check-shown")) problems.push(`The site at ${opts.url} showed a check for automated visitors instead of the account's page and did not let the browser through; snapshots would show the check. If it keeps happening, take this account's snapshot by hand.`);
    return { ok: problems.length === 0, problems, consent: r.consent, flags: r.flags };
  } catch (e) {
    if (e instanceof CaptureFailure) {
      // No run follows a preflight, so a capture's promise to try again on the next one does not hold here.
      const message = e.message
        .replace(/ It will be tried again on the next run; (\w)/g, (_, c: string) => ` ${c.toUpperCase()}`)
        .replace(/([;.]) [Ii]t will be tried again on the next run\./g, ".")
        .replace(/, and this one is tried again on the next run\./g, ".");
      return { ok: false, problems: [`${e.reason}: ${message}`], consent: e.details.consent ?? "none-found", flags: e.details.flags ?? [] };
    }
    throw e;
  }
}

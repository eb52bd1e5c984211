/**
 * Opening the account's address as a person does: waiting for the document to arrive, following
 * a page that moves its visitor on, waiting out a check for automated visitors, and waiting for
 * the page to settle and show its content; then holding it as the document it has become.
 */
import type { Page, Response } from "playwright-core";
import { CaptureFailure, withoutPassword, type CaptureOptions } from "./types.ts";
import {
  classifyNavigationError,
  browserSignIn,
  httpErrorMessage,
  retryAfterSaid,
  announcedMove,
  movesBySelf,
  sameAddress,
  looksLikeBotCheck,
  CHECK_PAGE_CHARS,
  notAPageMessage,
} from "./decisions.ts";
import {
  BOX_FOR_ESCAPE,
  CLOSE_LOGIN_PROMPT,
  CLOSED_BOX_STAYS,
  CLOSE_PAGE_DIALOG,
  LAYOUT_QUIET,
  WAIT_FOR_CONTENT,
  MARK_LOADING,
  LOADING_STILL_SHOWN,
  call,
} from "./page-scripts.ts";
import { type Visit, reserve } from "./visit.ts";
import { ledInsideMessage } from "./internal-network.ts";
import { sleep } from "./browser.ts";

/**
 * Opens the account's address and waits for the page to settle. A page that moves its visitor on
 * ("you are sent on in 3 seconds") is followed, as its visitor would be: the record is of the
 * page they end up on; a few moves at most. A check for automated visitors is given the time a
 * person gives it to let the browser through (waitOutCheck for one that answers with an error).
 */
export async function openAndSettle(s: Visit, opts: CaptureOptions): Promise<{ response: Response | null; httpStatus: number | null; navigationMs: number; settleMs: number }> {
  let navigationMs = 0;
  let settleMs = 0;
  let response: Response | null = null;
  let httpStatus: number | null = null;
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
  s.page.on("domcontentloaded", onDocument);
  const answers = new NavigationAnswers(s.page);
  let answersAtMark = 0;
  s.page.on("response", answers.onResponse);
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
          const raw = String((e as Error).message ?? e);
          // Following a move the page announced (a refresh in a second), the page's own refresh may
          // come while this navigation is on its way and cut it off: the page has moved on by itself,
          // and is waited for as such, where the capture failed as "no page to show".
          if (moves > 0 && /ERR_ABORTED|interrupted by another navigation/.test(raw)) {
            s.progress("the page moved on by itself while it was being followed; waiting for it");
            url = null;
            continue;
          }
          // A redirect into the internal network, stopped before it was sent, ends the navigation as aborted: it is said as where it led.
          await refuseLedInside(s, opts);
          const { reason, message } = classifyNavigationError(raw, url);
          throw new CaptureFailure(reason, message, { finalUrl: s.page.url() || url, httpStatus: null });
        }
      } else {
        await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) });
        response = s.documentAnswer ?? response;
      }
      // Led into the internal network by a redirect: not the account's page, whatever it answered
      // (a metadata service's 401 is no login the account needs).
      await refuseLedInside(s, opts);
      // Every page on the way answers for itself: an error there ends the capture, unless it is a
      // check for automated visitors that lets the browser through.
      if (response && response.status() >= 400) response = await waitOutCheck(s, opts, answers, response, url ?? s.page.url());
      httpStatus = response ? response.status() : null;
      const notAPage = response ? notAPageMessage(response.headers()["content-type"], s.page.url()) : null;
      if (notAPage) throw new CaptureFailure("unsupported-url", notAPage, { finalUrl: s.page.url(), httpStatus });
      const address = s.page.url();
      documentsAtMark = documents;
      answersAtMark = answers.list.length;
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
      const looked = await isMarked().catch(() => isMarked().catch(() => null));
      // A move so quick that it came before the mark (a refresh at 0 s) left the mark on the page it
      // moved to, or none: the latest document's answer is the one that counts, and an error there ends it.
      // The answer for the latest document in the page, also when the page moved on by itself; never
      // a download's, which left the page as it was (a 200 of an attachment taken for the page's answer).
      const last = s.documentAnswer;
      if (last && response && last.url() !== response.url()) {
        response = last.status() >= 400 ? await waitOutCheck(s, opts, answers, last, last.url()) : last;
        httpStatus = response.status();
      }
      // A look cut off (by the document going away under it) says the page is moving on: taken for a
      // page that had stopped, the loop ended there, and the page was held at its next move with no
      // word of why (seen on a loaded machine, a loop between two pages every second).
      const refresh = looked ? await s.page.evaluate(META_REFRESH).catch(() => undefined) as { contents: string[]; base: string; here: string } | null | undefined : null;
      const marked = refresh === undefined ? null : looked;
      const bySelf = movesBySelf({ marked, sameAddress: sameAddress(s.page.url(), address), documents: documents - documentsAtMark });
      const next = bySelf > 0 ? s.page.url() : refresh ? announcedMove(refresh.contents, refresh.base, refresh.here) : null;
      // A check for automated visitors that answers 200 ("Ett ögonblick …", "Checking your browser")
      // lets a browser through by itself once it has decided: it is given the time a person gives it.
      // Its next document is the first answer since the mark: one that came between the looks above (on
      // a busy machine the check's own moment may fall there) was waited for in vain, 12 s, and the check
      // said to have kept the browser out, or the page it let the browser through to was never looked at.
      // Moved on since (an answer came, or the document is another): followed as a move by itself.
      let check = false;
      let moved = false;
      if (!next && marked && moves < MAX_MOVES) {
        check = looksLikeBotCheck({}, await s.page.title().catch(() => ""), await shortPageWords(s));
        moved = answers.list.length > answersAtMark || !await isMarked().catch(() => isMarked().catch(() => true));
        // A short page with a timer of its own due in a few seconds ("Du skickas vidare …" moved on by a
        // script at 2 s): given that time, as a refresh it announces is, where the page was held from
        // moving and the interstitial filed as the account's page.
        if (!check && !moved && await shortPage(s)) {
          const due = await lateTimerDue(s, SHORT_PAGE_TIMER_MS);
          const wait = Math.min(due, s.deadline - reserve(opts) - Date.now());
          if (wait > 0) {
            s.progress(`the page is short and set a timer that comes due ${(wait / 1000).toFixed(1)} s from now, as a page that moves on by itself does; waiting for it`);
            await new Promise((done) => setTimeout(done, wait + 100));
            moved = answers.list.length > answersAtMark || !await isMarked().catch(() => isMarked().catch(() => true));
          }
        }
      }
      if (check || moved) {
        if (!moved) s.progress("the page is a check for automated visitors; waiting for it to let the browser through");
        const came = await nextDocument(s, answers, answersAtMark, Math.min(Date.now() + CHECK_WAIT_MS, s.deadline - reserve(opts)));
        if (came || moved) { url = null; moves++; continue; }
        s.flags.add("bot-check-shown");
      }
      // Held already by the count of documents (onDocument): said so, though no move is due now.
      if (!next && !holding) break;
      if (!next || moves >= MAX_MOVES || holding || moves + bySelf > MAX_MOVES) {
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
    s.page.off("domcontentloaded", onDocument);
    s.page.off("response", answers.onResponse);
  }
  return { response, httpStatus, navigationMs, settleMs };
}

/**
 * Ends the capture of an account on the internet whose page a redirect took into the internal
 * network (InternalGuard.ledInto), before anything of that page is read or taken.
 */
export async function refuseLedInside(s: Visit, opts: CaptureOptions): Promise<void> {
  const reached = s.internal ? await s.internal.reached() : [];
  if (!reached.length) return;
  throw new CaptureFailure("led-to-internal-address", ledInsideMessage(opts.url, reached), { finalUrl: s.page.url(), httpStatus: null, flags: [...s.flags] });
}

/**
 * Waits for the page's document to have arrived whole. A site that sends its page and then never
 * closes the answer (a stalled server, a page streamed forever) never lets it finish, though a
 * person sees all it sent: after half the time left, a page that shows text is taken as it stands,
 * flagged document-incomplete. One that shows nothing by then is waited for to the end, and fails
 * as a timeout if it never comes.
 */
async function documentArrived(s: Visit, opts: CaptureOptions, response: Response | null): Promise<void> {
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
async function stirAsAVisitor(s: Visit): Promise<void> {
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
async function waitOutCheck(s: Visit, opts: CaptureOptions, answers: NavigationAnswers, response: Response, url: string): Promise<Response> {
  let current = response;
  const until = Math.min(Date.now() + CHECK_WAIT_MS, s.deadline - reserve(opts));
  while (CHECK_STATUSES.has(current.status()) && Date.now() < until) {
    s.progress(`the site answered ${current.status()}; waiting to see whether its page lets the browser through, as a check for automated visitors does`);
    const next = await nextDocument(s, answers, answers.seen(current), until);
    if (!next) break;
    current = next;
  }
  const status = current.status();
  if (status < 400) return current;
  const title = await s.page.title().catch(() => "");
  const headers: Record<string, string> = await current.allHeaders().catch(() => ({}));
  const check = looksLikeBotCheck(headers, title, await shortPageWords(s));
  const message = httpErrorMessage(status, url, check, retryAfterSaid(headers["retry-after"]), browserSignIn(status, headers["www-authenticate"]));
  throw new CaptureFailure("http-error", message, { finalUrl: s.page.url(), httpStatus: status });
}

/** The words the page shows when it is a short one (as a check for automated visitors is), else "". */
async function shortPageWords(s: Visit): Promise<string> {
  return await s.page.evaluate(`(() => { const t = document.body ? document.body.innerText : ""; return t.length < ${CHECK_PAGE_CHARS} ? t : ""; })()`).catch(() => "") as string;
}

/**
 * The answer for the next document in the page (the first of `answers` after the first `seen`), once
 * it has arrived; null when none comes by `until`.
 */
async function nextDocument(s: Visit, answers: NavigationAnswers, seen: number, until: number): Promise<Response | null> {
  const next = await answers.after(seen, until);
  if (next) await s.page.waitForLoadState("domcontentloaded", { timeout: Math.max(1, s.remaining()) }).catch(() => undefined);
  return next;
}

/**
 * The answers to the page's own navigations (its main frame's), in the order they came, kept from
 * the opening on: a wait for the next document begun after it had come, between two of somarkiv's
 * looks, saw nothing come.
 */
class NavigationAnswers {
  readonly list: Response[] = [];
  private readonly waiting = new Set<() => void>();
  constructor(private readonly page: Page) {}

  readonly onResponse = (r: Response): void => {
    try {
      if (r.frame() !== this.page.mainFrame() || !r.request().isNavigationRequest()) return;
    } catch {
      return; // a worker's request, in no frame
    }
    this.list.push(r);
    for (const look of [...this.waiting]) look();
  };

  /** How many answers came up to and with `answer` (all so far when it is not among them). */
  seen(answer: Response): number {
    const at = this.list.indexOf(answer);
    return at < 0 ? this.list.length : at + 1;
  }

  /** The first answer after the first `seen`, once it has come; null when none comes by `until`. */
  after(seen: number, until: number): Promise<Response | null> {
    return new Promise((resolve) => {
      const done = (answer: Response | null) => { clearTimeout(timer); this.waiting.delete(look); resolve(answer); };
      const look = () => { if (this.list.length > seen) done(this.list[seen]!); };
      const timer = setTimeout(() => done(null), Math.max(1, until - Date.now()));
      this.waiting.add(look);
      look();
    });
  }
}

/** How many times a capture follows a page that moves its visitor on. */
const MAX_MOVES = 5;

/** Marks the document in the page, so that a new one (the page moved on) can be told from it. */
const MARK_DOCUMENT = `Object.defineProperty(window, "__somarkivDocument", { value: true, configurable: true }), true`;
const SAME_DOCUMENT = `window.__somarkivDocument === true`;

/** How far into its visit (ms of the page's clock) a short page's own timer is waited for, as one that may move it on. */
const SHORT_PAGE_TIMER_MS = 5_000;

/** A page with little to read (at most 500 characters): a notice that moves the visitor on, not an account's page. */
async function shortPage(s: Visit): Promise<boolean> {
  // Its raw text first, which needs no layout: an account's page of posts is known long at once.
  const n = await s.page.evaluate(`!document.body ? 0 : document.body.textContent.length > 20000 ? 1e9 : (document.body.innerText || "").trim().length`).catch(() => 1e9) as number;
  return n <= 500;
}

/**
 * How long until the last of the main document's own one-off timers due by `byMs` of its clock (TIMER_GATE's
 * lateDue) comes due, in ms; 0 when none waits. The main document only: a frame's start-up timers are its own.
 */
export async function lateTimerDue(s: Visit, byMs: number): Promise<number> {
  return Number(await s.page.mainFrame().evaluate(`window.__somarkivTimers && window.__somarkivTimers.lateDue ? window.__somarkivTimers.lateDue(${byMs}) : 0`).catch(() => 0)) || 0;
}

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
async function waitForContent(s: Visit, opts: CaptureOptions): Promise<void> {
  const capMs = Math.min(10_000, s.deadline - reserve(opts) - Date.now());
  if (capMs <= 0) return;
  const present = await s.page.evaluate(call(WAIT_FOR_CONTENT, 0)).catch(() => true);
  if (present === true) return await ownDataWaited(s, capMs);
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
  else if (waited === "loading") {
    s.flags.add("still-loading");
    // Known again as the page is taken (contentNeverCame), when its spinner no longer turns.
    await s.page.evaluate(call(MARK_LOADING)).catch(() => 0);
    // Looked at again before the picture: posts that came during the scroll, the spinner gone, are no page still loading.
    (s.stillComing ??= []).push({ flag: "still-loading", pending: LOADING_STILL_SHOWN });
  }
}

/**
 * A page that shows words enough while its own data is still on its way (its posts asked of its own
 * site, or a script of its own, still out when the page stood still) is waited for, up to the bound:
 * its shell and empty white cards were taken as the page, and the record was of a feed with no posts,
 * with nothing said. Not for another site's request (see awaitingOwn); a request that never ends
 * costs the bound, and the page is then taken as it is.
 */
async function ownDataWaited(s: Visit, capMs: number): Promise<void> {
  const awaiting = () => s.net.awaitingOwn(CONTENT_REQUEST_MS, s.page.url());
  if (!awaiting()) return;
  s.progress("the page's own data is still on its way; waiting for it (the page is taken as it is if it does not come)");
  const until = Date.now() + capMs;
  while (awaiting() && Date.now() < until) await sleep(100);
  await settle(s, 5_000);
}

/**
 * WAIT_FOR_CONTENT's answer in the page's document (true, "little" or "loading"), or "moved" when
 * the document went away during the wait and another, not marked by openAndSettle, took its place.
 */
async function contentWaited(s: Visit, ms: number): Promise<true | "little" | "loading" | "moved"> {
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
export async function holdPage(s: Visit): Promise<void> {
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

/** How long the network must be idle, and the layout unchanged, for the page to count as settled. */
const NETWORK_QUIET_MS = 250;
export const LAYOUT_QUIET_MS = 300;
/** How long element and text changes count in a wait; after it only the page's size and pictures (see LAYOUT_QUIET). */
export const STRICT_MS = 1500;

/**
 * Waits in the page until its layout stops changing (see LAYOUT_QUIET), never past `until`.
 * A page that navigates away meanwhile loses the promise; that counts as not quiet.
 */
export async function layoutQuiet(s: Visit, quietMs: number, until: number, strictMs = STRICT_MS): Promise<boolean> {
  const cap = Math.max(0, until - Date.now());
  if (cap <= 0) return false;
  return await s.page.evaluate(call(LAYOUT_QUIET, quietMs, cap, strictMs, null)).catch(() => false) === true;
}

/**
 * Load, then the network and the layout quiet at the same time; never past `capMs` or the
 * deadline. A page that polls never goes quiet on the network; a cap keeps such pages from
 * costing the whole bound, and then the layout alone decides.
 */
export async function settle(s: Visit, capMs: number, layoutQuietMs = LAYOUT_QUIET_MS): Promise<void> {
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

/**
 * A box over the page with nothing to close it by, closed by the Escape key as a person closes it:
 * without it, a sign-up box that a visitor closes so (Pinterest's) was hidden as a login wall, and the
 * operator told to log in. Pressed once for each box; a box that stays is left to what is decided
 * for a box over the page. True when the box went.
 */
async function closeByEscape(s: Visit): Promise<boolean> {
  const box = await s.page.evaluate(call(BOX_FOR_ESCAPE)).catch(() => null) as { words: string; login: boolean } | null;
  if (!box || s.escapeTried?.has(box.words)) return false;
  (s.escapeTried ??= new Set()).add(box.words);
  await s.page.keyboard.press("Escape").catch(() => undefined);
  // A box that listens for the key goes at once, or fades in a moment: one that stays costs no more than that.
  if (await s.page.evaluate(call(CLOSED_BOX_STAYS, Math.min(800, Math.max(0, s.deadline - Date.now())))).catch(() => true) !== false) return false;
  await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
  if (!box.login) s.dialogs.add(box.words);
  s.flags.add(box.login ? "login-prompt-closed" : "dialog-dismissed");
  s.progress(box.login ? "closed a login prompt with the Escape key (it showed nothing else to close it by)" : "closed a box over the page with the Escape key (it showed nothing else to close it by)");
  return true;
}

/** Closes login prompts and other boxes over the page (a newsletter offer); true when at least one was closed. */
export async function closeLoginPrompts(s: Visit): Promise<boolean> {
  let any = false;
  for (let i = 0; i < 3; i++) {
    const labelled = await s.page.evaluate(call(CLOSE_LOGIN_PROMPT)).catch(() => false);
    const closed = !labelled && await s.page.evaluate(call(CLOSE_PAGE_DIALOG)).catch(() => false) as string | boolean | { login: true };
    // A login box closed by its drawn close (CLOSE_PAGE_DIALOG's icon pass) is a login prompt closed.
    const login = labelled || (typeof closed === "object" && closed !== null && closed.login === true);
    const other = login ? false : closed as string | boolean;
    if (!login && !other) {
      if (!await closeByEscape(s)) return any;
      any = true;
      continue;
    }
    // Wait for the prompt's closing to take effect (it may animate away) before looking for another.
    await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
    // A close that did nothing (a box that stays until the visitor logs in) closed nothing: the record
    // must not say a prompt was closed, and what the box is left as is decided where a box over the
    // page is (hidden as a login wall that came while the page was taken, or kept in the picture).
    if (await s.page.evaluate(call(CLOSED_BOX_STAYS, Math.min(1500, Math.max(0, s.deadline - Date.now())))).catch(() => false) === true) {
      s.progress(login ? "a login prompt's close did not close it" : "a box's close did not close it");
      return any;
    }
    any = true;
    // Kept as a dialog's words are: the sheet says what the closed box said (a notice, an offer).
    if (typeof other === "string") s.dialogs.add(other);
    s.flags.add(login ? "login-prompt-closed" : "dialog-dismissed");
    s.progress(login ? "closed a login prompt" : "closed a box over the page");
  }
  return any;
}

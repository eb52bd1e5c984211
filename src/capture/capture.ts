/**
 * One capture of an account's start page: open it in a fresh browser context, dismiss
 * consent, wait until it settles, load lazy content, and take the full page in bands with
 * its words, all within one overall deadline. The steps are told here in order; the visit's context
 * and deadline are in visit.ts, opening and settling in open.ts, the scroll through it in scroll.ts.
 */
import { agreeing, counted } from "../words/counted.ts";
import sharp from "sharp";
import type { Response } from "playwright-core";
import { fontAdvice } from "./font-packages.ts";
import {
  CaptureFailure,
  withoutPassword,
  type CaptureOptions,
  type CaptureResult,
  type ConsentOutcome,
  type PageReferences,
} from "./types.ts";
import type { BrowserHandle } from "./browser.ts";
import { sleep } from "./browser.ts";
import { consentDialogVisible, dismissConsent } from "./consent.ts";
import {
  collectWords,
  glyphsMissing,
  holdPageTimers,
  prepareForPicture,
  releasePageTimers,
  takeBands,
} from "./snapshot.ts";
import {
  askFrame,
  expandFullFrame,
  framesetCut,
  frameMedia,
  framePictures,
  hasUnresponsiveFrame,
  type MissingPictures,
} from "./frames.ts";
import {
  asksToLogIn,
  boxSaid,
  buttonsSaid,
  captureHeight,
  isBlank,
  isLoginWall,
  laterConsent,
  notFoundNotice,
  NOT_FOUND_MAX_TEXT,
  regionBlockedNotice,
  siteErrorNotice,
  offlineNotice,
  languageTag,
  glyphExamples,
  CONSENT_EN,
} from "./decisions.ts";
import { otherPageFlag, otherSiteFlag } from "./other-site.ts";
import { refusedSaid, refusedHosts } from "./internal-network.ts";
import { MEDIA_ON_PAGE, addMedia, mediaNotKept } from "./media.ts";
import { CUT_SHORT, cutShortNotes } from "./cut-short.ts";
import { BEHIND_WARNINGS, behindWarningNotes, continuedTexts } from "./behind-warnings.ts";
import { takeScreenByScreen } from "./screen-by-screen.ts";
import { OUT_OF_VIEW, outOfViewNotes, type HiddenRow, type OutOfViewNotes } from "./out-of-view.ts";
import {
  BOX_OVER_PAGE,
  FEED_END_LOADING,
  FREEZE_MOTION,
  LOGIN_FACTS,
  PAGE_SIZE,
  PAGE_WIDTH,
  RENDER_SKIPPED_CONTENT,
  REMOVED_TEXT_MISSING,
  TEXT_AT_REST,
  MARK_INNER_SCROLLER,
  PAGE_REFERENCES,
  BARS_BELOW_CONTENT,
  FIXED_BACKGROUNDS,
  PICTURES_RESTORE,
  HIDE_LOGIN_WALL,
  BOT_CHECK_OVER_PAGE,
  TWO_FRAMES,
  WAIT_FOR_IMAGES,
  REVEAL_WATCH,
  REVEAL_RESTORE,
  MARK_BOXES_AT_START,
  HIDE_LATE_LOGIN_BOX,
  CANVAS_SHARE,
  NOTICE_TEXT,
  PAGE_LOOKS,
  PAGE_NOTES,
  call,
} from "./page-scripts.ts";
import { type Visit, withVisit, ARRIVED_AT, reserve } from "./visit.ts";
import { contentNotLoaded, notLoadedMessage } from "./not-loaded.ts";
import { acceptWallAfterDecline, checkConsentKept, checkConsentPageAnswered, markBeforeConsent } from "./consent-kept.ts";
import { openAndSettle, holdPage, LAYOUT_QUIET_MS, layoutQuiet, settle, closeLoginPrompts, refuseLedInside, lateTimerDue } from "./open.ts";
import { expandInnerScroller, expandFeedBoxes, flagsStillComing, loadLazyContent, visitLingeringPictures, visitLoadingParts, FREE_SCROLL, SCROLL_TO } from "./scroll.ts";

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

/** Opens the page, checks the answer, dismisses consent and waits for it to settle. */
async function openPage(s: Visit, opts: CaptureOptions): Promise<Opened> {
  const { response, httpStatus, navigationMs, settleMs } = await openAndSettle(s, opts);
  const t1 = Date.now();
  s.progress("dismissing consent dialogs");
  const consentStarted = Date.now();
  const marked = await markBeforeConsent(s.page);
  let consent = await dismissConsent(s.page, s.consentTracker, s.deadline - reserve(opts));
  const answered = (c: typeof consent) => {
    for (const f of c.flags) s.flags.add(f);
    s.progress(consentSaid(c));
    s.consentButton = c.button;
    s.consentPage = c.onPage;
    s.consentButtonsSeen = c.buttonsSeen;
  };
  answered(consent);
  const promptsClosed = await closeLoginPrompts(s);
  let consentMs = Date.now() - consentStarted;
  // Nothing pressed, nothing hidden: the page is as settled as before, so a second wait would only cost time.
  // After a press the layout has already been quiet for a moment (see afterPress), so a shorter
  // layout window completes the usual one; the network must still be quiet for the full time.
  if (consent.outcome !== "none-found" || promptsClosed) await settle(s, 3_000, LAYOUT_QUIET_MS / 2);
  // Declined, and the site went on to a page of its own that takes only a yes or payment: answered there, and settled again.
  const wallStarted = Date.now();
  const walled = consent.outcome === "declined" ? await acceptWallAfterDecline(s, s.deadline - reserve(opts)) : undefined;
  consentMs += Date.now() - wallStarted;
  if (walled) {
    consent = walled;
    answered(walled);
    await settle(s, 3_000, LAYOUT_QUIET_MS / 2);
  }
  // An answer that did not stick leaves the site's consent page where the account's should be.
  await checkConsentKept(s, opts, httpStatus, consent.outcome, marked);
  const innerScroller = await s.page.evaluate(call(MARK_INNER_SCROLLER)).catch(() => false) === true;
  if (innerScroller) s.progress("the page scrolls inside a box; scrolling through it before expanding it");
  else if (await expandFullFrame(s.page)) {
    s.flags.add("inner-scroll-expanded");
    s.progress("the page scrolls inside a frame that fills it; expanded the frame to its full height");
  } else if (await framesetCut(s.page)) {
    s.flags.add("box-scrolls-separately");
    s.progress("the page is a set of frames (a frameset), and a frame of it scrolls by itself and holds more than it shows; frames of a frameset cannot be drawn taller than the window, so the record shows what is in view in them");
  }
  await checkLoginWall(s, opts, httpStatus, consent.outcome);
  await checkNotFound(s, opts, httpStatus, consent.outcome);
  // Nothing answered, and the page is a consent question in words somarkiv does not know: no record of the account.
  await checkConsentPageAnswered(s, opts, httpStatus, consent.outcome);
  await s.page.evaluate(call(MARK_BOXES_AT_START)).catch(() => 0);
  return { response, httpStatus, consent: consent.outcome, navigationMs, settleMs: settleMs + Date.now() - t1, consentMs, innerScroller };
}

/** The cookie dialog's outcome as the operator reads it: "cookie dialog declined: button "Avvisa alla"". */
function consentSaid(c: { outcome: ConsentOutcome; how: string }): string {
  return c.outcome === "none-found" && c.how === "no consent dialog" ? CONSENT_EN[c.outcome] : `${CONSENT_EN[c.outcome]}: ${c.how}`;
}

/**
 * A consent dialog may come late, or only once the page has been scrolled; it must not be
 * left over the snapshot. Looks again just before the screenshot and dismisses what it finds.
 */
async function dismissLateConsent(s: Visit, opts: CaptureOptions, earlier: ConsentOutcome): Promise<ConsentOutcome> {
  // A dialog that could not be dismissed the first time is known; trying again only costs time.
  if (earlier === "not-dismissed" || !(await consentDialogVisible(s.page))) return earlier;
  s.progress("a consent dialog appeared later; dismissing it");
  const late = await dismissConsent(s.page, s.consentTracker, Math.min(s.deadline - reserve(opts) / 2, Date.now() + 8_000));
  for (const f of late.flags) s.flags.add(f);
  s.progress(consentSaid(late));
  // Accepting anywhere decides the outcome (laterConsent), and so names the button.
  if (late.button && (!s.consentButton || (late.outcome === "accepted" && earlier !== "accepted"))) {
    s.consentButton = late.button;
    s.consentPage = late.onPage;
  }
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
async function awaitLateTimers(s: Visit, opts: CaptureOptions): Promise<boolean> {
  // The page's own document only: a frame added as the page was scrolled (an embedded post, a player,
  // an ad) is young, and its start-up timers made nearly every capture with one wait its full 5 s.
  const due = await lateTimerDue(s, LATE_BOX_BY_MS);
  const wait = Math.min(Math.max(0, due), LATE_BOX_BY_MS, s.deadline - reserve(opts) - Date.now());
  if (!(wait > 0)) return false;
  s.progress(`the page set a timer that comes due ${(wait / 1000).toFixed(1)} s from now, which may open a box (a late cookie dialog); waiting for it`);
  await sleep(wait + 50);
  await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
  return true;
}

/** How many of the page's own late timers (see TIMER_GATE's lateRan) have run, in an expression of its document. */
const LATE_RUNS = "(window.__somarkivTimers && window.__somarkivTimers.lateRan ? window.__somarkivTimers.lateRan() : 0)";

async function lateTimersRun(s: Visit): Promise<number> {
  return Number(await askFrame(s.page.mainFrame(), LATE_RUNS, 0)) || 0;
}

/** How long a box with nothing to press in it is given to go by itself before the page is taken. */
const BOX_GOES_MS = 6_000;

/** Texts removed while scrolling and missing at the end from which the record is flagged incomplete. */
const REMOVED_TEXTS_FLAGGED = 5;

/** The widest page taken, in CSS px: 12,000 pt in the PDF, within PDF's 14,400 (see pdf/tiling). */
const MAX_CAPTURE_WIDTH = 16_000;

async function checkLoginWall(s: Visit, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome, afterScroll = false): Promise<void> {
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
async function checkNotFound(s: Visit, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome): Promise<void> {
  const page = await s.page.evaluate(call(NOTICE_TEXT, NOT_FOUND_MAX_TEXT)).catch(() => ({ text: "", title: "" })) as { text: string; title: string };
  const blocked = regionBlockedNotice(page.text);
  const notice = blocked ? null : notFoundNotice(page.text, page.title);
  const error = blocked || notice ? null : siteErrorNotice(page.text);
  const offline = blocked || notice || error ? null : offlineNotice(page.text);
  if (!blocked && !notice && !error && !offline) return;
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
  // The page came but says it is offline: its requests for the posts failed, at the site or on the
  // way from this machine (a proxy or firewall letting the page through but not the site's data).
  // A visitor pressing its "Försök igen" may see the posts; a record of the notice would hold none.
  if (offline) throw new CaptureFailure(
    "site-error",
    `The page at ${opts.url} came, but said it could not load its content ("${offline}"), though this machine reached the site. The site had a problem, or this machine's network (a proxy or firewall) lets the page through but not the site's data; it will be tried again on the next run. If it keeps happening, open the page in a browser on this machine, and ask IT whether the network blocks part of the site.`,
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

/**
 * A blank page's scripts that failed as it loaded, said beside the failure: a page built by its own
 * script shows nothing to anyone when that script breaks, which "may not have loaded" did not tell.
 */
export function scriptsFailedSaid(errors: { count: number; first?: string }): string {
  if (!errors.count || !errors.first) return "";
  return ` The page's own scripts failed as it loaded (${errors.count === 1 ? "1 error" : `${errors.count} errors`}, the first: "${errors.first}"), which may be why it shows nothing: if it looks empty in a browser too, the fault is the site's.`;
}

export async function captureAccount(handle: BrowserHandle, opts: CaptureOptions): Promise<CaptureResult> {
  return withVisit(handle, opts, async (s) => {
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
    // A feed whose next batch is slower than the scroll's wait ends with its spinner still turning:
    // what it was bringing is missing, said as a page still loading is (looked at again before the picture).
    const feedEnd = await s.page.evaluate(call(FEED_END_LOADING, opts.maxHeight)).catch(() => null) as { count: number } | null;
    if (feedEnd?.count) {
      s.flags.add("still-loading");
      (s.stillComing ??= []).push({ flag: "still-loading", pending: FEED_END_LOADING });
      s.progress("the page still shows a loading indicator at its end; what it was bringing may be missing");
    }
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
      s.progress(`${counted(pictures, "picture")} ${agreeing(pictures, "was", "were")} taken away by the page once scrolled past; shown as they were in view`);
    }
    const revealed = await s.page.evaluate(call(REVEAL_RESTORE)).catch(() => 0) as number;
    if (revealed) {
      // Like a bar set below the content, a change somarkiv made to the page: the record says so.
      s.flags.add("faded-sections-shown");
      s.progress(`${counted(revealed, "section")} ${agreeing(revealed, "fades", "fade")} out when scrolled past; shown as they were in view`);
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
    let lateRunsLooked = await lateTimersRun(s);
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
    let removedTexts = removed.length >= REMOVED_TEXTS_FLAGGED ? removed : undefined;
    if (removedTexts) s.flags.add("content-removed-while-scrolling");
    const scrollMs = Date.now() - t2;

    const t3 = Date.now();
    s.progress("taking the screenshot");
    let textMoving = false;
    const take = async () => {
      textMoving = await s.page.evaluate(call(TEXT_AT_REST, 250, 2_000)).catch(() => true) === false;
      // Flagged as still coming at its revisit, or at the wait for content, and come since (a slow
      // server's answer, posts that came during the scroll): the picture holds it, and the record says
      // nothing of it. Looked at before the page's animations are stopped for the picture, when a
      // spinner still turns; a flag stays while any of its looks still finds what is coming.
      const stillComing = await flagsStillComing(s.stillComing ?? [], (pending) => s.page.evaluate(call(pending, opts.maxHeight)).catch(() => null) as Promise<{ count: number } | null>);
      for (const [flag, coming] of stillComing) {
        if (coming) s.flags.add(flag);
        else s.flags.delete(flag);
      }
      await prepareForPicture(s.page);
      await holdPageTimers(s.page);
      try {
        const size = await s.page.evaluate(call(PAGE_SIZE)) as { height: number };
        const pageWidth = await s.page.evaluate(call(PAGE_WIDTH)) as number;
        const { height, truncated } = captureHeight(size.height, opts.maxHeight);
        // A page wider than a picture can be (an unbroken word of 10,000 letters) is cut at its right:
        // Chromium gives no picture past 65,535 px, and a PDF page past 14,400 pt is beyond the format.
        const width = Math.min(MAX_CAPTURE_WIDTH, Math.max(1, Math.round(pageWidth)));
        const base = { width, height, truncated, fullHeight: Math.ceil(size.height), cutAtRight: width < Math.round(pageWidth) };
        // A feed that removed what it showed is taken as a person sees it, screen by screen; failing that, whole as before.
        if (removedTexts) {
          const screens = await takeScreenByScreen(s.page, {
            width, height, pageHeight: size.height, lossless: opts.lossless === true, until: s.deadline - reserve(opts) / 2, removed: removedTexts,
            settle: () => layoutQuiet(s, 100, Math.min(s.deadline, Date.now() + 1000), 1000),
          });
          if (!("failed" in screens)) {
            s.progress(`the feed keeps only the posts near the screen; took it screen by screen (${screens.screens} screens)`);
            screens.collected.words = screens.collected.words.filter((w) => w.x < width);
            return { ...base, collected: screens.collected, shot: screens.shot, screensMissing: screens.missing };
          }
          s.progress(`the feed keeps only the posts near the screen, and could not be taken screen by screen (${screens.failed}); taking it whole, without the posts it removed`);
        }
        const collected = await collectWords(s.page, height);
        // Words the picture does not hold (past a cut, or past a window that does not scroll sideways) are not in its text either.
        collected.words = collected.words.filter((w) => w.x < width);
        const shot = await takeBands(s.page, width, height, opts.lossless === true, s.deadline - reserve(opts) / 2);
        return { ...base, collected, shot, screensMissing: undefined as string[] | undefined };
      } finally {
        await releasePageTimers(s.page);
      }
    };
    // What lies over the first screen is looked at before the page is taken and after: a box in
    // the picture was there at both looks; one that came only after (a late consent dialog while
    // the bands were taken) is not in it, and the record must not say it is.
    const boxNow = () => s.page.evaluate(call(BOX_OVER_PAGE)).catch(() => null) as Promise<{ words: string; cookies: boolean; controls: number; buttons?: string[]; unreadable?: boolean } | null>;
    // A box a timer of the page opens a few seconds in, or one that came since the last look, is
    // answered now, before the bands: a look per frame on a page without one, a wait only for a timer still to come.
    // A login wall such a timer opens (TikTok's at 4 s) came after the first screen a visitor saw, as one with the scroll does.
    const lookAtLateBoxes = async (timerRan: boolean) => {
      if (timerRan) {
        lateRunsLooked = await lateTimersRun(s);
        await closeLoginPrompts(s);
        await checkLoginWall(s, opts, opened.httpStatus, consent, true);
      }
      if (consent !== "not-dismissed" && await consentDialogVisible(s.page)) {
        consent = await dismissLateConsent(s, opts, consent);
        await s.page.evaluate(`${SCROLL_TO}(0)`).catch(() => undefined);
        await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
      }
    };
    await lookAtLateBoxes(await awaitLateTimers(s, opts));
    // A box over the page and how many of the page's late timers have run, seen in one breath: one that
    // ran after the last look (as that look ended, on a busy machine or a slow page) brought a box
    // that look did not see, and it is looked at as the others were before the picture.
    const boxAndLateRuns = () => s.page.evaluate(`({ box: ${call(BOX_OVER_PAGE)}, lateRuns: ${LATE_RUNS} })`).catch(() => null) as Promise<{ box: Awaited<ReturnType<typeof boxNow>>; lateRuns: number } | null>;
    const seen = await boxAndLateRuns();
    let boxBefore = seen?.box ?? null;
    if (boxBefore && seen && seen.lateRuns > lateRunsLooked) {
      s.progress("the page's own timer ran after the last look at what lies over it; looking again");
      await layoutQuiet(s, 150, Math.min(s.deadline, Date.now() + 1000), 1000);
      await lookAtLateBoxes(true);
      boxBefore = await boxNow();
    }
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
    // Taken screen by screen, the picture holds the feed's posts: only those no screen showed again are missing from it.
    if (taken.screensMissing) {
      s.flags.add("taken-screen-by-screen");
      removedTexts = taken.screensMissing.length >= REMOVED_TEXTS_FLAGGED ? taken.screensMissing : undefined;
      if (!removedTexts) s.flags.delete("content-removed-while-scrolling");
    }
    // Whatever still lies over the first screen (a notice with no answer, an age question, a box
    // whose close was not found) is in the picture over the page: the record says so rather than
    // look whole, and a cookie notice among them is a consent dialog that was not dismissed.
    const box = boxBefore && await boxNow();
    // The words of the box left in the picture, or of one that came after it: the sheet and the advice quote them.
    let boxWords: string | undefined;
    const after = box ? null : !boxBefore ? await boxNow() : null;
    if (box && box.cookies && consent === "none-found") {
      consent = "not-dismissed";
      s.flags.add("consent-not-dismissed");
      // Found by this look only (the consent look did not know it): its buttons' words are kept as
      // the consent look keeps them, for the sheet and the advice to say which dialog it was.
      const buttons = (box.buttons ?? []).filter((l) => typeof l === "string" && l !== "");
      if (buttons.length) s.consentButtonsSeen = buttons;
      s.progress(`a cookie notice with nothing to answer it lies over the page (${boxSaid(box)}${buttons.length ? `; its buttons said: ${buttonsSaid(buttons)}` : ""}); it is in the picture`);
    } else if (box && !(box.cookies && consent === "not-dismissed") && !s.flags.has("bot-check-over-page")) {
      s.flags.add("box-over-page");
      boxWords = box.words;
      s.progress(`a box lies over the page and could not be closed (${boxSaid(box)}); it is in the picture`);
    } else if (after) {
      // A visitor who stays on the page a few seconds longer gets it (TikTok's login wall at 7 s): the record says so.
      s.flags.add("box-came-after");
      boxWords = after.words;
      s.progress(`a box came over the page after it was taken (${boxSaid(after)}); the picture is of the page without it, and the record says so`);
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
    // A frame or fetch a redirect took inside, which no route stops: no record of it.
    await refuseLedInside(s, opts);
    if (s.internal?.refused.length) {
      s.flags.add("internal-address-refused");
      s.progress(`the page asked for addresses in the internal network (${refusedSaid(s.internal.refused)}); they were refused, and the record does not show them`);
    }
    const elsewhere = otherSiteFlag(opts.url, finalUrl);
    if (elsewhere) {
      s.flags.add(elsewhere);
      s.progress(`the page led on to ${finalUrl}, ${elsewhere === "reached-internal-address" ? "an address in an internal network" : "another site"} than the account's address ${opts.url}; the snapshot shows that page`);
    } else if (otherPageFlag(opts.url, finalUrl)) {
      s.flags.add("reached-other-page");
      s.progress(`the page led on to ${finalUrl}, another page of the site than the account's address ${opts.url} (its front page, or another account's); the snapshot shows that page`);
    }
    const flags = [...s.flags];

    // The page asked about cookies with its own confirm(), and the dismissal answered no.
    if (consent === "none-found" && s.cookieQuestion.asked) consent = "declined";
    const canvasShare = collected.words.length === 0 ? Number(await s.page.evaluate(call(CANVAS_SHARE)).catch(() => 0)) : 0;
    // The administrator's copy of a failed attempt is a PNG, like every other failure's.
    // A band that cannot be converted only costs the administrator the picture, never the reason.
    const failedShot = async () => shot.slices[0] && await sharp(shot.slices[0].image).png().toBuffer().catch(() => undefined);
    if (isBlank({ dominantShare: shot.dominantShare, wordCount: collected.words.length, canvasShare, text: collected.text })) {
      throw new CaptureFailure(
        "blank",
        `The page at ${opts.url} looked empty when captured (one colour or only a loading indicator, no text). The site may not have loaded; it will be tried again on the next run.${scriptsFailedSaid(s.scriptErrors)}`,
        { finalUrl, httpStatus: opened.httpStatus, screenshot: await failedShot(), consent, flags },
      );
    }
    if (await contentNotLoaded(s.page, s.flags.has("still-loading"), opts.viewport)) {
      if (!opts.asShown) throw new CaptureFailure("not-loaded", notLoadedMessage(opts.url),
        { finalUrl, httpStatus: opened.httpStatus, screenshot: await failedShot(), consent, flags });
      // Asked for by a person: the record says the content never came, which still-loading does not.
      flags.splice(flags.indexOf("still-loading"), 1);
      flags.push("not-loaded");
      s.progress("the page had not finished loading: where its posts should be it showed only a loading indicator; it is filed as it shows, as asked (--as-shown), flagged not-loaded");
    }
    // Drawn on a canvas, or only in pictures: the record shows it but cannot be searched, and says so.
    let notes: { canvasShare: number; moreButton: string | null; scrollBox: boolean; beyondEnd: boolean } | null = null;
    let outOfView: OutOfViewNotes | null = null;
    if (collected.words.length === 0) flags.push("no-searchable-text");
    else {
      notes = await s.page.evaluate(call(PAGE_NOTES, height)).catch(() => null) as { canvasShare: number; moreButton: string | null; scrollBox: boolean; beyondEnd: boolean } | null;
      outOfView = outOfViewNotes(await s.page.evaluate(call(OUT_OF_VIEW, height)).catch(() => []) as HiddenRow[]);
      // A row moved by arrow buttons (or a slideshow's slides) scrolls nowhere: nothing else says its hidden posts are missing.
      if (outOfView.inCarousels) {
        flags.push("carousel-hidden-items");
        s.progress(`${counted(outOfView.inCarousels, "post")} of a row shown a few at a time (moved with arrow buttons, or a slideshow) are not in view; the record shows those that are, and keeps the others' words in the manifest`);
      }
      if ((notes?.scrollBox || outOfView.inScrollingBoxes) && !flags.includes("box-scrolls-separately")) {
        flags.push("box-scrolls-separately");
        s.progress(`a box in the page scrolls by itself and holds more than it shows${outOfView.inScrollingBoxes ? ` (${counted(outOfView.inScrollingBoxes, "post")} out of view, their words kept in the manifest)` : ""}; the record shows what is in view in it`);
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
    // Information, not a fault: a flag outside those worth a look (cli/flags), so the account's status stays ok.
    const media = mediaNotKept(addMedia(await s.page.evaluate(call(MEDIA_ON_PAGE, height)).catch(() => null), await frameMedia(s.page, height)));
    if (media) {
      flags.push("media-not-kept");
      s.progress(`the page has ${counted(media.videos, "video")} and ${counted(media.audio, "audio player")}; their sound and moving picture are not kept, only how they look on the page`);
    }
    // Read before the texts cut short: a post whose rest is hidden after its "…" is one of them, not a warning.
    const behind = await s.page.evaluate(call(BEHIND_WARNINGS, height)).catch(() => null);
    // Information too: the page as a visitor first sees it cuts these texts; their whole words are kept, not opened.
    const clamped = collected.words.length ? await s.page.evaluate(call(CUT_SHORT, height)).catch(() => null) : null;
    const cutShort = collected.words.length ? cutShortNotes([...(Array.isArray(clamped) ? clamped : []), ...continuedTexts(behind)]) : null;
    if (cutShort) {
      flags.push("text-cut-short");
      s.progress(`${counted(cutShort.count, "text")} of the page ${agreeing(cutShort.count, "is cut to its first lines", "are cut to their first lines")} behind a button such as "Visa mer"; the record shows ${agreeing(cutShort.count, "its", "their")} first lines and keeps ${agreeing(cutShort.count, "its", "their")} whole words in the manifest`);
    }
    // Information too: a covered post is as a visitor sees it, and nothing is pressed to uncover it.
    const warned = behindWarningNotes(behind);
    if (warned) {
      flags.push("content-behind-warning");
      s.progress(`${counted(warned.behindWarnings.posts, "post")} ${agreeing(warned.behindWarnings.posts, "hides its", "hide their")} text behind a content warning and ${counted(warned.behindWarnings.media, "picture or video", "pictures or videos")} ${agreeing(warned.behindWarnings.media, "lies", "lie")} under a cover for sensitive content; the record shows them covered, as a visitor sees them, and keeps the hidden words in the manifest`);
    }
    const title = await s.page.title().catch(() => "");
    const looks = await s.page.evaluate(call(PAGE_LOOKS)).catch(() => ({ language: "", darkLook: null })) as { language: string; darkLook: "also" | "only" | null };
    const language = looks.language;
    const references = await s.page.evaluate(call(PAGE_REFERENCES, height)).catch(() => undefined) as PageReferences | undefined;
    s.progress(`captured ${counted(shot.slices.length, "band")}, ${width}×${height} px, ${collected.words.length} words`);
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
      ...(s.consentPage && (consent === "accepted" || consent === "declined") ? { consentPage: true as const } : {}),
      ...(s.consentButtonsSeen?.length && consent === "not-dismissed" ? { consentButtonsSeen: s.consentButtonsSeen } : {}),
      flags,
      ...(s.dialogs.kept.length ? { pageDialogs: [...s.dialogs.kept] } : {}),
      ...(s.dialogs.more ? { pageDialogsNotQuoted: s.dialogs.more } : {}),
      ...(removedTexts ? { textRemovedWhileScrolling: removedTexts } : {}),
      ...(outOfView?.inCarousels || outOfView?.inScrollingBoxes ? { itemsOutOfView: { inScrollingBoxes: outOfView.inScrollingBoxes, inCarousels: outOfView.inCarousels }, textOutOfView: outOfView.texts } : {}),
      ...(media ? { mediaOnPage: media } : {}),
      ...(cutShort ? { postTextsCutShort: cutShort.count, textCutShort: cutShort.texts } : {}),
      ...(warned ?? {}),
      ...(notes?.moreButton ? { moreButton: notes.moreButton.slice(0, 100) } : {}),
      ...(s.heldTo ? { heldNavigationTo: s.heldTo.slice(0, 500) } : {}),
      ...(missingGlyphs.length ? { glyphsMissing: missingGlyphs } : {}),
      ...(boxWords?.replace(/\s+/g, " ").trim() ? { boxWords: boxWords.replace(/\s+/g, " ").trim() } : {}),
      ...(s.internal?.refused.length ? { internalHostsRefused: refusedHosts(s.internal.refused) } : {}),
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
  /** The first words of the box over the page, or of one that came after it was taken (box-came-after). */
  boxWords?: string;
}

/**
 * Preflight's problem of a box over the page, with its words: a login box is passed by signing in,
 * another only by somarkiv learning to close it (no snapshot taken by hand enters the record series).
 */
function boxOverPageProblem(url: string, words: string | undefined): string {
  const said = words ? ` (it said: ${boxSaid({ words })})` : "";
  if (asksToLogIn(words)) return `A box lies over the page at ${url} that could not be closed${said}; snapshots would show it over the page. It asks visitors to log in: sign in with "somarkiv login --account <id>", name the saved session in the account's login.storageState, and run preflight again.`;
  return `A box lies over the page at ${url} that could not be closed${said}; snapshots would show it over the page. Open the page in a browser to see what it is (a notice, a question such as "Are you over 18?", an offer): if a visitor can close or answer it, tell whoever keeps somarkiv its words and how it is closed, so that somarkiv learns to; if no visitor can, snapshots show the page as every visitor sees it, with the box named on the record sheet.`;
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
    if (r.flags.includes("box-over-page")) problems.push(boxOverPageProblem(opts.url, r.boxWords));
    if (r.flags.includes("bot-check-over-page")) problems.push(`The page at ${opts.url} showed a check for automated visitors (a puzzle or "I am not a robot") over the account's page; snapshots would show it. If it keeps happening, try capture.browser: /usr/bin/chromium, or take this account's snapshot by hand.`);
    if (r.flags.includes("still-loading")) problems.push(`The page at ${opts.url} still showed that it was loading after a wait of up to 10 seconds (a loading indicator still turning): something it was loading (a part of its feed, a panel beside it) may not have come. Snapshots would show it loading, and may miss that part. Open the page in a browser to see whether it works; if it does, try again later.`);
    if (r.flags.includes("document-incomplete")) problems.push(`The site at ${opts.url} did not finish sending the page; snapshots show what had come by then, which may not be all of it. Open the page in a browser to see whether it ever finishes; if the site is slow today, try again later.`);
    if (r.glyphsMissing?.length) {
      const advice = fontAdvice(r.glyphsMissing);
      problems.push(`Some characters on the page at ${opts.url} (${r.glyphsMissing.join(" ")}) have no font on this machine: snapshots would show them as empty boxes, though their words are in the searchable text. ${advice}${advice.startsWith("Install") ? " and run preflight again" : ""}.`);
    }
    if (r.flags.includes("reached-other-site") || r.flags.includes("reached-internal-address")) problems.push(`The address ${opts.url} leads on to ${r.finalUrl}, ${r.flags.includes("reached-internal-address") ? "an address in an internal network" : "another site"}: snapshots would show that page, not the account. Open the address in a browser: if the account has moved, put its new address in the configuration; if the site or domain has changed hands, tell the account's responsible.`);
    if (r.flags.includes("reached-other-page")) problems.push(`The address ${opts.url} leads on to ${r.finalUrl}, another page of the same site (its front page, or another account's): snapshots would show that page. Open the address in a browser: an account renamed, removed or taken over looks so; if the account has a new address, put it in the configuration.`);
    if (r.flags.includes("bot-check-shown")) problems.push(`The site at ${opts.url} showed a check for automated visitors instead of the account's page and did not let the browser through; snapshots would show the check. If it keeps happening, take this account's snapshot by hand.`);
    return { ok: problems.length === 0, problems, consent: r.consent, flags: r.flags, ...(r.boxWords ? { boxWords: r.boxWords } : {}) };
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

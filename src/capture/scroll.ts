/**
 * Scrolling through the page as a person does, so that what loads as it comes into view (a feed's
 * next posts, lazy pictures, parts that fill in once seen) is loaded before the page is taken.
 */
import { agreeing, counted } from "../words/counted.ts";
import type { CaptureOptions } from "./types.ts";
import { sleep } from "./browser.ts";
import { growFrameBoxes } from "./frames.ts";
import {
  PAGE_SHAPE,
  PAGE_SIZE,
  WATCH_REMOVED_TEXT,
  UNLOCK_INNER_SCROLLER,
  MARK_FEED_BOX,
  GROW_FEED_BOX,
  SCROLLER,
  TWO_FRAMES,
  FRAMES_DRAWN,
  OWN_TIMEOUT,
  LAYOUT_QUIET,
  FEED_LOADING,
  LAZY_PENDING,
  HOLD_FOR_LAZY,
  LOADING_PENDING,
  HOLD_FOR_LOADING,
  ADD_STYLE,
  call,
} from "./page-scripts.ts";
import { type Visit, reserve } from "./visit.ts";
import { STRICT_MS, layoutQuiet, closeLoginPrompts } from "./open.ts";

/**
 * After the scroll through a page that scrolls inside a box: the box, with everything it brought,
 * grows to its full height, so the page is taken whole as a document.
 */
export async function expandInnerScroller(s: Visit): Promise<void> {
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
export async function expandFeedBoxes(s: Visit, opts: CaptureOptions): Promise<number> {
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

/**
 * At the bottom of the page: "grew" as soon as the page gets taller; "quiet" once the network
 * and the layout have been quiet at the same time and the feed shows no loader; "busy" at `until`;
 * "out-of-time" when the page's own wait before it brings more would end after `limit`.
 */
async function bottomWait(s: Visit, height: number, until: number, limit = until): Promise<"grew" | "quiet" | "busy" | "out-of-time"> {
  // After a timer the page set as it was scrolled has run, a shorter quiet tells whether it started anything.
  let quietMs = 400;
  let loaderLooks = 0;
  // The page's own waits are run out for 8 s at most at one bottom: timers that keep setting timers do not hold it longer.
  const waitsUntil = Math.min(limit, Date.now() + 8_000);
  for (let round = 0; round < 20; round++) {
    const cap = until - Date.now();
    if (cap <= 0) return "busy";
    // As in every wait, elements and text count for the first 1.5 s and then only the page's shape,
    // so a ticker cannot hold the bottom to its cap; a feed's next batch makes the page grow.
    const look = await s.page.evaluate(call(QUIET_LOOK, quietMs, cap, Math.min(cap, STRICT_MS), height)).catch(() => ({ quiet: false, ran: 0 })) as { quiet: boolean | "grew"; ran: number };
    const r = look.quiet;
    if (r === "grew") return "grew";
    if (r === false) return "busy";
    // Quiet, unless the feed shows that it is bringing more without a request yet (it waits a
    // moment first, or builds the batch from what it has): its loader is waited out to the cap.
    // So is a timer the page set as it was scrolled (a debounce before it asks for more), with nothing shown.
    const netQuiet = s.net.quietFor() >= quietMs;
    const loaderShown = netQuiet && await s.page.evaluate(call(FEED_LOADING)).catch(() => false) === true;
    if (netQuiet && !loaderShown) {
      const { due, ran } = await reactions(s);
      if (due <= 0) {
        // One that ran after the look began may have asked for more once the network was looked at:
        // on a busy machine a look and its answer took seconds, longer than the debounce.
        if (ran === look.ran) return "quiet";
        quietMs = 150;
        continue;
      }
      // Due after the scroll's time: what it would bring cannot be waited for, and the feed is not
      // known to have ended (a feed that waits for the scroll to rest was taken as whole).
      if (Date.now() + due >= limit) return "out-of-time";
      if (Date.now() + due >= waitsUntil) return "quiet";
      // A wait of the page's own (up to 5 s) is run out past the bottom's usual 3 s, within the capture's bound.
      until = Math.max(until, Math.min(waitsUntil, Date.now() + due + 1000));
      await sleep(due + 20);
      quietMs = 150;
      continue;
    }
    // The feed shows its loader, and neither a request nor the layout has moved for two looks: its
    // watch on its end may have missed the scroll (the end still in view as the last batch came and
    // the scroll went on below it, as on a busy machine, so the watch saw no change). A person scrolls
    // up a little and back; so does the capture, once at each bottom.
    // On a busy machine a look takes a second or more and the bottom's time may hold one look only:
    // the scroll up and back is then made at the last one, not left undone. The feed is given a
    // bottom's time from then to bring its next batch, and the wait it set as it saw its end come
    // back (a timer before the batch is shown, late on a busy machine), within the capture's bound.
    if (loaderShown && (++loaderLooks === 2 || (loaderLooks === 1 && until - Date.now() < 1000))) {
      await s.page.evaluate(SCROLL_AWAY_AND_BACK).catch(() => undefined);
      until = Math.max(until, Math.min(limit, Date.now() + 3000 + (await reactions(s)).due));
      loaderLooks = 2;
    }
    quietMs = 400;
    // The layout is quiet but a request is running or has just ended (the feed's next batch on its
    // way), or the feed says it is loading: look again; the look ends as soon as the page grows.
  }
  return "busy";
}

/**
 * How long until the last timer the page set in reaction to a scroll comes due, in ms, and how many
 * such timers have run (see TIMER_GATE).
 */
const reactions = (s: Visit): Promise<{ due: number; ran: number }> =>
  s.page.evaluate("window.__somarkivTimers ? window.__somarkivTimers.reactions() : { due: 0, ran: 0 }").catch(() => ({ due: 0, ran: 0 })) as Promise<{ due: number; ran: number }>;

/** LAYOUT_QUIET, and how many of the page's reactions to a scroll had run as it began. */
const QUIET_LOOK = `async (...args) => {
  const timers = window.__somarkivTimers;
  const ran = timers ? timers.reactions().ran : 0;
  return { quiet: await (${LAYOUT_QUIET})(...args), ran };
}`;

/**
 * Scrolls through the page so lazy content loads, within height, step and time bounds.
 * Returns the time spent at the bottom waiting for the page to bring more or go quiet.
 */
export async function loadLazyContent(s: Visit, opts: CaptureOptions): Promise<number> {
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
      if (waited === "out-of-time") { s.flags.add("lazy-content-incomplete"); break; }
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
 * which the scroll never gave it. The page is left at rest for 60 of its frames (1.5 s at least,
 * 4 s at most: a heavy page draws fewer a second); true when it grew. A page without such a loop
 * costs a look of five frames.
 */
async function restAtBottom(s: Visit, height: number, until: number): Promise<boolean> {
  const frames = await s.page.evaluate("window.__somarkivTimers ? window.__somarkivTimers.frameLoop() : null").catch(() => null) as { loop: boolean; msPerFrame: number } | null;
  if (!frames?.loop) return false;
  const cap = Math.min(Math.min(4000, Math.max(1500, 60 * frames.msPerFrame)), until - Date.now());
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
async function revisit(s: Visit, opts: CaptureOptions, what: { pending: string; hold: string; lingerMs: number; flag: string; said: (count: number) => string }): Promise<number> {
  const until = s.deadline - reserve(opts);
  const started = Date.now();
  let first = true;
  let idle = 0;
  for (;;) {
    const look = await s.page.evaluate(call(what.pending, opts.maxHeight)).catch(() => null) as { count: number; next: number | null } | null;
    if (!look || look.count === 0) break;
    if (look.next === null || idle >= 2 || Date.now() + what.lingerMs > until) {
      // Kept beside the wait's own look for the same flag (a spinner at the top): each is looked at again.
      const coming = (s.stillComing ??= []);
      if (!coming.some((c) => c.pending === what.pending)) coming.push({ flag: what.flag, pending: what.pending });
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
 * For each flag of something still coming when it was looked for (at the wait for content, at a
 * revisit), whether any of its looks still finds it as the picture is taken; a look that cannot be
 * made finds it, as a flag kept wrongly costs less than one taken back wrongly.
 */
export async function flagsStillComing(coming: ReadonlyArray<{ flag: string; pending: string }>, look: (pending: string) => Promise<{ count: number } | null>): Promise<Map<string, boolean>> {
  const still = new Map<string, boolean>();
  for (const c of coming) {
    if (still.get(c.flag)) continue;
    const found = await look(c.pending);
    still.set(c.flag, !found || found.count > 0);
  }
  return still;
}

/**
 * Pictures that a scroll a screen at a time did not make the page load: loaders that wait until
 * the scroll has rested for a moment (a debounce) or until a picture has been in view for a while.
 * Held up to 1.5 s a screen; those that still have not started are flagged lazy-content-incomplete.
 */
export const visitLingeringPictures = (s: Visit, opts: CaptureOptions) => revisit(s, opts, {
  pending: LAZY_PENDING, hold: HOLD_FOR_LAZY, lingerMs: 1_500, flag: "lazy-content-incomplete",
  said: (n) => `${counted(n, "picture")} ${agreeing(n, "loads", "load")} only once the page rests on ${agreeing(n, "it", "them")}; showing each screen of ${agreeing(n, "it", "them")} a moment longer`,
});

/**
 * Parts of the page that say they are loading and fill in only once they have been in view a
 * while (a comment field, a widget). Held up to 2.5 s a screen; one that never fills in leaves
 * the record flagged still-loading.
 */
export const visitLoadingParts = (s: Visit, opts: CaptureOptions) => revisit(s, opts, {
  pending: LOADING_PENDING, hold: HOLD_FOR_LOADING, lingerMs: 2_500, flag: "still-loading",
  said: (n) => `${counted(n, "part")} of the page ${agreeing(n, "says it is", "say they are")} loading; showing each a moment longer, as a person reading it would`,
});

/**
 * Lets the page be scrolled to any point: a page that snaps its scrolling to sections
 * (scroll-snap-type: y mandatory) pulled every step back to the section it started in, and the
 * scroll never got past the first one. Snapping changes where the view stops, not the layout.
 */
export const FREE_SCROLL = `(${ADD_STYLE})("free-scroll", "html, body { scroll-snap-type: none !important; scroll-behavior: auto !important; }")`;

/**
 * Jumps to y at once. A plain scrollTo follows the page's CSS, and on a page with
 * `scroll-behavior: smooth` every step became an animation the scroll had to wait out (a feed of
 * 24 posts took 14 s to scroll instead of 3), and the measurements after it were taken mid-way.
 */
export const SCROLL_TO = `((y) => (${SCROLLER} || window).scrollTo({ top: y, left: 0, behavior: "instant" }))`;

/**
 * Jumps to y and waits until the page has seen it: two frames drawn, and the page's watches on what
 * is in view told of the place (up to 3 s from the scroll; a page without such watches waits for
 * the frames alone). On a busy machine the frames came late, or not within FRAMES_DRAWN's wait, and
 * the watches were told a second or more after the scroll: the wait at a feed's end took the page as
 * quiet before its watch had seen the end, and the feed's next batches were never asked for (2026-12-07).
 */
const SHOW = `async (y) => {
  const timers = window.__somarkivTimers;
  const told = timers && timers.watchesTold ? timers.watchesTold() : null;
  const asked = performance.now();
  ${SCROLL_TO}(y);
  await ${FRAMES_DRAWN};
  if (told) await Promise.race([told, new Promise((r) => ${OWN_TIMEOUT}(r, Math.max(0, 3000 - (performance.now() - asked))))]);
}`;

/** One step of the scroll in one call: jump to y, wait until the page has seen it, measure the page. */
const SCROLL_AND_MEASURE = `async (y) => { await (${SHOW})(y); if (window.__somarkivRevealNote) window.__somarkivRevealNote(); return (${PAGE_SIZE})(); }`;
const SHAPE_AND_SIZE = `({ shape: (${PAGE_SHAPE})(), size: (${PAGE_SIZE})() })`;

/**
 * A screen up from where the page is, and back: what a feed's watch on its end sees as leaving and
 * coming back. Each place is seen by the page (SHOW) before the next: on a busy machine the two came
 * to a watch in one call, and one that reads the first of what it is told (the end left) brought
 * nothing (CI, 2026-12-07).
 */
const SCROLL_AWAY_AND_BACK = `(async () => {
  const box = ${SCROLLER};
  const y = box ? box.scrollTop : window.scrollY;
  await (${SHOW})(Math.max(0, y - (box ? box.clientHeight : innerHeight)));
  await (${SHOW})(y);
})()`;

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

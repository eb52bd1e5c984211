/**
 * Asking a frame of the page something. A frame from another site (an advertisement, an
 * embedded widget) runs in a process of its own, and its script can run away; the page around
 * it works on, as it does for a person. Such a frame must not hold the capture: a question to
 * it is given FRAME_ANSWER_MS, and a frame that does not answer in time is not asked again.
 * The page itself is asked without a bound: when it hangs, the capture's own deadline decides.
 */
import type { ElementHandle, Frame, Page } from "playwright-core";
import { LATE, within } from "./browser.ts";
import { MEDIA_ON_PAGE, type MediaOnPage } from "./media.ts";
import { EXPAND_FRAME, FRAME_SCROLL, GROW_FRAME_BOX, OWN_SCROLL, UNDO_GROW, WAIT_FOR_IMAGES, call } from "./page-scripts.ts";

const FRAME_ANSWER_MS = 5000;

const unresponsive = new WeakSet<Frame>();

/** The answer of `expression` in `frame`, or `fallback` when the frame has gone, fails or does not answer. */
export async function askFrame<T>(frame: Frame, expression: string, fallback: T): Promise<T> {
  if (frame.parentFrame() === null) return await frame.evaluate(expression).then((v) => v as T, () => fallback);
  if (unresponsive.has(frame)) return fallback;
  // No document yet (a frame with loading="lazy" not yet scrolled near): a question to it would
  // wait until it loads, and it has nothing to answer before then.
  if (frame.url() === "") return fallback;
  const answer = await within(frame.evaluate(expression).then((v) => v as T, () => fallback), FRAME_ANSWER_MS);
  if (answer !== LATE) return answer;
  unresponsive.add(frame);
  return fallback;
}

/** Whether a frame of the page stopped answering during the capture; its words are missing from the record. */
export function hasUnresponsiveFrame(page: Page): boolean {
  return page.frames().some((f) => unresponsive.has(f));
}

/** EXPAND_FRAME as a function, for an element handle's evaluate (see frameView in snapshot.ts). */
const expandFrame = new Function(`return ${EXPAND_FRAME}`)() as (el: Element, height: number) => boolean;

/**
 * Some pages are a frame that fills the window, and the content scrolls inside the frame (a
 * site that wraps another's pages, an archive viewer): the full-page picture would show its first
 * screen only. When the page itself scrolls little and one frame of at least half the window's
 * height, and nearly its width, scrolls much more, that frame is made as high as its document and the page grows with
 * it, as for a box that scrolls inside the page. Gives the frame when it did so.
 */
export async function expandFullFrame(page: Page): Promise<Frame | null> {
  const own = await page.evaluate(OWN_SCROLL).catch(() => null) as { extra: number; height: number } | null;
  if (!own || own.extra > own.height / 2) return null;
  let best: { frame: Frame; element: ElementHandle; height: number; extra: number } | null = null;
  const view = page.viewportSize() ?? { width: 0, height: 0 };
  for (const frame of page.mainFrame().childFrames().slice(0, 10)) {
    const element = await frame.frameElement().catch(() => null);
    if (!element) continue;
    // A frameset's frame cannot be made taller than the window (the frameset is laid out in it): said as cut, see framesetCut.
    if (await element.evaluate(isFramesetFrame).catch(() => true)) {
      await element.dispose().catch(() => undefined);
      continue;
    }
    const box = await element.boundingBox().catch(() => null);
    // A frame its visitor cannot scroll shows no more to a person either. One much narrower than the
    // window is a box in the page (an embedded feed beside its text), which a visitor scrolls
    // inside, not the page itself: it stays as it is drawn.
    const inner = box && box.height >= own.height / 2 && box.width >= view.width * 0.8 ? await askFrame<{ height: number; extra: number; hidden: boolean } | null>(frame, FRAME_SCROLL, null) : null;
    if (!inner || inner.hidden || inner.extra <= 50 || (own.extra > 2 && inner.extra < own.extra * 3) || (best && inner.extra <= best.extra)) {
      await element.dispose().catch(() => undefined);
      continue;
    }
    await best?.element.dispose().catch(() => undefined);
    best = { frame, element, height: inner.height, extra: inner.extra };
  }
  if (!best) return null;
  const done = await best.element.evaluate(expandFrame, best.height).catch(() => false);
  await best.element.dispose().catch(() => undefined);
  return done ? best.frame : null;
}

const isFramesetFrame = (el: Element): boolean => el.tagName === "FRAME";

/**
 * Whether the page is an old-style set of frames (`<frameset>`) one of whose frames scrolls by itself
 * and holds more than it shows. A frameset is laid out in the window, and its frames cannot be drawn
 * taller than it, as an iframe can: the record shows what is in view in them, and must say so, where
 * it said the frame was shown whole (a news frame's 60 lines, 20 of them in the record).
 */
export async function framesetCut(page: Page): Promise<boolean> {
  // One question of the page first: most pages have no frameset, and their frames (advertisements, embeds) are not asked.
  if (!await page.evaluate("!!document.querySelector('frameset')").catch(() => false)) return false;
  for (const frame of page.frames().slice(0, 20)) {
    if (frame.parentFrame() === null) continue;
    const element = await frame.frameElement().catch(() => null);
    if (!element) continue;
    const inFrameset = await element.evaluate(isFramesetFrame).catch(() => false);
    await element.dispose().catch(() => undefined);
    if (!inFrameset) continue;
    const inner = await askFrame<{ height: number; extra: number; hidden: boolean } | null>(frame, FRAME_SCROLL, null);
    if (inner && !inner.hidden && inner.extra > 50) return true;
  }
  return false;
}

const growFrameBox = new Function(`return ${GROW_FRAME_BOX}`)() as (el: Element, height: number) => boolean;
const undoGrow = new Function(`return ${UNDO_GROW}`)() as () => boolean;

/** Frames grown as boxes in one capture, at most, as for boxes of the page's own (see expandFeedBoxes). */
const MAX_FRAME_BOXES = 3;

/**
 * Frames that are boxes in the page (an embedded feed beside its text, narrower than the window or
 * lower than it), whose document scrolls inside them by 200 px or more: each is made as high as its
 * document, in place, so that the record holds the posts a visitor scrolls to in it, not the few in
 * view. A feed in it that brings more once its end is in view grows the document again: `settle`
 * waits for the page, and the frame is grown again, up to four times. A document that grows by just
 * what the frame grew (a map of 100vh, a player filling the frame with its list below it) chases the
 * frame's height for ever: it is put back as it was drawn. Gives how many were grown.
 */
export async function growFrameBoxes(page: Page, settle: () => Promise<unknown>): Promise<number> {
  let grown = 0;
  for (const frame of page.mainFrame().childFrames().slice(0, 20)) {
    if (grown >= MAX_FRAME_BOXES) break;
    const element = await frame.frameElement().catch(() => null);
    if (!element) continue;
    try {
      const box = await element.boundingBox().catch(() => null);
      if (!box || box.height < 200 || box.width < 200) continue;
      let first: { height: number; extra: number } | null = null;
      for (let round = 0; round < 5; round++) {
        const inner = await askFrame<{ height: number; extra: number; hidden: boolean } | null>(frame, FRAME_SCROLL, null);
        // A frame its visitor cannot scroll shows no more to a person either.
        if (!inner || inner.hidden || inner.extra < (round === 0 ? 200 : 2)) break;
        if (round === 1 && first && Math.abs(inner.height - first.height - first.extra) <= 4) {
          await element.evaluate(undoGrow).catch(() => undefined);
          grown--;
          break;
        }
        first ??= inner;
        if (!(await element.evaluate(growFrameBox, inner.height).catch(() => false))) break;
        if (round === 0) grown++;
        await settle();
      }
    } finally {
      await element.dispose().catch(() => undefined);
    }
  }
  return grown;
}

/** Missing pictures: still to come (pending) and not given by the site (broken). */
export interface MissingPictures { pending: number; broken: number }

/** What a frame's wait for its pictures may take, well within FRAME_ANSWER_MS. */
const FRAME_PICTURES_MS = 3000;

/**
 * The pictures of the page's frames (an embedded post, of the page's site or another), waited for
 * up to `capMs` as the page's own are, and counted by the same rules (WAIT_FOR_IMAGES): a picture
 * in an embedded post that never came is missing from the record as one in the page is. Frames a
 * visitor does not see (hidden, or a tracker's pixel of a frame) are not asked.
 */
export async function framePictures(page: Page, capMs: number): Promise<MissingPictures> {
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  const answers = await Promise.all(frames.map(async (frame) => {
    const element = await frame.frameElement().catch(() => null);
    if (!element) return null;
    const box = await element.boundingBox().catch(() => null);
    const shown = box !== null && box.width >= 32 && box.height >= 32 && await element.isVisible().catch(() => false);
    await element.dispose().catch(() => undefined);
    if (!shown) return null;
    return await askFrame<MissingPictures | null>(frame, call(WAIT_FOR_IMAGES, Math.min(capMs, FRAME_PICTURES_MS), true), null);
  }));
  return answers.reduce<MissingPictures>((sum, a) => ({ pending: sum.pending + (a?.pending ?? 0), broken: sum.broken + (a?.broken ?? 0) }), { pending: 0, broken: 0 });
}

/**
 * The video and audio players shown in the page's frames (a Vimeo or YouTube player embedded from
 * its own site), counted by the same rules as the page's own (MEDIA_ON_PAGE): its sound and moving
 * picture are no more in the record than a player's in the page. Only frames a visitor sees, above
 * the page's end as taken (`height` px), are asked, each bounded as askFrame bounds it.
 */
export async function frameMedia(page: Page, height: number): Promise<MediaOnPage> {
  const scrolled = Number(await page.evaluate("scrollY").catch(() => 0)) || 0;
  const frames = page.frames().filter((f) => f !== page.mainFrame());
  const answers = await Promise.all(frames.map(async (frame) => {
    const element = await frame.frameElement().catch(() => null);
    if (!element) return null;
    const box = await element.boundingBox().catch(() => null);
    const shown = box !== null && box.width >= 32 && box.height >= 32 && box.y + scrolled < height && await element.isVisible().catch(() => false);
    await element.dispose().catch(() => undefined);
    if (!shown) return null;
    // The frame's whole document: what of it the frame shows is decided by the frame's box, above.
    return await askFrame<Partial<MediaOnPage> | null>(frame, call(MEDIA_ON_PAGE, Number.MAX_SAFE_INTEGER), null);
  }));
  return answers.reduce<MediaOnPage>((sum, a) => ({ videos: sum.videos + (Number(a?.videos) || 0), audio: sum.audio + (Number(a?.audio) || 0) }), { videos: 0, audio: 0 });
}

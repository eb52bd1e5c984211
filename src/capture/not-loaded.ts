/**
 * A page taken while still loading that shows nothing of the account's content (a side panel and a
 * spinning circle where the feed should be): no record of the half-year, as a blank page is none.
 * The capture fails, and the worker tries again at its next wake. Content in frames (an embedded
 * wall, a page plugin) is the page's: their words and area, as the picture shows them, are counted.
 */
import type { Frame, Page } from "playwright-core";
import { contentNeverCame } from "./decisions.ts";
import { askFrame } from "./frames.ts";
import { FRAME_CONTENT, FRAME_VIEW, LOADING_PLACE, call } from "./page-scripts.ts";

interface Visible { l: number; t: number; r: number; b: number }
const frameView = new Function(`return ${FRAME_VIEW}`)() as (el: Element, holder: Visible | null) => (Visible & { x: number; y: number }) | null;

/** Frames looked in, at most, and how deep: as many as the record's words are read from. */
const FRAMES_LOOKED_IN = 20;
const FRAME_DEPTH = 4;

/**
 * What the page's frames show in the part of them the picture holds: their words outside their
 * shell (up to 200 in all), and the area, in the window's pixels, of those showing words or a picture.
 */
async function framesShow(page: Page): Promise<{ words: number; area: number }> {
  let words = 0, area = 0, left = FRAMES_LOOKED_IN;
  const visit = async (holder: Frame, visible: Visible | null, depth: number): Promise<void> => {
    for (const frame of holder.childFrames()) {
      if (depth > FRAME_DEPTH || left <= 0 || words >= 200) return;
      const element = await frame.frameElement().catch(() => null);
      if (!element) continue;
      const box = await element.evaluate(frameView, visible).catch(() => null);
      await element.dispose().catch(() => undefined);
      if (!box) continue;
      left--;
      // The shown part in the frame's own pixels, as collectWords reads its words.
      const view = { l: box.l - box.x, t: box.t - box.y, r: box.r - box.x, b: box.b - box.y };
      const shows = await askFrame<{ words: number; picture: boolean } | null>(frame, call(FRAME_CONTENT, view), null);
      if (!shows) continue;
      words += Number(shows.words) || 0;
      if (shows.words > 0 || shows.picture) area += (box.r - box.l) * (box.b - box.t);
      await visit(frame, view, depth + 1);
    }
  };
  await visit(page.mainFrame(), null, 1);
  return { words: Math.min(words, 200), area };
}

/** Whether the page as taken holds only loading indicators where its content should be (see contentNeverCame). */
export async function contentNotLoaded(page: Page, stillLoading: boolean, window: { width: number; height: number }): Promise<boolean> {
  if (!stillLoading) return false;
  const place = await page.evaluate(call(LOADING_PLACE, window.width, window.height)).catch(() => null) as { marks: number; share: number; main: boolean; words: number } | null;
  if (!place || Number(place.marks) === 0) return false;
  const frames = await framesShow(page);
  return contentNeverCame({
    stillLoading, placeFound: Number(place.marks) > 0, placeShare: Number(place.share) || 0, mainRegion: place.main === true,
    contentWords: Number.isFinite(Number(place.words)) ? Number(place.words) : Infinity,
    frameWords: frames.words, frameShare: frames.area / (window.width * window.height),
  });
}

/**
 * The operator's message for such a capture, with the command that files the page as it shows: a
 * page that never loads would otherwise leave the half-year with no record of the account at all.
 * <as-shown> is that advice, worded for what the failed capture was asked for (see forAccount).
 */
export function notLoadedMessage(url: string): string {
  return `The page at ${url} had not finished loading when it was taken: where its posts should be, it showed only a loading indicator (a spinning circle, a progress bar or grey placeholders), after a wait of up to 10 seconds. No record was made, as none would show the account's content; it will be tried again on the next run. If it keeps happening, open the page in a browser to see whether its feed comes. <as-shown>`;
}

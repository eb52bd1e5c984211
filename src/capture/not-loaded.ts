/**
 * A page taken while still loading that shows nothing of the account's content (a side panel and a
 * spinning circle where the feed should be): no record of the half-year, as a blank page is none.
 * The capture fails, and the worker tries again at its next wake.
 */
import type { Page } from "playwright-core";
import { contentNeverCame } from "./decisions.ts";
import { LOADING_PLACE, call } from "./page-scripts.ts";

/** Whether the page as taken holds only loading indicators where its content should be (see contentNeverCame). */
export async function contentNotLoaded(page: Page, stillLoading: boolean, window: { width: number; height: number }): Promise<boolean> {
  if (!stillLoading) return false;
  const place = await page.evaluate(call(LOADING_PLACE, window.width, window.height)).catch(() => null) as { marks: number; share: number; main: boolean; words: number } | null;
  if (!place) return false;
  return contentNeverCame({
    stillLoading, placeFound: Number(place.marks) > 0, placeShare: Number(place.share) || 0, mainRegion: place.main === true,
    contentWords: Number.isFinite(Number(place.words)) ? Number(place.words) : Infinity,
  });
}

/** The operator's message for such a capture. */
export function notLoadedMessage(url: string): string {
  return `The page at ${url} had not finished loading when it was taken: where its posts should be, it showed only a loading indicator (a spinning circle, a progress bar or grey placeholders), after a wait of up to 10 seconds. No record was made, as none would show the account's content; it will be tried again on the next run. If it keeps happening, open the page in a browser to see whether its feed comes.`;
}

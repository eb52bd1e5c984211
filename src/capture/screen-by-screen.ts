/**
 * A feed that keeps only the posts near the screen (a virtualised list, as on X or Bluesky) has,
 * scrolled back to the top, nothing but spacers where its later posts were: a picture of the whole
 * page taken from there is blank below the first screens. Such a page is taken as a person sees it,
 * screen by screen from the top: each screen's band and words as the page stands scrolled there,
 * the list then holding the posts near it. Only pages found to remove what they showed take this
 * way; one whose height changes on the way, or a band that cannot be taken, is taken whole as before.
 */
import type { Page } from "playwright-core";
import type { WordBox } from "./types.ts";
import { addToHistogram, collectWords, colourHistogram, dominantShare, holdPageTimers, prepareForPicture, takeBand, type Shot } from "./snapshot.ts";
import { HIDE_FIXED, PAGE_SIZE, REMOVED_TEXT_MISSING, TWO_FRAMES, call } from "./page-scripts.ts";

/** One screen: where the window is scrolled to, and the band of the page (page pixels) taken there. */
export interface Screen { scrollTo: number; top: number; height: number }

/**
 * The screens that cover a page `height` high in a window `screenHeight` high: bands one screen
 * high from the top, each taken with the window scrolled to it; the last, shorter one with the
 * window at the page's foot, as far as it scrolls, the band at the window's foot.
 */
export function planScreens(height: number, screenHeight: number): Screen[] {
  const total = Math.max(1, Math.ceil(height));
  const step = Math.max(1, Math.floor(screenHeight));
  const screens: Screen[] = [];
  for (let top = 0; top < total; top += step) {
    screens.push({ top, height: Math.min(step, total - top), scrollTo: Math.max(0, Math.min(top, total - step)) });
  }
  return screens;
}

/** Whether the band lies wholly in the window scrolled to `scrollY`: only there is it drawn. */
export function bandInView(screen: Screen, scrollY: number, viewHeight: number): boolean {
  return screen.top >= scrollY - 0.5 && screen.top + screen.height <= scrollY + viewHeight + 0.5;
}

/** The words and the text's lines read at one screen, and the band taken there. */
export interface ScreenRead {
  top: number;
  height: number;
  words: WordBox[];
  /** The text's lines, and where each stands (the middle of its first word, page pixels). */
  lines: string[];
  lineMids: number[];
}

/**
 * The words of the whole page from those read screen by screen: each word from the screen whose
 * band holds its middle, so that one read at two positions (the list holds the posts near the
 * window, above and below it too) is kept once, and the text's lines likewise, screen after screen.
 */
export function mergeScreens(screens: ScreenRead[]): { words: WordBox[]; text: string } {
  const words: WordBox[] = [];
  const lines: string[] = [];
  screens.forEach((s, i) => {
    // The first screen keeps what stands above the page's top, the last what reaches past its foot.
    const inBand = (mid: number) => (i === 0 || mid >= s.top) && (i === screens.length - 1 || mid < s.top + s.height);
    for (const w of s.words) if (inBand(w.y + w.height / 2)) words.push(w);
    s.lines.forEach((line, k) => { if (inBand(s.lineMids[k] ?? -Infinity)) lines.push(line); });
  });
  return { words, text: lines.join("\n") };
}

export interface ScreensTaken {
  shot: Shot;
  collected: { words: WordBox[]; text: string; framesUnread: boolean };
  /** The texts the page removed while scrolled that no screen showed again. */
  missing: string[];
  screens: number;
}

export interface ScreenByScreenAsk {
  /** The page's width and height as taken (the height within capture.maxHeight). */
  width: number;
  height: number;
  /** The page's height as measured before: one that changes while it is taken is no longer the page measured. */
  pageHeight: number;
  lossless: boolean;
  /** When to give up and take the page whole instead (ms since the epoch). */
  until: number;
  /** The texts the page removed while it was scrolled (REMOVED_TEXT_MISSING). */
  removed: string[];
  /** Waits for the page to come to rest after a scroll. */
  settle: () => Promise<unknown>;
}

/**
 * Takes the page screen by screen from the top, with what is fixed or sticky hidden after the first
 * screen (it would lie over every band), the page's timers held throughout and its observers of what
 * is in view let run, so the list draws the posts of each screen. Either the whole page, or why not:
 * the page is then back at its top as it was, and is taken whole as before.
 */
export async function takeScreenByScreen(page: Page, ask: ScreenByScreenAsk): Promise<ScreensTaken | { failed: string }> {
  const view = await page.evaluate("({ width: window.visualViewport ? visualViewport.width : innerWidth, height: window.visualViewport ? visualViewport.height : innerHeight })").catch(() => null) as { width: number; height: number } | null;
  if (!view || view.height < 100) return { failed: "the window's size could not be read" };
  // Only the window's width is drawn where the page stands scrolled.
  if (ask.width > Math.ceil(view.width)) return { failed: "the page is wider than the window" };
  const plan = planScreens(ask.height, view.height);
  const read: ScreenRead[] = [];
  const slices: Shot["slices"] = [];
  const hist = colourHistogram();
  let total = 0;
  let framesUnread = false;
  let missing = ask.removed;
  await holdPageTimers(page, false);
  const cdp = await page.context().newCDPSession(page);
  try {
    for (const [i, screen] of plan.entries()) {
      if (Date.now() >= ask.until) return { failed: "time ran out" };
      const at = await page.evaluate(`(async () => {
        window.scrollTo({ top: ${screen.scrollTo}, left: 0, behavior: "instant" });
        await ${TWO_FRAMES};
        ${i > 0 ? `(${HIDE_FIXED})(true);` : ""}
        return { y: window.scrollY };
      })()`).catch(() => null) as { y: number } | null;
      if (!at || !bandInView(screen, at.y, view.height)) return { failed: `the page could not be scrolled to ${screen.scrollTo} px` };
      await ask.settle();
      await prepareForPicture(page);
      const size = await page.evaluate(call(PAGE_SIZE)).catch(() => null) as { height: number } | null;
      if (!size || Math.abs(size.height - ask.pageHeight) > 1) return { failed: `its height changed (${Math.round(ask.pageHeight)} px, then ${size ? Math.round(size.height) : "unknown"} px)` };
      const collected = await collectWords(page, ask.height);
      framesUnread ||= collected.framesUnread;
      const slice = await takeBand(cdp, ask.width, screen, ask.lossless, false).catch(() => null);
      if (!slice) return { failed: `the band at ${screen.top} px could not be taken` };
      total += await addToHistogram(slice.image, ask.width, hist);
      slices.push(slice);
      read.push({ top: screen.top, height: screen.height, words: collected.words, lines: collected.text ? collected.text.split("\n") : [], lineMids: collected.lineMids });
      missing = await page.evaluate(call(REMOVED_TEXT_MISSING, missing)).catch(() => missing) as string[];
    }
  } finally {
    await cdp.detach().catch(() => undefined);
    await page.evaluate(`(async () => { (${HIDE_FIXED})(false); window.scrollTo({ top: 0, left: 0, behavior: "instant" }); await ${TWO_FRAMES}; })()`).catch(() => undefined);
    await holdPageTimers(page);
  }
  // A list that shows none of them again as it is scrolled (one in a box of its own) gains nothing from this way.
  if (missing.length && missing.length >= ask.removed.length) return { failed: "no screen showed the removed posts again" };
  const merged = mergeScreens(read);
  return {
    shot: { slices, dominantShare: dominantShare(hist, total), framesUndrawn: false },
    collected: { ...merged, framesUnread },
    missing,
    screens: plan.length,
  };
}

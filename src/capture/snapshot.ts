/**
 * The page as it stands once a capture has made it ready: its words, with those of the frames
 * it shows, and its pixels in bands. Apart from stilling animations, the page's timers and the caret for the
 * picture, and scrolling frames from other sites into view to draw them (then back, with the
 * page's fixed parts shown again), it only reads; the waits and everything that changes the
 * page come before, in capture.ts.
 */
import sharp, { type OverlayOptions } from "sharp";
import type { CDPSession, ElementHandle, Frame, Page } from "playwright-core";
import { CaptureFailure, type Slice, type WordBox } from "./types.ts";
import { planBands } from "./decisions.ts";
import { askFrame } from "./frames.ts";
import { LATE, within } from "./browser.ts";
import { BAND_CLIP, COLLECT_WORDS, FRAME_VIEW, GLYPHS_MISSING, HIDE_FIXED, PREPARE_SCREENSHOT, TWO_FRAMES, call } from "./page-scripts.ts";

interface Collected { words: WordBox[]; text: string; lineMids?: number[]; origin?: { x: number; y: number } }
interface Visible { l: number; t: number; r: number; b: number }

/**
 * Frames whose words are read, at most, and how deep in frames within frames: each costs three
 * browser calls, and a page full of advertisement frames must not hold the capture up.
 */
const FRAMES_READ = 20;
const FRAME_DEPTH = 4;

/**
 * FRAME_VIEW as a function: an element handle's evaluate calls a function with the element, but
 * takes a string as an expression. Playwright sends the function's source, so the page runs the
 * same text (no eval in the page, which a site's content security policy may forbid).
 */
const frameView = new Function(`return ${FRAME_VIEW}`)() as (el: Element, holder: Visible | null) => (Visible & { x: number; y: number }) | null;

/**
 * The words of the page and of the frames shown in it (an embedded post or video, a map), in
 * page pixels, so the record's text can be searched for what the picture shows. A frame's text
 * follows the page's, frame by frame. Words a frame keeps out of sight (scrolled, clipped) are
 * left out, as the page's own are.
 */
export async function collectWords(page: Page, height: number): Promise<{ words: WordBox[]; text: string; lineMids: number[]; framesUnread: boolean }> {
  const main = await page.evaluate(call(COLLECT_WORDS, height, null)) as Collected;
  const words = [...main.words];
  const texts = main.text ? [main.text] : [];
  // Where each line of the text stands (the middle of its first word, page pixels), line for line.
  const lineMids = main.text ? [...main.lineMids ?? []] : [];
  let left = FRAMES_READ;
  // A shown frame past the limit: its words are missing, and the record must say so (frames-left-out).
  let framesUnread = false;
  const visit = async (holder: Frame, origin: { x: number; y: number }, visible: Visible | null, depth: number): Promise<void> => {
    for (const frame of holder.childFrames()) {
      if (depth > FRAME_DEPTH || framesUnread) return;
      const element = await frame.frameElement().catch(() => null);
      if (!element) continue;
      const box = await element.evaluate(frameView, visible).catch(() => null);
      await element.dispose().catch(() => undefined);
      if (!box) continue;
      if (left <= 0) { framesUnread = true; return; }
      left--;
      // From the holder's viewport pixels to the page's (x, y) and to the frame's own (l, t, r, b).
      const view = { x: origin.x + box.x, y: origin.y + box.y, l: box.l - box.x, t: box.t - box.y, r: box.r - box.x, b: box.b - box.y };
      // A frame that goes away or does not answer only loses its words; the picture has what it showed.
      const got = await askFrame<Collected | null>(frame, call(COLLECT_WORDS, height, view), null);
      if (!got) continue; // its own frames are asked through it, and it did not answer
      words.push(...got.words);
      if (got.text) {
        texts.push(got.text);
        lineMids.push(...got.lineMids ?? []);
      }
      await visit(frame, view, { l: view.l, t: view.t, r: view.r, b: view.b }, depth + 1);
    }
  };
  await visit(page.mainFrame(), main.origin ?? { x: 0, y: 0 }, null, 1);
  return { words, text: texts.join("\n"), lineMids, framesUnread };
}

/** Distinct characters sent to the page to be looked at, and how many of them it draws (see GLYPHS_MISSING). */
const GLYPHS_SENT = 2000;
const GLYPHS_DRAWN = 300;

/**
 * The characters of the words that no font on the machine draws: empty boxes in the picture, though
 * the text layer has them. Plain ASCII is in every font and is not looked at. A page that cannot be
 * asked only goes without the remark.
 */
export async function glyphsMissing(page: Page, words: WordBox[]): Promise<string[]> {
  const chars = new Set<string>();
  for (const w of words) {
    for (const c of w.text) if (c.codePointAt(0)! > 0x7f) chars.add(c);
    if (chars.size >= GLYPHS_SENT) break;
  }
  if (!chars.size) return [];
  return await page.evaluate(call(GLYPHS_MISSING, [...chars].slice(0, GLYPHS_SENT), GLYPHS_DRAWN)).catch(() => []) as string[];
}

/**
 * The page as it is to be taken, in every frame: each animation at its end (an entrance finished,
 * a ticker at rest), as Playwright's animations "disabled" does, the caret hidden, the web fonts
 * in. Before the words are read as well as before the picture: read at the paused moment, the words
 * of an entrance still to come were missing and a ticker's lay where the picture does not have them.
 */
export async function prepareForPicture(page: Page): Promise<void> {
  await Promise.all(page.frames().map((f) => askFrame(f, call(PREPARE_SCREENSHOT), undefined)));
}

/**
 * The timers of the page and of every frame in it held (TIMER_GATE) from before its size and words
 * are read until its picture is taken: a slideshow or counter its script turns showed one slide in
 * the words and another in the picture, and a chat widget's frame from another site that opens its
 * greeting a few seconds in had it in the picture and not in the words. Frames from other sites are
 * drawn later, scrolled into view (patchFramesOutOfSight): their timers are held, their observers
 * of what is in view are not, so that what they show once in view is drawn.
 */
export async function holdPageTimers(page: Page, observers = true): Promise<void> {
  const own = new Set(ownFrames(page));
  await Promise.all(page.frames().map((f) => askFrame(f, `window.__somarkivTimers ? window.__somarkivTimers.hold(${observers && own.has(f)}) : false`, false)));
}

/** Lets the page's timers run again; those that came due meanwhile run now. */
export async function releasePageTimers(page: Page): Promise<void> {
  await Promise.all(page.frames().map((f) => askFrame(f, "window.__somarkivTimers ? window.__somarkivTimers.release() : 0", 0)));
}

function ownFrames(page: Page): Frame[] {
  let site: string;
  try { site = new URL(page.url()).origin; } catch { return [page.mainFrame()]; }
  return page.frames().filter((f) => {
    try { return f === page.mainFrame() || new URL(f.url()).origin === site; } catch { return false; }
  });
}

export interface Shot {
  slices: Slice[];
  /** Pixels near the most common colour, over all slices. */
  dominantShare: number;
  /** Frames from other sites past FRAMES_PATCHED were left as drawn, which may be blank (frames-left-out). */
  framesUndrawn: boolean;
}

/**
 * JPEG quality of the bands. Chromium's encoder (libjpeg-turbo, 4:2:0) at 85 keeps text at
 * 100 % zoom as sharp to the eye as the lossless screenshot, at a sixth of its size, and the
 * bytes go into the PDF as they are: no decoding and re-encoding in Node.
 */
const BAND_JPEG_QUALITY = 85;

/** Colour histogram of a band at 5 bits per channel (32,768 bins), on a quarter-size decode: enough to tell a blank page. */
export async function addToHistogram(image: Buffer, width: number, hist: Uint32Array): Promise<number> {
  // A JPEG decodes at a quarter of its size almost for free (libjpeg scales in the DCT).
  const { data, info } = await sharp(image).resize({ width: Math.max(1, Math.round(width / 4)), kernel: "nearest" }).raw().toBuffer({ resolveWithObject: true });
  let n = 0;
  for (let i = 0; i + 2 < data.length; i += info.channels) {
    hist[((data[i]! >> 3) << 10) | ((data[i + 1]! >> 3) << 5) | (data[i + 2]! >> 3)]!++;
    n++;
  }
  return n;
}

/**
 * The full page in bands, straight from Chromium's compositor: the same call Playwright's
 * full-page screenshot makes (same clip, same pixels), encoded as JPEG by Chromium itself,
 * or as PNG (Chromium's fast encoder) when the caller wants the pixels exact.
 */
export async function takeBands(page: Page, width: number, height: number, lossless: boolean, until = Infinity): Promise<Shot> {
  const bands = planBands(height);
  const slices: Slice[] = [];
  const hist = colourHistogram();
  let total = 0;
  const cdp = await page.context().newCDPSession(page);
  const viewport = page.viewportSize() ?? { width: 0, height: 0 };
  const fitsViewport = width <= viewport.width && height <= viewport.height;
  try {
    for (const band of bands) {
      // Each band beyond the window is drawn alone (BAND_CLIP): a page of many bands, or one cut far
      // above its end, is not drawn whole for every band.
      if (!fitsViewport) await page.evaluate(call(BAND_CLIP, band.top, band.top + band.height)).catch(() => false);
      const slice = await takeBand(cdp, width, band, lossless, !fitsViewport);
      total += await addToHistogram(slice.image, width, hist);
      slices.push(slice);
    }
  } finally {
    if (!fitsViewport) await page.evaluate(call(BAND_CLIP, null, null)).catch(() => undefined);
  }
  const framesUndrawn = await patchFramesOutOfSight(page, cdp, slices, height, viewport, lossless, until);
  await cdp.detach().catch(() => undefined);
  return { slices, dominantShare: dominantShare(hist, total), framesUndrawn };
}

/**
 * One band of the page (top and height in page pixels), as Chromium's compositor draws it: beyond
 * the window, as a full-page screenshot does, or within it, where the page stands scrolled.
 */
export async function takeBand(cdp: CDPSession, width: number, band: { top: number; height: number }, lossless: boolean, beyondViewport: boolean): Promise<Slice> {
  const clip = { x: 0, y: band.top, width, height: band.height, scale: 1 };
  const shot = await drawn(() => cdp.send("Page.captureScreenshot", lossless
    ? { format: "png", clip, captureBeyondViewport: beyondViewport, optimizeForSpeed: true }
    : { format: "jpeg", quality: BAND_JPEG_QUALITY, clip, captureBeyondViewport: beyondViewport }), () => wakeCompositor(cdp));
  let image = Buffer.from(shot.data, "base64");
  // A PNG with an alpha channel is flattened on white: a page is seen on white, and PDF/A-1 has no transparency.
  if (lossless && (await sharp(image).metadata()).channels !== 3) image = await sharp(image).flatten({ background: "#ffffff" }).removeAlpha().png({ compressionLevel: 1 }).toBuffer();
  return { image, format: lossless ? "png" : "jpeg", top: band.top, height: band.height, width, pixelWidth: width, pixelHeight: band.height };
}

/**
 * How long a band is waited for before the browser is woken and asked again. A healthy band comes
 * in under a second, a 16,000-px one on a busy machine in a few.
 */
export const BAND_STALL_MS = 20_000;

/**
 * A picture from Chromium's compositor, asked again once when it does not come. With the page held
 * still for its picture (its timers, observers and animations stopped) nothing on it asks for a
 * frame, and headless Chromium's compositor can sit idle while the screenshot waits for one: reported
 * for headless Chromium (browser-use/browser-harness#812, a stall of 45–90 s that a screencast's
 * frame ended), and seen here once as a capture of a still page that ran out its time at "taking the
 * screenshot". Woken, the first request may answer as well as the second: whichever comes is taken.
 * Asked twice in vain, the browser is at fault, and the capture fails saying so rather than wait out its bound.
 */
export async function drawn<T>(ask: () => Promise<T>, wake: () => Promise<unknown>, stallMs = BAND_STALL_MS): Promise<T> {
  const first = ask();
  first.catch(() => undefined);
  const got = await within(first, stallMs);
  if (got !== LATE) return got;
  await wake().catch(() => undefined);
  const second = ask();
  second.catch(() => undefined);
  const again = await within(Promise.race([first, second]), stallMs);
  if (again !== LATE) return again;
  throw new CaptureFailure("browser-error", `The browser did not draw the page for its picture: asked twice, it gave nothing within ${Math.round(stallMs / 1000)} seconds either time (a fault of this machine's browser, not of the site). It will be tried again on the next run; if it keeps happening, restart the worker.`);
}

/**
 * A screencast's first frame makes the compositor draw (it comes in under a second on a quiet
 * machine); the screencast is stopped once it has come, or after `frameMs`. True when a frame came.
 */
export async function wakeCompositor(cdp: CDPSession, frameMs = 3_000): Promise<boolean> {
  const frame = new Promise<void>((resolve) => {
    cdp.once("Page.screencastFrame", (f: { sessionId: number }) => {
      cdp.send("Page.screencastFrameAck", { sessionId: f.sessionId }).catch(() => undefined);
      resolve();
    });
  });
  await cdp.send("Page.startScreencast", { format: "jpeg", quality: 10, maxWidth: 64, maxHeight: 64 });
  const came = await within(frame, frameMs) !== LATE;
  await cdp.send("Page.stopScreencast").catch(() => undefined);
  return came;
}

/** An empty colour histogram for addToHistogram. */
export function colourHistogram(): Uint32Array {
  return new Uint32Array(1 << 15);
}

/** The share of the pixels counted in the histogram that are of its most common colour. */
export function dominantShare(hist: Uint32Array, total: number): number {
  let max = 0;
  for (const n of hist) if (n > max) max = n;
  return total ? max / total : 1;
}

/** Frames from other sites patched at most, as many as have their words read: each costs a scroll, two frames' wait and a screenshot (about 0.2 s). */
const FRAMES_PATCHED = FRAMES_READ;

/**
 * Chromium draws a frame from another site (an embedded video or post, a map) in that site's own
 * process, and only where the frame is on screen: in the full-page picture, taken from the top,
 * such a frame below the first screen would be blank, though its words are in the record. Each one is
 * scrolled into view a screen at a time, with what is fixed or sticky on the page hidden so it
 * does not lie over it, taken as it is drawn there, and put into the bands where it belongs.
 * Frames from the page's own site are drawn with the page and need nothing, unless they hold one
 * from another site. True when there were more such frames than FRAMES_PATCHED: the rest may be blank.
 */
async function patchFramesOutOfSight(page: Page, cdp: CDPSession, slices: Slice[], height: number, viewport: { width: number; height: number }, lossless: boolean, until: number): Promise<boolean> {
  if (viewport.height <= 0) return false;
  let site: string;
  try { site = new URL(page.url()).origin; } catch { return false; }
  const rects: Array<{ frame: Frame; element: ElementHandle; x: number; y: number; width: number; height: number }> = [];
  const originOf = (f: Frame): string => { try { return new URL(f.url()).origin; } catch { return "null"; } };
  // A frame of the page's own site that holds one from another (a widget's frame around an embedded
  // post) is drawn with the page, and the frame inside it is not: the whole of the outer one is taken.
  const holdsForeign = (f: Frame, depth = 0): boolean => depth < 5 && f.childFrames().some((c) => {
    const o = originOf(c);
    return (o !== site && o !== "null") || holdsForeign(c, depth + 1);
  });
  let undrawn = false;
  for (const frame of page.mainFrame().childFrames()) {
    const origin = originOf(frame);
    if ((origin === site || origin === "null") && !holdsForeign(frame)) continue;
    const element = await frame.frameElement().catch(() => null);
    if (!element) continue;
    const r = await element.evaluate(DOCUMENT_RECT).catch(() => null);
    if (!r || r.width < 20 || r.height < 20 || r.y + r.height <= viewport.height || r.y >= height) {
      await element.dispose().catch(() => undefined);
      continue;
    }
    if (rects.length >= FRAMES_PATCHED) {
      await element.dispose().catch(() => undefined);
      undrawn = true;
      break;
    }
    rects.push({ frame, element, ...r });
  }
  if (!rects.length) return undrawn;
  const patches: Array<{ image: Buffer; x: number; y: number; width: number; height: number }> = [];
  await page.evaluate(call(HIDE_FIXED, true)).catch(() => undefined);
  try {
    for (const r of rects) {
      const bottom = Math.min(r.y + r.height, height);
      for (let top = Math.max(r.y, 0); top < bottom; top += viewport.height) {
        // Near the capture's bound the rest stay as they were drawn: a record with a blank frame, not none.
        if (Date.now() >= until) break;
        const h = Math.min(viewport.height, bottom - top);
        await page.evaluate(`(async () => { window.scrollTo({ top: ${top}, left: 0, behavior: "instant" }); await ${TWO_FRAMES}; })()`);
        await askFrame(r.frame, TWO_FRAMES, undefined);
        // Something above it changed its height on the way (a picture that loaded late): the bands show
        // the frame where it was, and a patch from where it is now would be put in the wrong place.
        const now = await r.element.evaluate(DOCUMENT_RECT).catch(() => null);
        if (!now || Math.abs(now.y - r.y) > 1 || Math.abs(now.x - r.x) > 1) break;
        const clip = { x: r.x, y: top, width: r.width, height: h, scale: 1 };
        const shot = await drawn(() => cdp.send("Page.captureScreenshot", { format: "png", clip, captureBeyondViewport: false }), () => wakeCompositor(cdp)).catch(() => null);
        if (shot) patches.push({ image: Buffer.from(shot.data, "base64"), x: r.x, y: top, width: r.width, height: h });
      }
    }
  } finally {
    for (const r of rects) await r.element.dispose().catch(() => undefined);
    await page.evaluate(call(HIDE_FIXED, false)).catch(() => undefined);
    await page.evaluate(`window.scrollTo({ top: 0, left: 0, behavior: "instant" })`).catch(() => undefined);
  }
  for (const slice of slices) {
    const over: OverlayOptions[] = [];
    for (const p of patches) {
      const from = Math.max(p.y, slice.top), to = Math.min(p.y + p.height, slice.top + slice.height);
      const width = Math.min(p.width, slice.width - p.x);
      if (to <= from || width <= 0) continue;
      // The part of the patch in this band, flattened on white as the bands are.
      const part = await sharp(p.image).extract({ left: 0, top: from - p.y, width, height: to - from }).flatten({ background: "#ffffff" }).png().toBuffer();
      over.push({ input: part, left: p.x, top: from - slice.top });
    }
    if (!over.length) continue;
    const merged = sharp(slice.image).composite(over);
    slice.image = lossless ? await merged.png({ compressionLevel: 1 }).toBuffer() : await merged.jpeg({ quality: BAND_JPEG_QUALITY }).toBuffer();
  }
  return undrawn;
}

/** A frame element's box in whole page pixels (document coordinates); a function made from the page's source, as frameView. */
const DOCUMENT_RECT = new Function(`return (el) => {
  const r = el.getBoundingClientRect();
  const x = Math.max(0, Math.round(r.left + window.scrollX)), y = Math.round(r.top + window.scrollY);
  return { x, y, width: Math.min(Math.round(r.width), document.documentElement.scrollWidth - x), height: Math.round(r.height) };
}`)() as (el: Element) => { x: number; y: number; width: number; height: number };

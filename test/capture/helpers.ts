import sharp from "sharp";
import { afterAll, beforeAll } from "vitest";
import { CaptureFailure, launchBrowser, type BrowserHandle, type CaptureOptions, type CaptureResult, type Slice } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

export function options(url: string, over: Partial<CaptureOptions> = {}): CaptureOptions {
  return {
    url,
    viewport: { width: 1280, height: 900 },
    locale: "sv-SE",
    timezone: "Europe/Stockholm",
    timeoutMs: 60_000,
    maxHeight: 30_000,
    ...over,
  };
}

export interface Rgb { r: number; g: number; b: number }

/** Decoded pixels of a slice: width, height and RGB bytes. */
export async function pixels(slice: Slice): Promise<{ width: number; height: number; data: Buffer }> {
  const { data, info } = await sharp(slice.image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data };
}

/** How many pixels of the slices are within `tolerance` of a colour. */
export async function countColour(slices: Slice[], c: Rgb, tolerance = 6): Promise<number> {
  let n = 0;
  for (const s of slices) {
    const { data } = await pixels(s);
    for (let i = 0; i < data.length; i += 3) {
      if (Math.abs(data[i]! - c.r) <= tolerance && Math.abs(data[i + 1]! - c.g) <= tolerance && Math.abs(data[i + 2]! - c.b) <= tolerance) n++;
    }
  }
  return n;
}


/** The CaptureFailure a capture ends with; a snapshot where a failure was expected fails the test. */
/** How many pixels under a word's box in the picture match. */
export async function pixelsUnder(r: CaptureResult, w: { x: number; y: number; width: number; height: number }, match: (red: number, green: number, blue: number) => boolean): Promise<number> {
  const slice = r.slices.find((s) => w.y >= s.top && w.y + w.height <= s.top + s.height)!;
  const { width, data } = await pixels(slice);
  let n = 0;
  for (let y = Math.floor(w.y); y < w.y + w.height; y++) for (let x = Math.floor(w.x); x < w.x + w.width; x++) {
    const i = ((y - slice.top) * width + x) * 3;
    if (match(data[i]!, data[i + 1]!, data[i + 2]!)) n++;
  }
  return n;
}

export async function failure(p: Promise<unknown>): Promise<CaptureFailure> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CaptureFailure) return e;
    throw e;
  }
  throw new Error("the capture was expected to fail but gave a snapshot");
}

export { alive, descendants } from "../helpers/processes.ts";

/** A browser and the fixture site for one test file's captures: started before its tests, closed after them. */
export function browserAndSite(): { readonly browser: BrowserHandle; readonly server: FixtureServer } {
  const held = {} as { browser: BrowserHandle; server: FixtureServer };
  beforeAll(async () => {
    [held.browser, held.server] = await Promise.all([launchBrowser("auto"), startFixtureServer()]);
  });
  afterAll(async () => {
    await held.browser?.close();
    await held.server?.close();
  });
  return held;
}

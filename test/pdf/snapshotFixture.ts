import sharp from "sharp";
import { chromium } from "playwright-core";
import type { Slice, WordBox } from "../../src/capture/types.ts";

export const LAUNCH = {
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
};

/** A deterministic photo-like image (smooth colour noise) as a JPEG data URI. */
export async function photoDataUri(width: number, height: number, seed: number): Promise<string> {
  let s = seed >>> 0 || 1;
  const rnd = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0xffffffff;
  };
  const small = Buffer.alloc((width >> 3) * (height >> 3) * 3);
  for (let i = 0; i < small.length; i++) small[i] = Math.floor(rnd() * 256);
  const raw = await sharp(small, { raw: { width: width >> 3, height: height >> 3, channels: 3 } })
    .resize(width, height, { kernel: "cubic" })
    .raw()
    .toBuffer();
  for (let i = 0; i < raw.length; i++) raw[i] = Math.max(0, Math.min(255, raw[i] + Math.floor((rnd() - 0.5) * 40)));
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  return `data:image/jpeg;base64,${jpeg.toString("base64")}`;
}

export interface RenderedPage {
  slices: Slice[];
  words: WordBox[];
  pageWidth: number;
  pageHeight: number;
}

/**
 * Renders HTML in real Chromium at 1280 px wide, takes a full-page screenshot cut into
 * bands, and reads every visible word's box the way a capture does (text ranges).
 */
export async function renderInChromium(html: string, bandHeight: number): Promise<RenderedPage> {
  const browser = await chromium.launch(LAUNCH);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    await page.setContent(html, { waitUntil: "load" });
    const words = await page.evaluate(() => {
      const out: Array<{ text: string; x: number; y: number; width: number; height: number }> = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const value = node.nodeValue ?? "";
        const re = /\S+/g;
        for (let m = re.exec(value); m; m = re.exec(value)) {
          const range = document.createRange();
          range.setStart(node, m.index);
          range.setEnd(node, m.index + m[0].length);
          const r = range.getBoundingClientRect();
          if (r.width > 0 && r.height > 0) {
            out.push({ text: m[0], x: r.left + window.scrollX, y: r.top + window.scrollY, width: r.width, height: r.height });
          }
        }
      }
      return out;
    });
    const size = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight }));
    const png = await page.screenshot({ fullPage: true, type: "png" });
    const meta = await sharp(png).metadata();
    const slices: Slice[] = [];
    for (let top = 0; top < meta.height!; top += bandHeight) {
      const h = Math.min(bandHeight, meta.height! - top);
      const image = await sharp(png).extract({ left: 0, top, width: meta.width!, height: h }).png().toBuffer();
      slices.push({ image, format: "png", top, height: h, width: meta.width!, pixelWidth: meta.width!, pixelHeight: h });
    }
    return { slices, words, pageWidth: size.w, pageHeight: size.h };
  } finally {
    await browser.close();
  }
}

/**
 * A feed that keeps only the posts near the screen (a virtualised list, as on X and Bluesky) taken
 * screen by screen, so that the record shows every post: the picture of each PDF page and its text.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { planBands } from "../../src/capture/decisions.ts";
import { bandInView, mergeScreens, planScreens } from "../../src/capture/screen-by-screen.ts";
import type { WordBox } from "../../src/capture/types.ts";
import { FOOTER_PX, near, pageCount, pdftotext, recordOf, renderPage, tempDir } from "../pdf/tools.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { options } from "./helpers.ts";

const word = (text: string, y: number, height = 20): WordBox => ({ text, x: 10, y, width: 40, height });

describe("the screens of a page (pure)", () => {
  it("covers the page in bands one screen high, the last taken with the window at the page's foot", () => {
    expect(planScreens(2000, 900)).toEqual([
      { top: 0, height: 900, scrollTo: 0 },
      { top: 900, height: 900, scrollTo: 900 },
      { top: 1800, height: 200, scrollTo: 1100 },
    ]);
    expect(planScreens(1800, 900).map((s) => s.scrollTo)).toEqual([0, 900]);
    // A page shorter than the window is one screen, taken at the top.
    expect(planScreens(500, 900)).toEqual([{ top: 0, height: 500, scrollTo: 0 }]);
  });

  it("knows a band as drawn only when it lies wholly in the window", () => {
    expect(bandInView({ top: 1800, height: 200, scrollTo: 1100 }, 1100, 900)).toBe(true);
    // The page would not scroll as far as asked (its foot is nearer than measured): the band is not drawn.
    expect(bandInView({ top: 900, height: 900, scrollTo: 900 }, 700, 900)).toBe(false);
  });

  it("keeps a word read at two screens once, from the screen whose band holds its middle, and the lines likewise, in order", () => {
    const first = { top: 0, height: 900, words: [word("Rubrik", 10), word("Inlägg-1", 500), word("Inlägg-2", 1000)], lines: ["Rubrik", "Inlägg-1", "Inlägg-2"], lineMids: [20, 510, 1010] };
    const second = { top: 900, height: 900, words: [word("Inlägg-1", 500), word("Gränsen", 895), word("Inlägg-2", 1000), word("Inlägg-3", 1700)], lines: ["Inlägg-1", "Gränsen", "Inlägg-2", "Inlägg-3"], lineMids: [510, 905, 1010, 1710] };
    const merged = mergeScreens([first, second]);
    expect(merged.words.map((w) => w.text)).toEqual(["Rubrik", "Inlägg-1", "Gränsen", "Inlägg-2", "Inlägg-3"]);
    expect(merged.text).toBe("Rubrik\nInlägg-1\nGränsen\nInlägg-2\nInlägg-3");
  });
});

let browser: BrowserHandle;
let server: FixtureServer;
let dir: string;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer()]);
  dir = tempDir();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The posts' light blue background (#e8f0ff). */
const POST_BLUE: [number, number, number] = [0xe8, 0xf0, 0xff];

describe("a feed that keeps only the posts near the screen", () => {
  it("is taken screen by screen: every picture page of the record shows posts, and its text holds each post once, in order", async () => {
    const r = await captureAccount(browser, options(server.at("capture/virtual-feed-screens.html")));
    expect(r.flags).toContain("taken-screen-by-screen");
    expect(r.flags).not.toContain("content-removed-while-scrolling");
    expect(r.textRemovedWhileScrolling).toBeUndefined();
    const file = path.join(dir, "feed.pdf");
    await recordOf(r, file);
    const pages = await pageCount(file);
    expect(pages).toBeGreaterThanOrEqual(3);
    // Page 1 is the record sheet; each page after it is a part of the picture, and none is blank.
    for (let p = 2; p <= pages; p++) {
      const raster = await renderPage(file, p, dir);
      let blue = 0;
      for (let y = 0; y < raster.height - FOOTER_PX; y += 4) for (let x = 0; x < raster.width; x += 4) if (near(raster.at(x, y), POST_BLUE, 6)) blue++;
      expect(blue, `picture page ${p} shows posts`).toBeGreaterThan(1000);
    }
    const text = await pdftotext(file);
    const seen = [...text.matchAll(/BSKY-(\d+) /g)].map((m) => Number(m[1]));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    // The bar fixed to the top of the window is in the first screen only, not over every band.
    expect(text.match(/Bluesky-huvud/g)).toHaveLength(1);
  });

  it("whose height changes while it is taken screen by screen is taken whole as before, and flagged as before", async () => {
    const r = await captureAccount(browser, options(server.at("capture/virtual-feed-screens.html?grow")));
    expect(r.flags).not.toContain("taken-screen-by-screen");
    expect(r.flags).toContain("content-removed-while-scrolling");
    expect(r.textRemovedWhileScrolling?.some((t) => t.includes("BSKY-30 "))).toBe(true);
  });

  it("leaves a long page that keeps its posts taken as before, whole in its bands", async () => {
    const r = await captureAccount(browser, options(server.at("capture/virtual-feed-screens.html?plain")));
    expect(r.flags).not.toContain("taken-screen-by-screen");
    expect(r.flags).not.toContain("content-removed-while-scrolling");
    expect(r.slices.map((s) => ({ top: s.top, height: s.height }))).toEqual(planBands(r.pageHeight));
    const seen = [...r.text.matchAll(/BSKY-(\d+) /g)].map((m) => Number(m[1]));
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

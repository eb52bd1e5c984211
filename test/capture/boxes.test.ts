/**
 * Boxes that scroll by themselves in a page: a feed of its own is scrolled through and grown to its
 * content, in place, with the page below it moved down; a box that scrolls for reasons of its own
 * (a hidden settings layer, a menu off screen, a list laid over the page, a chat in the corner, a
 * map that is as high as its frame) is left as it is drawn, and the record says only what is true.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

/** The heights at which a word stands in the record, top to bottom. */
const at = (r: { words: Array<{ text: string; y: number }> }, word: string) => r.words.filter((w) => w.text === word).map((w) => w.y);

describe("a feed in a box of its own that scrolls by itself, in a page that scrolls too", () => {
  it("is scrolled through and shown whole, its later posts in the picture and the words, and a row scrolled sideways is flagged", async () => {
    for (const q of ["", "?loader=1", "?flex=1"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/scroll-box-feed.html${q}`)));
      // Four batches of four posts of 258 px: the last batch comes only when the box is scrolled to its end.
      expect(r.text, q).toContain("Inlägg 16");
      expect(r.flags, q).toContain("box-expanded");
      expect(r.flags, q).not.toContain("box-scrolls-separately");
      expect(r.pageHeight, q).toBeGreaterThan(16 * 258);
      // Each post where it is drawn, one below the other, and the footer moved down below the last, not covered by it.
      const at = (word: string) => r.words.filter((w) => w.text === word).map((w) => w.y);
      const posts = at("Inlägg");
      expect(posts.length, q).toBe(16);
      expect(posts.every((y, i) => i === 0 || y - posts[i - 1]! >= 250), q).toBe(true);
      expect(at("Sidfot")[0], q).toBeGreaterThan(posts[15]! + 200);
    }
    // A row of pinned posts scrolled sideways is left as drawn, and said to hold more.
    const row = await captureAccount(pages.browser, options(pages.server.at("capture/carousel.html")));
    expect(row.flags).toContain("box-scrolls-separately");
    expect(row.flags).not.toContain("box-expanded");
    // A page with no such box says nothing of one.
    const plain = await captureAccount(pages.browser, options(pages.server.at("capture/unseen-page-notes.html")));
    expect(plain.flags).not.toContain("box-scrolls-separately");
    expect(plain.flags).not.toContain("box-expanded");
    expect(plain.flags).not.toContain("text-beyond-page-end");
  });

  it("says so of a page that does not scroll and moves its posts itself at a turn of the wheel, whose posts below the window no scroll reaches", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/wheel-scroller.html")));
    expect(r.flags).toContain("text-beyond-page-end");
    expect(r.text).toContain("Inlägg 1");
    expect(r.text).not.toContain("Inlägg 20");
  });
});

describe("a feed in a grid row of fixed height", () => {
  it("is grown with its row, the rows below moved down, whether the page is barely taller than the window or long", async () => {
    for (const c of ["grid-short", "grid-long"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/box-cases.html?case=${c}`)));
      const posts = at(r, "Inlägg");
      expect(posts.length, c).toBe(40);
      // The grid's footer and the paragraphs under it below the last post, not printed over the feed.
      expect(at(r, "Sidfot")[0], c).toBeGreaterThan(posts[39]!);
      expect(at(r, "Under")[0], c).toBeGreaterThan(at(r, "Sidfot")[0]!);
      expect(r.flags, c).not.toContain("box-scrolls-separately");
      expect(r.flags, c).not.toContain("text-beyond-page-end");
    }
  });
});

describe("boxes that scroll for reasons of their own", () => {
  it("leaves a hidden settings layer and a menu kept off screen as they are, with no blank screens at the top", async () => {
    for (const c of ["hidden-layer", "drawer"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/box-cases.html?case=${c}`)));
      expect(r.flags, c).not.toContain("inner-scroll-expanded");
      expect(r.flags, c).not.toContain("box-expanded");
      // The page's own first words at its top, and the page no taller than its thirty paragraphs.
      expect(at(r, "Kommunens")[0], c).toBeLessThan(100);
      expect(r.pageHeight, c).toBeLessThan(2500);
    }
  });

  it("leaves a list laid over the page as drawn, saying it holds more, and a chat in the corner gives no false remark", async () => {
    const list = await captureAccount(pages.browser, options(pages.server.at("capture/box-cases.html?case=dropdown")));
    expect(list.flags).not.toContain("box-expanded");
    expect(list.flags).toContain("box-scrolls-separately");
    // The paragraphs stand where the page has them, below the search box, not pushed nor covered by a grown list:
    // its 300 px cover the first ten, as the picture shows (their words are not in the record), the rest follow it.
    const paragraphs = at(list, "Sidan");
    expect(paragraphs).toHaveLength(20);
    expect(paragraphs[0]).toBeLessThan(450);
    const chat = await captureAccount(pages.browser, options(pages.server.at("capture/box-cases.html?case=chat")));
    expect(chat.flags).not.toContain("text-beyond-page-end");
    expect(chat.flags).not.toContain("box-expanded");
  });

  it("puts back a frame whose document grows with it (a map as high as its frame), and says nothing of it", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/frame-chase.html")));
    expect(r.flags).not.toContain("box-expanded");
    expect(r.pageHeight).toBeLessThan(1200);
    expect(at(r, "Under")[0]).toBeLessThan(600);
  });
});

/**
 * The scroll's end: a bottom that still changes is looked at again before the feed is taken to
 * have ended, and a scroll that could not reach everything leaves the record flagged.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const site = browserAndSite();

describe("the end of a feed", () => {
  it("is looked at again while its bottom still changes without growing (a picture arriving), and the batch that comes after is scrolled through", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/bottom-pictures-then-more.html")));
    expect(r.text).toContain("Inlägg fem");
    expect(r.text).toContain("Sista inlägget i flödet");
    expect(r.flags).not.toContain("lazy-content-incomplete");
  });
});

describe("a feed whose next batch is slower than the scroll waits", () => {
  it("is flagged still-loading when its spinner (\"Laddar fler\", no words) still turns at its end, in a box of its own or the window's scroll, and not once the feed has ended", async () => {
    for (const q of ["delay=6000", "delay=6000&window=1"]) {
      const r = await captureAccount(site.browser, options(site.server.at(`capture/inner-feed-slow.html?${q}`)));
      expect(r.text, q).toContain("Timrå post 12 av 36");
      expect(r.text, q).not.toContain("Slut på flödet");
      expect(r.flags, q).toContain("still-loading");
    }
    for (const q of ["delay=500", "delay=500&window=1"]) {
      const r = await captureAccount(site.browser, options(site.server.at(`capture/inner-feed-slow.html?${q}`)));
      expect(r.text, q).toContain("Timrå post 36 av 36");
      expect(r.text, q).toContain("Slut på flödet");
      expect(r.flags, q).not.toContain("still-loading");
    }
  });
});

describe("a feed whose watch on its end sees no change", () => {
  it("brings its next batches, where each batch is too small to take the end out of the watch's reach, by scrolling a screen up and back as a person does", async () => {
    // Old code: 14 of 18, the spinner left turning at the end (still-loading). On a busy machine the
    // same happened to a feed of larger batches, whose end the scroll had passed before the watch looked.
    for (const q of ["batch=2&total=18&delay=300", "batch=2&total=18&delay=300&window=1"]) {
      const r = await captureAccount(site.browser, options(site.server.at(`capture/inner-feed-slow.html?${q}`)));
      expect(r.text, q).toContain("Timrå post 18 av 18");
      expect(r.text, q).toContain("Slut på flödet – alla 18 inlägg visas.");
      expect(r.flags, q).not.toContain("still-loading");
    }
  });

  it("brings them too when the machine is busy: six such feeds captured at once, beside three pages that keep the browser drawing", async () => {
    // Code before 2026-12-07: 4 or 5 of 10 such captures stopped at 14 or 16 posts. The scroll up and
    // back went on before a frame was drawn (200 ms were waited), or the watch was told of both places
    // in one call and read only the first (the end had left).
    const qs = Array.from({ length: 6 }, (_, i) => `batch=2&total=18&delay=300&n=${i}`);
    const busy = await Promise.all([0, 1, 2].map(async () => {
      const page = await site.browser.browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(site.server.at("capture/busy-drawing.html"));
      return page;
    }));
    // What is asked here is every post, not speed: under a whole test run beside it (CI, 2026-12-07) one
    // feed was still scrolling 51 s in, so the captures get the bound of three minutes.
    const results = await Promise.all(qs.map((q) => captureAccount(site.browser, options(site.server.at(`capture/inner-feed-slow.html?${q}`), { timeoutMs: 180_000 }))))
      .finally(() => Promise.all(busy.map((p) => p.close())));
    for (const [i, r] of results.entries()) {
      expect(r.text, qs[i]).toContain("Timrå post 18 av 18");
      expect(r.flags, qs[i]).not.toContain("still-loading");
    }
  });
});

describe("a scroll that cannot reach everything", () => {
  it("is flagged lazy-content-incomplete when the capture's time runs out on a feed that never ends", async () => {
    // The feed grows by a post every two seconds while its end is in view, so that the page is a
    // few screens high when the time runs out and its picture fits the 10 s kept for it on a busy
    // machine; the bound is well past the time a busy machine takes to open the page.
    const r = await captureAccount(site.browser, options(site.server.at("capture/endless-slow.html"), { timeoutMs: 40_000 }));
    expect(r.text).toContain("Inlägg 1");
    expect(r.flags).toContain("lazy-content-incomplete");
    expect(r.flags).not.toContain("truncated");
  });

  it("is flagged lazy-content-incomplete when the page is screens taller than the window and does not scroll", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/no-scroll-tall.html")));
    // The page is taken whole; what the flag says is that pictures below that load on scrolling may not have.
    expect(r.pageHeight).toBe(4500);
    expect(r.text).toContain("Längst ner på sidan");
    expect(r.flags).toContain("lazy-content-incomplete");
  });
});

/**
 * Kinds of pages a new user pointed somarkiv at that no other fixture is like: a channel's grid of
 * videos whose thumbnails come as they are scrolled into view, beside a row of short videos scrolled
 * sideways; notices in languages written right to left; Swedish compound words written with soft
 * hyphens and <wbr> for narrow screens; an app page that says it is offline until its "Försök igen" is pressed; a chart whose words are
 * SVG text; a news wall in CSS columns; a landing page of sections a screen tall by the newer viewport units;
 * a feed of web components whose pictures are in each post's shadow root, some loaded only once the page
 * rests on them, some taken away once scrolled past; a box over the first lines of a page built of web components;
 * a page of web components that moves its posts itself at a turn of the wheel.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, countColour, failure, options } from "./helpers.ts";

const pages = browserAndSite();

describe("a channel's grid of videos with thumbnails set as each comes into view", () => {
  it("has every thumbnail of the grid, and does not call the thumbnails beyond the edge of the row scrolled sideways broken", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/video-grid.html")));
    for (let n = 1; n <= 36; n++) expect(r.text).toContain(`VIDEO-Video-${n}`);
    // 36 thumbnails of about 280 × 158 and 6 shorts (the sixth cut by the row's edge), painted green.
    expect(await countColour(r.slices, { r: 0, g: 150, b: 0 }, 12)).toBeGreaterThan(36 * 270 * 150);
    // The shorts past the row's edge have no address yet: no visitor sees them, and the site refused none.
    expect(r.flags).not.toContain("images-broken");
    expect(r.flags).not.toContain("images-not-loaded");
  });
});

describe("notices in several languages, some written right to left", () => {
  it("keeps each sentence of Arabic and Persian on one line of the text, its words in the order they are read", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/arabic-notices.html")));
    const lines = r.text.split("\n");
    expect(lines).toContain("تبدأ المدرسة في ١٨ أغسطس. مرحبا بكم");
    expect(lines).toContain("مدرسه از ۱۸ اوت شروع می‌شود.");
    expect(lines).toContain("Ordet مدرسة betyder skola. BLANDAT");
    expect(lines).toContain("Skolan börjar den 18 augusti. SPRÅK-SV");
    expect(lines).toContain("العربية");
  });
});

describe("long Swedish compound words with soft hyphens and <wbr>", () => {
  it("are whole words in the text, without the soft hyphen and without a space where a <wbr> was", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/soft-hyphens.html")));
    expect(r.text).not.toContain("\u00ad");
    expect(r.words.some((w) => w.text.includes("\u00ad"))).toBe(false);
    for (const word of ["Kommunfullmäktigesammanträdet", "Stadshuset.", "barnomsorgsavgifterna", "Äldreomsorg"]) expect(r.text.split(/\s+/)).toContain(word);
    // Broken at a <wbr> after "anpassnings", as the page shows it: one word on the first line, its end on the next.
    expect(r.text).toContain("Bostadsanpassnings\nbidraget söks hos");
  });
});

describe("an app page that says it is offline, with a button to try again", () => {
  it("fails as the site's error, to be tried again on the next run, not recorded as the account's page without its posts", async () => {
    const f = await failure(captureAccount(pages.browser, options(pages.server.at("capture/offline-retry.html"))));
    expect(f.reason).toBe("site-error");
    expect(f.message).toContain("(\"Du är offline\")");
    expect(f.message).toContain("tried again on the next run");
    expect(f.message).toContain("proxy or firewall");
  });
});

describe("a chart drawn in SVG with its words as SVG text", () => {
  it("has the chart's labels and sums in the text, the turned axis label too", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/svg-text-figures.html")));
    for (const w of ["SVGORD-1", "SVGORD-2", "SVGORD-3", "SVGORD-4", "412", "274", "96", "HTMLTEXT-1", "HTMLTEXT-2"]) expect(r.words.map((x) => x.text)).toContain(w);
    expect(r.text).toContain("Skola SVGORD-1 Omsorg SVGORD-2 Kultur SVGORD-3");
    // The bars are painted.
    expect(await countColour(r.slices, { r: 0, g: 90, b: 200 }, 10)).toBeGreaterThan(120 * 600 * 0.95);
  });
});

describe("a news wall laid out in CSS columns", () => {
  it("has every card of the three columns, each whole, and its pictures", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/columns-feed.html")));
    for (let n = 1; n <= 30; n++) expect(r.text).toContain(`SPALT-${n}\n`);
    expect(r.text).toContain("SLUT-PÅ-SPALTERNA");
    expect(r.flags).not.toContain("truncated");
    // 30 red pictures of about 330 × 120.
    expect(await countColour(r.slices, { r: 200, g: 40, b: 40 }, 10)).toBeGreaterThan(30 * 320 * 115);
  });
});

describe("a landing page of sections a screen tall (100dvh, 100svh, 100lvh, 100vh)", () => {
  it("is taken with each section a window's height, not grown with the page as it is taken", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/hero-full-height.html")));
    for (let n = 1; n <= 4; n++) expect(r.text).toContain(`SEKTION-${n}`);
    expect(r.text).toContain("HERO-SLUT");
    // Four sections of 900 px and the post below them.
    expect(r.pageHeight).toBeGreaterThan(4 * 900);
    expect(r.pageHeight).toBeLessThan(4 * 900 + 200);
  });
});

describe("a feed of web components whose posts' pictures are in their shadow roots", () => {
  it("says a picture the site did not give is missing, as it does of one in the page itself, and has the slow one", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-pictures.html")));
    for (let n = 1; n <= 3; n++) expect(r.text).toContain(`SKUGGBILD-${n}`);
    expect(r.flags).toContain("images-broken");
    expect(r.flags).not.toContain("images-not-loaded");
    // Posts 1 and 3: two green pictures of 400 × 200 (the first from a picture server taking 3 s).
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThan(2 * 400 * 200 * 0.95);
  });
});

describe("a feed of web components whose pictures load only once the page rests on them", () => {
  it("has every picture, the page held on each screen of them as for such pictures in the page itself", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-lazy-feed.html")));
    for (let n = 1; n <= 10; n++) expect(r.text).toContain(`SKUGGLAT-${n}`);
    expect(r.text).toContain("Slut på skuggflödet.");
    // Ten pictures of 300 × 200, green once loaded; grey (or nothing) while waiting.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(10 * 300 * 200 * 0.95);
    expect(r.flags).not.toContain("lazy-content-incomplete");
  });
});

describe("a feed of web components that takes its pictures away once they are scrolled past", () => {
  it("shows each picture as it was while in view, and says so", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-unload-pictures.html")));
    for (let n = 1; n <= 8; n++) expect(r.text).toContain(`SKUGGFOTO-${n}`);
    expect(r.flags).toContain("pictures-shown-again");
    expect(r.flags).not.toContain("lazy-content-incomplete");
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(8 * 300 * 200 * 0.95);
  });
});

describe("a box under a third of the screen over the first lines of a page built of web components", () => {
  it("is said to lie over the page, where the words it covers are a web component's and where the box is one; a page of a web component with no box is not", async () => {
    for (const q of ["?feed", "?box"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/shadow-box-over-feed.html${q}`)));
      expect(r.flags, q).toContain("box-over-page");
      expect(r.boxWords, q).toContain("Är du över 18 år?");
      expect(r.text, q).toContain("Stycke 1.");
      // 700 × 500 px over the start of the long first paragraph, which runs on to its right and below it.
      expect(await countColour(r.slices, { r: 255, g: 0, b: 170 }, 12), q).toBeGreaterThan(650 * 450);
    }
    const plain = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-box-over-feed.html")));
    expect(plain.flags).not.toContain("box-over-page");
    expect(plain.text).toContain("Stycke 3.");
  });
});

describe("a page of web components that does not scroll and moves its posts itself at a turn of the wheel", () => {
  it("says its posts below the window, in their shadow roots, are beyond what any scroll reaches", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-wheel-scroller.html")));
    expect(r.flags).toContain("text-beyond-page-end");
    expect(r.text).toContain("Inlägg 1");
    expect(r.text).not.toContain("Inlägg 20");
  });
});

describe("a grid of pictures loaded as each comes wholly into view, one of them gone from the site (404)", () => {
  it("has the others, says the one is broken, and not that content may still have been coming", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/lazy-one-missing.html")));
    for (let n = 1; n <= 12; n++) expect(r.text).toContain(`BILDTEXT-${n}`);
    expect(r.flags).toContain("images-broken");
    expect(r.flags).not.toContain("lazy-content-incomplete");
    // Eleven green pictures of 300 × 260.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThan(11 * 300 * 250);
  });
});

describe("a feed in a box placed beside a fixed menu, the window itself not scrolling (Threads)", () => {
  it("is taken whole, as wide as the window and where a visitor sees it, not said to be wider than the window", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/inner-scroller-beside-menu.html")));
    for (let n = 1; n <= 30; n++) expect(r.text).toContain(`TRÅD-${n}`);
    expect(r.text).toContain("TRÅDAR-SLUT");
    expect(r.flags).not.toContain("wider-than-window");
    expect(r.pageWidth).toBe(1280);
    // The blue band along the box's top runs from the menu's edge (77 px) to the window's: 1,203 px wide, 40 high.
    const blue = await countColour(r.slices, { r: 0, g: 90, b: 200 }, 8);
    expect(blue).toBeGreaterThan(1190 * 38);
    expect(blue).toBeLessThan(1215 * 42);
  });
});

describe("an old page built as a set of frames (<frameset>), its news in a frame that scrolls by itself", () => {
  it("is not said to be shown whole: the record shows what is in view in the frame, and says the frame holds more", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/frameset-news.html")));
    expect(r.text).toContain("Nyheter från kommunen");
    expect(r.text).toContain("Nyhetsrad 1 i huvudramen");
    expect(r.text).not.toContain("Sista raden i huvudramen");
    expect(r.flags).toContain("box-scrolls-separately");
    expect(r.flags).not.toContain("inner-scroll-expanded");
    expect(r.flags.filter((f) => f === "box-scrolls-separately")).toHaveLength(1);
  });
});

describe("a page laid out sideways, whose body scrolls across (html and body kept from scrolling down)", () => {
  it("is flagged as holding more than it shows, where the record said nothing of the columns right of the window", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/sideways-body.html")));
    expect(r.text).toContain("Kolumn ett: Årets händelser");
    expect(r.text).not.toContain("Kolumn fyra");
    expect(r.flags).toContain("box-scrolls-separately");
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle, type CaptureResult } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { planBands } from "../../src/capture/decisions.ts";
import { countColour, options, pixels, pixelsUnder, failure } from "./helpers.ts";

let browser: BrowserHandle;
let server: FixtureServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([
    launchBrowser("auto"),
    startFixtureServer({
      routes: {
        // Green photos for the feed that takes its pictures away once they are scrolled past.
        "/photo.svg": (_req, res) => {
          res.writeHead(200, { "content-type": "image/svg+xml", "cache-control": "no-store" });
          res.end('<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="rgb(0,170,0)"/></svg>');
        },
        // An account address that sends visitors to a login page, like Instagram does.
        "/konto/overkalix": (_req, res) => { res.writeHead(302, { location: "/accounts/login/?next=/konto/overkalix" }); res.end(); },
        "/accounts/login/": async (_req, res) => {
          const fs = await import("node:fs");
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(fs.readFileSync(new URL("../fixtures/capture/login-form.html", import.meta.url)));
        },
      },
    }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function expectContiguous(r: CaptureResult): void {
  let top = 0;
  for (const s of r.slices) {
    expect(s.top).toBe(top);
    expect(s.pixelHeight).toBe(s.height); // deviceScaleFactor 1
    expect(s.pixelWidth).toBe(r.pageWidth);
    top += s.height;
  }
  expect(top).toBe(r.pageHeight);
}

describe("lazy content", () => {
  it("scrolls until every lazily loaded post and picture is there", async () => {
    const r = await captureAccount(browser, options(server.at("capture/lazy.html")));
    // 6 batches of 4 posts arrive over the network as the end of the feed comes into view.
    for (let n = 1; n <= 24; n++) expect(r.text).toContain(`Inlägg nummer ${n} från kommunen`);
    expect(r.text).toContain("Slut på flödet");
    expect(r.flags).not.toContain("content-removed-while-scrolling");
    expect(r.words.some((w) => w.text === "24")).toBe(true);
    // Each post's 300×150 green picture is painted, not an empty box (JPEG softens its edges a little).
    const green = await countColour(r.slices, { r: 0, g: 170, b: 0 }, 10);
    expect(green).toBeGreaterThanOrEqual(24 * 300 * 150 * 0.95);
    expectContiguous(r);
  });

  it("waits for a feed whose server takes over a second per batch, longer than the page stays still", async () => {
    const r = await captureAccount(browser, options(server.at("capture/lazy.html?api=1200")));
    for (let n = 1; n <= 24; n++) expect(r.text).toContain(`Inlägg nummer ${n} från kommunen`);
    expect(r.text).toContain("Slut på flödet");
    expect(r.flags).not.toContain("lazy-content-incomplete");
  });
});

describe("tall pages", () => {
  // Pixel-exact bands (PNG) to check the seams row by row; the record's JPEG bands are cut by the same clips.
  let r: CaptureResult;
  beforeAll(async () => {
    r = await captureAccount(browser, options(server.at("capture/tall.html"), { maxHeight: 40_000, lossless: true }));
  });

  it("captures a 25,000 px page whole, in bands below the texture limit", () => {
    expect(r.pageHeight).toBe(25_000);
    expect(r.flags).not.toContain("truncated");
    expect(r.slices.length).toBeGreaterThan(1);
    for (const s of r.slices) expect(s.pixelHeight).toBeLessThan(16_384);
    expectContiguous(r);
    expect(r.text).toContain("SLUTMARKÖR");
    const marker = r.words.find((w) => w.text === "SLUTMARKÖR")!;
    expect(marker.y).toBeGreaterThanOrEqual(24_900);
    expect(marker.y).toBeLessThan(25_000);
  });

  it("shows the bottom marker in the last band's pixels", async () => {
    const last = r.slices[r.slices.length - 1]!;
    expect(await countColour([last], { r: 255, g: 128, b: 0 }, 2)).toBeGreaterThan(1000 * 90);
  });

  it("has every row exactly once: nothing lost or repeated at the seams, the sticky header only at the top", async () => {
    // Each 100 px block has its own colour (R = block number, G = 255 − R, B = 128); read the left edge of every row.
    let seen = 0;
    for (const s of r.slices) {
      const { width, data } = await pixels(s);
      for (let row = 0; row < s.pixelHeight; row++) {
        const y = s.top + row;
        const i = (row * width + 5) * 3;
        const [R, G, B] = [data[i]!, data[i + 1]!, data[i + 2]!];
        if (y < 60) {
          expect([R, G, B]).toEqual([10, 20, 200]); // the sticky header, in its place at the top
          continue;
        }
        if (y >= 24_900) {
          expect([R, G, B]).toEqual([255, 128, 0]);
          continue;
        }
        expect(B).toBe(128);
        expect(R + G).toBe(255);
        expect(R).toBe(Math.min(247, Math.floor((y - 60) / 100)));
        seen++;
      }
    }
    expect(seen).toBe(24_840);
    // The fixed red box is painted once, not once per band.
    expect(await countColour(r.slices, { r: 250, g: 0, b: 0 }, 2)).toBe(40 * 40);
    expect(await countColour(r.slices, { r: 10, g: 20, b: 200 }, 2)).toBeLessThanOrEqual(1280 * 60);
  });

  it("has every row in its place where the html element stands lower and the page is cut, each band drawn alone", async () => {
    // Each band is drawn alone (BAND_CLIP, a clip in the html element's own pixels): one that took
    // html's top for the page's top would leave rows out at every band's top.
    const m = await captureAccount(browser, options(server.at("capture/tall.html?html-margin=1"), { maxHeight: 20_000, lossless: true }));
    expect(m.flags).toContain("truncated");
    expect(m.slices.length).toBeGreaterThan(1);
    expectContiguous(m);
    let seen = 0;
    for (const s of m.slices) {
      const { width, data } = await pixels(s);
      for (let row = 0; row < s.pixelHeight; row++) {
        const y = s.top + row;
        if (y < 100) continue;
        const i = (row * width + 5) * 3;
        expect([data[i], data[i + 1], data[i + 2]], `row ${y}`).toEqual([Math.floor((y - 100) / 100), 255 - Math.floor((y - 100) / 100), 128]);
        seen++;
      }
    }
    expect(seen).toBe(20_000 - 100);
  });

  it("gives the record JPEG bands with the same rows, each within JPEG's small error", async () => {
    const j = await captureAccount(browser, options(server.at("capture/tall.html"), { maxHeight: 40_000 }));
    expect(j.slices.every((s) => s.format === "jpeg" && s.image[0] === 0xff && s.image[1] === 0xd8)).toBe(true);
    expectContiguous(j);
    expect(j.slices.map((s) => [s.top, s.height])).toEqual(r.slices.map((s) => [s.top, s.height]));
    // The middle row of every 100 px block, on both sides of every seam, is the block's colour.
    let blocks = 0;
    for (const s of j.slices) {
      const { width, data } = await pixels(s);
      for (let block = 0; block < 248; block++) {
        const y = 60 + block * 100 + 50;
        if (y < s.top || y >= s.top + s.height) continue;
        const i = ((y - s.top) * width + 5) * 3;
        expect(Math.abs(data[i]! - block)).toBeLessThanOrEqual(3);
        expect(Math.abs(data[i + 1]! - (255 - block))).toBeLessThanOrEqual(3);
        expect(Math.abs(data[i + 2]! - 128)).toBeLessThanOrEqual(3);
        blocks++;
      }
    }
    expect(blocks).toBe(248);
    expect(j.slices.reduce((a, s) => a + s.image.length, 0)).toBeLessThan(r.slices.reduce((a, s) => a + s.image.length, 0));
  });

  it("cuts a page that grows forever at the maximum height and flags it", async () => {
    const t = await captureAccount(browser, options(server.at("capture/infinite.html"), { maxHeight: 6000 }));
    expect(t.flags).toContain("truncated");
    expect(t.pageHeight).toBe(6000);
    // How much is missing is known: the page's height when it was cut.
    expect(t.fullPageHeight).toBeGreaterThan(6000);
    expectContiguous(t);
    expect(t.text).toContain("Inlägg 1");
    expect(t.words.every((w) => w.y < 6000)).toBe(true);
  });
});

describe("pages that scroll inside a box", () => {
  it("expands the inner scroller so the whole feed is captured", async () => {
    const r = await captureAccount(browser, options(server.at("capture/inner-scroll.html")));
    expect(r.flags).toContain("inner-scroll-expanded");
    expect(r.pageHeight).toBeGreaterThanOrEqual(50 + 12 * 400);
    for (let i = 1; i <= 12; i++) expect(r.text).toContain(`Inlägg i rutan ${i}`);
    const last = r.words.find((w) => w.text === "12")!;
    expect(last.y).toBeGreaterThan(50 + 11 * 400);
    expectContiguous(r);
  });

  it("expands it too when the document scrolls a little of its own (the body's default margin, a header above the box)", async () => {
    for (const page of ["inner-scroll-margin.html", "inner-scroll-margin.html?header=1"]) {
      const r = await captureAccount(browser, options(server.at(`capture/${page}`)));
      expect(r.flags, page).toContain("inner-scroll-expanded");
      for (let i = 1; i <= 15; i++) expect(r.text).toContain(`Appens inlägg ${i}`);
      expect(r.pageHeight).toBeGreaterThanOrEqual(15 * 300);
    }
  });

  it("expands the body when the body itself is the box that scrolls (html { overflow: hidden })", async () => {
    const r = await captureAccount(browser, options(server.at("capture/body-scroller.html")));
    expect(r.flags).toContain("inner-scroll-expanded");
    expect(r.flags).not.toContain("lazy-content-incomplete");
    for (let i = 1; i <= 16; i++) expect(r.text).toContain(`Bodyns inlägg ${i}`);
    expect(r.pageHeight).toBeGreaterThanOrEqual(16 * 290);
    // Every lazy picture drawn: the scroll reached each one, and the picture shows them (it was the first screen, then white).
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(16 * 300 * 150 * 0.95);
    expectContiguous(r);
  });
});

describe("feeds that load more as their box is scrolled", () => {
  it("are scrolled in their box until they end, by scroll events or by an observer of the box, and then expanded", async () => {
    for (const page of ["inner-feed.html?load=scroll", "inner-feed.html?load=io"]) {
      const r = await captureAccount(browser, options(server.at(`capture/${page}`)));
      expect(r.flags, page).toContain("inner-scroll-expanded");
      expect(r.flags, page).not.toContain("lazy-content-incomplete");
      for (const i of [1, 21, 60, 120]) expect(r.text, page).toContain(`Rutans inlägg ${i}:`);
      expect(r.text, page).toContain("Inga fler inlägg.");
      expect(r.pageHeight, page).toBeGreaterThanOrEqual(56 + 120 * 200);
      expectContiguous(r);
    }
  });

  it("a list in a box that keeps only the posts near its view is flagged: the picture cannot hold the posts it removed", async () => {
    const r = await captureAccount(browser, options(server.at("capture/inner-feed.html?virtual=1")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    // Scrolling the page brings none of the box's posts back, so it is not taken screen by screen
    // (which would give a band per screen of the box's scroll, each showing the same page), but whole.
    expect(r.flags).not.toContain("taken-screen-by-screen");
    expect(r.slices.map((s) => ({ top: s.top, height: s.height }))).toEqual(planBands(r.pageHeight));
  });
});

describe("a page wider than the window", () => {
  it("is taken whole, and the record says a visitor sees its left part", async () => {
    const r = await captureAccount(browser, options(server.at("capture/wide.html")));
    expect(r.pageWidth).toBeGreaterThanOrEqual(2400);
    expect(r.text).toContain("Högra kanten, långt utanför fönstret");
    expect(r.flags).toContain("wider-than-window");
    const narrow = await captureAccount(browser, options(server.at("capture/zoom-body.html")));
    expect(narrow.flags).not.toContain("wider-than-window");
  });

  it("is taken to its right edge, the body's margin and a box placed further right in the picture and its words, and nothing hidden widens it", async () => {
    const r = await captureAccount(browser, options(server.at("capture/wide-edges.html")));
    expect(r.pageWidth).toBe(2520);
    expect(r.flags).toContain("wider-than-window");
    expect(r.flags).not.toContain("cut-at-width");
    expect(r.text).toContain("Högerkanten slutar här: Älvdalen");
    expect(r.text).toContain("HÖGERRUTA Haparanda");
    const inPicture = async (text: string, c: [number, number, number]) => {
      const w = r.words.find((x) => x.text === text);
      expect(w, text).toBeDefined();
      expect(w!.x + w!.width, text).toBeLessThanOrEqual(r.pageWidth);
      return await pixelsUnder(r, w!, (red, green, blue) => Math.abs(red - c[0]) < 40 && Math.abs(green - c[1]) < 40 && Math.abs(blue - c[2]) < 40) / (w!.width * w!.height);
    };
    expect(await inPicture("Älvdalen", [0, 0, 220])).toBeGreaterThan(0.3);
    expect(await inPicture("Haparanda", [0, 160, 0])).toBeGreaterThan(0.3);
    expect(r.text).not.toContain("Dold ruta");
  });

  it("without a doctype (the browser's old mode, where the body scrolls the window) is taken to its right edge too", async () => {
    const r = await captureAccount(browser, options(server.at("capture/wide-quirks.html")));
    expect(r.pageWidth).toBe(2300);
    expect(r.flags).toContain("wider-than-window");
    expect(r.text).toContain("ABSLADAN Kalix");
  });

  it("whose window does not scroll sideways is taken at the window's width: a carousel's track beyond it does not widen the record", async () => {
    const r = await captureAccount(browser, options(server.at("capture/wide-track.html")));
    expect(r.pageWidth).toBe(1280);
    expect(r.flags).not.toContain("wider-than-window");
    expect(r.text).toContain("Första bilden");
    expect(r.text).not.toContain("Tredje bilden");
  });

  it("written right to left, has its words over the picture where it draws them, also at the far end off the window", async () => {
    const r = await captureAccount(browser, options(server.at("capture/wide-rtl.html")));
    expect(r.pageWidth).toBeGreaterThanOrEqual(2000);
    // The share of a word's box that lies on its mark's colour in the picture.
    const onColour = async (text: string, c: [number, number, number]) => {
      const w = r.words.find((x) => x.text === text);
      if (!w) return 0;
      return await pixelsUnder(r, w, (red, green, blue) => Math.abs(red - c[0]) < 40 && Math.abs(green - c[1]) < 40 && Math.abs(blue - c[2]) < 40) / (w.width * w.height);
    };
    expect(await onColour("RIGHTSIDE", [0, 0, 220])).toBeGreaterThan(0.3);
    expect(await onColour("LEFTSIDE", [0, 160, 0])).toBeGreaterThan(0.3);
  });
});

describe("the pictures a page shows", () => {
  it("are each listed with their address, also without alternative text, and one that did not load is said to be missing", async () => {
    const r = await captureAccount(browser, options(server.at("capture/pictures-listed.html")));
    expect(r.references?.pictures).toEqual([
      { alt: "Älven i solnedgång", url: server.at("photo.svg?a=1") },
      { alt: "", url: server.at("photo.svg?a=2") },
      { alt: "Trasig bild av badplatsen", url: server.at("finns-inte.jpg"), missing: true },
    ]);
  });
});

describe("letters a style sheet sets in capitals or small letters (text-transform)", () => {
  it("are in the record's words as the picture draws them", async () => {
    const r = await captureAccount(browser, options(server.at("capture/text-case.html")));
    const said = r.words.map((w) => w.text).join(" ");
    expect(said).toContain("NYHETER FRÅN ÖVERKALIX KOMMUN");
    expect(said).toContain("storgatan stängs");
    expect(said).toContain("Snöröjning I Byarna");
    expect(said).toContain("NYTT: Badplatsen öppnar");
    expect(said).toContain("LÄS MER");
    expect(said).toContain("Vanlig text står kvar som den är skriven.");
  });
});

describe("a slideshow driven by the page's own timer", () => {
  it("has the words of the slide its picture shows, not of one shown a moment before or after", async () => {
    const slides = [["Sommarfest", [200, 0, 0]], ["Snöröjning", [0, 150, 0]], ["Valdag", [0, 0, 200]], ["Badplats", [120, 0, 140]]] as const;
    // Three captures: the slide changes every 40 ms, so words read apart from the picture differ from it nearly every time.
    for (let n = 0; n < 3; n++) {
      const r = await captureAccount(browser, options(server.at("capture/slideshow-timer.html")));
      const shown = slides.filter(([word]) => r.words.some((w) => w.text === word));
      expect(shown.map(([word]) => word), `capture ${n + 1}`).toHaveLength(1);
      const [word, c] = shown[0]!;
      const w = r.words.find((x) => x.text === word)!;
      const share = await pixelsUnder(r, w, (red, green, blue) => Math.abs(red - c[0]) < 40 && Math.abs(green - c[1]) < 40 && Math.abs(blue - c[2]) < 40) / (w.width * w.height);
      expect(share, `capture ${n + 1}: ${word} over its own colour`).toBeGreaterThan(0.3);
    }
  });
});

describe("a page drawn smaller with CSS zoom on its body", () => {
  it("is taken at the height it has on screen, with no white below it and no remark of content still to come", async () => {
    const r = await captureAccount(browser, options(server.at("capture/zoom-body.html")));
    expect(r.text).toContain("Förminskat inlägg 30");
    expect(r.text).toContain("Sidans sista rad.");
    expect(r.flags).not.toContain("lazy-content-incomplete");
    // 30 posts of 300 px at three quarters, and the last line: about 6,750 px, not 9,000.
    expect(r.pageHeight).toBeGreaterThanOrEqual(30 * 225);
    expect(r.pageHeight).toBeLessThan(30 * 225 + 200);
  });

  it("loads its whole feed as it is scrolled", async () => {
    const r = await captureAccount(browser, options(server.at("capture/zoom-body.html?feed=1")));
    expect(r.text).toContain("Förminskat inlägg 100 ");
    expect(r.text).toContain("Sidans sista rad.");
    expect(r.flags).not.toContain("lazy-content-incomplete");
  });
});

describe("frames from another site below the first screen", () => {
  it("are drawn in the picture, whole, without the page's sticky header over them, also inside a frame of the page's own site", async () => {
    for (const page of ["capture/frames-deep.html", "capture/frames-deep.html?nested=1"]) {
      const r = await captureAccount(browser, options(server.at(page)));
      expect(r.text, page).toContain("Inbäddat inlägg längst ned");
      expect(r.text, page).toContain("Inläggets sista rad.");
      // The frame's green, all of it (less its white letters); it was blank below the first screen.
      expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12), page).toBeGreaterThanOrEqual(600 * 1300 * 0.95);
      // The sticky header shows once, at the top, not over the frame.
      expect(await countColour(r.slices, { r: 34, g: 51, b: 68 }, 6), page).toBeLessThanOrEqual(1280 * 60 * 1.02);
    }
  });
});

describe("pages that are one frame filling the window", () => {
  it("makes the frame as high as its content, from this site or another, so the whole feed and its lazy pictures are captured", async () => {
    for (const page of ["frame-wrapper.html", "frame-wrapper.html?other=1"]) {
      const r = await captureAccount(browser, options(server.at(`capture/${page}`)));
      expect(r.flags, page).toContain("inner-scroll-expanded");
      for (let i = 1; i <= 16; i++) expect(r.text, page).toContain(`Ramens inlägg ${i}`);
      expect(r.pageHeight).toBeGreaterThanOrEqual(16 * 288);
      expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12), page).toBeGreaterThanOrEqual(16 * 300 * 150 * 0.95);
    }
  });

  it("grows a frame that is a box in the page (narrower than the window), scrolling inside it, to its content in place, the page below moved down", async () => {
    const r = await captureAccount(browser, options(server.at("capture/frame-box.html")));
    expect(r.flags).not.toContain("inner-scroll-expanded");
    expect(r.flags).toContain("box-expanded");
    for (let i = 1; i <= 16; i++) expect(r.text).toContain(`Ramens inlägg ${i}`);
    // Each post drawn where it stands, and the page's own text below the frame, not under it.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(16 * 300 * 150 * 0.95);
    const last = Math.max(...r.words.filter((w) => w.text === "16").map((w) => w.y));
    expect(r.words.find((w) => w.text === "Under")!.y).toBeGreaterThan(last);
  });
});

describe("words for the text layer", () => {
  it("gives visible words with boxes in page pixels, Swedish letters intact, and skips hidden and clipped text", async () => {
    const r = await captureAccount(browser, options(server.at("capture/simple.html")));
    expect(r.text).toContain("Välkommen till Överkalix");
    expect(r.text).toContain("Åäö ÅÄÖ.");
    expect(r.text).toContain("Synlig rad");
    expect(r.text).not.toContain("Dold text");
    expect(r.text).not.toContain("Klippt text");
    // Not drawn either: content kept until found, text clipped away whole as for screen readers or
    // from a side, and the half of a line a clip cuts off; the half it leaves is drawn.
    expect(r.text).not.toContain("Gömd tills hittad");
    expect(r.text).not.toContain("Bortklippt");
    expect(r.text).toContain("Vänsterhalvan");
    // Blurred past reading, as posts behind a login wall are: not searchable; a slight blur still reads.
    expect(r.text).not.toContain("Suddigt inlägg");
    expect(r.text).toContain("Nästan skarp rad");
    const w = r.words.find((x) => x.text === "Välkommen")!;
    expect(w.x).toBeGreaterThan(10);
    expect(w.y).toBeGreaterThan(40);
    expect(w.width).toBeGreaterThan(50);
    expect(w.height).toBeGreaterThan(10);
    // The word's box lies on dark pixels (the heading text) in the image.
    expect(await darkPixelsUnder(r, w)).toBeGreaterThan(50);
  });

  it("gives the words of frames that load only when scrolled near, and does not take them for frames that stopped answering", async () => {
    const r = await captureAccount(browser, options(server.at("capture/frames-lazy.html")));
    // Each of the six posts' frames, the last ones loaded during the scroll.
    expect(r.words.filter((w) => w.text === "Inbäddat").length).toBe(6);
    expect(r.flags).not.toContain("frame-not-responding");
  });

  it("gives the words of frames shown in the page, nested and from another site, where the picture has them", async () => {
    const r = await captureAccount(browser, options(server.at("capture/frames.html")));
    for (const shown of ["Sidan med inbäddade ramar", "Inbäddat inlägg från kommunen", "Öppet hus på biblioteket.", "Ramen i ramen syns", "Karta över Överkalix", "Synlig i ramen", "Sidans sista rad"]) {
      expect(r.text).toContain(shown);
    }
    // Out of sight in a frame only 100 px high, and a frame not shown at all.
    expect(r.text).not.toContain("Utanför");
    expect(r.text).not.toContain("Dold ram");
    expect(r.words.some((w) => w.text === "Utanför" || w.text === "Dold")).toBe(false);
    // Each frame's word lies on its dark letters in the image: in page pixels, inside the border and padding.
    const post = r.words.find((w) => w.text === "Inbäddat")!;
    expect(post.x).toBeGreaterThan(20 + 6 + 4 + 8 - 1);
    for (const text of ["Inbäddat", "Ramen", "Karta", "Synlig"]) {
      const w = r.words.find((x) => x.text === text)!;
      expect(w, text).toBeDefined();
      expect(await darkPixelsUnder(r, w), text).toBeGreaterThan(40);
    }
    // The page's own words are not moved by the frames' (the last line is below all of them).
    const last = r.words.find((w) => w.text === "sista")!;
    expect(last.y).toBeGreaterThan(post.y + 260);
    expect(await darkPixelsUnder(r, last)).toBeGreaterThan(20);
  });
});

describe("a page with more frames from other sites than are taken", () => {
  it("is flagged frames-left-out: the frames past the twentieth are not read or drawn, and the record says so", async () => {
    const r = await captureAccount(browser, options(server.at("capture/frames-many.html")));
    expect(r.text).toContain("Sidans sista rad");
    expect(r.words.filter((w) => w.text === "Karta").length).toBe(20);
    expect(r.flags).toContain("frames-left-out");
  });
});

describe("motion at the moment the page is taken", () => {
  it("has the words where the picture has them: a headline whose entrance animation had not begun, a ticker's notice where it stands, a <marquee> still and whole", async () => {
    const r = await captureAccount(browser, options(server.at("capture/still-moment.html")));
    // The picture shows animations at their end (a finite one finished, a ticker at rest); the words
    // were read before that, at the paused moment: an entrance still to come was missing from the
    // text, and the ticker's words lay to the right of where the picture shows them, most cut off.
    expect(r.text).toContain("FÖRDRÖJD RUBRIK Välkommen");
    expect(r.text).toContain("VIKTIGT: Vattenavstängning på Storgatan tisdag 8–12. Koka vattnet i Nybyn.");
    // A <marquee>'s notice whole, where it stands still.
    expect(r.text).toContain("VIKTIGT: Vattnet stängs av på Storgatan måndag 8–12 VATTENINFO");
    const word = (t: string) => r.words.find((w) => w.text.startsWith(t))!;
    // The headline's blue is in the picture, under its words.
    const h = word("FÖRDRÖJD");
    expect(await pixelsUnder(r, h, (red, green, blue) => red < 60 && green < 60 && blue > 150)).toBeGreaterThan(h.width * h.height * 0.1);
    // The ticker's notice at rest starts at the box's left edge (the page's margin, 40 px, and its border).
    expect(word("VIKTIGT").x).toBeLessThan(50);
    expect(word("VATTENINFO").x).toBeLessThan(1280);
  });
});

describe("backgrounds fixed to the screen", () => {
  it("are behind the content all the way down, as a visitor scrolling sees them, not only in the first screen", async () => {
    const r = await captureAccount(browser, options(server.at("capture/fixed-backgrounds.html")));
    expect(r.pageHeight).toBeGreaterThan(3000);
    // Rows by colour, over the whole picture: the orange hero lies 2,000 px down, under the first screen.
    const rows = new Map<string, number>();
    for (const slice of r.slices) {
      const { width, data } = await pixels(slice);
      for (let y = 0; y < slice.pixelHeight; y++) {
        const i = (y * width + 20) * 3; // at the left edge, outside the cards
        const c = data[i]! > 230 && data[i + 1]! > 110 && data[i + 1]! < 170 && data[i + 2]! < 40 ? "orange"
          : data[i]! < 30 && data[i + 1]! > 130 && data[i + 1]! < 170 && data[i + 2]! > 180 ? "teal" : "other";
        rows.set(c, (rows.get(c) ?? 0) + 1);
      }
    }
    // The hero whole (800 rows), and the teal layer behind everything else (the page less the hero).
    expect(rows.get("orange") ?? 0).toBeGreaterThanOrEqual(790);
    expect(rows.get("teal") ?? 0).toBeGreaterThanOrEqual(r.pageHeight - 800 - 20);
  });
});

describe("the visitor's pointer", () => {
  it("moves, so the page's waiting scripts run, and rests where it opens nothing: not on a logo at the top left whose menu opens on hover", async () => {
    const r = await captureAccount(browser, options(server.at("capture/hover-menu.html")));
    expect(r.text).toContain("Snöröjningen börjar i natt.");
    expect(r.text).not.toContain("MEGAMENY");
    expect(await countColour(r.slices, { r: 220, g: 0, b: 0 }, 30)).toBe(0);
  });
});

describe("a feed that takes its pictures away once they are scrolled past", () => {
  it("shows each picture as it was while in view, and says so", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unload-pictures.html")));
    expect(r.flags).toContain("pictures-shown-again");
    expect(r.flags).not.toContain("lazy-content-incomplete");
    // All eight 400×300 green photos are in the picture (JPEG softens their edges a little).
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(8 * 400 * 300 * 0.95);
  });
});

describe("an intro screen that goes by itself", () => {
  it("is waited for, and the page behind it is taken, with no remark of a box over it", async () => {
    const r = await captureAccount(browser, options(server.at("capture/splash-screen.html")));
    expect(r.flags).not.toContain("box-over-page");
    expect(r.text).toContain("Flöde efter intro");
    expect(r.text).not.toContain("VÄLKOMMEN");
    expect(await countColour(r.slices, { r: 0, g: 51, b: 102 }, 12)).toBe(0);
  });
});

describe("words that the style sheet writes", () => {
  it("puts words written by content: before or after an element in the text layer, in their place, and leaves out icons, counters, alternative text and hidden ones", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-generated-text.html")));
    const lines = r.text.split("\n");
    expect(lines).toContain("Publicerad 3 december 2026");
    expect(lines).toContain("42 gilla‐markeringar");
    expect(lines).toContain("Konto: Överkalix kommun");
    expect(lines).toContain("Dela");
    expect(lines).toContain("Synlig text");
    expect(lines).toContain("Etikett");
    expect(lines).toContain("Bild");
    for (const absent of ["Osynlig", "Alternativ", "dold", "\ue900"]) expect(r.text).not.toContain(absent);
    // On the line of the words they stand with, before or after them, on the letters in the picture.
    const label = r.words.find((w) => w.text === "Publicerad")!, day = r.words.find((w) => w.text === "3")!;
    expect(Math.abs(label.y - day.y)).toBeLessThan(4);
    expect(label.x + label.width).toBeLessThanOrEqual(day.x);
    expect(label.x).toBeGreaterThan(20);
    expect(await darkPixelsUnder(r, label)).toBeGreaterThan(40);
    const after = r.words.find((w) => w.text === "gilla‐markeringar")!;
    expect(after.x).toBeGreaterThan(r.words.find((w) => w.text === "42")!.x);
    expect(await darkPixelsUnder(r, after)).toBeGreaterThan(40);
    const account = r.words.find((w) => w.text === "Konto:")!;
    expect(await darkPixelsUnder(r, account)).toBeGreaterThan(20);
  });
});

describe("a page made only of frames", () => {
  it("is captured with the frames' words at once, not waited on as an empty page", async () => {
    const steps: string[] = [];
    const r = await captureAccount(browser, options(server.at("capture/frameset.html"), { onProgress: (s) => steps.push(s) }));
    expect(r.text).toContain("Ramen i ramen syns");
    expect(r.text).toContain("Karta över Överkalix");
    expect(steps.join("\n")).not.toMatch(/shows little yet/);
    const w = r.words.find((x) => x.text === "Karta")!;
    expect(w.x).toBeGreaterThan(1280 * 0.35);
    expect(await darkPixelsUnder(r, w)).toBeGreaterThan(40);
  });
});

/** Dark pixels (text) under a word's box in the band that holds it. */
describe("text whose letters something other than its colour paints", () => {
  it("is in the text layer where it is drawn: a gradient heading, outlined and shadowed letters; transparent text that nothing paints is not", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-painted-text.html")));
    const lines = r.text.split("\n");
    for (const line of ["Gradientrubrik Överkalix", "Konturtext här", "Skuggtext där", "Vanlig text om kommunen."]) expect(lines).toContain(line);
    expect(r.words.some((w) => w.text === "Osynligtord" || w.text === "Ofylltord")).toBe(false);
    for (const text of ["Gradientrubrik", "Överkalix", "Konturtext", "Skuggtext"]) {
      const w = r.words.find((x) => x.text === text)!;
      expect(await darkPixelsUnder(r, w), text).toBeGreaterThan(w.width * w.height * 0.05);
    }
  });
});

describe("a page with a form", () => {
  it("puts the text its fields show (a value, a grey hint, a comment box's lines, the chosen option, a button) in the text layer, where it is drawn", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-form.html")));
    const lines = r.text.split("\n");
    for (const line of ["Sök på webbplatsen", "Förifyllt namn", "Överkalix", "Skicka meddelandet", "Ny rad: tack!"]) expect(lines).toContain(line);
    // An empty password field shows its grey hint, as any field does; a filled one only dots.
    expect(r.text).toContain("Välj lösenord");
    expect(r.text).toContain("Kommentar om snöröjningen");
    // In reading order, between the heading and the paragraph after the form.
    expect(r.text.indexOf("Kontakta kommunen")).toBeLessThan(r.text.indexOf("Sök på"));
    expect(r.text.indexOf("Skicka")).toBeLessThan(r.text.indexOf("Svar inom"));
    // Neither the options not chosen, nor a password, nor what a narrow box cuts off.
    for (const hidden of ["Kalix", "Haparanda", "hemligtord", "slutordet", "utanför"]) expect(r.words.some((w) => w.text === hidden), hidden).toBe(false);
    expect(r.words.some((w) => w.text === "Början")).toBe(true);
    // The comment box wraps its long line at its width: more than one line before "Ny rad".
    const comment = r.words.filter((w) => w.x >= 40 && w.x < 340 && w.y >= 220 && w.y < 340);
    expect(new Set(comment.map((w) => Math.round(w.y))).size).toBeGreaterThan(2);
    // Each word's box lies on the drawn letters, in the field it belongs to.
    for (const [text, top] of [["webbplatsen", 100], ["namn", 160], ["lösenord", 500], ["snöröjningen", 220], ["Överkalix", 380], ["meddelandet", 440], ["tack!", 220]] as const) {
      const w = r.words.find((x) => x.text === text)!;
      expect(w, text).toBeDefined();
      expect(w.y, text).toBeGreaterThanOrEqual(top);
      expect(w.y, text).toBeLessThan(top + 130);
      expect(await darkPixelsUnder(r, w, 170), text).toBeGreaterThan(w.width * w.height * 0.05);
    }
  });
});

const darkPixelsUnder = (r: CaptureResult, w: { x: number; y: number; width: number; height: number }, below = 100) =>
  pixelsUnder(r, w, (red, green, blue) => red < below && green < below && blue < below);

describe("login walls and prompts", () => {
  it("fails with login-wall when the account address sends the visitor to a login page, keeping a screenshot", async () => {
    const f = await failure(captureAccount(browser, options(server.at("konto/overkalix"))));
    expect(f.reason).toBe("login-wall");
    expect(f.details.finalUrl).toContain("/accounts/login/");
    expect(f.details.screenshot?.subarray(1, 4).toString()).toBe("PNG");
    expect(f.message).toMatch(/somarkiv login/);
  });

  it("fails with login-wall when a password form is the main content", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/login-form.html"))));
    expect(f.reason).toBe("login-wall");
  });

  it("hides a login box with nothing to close it that came only as the page was scrolled, and says so; one there on arrival stays in the picture", async () => {
    const r = await captureAccount(browser, options(server.at("capture/login-box-late.html")));
    expect(r.flags).toContain("login-wall-hidden");
    expect(r.flags).not.toContain("box-over-page");
    expect(r.text).toContain("Bild 12 från Överkalix");
    expect(r.text).not.toContain("Se fler foton");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 }, 6)).toBe(0);
    const atStart = await captureAccount(browser, options(server.at("capture/login-box-late.html?atStart=1")));
    expect(atStart.flags).not.toContain("login-wall-hidden");
    expect(atStart.flags).toContain("box-over-page");
    expect(await countColour(atStart.slices, { r: 255, g: 0, b: 170 }, 6)).toBeGreaterThan(0);
  });

  it("closes a login prompt over the real page and flags it, also when its close is named \"Avvisa\" (LinkedIn's)", async () => {
    for (const page of ["capture/login-prompt.html", "capture/login-prompt.html?label=Avvisa"]) {
      const r = await captureAccount(browser, options(server.at(page)));
      expect(r.flags, page).toContain("login-prompt-closed");
      expect(r.text, page).toContain("Norrsken över älven");
      expect(r.text, page).not.toContain("Logga in för att se fler foton");
      expect(await countColour(r.slices, { r: 200, g: 0, b: 0 }, 3), page).toBe(0);
    }
  });
});

describe("parts of a page that say they are loading and fill in once they have been in view a while", () => {
  it("are shown long enough to fill in, as a person reading sees them, and one that never does leaves the record flagged", async () => {
    const r = await captureAccount(browser, options(server.at("capture/loading-parts.html")));
    for (const n of [1, 2, 3]) expect(r.text).toContain(`Kommentar inläst i fält ${n} från Vittjärv`);
    expect(r.text).not.toContain("laddar…");
    expect(r.flags).not.toContain("still-loading");
    const never = await captureAccount(browser, options(server.at("capture/loading-parts.html?never=1")));
    expect(never.text).toContain("Kommentar inläst i fält 2 från Vittjärv");
    expect(never.text).toContain("Kommentarsfält 3: laddar…");
    expect(never.flags).toContain("still-loading");
  });

  it("leave no remark when one comes after the capture stopped waiting on it, before the picture", async () => {
    const r = await captureAccount(browser, options(server.at("capture/loading-parts.html?never=1&late=1")));
    expect(r.text).toContain("Kommentar inläst i fält 3 från Vittjärv, sent");
    expect(r.text).not.toContain("laddar…");
    expect(r.flags).not.toContain("still-loading");
  });
});

describe("blank pages", () => {
  it("a spinner with no text is not a record", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/blank-spinner.html"))));
    expect(f.reason).toBe("blank");
    expect(f.details.screenshot).toBeInstanceOf(Buffer);
  });
  it("an empty white page is not a record", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/blank-white.html"))));
    expect(f.reason).toBe("blank");
  });
  it("a page of one short heading on white is a record, however little of the picture its words cover", async () => {
    const r = await captureAccount(browser, options(server.at("capture/tiny-heading.html")));
    expect(r.text).toBe("Sent sida");
    // Nothing on it said it was loading: it is not said to have been still loading.
    expect(r.flags).not.toContain("still-loading");
  });
  it("a page with little on it whose words come after two seconds with nothing changing (a slow request) is taken with them", async () => {
    const r = await captureAccount(browser, options(server.at("capture/late-words.html")));
    expect(r.text).toContain("Biblioteket har nya öppettider från och med måndag.");
  });
  it("an app shell that shows nothing until its data comes, 7 s in, is taken with its data", async () => {
    const r = await captureAccount(browser, options(server.at("capture/slow-data.html")));
    expect(r.text).toContain("Vägarbetet på Storgatan är klart");
  });
});

describe("a page with a dark look for visitors who ask for one", () => {
  it("is taken in its light look, and the capture says it has the other; a page without one says nothing", async () => {
    const r = await captureAccount(browser, options(server.at("capture/dark-look.html")));
    expect(r.darkLook).toBe("also");
    expect(r.text).toContain("Simhallen öppnar igen");
    expect(await countColour(r.slices, { r: 16, g: 32, b: 48 })).toBe(0);
    expect(await countColour(r.slices, { r: 255, g: 255, b: 255 })).toBeGreaterThan(100_000);
    const plain = await captureAccount(browser, options(server.at("capture/simple.html")));
    expect(plain.darkLook).toBeUndefined();
    // A page that is dark and nothing else is so for every visitor, and is said to be.
    const only = await captureAccount(browser, options(server.at("capture/dark-look.html?only=1")));
    expect(only.darkLook).toBe("only");
    expect(await countColour(only.slices, { r: 16, g: 32, b: 48 })).toBeGreaterThan(100_000);
  });
});

describe("words in an element that draws no box of its own", () => {
  it("are in the text layer: a slot's fallback text and a wrapper laid out with display: contents; an icon font's character is not", async () => {
    const r = await captureAccount(browser, options(server.at("capture/boxless-text.html")));
    expect(r.text).toContain("Biblioteket har öppet till klockan sju.");
    expect(r.text).toContain("Snöröjningen börjar klockan fem i morgon bitti.");
    expect(r.text).toContain("Sista raden på sidan.");
    // An icon font's character typed in the page draws a picture (here a box): no word of the layer.
    expect(r.text).toContain("Gilla-markeringar: 12");
    expect(r.text).not.toMatch(/[\uE000-\uF8FF]/u);
  });
});

describe("the links a page shows", () => {
  it("are listed as a visitor sees them: not a skip link or other link hidden until focused (clipped, 1 px, off the page), and one far down the page all the same", async () => {
    const r = await captureAccount(browser, options(server.at("capture/links-hidden.html")));
    expect(r.references?.links.map((l) => l.text)).toEqual(["Startsida", "vinterns snöröjning", "Kontakta kommunen"]);
    expect(r.text).not.toContain("Hoppa till");
  });
});

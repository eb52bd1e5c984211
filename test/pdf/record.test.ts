import fs from "node:fs";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildRecordPdf, tileSnapshot, PT_PER_CSS_PX } from "../../src/pdf/index.ts";
import type { Conformance } from "../../src/pdf/types.ts";
import { PDFName, PDFRawStream, PDFDocument, decodePDFRawStream } from "pdf-lib";
import { checkPdfA } from "../helpers/pdfa.ts";
import { photoDataUri, renderInChromium, type RenderedPage } from "./snapshotFixture.ts";
import { FOOTER_PX, near, pageCount, pdftotext, recordOf, renderPage, sampleMetadata, sampleSheet, tempDir, wordBoxes } from "./tools.ts";

const WIDTH = 1280;
const HEIGHT = 4000;
// Where the first snapshot page ends: a marker straddles it to prove nothing is lost or repeated.
const SEAM = tileSnapshot(WIDTH, [{ top: 0, height: HEIGHT }])[0].bottom;
const GREEN: [number, number, number] = [0, 160, 0];
const BLUE: [number, number, number] = [0, 0, 200];
const RED: [number, number, number] = [200, 30, 30];

const paragraph =
  "Välkommen till Överkalix kommuns sida. Här berättar vi om skola, äldreomsorg, snöröjning och evenemang i älvdalen. " +
  "Kommunens växel nås på vardagar. Glöm inte årets höstmarknad på torget!";

async function fixtureHtml(): Promise<string> {
  const photo = await photoDataUri(600, 400, 7);
  const at = (top: number, inner: string, style = "") =>
    `<div style="position:absolute;left:0;top:${top}px;width:${WIDTH}px;${style}">${inner}</div>`;
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>
    body{margin:0;width:${WIDTH}px;height:${HEIGHT}px;position:relative;font:16px "DejaVu Sans",sans-serif;background:#fff;color:#111}
    p{margin:0 40px 12px 40px;line-height:1.5}</style></head><body>
    ${at(0, `<h1 style="margin:0;padding:30px 40px;font-size:40px;color:#fff">Överkalix kommun på Facebook</h1>`, `height:120px;background:rgb(${RED.join(",")})`)}
    ${at(160, `<p>${paragraph}</p><p>Lördag: Öppet hus på Rådhuset. Söndag: Skidspår är preparerade.</p>`)}
    ${at(400, `<img src="${photo}" width="600" height="400" style="margin-left:40px;display:block">`)}
    ${at(900, `<p>${paragraph}</p>`.repeat(3))}
    ${at(SEAM - 11, "", `height:22px;background:rgb(${GREEN.join(",")})`)}
    ${at(SEAM + 60, `<p>Efter sidbrytningen: Mötesplatsen Älvgården håller öppet.</p>`)}
    ${at(3000, "", `height:40px;background:rgb(${BLUE.join(",")})`)}
    ${at(3200, `<p>Sista raden längst ned: Tack för att du följer oss!</p>`)}
    </body></html>`;
}

describe("record PDF from a real Chromium snapshot", () => {
  let page: RenderedPage;
  let dir: string;
  const files: Partial<Record<Conformance, string>> = {};

  beforeAll(async () => {
    dir = tempDir();
    page = await renderInChromium(await fixtureHtml(), 1500);
    for (const conformance of ["2b", "1b"] as const) {
      const file = path.join(dir, `record-${conformance}.pdf`);
      const out = await recordOf(page, file, conformance);
      files[conformance] = file;
      expect(out.pages).toBe(await pageCount(file));
    }
  });

  it("has one sheet page and the snapshot on as many pages as its height needs", async () => {
    expect(page.pageHeight).toBe(HEIGHT);
    const tiles = tileSnapshot(WIDTH, [{ top: 0, height: HEIGHT }]);
    expect(await pageCount(files["2b"]!)).toBe(1 + tiles.length);
  });

  it("conforms to PDF/A-2b and PDF/A-1b", async () => {
    expect(await checkPdfA(files["2b"]!, "2b")).toEqual([]);
    expect(await checkPdfA(files["1b"]!, "1b")).toEqual([]);
  });

  it("lets pdftotext find the sheet's Swedish text and every word of the snapshot", async () => {
    const sheetText = (await pdftotext(files["2b"]!, ["-f", "1", "-l", "1"])).replace(/\s+/g, " ");
    for (const s of ["Ögonblicksbild Facebook Överkalix kommun 2026 H2", "Begärd adress", "Tidpunkt (Europe/Stockholm)", "Bevaras", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "även på lördagar och söndagar"]) {
      expect(sheetText).toContain(s);
    }
    const snapshotText = (await pdftotext(files["1b"]!, ["-f", "2"])).replace(/\s+/g, " ");
    expect(page.words.length).toBeGreaterThan(80);
    const missing = page.words.map((w) => w.text).filter((w) => !snapshotText.includes(w));
    expect(missing).toEqual([]);
    expect(snapshotText).toContain("Överkalix kommun på Facebook");
  });

  it("places each word where it stands in the image", async () => {
    const tiles = tileSnapshot(WIDTH, [{ top: 0, height: HEIGHT }]);
    for (const probe of ["Facebook", "höstmarknad", "Älvgården", "Tack"]) {
      const word = page.words.find((w) => w.text.startsWith(probe))!;
      const t = tiles.findIndex((tile) => word.y >= tile.top && word.y < tile.bottom);
      const boxes = await wordBoxes(files["2b"]!, 2 + t);
      const found = boxes.find((b) => b.text === word.text);
      expect(found, `${probe} on snapshot page ${t + 1}`).toBeDefined();
      const s = PT_PER_CSS_PX;
      expect(Math.abs(found!.xMin - word.x * s)).toBeLessThan(2);
      expect(Math.abs(found!.xMax - (word.x + word.width) * s)).toBeLessThan(2);
      expect(Math.abs(found!.yMin - (word.y - tiles[t].top) * s)).toBeLessThan(2.5);
      expect(Math.abs(found!.yMax - (word.y + word.height - tiles[t].top) * s)).toBeLessThan(2.5);
    }
  });

  it("names the record and the page's place in it at the foot of every snapshot page", async () => {
    const pages = await pageCount(files["2b"]!);
    for (let p = 2; p <= pages; p++) {
      const text = await pdftotext(files["2b"]!, ["-f", String(p), "-l", String(p)]);
      expect(text).toContain(`facebook-kommun_2026-H2_v1 · Ögonblicksbild · Sida ${p} av ${pages}`);
    }
    expect(await pdftotext(files["2b"]!, ["-f", "1", "-l", "1"])).toContain(`facebook-kommun_2026-H2_v1 · Registreringsblad · Sida 1 av ${pages}`);
  });

  it("shows the image pixels, with nothing lost or repeated at the page seam", async () => {
    const first = await renderPage(files["1b"]!, 2, dir);
    const second = await renderPage(files["1b"]!, 3, dir);
    expect(first.width).toBe(WIDTH);
    // The picture, then the strip with the page's footer below it, covering none of it.
    expect(first.height).toBe(SEAM + FOOTER_PX);
    expect(near(first.at(20, 20), RED)).toBe(true);
    // The green marker runs from SEAM-11 to SEAM+11: 11 rows at the foot of one page, 11 at the head of the next.
    expect(near(first.at(640, SEAM - 12), [255, 255, 255])).toBe(true);
    expect(near(first.at(640, SEAM - 10), GREEN)).toBe(true);
    expect(near(first.at(640, SEAM - 1), GREEN)).toBe(true);
    expect(near(second.at(640, 0), GREEN)).toBe(true);
    expect(near(second.at(640, 10), GREEN)).toBe(true);
    expect(near(second.at(640, 12), [255, 255, 255])).toBe(true);
    expect(near(second.at(640, 3020 - SEAM), BLUE)).toBe(true);
  });
});

describe("record PDF metadata with a control character in it (a name pasted from a word processor)", () => {
  it("is still PDF/A: the Info dictionary and the XMP say the same, a space where the character was", async () => {
    const dir = tempDir();
    const file = path.join(dir, "control.pdf");
    const metadata = { ...sampleMetadata(), title: "Ögonblicksbild Överkalix\u000bbibliotek 2026 H2", keywords: ["Överkalix\u000bbibliotek"] };
    const out = await buildRecordPdf({ sheet: sampleSheet(), snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata, conformance: "1b" });
    fs.writeFileSync(file, out.bytes);
    expect(await checkPdfA(file, "1b")).toEqual([]);
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    expect(info).toMatch(/^Title: +Ögonblicksbild Överkalix bibliotek 2026 H2$/m);
  });
});

describe("record PDF's title in a reader's window", () => {
  it("is the record's title, not its file name (DisplayDocTitle), and the file is still PDF/A-2b and -1b", async () => {
    const dir = tempDir();
    for (const conformance of ["2b", "1b"] as const) {
      const out = await buildRecordPdf({ sheet: sampleSheet(), snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance });
      const doc = await PDFDocument.load(out.bytes, { updateMetadata: false });
      expect(doc.catalog.getViewerPreferences()?.getDisplayDocTitle(), conformance).toBe(true);
      const file = path.join(dir, `title-${conformance}.pdf`);
      fs.writeFileSync(file, out.bytes);
      expect(await checkPdfA(file, conformance)).toEqual([]);
    }
  });
});

describe("record PDF of a page in another language than the sheet's", () => {
  /** The dc:language entries of a PDF's XMP, as an archive's reader of it finds them. */
  const languages = async (bytes: Uint8Array): Promise<string[]> => {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    const stream = doc.catalog.lookup(PDFName.of("Metadata")) as PDFRawStream;
    const xmp = Buffer.from(decodePDFRawStream(stream).decode()).toString("utf8");
    const bag = /<dc:language><rdf:Bag>(.*?)<\/rdf:Bag><\/dc:language>/s.exec(xmp)?.[1] ?? "";
    return [...bag.matchAll(/<rdf:li>([^<]*)<\/rdf:li>/g)].map((m) => m[1]!);
  };
  const build = (pageLanguage?: string) => buildRecordPdf({ sheet: sampleSheet(), snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: { ...sampleMetadata(), ...(pageLanguage ? { pageLanguage } : {}) }, conformance: "1b" });

  it("names both the sheet's Swedish and the page's Finnish in the XMP, and is still PDF/A-1b", async () => {
    const out = await build("fi");
    expect(await languages(out.bytes)).toEqual(["sv-SE", "fi"]);
    const file = path.join(tempDir(), "finnish.pdf");
    fs.writeFileSync(file, out.bytes);
    expect(await checkPdfA(file, "1b")).toEqual([]);
  });

  it("names Swedish once for a Swedish page or one that says no language, and leaves out a lang attribute that is no language tag", async () => {
    expect(await languages((await build("sv")).bytes)).toEqual(["sv-SE"]);
    expect(await languages((await build("SV-se")).bytes)).toEqual(["sv-SE"]);
    // Finland's Swedish is named as such, not folded into the sheet's.
    expect(await languages((await build("sv-FI")).bytes)).toEqual(["sv-SE", "sv-FI"]);
    expect(await languages((await build()).bytes)).toEqual(["sv-SE"]);
    expect(await languages((await build("fi_FI")).bytes)).toEqual(["sv-SE", "fi-FI"]);
    expect(await languages((await build("x--")).bytes)).toEqual(["sv-SE"]);
  });
});

/**
 * A municipality's account posts in the languages its residents read: Arabic, Persian, Tigrinya,
 * Somali, Ukrainian, Thai, Northern Sami, and emoji everywhere. Captured with the real capture
 * in real Chromium and made into a record PDF, each must be found by a search of the record,
 * in reading order, and the emoji must be in the picture as people saw it.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle, type CaptureResult } from "../../src/capture/index.ts";
import { buildRecordPdf, encodeSnapshotImages } from "../../src/pdf/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { checkPdfA } from "../helpers/pdfa.ts";
import { options } from "../capture/helpers.ts";
import { pdfboxText, pdftotext, renderPage, sampleMetadata, sampleSheet, tempDir } from "./tools.ts";

let browser: BrowserHandle;
let server: FixtureServer;
let capture: CaptureResult;
let file: string;
let dir: string;

beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({})]);
  capture = await captureAccount(browser, options(server.at("capture/unseen-languages.html")));
  const slices = await encodeSnapshotImages(capture.slices);
  const out = await buildRecordPdf({
    sheet: sampleSheet(),
    snapshot: { slices, words: capture.words, pageWidth: capture.pageWidth, pageHeight: capture.pageHeight },
    metadata: sampleMetadata(),
    conformance: "1b",
  });
  dir = tempDir();
  file = path.join(dir, "languages.pdf");
  fs.writeFileSync(file, out.bytes);
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const LINES = [
  "God jul och gott nytt år! Vi ses 2027",
  "ሓበሬታ ብዛዕባ ክታበት ኣብ ኮሙን",
  "Macluumaad ku saabsan tallaalka",
  "Інформація про вакцинацію",
  "ข้อมูลเกี่ยวกับการฉีดวัคซีน",
  "Diehtu boahkuheami birra Čohkkejeaddji Đ Ŋ Š Ŧ Ž",
];
const THAI = "เทศบาลเปิดให้บริการฉีดวัคซีนสำหรับผู้สูงอายุทุกวันจันทร์ถึงวันศุกร์ที่ศูนย์สุขภาพ";
const CHINESE = "市政府将于下周一开始为所有居民提供免费疫苗接种服务请提前预约";
const RIGHT_TO_LEFT_WORDS = ["معلومات", "التطعيم", "البلدية", "اطلاعات", "واکسیناسیون", "شهرداری"];
/** Tanwin, hamza and Hebrew points: each mark belongs to the letter before it. */
const MARKED_LINES = ["شكراً جزيلاً", "أهلاً وسهلاً بكم", "שָׁלוֹם עֲלֵיכֶם"];

/** The words, one after the other, that make up the paragraph (whose own text has no spaces). */
function runOfWords(words: CaptureResult["words"], paragraph: string): CaptureResult["words"] {
  for (let i = 0; i < words.length; i++) {
    let joined = "";
    for (let j = i; j < words.length && paragraph.startsWith(joined + words[j].text); j++) {
      joined += words[j].text;
      if (joined === paragraph) return words.slice(i, j + 1);
    }
  }
  throw new Error(`The words of the capture do not make up "${paragraph}".`);
}

describe("a page in many languages, as a record", () => {
  it("can be searched for every line, in every script, and for its emoji", async () => {
    const text = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/[ \t]+/g, " ");
    for (const line of LINES) expect(text).toContain(line);
    for (const word of RIGHT_TO_LEFT_WORDS) expect(text).toContain(word);
    expect(text).toContain("🍎");
  });

  it("gives the record sheet's right-to-left words (an account named in Arabic) back in reading order, drawn right to left", async () => {
    const sheet = sampleSheet();
    sheet.rows[1] = { label: "Konto", value: "Överkalix kommun – معلومات بالعربية (facebook-arabiska)" };
    const out = await buildRecordPdf({ sheet, snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "1b" });
    const arabic = path.join(dir, "sheet-arabic.pdf");
    fs.writeFileSync(arabic, out.bytes);
    // pdftotext marks a right-to-left stretch with embedding marks (U+202B … U+202C); the words are what counts.
    const text = (await pdftotext(arabic, ["-f", "1", "-l", "1"])).replace(/[\u202a-\u202e]/g, "").replace(/\s+/g, " ");
    expect(text).toContain("معلومات بالعربية");
    expect((await pdfboxText(arabic, 1)).split(/\s+/)).toEqual(expect.arrayContaining(["معلومات", "بالعربية"]));
  });

  it("reads the same words through PDFBox, the extractor archive search systems use", async () => {
    const words = (await pdfboxText(file, 2)).split(/\s+/);
    for (const word of [...LINES.flatMap((l) => l.split(" ")), ...RIGHT_TO_LEFT_WORDS, "🍎"]) expect(words).toContain(word);
  });

  it("gives Arabic and Hebrew with their marks in reading order, the words of a line in order, in pdftotext and PDFBox", async () => {
    // Each mark came out before its letter ("شكرًا", "ָׁשלֹום"), and PDFBox gave a right-to-left line's words last first.
    const poppler = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/[\u202a-\u202e]/g, "").replace(/[ \t]+/g, " ");
    const pdfbox = (await pdfboxText(file, 2)).replace(/[ \t]+/g, " ");
    for (const line of MARKED_LINES) {
      expect(poppler).toContain(line);
      expect(pdfbox).toContain(line);
    }
    // A Swedish line ending in an Arabic word: each word whole, whichever way the extractor reads the line.
    for (const text of [poppler, pdfbox]) expect(text.split(/\s+/)).toEqual(expect.arrayContaining(["Överkalix", "kommun", "معاً"]));
  });

  it("shows the emoji in colour in the picture, where the page had it", async () => {
    const apple = capture.words.find((w) => w.text === "🍎");
    expect(apple).toBeDefined();
    const page = await renderPage(file, 2, dir);
    let coloured = 0;
    for (let y = Math.floor(apple!.y); y < apple!.y + apple!.height && y < page.height; y++) {
      for (let x = Math.floor(apple!.x); x < apple!.x + apple!.width && x < page.width; x++) {
        const [r, g, b] = page.at(x, y);
        // A missing glyph is drawn as a grey or black box; the apple is red and green.
        if (Math.max(r, g, b) - Math.min(r, g, b) > 100) coloured++;
      }
    }
    expect(coloured).toBeGreaterThan(apple!.width * apple!.height * 0.2);
  });

  it("cuts Thai and Chinese, written without spaces, into words that each stand on one line", async () => {
    for (const paragraph of [THAI, CHINESE]) {
      // The whole paragraph, in order, in more than one word and over more than one line.
      const words = runOfWords(capture.words, paragraph);
      expect(words.length).toBeGreaterThan(5);
      expect(new Set(words.map((w) => Math.round(w.y))).size).toBeGreaterThan(1);
      // Each word's box is one line high (18 px text), not the paragraph's first line stretched over it all.
      for (const w of words) expect(w.height, w.text).toBeLessThan(36);
      const lines = capture.text.split("\n").filter((l) => paragraph.includes(l));
      expect(lines.join("")).toBe(paragraph);
    }
    const text = await pdftotext(file, ["-f", "2", "-l", "2"]);
    expect(text).toContain("วัคซีน");
    expect(text).toContain("疫苗");
  });

  it("keeps a Swedish word in a right-to-left paragraph whole where it stands, though the full stop after it is drawn at the far end", async () => {
    // In a right-to-left paragraph "webbplatsen." is drawn in two places: the word, and its full
    // stop at the paragraph's far (left) end. Its box is the word's, not the stop's.
    const word = capture.words.find((w) => w.text === "webbplatsen.")!;
    const pa = capture.words.find((w) => w.text === "på" && Math.abs(w.y - word.y) < 4)!;
    expect(word.width).toBeGreaterThan(pa.width * 3);
    expect(word.x).toBeGreaterThan(pa.x + pa.width);
    const text = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/[ \t]+/g, " ");
    expect(text).toContain("Läs mer på webbplatsen");
  });

  it("is still PDF/A-1b", async () => {
    expect(await checkPdfA(file, "1b")).toEqual([]);
  });
});

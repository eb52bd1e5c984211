import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { buildRecordPdf, encodeSnapshotImages } from "../../src/pdf/index.ts";
import type { Slice, WordBox } from "../../src/capture/types.ts";
import { checkPdfA } from "../helpers/pdfa.ts";
import { FOOTER_PX, pdfboxText, pdftotext, renderPage, sampleMetadata, sampleSheet, tempDir } from "./tools.ts";

const run = promisify(execFile);

async function whiteBand(width: number, height: number): Promise<Slice> {
  // With an alpha channel on purpose: encoding must flatten it away.
  const image = await sharp({ create: { width, height, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 0.5 } } }).png().toBuffer();
  return { image, format: "png", top: 0, height, width, pixelWidth: width, pixelHeight: height };
}

const WORDS: WordBox[] = [
  { text: "Hej漢字", x: 100, y: 100, width: 120, height: 24 },
  { text: "Åsa", x: 300, y: 100, width: 60, height: 24 },
  { text: "漢字", x: 400, y: 100, width: 60, height: 24 },
  { text: "gröt", x: 100, y: 300, width: 60, height: 24 },
  // A post in Tigrinya, one with emoji, and one in Arabic (read right to left, so its first word stands rightmost).
  { text: "ሓበሬታ", x: 100, y: 400, width: 70, height: 24 },
  { text: "ክታበት", x: 176, y: 400, width: 70, height: 24 },
  { text: "God", x: 100, y: 450, width: 40, height: 24 },
  { text: "jul\u00ad!", x: 146, y: 450, width: 30, height: 24 },
  { text: "🎄✨", x: 182, y: 450, width: 44, height: 24 },
  { text: "معلومات", x: 560, y: 500, width: 60, height: 24 },
  { text: "عن", x: 530, y: 500, width: 24, height: 24 },
  { text: "التطعيم", x: 460, y: 500, width: 64, height: 24 },
];

async function build(conformance: "2b" | "1b") {
  const slices = await encodeSnapshotImages([await whiteBand(1280, 600)]);
  return buildRecordPdf({
    sheet: { ...sampleSheet(), rows: [...sampleSheet().rows, { label: "Ohanterade tecken", value: "Bara 漢字 här" }] },
    snapshot: { slices, words: WORDS, pageWidth: 1280, pageHeight: 600 },
    metadata: sampleMetadata(),
    conformance,
  });
}

describe("record sheet", () => {
  it("flows onto more A4 pages when the rows need it, numbering the sheet pages", async () => {
    const rows = Array.from({ length: 90 }, (_, i) => ({ label: `Rad ${i + 1} för ärendet`, value: `Värde nummer ${i + 1}: åäö ÅÄÖ é ü` }));
    const out = await buildRecordPdf({
      sheet: { heading: "Ögonblicksbild med många rader", rows },
      snapshot: { slices: await encodeSnapshotImages([await whiteBand(1280, 300)]), words: [], pageWidth: 1280, pageHeight: 300 },
      metadata: sampleMetadata(),
      conformance: "2b",
    });
    const dir = tempDir();
    const file = path.join(dir, "long-sheet.pdf");
    fs.writeFileSync(file, out.bytes);
    expect(out.pages).toBeGreaterThanOrEqual(3);
    const second = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/\s+/g, " ");
    // Each sheet page names the record; one it flows onto says whose sheet it goes on with.
    expect(second).toContain(`facebook-kommun_2026-H2_v1 · Registreringsblad · Sida 2 av ${out.pages}`);
    expect(second).toContain("Registreringsblad för facebook-kommun_2026-H2_v1, fortsättning");
    expect((await pdftotext(file, ["-f", "1", "-l", "1"]))).not.toContain("fortsättning");
    const all = (await pdftotext(file)).replace(/\s+/g, " ");
    for (const i of [1, 45, 90]) expect(all).toContain(`Värde nummer ${i}: åäö ÅÄÖ é ü`);
    expect(await checkPdfA(file, "2b")).toEqual([]);
  });
});

describe("invisible text layer", () => {
  it("keeps the words of every script, emoji included, and never draws .notdef", async () => {
    const dir = tempDir();
    const file = path.join(dir, "glyphs.pdf");
    const out = await build("1b");
    fs.writeFileSync(file, out.bytes);
    const text = await pdftotext(file, ["-f", "2", "-l", "2"]);
    for (const word of ["Hej漢字", "Åsa", "漢字", "gröt", "ሓበሬታ ክታበት", "God jul! 🎄✨"]) expect(text).toContain(word);
    expect(text).not.toMatch(/[\ufffd\u00ad]/);
    // Each Arabic word is found as it is read (it came out backwards when written in reading order).
    for (const word of ["معلومات", "عن", "التطعيم"]) expect(text).toContain(word);
    expect(text).not.toContain([..."معلومات"].reverse().join(""));
    // PDFBox sees the spaces between the words of a line, right-to-left lines too (it ran them together).
    const words = (await pdfboxText(file, 2)).split(/\s+/);
    for (const word of ["ሓበሬታ", "ክታበት", "God", "jul!", "🎄✨", "معلومات", "عن", "التطعيم"]) expect(words).toContain(word);
    // The sheet is drawn with a real font: what it cannot show is left out there.
    const sheet = await pdftotext(file, ["-f", "1", "-l", "1"]);
    expect(sheet).toContain("Bara");
    expect(sheet).not.toMatch(/[\u6f22\u5b57\ufffd]/);
    // No shown string in any content stream uses glyph 0 (.notdef).
    const qdf = path.join(dir, "glyphs-qdf.pdf");
    await run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const content = fs.readFileSync(qdf, "latin1");
    const shown = [...content.matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) => m[1]);
    expect(shown.length).toBeGreaterThan(5);
    for (const hex of shown) {
      for (let i = 0; i < hex.length; i += 4) expect(hex.slice(i, i + 4)).not.toBe("0000");
    }
    expect(await checkPdfA(file, "1b")).toEqual([]);
  });

  it("is not painted: a white snapshot with words renders all white", async () => {
    const dir = tempDir();
    const file = path.join(dir, "white.pdf");
    fs.writeFileSync(file, (await build("2b")).bytes);
    const page = await renderPage(file, 2, dir);
    let darkest = 255;
    // The picture's part of the page; the strip below it holds the page's footer.
    for (let y = 0; y < page.height - FOOTER_PX; y += 2) {
      for (let x = 0; x < page.width; x += 2) darkest = Math.min(darkest, ...page.at(x, y));
    }
    expect(darkest).toBe(255);
    expect(await pdftotext(file, ["-f", "2", "-l", "2"])).toContain("gröt");
    // Invisible by its render mode (3 Tr), not only by the layer font's blank glyph: a viewer that
    // draws the text with a font of its own (a missing or replaced font) paints nothing either.
    const qdf = path.join(dir, "white-qdf.pdf");
    await run("qpdf", ["--qdf", "--object-streams=disable", file, qdf]);
    const layer = [...fs.readFileSync(qdf, "latin1").matchAll(/^BT$([\s\S]*?)^ET$/gm)].map((m) => m[1]!).filter((t) => t.includes("/SomarkivTextLayer"));
    expect(layer.length).toBeGreaterThan(0);
    for (const text of layer) expect(text).toMatch(/^3 Tr$/m);
  });

  it("gives the same bytes for the same input", async () => {
    const a = await build("2b");
    const b = await build("2b");
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
  });
});

/** Words laid out on one line as a browser lays them out: from the right in a right-to-left line. */
function line(texts: string[], y: number, rightToLeft: boolean): WordBox[] {
  let x = rightToLeft ? 1000 : 100;
  return texts.map((text) => {
    const width = [...text].length * 10;
    if (rightToLeft) x -= width;
    const word = { text, x, y, width, height: 24 };
    x += rightToLeft ? -8 : width + 8;
    return word;
  });
}

/**
 * A record whose page has the right-to-left `lines`, a mixed line "Överkalix kommun <mixed>", and a
 * Swedish line, so the page reads left to right as a municipality's does.
 */
async function rightToLeftRecord(lines: string[], mixed: string | null, name: string, leftToRight: string[] = []): Promise<string> {
  const words = [
    ...lines.flatMap((l, i) => line(l.split(" "), 60 + i * 50, true)),
    // Lines a browser lays out left to right in a right-to-left paragraph: flags (their regional indicators are left-to-right characters).
    ...leftToRight.flatMap((l, i) => line(l.split(" "), 60 + (lines.length + i) * 50, false)),
    ...(mixed === null ? [] : [
      ...line(["Överkalix", "kommun", mixed], 300, false),
      ...line("Välkommen till Överkalix kommun och dess sida för alla invånare".split(" "), 400, false),
    ]),
  ];
  const out = await buildRecordPdf({
    sheet: sampleSheet(),
    snapshot: { slices: await encodeSnapshotImages([await whiteBand(1280, 500)]), words, pageWidth: 1280, pageHeight: 500 },
    metadata: sampleMetadata(),
    conformance: "1b",
  });
  const file = path.join(tempDir(), `${name}.pdf`);
  fs.writeFileSync(file, out.bytes);
  return file;
}

describe("right-to-left lines", () => {
  const RTL_LINES = ["مرحبا بكم في بلدية أوفركاليكس", "معلومات عن التطعيم"];
  const rightToLeft = () => rightToLeftRecord(RTL_LINES, "معلومات", "right-to-left");

  it("are read by PDFBox with their words in reading order, as by pdftotext", async () => {
    // PDFBox gave a right-to-left line's words last first ("أوفركاليكس بلدية في بكم مرحبا").
    const file = await rightToLeft();
    // pdftotext marks a right-to-left stretch with embedding marks (U+202B … U+202C); the words are what counts.
    const poppler = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/[\u202a-\u202e]/g, "").replace(/[ \t]+/g, " ");
    const pdfbox = (await pdfboxText(file, 2)).replace(/[ \t]+/g, " ");
    for (const l of RTL_LINES) {
      expect(poppler).toContain(l);
      expect(pdfbox).toContain(l);
    }
    expect(poppler).toContain("Överkalix kommun معلومات");
    expect(pdfbox).toContain("Överkalix kommun معلومات");
  });
});

describe("right-to-left words with combining marks", () => {
  // Tanwin and shadda in Arabic, vowel points in Hebrew: each mark belongs to the letter before it.
  const RTL_LINES = ["شكراً جزيلاً", "أهلاً وسهلاً بكم", "שָׁלוֹם עֲלֵיכֶם", "مرحبا بكم في بلدية أوفركاليكس"];

  const marked = () => rightToLeftRecord(RTL_LINES, "معاً", "marked");

  it("are found in reading order by pdftotext and PDFBox, each mark after its letter and the words of a line in order", async () => {
    // They came out with each mark before its letter ("شكرًا", "ָׁשלֹום"), and PDFBox gave a right-to-left line's words last first.
    const file = await marked();
    // pdftotext marks a right-to-left stretch with embedding marks (U+202B … U+202C); the words are what counts.
    const poppler = (await pdftotext(file, ["-f", "2", "-l", "2"])).replace(/[\u202a-\u202e]/g, "").replace(/[ \t]+/g, " ");
    for (const l of RTL_LINES) expect(poppler).toContain(l);
    expect(poppler).toContain("Överkalix kommun معاً");
    const pdfbox = (await pdfboxText(file, 2)).replace(/[ \t]+/g, " ");
    for (const l of RTL_LINES) expect(pdfbox).toContain(l);
    expect(pdfbox).toContain("Överkalix kommun معاً");
  });
});

describe("emoji in right-to-left lines", () => {
  // A flag (two regional indicators), a family (joined by U+200D), a heart with its variation selector.
  const EMOJI = ["🇸🇪", "👨‍👩‍👧", "❤️", "🎉"];
  const RTL_LINES = ["شكراً جزيلاً لجميع المتطوعين ❤️ 🇸🇪", "🇸🇪 السويد 👨‍👩‍👧 العائلة 🎉"];
  // Both extractors mark direction with invisible characters (pdftotext U+202A–U+202E, the layer U+200E/U+200F).
  const words = (text: string) => text.replace(/[\u200e\u200f\u202a-\u202e]/g, " ").split(/\s+/);

  it("keep each emoji sequence whole in pdftotext and PDFBox, on a right-to-left page and in a mixed one", async () => {
    // They were turned back one code point at a time with the Arabic around them: 🇸🇪 read 🇪🇸, the
    // family 👧‍👩‍👨, the heart's selector stood before it, and PDFBox gave "??" for each half-turned emoji.
    for (const file of [await rightToLeftRecord(RTL_LINES, null, "emoji-rtl"), await rightToLeftRecord(RTL_LINES, "🇸🇪", "emoji-mixed")]) {
      const poppler = await pdftotext(file, ["-f", "2", "-l", "2"]);
      const pdfbox = await pdfboxText(file, 2);
      for (const text of [poppler, pdfbox]) {
        for (const emoji of EMOJI) expect(words(text)).toContain(emoji);
        expect(text).not.toContain("🇪🇸");
        expect(text).not.toContain("👧\u200d👩");
        expect(text).not.toContain("?");
      }
      // PDFBox gives the line in reading order, emoji where they were written.
      expect(words(pdfbox).filter(Boolean).join(" ")).toContain("لجميع المتطوعين ❤️ 🇸🇪 🇸🇪 السويد 👨‍👩‍👧 العائلة 🎉");
    }
  });

  it("keep each emoji whole on a right-to-left page's lines that hold nothing else, and a keycap with the Arabic", async () => {
    // A post of a flag alone on an Arabic page came out 🇪🇸 from pdftotext (which takes a line with no
    // letters the page's way), the family turned, and "1️⃣ 2️⃣" beside Arabic as "2️⃣ 1️⃣".
    const more = ["مرحبا بكم في بلدية أوفركاليكس معلومات للقادمين الجدد", "معلومات عن التطعيم في البلدية للجميع"];
    const file = await rightToLeftRecord([...more, "🇸🇪", "👨‍👩‍👧", "الخطوات 1️⃣ 2️⃣", "👍 ❤️"], null, "emoji-alone", ["🇸🇪 🇫🇮"]);
    const poppler = await pdftotext(file, ["-f", "2", "-l", "2"]);
    const pdfbox = await pdfboxText(file, 2);
    for (const text of [poppler, pdfbox]) {
      for (const emoji of ["🇸🇪", "👨‍👩‍👧", "🇫🇮", "1️⃣", "2️⃣", "👍", "❤️"]) expect(words(text), emoji).toContain(emoji);
      expect(text).not.toContain("🇪🇸");
      expect(text).not.toContain("🇮🇫");
      expect(text).not.toContain("👧\u200d👩");
    }
    // In reading order: a line of neutral emoji as the page goes (right to left), flags left to right.
    for (const text of [poppler, pdfbox]) {
      expect(words(text).filter(Boolean).join(" ")).toContain("👍 ❤️");
      expect(words(text).filter(Boolean).join(" ")).toContain("🇸🇪 🇫🇮");
    }
    expect(words(poppler).filter(Boolean).join(" ")).toContain("الخطوات 1️⃣ 2️⃣");
  });

  it("keep a right-to-left page's line in reading order in pdftotext, emoji in their places", async () => {
    // pdftotext takes a page as right to left when most of its letters are (here more than the footer's).
    const more = ["مرحبا بكم في بلدية أوفركاليكس معلومات للقادمين الجدد", "معلومات عن التطعيم في البلدية للجميع"];
    const poppler = await pdftotext(await rightToLeftRecord([...RTL_LINES, ...more], null, "emoji-order"), ["-f", "2", "-l", "2"]);
    expect(words(poppler).filter(Boolean).join(" ")).toContain("شكراً جزيلاً لجميع المتطوعين ❤️ 🇸🇪 🇸🇪 السويد 👨‍👩‍👧 العائلة 🎉");
  });
});

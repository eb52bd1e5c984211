import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import {
  PDFDocument,
  PDFFont,
  PDFPage,
  PDFName,
  PDFDict,
  PDFArray,
  PDFNumber,
  PDFString,
  PDFHexString,
  PDFRawStream,
  PDFRef,
  PDFOperator,
  TextRenderingMode,
  rgb,
  pushGraphicsState,
  popGraphicsState,
  rectangle,
  clip,
  endPath,
  concatTransformationMatrix,
  drawObject,
  beginText,
  endText,
  setFontAndSize,
  setTextRenderingMode,
  setCharacterSqueeze,
  setTextMatrix,
  showText,
} from "pdf-lib";
import type { WordBox } from "../capture/types.ts";
import type { PdfInput, PdfOutput, RecordSheet } from "./types.ts";
import { embedBandImage } from "./images.ts";
import { fallbackFontFile } from "./fallback-fonts.ts";
import { keepLastWordCompany, wrapText } from "./sheet.ts";
import { drawingLines, PT_PER_CSS_PX, placeWord, spaceBetween, tileForWord, tileSnapshot } from "./tiling.ts";
import { lettersOfForm } from "./arabic-forms.ts";
import { hasLeftToRight, hasRightToLeft, isolateEmoji, leftToRightEmoji, LayerFont, LAYER_ADVANCE, LAYER_FONT_METRICS, layerCharacters, openStretch, readsRightToLeft, visualLine } from "./layer-font.ts";
import { buildXmp, keywordString, pdfDate } from "./xmp.ts";

const FONT_DIR = path.join(import.meta.dirname, "fonts");
const REGULAR_FONT = path.join(FONT_DIR, "DejaVuSans.ttf");
const BOLD_FONT = path.join(FONT_DIR, "DejaVuSans-Bold.ttf");

/** Where the sRGB profile of Debian's icc-profiles-free package lives. */
export const SRGB_PROFILE_PATH = "/usr/share/color/icc/sRGB.icc";

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 42;
// Wide enough for the longest label ("Föregående ögonblicksbild", 137 pt; a wrapped label was read as
// "Föregående <value>"), and leaving the value room for a SHA-256 in hexadecimal (about 350 pt).
const LABEL_WIDTH = 138;
const GUTTER = 8;
const HEADING_SIZE = 15;
const TEXT_SIZE = 9;
const LINE_GAP = 1.35;
const ROW_GAP = 4;

function readSrgbProfile(): Buffer {
  try {
    return fs.readFileSync(SRGB_PROFILE_PATH);
  } catch {
    throw new Error(
      `The sRGB colour profile that archival PDFs (PDF/A) need was not found at ${SRGB_PROFILE_PATH}. ` +
        `Install the Debian package icc-profiles-free (apt-get install icc-profiles-free) and try again.`,
    );
  }
}

/** Text the embedded font can draw in full, so no .notdef glyph is ever used; what it cannot draw is named. */
export function printable(text: string, charset: Set<number>): string {
  let out = "";
  for (const { segment } of graphemes.segment(text.normalize("NFC"))) {
    const cps = [...segment].map((c) => c.codePointAt(0)!).filter((cp) => !(cp < 0x20 || (cp >= 0x7f && cp < 0xa0)));
    if (cps.every((cp) => charset.has(cp))) {
      out += String.fromCodePoint(...cps);
      continue;
    }
    // A character the sheet's font lacks (an emoji in an account's name, a script DejaVu does not
    // cover) is written as its code point, so the sheet shows that something stands there and what,
    // instead of silently leaving it out. Variation selectors only choose a glyph's style.
    const shown = cps.filter((cp) => !(cp >= 0xfe00 && cp <= 0xfe0f)).map((cp) => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`);
    if (shown.length) out += `[${shown.join(" ")}]`;
  }
  return out;
}

const graphemes = new Intl.Segmenter("sv", { granularity: "grapheme" });

interface Fonts {
  regular: PDFFont;
  bold: PDFFont;
  /** What the sheet can draw, DejaVu Sans and the fonts taken for what it lacks together. */
  regularChars: Set<number>;
  boldChars: Set<number>;
  /** The font drawing each code point DejaVu Sans lacks, regular and bold. */
  regularFallback: Map<number, PDFFont>;
  boldFallback: Map<number, PDFFont>;
  /** Every font embedded, for finishing their subsets. */
  all: PDFFont[];
}

type FontkitFont = ReturnType<typeof fontkit.create>;

/**
 * The two fonts of the record sheet (the text layer has its own, in layer-font.ts), read and
 * parsed once per process: parsing DejaVu Sans took longer than the rest of a record's PDF.
 * pdf-lib asks its fontkit to parse the bytes for every document; this one hands back the
 * parsed font for the same bytes. A parsed font is only read from (each document makes its
 * own subset), so sharing it between records is safe.
 *
 * Its layout is one glyph per character from the font's character map, with the glyph's own
 * advance: what shaping with ligatures and kerning turned off gives for the scripts the sheet
 * uses, without running the shaping engine for every line. One glyph per character is also
 * what keeps the extracted text exact.
 */
let loaded: { regularBytes: Buffer; boldBytes: Buffer; parsed: Map<Buffer, FontkitFont>; kit: typeof fontkit; files: Map<string, Buffer | null> } | null = null;

function sharedFonts(): NonNullable<typeof loaded> {
  if (!loaded) {
    const parsed = new Map<Buffer, FontkitFont>();
    const kit = {
      ...fontkit,
      create(bytes: Buffer | Uint8Array, postscriptName?: string) {
        const known = parsed.get(bytes as Buffer);
        return known ?? fontkit.create(bytes as Buffer, postscriptName);
      },
    } as typeof fontkit;
    const regularBytes = fs.readFileSync(REGULAR_FONT);
    const boldBytes = fs.readFileSync(BOLD_FONT);
    for (const bytes of [regularBytes, boldBytes]) parsed.set(bytes, oneGlyphPerCharacter(fontkit.create(bytes)));
    evenGlyphsInSubsets(parsed.get(regularBytes)!);
    loaded = { regularBytes, boldBytes, parsed, kit, files: new Map() };
  }
  return loaded;
}

/**
 * fontkit writes a TrueType subset's glyph offsets in the short form (halved) whenever the subset is
 * under 128 kB, but copies each glyph as long as it was: after a glyph of odd length (Noto Sans Symbols
 * 2 has them, as 🎮 and 👪), every later glyph's offset, halved, fell a byte short, and a viewer drew
 * nothing where the sheet had them. Each glyph is padded to an even length, as the short form needs.
 */
function evenGlyphsInSubsets(font: FontkitFont): void {
  const subset = Object.getPrototypeOf((font as FontkitFont & { createSubset(): object }).createSubset()) as {
    _addGlyph(this: { glyf: Uint8Array[]; offset: number }, gid: number): number;
    evenGlyphs?: true;
  };
  if (subset.evenGlyphs) return;
  const add = subset._addGlyph;
  subset._addGlyph = function (gid) {
    const index = add.call(this, gid);
    if (this.offset % 2) {
      // Of fontkit's own Buffer, which its encoder takes (not Node's).
      const glyph = this.glyf[index]!;
      const padded = (glyph.constructor as unknown as { alloc(n: number): Uint8Array }).alloc(glyph.length + 1);
      padded.set(glyph);
      this.glyf[index] = padded;
      this.offset += 1;
    }
    return index;
  };
  subset.evenGlyphs = true;
}

function oneGlyphPerCharacter(parsed: FontkitFont): FontkitFont {
  const font = parsed as FontkitFont & { glyphsForString(text: string): Array<{ codePoints: number[] }> };
  (font as { layout: unknown }).layout = (text: string) => {
    const glyphs = font.glyphsForString(text);
    // fontkit keeps each glyph it has made. One first made as a part of another (the O drawn
    // inside Ö, while an earlier record's subset was written) was kept with no character, and
    // the ToUnicode map of every later record in the process gave its letter as nothing.
    // One glyph per character, a variation selector taken with the character before it.
    let chars = [...text];
    if (chars.length !== glyphs.length) chars = chars.filter((c) => !/[\uFE00-\uFE0F\u{E0100}-\u{E01EF}]/u.test(c));
    if (chars.length === glyphs.length) glyphs.forEach((g, i) => {
      // An Arabic letter's joined form (see arabic-forms.ts) is read back as the letter it stands for.
      const letters = lettersOfForm(chars[i]!.codePointAt(0)!);
      if (letters) g.codePoints = [...letters].map((c) => c.codePointAt(0)!);
      else if (!g.codePoints.length) g.codePoints = [chars[i]!.codePointAt(0)!];
    });
    return { glyphs };
  };
  return font;
}

/** An installed font's bytes, read and parsed once per process as DejaVu Sans is. */
function sharedFile(file: string): Buffer | null {
  const shared = sharedFonts();
  if (!shared.files.has(file)) {
    try {
      const bytes = fs.readFileSync(file);
      shared.parsed.set(bytes, oneGlyphPerCharacter(fontkit.create(bytes)));
      shared.files.set(file, bytes);
    } catch {
      shared.files.set(file, null);
    }
  }
  return shared.files.get(file)!;
}

async function embedFonts(doc: PDFDocument, sheet: RecordSheet): Promise<Fonts> {
  const shared = sharedFonts();
  doc.registerFontkit(shared.kit);
  // No ligatures or kerning: every glyph is one character, so extracted text is exact.
  const features = { liga: false, clig: false, kern: false, calt: false, dlig: false };
  const regular = await doc.embedFont(shared.regularBytes, { subset: true, customName: "DejaVuSans", features });
  const bold = await doc.embedFont(shared.boldBytes, { subset: true, customName: "DejaVuSans-Bold", features });
  const all = [regular, bold];
  const embedded = new Map<string, PDFFont>();
  const fallbacks = async (base: PDFFont, texts: string[], isBold: boolean) => {
    const chars = new Set(base.getCharacterSet());
    const byCodePoint = new Map<number, PDFFont>();
    for (const ch of new Set(texts.join("").normalize("NFC"))) {
      const cp = ch.codePointAt(0)!;
      if (chars.has(cp) || cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || (cp >= 0xfe00 && cp <= 0xfe0f)) continue;
      const file = fallbackFontFile(cp, isBold);
      const bytes = file && sharedFile(file);
      if (!file || !bytes) continue;
      let font = embedded.get(file);
      if (!font) {
        font = await doc.embedFont(bytes, { subset: true, customName: path.basename(file).replace(/\.ttf$/i, ""), features });
        embedded.set(file, font);
        all.push(font);
      }
      byCodePoint.set(cp, font);
      chars.add(cp);
    }
    return { chars, byCodePoint };
  };
  const r = await fallbacks(regular, [...sheet.rows.map((row) => row.value)], false);
  const b = await fallbacks(bold, [sheet.heading, ...sheet.rows.map((row) => row.label)], true);
  return { regular, bold, regularChars: r.chars, boldChars: b.chars, regularFallback: r.byCodePoint, boldFallback: b.byCodePoint, all };
}

/** A line of the sheet as runs of one font each: DejaVu Sans where it draws them, the fallback font elsewhere. */
function fontRuns(text: string, base: PDFFont, fallback: Map<number, PDFFont>): Array<{ text: string; font: PDFFont }> {
  const runs: Array<{ text: string; font: PDFFont }> = [];
  for (const ch of text) {
    const font = fallback.get(ch.codePointAt(0)!) ?? base;
    const last = runs[runs.length - 1];
    if (last && (last.font === font || /\p{M}|[\uFE00-\uFE0F]/u.test(ch))) last.text += ch;
    else runs.push({ text: ch, font });
  }
  return runs;
}

function widthOf(text: string, size: number, base: PDFFont, fallback: Map<number, PDFFont>): number {
  return fontRuns(text, base, fallback).reduce((w, run) => w + run.font.widthOfTextAtSize(run.text, size), 0);
}

function drawRuns(page: PDFPage, text: string, at: { x: number; y: number; size: number; color: ReturnType<typeof rgb> }, base: PDFFont, fallback: Map<number, PDFFont>): void {
  let x = at.x;
  for (const run of fontRuns(text, base, fallback)) {
    page.drawText(run.text, { ...at, x, font: run.font });
    x += run.font.widthOfTextAtSize(run.text, at.size);
  }
}

/** Lays out the record sheet on as many A4 pages as it needs; returns the pages. */
function drawSheet(doc: PDFDocument, sheet: RecordSheet, fonts: Fonts, recordId: string): PDFPage[] {
  const pages: PDFPage[] = [];
  const black = rgb(0, 0, 0);
  const grey = rgb(0.35, 0.35, 0.35);
  let page = doc.addPage([A4.width, A4.height]);
  pages.push(page);
  let y = A4.height - MARGIN;
  const bottom = MARGIN + 24;
  // A page the sheet flows onto (a long list of checksums) says whose sheet it goes on with: alone, it
  // held rows of checksums under no heading.
  const newPage = () => {
    page = doc.addPage([A4.width, A4.height]);
    pages.push(page);
    y = A4.height - MARGIN - TEXT_SIZE;
    page.drawText(printable(`Registreringsblad för ${recordId}, fortsättning`, fonts.regularChars), { x: MARGIN, y, size: TEXT_SIZE, font: fonts.regular, color: grey });
    y -= TEXT_SIZE * 0.8;
  };

  const headingText = printable(sheet.heading, fonts.boldChars);
  const headingMeasure = (t: string) => widthOf(t, HEADING_SIZE, fonts.bold, fonts.boldFallback);
  const headingLines = keepLastWordCompany(wrapText(headingText, A4.width - 2 * MARGIN, headingMeasure), A4.width - 2 * MARGIN, headingMeasure);
  for (const line of headingLines) {
    y -= HEADING_SIZE * 1.25;
    drawRuns(page, visualLine(line, (cp) => fonts.boldChars.has(cp)), { x: MARGIN, y, size: HEADING_SIZE, color: black }, fonts.bold, fonts.boldFallback);
  }
  y -= HEADING_SIZE * 0.8;

  const lineHeight = TEXT_SIZE * LINE_GAP;
  const valueX = MARGIN + LABEL_WIDTH + GUTTER;
  const valueWidth = A4.width - MARGIN - valueX;
  for (const row of sheet.rows) {
    const label = wrapText(printable(row.label, fonts.boldChars), LABEL_WIDTH, (t) => widthOf(t, TEXT_SIZE, fonts.bold, fonts.boldFallback));
    const valueText = printable(row.value.replace(/\r?\n/g, "\u2028"), fonts.regularChars).replace(/\u2028/g, "\n");
    const value = wrapText(valueText === "" ? "–" : valueText, valueWidth, (t) => widthOf(t, TEXT_SIZE, fonts.regular, fonts.regularFallback));
    const lines = Math.max(label.length, value.length);
    // A row starts on a new page rather than leaving its label behind; a row longer than a page flows on.
    if (y - lineHeight * Math.min(lines, 3) < bottom) newPage();
    for (let i = 0; i < lines; i++) {
      if (y - lineHeight < bottom) newPage();
      y -= lineHeight;
      // Right-to-left words (an account named in Arabic) are drawn as they are read; see visualLine.
      if (label[i]) drawRuns(page, visualLine(label[i]!, (cp) => fonts.boldChars.has(cp)), { x: MARGIN, y, size: TEXT_SIZE, color: grey }, fonts.bold, fonts.boldFallback);
      if (value[i]) drawRuns(page, visualLine(value[i]!, (cp) => fonts.regularChars.has(cp)), { x: valueX, y, size: TEXT_SIZE, color: black }, fonts.regular, fonts.regularFallback);
    }
    y -= ROW_GAP;
  }
  return pages;
}

/** Height of the strip under each snapshot page's picture that holds its footer. */
export const SNAPSHOT_FOOTER_PT = 18;

/** A snapshot page's footer: its record and its place in it. */
function snapshotFooter(recordId: string, page: number, total: number): string {
  return `${recordId} · Ögonblicksbild · Sida ${page} av ${total}`;
}

/**
 * Every snapshot page names its record and its place in it, so a page printed or copied out of the
 * PDF can still be told whose it is.
 */
function drawSnapshotFooters(pages: PDFPage[], first: number, total: number, recordId: string, fonts: Fonts): void {
  const grey = rgb(0.35, 0.35, 0.35);
  pages.forEach((page, i) => {
    const { width } = page.getSize();
    page.drawLine({ start: { x: 0, y: SNAPSHOT_FOOTER_PT - 0.5 }, end: { x: width, y: SNAPSHOT_FOOTER_PT - 0.5 }, thickness: 0.5, color: rgb(0.75, 0.75, 0.75) });
    const text = printable(snapshotFooter(recordId, first + i, total), fonts.regularChars);
    const w = fonts.regular.widthOfTextAtSize(text, 9);
    page.drawText(text, { x: width - 12 - w, y: 5, size: 9, font: fonts.regular, color: grey });
  });
}

/** As a snapshot page's: the record and the page's place in it, so a sheet page printed alone is still known. */
function drawSheetFooters(pages: PDFPage[], total: number, recordId: string, fonts: Fonts): void {
  pages.forEach((page, i) => {
    const text = printable(`${recordId} · Registreringsblad · Sida ${i + 1} av ${total}`, fonts.regularChars);
    const w = fonts.regular.widthOfTextAtSize(text, 8);
    page.drawText(text, { x: A4.width - MARGIN - w, y: MARGIN - 10, size: 8, font: fonts.regular, color: rgb(0.35, 0.35, 0.35) });
  });
}

/** Draws the snapshot over pages, each showing one tile of the full-page image, with its invisible words. */
function drawSnapshot(doc: PDFDocument, input: PdfInput, layer: LayerFont): PDFPage[] {
  const { slices, words, pageWidth } = input.snapshot;
  if (slices.length === 0) return [];
  const scale = PT_PER_CSS_PX;
  const widthPx = pageWidth > 0 ? pageWidth : slices[0].width;
  const pageWidthPt = widthPx * scale;
  const imageRefs: PDFRef[] = slices.map((s) => embedBandImage(doc, s));
  const tiles = tileSnapshot(widthPx, slices, { words });

  const wordsByTile: WordBox[][] = tiles.map(() => []);
  for (const word of words) {
    const i = tileForWord(tiles, word);
    if (i >= 0) wordsByTile[i].push(word);
  }

  const pages: PDFPage[] = [];
  tiles.forEach((tile, t) => {
    const heightPt = (tile.bottom - tile.top) * scale;
    // The snapshot stands above a strip for the page's footer, so the footer never covers any of it.
    const page = doc.addPage([pageWidthPt, heightPt + SNAPSHOT_FOOTER_PT]);
    pages.push(page);
    const ops = [pushGraphicsState(), concatTransformationMatrix(1, 0, 0, 1, 0, SNAPSHOT_FOOTER_PT), pushGraphicsState(), rectangle(0, 0, pageWidthPt, heightPt), clip(), endPath()];
    for (const piece of tile.pieces) {
      const slice = slices[piece.band];
      const name = page.node.newXObject("Im", imageRefs[piece.band]);
      // The whole band is placed where it belongs; the page's clip shows only this tile's part.
      const w = slice.width * scale;
      const h = slice.height * scale;
      const yBottom = heightPt - (slice.top + slice.height - tile.top) * scale;
      ops.push(pushGraphicsState(), concatTransformationMatrix(w, 0, 0, h, 0, yBottom), drawObject(name), popGraphicsState());
    }
    ops.push(popGraphicsState());

    const fontName = page.node.newFontDictionary(layer.name, layer.ref);
    const textOps: PDFOperator[] = [];
    const show = (box: WordBox, chars: string[]) => {
      const placed = placeWord(box, tile, pageWidthPt, LAYER_FONT_METRICS, chars.length * LAYER_ADVANCE, scale);
      if (!placed) return false;
      textOps.push(
        setFontAndSize(fontName, round(placed.fontSize)),
        setCharacterSqueeze(round(placed.horizontalScale)),
        placed.down ? setTextMatrix(0, -1, 1, 0, round(placed.x), round(placed.baseline)) : setTextMatrix(1, 0, 0, 1, round(placed.x), round(placed.baseline)),
        showText(layer.encode(chars)),
      );
      return true;
    };
    const lines = drawingLines(wordsByTile[t]);
    const tileWords = lines.flat();
    // A line with no letters on a page pdftotext reads right to left is read that way too: its emoji
    // are fenced off as on a line with Arabic (unfenced, a family came out turned), and a line of flags,
    // which the browser lays out left to right, is kept so (unfenced, 🇸🇪 came out 🇪🇸).
    // The footer's letters count too (its page numbers are no letters).
    const pageRightToLeft = readsRightToLeft(tileWords.map((w) => w.text), snapshotFooter(input.metadata.documentId, 0, 0));
    const fence = new Map<WordBox, (chars: string[]) => string[]>();
    for (const l of lines) {
      const way = l.some((w) => hasRightToLeft(w.text)) ? isolateEmoji
        : !pageRightToLeft ? null
        : l.some((w) => hasLeftToRight(w.text)) ? leftToRightEmoji : isolateEmoji;
      if (way) for (const w of l) fence.set(w, way);
    }
    // What was drawn just before on the same line: whether a right-to-left stretch is open.
    let before: string[] = [];
    tileWords.forEach((word, i) => {
      const drawn = layerCharacters(word.text.trim());
      const chars = openStretch(fence.get(word)?.(drawn) ?? drawn, before);
      before = [];
      if (!chars.length || !show(word, chars)) return;
      // The space to the next word of the line is written too, where it stands: extractors that
      // judge word breaks by distance alone ran words together (PDFBox, in right-to-left lines).
      const space = spaceBetween(word, tileWords[i + 1]);
      if (space && show(space, [" "])) before = chars;
    });
    if (textOps.length > 0) {
      // Render mode 3: the words are there for search and selection but never painted over the image.
      ops.push(beginText(), setTextRenderingMode(TextRenderingMode.Invisible), ...textOps, endText());
    }
    ops.push(popGraphicsState());
    page.pushOperators(...ops);
  });
  return pages;
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Six capital letters naming a font subset, derived from its content so output is deterministic. */
function subsetTag(bytes: Uint8Array): string {
  const h = crypto.createHash("sha256").update(bytes).digest();
  let tag = "";
  for (let i = 0; i < 6; i++) tag += String.fromCharCode(65 + (h[i] % 26));
  return tag;
}

/**
 * Finishes the embedded font subsets for PDF/A: a subset tag in the font names and a CIDSet
 * listing every CID in the font program (required for PDF/A-1 subsets, accurate for PDF/A-2).
 */
function finishFontSubset(doc: PDFDocument, font: PDFFont): void {
  const ctx = doc.context;
  const type0 = ctx.lookup(font.ref, PDFDict);
  const cidFont = ctx.lookup(type0.lookup(PDFName.of("DescendantFonts"), PDFArray).get(0), PDFDict);
  const descriptor = cidFont.lookup(PDFName.of("FontDescriptor"), PDFDict);
  const fontFile = descriptor.lookup(PDFName.of("FontFile2"));
  const fontBytes = fontFile instanceof PDFRawStream ? fontFile.contents : new Uint8Array();
  const base = type0.lookup(PDFName.of("BaseFont"), PDFName).decodeText();
  const name = PDFName.of(`${subsetTag(fontBytes)}+${base}`);
  type0.set(PDFName.of("BaseFont"), name);
  cidFont.set(PDFName.of("BaseFont"), name);
  descriptor.set(PDFName.of("FontName"), name);

  let maxCid = 0;
  const w = cidFont.lookup(PDFName.of("W"), PDFArray);
  for (let i = 0; i + 1 < w.size(); i += 2) {
    const start = w.lookup(i, PDFNumber).asNumber();
    const widths = w.lookup(i + 1, PDFArray);
    maxCid = Math.max(maxCid, start + widths.size() - 1);
  }
  const bits = new Uint8Array(Math.floor(maxCid / 8) + 1);
  for (let cid = 0; cid <= maxCid; cid++) bits[cid >> 3] |= 0x80 >> (cid & 7);
  descriptor.set(PDFName.of("CIDSet"), ctx.register(ctx.flateStream(bits)));
}

function applyArchivalMetadata(doc: PDFDocument, input: PdfInput, creatorTool: string): void {
  const ctx = doc.context;
  const meta = input.metadata;
  const catalog = doc.catalog;

  const xmp = Buffer.from(buildXmp(meta, input.conformance, creatorTool), "utf8");
  // XMP stays uncompressed so that tools that scan files for metadata packets find it.
  const metadataRef = ctx.register(ctx.stream(xmp, { Type: "Metadata", Subtype: "XML" }));
  catalog.set(PDFName.of("Metadata"), metadataRef);

  const icc = readSrgbProfile();
  const iccRef = ctx.register(ctx.flateStream(icc, { N: 3 }));
  const outputIntent = ctx.obj({
    Type: "OutputIntent",
    S: "GTS_PDFA1",
    OutputConditionIdentifier: PDFString.of("sRGB IEC61966-2.1"),
    Info: PDFString.of("sRGB IEC61966-2.1"),
    RegistryName: PDFString.of("http://www.color.org"),
    DestOutputProfile: iccRef,
  });
  catalog.set(PDFName.of("OutputIntents"), ctx.obj([ctx.register(outputIntent)]));
  catalog.set(PDFName.of("Lang"), PDFString.of("sv-SE"));
  // Readers show the record's title in their window and tab, where they showed its file name (a
  // screen reader reads it first); PDF/A allows the setting.
  catalog.getOrCreateViewerPreferences().setDisplayDocTitle(true);

  // The Info dictionary says exactly what the XMP says (PDF/A requires them in step).
  const date = PDFString.of(pdfDate(meta.createDate));
  const info = ctx.obj({});
  info.set(PDFName.of("Title"), PDFHexString.fromText(meta.title));
  info.set(PDFName.of("Author"), PDFHexString.fromText(meta.author));
  if (meta.subject) info.set(PDFName.of("Subject"), PDFHexString.fromText(meta.subject));
  const keywords = keywordString(meta.keywords);
  if (keywords) info.set(PDFName.of("Keywords"), PDFHexString.fromText(keywords));
  info.set(PDFName.of("Creator"), PDFHexString.fromText(creatorTool));
  info.set(PDFName.of("Producer"), PDFHexString.fromText(meta.producer));
  info.set(PDFName.of("CreationDate"), date);
  info.set(PDFName.of("ModDate"), date);
  ctx.trailerInfo.Info = ctx.register(info);

  // Both halves of the file identifier come from the record id: same record, same /ID.
  const id = crypto.createHash("md5").update(`somarkiv:${meta.documentId}`).digest("hex");
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of(id), PDFHexString.of(id)]);
}

/**
 * pdf-lib always writes a PDF 1.7 header. PDF/A-1 requires 1.4, and nothing in the file
 * needs more (no object or cross-reference streams, no transparency); the version string
 * has the same length, so the cross-reference offsets stay right.
 */
function setHeaderVersion(bytes: Uint8Array, version: "1.4"): void {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, 8).toString("latin1");
  if (!/^%PDF-1\.\d$/.test(head)) throw new Error("The PDF writer produced an unexpected file header.");
  bytes.set(Buffer.from(`%PDF-${version}`, "latin1"), 0);
}

/**
 * Builds the record PDF: the record sheet on A4 pages, then the snapshot over as many pages
 * as it needs, with an invisible text layer where the words stand, as PDF/A-2b or -1b.
 */
/** Metadata text without control characters (each a space), one space for a run of them. */
function metadataText(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffe\uffff]/g, " ").replace(/ {2,}/g, " ").trim();
}

export async function buildRecordPdf(input: PdfInput): Promise<PdfOutput> {
  const conformance = input.conformance ?? "2b";
  const doc = await PDFDocument.create({ updateMetadata: false });

  const fonts = await embedFonts(doc, input.sheet);
  const sheetPages = drawSheet(doc, input.sheet, fonts, input.metadata.documentId);
  const layer = new LayerFont(doc);
  const snapshotPages = drawSnapshot(doc, { ...input, conformance }, layer);
  layer.finish();
  drawSheetFooters(sheetPages, sheetPages.length + snapshotPages.length, input.metadata.documentId, fonts);
  drawSnapshotFooters(snapshotPages, sheetPages.length + 1, sheetPages.length + snapshotPages.length, input.metadata.documentId, fonts);

  const creatorTool = input.metadata.producer;
  // The same words in the Info dictionary and the XMP, which PDF/A checks: a control character (a page's
  // title can hold one) would be kept by the one and dropped by the other.
  const m = input.metadata;
  const metadata = { ...m, title: metadataText(m.title), author: metadataText(m.author), ...(m.subject ? { subject: metadataText(m.subject) } : {}), ...(m.keywords ? { keywords: m.keywords.map(metadataText) } : {}) };
  applyArchivalMetadata(doc, { ...input, metadata, conformance }, creatorTool);
  await doc.flush();
  for (const font of fonts.all) finishFontSubset(doc, font);

  // Classic cross-reference tables, no object streams: required for PDF/A-1 (PDF 1.4) and
  // readable by every validator for PDF/A-2 as well.
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  if (conformance === "1b") setHeaderVersion(bytes, "1.4");
  return { bytes, pages: doc.getPageCount() };
}

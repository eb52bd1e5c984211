/**
 * The font of the invisible text layer. The layer is there to be found and copied, never seen,
 * so its font needs no shapes: every character of every script is the same blank glyph, and the
 * file's ToUnicode map says which character each one is. That is how OCR tools make searchable
 * PDFs (Tesseract's "GlyphLessFont"), and it is why a post in Tigrinya, Thai, Chinese or emoji
 * is as searchable as one in Swedish; a real font such as DejaVu Sans lacks most of those, and
 * whatever it lacked used to be dropped from the layer.
 *
 * The font program is a small TrueType font written here (two glyphs: an outlined .notdef that
 * is never used, and the blank one). Each document numbers the characters it uses from 1 (its
 * CIDs), maps them all to the blank glyph (CIDToGIDMap) and to their characters (ToUnicode).
 */
import { joinedForms } from "./arabic-forms.ts";
import { PDFDocument, PDFHexString, PDFRef, PDFString } from "pdf-lib";

const UNITS_PER_EM = 1000;
const ADVANCE = 500;
const ASCENT = 800;
const DESCENT = -200;
const NAME = "SomarkivTextLayer";
/** Identity-H codes are two bytes, and 0 is kept for .notdef. */
const MAX_CID = 0xffff;

/** The layer font's metrics in em, as the word placement needs them. */
export const LAYER_FONT_METRICS = { ascent: ASCENT / UNITS_PER_EM, descent: DESCENT / UNITS_PER_EM };

/** Each character's advance at font size 1: all are the same. */
export const LAYER_ADVANCE = ADVANCE / UNITS_PER_EM;

/** The font program, built once per process; it is the same bytes every time (fixed dates). */
let program: Uint8Array | null = null;

export function layerFontProgram(): Uint8Array {
  program ??= buildTrueType();
  return program;
}

/**
 * The layer font of one document: `encode` gives the hex string for a word's characters,
 * numbering new characters as it meets them; `finish` writes the maps once all pages are drawn.
 */
export class LayerFont {
  readonly ref: PDFRef;
  readonly name = NAME;
  private readonly cids = new Map<string, number>();
  private readonly chars: string[] = [""];
  private readonly toUnicodeRef: PDFRef;
  private readonly cidToGidRef: PDFRef;

  constructor(private readonly doc: PDFDocument) {
    const ctx = doc.context;
    this.toUnicodeRef = ctx.nextRef();
    this.cidToGidRef = ctx.nextRef();
    const program = layerFontProgram();
    const fontFile = ctx.register(ctx.flateStream(program, { Length1: program.length }));
    const descriptor = ctx.register(ctx.obj({
      Type: "FontDescriptor",
      FontName: NAME,
      // Symbolic: its glyphs are not the standard Latin set.
      Flags: 4,
      FontBBox: [0, DESCENT, ADVANCE, ASCENT],
      ItalicAngle: 0,
      Ascent: ASCENT,
      Descent: DESCENT,
      CapHeight: ASCENT,
      StemV: 80,
      FontFile2: fontFile,
    }));
    const cidFont = ctx.register(ctx.obj({
      Type: "Font",
      Subtype: "CIDFontType2",
      BaseFont: NAME,
      CIDSystemInfo: { Registry: PDFString.of("Adobe"), Ordering: PDFString.of("Identity"), Supplement: 0 },
      FontDescriptor: descriptor,
      DW: ADVANCE,
      CIDToGIDMap: this.cidToGidRef,
    }));
    this.ref = ctx.register(ctx.obj({
      Type: "Font",
      Subtype: "Type0",
      BaseFont: NAME,
      Encoding: "Identity-H",
      DescendantFonts: [cidFont],
      ToUnicode: this.toUnicodeRef,
    }));
  }

  /** The show-text operand for these characters (one per code point, in drawing order). */
  encode(chars: readonly string[]): PDFHexString {
    let hex = "";
    for (const ch of chars) {
      let cid = this.cids.get(ch);
      if (cid === undefined) {
        // A page with more than 65,535 different characters keeps the first ones.
        if (this.chars.length > MAX_CID) continue;
        cid = this.chars.length;
        this.chars.push(ch);
        this.cids.set(ch, cid);
      }
      hex += cid.toString(16).padStart(4, "0");
    }
    return PDFHexString.of(hex);
  }

  /** Writes the two maps; called once, after the last word. */
  finish(): void {
    const ctx = this.doc.context;
    const gids = new Uint8Array(this.chars.length * 2);
    for (let cid = 1; cid < this.chars.length; cid++) gids[cid * 2 + 1] = 1;
    ctx.assign(this.cidToGidRef, ctx.flateStream(gids));
    ctx.assign(this.toUnicodeRef, ctx.flateStream(toUnicodeCMap(this.chars)));
  }
}

function utf16Hex(text: string): string {
  let hex = "";
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, "0");
  return hex;
}

/** A ToUnicode CMap giving each CID (index into chars, from 1) its character. */
export function toUnicodeCMap(chars: readonly string[]): string {
  const lines = [
    "/CIDInit /ProcSet findresource begin",
    "12 dict begin",
    "begincmap",
    "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
    "/CMapName /Adobe-Identity-UCS def",
    "/CMapType 2 def",
    "1 begincodespacerange",
    "<0000> <FFFF>",
    "endcodespacerange",
  ];
  // A CMap block holds at most 100 entries.
  for (let start = 1; start < chars.length; start += 100) {
    const end = Math.min(chars.length, start + 100);
    lines.push(`${end - start} beginbfchar`);
    for (let cid = start; cid < end; cid++) lines.push(`<${cid.toString(16).padStart(4, "0")}> <${utf16Hex(chars[cid])}>`);
    lines.push("endbfchar");
  }
  lines.push("endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end");
  return lines.join("\n");
}

/** Which way a character runs, for the little of the bidi algorithm a single word needs. */
const RTL_LETTER = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Mende_Kikakui}]/u;
const LETTER = /\p{L}/u;
const DIGIT = /\p{Nd}/u;
const MARK = /\p{M}/u;
// Invisible in text and harmful to search (a soft hyphen inside a word); the joiners and variation
// selectors stay: they change Persian and emoji (❤️ is U+2764 U+FE0F), and a search typed with them must find them.
const IGNORABLE = /[\p{Default_Ignorable_Code_Point}\p{Cc}]/u;
const JOINER = /[\u200c\u200d\ufe00-\ufe0f\u{e0100}-\u{e01ef}]/u;

function isRtl(ch: string): boolean {
  return RTL_LETTER.test(ch) && LETTER.test(ch);
}

/**
 * The characters of one word in the order they are drawn, left to right. Text extractors (pdftotext,
 * PDFBox, the search of PDF viewers) read right-to-left scripts from glyphs laid out as they are
 * seen and turn them back into reading order, as they do for any PDF made from Arabic or Hebrew
 * text; a word written in reading order came out backwards. Numbers and Latin within such a word
 * keep their own order, as they are seen.
 *
 * The extractors turn a right-to-left stretch back one character at a time, combining marks
 * included, so in the invisible layer a mark (tanwin, shadda, a Hebrew point) is drawn before its
 * letter: kept after it, "شكراً" came out as "شكرًا" and "שָׁלוֹם" as "ָׁשלֹום", and neither was found.
 * The layer's glyphs are blank and all as wide, so nothing shows of the order. The record sheet,
 * where the glyphs are seen, keeps each mark after its letter (keepMarksOnLetters).
 */
export function layerCharacters(word: string, keepMarksOnLetters = false): string[] {
  const chars = emojiWhole([...word.normalize("NFC")].filter((ch) => {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) return false;
    return !IGNORABLE.test(ch) || JOINER.test(ch);
  }));
  const firstStrong = chars.find((ch) => LETTER.test(ch));
  if (!firstStrong || !chars.some(isRtl)) return chars;
  const runsLeftToRight = (ch: string) => (LETTER.test(ch) && !isRtl(ch)) || DIGIT.test(ch);
  // Runs of left-to-right characters (a mark belongs to the character before it).
  const runs: Array<{ ltr: boolean; chars: string[] }> = [];
  for (const ch of chars) {
    const last = runs[runs.length - 1];
    // An emoji sequence's variation selector is a mark too, but it is not one standing alone.
    const ltr = last && MARK.test(ch[0]!) ? last.ltr : runsLeftToRight(ch);
    if (last && last.ltr === ltr) last.chars.push(ch);
    else runs.push({ ltr, chars: [ch] });
  }
  const turn = keepMarksOnLetters ? reverseClusters : (run: string[]) => [...run].reverse();
  const visual = (run: { ltr: boolean; chars: string[] }) => (run.ltr ? run.chars : turn(run.chars));
  if (isRtl(firstStrong)) return runs.reverse().flatMap(visual);
  return runs.flatMap(visual);
}

// A keycap (1️⃣: a digit, U+FE0F, U+20E3) is one too: split, its digit was turned with the Arabic around it.
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}]|^[0-9#*]\ufe0f?\u20e3$/u;
const emojiSegmenter = new Intl.Segmenter("sv", { granularity: "grapheme" });

/**
 * The characters with each emoji sequence as one entry, so it is one glyph in the layer mapped to
 * the whole sequence: a flag (two regional indicators), a family joined by U+200D, ❤️ with its
 * variation selector. A reader selecting or copying it cannot take half of it.
 */
function emojiWhole(chars: string[]): string[] {
  const out: string[] = [];
  for (const { segment } of emojiSegmenter.segment(chars.join(""))) {
    const cps = [...segment];
    if (cps.length > 1 && (EMOJI.test(cps[0]!) || EMOJI.test(segment))) out.push(segment);
    else out.push(...cps);
  }
  return out;
}

/** Whether the text has a right-to-left letter (Arabic, Hebrew, …). */
export function hasRightToLeft(text: string): boolean {
  return [...text].some(isRtl);
}

/**
 * Whether the text has a character a browser lays out left to right: a letter (Latin, Cyrillic, …) or
 * a flag, whose regional indicators are left-to-right characters to Unicode's bidi (not to pdftotext).
 */
export function hasLeftToRight(text: string): boolean {
  return [...text].some((ch) => (LETTER.test(ch) && !isRtl(ch)) || /\p{Regional_Indicator}/u.test(ch));
}

/**
 * Whether pdftotext will read the page's lines that have no letters of their own (a post of a flag
 * alone) right to left: it takes them the way most of the page's letters go. `more` is the letters drawn
 * beside the words (the footer's).
 */
export function readsRightToLeft(texts: readonly string[], more = ""): boolean {
  let rtl = 0;
  let ltr = 0;
  for (const ch of [...texts.join(""), ...more]) {
    if (isRtl(ch)) rtl++;
    else if (LETTER.test(ch)) ltr++;
  }
  return rtl > ltr;
}

/** Left-to-right mark: invisible, and a left-to-right letter to the extractors' bidi. */
const LRM = "\u200e";

/**
 * A word's drawn characters on a line with right-to-left text, each emoji fenced off as a
 * left-to-right island (RLM LRM emoji LRM RLM). pdftotext and PDFBox turn a right-to-left stretch back
 * one code point (PDFBox: one UTF-16 unit) at a time, and an emoji between Arabic words is part of
 * that stretch: 🇸🇪 came out 🇪🇸, 👨‍👩‍👧 as 👧‍👩‍👨, ❤️ with its selector first, and PDFBox broke
 * every emoji beyond U+FFFF into "??". Between left-to-right marks an emoji is never turned; the
 * right-to-left marks outside keep the stretch (and the line's direction) right to left around it.
 */
export function isolateEmoji(chars: readonly string[]): string[] {
  return chars.flatMap((ch) => (EMOJI.test(ch) ? [RLM, LRM, ch, LRM, RLM] : [ch]));
}

/**
 * A word's drawn characters on a line of flags with no letters, on a page pdftotext reads right to
 * left: each emoji between left-to-right marks only. The browser lays flags out left to right (their
 * regional indicators are left-to-right characters), and pdftotext, which does not know them as such,
 * took the line the page's way and turned it: "🇸🇪 🇫🇮" came out "🇮🇫 🇪🇸", and fenced as on a line
 * with Arabic, "🇫🇮 🇸🇪".
 */
export function leftToRightEmoji(chars: readonly string[]): string[] {
  return chars.flatMap((ch) => (EMOJI.test(ch) ? [LRM, ch, LRM] : [ch]));
}

/** Right-to-left mark: invisible, and a right-to-left letter to the extractors' bidi. */
const RLM = "\u200f";

/**
 * A right-to-left word's drawn characters as they open a stretch of right-to-left text on a line of
 * the invisible layer (`before`: the characters drawn just before it on the line, or none). Drawn
 * first, a mark (the tanwin ending "جزيلاً") stood where the extractors had not yet seen a
 * right-to-left letter: pdftotext on a mostly Swedish page, and PDFBox in a line that starts in
 * Swedish, kept it in front of the stretch ("ًشكراً جزيلا"). A right-to-left mark drawn before it
 * opens the stretch there, and extractors give it back after the stretch's last word. The space
 * between keeps it out of that word: a search index takes a word up to a space, and "جزيلاً" with
 * an invisible character stuck to it would not be found by "جزيلاً" typed.
 */
export function openStretch(chars: string[], before: readonly string[]): string[] {
  if (!chars.length || !MARK.test(chars[0]!) || !chars.some(isRtl)) return chars;
  const last = before[before.length - 1];
  if (last !== undefined && (isRtl(last) || MARK.test(last))) return chars;
  return [RLM, " ", ...chars];
}

/**
 * A line of the record sheet (Swedish, read left to right) in the order its characters are drawn:
 * each stretch of right-to-left text in it (an account named in Arabic) turned as layerCharacters
 * turns a word, spaces between its words included, so that it reads right to left on the sheet and
 * extractors give it back in reading order. The rest of the line is as written. A combining mark
 * stays after its letter: the sheet's font draws it over the glyph before it, and drawn first it
 * sat on the wrong letter (so extractors give such a mark before its letter; see README).
 */
export function visualLine(line: string, has?: (cp: number) => boolean): string {
  const chars = [...line];
  const strongLtr = (ch: string) => LETTER.test(ch) && !isRtl(ch);
  let out = "";
  for (let i = 0; i < chars.length;) {
    if (!isRtl(chars[i]!)) { out += chars[i++]; continue; }
    // The stretch runs to its last right-to-left letter before the next left-to-right one, and to the
    // bracket that closes one opened in it ("بلدية أوفركاليكس (العربية)"): left out, it stood after
    // the turned stretch, and the one that opened stood on the wrong side of its word.
    let end = i;
    let open = 0;
    for (let j = i; j < chars.length && !strongLtr(chars[j]!); j++) {
      const ch = chars[j]!;
      if (OPENING.has(ch)) open++;
      if (CLOSING.has(ch) && open > 0) { open--; end = j; }
      else if (isRtl(ch) || (MARK.test(ch) && j === end + 1)) end = j;
    }
    const stretch = chars.slice(i, end + 1);
    // Joined as written (see arabic-forms.ts) where the font has the forms, then turned, each bracket
    // mirrored as a browser draws it in right-to-left text.
    const turned = layerCharacters((has ? joinedForms(stretch, has) : stretch).join(""), true);
    out += turned.map((ch) => MIRRORED[ch] ?? ch).join("");
    i = end + 1;
  }
  return out;
}

const MIRRORED: Record<string, string> = { "(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«", "<": ">", ">": "<" };
const OPENING = new Set(["(", "[", "{", "«"]);
const CLOSING = new Set([")", "]", "}", "»"]);

/** Reverses characters, keeping each combining mark after its base, where a visible font draws it. */
function reverseClusters(chars: string[]): string[] {
  const clusters: string[][] = [];
  for (const ch of chars) {
    if (MARK.test(ch) && clusters.length) clusters[clusters.length - 1].push(ch);
    else clusters.push([ch]);
  }
  return clusters.reverse().flat();
}

// ---------------------------------------------------------------------------------------------
// The TrueType program: the tables a font parser (and PDFBox's PDF/A validator) reads, no more.

function buildTrueType(): Uint8Array {
  const { glyf, loca } = glyphTables();
  const tables: Record<string, Buffer> = {
    "OS/2": os2Table(),
    cmap: cmapTable(),
    glyf,
    head: headTable(),
    hhea: hheaTable(),
    hmtx: hmtxTable(),
    loca,
    maxp: maxpTable(),
    name: nameTable(),
    post: postTable(),
  };

  const tags = Object.keys(tables).sort();
  const numTables = tags.length;
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const header = Buffer.alloc(12 + 16 * numTables);
  header.writeUInt32BE(0x00010000, 0);
  header.writeUInt16BE(numTables, 4);
  header.writeUInt16BE(searchRange, 6);
  header.writeUInt16BE(entrySelector, 8);
  header.writeUInt16BE(numTables * 16 - searchRange, 10);
  const bodies: Buffer[] = [];
  let offset = header.length;
  let headOffset = 0;
  tags.forEach((tag, i) => {
    const data = tables[tag];
    const padded = Buffer.concat([data, Buffer.alloc((4 - (data.length % 4)) % 4)]);
    const rec = 12 + 16 * i;
    header.write(tag.padEnd(4, " "), rec, "latin1");
    header.writeUInt32BE(checksum(padded), rec + 4);
    header.writeUInt32BE(offset, rec + 8);
    header.writeUInt32BE(data.length, rec + 12);
    if (tag === "head") headOffset = offset;
    bodies.push(padded);
    offset += padded.length;
  });
  const font = Buffer.concat([header, ...bodies]);
  font.writeUInt32BE((0xb1b0afba - checksum(font)) >>> 0, headOffset + 8);
  return new Uint8Array(font);
}

function checksum(data: Buffer): number {
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) {
    const word = ((data[i] << 24) | ((data[i + 1] ?? 0) << 16) | ((data[i + 2] ?? 0) << 8) | (data[i + 3] ?? 0)) >>> 0;
    sum = (sum + word) >>> 0;
  }
  return sum;
}

/** .notdef is a box outline (as fonts should have one); glyph 1 is blank. */
function glyphTables(): { glyf: Buffer; loca: Buffer } {
  const box = [[50, 0], [50, 700], [450, 700], [450, 0]];
  const g = Buffer.alloc(10 + 2 + 2 + box.length + box.length * 4);
  let o = 0;
  g.writeInt16BE(1, o); o += 2; // one contour
  g.writeInt16BE(50, o); o += 2;
  g.writeInt16BE(0, o); o += 2;
  g.writeInt16BE(450, o); o += 2;
  g.writeInt16BE(700, o); o += 2;
  g.writeUInt16BE(box.length - 1, o); o += 2; // last point of the contour
  g.writeUInt16BE(0, o); o += 2; // no instructions
  for (let i = 0; i < box.length; i++) g[o++] = 0x01; // on the curve, coordinates as 16-bit deltas
  let prev = 0;
  for (const [x] of box) { g.writeInt16BE(x - prev, o); o += 2; prev = x; }
  prev = 0;
  for (const [, y] of box) { g.writeInt16BE(y - prev, o); o += 2; prev = y; }
  const glyf = Buffer.concat([g, Buffer.alloc(g.length % 2)]);
  // Short offsets (half the byte offset): .notdef at 0, the blank glyph is empty.
  const loca = Buffer.alloc(6);
  loca.writeUInt16BE(0, 0);
  loca.writeUInt16BE(glyf.length / 2, 2);
  loca.writeUInt16BE(glyf.length / 2, 4);
  return { glyf, loca };
}

function headTable(): Buffer {
  const b = Buffer.alloc(54);
  b.writeUInt32BE(0x00010000, 0);
  b.writeUInt32BE(0x00010000, 4);
  // 8: checkSumAdjustment, filled in last.
  b.writeUInt32BE(0x5f0f3cf5, 12);
  b.writeUInt16BE(0x000b, 16);
  b.writeUInt16BE(UNITS_PER_EM, 18);
  // 20, 28: created and modified, seconds since 1904; fixed so the bytes never change.
  const stamp = 3_786_912_000; // 2024-01-01
  b.writeUInt32BE(stamp, 24);
  b.writeUInt32BE(stamp, 32);
  b.writeInt16BE(0, 36);
  b.writeInt16BE(DESCENT, 38);
  b.writeInt16BE(ADVANCE, 40);
  b.writeInt16BE(ASCENT, 42);
  b.writeUInt16BE(0, 44);
  b.writeUInt16BE(8, 46);
  b.writeInt16BE(2, 48);
  b.writeInt16BE(0, 50); // short loca offsets
  b.writeInt16BE(0, 52);
  return b;
}

function hheaTable(): Buffer {
  const b = Buffer.alloc(36);
  b.writeUInt32BE(0x00010000, 0);
  b.writeInt16BE(ASCENT, 4);
  b.writeInt16BE(DESCENT, 6);
  b.writeInt16BE(0, 8);
  b.writeUInt16BE(ADVANCE, 10);
  b.writeInt16BE(0, 12);
  b.writeInt16BE(0, 14);
  b.writeInt16BE(450, 16);
  b.writeInt16BE(1, 18);
  b.writeInt16BE(0, 20);
  b.writeInt16BE(0, 22);
  b.writeInt16BE(0, 32); // metricDataFormat
  b.writeUInt16BE(2, 34); // numberOfHMetrics
  return b;
}

function hmtxTable(): Buffer {
  const b = Buffer.alloc(8);
  b.writeUInt16BE(ADVANCE, 0);
  b.writeInt16BE(50, 2);
  b.writeUInt16BE(ADVANCE, 4);
  b.writeInt16BE(0, 6);
  return b;
}

function maxpTable(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(0x00010000, 0);
  b.writeUInt16BE(2, 4); // numGlyphs
  b.writeUInt16BE(4, 6); // maxPoints
  b.writeUInt16BE(1, 8); // maxContours
  b.writeUInt16BE(2, 14); // maxZones
  return b;
}

/** One format 4 subtable mapping the space to the blank glyph; the PDF maps codes by CIDToGIDMap. */
function cmapTable(): Buffer {
  const segments = [{ start: 0x20, end: 0x20, delta: 1 - 0x20 }, { start: 0xffff, end: 0xffff, delta: 1 }];
  const segX2 = segments.length * 2;
  const sub = Buffer.alloc(16 + segments.length * 8);
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segments.length));
  sub.writeUInt16BE(4, 0);
  sub.writeUInt16BE(sub.length, 2);
  sub.writeUInt16BE(0, 4);
  sub.writeUInt16BE(segX2, 6);
  sub.writeUInt16BE(searchRange, 8);
  sub.writeUInt16BE(Math.log2(searchRange / 2), 10);
  sub.writeUInt16BE(segX2 - searchRange, 12);
  let o = 14;
  for (const s of segments) { sub.writeUInt16BE(s.end, o); o += 2; }
  sub.writeUInt16BE(0, o); o += 2;
  for (const s of segments) { sub.writeUInt16BE(s.start, o); o += 2; }
  for (const s of segments) { sub.writeUInt16BE((s.delta + 0x10000) & 0xffff, o); o += 2; }
  for (let i = 0; i < segments.length; i++) { sub.writeUInt16BE(0, o); o += 2; }
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(1, 2);
  head.writeUInt16BE(3, 4);
  head.writeUInt16BE(1, 6);
  head.writeUInt32BE(12, 8);
  return Buffer.concat([head, sub]);
}

function nameTable(): Buffer {
  const names: Array<[number, string]> = [
    [1, NAME], [2, "Regular"], [3, `${NAME} 1.0`], [4, NAME], [5, "Version 1.0"], [6, NAME],
  ];
  const strings = names.map(([, s]) => Buffer.from(s, "utf16le").swap16());
  const head = Buffer.alloc(6 + 12 * names.length);
  head.writeUInt16BE(0, 0);
  head.writeUInt16BE(names.length, 2);
  head.writeUInt16BE(head.length, 4);
  let offset = 0;
  names.forEach(([id], i) => {
    const r = 6 + 12 * i;
    head.writeUInt16BE(3, r);
    head.writeUInt16BE(1, r + 2);
    head.writeUInt16BE(0x409, r + 4);
    head.writeUInt16BE(id, r + 6);
    head.writeUInt16BE(strings[i].length, r + 8);
    head.writeUInt16BE(offset, r + 10);
    offset += strings[i].length;
  });
  return Buffer.concat([head, ...strings]);
}

function os2Table(): Buffer {
  const b = Buffer.alloc(86);
  b.writeUInt16BE(1, 0); // version
  b.writeInt16BE(ADVANCE, 2); // xAvgCharWidth
  b.writeUInt16BE(400, 4); // weight
  b.writeUInt16BE(5, 6); // width
  b.writeUInt16BE(0, 8); // fsType: installable, embedding allowed
  b.writeInt16BE(650, 10); b.writeInt16BE(600, 12); b.writeInt16BE(0, 14); b.writeInt16BE(75, 16); // subscript
  b.writeInt16BE(650, 18); b.writeInt16BE(600, 20); b.writeInt16BE(0, 22); b.writeInt16BE(350, 24); // superscript
  b.writeInt16BE(50, 26); b.writeInt16BE(250, 28); // strikeout
  b.writeInt16BE(0, 30); // family class
  // 32..41: PANOSE, 42..57: Unicode ranges, all zero.
  b.write("SMRK", 58, "latin1");
  b.writeUInt16BE(0x40, 62); // fsSelection: regular
  b.writeUInt16BE(0x20, 64);
  b.writeUInt16BE(0x20, 66);
  b.writeInt16BE(ASCENT, 68);
  b.writeInt16BE(DESCENT, 70);
  b.writeInt16BE(0, 72);
  b.writeUInt16BE(ASCENT, 74);
  b.writeUInt16BE(-DESCENT, 76);
  b.writeUInt32BE(1, 78); // code page: Latin 1
  return b;
}

function postTable(): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32BE(0x00030000, 0);
  b.writeInt16BE(-100, 8);
  b.writeInt16BE(50, 10);
  b.writeUInt32BE(1, 12); // fixed pitch
  return b;
}

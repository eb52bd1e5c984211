import type { WordBox } from "../capture/types.ts";

/**
 * One CSS pixel is 0.75 pt (CSS reference pixel: 96 px per inch, PDF: 72 pt per inch).
 * At this scale a viewer at 100 % zoom shows the snapshot at the size the browser showed
 * it, so text in the image stays as readable as it was on screen.
 */
export const PT_PER_CSS_PX = 0.75;

/** A4 proportions (height / width), so snapshot pages print well scaled to A4. */
export const A4_RATIO = 842 / 595;

/**
 * The tallest tile, in CSS px. A PDF page may be at most 14,400 pt on a side (ISO 32000-1, annex C;
 * PDF/A checkers hold to it): a page 16,000 px wide (the widest capture takes) would otherwise be
 * 17,000 pt tall, and a last tile merged into the one before adds an eighth: 16,000 px is 12,000 pt,
 * 13,500 pt merged.
 */
export const MAX_TILE_PX = 16_000;

/** A band of the screenshot as the tiler sees it: where it starts and how tall it is, in CSS px. */
export interface BandSpan {
  top: number;
  height: number;
}

/** The part of one band shown on one PDF page. */
export interface TilePiece {
  band: number;
  /** CSS px of the full page covered by this piece: [from, to). */
  from: number;
  to: number;
}

/** One snapshot page of the PDF: the part [top, bottom) of the full page, in CSS px. */
export interface Tile {
  top: number;
  bottom: number;
  pieces: TilePiece[];
}

export interface TilingOptions {
  /** Height of one full tile in CSS px; defaults to A4 proportions of the page width. */
  tileHeight?: number;
  /**
   * A last tile shorter than this (CSS px) is merged into the one before it, so the record
   * does not end with a sliver of a page. The merged page is taller, never cut.
   */
  minLastTile?: number;
  /**
   * The words on the page (CSS px of the full page). Each page's foot is moved up, a little, to
   * where it cuts through none of them, so no line of text is split between two pages.
   */
  words?: readonly WordBox[];
}

/**
 * How far above a full page's height a page's foot may move to pass between lines, as a share of
 * the page's height: a page is never shorter than seven eighths of a full one (the last excepted).
 */
const CUT_REACH = 1 / 8;

/**
 * How far (CSS px) a word's box may reach past a cut without being cut by it: a box's edge is the
 * line's spacing above and below the letters, and boxes measured in fractions of a pixel meet
 * between whole pixels, where a cut stands.
 */
const WORD_EDGE_PX = 1;

/**
 * Decides how the full-page screenshot is laid over PDF pages. Tiles follow each other
 * with no gap and no overlap, so nothing is lost or repeated at the seams; every tile
 * boundary is a whole CSS pixel so image rows are never split between two pages. Given the
 * words, a page ends between two lines (pageFoot), never longer than a full page.
 */
export function tileSnapshot(pageWidth: number, bands: BandSpan[], options: TilingOptions = {}): Tile[] {
  if (bands.length === 0) return [];
  const ordered = bands.map((b, i) => ({ ...b, index: i })).sort((a, b) => a.top - b.top);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1];
    if (Math.abs(prev.top + prev.height - ordered[i].top) > 0.5) {
      throw new Error(
        `The screenshot bands do not follow each other: one ends at ${prev.top + prev.height} px, the next starts at ${ordered[i].top} px.`,
      );
    }
  }
  const start = ordered[0].top;
  const end = ordered[ordered.length - 1].top + ordered[ordered.length - 1].height;
  const tileHeight = Math.max(1, Math.round(options.tileHeight ?? Math.min(pageWidth * A4_RATIO, MAX_TILE_PX)));
  const minLast = options.minLastTile ?? Math.round(tileHeight / 8);

  const words = (options.words ?? []).filter((w) => w.height > 0 && w.width > 0);
  const reach = Math.floor(tileHeight * CUT_REACH);
  const cuts: number[] = [start];
  let y = start;
  while (end - y > tileHeight) {
    const ideal = Math.round(y + tileHeight);
    y = pageFoot(ideal, Math.max(Math.floor(y) + 1, ideal - reach), Math.min(Math.floor(end), ideal + reach), words);
    cuts.push(y);
  }
  cuts.push(end);
  if (cuts.length > 2 && cuts[cuts.length - 1] - cuts[cuts.length - 2] < minLast) {
    cuts.splice(cuts.length - 2, 1);
  }

  const tiles: Tile[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const top = cuts[i];
    const bottom = cuts[i + 1];
    const pieces: TilePiece[] = [];
    for (const b of ordered) {
      const from = Math.max(top, b.top);
      const to = Math.min(bottom, b.top + b.height);
      if (to > from) pieces.push({ band: b.index, from, to });
    }
    tiles.push({ top, bottom, pieces });
  }
  return tiles;
}

/**
 * Where a page that would end at `ideal` ends: at a whole pixel from `highest` to `ideal` that cuts
 * through no word, in the tallest space between words there (a gap between paragraphs or posts
 * before one between two lines), at its foot, so the page is as full as it can be; a gap holding
 * `ideal` itself (a picture with no words, a blank stretch) is cut at `ideal`. Gaps are measured
 * down to `lowest`, past the ideal, so one the ideal falls in counts at its whole height. Where
 * every place cuts through words (dense text whose lines overlap, a picture with text over it),
 * the page ends where the least of them is cut off, nearest the ideal.
 */
function pageFoot(ideal: number, highest: number, lowest: number, words: readonly WordBox[]): number {
  if (highest >= ideal) return ideal;
  // cutOff[i]: how much of words, beyond their edges, a cut at highest + i leaves on the smaller side,
  // squared: a pixel off each of two overlapping lines is better than two off one of them.
  const cutOff = new Float64Array(Math.max(lowest, ideal) - highest + 1);
  for (const w of words) {
    const top = w.y + WORD_EDGE_PX;
    const bottom = w.y + w.height - WORD_EDGE_PX;
    if (bottom <= highest || top >= lowest) continue;
    for (let at = Math.max(highest, Math.floor(top) + 1); at < Math.min(bottom, lowest + 1); at++) {
      cutOff[at - highest] += Math.min(at - top, bottom - at) ** 2;
    }
  }

  let best: { foot: number; height: number } | null = null;
  for (let i = 0; i < cutOff.length && highest + i <= ideal; ) {
    if (cutOff[i] > 0) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < cutOff.length && cutOff[j + 1] === 0) j++;
    // A gap's foot, where the next word's edge begins, is a pixel above it: where two boxes meet.
    const foot = highest + j >= ideal ? ideal : Math.max(highest + i, highest + j - WORD_EDGE_PX);
    const gap = { foot, height: j - i + 1 };
    // The later of two gaps alike is nearer the ideal.
    if (!best || gap.height >= best.height) best = gap;
    i = j + 1;
  }
  if (best) return best.foot;

  let foot = ideal;
  for (let at = ideal - 1; at >= highest; at--) if (cutOff[at - highest] < cutOff[foot - highest]) foot = at;
  return foot;
}

/**
 * The tile that shows most of a word's box (a word crossing a seam goes where most of it
 * stands), or -1 when the word is outside the snapshot.
 */
export function tileForWord(tiles: Tile[], word: WordBox): number {
  let best = -1;
  let bestOverlap = 0;
  const top = word.y;
  const bottom = word.y + Math.max(word.height, 0);
  for (let i = 0; i < tiles.length; i++) {
    const overlap = Math.min(bottom, tiles[i].bottom) - Math.max(top, tiles[i].top);
    if (overlap > bestOverlap) {
      best = i;
      bestOverlap = overlap;
    }
  }
  if (best === -1 && word.height <= 0) {
    // A zero-height box still has a place: the tile its top stands in.
    best = tiles.findIndex((t) => top >= t.top && top < t.bottom);
  }
  return best;
}

/** Font metrics the text layer needs, in units of the font size (em). */
export interface LayerFontMetrics {
  ascent: number;
  /** Negative: below the baseline. */
  descent: number;
}

/** Where and how big one invisible word is set on its page, in PDF points (origin bottom-left). */
export interface WordPlacement {
  x: number;
  baseline: number;
  fontSize: number;
  /** Horizontal scaling (Tz) in percent, so the word's width matches its box. */
  horizontalScale: number;
  /**
   * A word set down its box (vertical writing): the text runs downward from (x, baseline), with x
   * the baseline's place across the box and `baseline` the top of the word.
   */
  down?: true;
}

/**
 * Places a word so that its glyph box (ascent to descent, advance width) covers the box the
 * word has in the image. The box is kept inside the page so text viewers do not drop it: a word
 * cut by the page's edge (a line crossing a seam) covers the part of it this page shows, where it
 * stands, and is not moved up over the line above it. naturalWidth is the word's advance width at font size 1.
 */
export function placeWord(
  word: WordBox,
  tile: Tile,
  pageWidthPt: number,
  metrics: LayerFontMetrics,
  naturalWidth: number,
  scale = PT_PER_CSS_PX,
): WordPlacement | null {
  if (!(word.width > 0) || !(word.height > 0) || !(naturalWidth > 0)) return null;
  const pageHeightPt = (tile.bottom - tile.top) * scale;
  const em = metrics.ascent - metrics.descent;
  // Vertical writing: set as one run down the box, glyphs turned a quarter clockwise as the browser
  // draws them. Squeezed into the box's narrow width the letters overlapped, and extractors dropped
  // repeated ones ("Komunfläktige").
  if (word.vertical) {
    let topPt = (word.y - tile.top) * scale;
    let lengthPt = word.height * scale;
    if (topPt < 0) { lengthPt += topPt; topPt = 0; }
    lengthPt = Math.min(lengthPt, pageHeightPt - topPt);
    const leftPt = Math.max(0, word.x * scale);
    const acrossPt = Math.min(word.width * scale, pageWidthPt - leftPt);
    if (!(lengthPt > 0) || !(acrossPt > 0)) return null;
    const fontSize = acrossPt / em;
    return { x: leftPt - metrics.descent * fontSize, baseline: pageHeightPt - topPt, fontSize, horizontalScale: (100 * lengthPt) / (naturalWidth * fontSize), down: true };
  }
  let topPt = (word.y - tile.top) * scale;
  let heightPt = word.height * scale;
  if (topPt < 0) {
    heightPt += topPt;
    topPt = 0;
  }
  heightPt = Math.min(heightPt, pageHeightPt - topPt);
  if (!(heightPt > 0)) return null;
  const fontSize = heightPt / em;
  const bottomPt = pageHeightPt - topPt - heightPt;
  const baseline = bottomPt - metrics.descent * fontSize;
  let x = word.x * scale;
  let widthPt = word.width * scale;
  if (x < 0) {
    widthPt += x;
    x = 0;
  }
  if (x + widthPt > pageWidthPt) widthPt = pageWidthPt - x;
  if (!(widthPt > 0)) return null;
  const horizontalScale = (100 * widthPt) / (naturalWidth * fontSize);
  return { x, baseline, fontSize, horizontalScale };
}

/**
 * The box of the space between a word and the next one, when the next stands on the same line
 * beside it (to its right, or to its left in a right-to-left line); null when it does not (a new
 * line, a new column, the end of a block).
 */
export function spaceBetween(word: WordBox, next: WordBox | undefined): WordBox | null {
  if (!next || word.vertical || next.vertical) return null;
  const height = Math.min(word.height, next.height);
  if (!(height > 0) || Math.abs(word.y + word.height - (next.y + next.height)) > height * 0.5) return null;
  if (Math.max(word.height, next.height) > height * 2) return null;
  const rightToLeft = next.x + next.width <= word.x + 1;
  const left = rightToLeft ? next.x + next.width : word.x + word.width;
  const right = rightToLeft ? word.x : next.x;
  const gap = right - left;
  // Wider than three line heights is a column or a table cell, not a space.
  if (gap < 0.5 || gap > height * 3) return null;
  return { text: " ", x: left, y: word.y, width: gap, height: word.height };
}

/**
 * A tile's words in the order they are drawn: each line's words from left to right as they stand,
 * lines in reading order. PDFBox (and Apache Tika with it) takes a line's characters in the order
 * they are drawn and turns a right-to-left line back as one string; drawn first word first (the
 * rightmost), a right-to-left line came out with its words in reverse order. A line is a run of
 * words the capture gives one after the other, each beside the last (spaceBetween).
 */
export function drawingOrder(words: readonly WordBox[]): WordBox[] {
  return drawingLines(words).flat();
}

/** The lines of drawingOrder, each its words from left to right. */
export function drawingLines(words: readonly WordBox[]): WordBox[][] {
  const out: WordBox[][] = [];
  let line: WordBox[] = [];
  words.forEach((word, i) => {
    line.push(word);
    if (spaceBetween(word, words[i + 1])) return;
    out.push(line.sort((a, b) => a.x - b.x));
    line = [];
  });
  return out;
}

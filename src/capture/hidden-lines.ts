/**
 * Whether a box fixed over the page hides the page's words, judged line by line: in Node and in the
 * page alike (the page runs this same source, as it does the consent labels' key).
 *
 * A box that covers only the left part of a page's first lines (an age question of 700 × 500 px over
 * a long paragraph) holds the middle of no paragraph: a look at each element's middle found nothing
 * under it, and the record said "Anmärkningar inga" over words nobody can read. Each piece of a line
 * the box covers is looked at instead.
 *
 * `box` is the box's rectangle on the first screen; `lines` the pieces of the page's lines there
 * (one rectangle per line of each text, as the browser lays it out); `lies(line, x, y)` answers, for
 * a point on a line, "over" where the box is drawn over the words there, "under" where the words are
 * drawn over the box (a background behind the page), and null where neither is hit there.
 */
export const HIDES_LINES = String.raw`(box, lines, lies) => {
  // A piece of a word is no hidden line: an edge grazing a line, a chat button or a badge of a few
  // dozen pixels in a corner hides a letter or two, not what the line says. Several words are.
  const WORDS_WIDE = 64;
  let over = 0, under = 0;
  for (const line of lines) {
    const middle = (line.top + line.bottom) / 2;
    if (middle < box.top || middle > box.bottom) continue;
    const left = Math.max(line.left, box.left), right = Math.min(line.right, box.right);
    const whole = left <= line.left + 1 && right >= line.right - 1;
    if (right - left <= 0 || (right - left < WORDS_WIDE && !whole)) continue;
    const said = lies(line, (left + right) / 2, middle);
    if (said === "over") over++;
    else if (said === "under") under++;
    // Behind one line of the page is behind the page: a fixed background, a tint under the text.
    if (under) return "under";
  }
  return over ? "over" : "none";
}`;

export type LineRect = { left: number; top: number; right: number; bottom: number };

/** HIDES_LINES in Node, for its tests. */
export const hidesLines = new Function(`return ${HIDES_LINES}`)() as <L extends LineRect>(
  box: LineRect,
  lines: L[],
  lies: (line: L, x: number, y: number) => "over" | "under" | null,
) => "over" | "under" | "none";

/**
 * Line breaking for the record sheet. Long values without spaces (URLs, SHA-256 sums)
 * are broken between characters, preferring a break after a URL separator, so nothing is
 * cut off at the page edge.
 */
export type Measure = (text: string) => number;

const URL_BREAK_AFTER = new Set(["/", "?", "&", "=", "-", "_", ".", ",", ";", ":", "#"]);

function breakLongWord(word: string, maxWidth: number, measure: Measure): string[] {
  const pieces: string[] = [];
  let rest = word;
  while (rest.length > 0 && measure(rest) > maxWidth) {
    let fit = 1;
    while (fit < rest.length && measure(rest.slice(0, fit + 1)) <= maxWidth) fit++;
    let cut = fit;
    // Prefer a separator in the last third of the line, so URLs break where a reader expects.
    for (let i = fit; i > Math.floor((fit * 2) / 3); i--) {
      if (URL_BREAK_AFTER.has(rest[i - 1])) {
        cut = i;
        break;
      }
    }
    pieces.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest.length > 0) pieces.push(rest);
  return pieces;
}

/**
 * A heading's lines without a short word left alone on the last ("… på Instagram 2026" / "H1"): the
 * word before it goes down with it, when both fit there. The words themselves are as written.
 */
export function keepLastWordCompany(lines: string[], maxWidth: number, measure: Measure): string[] {
  if (lines.length < 2) return lines;
  const last = lines[lines.length - 1]!;
  const before = lines[lines.length - 2]!;
  const cut = before.lastIndexOf(" ");
  if (last.includes(" ") || last.length > 4 || cut < 0) return lines;
  const joined = `${before.slice(cut + 1)} ${last}`;
  if (measure(joined) > maxWidth) return lines;
  return [...lines.slice(0, -2), before.slice(0, cut), joined];
}

/** Wraps text into lines no wider than maxWidth; explicit newlines are kept. */
export function wrapText(text: string, maxWidth: number, measure: Measure): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    const words = paragraph.split(/ +/).filter((w) => w.length > 0);
    if (words.length === 0) {
      lines.push("");
      continue;
    }
    let line = "";
    for (const word of words) {
      const candidate = line ? `${line} ${word}` : word;
      if (measure(candidate) <= maxWidth) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      if (measure(word) <= maxWidth) {
        line = word;
      } else {
        const pieces = breakLongWord(word, maxWidth, measure);
        lines.push(...pieces.slice(0, -1));
        line = pieces[pieces.length - 1] ?? "";
      }
    }
    lines.push(line);
  }
  return lines;
}

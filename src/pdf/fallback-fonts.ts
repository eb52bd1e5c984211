/**
 * Fonts for the record sheet's characters that DejaVu Sans lacks: an account named in Tigrinya
 * (Ge'ez), Thai, Chinese. The machine's own fonts are asked (fontconfig), and a Noto Sans font that
 * covers the character is taken, as the browser took one to draw the page; it is embedded as a
 * subset like DejaVu Sans. Where none covers it, the sheet names the code point (see printable).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** Which installed font file draws this code point, bold or regular; null when none does. */
const chosen = new Map<string, string | null>();

export function fallbackFontFile(cp: number, bold: boolean): string | null {
  const key = `${cp}:${bold}`;
  if (!chosen.has(key)) chosen.set(key, pickFont(fontsCovering(cp), bold));
  return chosen.get(key)!;
}

function fontsCovering(cp: number): string[] {
  try {
    const out = execFileSync("fc-list", [`:charset=${cp.toString(16)}`, "file"], { encoding: "utf8", timeout: 10_000 });
    return out.split("\n").map((l) => l.replace(/:\s*$/, "").trim()).filter(Boolean);
  } catch {
    // No fontconfig on the machine: the sheet names the code point, as it did before.
    return [];
  }
}

/**
 * A plain sans-serif TrueType font (Noto Sans <script>, as the sheet's DejaVu Sans is plain
 * sans-serif), of the weight asked for when there is one. Colour emoji fonts are bitmaps, which
 * pdf-lib cannot embed; collections (.ttc) it cannot read either.
 */
export function pickFont(files: readonly string[], bold: boolean): string | null {
  const usable = files.filter((f) => /\.ttf$/i.test(f) && !/emoji/i.test(f) && fs.existsSync(f));
  const weight = bold ? /-Bold\.ttf$/i : /-Regular\.ttf$/i;
  const rank = (f: string) => {
    const name = path.basename(f);
    return (/^NotoSans/.test(name) ? 0 : 4) + (weight.test(name) ? 0 : 2) + (/Serif|Mono|Display|UI/.test(name) ? 1 : 0);
  };
  return [...usable].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0] ?? null;
}

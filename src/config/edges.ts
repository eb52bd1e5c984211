/**
 * Characters a text pasted from Word, a web page or a phone brings along unseen: spaces of other
 * kinds (no-break U+00A0, ideographic U+3000, thin and narrow ones) and marks of no width. At an
 * address's end one was kept, percent-encoded into it (…/@OverkalixKommun/%C2%A0), and went onto the
 * record sheet, the CSV and the public list's links.
 */
const INVISIBLE = "\\u200b-\\u200d\\u2060\\ufeff\\u00ad\\u180e";
const EDGES = new RegExp(`^[\\s${INVISIBLE}]+|[\\s${INVISIBLE}]+$`, "gu");

/** The text without the spaces and invisible marks at its start and end; other values as they are. */
export function withoutEdgeSpaces(v: unknown): unknown {
  return typeof v === "string" ? v.replace(EDGES, "") : v;
}

const NAMED: Record<string, string> = {
  "\u00a0": "a no-break space (U+00A0)", "\u3000": "an ideographic space (U+3000)", "\u202f": "a narrow no-break space (U+202F)",
  "\u200b": "a zero-width space (U+200B)", "\u200c": "a zero-width non-joiner (U+200C)", "\u200d": "a zero-width joiner (U+200D)",
  "\u2060": "a word joiner (U+2060)", "\ufeff": "a zero-width no-break space (U+FEFF)", "\u00ad": "a soft hyphen (U+00AD)",
};

/** The first invisible mark within a text (not a space, which is said as one), in words, or undefined. */
export function invisibleWithin(v: string): string | undefined {
  const found = new RegExp(`[${INVISIBLE}]`, "u").exec(v)?.[0];
  return found ? NAMED[found] ?? `an invisible character (U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")})` : undefined;
}

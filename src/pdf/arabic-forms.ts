/**
 * Arabic letters joined as they are written, for the record sheet. The sheet's text is drawn without a
 * shaping engine, and each letter stood alone in its isolated form ("ف ا ر س ی" for "فارسی"). Each
 * letter is given its form for its place in the word (isolated, final, initial, medial) from Unicode's
 * Arabic presentation forms, where the sheet's font has that form; lam before alef becomes their
 * ligature, as Arabic is always written. The forms' glyphs are read back as the letters they stand for
 * (see build.ts), so text copied from the sheet is the name as written.
 */

/** A letter's forms: [isolated, final, initial, medial] for one that joins both ways, [isolated, final] for one that joins only to the letter before it. */
type Forms = [number, number] | [number, number, number, number];

/** Built once from Unicode's presentation forms: each run of forms of one letter, in Unicode's order (isolated, final, initial, medial). */
const FORMS: Map<number, Forms> = (() => {
  const forms = new Map<number, Forms>();
  // Arabic's own letters (Forms-B) first: Forms-A also has Uighur's initial and medial alef maksura
  // (U+FBE8, U+FBE9), a run of two that would otherwise be taken for its isolated and final forms.
  for (const [from, to] of [[0xfe80, 0xfef4], [0xfb50, 0xfbb1], [0xfbd3, 0xfbe9], [0xfbfc, 0xfbff]] as const) {
    let cp = from;
    while (cp <= to) {
      const base = single(cp);
      let n = 1;
      while (cp + n <= to && base !== null && single(cp + n) === base) n++;
      if (base !== null && !forms.has(base) && (n === 2 || n === 4)) forms.set(base, Array.from({ length: n }, (_, i) => cp + i) as Forms);
      cp += n;
    }
  }
  return forms;
})();

/** The one Arabic letter a presentation form stands for; null for a ligature of two or a mark's form. */
function single(cp: number): number | null {
  const base = [...String.fromCodePoint(cp).normalize("NFKC")];
  const letter = base.length === 1 ? base[0]!.codePointAt(0)! : null;
  return letter !== null && letter >= 0x0620 && letter <= 0x06ff && /\p{L}/u.test(base[0]!) ? letter : null;
}

/** Lam-alef ligatures by the alef: [isolated, final]. */
const LAM_ALEF: Record<number, [number, number]> = {
  0x0622: [0xfef5, 0xfef6], // alef with madda
  0x0623: [0xfef7, 0xfef8], // alef with hamza above
  0x0625: [0xfef9, 0xfefa], // alef with hamza below
  0x0627: [0xfefb, 0xfefc], // alef
};
const LAM = 0x0644;
const MARK = /\p{M}/u;

/** Whether a letter joins to the one after it (in reading order): one with four forms, or an Arabic letter with none known (most do). */
function joinsOnward(cp: number | undefined): boolean {
  if (cp === undefined || !isArabicLetter(cp)) return false;
  const f = FORMS.get(cp);
  return f ? f.length === 4 : cp !== 0x0621 && cp !== 0x06d5;
}

/** Whether a letter joins to the one before it: every Arabic letter but hamza. */
function joinsBack(cp: number | undefined): boolean {
  return cp !== undefined && isArabicLetter(cp) && cp !== 0x0621;
}

function isArabicLetter(cp: number): boolean {
  return ((cp >= 0x0620 && cp <= 0x064a) || (cp >= 0x066e && cp <= 0x06d5) || (cp >= 0x06fa && cp <= 0x06ff)) && /\p{L}/u.test(String.fromCodePoint(cp));
}

/**
 * The characters (in reading order) with each Arabic letter in its joined form, where `has` says the
 * font draws it; marks (vowel signs) are passed over as they sit on their letter.
 */
export function joinedForms(chars: readonly string[], has: (cp: number) => boolean): string[] {
  const cps = chars.map((c) => c.codePointAt(0)!);
  // The letter before and after each, marks passed over.
  const neighbour = (i: number, step: 1 | -1): number | undefined => {
    for (let j = i + step; j >= 0 && j < chars.length; j += step) if (!MARK.test(chars[j]!)) return cps[j];
    return undefined;
  };
  const out: string[] = [];
  for (let i = 0; i < chars.length; i++) {
    const cp = cps[i]!;
    const before = neighbour(i, -1);
    const joinedBefore = joinsOnward(before) && joinsBack(cp);
    // Lam then alef (marks between): one ligature, as Arabic is written.
    const after = neighbour(i, 1);
    if (cp === LAM && after !== undefined && LAM_ALEF[after]) {
      const lig = LAM_ALEF[after]![joinedBefore ? 1 : 0];
      if (has(lig)) {
        out.push(String.fromCodePoint(lig));
        // The marks on the lam stay; the alef is in the ligature.
        let j = i + 1;
        for (; j < chars.length && MARK.test(chars[j]!); j++) out.push(chars[j]!);
        i = j;
        continue;
      }
    }
    const forms = FORMS.get(cp);
    if (!forms) { out.push(chars[i]!); continue; }
    const joinedAfter = forms.length === 4 && joinsBack(after);
    const form = forms.length === 4 ? forms[joinedBefore ? (joinedAfter ? 3 : 1) : (joinedAfter ? 2 : 0)]! : forms[joinedBefore ? 1 : 0]!;
    out.push(has(form) ? String.fromCodePoint(form) : chars[i]!);
  }
  return out;
}

/** The letters a presentation form stands for, for the text read back from the sheet; null for any other character. */
export function lettersOfForm(cp: number): string | null {
  if (!((cp >= 0xfb50 && cp <= 0xfdff) || (cp >= 0xfe70 && cp <= 0xfeff))) return null;
  const base = String.fromCodePoint(cp).normalize("NFKC");
  return base !== String.fromCodePoint(cp) ? base : null;
}

/**
 * The typographic quotation marks, as Word, a phone or a web page put them where a straight " or '
 * was typed or meant. One list, which every check of the configuration's texts and addresses takes
 * its marks from; each check's own part of it is named below with why it is that part. The marks
 * were written out as a character class in four places, and a mark added to one was missed by the
 * others.
 */
const LEFT_DOUBLE = "\u201c"; // “ (English opening, German closing)
const RIGHT_DOUBLE = "\u201d"; // ” (Swedish at both ends, English closing)
const LOW_DOUBLE = "\u201e"; // „ (German, Polish opening)
const LEFT_GUILLEMET = "\u00ab"; // « (French opening)
const RIGHT_GUILLEMET = "\u00bb"; // » (French closing, Swedish at both ends)
const LEFT_SINGLE = "\u2018"; // ‘
const RIGHT_SINGLE = "\u2019"; // ’ (also Word's apostrophe)
const LOW_SINGLE = "\u201a"; // ‚ (German opening)
const LEFT_SINGLE_GUILLEMET = "\u2039"; // ‹
const RIGHT_SINGLE_GUILLEMET = "\u203a"; // ›

/** Every typographic quotation mark. No web or e-mail address holds one, wherever it stands in it. */
export const QUOTATION_MARKS = [
  LEFT_DOUBLE, RIGHT_DOUBLE, LOW_DOUBLE, LEFT_GUILLEMET, RIGHT_GUILLEMET,
  LEFT_SINGLE, RIGHT_SINGLE, LOW_SINGLE, LEFT_SINGLE_GUILLEMET, RIGHT_SINGLE_GUILLEMET,
] as const;

/**
 * The marks that may open a text Word or a phone put between quotation marks: all but the single
 * guillemets ‹ ›, which no AutoCorrect makes of a typed " or ' (they are typed by hand, and a name
 * may begin with one as written).
 */
export const OPENING_MARKS = QUOTATION_MARKS.filter((m) => m !== LEFT_SINGLE_GUILLEMET && m !== RIGHT_SINGLE_GUILLEMET);

/**
 * The marks that may close such a text: the opening ones but the low single ‚, which opens only
 * (German ‚…‘) and at a text's end reads as a comma. (The low double „ has been taken as a close
 * since the check was written, and is kept so that a file warned of before is warned of still.)
 */
export const CLOSING_MARKS = OPENING_MARKS.filter((m) => m !== LOW_SINGLE);

/**
 * The marks taken for the close of a text opened with a straight " at its line's end: the double
 * ones only, since a single ’ there is as likely Word's apostrophe ending a word, and not «, which
 * opens a French quotation and never ends one.
 */
export const CLOSING_DOUBLE_MARKS = [RIGHT_DOUBLE, LEFT_DOUBLE, LOW_DOUBLE, RIGHT_GUILLEMET] as const;

/** A regular expression's character class of the marks ("[“”…]"), with other characters after them as written (`"'\\s`). */
export function markClass(marks: readonly string[], more = ""): string {
  return `[${marks.join("")}${more}]`;
}

/** Any typographic quotation mark, as Word and a phone put them around a text typed between quotes: in an address or e-mail address. */
export const TYPOGRAPHIC_QUOTE = new RegExp(markClass(QUOTATION_MARKS), "u");

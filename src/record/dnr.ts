import type { Config } from "../config/schema.ts";
import type { DnrClash } from "../log/records.ts";

/**
 * A diary number (diarienummer) as the registrar's system gives it: "KS 2026/45-3", "2026.0123",
 * "KS-2026-000123". Forms differ between municipalities and systems, so none is imposed; what is
 * refused is what no diary number has and what would break the record sheet, the CSV and the
 * listings: control characters (a line break pasted with the number) and a length far beyond any
 * system's. Runs of spaces are made one, as a registrar reads them, and quotation marks around the
 * number are taken off: pasted from Outlook or Word, ”KS 2026/701” is KS 2026/701, and kept they went
 * into the next version's e-mail and the CSV as part of the number.
 */
export const DNR_MAX_LENGTH = 60;

/** A problem in English for the operator and in Swedish for the registrar, who types the number. */
export type DnrCheck = { dnr: string } | { problem: string; sv: string };

const QUOTES = /^["'”“„«»‘’‚›‹]+|["'”“„«»‘’‚›‹]+$/g;

/** A line break or another control character: in a diary number, or in the reason for correcting one, it splits the record's line in the listings. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
export const holdsControl = (text: string): boolean => CONTROL.test(text);

/** The marks of the text's direction (overrides, embeddings, isolates, marks): "\u202e gnp.exe" reads "exe.png" in Excel. */
const DIRECTION = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

/**
 * The first character of a reason someone typed that does not show as itself (a control character or
 * a direction mark), as "U+202E" with what it is, Swedish and English; none when all show.
 */
export function unshowable(text: string): { code: string; sv: string; en: string } | undefined {
  const odd = new RegExp(`${CONTROL.source}|${DIRECTION.source}`).exec(text)?.[0];
  if (odd === undefined) return undefined;
  const code = `U+${odd.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
  return DIRECTION.test(odd)
    ? { code, sv: "ett osynligt riktningstecken, som ändrar i vilken ordning texten runt det visas", en: "an invisible direction mark, which changes the order the text around it is shown in" }
    : { code, sv: "ett styrtecken", en: "a control character" };
}

/**
 * Characters that show as nothing (a zero-width space, a soft hyphen, direction marks), pasted with a
 * number from a web page or a case system: kept, "KS 2026/\u200b500" looked like KS 2026/500 and was
 * not found by a search for it, nor noted as the same number given to another record.
 */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** Text as it was meant, from how it was pasted: what shows as nothing taken out, and quotation marks around it. */
export function asPasted(input: string): string {
  return input.replace(INVISIBLE, "").replace(/[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+/g, " ").trim().replace(QUOTES, "").trim();
}

export function checkDnr(input: string): DnrCheck {
  const dnr = asPasted(input);
  if (!dnr) return { problem: "the diary number is empty", sv: "diarienumret är tomt" };
  if (holdsControl(dnr)) return {
    problem: `the diary number "${printable(dnr)}" holds a line break or another control character; give the number alone, on one line`,
    sv: `diarienumret "${printable(dnr)}" har en radbrytning eller ett annat styrtecken; ange bara numret, på en rad`,
  };
  // A spreadsheet takes text that starts so for a formula (=HYPERLINK(…) is a link to anywhere); no
  // diary number does. A leading "-" is kept when a letter or digit follows ("-2026/5" from a system
  // that numbers so); alone, or before a sign, it is no number either.
  if (/^([=+@]|-(?![\p{L}\p{N}]))/u.test(dnr)) return {
    problem: `the diary number "${printable(dnr)}" starts with "${dnr[0]}", as no diary number does (a spreadsheet would take it for a formula); give the number alone, such as "KS 2026/45-3"`,
    sv: `diarienumret "${printable(dnr)}" börjar med "${dnr[0]}", som inget diarienummer gör (ett kalkylark skulle läsa det som en formel); ange bara numret, till exempel "KS 2026/45-3"`,
  };
  if (dnr.length > DNR_MAX_LENGTH) return {
    problem: `the diary number is ${dnr.length} characters long, more than any diary number (at most ${DNR_MAX_LENGTH}); give the number alone, such as "KS 2026/45-3"`,
    sv: `diarienumret är ${dnr.length} tecken långt, längre än något diarienummer (högst ${DNR_MAX_LENGTH}); ange bara numret, till exempel "KS 2026/45-3"`,
  };
  return { dnr };
}

function printable(s: string): string {
  const shown = s.replace(new RegExp(CONTROL.source, "g"), "⏎");
  return shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
}

/**
 * The note when a number given to a record, by `registered` or by an intake's answer, is another
 * snapshot's too: one document's number typed (or handed out) for the next. The collective case's own
 * number is shared on purpose and not noted. Swedish, a line break, then English; undefined when
 * there is nothing to note. `numbered` is every record that has a number.
 */
export function sameNumberNote(config: Config, numbered: Array<{ recordId: string; dnr: string }>, recordId: string, dnr: string): string | undefined {
  const cases = new Set([config.records, ...config.accounts.map((a) => a.records)].flatMap((m) => Object.values(m?.collectiveCase ?? {})).map((c) => c.trim().toLowerCase()));
  const same = numbered.filter((o) => o.recordId !== recordId && o.dnr.trim().toLowerCase() === dnr.toLowerCase());
  if (!same.length || cases.has(dnr.toLowerCase())) return undefined;
  const ids = same.map((o) => o.recordId).join(", ");
  return `${dnr} är också diarienummer för ${ids}. Har varje ögonblicksbild ett eget nummer är ett av dem felskrivet; rätta det med: somarkiv registered HANDLINGENS_ID --dnr "RÄTT NUMMER" --correct "skälet".\n`
    + `${dnr} is also the diary number of ${ids}. If each snapshot has a number of its own, one of them is mistyped; correct it with: somarkiv registered RECORD_ID --dnr "RIGHT NUMBER" --correct "the reason".`;
}

/**
 * A record's id as somarkiv makes them (facebook-kommun_2026-H2_v2, its file name, or a failed
 * attempt's): pasted into --dnr in place of the number, it would go on as the record's diary number.
 */
const RECORD_ID = /^[a-z0-9][a-z0-9-]*_\d{4}-H[12]_(v\d+|failed(-\w+)?)(\.(pdf|json))?$/i;
export const looksLikeRecordId = (dnr: string): boolean => RECORD_ID.test(dnr.trim());

/**
 * Why a number an intake answered with is not taken as the record's diary number, as `registered`
 * refuses it when typed: a record's id (the intake's echo of the name it was sent, or of the key),
 * which would stand as the number on every listing. Said after "the diary number … was not recorded: ".
 * Undefined when the number can be taken. `knownId`: the log has a record by that id.
 */
export function intakeNumberNotTaken(dnr: string, knownId: boolean): string | undefined {
  if (!knownId && !looksLikeRecordId(dnr)) return undefined;
  return `it is a record's id (${dnr}), not a diary number, so the intake gave no usable number; the record is delivered all the same`;
}

/**
 * What is said of a diary number an intake answered with that the log did not take, after "which ".
 * A row changed by hand is put right from what verify finds (the registrar cannot mend the log, and a
 * backup put back would lose what came after it); only then can the number be recorded. A number
 * beside one already registered is the registrar's to choose, and recorded as a correction.
 */
export function intakeNumberClashSaid(recordId: string, clash: DnrClash): string {
  const { dnrNotTaken: dnr, kept } = clash;
  const record = kept
    ? `ask the registrar which is right; if it is ${dnr}: somarkiv registered ${recordId} --dnr "${dnr}" --correct "the number the intake gave"`
    : `record the number with: somarkiv registered ${recordId} --dnr "${dnr}"`;
  if (clash.rowChanged) return `gave it diary number ${dnr}, which the log did not take: the record's row in the log does not match its events (it was changed outside somarkiv${kept ? `; its events register ${kept}` : ""}). Run "somarkiv verify", which says what was changed and how to put it right, or ask IT to; then ${record}`;
  return `gave it diary number ${dnr}, but it already has ${kept} (given with "somarkiv registered"); the log keeps ${kept}. ${record[0]!.toUpperCase()}${record.slice(1)}`;
}

/**
 * The note when a number's year is far from the record's: no year in it within one of the year the
 * record was taken, and one of them a year still to come ("KS 2062/120" for 2026, digits swapped).
 * A number of last year's case is common (a record filed in a case opened the year before), and a
 * four-figure serial ("KS 2026/2031") sits beside a year that fits, so neither is noted. Swedish, a
 * line break, then English, as sameNumberNote; undefined when there is nothing to note.
 */
export function farYearNote(recordId: string, dnr: string, takenYear: number, thisYear: number): string | undefined {
  const years = [...dnr.matchAll(/(?<!\d)(?:19|20)\d{2}(?!\d)/g)].map((m) => Number(m[0]));
  if (!years.length || years.some((y) => Math.abs(y - takenYear) <= 1)) return undefined;
  const ahead = years.find((y) => y > thisYear);
  if (ahead === undefined) return undefined;
  return `${dnr} har årtalet ${ahead}, ett år som inte har kommit än, men ${recordId} togs ${takenYear}. Är numret felskrivet, rätta det med: somarkiv registered ${recordId} --dnr "RÄTT NUMMER" --correct "skälet".\n`
    + `${dnr} has the year ${ahead} in it, a year still to come, but ${recordId} was taken in ${takenYear}. If the number is mistyped, correct it with: somarkiv registered ${recordId} --dnr "RIGHT NUMBER" --correct "the reason".`;
}

import { CLOSING_DOUBLE_MARKS, markClass } from "./quotation-marks.ts";

/**
 * Texts written over several lines the way Notepad and Word lead one to, which YAML reads otherwise:
 * said in the file's words, where the parser said "Implicit keys need to be on a single line" or
 * "Nested mappings are not allowed in compact mappings", and a quotation mark closed with Word's ”
 * was said to be open at the file's end. Pure: of the file's lines and the parser's line.
 */

/** A setting with a plain text after it, as a person writes one: its key, and the column its key begins in. */
const SETTING = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):\s+(\S.*)$/;
const ANY_SETTING = /^\s*(?:-\s+)?[A-Za-z_][\w-]*:/;

/**
 * A text continued on the lines below its setting that YAML cannot read as one text: lines not
 * indented further than the setting's name, or one with ": " in it. The line to mend and what to do.
 */
export function textOverLines(lines: string[], errorLine: number): { line: number; says: string } | undefined {
  for (let s = errorLine; s >= Math.max(1, errorLine - 6); s--) {
    const m = SETTING.exec(lines[s - 1] ?? "");
    if (!m || /^["'[{|>&*!]/.test(m[3]!)) continue;
    const key = m[2]!;
    const keyColumn = m[1]!.length;
    const indent = (n: number) => /^\s*/.exec(lines[n - 1]!)![0].length;
    // The next setting indented a space or more further than this one ("     platform:" under "    name:"):
    // YAML reads it as going on with this one's text, and said "Nested mappings are not allowed in
    // compact mappings" of the line above.
    const next = lines.findIndex((l, i) => i >= s && l.trim() !== "" && !/^\s*#/.test(l)) + 1;
    if (next > 0 && ANY_SETTING.test(lines[next - 1]!) && !/^\s*-\s/.test(lines[next - 1]!) && indent(next) > keyColumn && next === s + 1) {
      const name = /^\s*([^:]+):/.exec(lines[next - 1]!)![1]!.trim();
      const extra = indent(next) - keyColumn;
      return { line: next, says: `line ${next} is indented ${extra} space${extra > 1 ? "s" : ""} further than "${key}:" on the line above it, so YAML reads "${name}:" as part of the value of ${key}; line "${name}:" up with "${key}:", with the same number of spaces before it` };
    }
    const more: number[] = [];
    for (let n = s + 1; n <= lines.length; n++) {
      const l = lines[n - 1]!;
      if (!l.trim()) continue;
      if (ANY_SETTING.test(l) || /^\s*-\s/.test(l) || /^\s*#/.test(l)) break;
      more.push(n);
    }
    if (!more.length || more[0]! > errorLine + 1 && s !== errorLine) continue;
    const block = `or write "${key}: |" and the whole text on the lines below it, each indented further than "${key}:"`;
    const flat = more.find((n) => indent(n) <= keyColumn);
    if (flat) return { line: flat, says: `line ${flat} goes on with the text of ${key} (line ${s}), but is not indented further than "${key}:", so YAML does not read it as part of the text: indent the continued line${more.length > 1 ? "s" : ""} (${more.join(", ")}) further than "${key}:", ${block}` };
    const colon = more.find((n) => /:(\s|$)/.test(lines[n - 1]!));
    if (colon) return { line: colon, says: `line ${colon} goes on with the text of ${key} (line ${s}) and has a colon followed by a space, which YAML reads as the start of another setting: write "${key}: |" and the whole text on the lines below it, each indented further than "${key}:" (a colon is then part of the text), or put the whole text in quotation marks` };
  }
  return undefined;
}

/** Closing quotation marks as Word and a phone type them, which YAML does not take as the close of ". */
const TYPOGRAPHIC_CLOSE = new RegExp(`${markClass(CLOSING_DOUBLE_MARKS)}\\s*(?:#.*)?$`);

/**
 * The line whose quotation mark opened the text YAML found unclosed at the file's end: a value
 * beginning with " that does not close on its line (closed with Word's ” instead), or undefined.
 */
export function unclosedQuote(lines: string[]): { line: number; says: string } | undefined {
  for (let n = 1; n <= lines.length; n++) {
    const m = /^(\s*(?:-\s+)?)([A-Za-z_][\w-]*):\s+(".*)$/.exec(lines[n - 1]!) ?? /^(\s*)-\s+(")(.*)$/.exec(lines[n - 1]!);
    if (!m) continue;
    const value = m[3]!.trimEnd();
    if (/^"(?:[^"\\]|\\.)*"/.test(value)) continue;
    const key = m[2]!;
    const inner = value.slice(1).replace(TYPOGRAPHIC_CLOSE, "");
    if (TYPOGRAPHIC_CLOSE.test(value)) {
      return { line: n, says: `line ${n}: ${key} opens a quotation mark with " and closes it with ${value.trimEnd().replace(/\s*#.*$/, "").slice(-1)} (a typographic one, as Word or a phone makes it), which YAML does not take as its close, so it read the rest of the file as the text; write both as straight ones: ${key}: "${inner}"` };
    }
    return { line: n, says: `line ${n}: ${key} opens a quotation mark that is not closed on that line, so YAML read the rest of the file as the text; close it at the text's end: ${key}: "${inner}"` };
  }
  return undefined;
}

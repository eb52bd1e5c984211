import { nearestWord } from "../config/nearest.ts";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";
import { isPeriod } from "../schedule/period.ts";

/** Parse a command's options; unknown options and missing values are usage errors in plain words. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false) {
  let parsed;
  const all = { config: { type: "string" as const }, ...options };
  const joined = dashValuesJoined(args, all);
  try {
    parsed = parseArgs({ args: joined.args, options: all, allowPositionals, strict: true, tokens: true });
  } catch (e) {
    const asValue = joined.optionLike ? ` If "${joined.optionLike.value}" is its value, write it joined to the option with =: --${joined.optionLike.name}="${joined.optionLike.value}".` : "";
    throw new UsageError(`${command}: ${plainParseError(e as Error & { code?: string }, Object.keys(all))}${asValue} See "somarkiv --help".`);
  }
  const twice = givenTwice(parsed.tokens, { config: { type: "string" }, ...options });
  if (twice) throw new UsageError(`${command}: --${twice.name} was given twice (${twice.values.map((v) => `"${v}"`).join(" and ")}), and it takes one value: nothing was done. Give it once.`);
  const { values, positionals } = parsed;
  return { values, positionals };
}

/**
 * An option of one value given twice with different values: Node's parser keeps the last without a
 * word, so "records --period 2025-H1 --period 2025-H2" listed half of what was asked for.
 */
function givenTwice(tokens: Array<{ kind: string; name?: string; value?: string | undefined }>, options: NonNullable<ParseArgsConfig["options"]>): { name: string; values: string[] } | undefined {
  const seen = new Map<string, string[]>();
  for (const t of tokens) {
    if (t.kind !== "option" || !t.name || options[t.name]?.multiple || options[t.name]?.type !== "string" || t.value === undefined) continue;
    const values = seen.get(t.name) ?? [];
    if (!values.includes(t.value)) values.push(t.value);
    seen.set(t.name, values);
    if (values.length > 1) return { name: t.name, values };
  }
  return undefined;
}

/**
 * The words after an option that takes a value, joined to it (--dnr=-2+3) when they begin with a dash
 * but cannot be an option (a digit or a sign after the dash, a space in the word): Node's parser takes any word
 * beginning with a dash for an option, and "--dnr -2+3" was said to have no value. A word that could be
 * one (-KS, --correct) is left as it is, so that "--dnr --correct x" is still a missing value; the first
 * such word that no option of the command has is given back, for the message to say how to write it.
 */
export function dashValuesJoined(args: string[], options: NonNullable<ParseArgsConfig["options"]>): { args: string[]; optionLike?: { name: string; value: string } } {
  const out: string[] = [];
  let optionLike: { name: string; value: string } | undefined;
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    if (word === "--") return { args: [...out, ...args.slice(i)], ...(optionLike ? { optionLike } : {}) };
    const name = /^--([^=]+)$/.exec(word)?.[1];
    const next = args[i + 1];
    if (name && options[name]?.type === "string" && next !== undefined && next.length > 1 && next.startsWith("-")) {
      if (!couldBeOption(next)) {
        out.push(`${word}=${next}`);
        i++;
        continue;
      }
      if (!next.startsWith("--")) optionLike ??= { name, value: next };
    }
    out.push(word);
  }
  return { args: out, ...(optionLike ? { optionLike } : {}) };
}

/** A word that may be an option: a dash or two and then a letter, and no space. */
function couldBeOption(word: string): boolean {
  return (/^--?\p{L}/u.test(word) && !/\s/.test(word)) || word === "--";
}

/** What each option's value looks like, for the message when it is left out. */
const EXAMPLES: Record<string, string> = {
  config: "--config /etc/somarkiv/somarkiv.yaml",
  account: "--account facebook-kommun",
  period: "--period 2026-H2",
  dnr: '--dnr "KS 2026/45-1"',
  correct: '--correct "the reason"',
};

/**
 * Node's parser speaks to programmers ("argument is ambiguous … use '--dnr=-XYZ'"); an option given
 * without its value, usually because the next word is another option, is the common slip.
 */
function plainParseError(e: Error & { code?: string }, known: string[]): string {
  const option = /Option '(--[\w-]+)/.exec(e.message)?.[1];
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option && /argument missing|ambiguous/.test(e.message)) {
    const example = EXAMPLES[option.slice(2)];
    return `${option} needs a value after it${example ? `, for example ${example}` : ""}.`;
  }
  if (e.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option && /does not take an argument/.test(e.message)) return `${option} takes no value.`;
  if (e.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const unknown = /Unknown option '([^']+)'/.exec(e.message)?.[1] ?? "that option";
    // Distance 0 is a slip of case (--JSON): the option as it is written is meant.
    const meant = nearestWord(unknown.replace(/^-+/, "").split("=")[0]!, known);
    return `there is no option ${unknown} for this command${meant ? `; did you mean --${meant}?` : "."}`;
  }
  if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const word = /Unexpected argument '([^']*)'/.exec(e.message)?.[1];
    return `this command takes no word${word === undefined ? "" : ` such as "${word}"`} after it, only options.`;
  }
  return `${e.message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.$/, "")}.`;
}


/**
 * The half-years asked for with --period, each given as a half-year (2026-H1) or a year (2025: both its
 * halves), as the log writes them; undefined when none was given.
 */
export function periodsOption(values: string[] | undefined): string[] | undefined {
  if (!values?.length) return undefined;
  return [...new Set(values.flatMap((v) => (/^\s*\d{4}\s*$/.test(v) ? [`${v.trim()}-H1`, `${v.trim()}-H2`] : [periodOption(v)!])))];
}

/**
 * The --period given, as the log writes it: "2026-h2" is plainly 2026-H2. Anything else that is
 * not a period is a usage error that shows how to write one.
 */
export function periodOption(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const period = value.trim().toUpperCase();
  if (!isPeriod(period)) throw new UsageError(`--period ${value} is not a period; write the year and the half-year, e.g. 2026-H1 (January–June) or 2026-H2 (July–December).`);
  return period;
}

import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";
import { isPeriod } from "../schedule/period.ts";

/** Parse a command's options; unknown options and missing values are usage errors in plain words. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { config: { type: "string" }, ...options }, allowPositionals, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${plainParseError(e as Error & { code?: string }, ["config", ...Object.keys(options)])} See "somarkiv --help".`);
  }
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
    const meant = nearest(unknown.replace(/^-+/, "").split("=")[0], known);
    return `there is no option ${unknown} for this command${meant ? `; did you mean --${meant}?` : "."}`;
  }
  if (e.code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const word = /Unexpected argument '([^']*)'/.exec(e.message)?.[1];
    return `this command takes no word${word === undefined ? "" : ` such as "${word}"`} after it, only options.`;
  }
  return `${e.message.replace(/\. To specify a positional argument.*$/s, "").replace(/\.$/, "")}.`;
}


/** The known option a mistyped one was meant to be: one or two letters off (a slip, a letter left out). */
function nearest(word: string, known: string[]): string | null {
  let best: string | null = null, bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k);
    if (d < bestDistance) { best = k; bestDistance = d; }
  }
  // Distance 0 is a slip of case (--JSON): the option as it is written is meant.
  return best !== null && bestDistance <= (best.length > 4 ? 2 : 1) ? best : null;
}

/** Letters added, left out, changed or swapped with the next. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
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

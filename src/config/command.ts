import { resolveConfigPath } from "./load.ts";

/**
 * The configuration file a printed command must name (--config) to find this configuration's log;
 * undefined for the one somarkiv finds without it. A registrar who pastes a command without it is
 * told that a record that exists does not.
 */
export function namedConfig(source: string, cwd = process.cwd()): string | undefined {
  if (source.endsWith("(embedded defaults)")) return undefined;
  return resolveConfigPath(undefined, {}, cwd) === source ? undefined : source;
}

/** A word as a shell takes it: as it is when plain, else in double quotes with " \ $ ` escaped. */
export function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `"${word.replace(/(["\\$`])/g, "\\$1")}"`;
}

/**
 * The reason's place in a command a person is told to type, the way README writes it: one mark in
 * every message, where they were written "WHY", TEXT and "…" in three.
 */
const REASON_TO_TYPE = `"…"`;

/** What a capture command asks for, as somarkiv tells a person to type it. */
export interface CaptureAsked {
  /** Each named with --account; none: every active account. */
  accounts?: string[];
  period?: string;
  final?: boolean;
  reopen?: boolean;
  force?: boolean;
  /** The reason given, quoted as a shell needs. */
  reason?: string;
  /** Where no reason is known: --reason with REASON_TO_TYPE, for the reader to put the words in. */
  reasonToType?: boolean;
  asShown?: boolean;
}

/**
 * The capture command that asks for this again, each value as a shell takes it: one place, where each
 * message composed its own and one forgot --final of a closing record, another --period of a made-up
 * half-year (the pasted command then took the current half-year, or was refused). Pure.
 */
export function captureCommandLine(asked: CaptureAsked): string {
  const reason = asked.reason !== undefined ? shellWord(asked.reason) : asked.reasonToType ? REASON_TO_TYPE : undefined;
  return ["somarkiv capture",
    ...(asked.accounts ?? []).flatMap((id) => ["--account", shellWord(id)]),
    ...(asked.period ? ["--period", shellWord(asked.period)] : []),
    ...(asked.final ? ["--final"] : []), ...(asked.reopen ? ["--reopen"] : []), ...(asked.force ? ["--force"] : []),
    ...(reason !== undefined ? ["--reason", reason] : []),
    ...(asked.asShown ? ["--as-shown"] : []),
  ].join(" ");
}

import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";
import { isPeriod } from "../schedule/period.ts";

/** Parse a command's options; unknown options and missing values are usage errors in plain words. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { config: { type: "string" }, ...options }, allowPositionals, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${command}: ${msg}. See "somarkiv --help".`);
  }
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

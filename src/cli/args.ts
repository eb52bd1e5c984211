import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./errors.ts";

/** Parse a command's options; unknown options and missing values are usage errors in plain words. */
export function parse<T extends NonNullable<ParseArgsConfig["options"]>>(command: string, args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { config: { type: "string" }, ...options }, allowPositionals, strict: true });
  } catch (e) {
    const msg = (e as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new UsageError(`${command}: ${msg}. See "somarkiv --help".`);
  }
}


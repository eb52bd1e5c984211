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

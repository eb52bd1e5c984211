/** Wrong use of the command line: exit code 2 with a plain message. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = "UsageError"; }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * The line for a command that stopped on an error nothing else explained. A full disk stops every
 * write to the log and the spool, and SQLite's own words ("database or disk is full") do not say
 * what to do; nothing recorded is lost, and an account left without a record is due again.
 */
export function failureLine(command: string, e: unknown): string {
  const err = e as { code?: unknown; message?: unknown } | null;
  const message = String(err?.message ?? e);
  const code = typeof err?.code === "string" ? err.code : "";
  if (code === "ENOSPC" || code === "SQLITE_FULL" || /no space left on device|database or disk is full/i.test(message)) {
    return `somarkiv ${command} stopped: the disk that holds somarkiv's log and spool is full (${message}). Free space on it (the folder of "database:" in the configuration), then run the command again. Nothing already recorded is lost; an account that got no record this time is captured again then.`;
  }
  if (code === "EROFS" || code === "SQLITE_READONLY") {
    return `somarkiv ${command} stopped: somarkiv's log or spool is on a disk it may not write to (${message}). Make the folder of "database:" in the configuration writable for somarkiv's user, then run the command again.`;
  }
  return `somarkiv ${command} failed: ${message}`;
}

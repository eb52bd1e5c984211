import { localWriteFailure } from "../record/local-failure.ts";

/** Wrong use of the command line: exit code 2 with a plain message. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = "UsageError"; }
}

/** The log was lost while the store holds records: exit 1, nothing done (see refuseLostLog). */
export class LostLogError extends Error {
  constructor(message: string) { super(message); this.name = "LostLogError"; }
}

/** The data folder's spool is another log's (two configurations share one folder): exit 1, nothing done (see claimSpool). */
export class SharedDataFolderError extends Error {
  constructor(message: string) { super(message); this.name = "SharedDataFolderError"; }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

/** The line for a command that stopped on an error nothing else explained. */
export function failureLine(command: string, e: unknown): string {
  const local = localWriteFailure(e);
  if (local) {
    const captures = command === "capture" || command === "run";
    return `somarkiv ${command} stopped: ${local.what}. ${local.fix} Then run the command again. Nothing already recorded is lost${captures ? "; an account that got no record this time is captured again then" : ""}.`;
  }
  return `somarkiv ${command} failed: ${String((e as { message?: unknown } | null)?.message ?? e)}`;
}

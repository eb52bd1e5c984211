import { localWriteFailure } from "../record/local-failure.ts";
import type { DataPlace } from "../config/data-place.ts";

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

let dataPlace: DataPlace | undefined;

/**
 * From here on, a failure to write the log or the spool names their folder by what put it there (see
 * DataPlace): the error reaches failureLine from wherever it was thrown, past the configuration.
 */
export function placeDataInFailures(place: DataPlace): void {
  dataPlace = { dataDir: place.dataDir, database: place.database, databaseUnset: place.databaseUnset };
}

/** The line for a command that stopped on an error nothing else explained. */
export function failureLine(command: string, e: unknown): string {
  const local = localWriteFailure(e, dataPlace);
  if (local) {
    const captures = command === "capture" || command === "run";
    return `somarkiv ${command} stopped: ${local.what}. ${local.fix} Then run the command again. Nothing already recorded is lost${captures ? "; an account that got no record this time is captured again then" : ""}.`;
  }
  return `somarkiv ${command} failed: ${String((e as { message?: unknown } | null)?.message ?? e)}`;
}

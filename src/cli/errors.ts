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

/**
 * A capture stopped by an error after it had done some of the accounts asked for: `leaves` says which
 * are left and the command that takes them, and only them. "Run the command again" after a --force that
 * had made some versions made them a second time, each sent to the registrar.
 */
export class CaptureCutShort extends Error {
  constructor(readonly cause: unknown, readonly leaves: string) {
    super(String((cause as { message?: unknown } | null)?.message ?? cause));
    this.name = "CaptureCutShort";
  }
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
  if (e instanceof CaptureCutShort) {
    const local = localWriteFailure(e.cause, dataPlace);
    const leaves = e.leaves.replace(/ before the stop/, " before it stopped");
    return `somarkiv ${command} stopped: ${local ? `${local.what}. ${local.fix}` : `${e.message.replace(/[.]?$/, ".")}`} What was done before it stopped is listed on stdout; nothing already recorded is lost. ${leaves[0]!.toUpperCase()}${leaves.slice(1)}.`;
  }
  const local = localWriteFailure(e, dataPlace);
  if (local) {
    const captures = command === "capture" || command === "run";
    return `somarkiv ${command} stopped: ${local.what}. ${local.fix} Then run the command again. Nothing already recorded is lost${captures ? "; an account that got no record this time is captured again then" : ""}.`;
  }
  return `somarkiv ${command} failed: ${String((e as { message?: unknown } | null)?.message ?? e)}`;
}

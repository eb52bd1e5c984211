/**
 * Which log a spool belongs to. The spool (and failed/) sit beside the log, so two configurations
 * whose logs are in one folder share them; the second then took the first's waiting records as found
 * after a cut-off capture, stored them in its own store and sent them to its own registrar, and the
 * first marked them lost. A spool names the one log it belongs to, by the id the log keeps in itself
 * (a log moved to another server or put back from a backup keeps it), and the log file's path.
 */

/** The log a spool is named for: its id, and the file it was in when it named the spool. */
export interface SpoolOwner { id: string; file: string }

export type SpoolOwnership =
  | { verdict: "ours" }
  /** Not named for a log yet (a new spool, or one from before spools named theirs), or named for the log that was in this log's file before. */
  | { verdict: "claim" }
  /** Another log's: `owner` is null for a spool from before spools named their log, holding records this log does not know, with another log beside it. */
  | { verdict: "other"; owner: SpoolOwner | null; unknown: string[] };

/**
 * The verdict, from what the spool's identity file names (`named`), this log (`me`), and what is in
 * the spool: `unknown` are its record folders this log does not know, `namedByMe` whether any record
 * of this log was written to it (its "captured" event names the spool's id).
 */
export function spoolOwnership(named: SpoolOwner | undefined, me: SpoolOwner, facts: { namedByMe: boolean; unknown: string[]; otherLogsBeside: string[] }): SpoolOwnership {
  if (named) {
    if (named.id === me.id) return { verdict: "ours" };
    // The log in this very file was replaced: put back from a backup made before logs kept an id, or
    // made anew by "recover --new-log" after it was lost. Its spool is still this file's.
    if (named.file === me.file) return { verdict: "claim" };
    return { verdict: "other", owner: named, unknown: facts.unknown };
  }
  // No log named yet (a spool from before spools named theirs): this log's if it wrote records there,
  // or if no other log is beside it. Records it never knew, with another log beside it, are most
  // likely that log's; alone, they are its own captures cut off before their log entry.
  if (facts.namedByMe || facts.unknown.length === 0 || facts.otherLogsBeside.length === 0) return { verdict: "claim" };
  return { verdict: "other", owner: null, unknown: facts.unknown };
}

/** Why a log may not use a spool of another log, and what to do: for capture, deliver, the worker, config check and status. */
export function sharedDataFolderSaid(o: { dataDir: string; spoolDir: string; logFile: string; configFile: string; owner: SpoolOwner | null; unknown: string[] }): string {
  const whose = o.owner
    ? `belongs to another log, ${o.owner.file}, not to this configuration's log ${o.logFile}`
    : `holds records the log ${o.logFile} never knew (${o.unknown.slice(0, 3).join(", ")}${o.unknown.length > 3 ? ", …" : ""}) and none it wrote there`;
  return `Two configurations share one data folder: the spool ${o.spoolDir} ${whose}. The spool and failed/ sit beside the log, so a second configuration whose "database:" is in the same folder (${o.dataDir}) would take the other's waiting records as its own, store them in its store and send them to its registrar. Nothing was done here, and the other log's records were left alone. Give each configuration its own data folder: set "database:" in ${o.configFile} to a log file in a folder of its own (for example /var/lib/somarkiv/<name>/somarkiv.sqlite; its spool and failed/ are made beside it), then run the command again.`;
}

import { agreeing, counted } from "../words/counted.ts";

/**
 * What verify --read-only says instead of a remedy that writes: a copy handed over to an archive is its
 * evidence of what it received, so a fault in it is put right by the organisation that handed it over,
 * in its own archive, never by running recover (or registered) on the copy.
 */

/** Who puts a fault found in a copy handed over right, and how it reaches the archive. */
export const PUT_RIGHT_BY_ORGANISATION = "the organisation that handed this copy over should put it right in its own archive and hand the records over again; nothing is to be run on the copy";

/** A row gone from the copy's log whose events are still there. */
export function rowGoneFromCopy(): string {
  return `the event log has events for this record, but the record itself is gone from the log (deleted by hand?); its events still say what it was, with its diary number and deliveries, so ${PUT_RIGHT_BY_ORGANISATION}`;
}

/** A row of the copy's log changed by hand, the record itself as its capture event gives it. */
export function rowChangedInCopy(changed: string, where: "store" | "spool"): string {
  const files = where === "spool" ? "its PDF and manifest wait in the spool, not stored yet," : "its PDF and manifest are in the store";
  return `only the log's row for this record was changed by hand (${changed}), not the record: ${files} as its capture event gives them, so ${PUT_RIGHT_BY_ORGANISATION}`;
}

/** A failed attempt's row of the copy's log changed by hand, its failure event not. */
export function failedRowChangedInCopy(): string {
  return `only the log's row for this failed attempt was changed by hand; its chained failure event still says what was recorded, so ${PUT_RIGHT_BY_ORGANISATION}`;
}

/** An object under a record's name in the copy's store that is not the record's. */
export function strangerUnderRecordName(objectSaid: string): string {
  return `${objectSaid}. The organisation that handed this copy over should find out where the object came from, and put it right in its own archive; nothing is to be run on the copy`;
}

/** A proof in the copy's store of another installation's log (see installation.ts), as otherInstallationSaid says it to the municipality. */
export function otherInstallationInCopy(store: string, other: string, seq: number, at: string | null): string {
  return `another somarkiv installation wrote to this store (${store}): its log ${other} had ${seq} events when it was verified${at ? ` at ${at}` : ""}, and they are not this log's, so the copy may hold two installations' records with one installation's log. The organisation that handed this copy over should find out which log is its archive's, put it right in its own archive and hand the records over again; nothing is to be run on the copy`;
}

/** Objects in the copy's store that its log does not know. */
export function strangersInCopy(otherInstallations: string[]): string {
  if (otherInstallations.length) return `The objects the log does not know are most likely the records of another installation (${otherInstallations.join(", ")}) that wrote to the same store: the copy holds two installations' records with one installation's log. Tell the organisation that handed it over; it should find out which log is its archive's, put it right in its own archive and hand the records over again.`;
  return `The objects the log does not know may be records made after the organisation's log was put back from a backup: keep them as handed over, and tell the organisation that handed the copy over; it should put it right in its own archive and hand the records over again.`;
}

/** A copy's log that ends before the proofs in its store, with or without objects it does not know. */
export function cutShortInCopy(backupEnd: string, strangers: boolean): string {
  return `The log ends at ${backupEnd}, before what the proofs in the store say it held: it may have been put back from a backup, so diary numbers and deliveries recorded after that are missing from it${strangers ? `, and the objects it does not know may be the records made since` : ""}. If nobody restored the log, events were removed from it. Either way, tell the organisation that handed the copy over; it should put it right in its own archive and hand the records over again.`;
}

/** A diary number a later record in the copy's store names that its log lacks. */
export function numberMissingInCopy(namedBy: string, dnr: string, has: string, lastEventBefore: number): string {
  return `the store's record ${namedBy} names ${dnr} as this record's diary number, and the log has ${has}: it was recorded after the backup the log was put back from (event ${lastEventBefore}), so ${PUT_RIGHT_BY_ORGANISATION}`;
}

/**
 * Records the copy's log has waiting in the spool: not stored in the organisation's archive when the
 * copy was made. What stores them (the worker, deliver) is the organisation's, run on its own archive.
 */
export function waitingInSpoolInCopy(ids: string[]): string {
  return `${counted(ids.length, "record")} ${agreeing(ids.length, "waits", "wait")} in the spool to be stored, so the store handed over does not have them to check: ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ", …" : ""}. They were not yet stored in the organisation's own archive when the copy was made; their copy in the spool matches the log. Tell the organisation that handed the copy over: its somarkiv stores them, and it should hand the records over again once they are stored; nothing is to be run on the copy.`;
}

/**
 * A spool folder of the copy holding a record its log does not know: no record of the copy. The
 * installation that made the copy takes such a folder back into its own log at its next delivery (or
 * refuses it, `refused` saying why), so that is where it is put right, and handed over again.
 */
export function unknownInSpoolInCopy(u: { folder: string; recordId: string; refused?: string }): string {
  return u.refused
    ? `the spool folder ${u.folder} holds record ${u.recordId}, which the log does not know and which the installation that made the copy would NOT take back into its log: ${u.refused}. It is no record of this copy; tell the organisation that handed the copy over, which should find out who put it there; nothing is to be run on the copy, nor the folder removed from it`
    : `the spool folder ${u.folder} holds record ${u.recordId}, which the log does not know (a capture cut off before its log entry, or a log put back from an older backup, at the organisation that handed the copy over), so it is no record of this copy yet. The installation that made the copy takes it back into its own log and stores and delivers it when it next delivers; tell the organisation that handed the copy over, which should hand the records over again once it has; nothing is to be run on the copy`;
}

/**
 * A waiting record's only copy, in the copy's spool, changed or gone: the copy does not prove the
 * record. It may have changed in the hand-over alone, so the organisation's own spool is looked at
 * first; only there can the file be put back or the account taken again.
 */
export function spoolFileWrongInCopy(what: string): string {
  return `The copy does not hold this record as it was captured, so it cannot be proven from the copy. It may have changed in the hand-over only: the organisation that handed the copy over should check the record in its own spool (its verify says), put ${what} back from a backup of its spool or take the account again if it is wrong there too, and hand the records over again; nothing is to be run on the copy`;
}

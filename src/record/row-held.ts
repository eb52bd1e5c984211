import type { RecordRow } from "../log/index.ts";
import { differenceSaid, type CapturedDifference } from "../log/row-events.ts";

/**
 * A record whose row was changed by hand in what its capture recorded is neither stored nor delivered:
 * the store would file it under the row's account or period, and the intake would be told the row's
 * checksum, so the registrar would get, as fact, what nobody captured. It waits, in the spool or the
 * store as it was captured, until `recover` writes the row back from its chained events. Sent again
 * (`again`, deliver --again) it is held the same: the row's checksum would vouch for whatever the
 * store holds under it, and the row's account name the record to the registrar.
 */
export function rowChangedHeld(rec: RecordRow, changed: CapturedDifference[], again = false, eventsChanged?: string): string {
  const what = again ? "delivered again" : rec.status === "captured" ? "stored or delivered" : "delivered";
  const where = rec.status === "captured" ? "waits in the spool" : "stays in the store";
  const then = again ? `somarkiv deliver --again ${rec.recordId}` : "somarkiv deliver";
  // Its capture event changed, not its row: no recover puts that right, and the row is not blamed.
  if (eventsChanged) return `${rec.recordId}: NOT ${what}: ${eventsChanged}, outside somarkiv, so the log cannot say what the record is. It ${where}, untouched. Run "somarkiv verify", which says what to do, and tell the records manager`;
  return `${rec.recordId}: NOT ${what}: the log's row for this record does not match its capture event (${changed.map((d) => differenceSaid(d).en).join("; ")}): it was changed outside somarkiv. The record ${where} as it was captured. Run "somarkiv verify", which says what was changed and how to put it right ("somarkiv recover" writes the row back from its events), then "${then}"`;
}

import { agreeing, counted } from "../words/counted.ts";
import type { restorations } from "../log/index.ts";
import { lastEventSaid, logOlderSaid } from "./taken-back.ts";

type Restoration = ReturnType<typeof restorations>[number];
const listed = (rows: Array<{ recordId: string; fields: string[] }>) => rows.map((w) => `${w.recordId} (${w.fields.join(", ")})`).join("; ");

/**
 * What verify notes of one earlier `recover` (its "restored" event), every time, so that it is never
 * passed over: a backup put back, rows written back or again. On a copy handed over (`handedOver`) it
 * happened in the organisation's own archive before the hand-over: said as that, and what is still
 * owed is the organisation's to put right, with no command to run on the copy. Pure.
 */
export function restorationNotes(r: Restoration, handedOver: boolean): string[] {
  const out: string[] = [];
  const when = `event ${r.seq}, ${r.at}`;
  // A recover that only wrote again rows changed or deleted by hand says that, not that a backup was put back.
  if (r.recordsTakenBack.length || r.anchorsSetAside.length) {
    if (!handedOver) {
      out.push(`The log was restored from a backup: "somarkiv recover" (${when}) took back ${counted(r.recordsTakenBack.length, "record")} from the store into it and set aside ${counted(r.anchorsSetAside.length, "proof")} of the longer log that was lost.`);
      out.push(logOlderSaid({ lastEvent: r.lastEventBefore, lastEventAt: r.lastEventAt, dnrsMissing: [] })[0]!);
    } else {
      out.push(`The log was put back from a backup in the organisation's own archive before the hand-over (${when}): ${counted(r.recordsTakenBack.length, "record")} ${agreeing(r.recordsTakenBack.length, "was", "were")} taken back into it from the store and ${counted(r.anchorsSetAside.length, "proof")} of the longer log that was lost set aside.`);
      out.push(`That backup ends at ${lastEventSaid(r.lastEventBefore, r.lastEventAt)}: diary numbers and deliveries recorded after that are missing from the copy's log unless they were recorded again. Tell the organisation that handed the copy over; it should compare its records with the registrar's diary, record each number missing in its own archive and hand the records over again; nothing is to be run on the copy.`);
    }
  }
  if (handedOver) {
    // Put right already, in the organisation's archive: what is left is to know who changed its log.
    const there = `in the organisation's own archive before the hand-over (${when}), so the copy's rows say what their events say; the organisation that handed the copy over can say who changed them, and nothing is to be run on the copy`;
    if (r.rowsRewritten.length) out.push(`The log's ${agreeing(r.rowsRewritten.length, "row", "rows")} of ${listed(r.rowsRewritten)} had been changed by hand: what their capture events hold was written back ${there}.`);
    if (r.failedRowsRewritten.length) out.push(`The log's ${agreeing(r.failedRowsRewritten.length, "row of the failed attempt", "rows of the failed attempts")} ${listed(r.failedRowsRewritten)} had been changed by hand: what their chained failure events hold was written back ${there}.`);
    if (r.rowsRebuilt.length) out.push(`The log's ${agreeing(r.rowsRebuilt.length, "row", "rows")} of ${r.rowsRebuilt.join(", ")} had been removed by hand: they were written again from their own events (diary number, state and deliveries) ${there}.`);
    return out;
  }
  if (r.rowsRewritten.length) out.push(`The log's ${agreeing(r.rowsRewritten.length, "row", "rows")} of ${listed(r.rowsRewritten)} had been changed by hand: "somarkiv recover" (${when}) wrote back what their capture events hold, after their objects in the store (or, for a record not stored yet, its copy in the spool) matched those events.`);
  if (r.failedRowsRewritten.length) out.push(`The log's ${agreeing(r.failedRowsRewritten.length, "row of the failed attempt", "rows of the failed attempts")} ${listed(r.failedRowsRewritten)} had been changed by hand: "somarkiv recover" (${when}) wrote back what their chained failure events hold.`);
  if (r.rowsRebuilt.length) out.push(`The log's ${agreeing(r.rowsRebuilt.length, "row", "rows")} of ${r.rowsRebuilt.join(", ")} had been removed by hand: "somarkiv recover" (${when}) wrote them again from their own events (diary number, state and deliveries), after their objects in the store matched those events.`);
  return out;
}

/** A record's state in the log. */
export type RecordStatus = "failed" | "captured" | "stored" | "delivered" | "registered";

/** A record's state as the registrar reads it (records --csv, the log's refusals). */
export const STATUS_SV: Record<RecordStatus, string> = {
  failed: "misslyckad",
  captured: "tagen, väntar på att lagras",
  stored: "lagrad, ännu inte levererad",
  delivered: "levererad",
  registered: "diarieförd",
};

type Events = ReadonlyArray<{ type: string; data: Record<string, unknown> }>;

/**
 * What a record's chained events make it: its state, its diary number (the last one registered), the
 * intakes it is owed to (its capture's, as retargeted since) and those that have it. The one reading of
 * the events that the row is checked against (verify, registered, listings) and rebuilt from (recover),
 * so that none of them can read the history another way. Pure; `status` is undefined without events.
 */
export function replay(events: Events): { status: RecordStatus | undefined; dnr: string | null; targets: string[]; delivered: Set<string> } {
  let status: RecordStatus | undefined;
  let targets: string[] = [];
  let dnr: string | null = null;
  const delivered = new Set<string>();
  for (const e of events) {
    if (e.type === "capture-failed") status = "failed";
    else if (e.type === "captured") { status = "captured"; targets = Array.isArray(e.data.targets) ? e.data.targets.map(String) : []; }
    else if (e.type === "lost" && status === "captured") status = "failed";
    else if (e.type === "found" && status === "failed") status = "captured";
    else if (e.type === "stored" && status === "captured") status = "stored";
    else if (e.type === "delivered") delivered.add(String(e.data.target));
    else if (e.type === "delivery-retargeted") targets = targets.map((t) => (t === String(e.data.from) ? String(e.data.to) : t));
    else if (e.type === "registered") {
      if (typeof e.data.dnr === "string") dnr = e.data.dnr;
      if (status !== "failed" && status !== undefined) status = "registered";
    }
    if (status === "stored" && targets.length > 0 && targets.every((t) => delivered.has(t))) status = "delivered";
  }
  return { status, dnr, targets, delivered };
}

import type { RecordRow } from "./records.ts";

/**
 * What a snapshot's chained "captured" event holds that its row in the records table repeats: the
 * row can be changed by hand with one UPDATE, the event cannot without breaking the chain. Each is
 * named for the operator (verify) and the registrar (the CSV, in Swedish).
 */
const CAPTURED_FIELDS: ReadonlyArray<{ field: keyof RecordRow; event: string; en: string; sv: string }> = [
  { field: "sha256", event: "sha256", en: "the PDF checksum", sv: "PDF:ens kontrollsumma" },
  { field: "manifestSha256", event: "manifestSha256", en: "the manifest checksum", sv: "manifestets kontrollsumma" },
  { field: "bytes", event: "bytes", en: "the PDF size", sv: "PDF:ens storlek" },
  { field: "accountId", event: "accountId", en: "the account", sv: "kontot" },
  { field: "period", event: "period", en: "the period", sv: "perioden" },
  { field: "version", event: "version", en: "the version", sv: "versionen" },
  { field: "url", event: "url", en: "the requested address", sv: "den begärda adressen" },
  { field: "finalUrl", event: "finalUrl", en: "the address reached", sv: "den nådda adressen" },
  { field: "pages", event: "pages", en: "the number of pages", sv: "antalet sidor" },
  { field: "final", event: "final", en: "whether it is a closing record", sv: "slutlig" },
  // Kept in the capture event since these were checked; an older record's event lacks them.
  { field: "capturedAt", event: "capturedAt", en: "the time of capture", sv: "tidpunkten" },
  { field: "consent", event: "consent", en: "the cookie dialog's outcome", sv: "cookie-dialogens utfall" },
  { field: "flags", event: "flags", en: "the remarks (flags)", sv: "anmärkningarna" },
  { field: "httpStatus", event: "httpStatus", en: "the HTTP status", sv: "HTTP-statusen" },
  { field: "previousRecordId", event: "previousRecordId", en: "the previous snapshot", sv: "föregående ögonblicksbild" },
];

export interface CapturedDifference {
  field: keyof RecordRow;
  en: string;
  sv: string;
  row: unknown;
  /** The value the chained event holds, in the row's own form (flags as a list). */
  captured: unknown;
  /** Of a failed attempt: its events recorded the failure, not a capture. */
  failed?: true;
}

/**
 * Where a snapshot's row differs from its "captured" event. A field the event lacks (an older
 * record's) is taken as the row gives it. Failed attempts have no capture to hold them to.
 */
export function capturedDifferences(r: RecordRow, captured: Record<string, unknown> | undefined): CapturedDifference[] {
  if (!captured || r.status === "failed") return [];
  const out: CapturedDifference[] = [];
  for (const f of CAPTURED_FIELDS) {
    const event = captured[f.event];
    if (event === undefined) continue;
    if (f.field === "flags") {
      if (!Array.isArray(event) || r.flags.join(", ") === event.join(", ")) continue;
    } else if (r[f.field] === event) continue;
    out.push({ field: f.field, en: f.en, sv: f.sv, row: r[f.field], captured: event });
  }
  return out;
}

/**
 * What a failed attempt's row repeats of its events: the account, period and address its
 * "capture-failed" event holds (or, for a snapshot lost from the spool, its "captured" event), and why
 * it failed as its last failure event says. Changed by hand, the row would list another account's
 * failure, or another reason, as fact.
 */
const FAILED_FIELDS: ReadonlyArray<{ field: keyof RecordRow; en: string; sv: string }> = [
  { field: "accountId", en: "the account", sv: "kontot" },
  { field: "period", en: "the period", sv: "perioden" },
  { field: "url", en: "the requested address", sv: "den begärda adressen" },
  { field: "reason", en: "the reason it failed", sv: "orsaken" },
  { field: "error", en: "the error", sv: "felet" },
];

/**
 * Where a record's row differs from its chained events in what they recorded of it: a snapshot's
 * against its capture (capturedDifferences), a failed attempt's against its failure. Pure.
 */
export function rowDifferences(r: RecordRow, events: ReadonlyArray<{ type: string; data: Record<string, unknown> }>): CapturedDifference[] {
  const captured = events.find((e) => e.type === "captured")?.data;
  if (r.status !== "failed") return capturedDifferences(r, captured);
  const failure = events.filter((e) => e.type === "capture-failed" || e.type === "lost").at(-1);
  if (!failure) return [];
  const attempt = captured ?? events.find((e) => e.type === "capture-failed")?.data ?? {};
  const recorded: Partial<Record<keyof RecordRow, unknown>> = {
    accountId: attempt.accountId, period: attempt.period, url: attempt.url,
    // A lost snapshot's reason is the loss; its error is the loss's own words.
    reason: failure.type === "lost" ? "spool-lost" : failure.data.reason, error: failure.data.error,
  };
  return FAILED_FIELDS.flatMap((f) => {
    const event = recorded[f.field];
    return event === undefined || r[f.field] === event ? [] : [{ field: f.field, en: f.en, sv: f.sv, row: r[f.field], captured: event, failed: true as const }];
  });
}

/** A difference as verify and the listings say it: "the account in the record (x) is not the one captured (y)". */
export function differenceSaid(d: CapturedDifference): { en: string; sv: string } {
  const shown = (v: unknown) => (Array.isArray(v) ? v.join(", ") : String(v));
  return {
    en: `${d.en} in the record (${shown(d.row)}) is not the one ${d.failed ? "recorded" : "captured"} (${shown(d.captured)})`,
    sv: `${d.sv}: raden ${shownSv(d.row)}, händelserna ${shownSv(d.captured)}`,
  };
}

function shownSv(v: unknown): string {
  if (typeof v === "boolean") return v ? "ja" : "nej";
  if (Array.isArray(v)) return v.length ? v.join(", ") : "(inga)";
  return v === null || v === undefined || v === "" ? "(inget)" : String(v);
}

/** The row with what its capture event holds in place of what was changed by hand. */
export function asCaptured<R extends Partial<RecordRow>>(r: R, differences: CapturedDifference[]): R {
  const out: Record<string, unknown> = { ...(r as object) };
  for (const d of differences) out[d.field] = d.captured;
  return out as R;
}

import type { RecordRow } from "../../log/index.ts";

/**
 * Which of an account's records status speaks of (this half-year's snapshot, the newest of its series,
 * its last failure), chosen from the log's records as their chained events say them (records'
 * listedAsEvents): a row whose account, period or version was changed by hand would otherwise make
 * another account's record, or an older one, the account's newest. Pure.
 */
export interface ChosenRecords {
  /** The account's records, in the listing's order (half-year, time, version). */
  records: RecordRow[];
  /** Its snapshot of `period`, the highest version. */
  current: RecordRow | undefined;
  /** Its snapshot of its newest half-year (a half-year made up later is not the last of the series). */
  last: RecordRow | undefined;
  /** Its last failed attempt at `period`. */
  failure: RecordRow | undefined;
  /** Its snapshot taken last, of any half-year. */
  takenLast: RecordRow | undefined;
}

export function chooseRecords(asEvents: readonly RecordRow[], series: readonly string[], period: string): ChosenRecords {
  const records = asEvents.filter((r) => series.includes(r.accountId))
    .sort((a, b) => cmp(a.period, b.period) || cmp(a.capturedAt, b.capturedAt) || (a.version ?? 0) - (b.version ?? 0));
  const snapshots = records.filter((r) => r.status !== "failed");
  return {
    records,
    current: first(snapshots.filter((r) => r.period === period), (a, b) => (b.version ?? 0) - (a.version ?? 0)),
    last: first(snapshots, (a, b) => cmp(b.period, a.period) || (b.version ?? 0) - (a.version ?? 0)),
    failure: first(records.filter((r) => r.status === "failed" && r.period === period), (a, b) => cmp(b.capturedAt, a.capturedAt)),
    takenLast: first(snapshots, (a, b) => cmp(b.capturedAt, a.capturedAt) || (b.version ?? 0) - (a.version ?? 0)),
  };
}

function first(rows: RecordRow[], order: (a: RecordRow, b: RecordRow) => number): RecordRow | undefined {
  return [...rows].sort(order)[0];
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

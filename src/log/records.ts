import type { Series } from "../config/series.ts";
import type { Db } from "./db.ts";
import { appendEvent, changedAfterWritten, changedEventsNamed, eventsFor } from "./events.ts";
import { replay, STATUS_SV, type RecordStatus } from "./replay.ts";
import { HOLDER, holderIsGone } from "./leases.ts";
import { earliestBySeries, firstSeenPeriods } from "./accounts-seen.ts";
import { asCaptured, capturedDifferences, differenceSaid, rowDifferences, type CapturedDifference } from "./row-events.ts";

/** How long a send's mark is kept at most; a send never takes this long, so an older one was cut off. */
const SENDING_HELD_MS = 7 * 24 * 3_600_000;
const sendingLease = (recordId: string, target: string) => `sending:${recordId} ${target}`;
/** The holder of a send's mark that ended without knowing whether the intake had it: no process, so never "under way". */
const UNSURE = "unsure";

export interface DeliveryRow {
  recordId: string;
  target: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  error: string | null;
  receipt: string | null;
  /**
   * The last error's fact and what a person should do, as its failure event kept them apart (from
   * 2026-12; null for an error of an older log, which is one text): from deliveries() only.
   */
  errorFact?: string | null;
  errorMend?: string | null;
  /** Why the diary number the intake answered with was not taken (a line break in it, far too long); from deliveries() only. */
  dnrRefused?: string | null;
  /**
   * When the delivery began to wait: its first failed try since it was last delivered (null when it
   * has not failed). From deliveries() only; the row keeps no time of a failure.
   */
  waitingSince?: string | null;
}

export interface RecordRow {
  recordId: string;
  accountId: string;
  period: string;
  version: number | null;
  status: RecordStatus;
  final: boolean;
  capturedAt: string;
  url: string;
  finalUrl: string | null;
  httpStatus: number | null;
  sha256: string | null;
  bytes: number | null;
  pages: number | null;
  pdfName: string | null;
  manifestName: string | null;
  manifestSha256: string | null;
  manifestBytes: number | null;
  storageKey: string | null;
  manifestKey: string | null;
  spoolDir: string | null;
  storeAttempts: number;
  nextStoreAt: string | null;
  storeError: string | null;
  dnr: string | null;
  reason: string | null;
  error: string | null;
  consent: string | null;
  flags: string[];
  previousRecordId: string | null;
  textFingerprint: string | null;
  imageFingerprint: string | null;
  failureScreenshot: string | null;
  runId: number | null;
  createdAt: string;
  updatedAt: string;
}

// Each column's name made once: a listing of every record turned some forty names a row over again.
const camelNames = new Map<string, string>();
const camel = (s: string) => {
  let name = camelNames.get(s);
  if (name === undefined) camelNames.set(s, name = s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
  return name;
};

function toRecord(r: Record<string, unknown>): RecordRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[camel(k)] = v;
  out.final = Boolean(r.final);
  out.flags = JSON.parse((r.flags as string) ?? "[]");
  return out as unknown as RecordRow;
}

function toDelivery(r: Record<string, unknown>): DeliveryRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[camel(k)] = v;
  return out as unknown as DeliveryRow;
}

export interface NewCapturedRecord {
  recordId: string;
  accountId: string;
  period: string;
  version: number;
  final: boolean;
  capturedAt: string;
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  sha256: string;
  bytes: number;
  pages: number;
  pdfName: string;
  manifestName: string;
  manifestSha256: string;
  manifestBytes: number;
  spoolDir: string;
  consent: string;
  flags: string[];
  previousRecordId: string | null;
  textFingerprint: string | null;
  imageFingerprint: string | null;
  runId: number | null;
  /** What the registrar files it under, as its sheet and manifest say; kept in the log's "captured" event. */
  filing?: RecordFiling;
  /** The identity of the spool its files were written to (see Spool.identity), kept in its "captured" event. */
  spoolId?: string;
  /** The log and installation that made it, as its manifest says (`madeBy`), kept in its "captured" event. */
  madeBy?: { log: string; installation: string };
}

/**
 * The record sheet's filing details: the title (ärendemening), the collective case and the
 * classification, and why it was taken when it was (capture --reason), when someone said.
 */
export interface RecordFiling {
  title: string;
  collectiveCase?: string;
  classification?: string;
  /**
   * The account's name and service ("Demokommunen", "Facebook"), the archive creator, the document type
   * and the retention, as the sheet says them: records --csv gives them as they were when it was taken,
   * also of an account taken out of the configuration since. Not there in a filing of a record made
   * before somarkiv kept them (2026-12).
   */
  accountName?: string;
  service?: string;
  creator?: string;
  documentType?: string;
  retention?: string;
  takenBecause?: string;
  /**
   * As in the manifest: taken before the capture month (true), or not (false, kept from somarkiv 0.2.0's
   * records on); not there in a filing of a record whose release did not note it either way.
   */
  beforeHalfYearChange?: boolean;
  afterEarlySnapshot?: string;
  /**
   * The words of the consent button the sheet names ("Neka alla"): the log's row keeps only the
   * outcome, and records --csv says what the sheet says.
   */
  consentButton?: string;
  /** As in the manifest: the cookie question was a consent page of its own, which the sheet says ("… på en egen sida"). */
  consentPage?: boolean;
  /** The labels of the buttons of a cookie dialog left over the page, which the sheet names ("knapparna: …"). */
  consentButtonsSeen?: string[];
  /** As in the manifest: taken with the account's saved login session; the log's row does not say it. */
  signedIn?: boolean;
  /**
   * The sheet's remarks (Anmärkningar) as it says them, with what the page's dialogs said and the
   * button a feed goes on behind: the flags alone gave "en dialogruta" for three.
   */
  remarks?: string;
}

export interface NewFailedRecord {
  recordId: string;
  accountId: string;
  period: string;
  final: boolean;
  capturedAt: string;
  url: string;
  finalUrl: string | null;
  httpStatus: number | null;
  reason: string;
  error: string;
  consent: string | null;
  flags: string[];
  failureScreenshot: string | null;
  runId: number | null;
}

/** A closing record (r) that no later snapshot of its account reopened. */
const CLOSING_STANDS = (reopenedUnder: string) => `r.status != 'failed' AND r.final = 1 AND NOT EXISTS (SELECT 1 FROM records o WHERE o.account_id ${reopenedUnder}
  AND o.status != 'failed' AND o.captured_at > r.captured_at AND o.flags LIKE '%"reopened"%')`;

/** SQL matching an account's series: the ids its records are under (seriesIds), its own and its former ones. */
function under(ids: readonly string[]): string {
  return `IN (${ids.map(() => "?").join(",")})`;
}

/**
 * A part of the delivery's last error as its failure event kept it apart (from 2026-12): of the newest
 * delivery-failed event whose whole error is the row's, so that a part never goes with another error.
 */
const LAST_FAILURE_PART = (part: "fact" | "mend") => `(SELECT json_extract(e.data, '$.${part}') FROM events e WHERE e.record_id = d.record_id AND e.type = 'delivery-failed'
  AND json_extract(e.data, '$.target') = d.target AND json_extract(e.data, '$.error') = d.error ORDER BY e.seq DESC LIMIT 1)`;

const DELIVERIES_WITH_REFUSAL = `SELECT d.*, (SELECT json_extract(e.data, '$.dnrRefused') FROM events e WHERE e.record_id = d.record_id AND e.type = 'delivered'
  AND json_extract(e.data, '$.target') = d.target ORDER BY e.seq DESC LIMIT 1) AS dnr_refused,
  ${LAST_FAILURE_PART("fact")} AS error_fact, ${LAST_FAILURE_PART("mend")} AS error_mend,
  CASE WHEN d.status = 'delivered' THEN NULL ELSE (SELECT MIN(e.at) FROM events e WHERE e.record_id = d.record_id AND e.type = 'delivery-failed'
  AND json_extract(e.data, '$.target') = d.target AND e.seq > COALESCE((SELECT MAX(x.seq) FROM events x WHERE x.record_id = d.record_id
  AND x.type = 'delivered' AND json_extract(x.data, '$.target') = d.target), 0)) END AS waiting_since FROM deliveries d`;

/** Every change of a record's state goes through here, in one transaction with its chained event. */
export class RecordStore {
  constructor(readonly db: Db) {}

  private now(): string { return new Date().toISOString(); }

  get(recordId: string): RecordRow | undefined {
    const r = this.db.prepare("SELECT * FROM records WHERE record_id = ?").get(recordId) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }


  /**
   * The record a person means by what they typed: the id, or the name of its file as the registrar
   * sees it in the intake (a_2026-H2_v1.pdf, dragged in with its folder), in any case. Undefined
   * when nothing in the log matches.
   */
  findId(typed: string): string | undefined {
    const name = typed.trim().replace(/^["']|["']$/g, "").split(/[\\/]/).pop()!.replace(/\.(pdf|json)$/i, "");
    if (this.get(name)) return name;
    const same = this.db.prepare("SELECT record_id FROM records WHERE lower(record_id) = lower(?)").all(name) as Array<{ record_id: string }>;
    if (same.length === 1) return same[0]!.record_id;
    if (same.length > 1) return undefined;
    // A record whose row was deleted by hand is still named by its events: found, so that what is
    // said of it is that its row is gone, not that the id was mistyped.
    const named = this.db.prepare("SELECT DISTINCT record_id FROM events WHERE lower(record_id) = lower(?)").all(name) as Array<{ record_id: string }>;
    return named.length === 1 ? named[0]!.record_id : undefined;
  }

  /** `period` one half-year, `periods` any of several (records --period 2025, or given twice). */
  list(filter: { accountId?: string[]; period?: string; periods?: string[] } = {}): RecordRow[] {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.accountId?.length) { where.push(`account_id IN (${filter.accountId.map(() => "?").join(",")})`); args.push(...filter.accountId); }
    const periods = [...(filter.period ? [filter.period] : []), ...(filter.periods ?? [])];
    if (periods.length) { where.push(`period IN (${periods.map(() => "?").join(",")})`); args.push(...periods); }
    const sql = `SELECT * FROM records ${where.length ? "WHERE " + where.join(" AND ") : ""} ORDER BY period, account_id, captured_at, version`;
    return (this.db.prepare(sql).all(...args) as Record<string, unknown>[]).map(toRecord);
  }

  /** Every record that has a diary number, with it: what a new number is compared with (sameNumberNote). */
  numbered(): Array<{ recordId: string; dnr: string }> {
    return this.db.prepare("SELECT record_id AS recordId, dnr FROM records WHERE dnr IS NOT NULL").all() as Array<{ recordId: string; dnr: string }>;
  }

  /** Each snapshot's filing details as its "captured" event keeps them; records made before they were kept have none. */
  filings(): Map<string, RecordFiling> {
    const out = new Map<string, RecordFiling>();
    for (const e of this.db.prepare("SELECT record_id, data FROM events WHERE type = 'captured' AND record_id IS NOT NULL").iterate() as Iterable<{ record_id: string; data: string }>) {
      const filing = (JSON.parse(e.data) as { filing?: RecordFiling }).filing;
      if (filing?.title) out.set(e.record_id, filing);
    }
    return out;
  }

  /** One snapshot's filing details, as filings() gives them, without reading every capture event (status asks for an account's newest). */
  filing(recordId: string): RecordFiling | undefined {
    const e = this.db.prepare("SELECT data FROM events WHERE type = 'captured' AND record_id = ? ORDER BY seq DESC LIMIT 1").get(recordId) as { data: string } | undefined;
    const filing = e && (JSON.parse(e.data) as { filing?: RecordFiling }).filing;
    return filing?.title ? filing : undefined;
  }

  /** Whether recover took the record back from the store: it may have reached the intakes before the log was lost. */
  takenBackFromStore(recordId: string): boolean {
    return this.db.prepare("SELECT 1 FROM events WHERE record_id = ? AND type = 'stored' AND data LIKE '%\"recovered\"%'").get(recordId) !== undefined;
  }

  /**
   * The records the log took back rather than captured, and from where: the spool (a whole record
   * found there after an interrupted capture) or the store (`recover`). Their "captured" events say so.
   */
  takenBack(): Map<string, "spool" | "store"> {
    const out = new Map<string, "spool" | "store">();
    for (const e of this.db.prepare("SELECT record_id, data FROM events WHERE type = 'captured' AND record_id IS NOT NULL AND data LIKE '%\"recovered\"%'").iterate() as Iterable<{ record_id: string; data: string }>) {
      const d = JSON.parse(e.data) as { recovered?: string; takenBackFrom?: "spool" | "store" };
      if (typeof d.recovered !== "string") continue;
      // Taken back before the event named where from: its words say it.
      out.set(e.record_id, d.takenBackFrom ?? (/spool/.test(d.recovered) ? "spool" : "store"));
    }
    return out;
  }

  /** The record's deliveries, each with why a diary number its intake answered with was not taken, from its delivered event. */
  deliveries(recordId: string): DeliveryRow[] {
    return (this.db.prepare(`${DELIVERIES_WITH_REFUSAL} WHERE d.record_id = ? ORDER BY d.target`).all(recordId) as Record<string, unknown>[]).map(toDelivery);
  }

  /**
   * Every record's deliveries, as deliveries() gives each: read at once for status, which asked for
   * them record by record (a statement made anew for each of thousands of records).
   */
  deliveriesByRecord(): Map<string, DeliveryRow[]> {
    const out = new Map<string, DeliveryRow[]>();
    for (const row of this.db.prepare(`${DELIVERIES_WITH_REFUSAL} ORDER BY d.record_id, d.target`).iterate() as Iterable<Record<string, unknown>>) {
      const d = toDelivery(row);
      const list = out.get(d.recordId);
      if (list) list.push(d);
      else out.set(d.recordId, [d]);
    }
    return out;
  }

  /** The newest snapshot (not a failed attempt) of the account for the period, if any. */
  latestSnapshot(series: readonly string[], period?: string): RecordRow | undefined {
    const r = (period
      ? this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND period = ? AND status != 'failed' ORDER BY version DESC LIMIT 1`).get(...series, period)
      : this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND status != 'failed' ORDER BY captured_at DESC, version DESC LIMIT 1`).get(...series)) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /**
   * The account's snapshot of its newest half-year (its newest version): what status calls its last.
   * A missed half-year made up later is taken after the next one's, and is not the last of the series.
   */
  newestInSeries(series: readonly string[]): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND status != 'failed' ORDER BY period DESC, version DESC LIMIT 1`).get(...series) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /**
   * The snapshot before version `version` of `period` in the account's series, in the order of the
   * periods and then of the versions: the one a record names as its previous. A missed half-year
   * made up later is thereby followed by the half-year after it, not preceded by it.
   */
  previousInSeries(series: readonly string[], period: string, version: number): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND status != 'failed' AND (period < ? OR (period = ? AND version < ?)) ORDER BY period DESC, version DESC LIMIT 1`).get(...series, period, period, version) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** The newest snapshot of the account taken for an earlier period (for passive-account comparison). */
  latestSnapshotBefore(series: readonly string[], period: string): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND period < ? AND status != 'failed' ORDER BY period DESC, version DESC LIMIT 1`).get(...series, period) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  latestFailure(series: readonly string[], period: string): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records WHERE account_id ${under(series)} AND period = ? AND status = 'failed' ORDER BY captured_at DESC LIMIT 1`).get(...series, period) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Counted over the whole series, so that a version under the new id follows one taken under a former id. */
  nextVersion(series: readonly string[], period: string): number {
    const r = this.db.prepare(`SELECT MAX(version) AS v FROM records WHERE account_id ${under(series)} AND period = ?`).get(...series, period) as { v: number | null };
    return (r.v ?? 0) + 1;
  }

  /**
   * Every diary number a record has been given, in order, with where it came from and, for a
   * correction, the number it replaced and why: what `registered --correct` keeps.
   */
  registrations(recordId: string): Array<{ dnr: string; at: string; source: string; by?: string; corrects?: string; reason?: string }> {
    return (this.db.prepare("SELECT at, data FROM events WHERE record_id = ? AND type = 'registered' ORDER BY seq").all(recordId) as Array<{ at: string; data: string }>)
      .map((e) => {
        const d = JSON.parse(e.data) as { dnr: string; source?: string; by?: string; corrects?: string; reason?: string };
        return { dnr: d.dnr, at: e.at, source: d.source ?? "cli", ...(d.by ? { by: d.by } : {}), ...(d.corrects ? { corrects: d.corrects, reason: d.reason } : {}) };
      });
  }

  /** Each account's first period in the log, of any record (a snapshot or a failed attempt), by the account whose series it is. */
  firstPeriods(series: Series): Map<string, string> {
    const rows = this.db.prepare("SELECT account_id AS accountId, MIN(period) AS period FROM records GROUP BY account_id").all() as Array<{ accountId: string; period: string }>;
    return earliestBySeries(rows, series);
  }

  /**
   * What the half-year decisions (owedLastHalfYear, gapsInSeries in schedule) read of the log, in one
   * call: each snapshot's account and half-year, each account's first half-year in use (of a record
   * or in the configuration: firstInConfiguration), the accounts ended.
   */
  seriesFacts(series: Series): { snapshots: Array<{ accountId: string; period: string; capturedAt: string }>; firstPeriods: Map<string, string>; ended: string[] } {
    return { snapshots: this.snapshotPeriods(series), firstPeriods: this.firstInConfiguration(series), ended: this.endedAccounts(series) };
  }

  /**
   * Each series' first half-year in use: of its first record, or when the configuration first held it
   * (firstSeenPeriods), whichever came first. An account that was in the file through the end of a
   * half-year owes it though no capture reached it.
   */
  firstInConfiguration(series: Series): Map<string, string> {
    const rows = [...this.firstPeriods(series), ...firstSeenPeriods(this.db, series)].map(([accountId, period]) => ({ accountId, period }));
    return earliestBySeries(rows, { owner: (id) => id });
  }

  /** All (account, period) pairs that have a snapshot; what the schedule needs to decide what is due. */
  snapshotPeriods(series: Series): Array<{ accountId: string; period: string; capturedAt: string }> {
    const rows = this.db.prepare("SELECT account_id AS accountId, period, MAX(captured_at) AS capturedAt FROM records WHERE status != 'failed' GROUP BY account_id, period").all() as Array<{ accountId: string; period: string; capturedAt: string }>;
    // A half-year taken under a former id and again under the new one is one half-year of the series, its newest taking.
    const out = new Map<string, { accountId: string; period: string; capturedAt: string }>();
    for (const r of rows) {
      const s = { ...r, accountId: series.owner(r.accountId) };
      const key = `${s.accountId}\u0000${s.period}`;
      const had = out.get(key);
      if (!had || s.capturedAt > had.capturedAt) out.set(key, s);
    }
    return [...out.values()];
  }

  /**
   * The account's closing record (capture --final), the newest if it has several, unless a snapshot
   * taken after it says the account was kept after all (capture --reopen, flagged "reopened").
   */
  closingRecord(series: readonly string[]): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records r WHERE r.account_id ${under(series)} AND ${CLOSING_STANDS(under(series))} ORDER BY r.captured_at DESC LIMIT 1`).get(...series, ...series) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /**
   * The account's newest closing attempt (capture --final) that failed because its page was not there
   * (the platform's "not found", 404, 410), taken after its last snapshot: the account was gone before
   * a closing record could be taken, and its last snapshot is its last record.
   */
  goneAtClosing(series: readonly string[]): RecordRow | undefined {
    const r = this.db.prepare(`SELECT * FROM records f WHERE f.account_id ${under(series)} AND f.status = 'failed' AND f.final = 1
      AND (f.reason = 'not-found' OR f.http_status IN (404, 410))
      AND NOT EXISTS (SELECT 1 FROM records s WHERE s.account_id ${under(series)} AND s.status != 'failed' AND s.captured_at > f.captured_at)
      ORDER BY f.captured_at DESC LIMIT 1`).get(...series, ...series) as Record<string, unknown> | undefined;
    return r ? toRecord(r) : undefined;
  }

  /** Whether the store holds any record, as the log has it. */
  /** How many records the log has delivered to this intake (by its name, "directory:/srv/inkorg"). */
  deliveredTo(target: string): number {
    return (this.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE target = ? AND status = 'delivered'").get(target) as { n: number }).n;
  }

  /** How many records' deliveries to the target have not been made: waiting for a next try, and given up until a person acts. */
  notDeliveredTo(target: string): { waiting: number; givenUp: number } {
    const r = this.db.prepare("SELECT COUNT(*) FILTER (WHERE status = 'pending') AS waiting, COUNT(*) FILTER (WHERE status = 'failed') AS givenUp FROM deliveries WHERE target = ?").get(target) as { waiting: number; givenUp: number };
    return { waiting: r.waiting, givenUp: r.givenUp };
  }

  /** The record delivered last to this intake: the example its folder's LÄS MIG gives. */
  lastDeliveredTo(target: string): string | undefined {
    return (this.db.prepare("SELECT record_id AS id FROM deliveries WHERE target = ? AND status = 'delivered' ORDER BY delivered_at DESC LIMIT 1").get(target) as { id: string } | undefined)?.id;
  }

  anyStored(): boolean {
    return this.db.prepare("SELECT 1 FROM records WHERE status IN ('stored', 'delivered', 'registered') LIMIT 1").get() !== undefined;
  }

  /**
   * The records stored last, newest first, as the log has them: what the configured store must still
   * hold, looked for before a run stores anything. `store` is where the stored event says it went (events
   * from before it was kept have none).
   */
  latestStored(limit: number): Array<{ recordId: string; accountId: string; period: string; version: number; storageKey: string; store: string | null }> {
    const rows = this.db.prepare(`SELECT r.record_id AS recordId, r.account_id AS accountId, r.period, r.version, r.storage_key AS storageKey, e.data AS data
      FROM records r JOIN events e ON e.record_id = r.record_id AND e.type = 'stored'
      WHERE r.status IN ('stored', 'delivered', 'registered') AND r.storage_key IS NOT NULL AND r.version IS NOT NULL
      ORDER BY e.seq DESC LIMIT ?`).all(limit) as Array<{ recordId: string; accountId: string; period: string; version: number; storageKey: string; data: string }>;
    return rows.map(({ data, ...r }) => {
      let store: unknown;
      try { store = (JSON.parse(data) as { store?: unknown }).store; } catch { /* an event that does not read: no place to name */ }
      return { ...r, store: typeof store === "string" ? store : null };
    });
  }

  /** The accounts whose closing record stands (see closingRecord): none is due again (see decideDue). */
  endedAccounts(series: Series): string[] {
    const closedUnder = (this.db.prepare(`SELECT DISTINCT r.account_id AS id FROM records r WHERE r.status != 'failed' AND r.final = 1`).all() as Array<{ id: string }>).map((r) => r.id);
    // A snapshot under the new id that reopened the account stands against a closing record under a former one.
    const owners = [...new Set(closedUnder.map((id) => series.owner(id)))];
    return owners.filter((owner) => this.closingRecord(series.ids(owner)) !== undefined);
  }

  /** The failed attempts of a period, for the worker's pause after failures (retryPauseMs). */
  failedAttempts(period: string, series: Series): Array<{ accountId: string; period: string; capturedAt: string; url: string }> {
    return (this.db.prepare("SELECT account_id AS accountId, period, captured_at AS capturedAt, url FROM records WHERE status = 'failed' AND period = ?").all(period) as Array<{ accountId: string; period: string; capturedAt: string; url: string }>)
      .map((f) => ({ ...f, accountId: series.owner(f.accountId) }));
  }

  insertCaptured(rec: NewCapturedRecord, targets: string[]): void {
    this.db.transaction(() => this.insertSnapshot(rec, "captured", targets, {})).immediate();
  }

  /** A whole record found in the spool that the log did not know, taken back as captured; `why` says how it was found. */
  insertTakenBack(rec: NewCapturedRecord, targets: string[], why: string): void {
    this.db.transaction(() => this.insertSnapshot(rec, "captured", targets, { recovered: why, takenBackFrom: "spool" })).immediate();
  }

  /** A snapshot's row, its pending deliveries and its "captured" event, in the caller's transaction. */
  private insertSnapshot(rec: Omit<NewCapturedRecord, "spoolDir"> & { spoolDir: string | null }, status: "captured" | "stored", targets: string[], extra: { storageKey?: string; manifestKey?: string; recovered?: string; takenBackFrom?: "spool" | "store" }): void {
    const now = this.now();
    this.db.prepare(`INSERT INTO records (record_id, account_id, period, version, status, final, captured_at, url, final_url, http_status,
      sha256, bytes, pages, pdf_name, manifest_name, manifest_sha256, manifest_bytes, spool_dir, storage_key, manifest_key, consent, flags,
      previous_record_id, text_fingerprint, image_fingerprint, run_id, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      rec.recordId, rec.accountId, rec.period, rec.version, status, rec.final ? 1 : 0, rec.capturedAt, rec.url, rec.finalUrl, rec.httpStatus,
      rec.sha256, rec.bytes, rec.pages, rec.pdfName, rec.manifestName, rec.manifestSha256, rec.manifestBytes, rec.spoolDir,
      extra.storageKey ?? null, extra.manifestKey ?? null, rec.consent, JSON.stringify(rec.flags), rec.previousRecordId,
      rec.textFingerprint, rec.imageFingerprint, rec.runId, now, now);
    const ins = this.db.prepare("INSERT INTO deliveries (record_id, target, status, attempts) VALUES (?, ?, 'pending', 0)");
    for (const t of targets) ins.run(rec.recordId, t);
    appendEvent(this.db, rec.recordId, "captured", {
      accountId: rec.accountId, period: rec.period, version: rec.version, final: rec.final, url: rec.url, finalUrl: rec.finalUrl,
      sha256: rec.sha256, bytes: rec.bytes, pages: rec.pages, manifestSha256: rec.manifestSha256, targets,
      capturedAt: rec.capturedAt, consent: rec.consent, flags: rec.flags, httpStatus: rec.httpStatus, previousRecordId: rec.previousRecordId,
      ...(rec.filing ? { filing: rec.filing } : {}),
      ...(rec.spoolId ? { spool: rec.spoolId } : {}),
      ...(rec.madeBy ? { madeBy: rec.madeBy } : {}),
      ...(extra.recovered ? { recovered: extra.recovered, takenBackFrom: extra.takenBackFrom } : {}),
    });
  }

  /**
   * A record the store holds and the log lost (a log restored from an older backup), taken back as
   * stored: its capture and its storage are written as events now, saying so, with what its manifest
   * says. Whether it reached the registrar before the log was lost is not known, so it is delivered
   * again; the registrar recognises it by its record id.
   */
  insertRecovered(rec: Omit<NewCapturedRecord, "spoolDir" | "runId" | "textFingerprint" | "imageFingerprint">, keys: { storageKey: string; manifestKey: string }, targets: string[]): void {
    const recovered = "taken back from the store after the log was restored from a backup";
    this.db.transaction(() => {
      this.insertSnapshot({ ...rec, spoolDir: null, runId: null, textFingerprint: null, imageFingerprint: null }, "stored", targets, { ...keys, recovered, takenBackFrom: "store" });
      appendEvent(this.db, rec.recordId, "stored", { storageKey: keys.storageKey, manifestKey: keys.manifestKey, sha256: rec.sha256, recovered });
    }).immediate();
  }

  /**
   * A snapshot whose row (and deliveries) were deleted by hand while its chained events stayed: its
   * row is written again as those events make it, its diary number, its state and the deliveries
   * already made with it, so that nothing is delivered twice and no number is lost. Its manifest's
   * size is the one thing the events do not keep; the caller reads it from the store, whose objects it
   * has proven against the events' checksums. Returns why not, when the events do not make a stored
   * snapshot; nothing is written then.
   */
  rebuildFromEvents(recordId: string, manifestBytes: number): string | undefined {
    return this.db.transaction(() => {
      if (this.get(recordId)) return `the log already has a row for record ${recordId}`;
      const ev = eventsFor(this.db, recordId);
      const changed = changedEventsNamed(ev);
      if (changed) return `${changed.en}, and a row is not written from an event that no longer says what was recorded`;
      const captured = ev.find((e) => e.type === "captured")?.data;
      const stored = ev.find((e) => e.type === "stored")?.data;
      const { status, targets, dnr } = replay(ev);
      if (!captured || !stored || !status || status === "captured" || status === "failed") return "its events do not show a snapshot confirmed stored, so there is no stored record to rebuild its row from";
      const now = this.now();
      this.db.prepare(`INSERT INTO records (record_id, account_id, period, version, status, final, captured_at, url, final_url, http_status,
        sha256, bytes, pages, pdf_name, manifest_name, manifest_sha256, manifest_bytes, storage_key, manifest_key, dnr, consent, flags,
        previous_record_id, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        recordId, captured.accountId, captured.period, captured.version, status, captured.final ? 1 : 0, captured.capturedAt ?? ev[0]!.at,
        captured.url, captured.finalUrl ?? null, captured.httpStatus ?? null, captured.sha256, captured.bytes, captured.pages,
        `${recordId}.pdf`, `${recordId}.json`, captured.manifestSha256, manifestBytes, stored.storageKey, stored.manifestKey, dnr,
        captured.consent ?? null, JSON.stringify(Array.isArray(captured.flags) ? captured.flags : []), captured.previousRecordId ?? null, now, now);
      const ins = this.db.prepare("INSERT INTO deliveries (record_id, target, status, attempts, delivered_at, receipt) VALUES (?, ?, ?, ?, ?, ?)");
      for (const t of targets) {
        const done = ev.filter((e) => e.type === "delivered" && e.data.target === t).at(-1);
        const tries = ev.filter((e) => (e.type === "delivered" || e.type === "delivery-failed") && e.data.target === t);
        const gaveUp = !done && tries.at(-1)?.type === "delivery-failed" && tries.at(-1)!.data.permanent === true;
        ins.run(recordId, t, done ? "delivered" : gaveUp ? "failed" : "pending", tries.length, done?.at ?? null, (done?.data.receipt as string | undefined) ?? null);
      }
      return undefined;
    }).immediate();
  }

  /**
   * Writes back into a record's row what its chained capture event holds (a failed attempt's: its
   * failure event), where the row was changed by hand (`recover`, once the store's objects have proven
   * a snapshot's event); the caller records it in its "restored" event. Returns why not, in plain words.
   */
  rewriteFromCapture(recordId: string): string | undefined {
    return this.db.transaction(() => {
      const r = this.get(recordId);
      if (!r) return `the log has no row for record ${recordId}`;
      const events = eventsFor(this.db, recordId);
      const changed = changedEventsNamed(events);
      if (changed) return `${changed.en}, and a row is not written from an event that no longer says what was recorded`;
      const differences = rowDifferences(r, events);
      const set = differences.map((d) => `${d.field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)} = ?`);
      if (!set.length) return undefined;
      const values = differences.map((d) => (d.field === "flags" ? JSON.stringify(d.captured) : d.field === "final" ? (d.captured ? 1 : 0) : d.captured));
      try {
        this.db.prepare(`UPDATE records SET ${set.join(", ")}, updated_at = ? WHERE record_id = ?`).run(...values as Array<string | number | null>, this.now(), recordId);
      } catch (e) {
        // Its account, period and version taken by another row meanwhile (changed by hand as well).
        return `its row cannot be written back: ${(e as Error).message}`;
      }
      return undefined;
    }).immediate();
  }

  insertFailed(rec: NewFailedRecord): void {
    const now = this.now();
    this.db.transaction(() => {
      this.db.prepare(`INSERT INTO records (record_id, account_id, period, version, status, final, captured_at, url, final_url, http_status,
        reason, error, consent, flags, failure_screenshot, run_id, created_at, updated_at)
        VALUES (?, ?, ?, NULL, 'failed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
        rec.recordId, rec.accountId, rec.period, rec.final ? 1 : 0, rec.capturedAt, rec.url, rec.finalUrl, rec.httpStatus,
        rec.reason, rec.error, rec.consent, JSON.stringify(rec.flags), rec.failureScreenshot, rec.runId, now, now);
      appendEvent(this.db, rec.recordId, "capture-failed", { accountId: rec.accountId, period: rec.period, url: rec.url, reason: rec.reason, error: rec.error });
    }).immediate();
  }

  /** `store`: the store's description ("S3 bucket … at …"), kept in the event so that later messages can say where it went. */
  markStored(recordId: string, storageKey: string, manifestKey: string, sha256: string, store?: string): void {
    this.db.transaction(() => {
      const r = this.get(recordId);
      if (!r) throw new Error(`No record ${recordId} in the log.`);
      if (r.status !== "captured") return; // already stored by an earlier attempt
      this.db.prepare("UPDATE records SET status = 'stored', storage_key = ?, manifest_key = ?, store_error = NULL, next_store_at = NULL, updated_at = ? WHERE record_id = ?")
        .run(storageKey, manifestKey, this.now(), recordId);
      appendEvent(this.db, recordId, "stored", { storageKey, manifestKey, sha256, ...(store ? { store } : {}) });
      this.settleStatus(recordId);
    }).immediate();
  }

  /**
   * A record whose spool copy is gone or damaged before the store confirmed it can never be stored: it
   * becomes a failed attempt (reason spool-lost), so the account is due again and the next capture takes a
   * new version. Its version number stays taken, and nothing was delivered, so its deliveries are dropped.
   */
  markLost(recordId: string, error: string): void {
    this.db.transaction(() => {
      const r = this.get(recordId);
      if (!r || r.status !== "captured") return;
      this.db.prepare("UPDATE records SET status = 'failed', reason = 'spool-lost', error = ?, next_store_at = NULL, updated_at = ? WHERE record_id = ?")
        .run(error, this.now(), recordId);
      this.db.prepare("DELETE FROM deliveries WHERE record_id = ? AND status != 'delivered'").run(recordId);
      appendEvent(this.db, recordId, "lost", { error });
    }).immediate();
  }

  /**
   * A record marked lost whose spool files came back, as its "captured" event's checksums say (copied in
   * from the old server after the first run on a new one had found them missing): it waits to be stored
   * again, owed to the intakes its events say it is owed to.
   */
  markFound(recordId: string, how: string): void {
    this.db.transaction(() => {
      const r = this.get(recordId);
      if (!r || r.status !== "failed" || r.reason !== "spool-lost") return;
      this.db.prepare("UPDATE records SET status = 'captured', reason = NULL, error = NULL, store_error = NULL, next_store_at = NULL, updated_at = ? WHERE record_id = ?")
        .run(this.now(), recordId);
      appendEvent(this.db, recordId, "found", { how });
      const { targets, delivered } = replay(eventsFor(this.db, recordId));
      const ins = this.db.prepare("INSERT OR IGNORE INTO deliveries (record_id, target, status, attempts) VALUES (?, ?, 'pending', 0)");
      for (const t of targets) if (!delivered.has(t)) ins.run(recordId, t);
    }).immediate();
  }

  /** What a record's "captured" event says of its spool files: the spool's identity and the checksums as captured. */
  spoolAtCapture(recordId: string): { spoolId: string | null; sha256: string | null; manifestSha256: string | null } {
    const data = eventsFor(this.db, recordId).find((e) => e.type === "captured")?.data ?? {};
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    return { spoolId: text(data.spool), sha256: text(data.sha256), manifestSha256: text(data.manifestSha256) };
  }

  markStoreFailed(recordId: string, error: string, nextAt: Date): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE records SET store_attempts = store_attempts + 1, store_error = ?, next_store_at = ?, updated_at = ? WHERE record_id = ?")
        .run(error, nextAt.toISOString(), this.now(), recordId);
      appendEvent(this.db, recordId, "store-failed", { error });
    }).immediate();
  }

  /**
   * The intake has the record. A diary number it answered with is the record's, unless the record
   * already has another (given with `registered` while the delivery waited): the delivery is done all
   * the same, since the intake took the record and sending it again would register it again, and the
   * log keeps the first number. The clash is returned, for a person to settle; the delivered event
   * keeps the number not taken, and why a number the log cannot keep (`dnrRefused`) was not taken, so
   * that status and records say it until a person records the right one.
   */
  /**
   * A record delivered again at a person's asking (deliver --again: the intake lost its copy). A chained
   * event of its own, beside the first delivery's: its deliveries are as they were. A diary number the
   * intake answers with is taken as a first delivery's is (markDelivered): the record's number when it
   * has none; another beside the one it has is a clash returned for a person to settle, the number not
   * taken kept in the event.
   */
  markDeliveredAgain(recordId: string, target: string, receipt: string, by: string, dnr?: string): DnrClash | undefined {
    return this.db.transaction(() => {
      const clash = dnr ? this.dnrClash(recordId, dnr) : undefined;
      appendEvent(this.db, recordId, "delivered-again", { target, receipt, by, ...(clash ? { dnrNotTaken: clash.dnrNotTaken } : {}) });
      if (dnr && !clash) this.registerInTx(recordId, dnr, target, by);
      return clash;
    }).immediate();
  }

  /** Each delivery made again (deliver --again), oldest first. */
  deliveredAgain(recordId: string): Array<{ target: string; at: string; by: string }> {
    return (this.db.prepare("SELECT at, data FROM events WHERE record_id = ? AND type = 'delivered-again' ORDER BY seq").all(recordId) as Array<{ at: string; data: string }>)
      .map((e) => { const d = JSON.parse(e.data) as { target: string; by: string }; return { target: d.target, at: e.at, by: d.by }; });
  }

  markDelivered(recordId: string, target: string, receipt: string, dnr?: string, dnrRefused?: string): DnrClash | undefined {
    return this.db.transaction(() => {
      const d = this.db.prepare("SELECT status FROM deliveries WHERE record_id = ? AND target = ?").get(recordId, target) as { status: string } | undefined;
      if (!d || d.status === "delivered") return undefined;
      const now = this.now();
      this.db.prepare("UPDATE deliveries SET status = 'delivered', attempts = attempts + 1, delivered_at = ?, receipt = ?, error = NULL, next_attempt_at = NULL WHERE record_id = ? AND target = ?")
        .run(now, receipt, recordId, target);
      const clash = dnr ? this.dnrClash(recordId, dnr) : undefined;
      appendEvent(this.db, recordId, "delivered", { target, receipt, ...(clash ? { dnrNotTaken: clash.dnrNotTaken } : {}), ...(dnrRefused ? { dnrRefused } : {}) });
      this.sendEnded(recordId, target);
      if (dnr && !clash) this.registerInTx(recordId, dnr, `${target}`);
      this.settleStatus(recordId);
      return clash;
    }).immediate();
  }

  /**
   * Whether an intake's diary number cannot be the record's, decided as `registered` decides it: by the
   * last number its chained events registered, not its row. A row whose number was removed or forged
   * by hand, or whose state was set back, would otherwise take the intake's number as a first one over
   * the history, or refuse it with an error in the middle of the worker's delivery. Either is a clash,
   * for a person to settle; undefined when the number can be taken.
   */
  private dnrClash(recordId: string, dnr: string): DnrClash | undefined {
    const r = this.get(recordId);
    const registered = this.registrations(recordId).at(-1)?.dnr ?? null;
    const kept = registered ?? r?.dnr ?? null;
    const rowAsEvents = r !== undefined && (r.dnr ?? null) === registered && r.status !== "failed" && r.status !== "captured";
    if (rowAsEvents && (kept === null || kept === dnr)) return undefined;
    return { dnrNotTaken: dnr, kept, ...(rowAsEvents ? {} : { rowChanged: true as const }) };
  }

  /**
   * A delivery that waits for an intake no longer configured goes to the one that replaced it (its
   * address corrected, as a failed delivery's message asked): tried afresh, and the log says so.
   */
  retargetDelivery(recordId: string, from: string, to: string): void {
    this.db.transaction(() => {
      const moved = this.db.prepare("UPDATE deliveries SET target = ?, status = 'pending', attempts = 0, error = NULL, next_attempt_at = NULL WHERE record_id = ? AND target = ? AND status != 'delivered'").run(to, recordId, from);
      if (moved.changes) appendEvent(this.db, recordId, "delivery-retargeted", { from, to });
    }).immediate();
  }

  /**
   * A send to the intake begins: held as a lease of this process until it ends (delivered or failed).
   * One whose process is gone when the next try comes was cut off, and the intake may have taken it
   * (a mail server that had the message and had not yet answered). A lease, not a column: no fact of
   * the record's, and an older somarkiv can still open the log.
   */
  markSending(recordId: string, target: string): void {
    this.db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at")
      .run(sendingLease(recordId, target), HOLDER, Date.now() + SENDING_HELD_MS);
  }

  /** When a send to the intake began whose process is gone without ending it, or that ended not knowing whether it arrived; or undefined. */
  sendCutOff(recordId: string, target: string): string | undefined {
    const row = this.db.prepare("SELECT holder, expires_at FROM leases WHERE name = ?").get(sendingLease(recordId, target)) as { holder: string; expires_at: number } | undefined;
    return row && (row.holder === UNSURE || holderIsGone(row.holder)) ? new Date(row.expires_at - SENDING_HELD_MS).toISOString() : undefined;
  }

  private sendEnded(recordId: string, target: string): void {
    this.db.prepare("DELETE FROM leases WHERE name = ?").run(sendingLease(recordId, target));
  }

  /**
   * `error`: the whole error, as the row keeps it; `parts`: its fact, mend and next, kept apart in the
   * event so that a listing that says the next try itself shows the error without its own (errorFact,
   * errorMend of deliveries()). `mayHaveArrived`: the intake may have it though it did not say so; the
   * next try says it may be a second copy.
   */
  markDeliveryFailed(recordId: string, target: string, error: string, nextAt: Date | null, mayHaveArrived = false, parts?: { fact: string; mend?: string; next?: string }): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE deliveries SET status = ?, attempts = attempts + 1, error = ?, next_attempt_at = ? WHERE record_id = ? AND target = ?")
        .run(nextAt ? "pending" : "failed", error, nextAt?.toISOString() ?? null, recordId, target);
      appendEvent(this.db, recordId, "delivery-failed", { target, error, permanent: !nextAt, ...(parts ? { fact: parts.fact, ...(parts.mend ? { mend: parts.mend } : {}), ...(parts.next ? { next: parts.next } : {}) } : {}) });
      if (mayHaveArrived) this.db.prepare("UPDATE leases SET holder = ? WHERE name = ?").run(UNSURE, sendingLease(recordId, target));
      else this.sendEnded(recordId, target);
    }).immediate();
  }

  /** Record the registrar's diary number. A different number already recorded is an error naming both. */
  register(recordId: string, dnr: string, source = "cli", by?: string): RecordRow {
    return this.db.transaction(() => {
      this.rowAsItsEvents(recordId);
      this.registerInTx(recordId, dnr, source, by);
      return this.get(recordId)!;
    }).immediate();
  }

  /**
   * Replaces a diary number given by mistake. The record carries the new one; the log keeps the
   * first, with the correction and its reason, as a new registration that names what it corrects.
   */
  correctRegistration(recordId: string, dnr: string, reason: string, source = "cli", by?: string): RecordRow {
    return this.db.transaction(() => {
      const r = this.rowAsItsEvents(recordId);
      if (!r.dnr) throw new RegisterError(`Record ${recordId} has no diary number yet, so there is nothing to correct; give it its number without --correct.`, `Handlingen ${recordId} har inget diarienummer än, så det finns inget att rätta; ge den sitt nummer utan --correct.`);
      if (r.dnr !== dnr) {
        this.db.prepare("UPDATE records SET dnr = ?, updated_at = ? WHERE record_id = ?").run(dnr, this.now(), recordId);
        appendEvent(this.db, recordId, "registered", { dnr, source, ...(by ? { by } : {}), corrects: r.dnr, reason });
      }
      return this.get(recordId)!;
    }).immediate();
  }

  /**
   * The record's row, when it says what its chained events say: its diary number the last one
   * registered, its status the one they lead to (replay), as verify checks them. A row
   * changed by hand (a number forged, taken away, a status set back) would otherwise be what a
   * registration or a correction builds on, and the chain would then record the forgery as history
   * that verify finds sound. Refused instead, with nothing written; the registrar cannot mend the
   * log, so the message says who can.
   */
  private rowAsItsEvents(recordId: string): RecordRow {
    const r = this.get(recordId);
    const events = eventsFor(this.db, recordId);
    if (!r && events.length) throw new RegisterError(
      `The log's row for record ${recordId} was removed, though its events show that the record existed: the log was changed outside somarkiv. ${TAMPERED_EN}`,
      `Loggens rad för handlingen ${recordId} har tagits bort, fast dess händelser visar att handlingen fanns: loggen har ändrats utanför somarkiv. ${TAMPERED_SV}`);
    if (!r) throw new RegisterError(`There is no record ${recordId} in the log. Check the id with "somarkiv records".`, `Det finns ingen handling ${recordId} i loggen. Se efter handlingens id med "somarkiv records".`);
    const { en, sv, eventsChanged } = rowAgainstEvents(r, events);
    if (eventsChanged) throw new RegisterError(
      `The log's events for record ${recordId} were changed outside somarkiv (${en.join("; ")}), so they cannot say whether it may be registered. ${TAMPERED_EN}`,
      `Loggens händelser för handlingen ${recordId} har ändrats utanför somarkiv (${sv.join("; ")}), så de kan inte säga om den kan diarieföras. ${TAMPERED_SV}`);
    if (en.length) throw new RegisterError(
      `The log's row for record ${recordId} does not match its events (${en.join("; ")}): it was changed outside somarkiv. ${TAMPERED_EN}`,
      `Loggens rad för handlingen ${recordId} stämmer inte med dess händelser (${sv.join("; ")}): den har ändrats utanför somarkiv. ${TAMPERED_SV}`);
    return r;
  }

  /** `by`: who gave the number, as the machine knows them (user@host), for the archive that takes the log over. */
  private registerInTx(recordId: string, dnr: string, source: string, by?: string): void {
    const r = this.get(recordId);
    if (!r) throw new RegisterError(`There is no record ${recordId} in the log. Check the id with "somarkiv records".`, `Det finns ingen handling ${recordId} i loggen. Se efter handlingens id med "somarkiv records".`);
    if (r.status === "failed") throw new RegisterError(`Record ${recordId} is a failed capture, not a snapshot; it cannot be registered.`, `${recordId} är ett misslyckat försök att ta en ögonblicksbild, ingen ögonblicksbild; det kan inte diarieföras.`);
    // Not yet stored, it has not reached the registrar either, and a registered record is no longer
    // one the store is waiting for: it would never be stored, and would be delivered unconfirmed.
    if (r.status === "captured") throw new RegisterError(`Record ${recordId} is not stored yet (it waits in the spool), so the registrar cannot have it; check the record id. Once it is stored and delivered ("somarkiv status" shows it), it can be registered.`, `Handlingen ${recordId} är inte lagrad än, så registratorn kan inte ha fått den; se efter att id:t är rätt. När den är lagrad och levererad kan den diarieföras.`);
    if (r.dnr === dnr) return;
    if (r.dnr) throw new RegisterError(`Record ${recordId} is already registered as ${r.dnr}; it cannot also be ${dnr}. If ${r.dnr} was a mistake, correct it with: somarkiv registered ${recordId} --dnr "${dnr}" --correct "the reason"`, `Handlingen ${recordId} är redan diarieförd som ${r.dnr} och kan inte också bli ${dnr}. Var ${r.dnr} fel, rätta det med: somarkiv registered ${recordId} --dnr "${dnr}" --correct "skälet"`);
    this.db.prepare("UPDATE records SET dnr = ?, status = 'registered', updated_at = ? WHERE record_id = ?").run(dnr, this.now(), recordId);
    appendEvent(this.db, recordId, "registered", { dnr, source, ...(by ? { by } : {}) });
  }

  /** stored → delivered once every target has it; registered stays registered (see replay). */
  private settleStatus(recordId: string): void {
    const r = this.get(recordId)!;
    if (r.status !== "stored") return;
    const open = this.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE record_id = ? AND status != 'delivered'").get(recordId) as { n: number };
    const all = this.db.prepare("SELECT COUNT(*) AS n FROM deliveries WHERE record_id = ?").get(recordId) as { n: number };
    if (all.n > 0 && open.n === 0) this.db.prepare("UPDATE records SET status = 'delivered', updated_at = ? WHERE record_id = ?").run(this.now(), recordId);
  }

  /**
   * The records whose rows do not say what their chained events say (a diary number or a state
   * changed by hand, a row with no events, a row deleted while its events stayed), each with how: for
   * every listing that shows rows as fact. One read of the log, no store. `rows`, when given, are every
   * record's row as list() read them.
   */
  rowsNotAsEvents(rows?: readonly RecordRow[]): RowNotAsEvents[] {
    const events = new Map<string, EventsOfRow>();
    for (const e of this.db.prepare("SELECT seq, at, record_id, type, data, prev_hash, hash FROM events WHERE record_id IS NOT NULL ORDER BY seq").iterate() as Iterable<{ seq: number; at: string; record_id: string; type: string; data: string; prev_hash: string; hash: string }>) {
      const list = events.get(e.record_id) ?? [];
      if (!list.length) events.set(e.record_id, list);
      list.push({ seq: e.seq, type: e.type, data: JSON.parse(e.data) as Record<string, unknown>, ...(changedAfterWritten(e) ? { changed: true as const } : {}) });
    }
    const out: RowNotAsEvents[] = [];
    // Rows the caller has read already (status, every record) are not read again, but taken in the same order.
    const inOrder = rows ? [...rows].sort((a, b) => Buffer.compare(Buffer.from(a.recordId), Buffer.from(b.recordId)))
      : (this.db.prepare("SELECT * FROM records ORDER BY record_id").all() as Array<Record<string, unknown>>).map(toRecord);
    for (const r of inOrder) {
      const { en, sv, asEvents, eventsChanged } = rowAgainstEvents(r, events.get(r.recordId) ?? []);
      if (en.length) out.push({ recordId: r.recordId, en: en.join("; "), sv: sv.join("; "), asEvents, ...(eventsChanged ? { eventsChanged } : {}) });
      events.delete(r.recordId);
    }
    for (const id of events.keys()) out.push({ recordId: id, en: "its row was removed while its events stayed", sv: "dess rad har tagits bort men dess händelser finns kvar", asEvents: {} });
    return out;
  }

  /**
   * The records whose chained "captured" event gives this checksum to their PDF or manifest: what a
   * file is, by what the log recorded when the record was made, not by a row that can be changed by hand.
   */
  capturedWithChecksum(sha256: string): Array<{ recordId: string; part: "pdf" | "manifest" }> {
    return (this.db.prepare(`SELECT record_id AS recordId, json_extract(data, '$.sha256') = ? AS pdf FROM events
      WHERE type = 'captured' AND record_id IS NOT NULL AND (json_extract(data, '$.sha256') = ? OR json_extract(data, '$.manifestSha256') = ?) ORDER BY seq`)
      .all(sha256, sha256, sha256) as Array<{ recordId: string; pdf: number }>).map((r) => ({ recordId: r.recordId, part: r.pdf ? "pdf" as const : "manifest" as const }));
  }

  /** One record's row against its chained events (see rowsNotAsEvents); undefined when they agree. */
  /**
   * Where a snapshot's row differs from what its chained capture event recorded (none for a failed
   * attempt): what deliver, deliver --again and recover each hold a record to.
   */
  /**
   * That the record's own events were changed after they were written, as a clause in both languages;
   * undefined when none was. What deliver, deliver --again and recover say instead of blaming its row.
   */
  eventsChanged(recordId: string): { en: string; sv: string } | undefined {
    return changedEventsNamed(eventsFor(this.db, recordId));
  }

  capturedChanges(r: RecordRow): CapturedDifference[] {
    return capturedDifferences(r, eventsFor(this.db, r.recordId).find((e) => e.type === "captured")?.data);
  }

  /**
   * Where a failed attempt's row differs from what its chained failure event recorded (its account,
   * period, address, why it failed): what recover writes back, as it does a snapshot's from its capture.
   */
  failureChanges(r: RecordRow): CapturedDifference[] {
    return r.status === "failed" ? rowDifferences(r, eventsFor(this.db, r.recordId)) : [];
  }

  rowNotAsEvents(r: RecordRow): RowNotAsEvents | undefined {
    const { en, sv, asEvents, eventsChanged } = rowAgainstEvents(r, eventsFor(this.db, r.recordId));
    return en.length ? { recordId: r.recordId, en: en.join("; "), sv: sv.join("; "), asEvents, ...(eventsChanged ? { eventsChanged } : {}) } : undefined;
  }

  /** Whether any record of this log was written to the spool of this id (its "captured" event names it). */
  wroteToSpool(spoolId: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM events WHERE type = 'captured' AND json_extract(data, '$.spool') = ? LIMIT 1").get(spoolId);
  }

  /** When the latest record this log has that `installation` made (its "captured" event's `madeBy`) was taken; null for none. */
  lastCapturedAt(installation: string): string | null {
    const row = this.db.prepare("SELECT max(json_extract(data, '$.capturedAt')) AS at FROM events WHERE type = 'captured' AND json_extract(data, '$.madeBy.installation') = ?").get(installation) as { at: string | null } | undefined;
    return row?.at ?? null;
  }

  /** Whether this log has a record that `installation` made, taken after `after` (any, when null) and before `before`. */
  capturedAtBetween(installation: string, after: string | null, before: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM events WHERE type = 'captured' AND json_extract(data, '$.madeBy.installation') = ? AND json_extract(data, '$.capturedAt') > ? AND json_extract(data, '$.capturedAt') < ? LIMIT 1").get(installation, after ?? "", before);
  }

  /** The records this log knows, by id: a spool folder is named by its record's id. */
  knowsRecord(recordId: string): boolean {
    return !!this.db.prepare("SELECT 1 FROM records WHERE record_id = ?").get(recordId);
  }

  /** Records that still have a spool folder; cheap (no page text), since it runs before every capture and delivery. */
  spooled(): Array<{ recordId: string; status: RecordStatus; spoolDir: string }> {
    return this.db.prepare("SELECT record_id AS recordId, status, spool_dir AS spoolDir FROM records WHERE spool_dir IS NOT NULL").all() as Array<{ recordId: string; status: RecordStatus; spoolDir: string }>;
  }

  clearSpool(recordId: string): void {
    this.db.prepare("UPDATE records SET spool_dir = NULL, updated_at = ? WHERE record_id = ?").run(this.now(), recordId);
  }

  /** Records not yet confirmed by the store. */
  pendingStores(): RecordRow[] {
    return (this.db.prepare("SELECT * FROM records WHERE status = 'captured' ORDER BY captured_at").all() as Record<string, unknown>[]).map(toRecord);
  }

  /** Deliveries still to make, for stored records only (the registrar never gets what the store has not confirmed). */
  pendingDeliveries(): Array<DeliveryRow & { record: RecordRow }> {
    const rows = this.db.prepare(`SELECT d.* FROM deliveries d JOIN records r ON r.record_id = d.record_id
      WHERE d.status = 'pending' AND r.status IN ('stored','delivered','registered') ORDER BY r.captured_at`).all() as Record<string, unknown>[];
    return rows.map((d) => ({ ...toDelivery(d), record: this.get(d.record_id as string)! }));
  }

  /** Deliveries that have not arrived (pending or given up), for status. */
  openDeliveries(): DeliveryRow[] {
    return (this.db.prepare("SELECT * FROM deliveries WHERE status != 'delivered' ORDER BY record_id").all() as Record<string, unknown>[]).map(toDelivery);
  }
}

/**
 * How a record's row differs from what its chained events make it: its diary number, its state, and
 * what its capture recorded (checksums, account, period, time, addresses, consent, remarks), as
 * verify checks them (and the store besides). Empty when they agree; `asEvents` holds the events'
 * values of the fields that differ, for a listing to give in place of the row's.
 */
/** A record's events as rowAgainstEvents reads them. */
type EventsOfRow = Array<{ seq: number; type: string; data: Record<string, unknown>; changed?: true }>;

function rowAgainstEvents(r: RecordRow, events: EventsOfRow): { en: string[]; sv: string[]; asEvents: Partial<RecordRow>; eventsChanged?: true } {
  // An event changed after it was written says nothing of the record: a row held to it was blamed for
  // the change, and recover wrote the changed value into it. The row is shown as it stands.
  const changed = changedEventsNamed(events);
  if (changed) {
    return {
      en: [changed.en],
      sv: [changed.sv],
      asEvents: {},
      eventsChanged: true,
    };
  }
  const { dnr: registered, status } = replay(events);
  const en: string[] = [];
  const sv: string[] = [];
  const asEvents: Partial<RecordRow> = {};
  if (events.length === 0) { en.push("it has no events at all"); sv.push("den har inga händelser alls"); }
  if ((r.dnr ?? null) !== registered) {
    en.push(`the row gives diary number ${r.dnr ?? "(none)"}, the events ${registered ?? "none"}`);
    sv.push(`raden har diarienummer ${r.dnr ?? "(inget)"}, händelserna ${registered ?? "inget"}`);
    asEvents.dnr = registered;
  }
  if (status && r.status !== status) {
    en.push(`the row says it is ${r.status}, the events that it is ${status}`);
    sv.push(`raden säger att den är ${STATUS_SV[r.status] ?? r.status}, händelserna att den är ${STATUS_SV[status] ?? status}`);
    asEvents.status = status;
  }
  const differences = rowDifferences(r, events);
  for (const d of differences) {
    const said = differenceSaid(d);
    en.push(said.en);
    sv.push(said.sv);
  }
  return { en, sv, asEvents: asCaptured(asEvents, differences) };
}

/**
 * A record whose row does not say what its chained events say: how, in both languages, and the events'
 * values. With `eventsChanged`, its events were changed after they were written: its row is shown as it stands.
 */
export interface RowNotAsEvents { recordId: string; en: string; sv: string; asEvents: Partial<RecordRow>; eventsChanged?: true }

const TAMPERED_EN = `Nothing was recorded. Run "somarkiv verify", which says what was changed and how to put it right, or ask IT to.`;
const TAMPERED_SV = `Inget sparades. Kör "somarkiv verify", som säger vad som ändrats och hur det rättas, eller be IT göra det.`;

/**
 * An intake's diary number not taken: the record has another (`kept`, from its events, or its row's
 * when the events have none), or its row in the log was changed outside somarkiv (`rowChanged`).
 */
export interface DnrClash { dnrNotTaken: string; kept: string | null; rowChanged?: true }

/** A diary number refused; `sv` says it to the registrar, who runs `registered`, in Swedish. */
export class RegisterError extends Error {
  constructor(message: string, readonly sv: string) { super(message); this.name = "RegisterError"; }
}

import crypto from "node:crypto";
import type { Db } from "./db.ts";

export type EventType =
  | "captured" | "capture-failed" | "stored" | "store-failed"
  | "delivered" | "delivered-again" | "delivery-failed" | "delivery-retargeted" | "registered" | "verified" | "interrupted" | "lost" | "found" | "restored";

export interface LogEvent {
  seq: number;
  at: string;
  recordId: string | null;
  type: EventType;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /**
   * Set by eventsFor on an event whose content no longer matches its hash: changed after it was written,
   * and no evidence of what happened. Nothing is put right from it, nor a row blamed against it.
   */
  changed?: true;
}

const GENESIS = "0".repeat(64);

export function eventHash(prevHash: string, seq: number, at: string, recordId: string | null, type: string, data: string): string {
  return crypto.createHash("sha256").update(`${prevHash}\n${JSON.stringify([seq, at, recordId, type, data])}`).digest("hex");
}

/** Append one event, chained to the last. Call inside the caller's transaction so state and event land together. */
export function appendEvent(db: Db, recordId: string | null, type: EventType, data: Record<string, unknown>, at = new Date()): LogEvent {
  const last = db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const atIso = at.toISOString();
  const json = JSON.stringify(data);
  const hash = eventHash(prevHash, seq, atIso, recordId, type, json);
  db.prepare("INSERT INTO events (seq, at, record_id, type, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)").run(seq, atIso, recordId, type, json, prevHash, hash);
  return { seq, at: atIso, recordId, type, data, prevHash, hash };
}

export interface ChainProblem { seq: number; problem: string }

/**
 * Walk the whole chain; every break (edited, inserted or removed event) is named by its sequence number,
 * in a sentence that stands on its own. The chain has no secret key: someone who can write the database
 * can recompute every hash after an edit. What that cannot undo are the heads already anchored outside
 * the database (see record/verify.ts) and the checksums in the object store.
 */
export function checkChain(db: Db): { events: number; lastSeq: number; head: string; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prev = GENESIS;
  let expectedSeq = 1;
  let n = 0;
  for (const row of db.prepare("SELECT seq, at, record_id, type, data, prev_hash, hash FROM events ORDER BY seq").iterate() as Iterable<{ seq: number; at: string; record_id: string | null; type: string; data: string; prev_hash: string; hash: string }>) {
    n++;
    if (row.seq !== expectedSeq) {
      const gap = row.seq - 1 > expectedSeq ? `events ${expectedSeq}–${row.seq - 1} are` : `event ${expectedSeq} is`;
      problems.push({ seq: row.seq, problem: row.seq > expectedSeq ? `${gap} missing before event ${row.seq} (removed from the log)` : `event ${row.seq} is out of order (added to the log by hand)` });
    } else if (row.prev_hash !== prev) {
      problems.push({ seq: row.seq, problem: `event ${row.seq} (${row.type}) does not follow the event before it: the chain is broken there (an event was removed, replaced or added)` });
    }
    if (changedAfterWritten(row)) problems.push({ seq: row.seq, problem: `event ${row.seq} (${row.type}${row.record_id ? `, record ${row.record_id}` : ""}) was changed after it was written: its content does not match its hash` });
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return { events: n, lastSeq: expectedSeq - 1, head: prev, problems };
}

/** The hash of one event, or undefined when there is no event with that number. */
export function eventHashAt(db: Db, seq: number): string | undefined {
  return (db.prepare("SELECT hash FROM events WHERE seq = ?").get(seq) as { hash: string } | undefined)?.hash;
}

/** Each time `somarkiv recover` took records back after a restore, with the proofs of the lost log it set aside, and the rows deleted by hand it wrote again from their events. */
export function restorations(db: Db): Array<{ seq: number; at: string; recordsTakenBack: string[]; anchorsSetAside: string[]; rowsRebuilt: string[]; rowsRewritten: Array<{ recordId: string; fields: string[] }>; failedRowsRewritten: Array<{ recordId: string; fields: string[] }>; lastEventBefore: number; lastEventAt: string | null; dnrsMissing: Array<{ recordId: string; dnr: string; namedBy: string }> }> {
  return (db.prepare("SELECT seq, at, data FROM events WHERE type = 'restored' ORDER BY seq").all() as Array<{ seq: number; at: string; data: string }>)
    .map((e) => {
      const d = JSON.parse(e.data) as { recordsTakenBack?: string[]; anchorsSetAside?: string[]; rowsRebuilt?: string[]; rowsRewritten?: Array<{ recordId: string; fields: string[] }>; failedRowsRewritten?: Array<{ recordId: string; fields: string[] }>; lastEventBefore?: number; lastEventAt?: string; dnrsMissing?: Array<{ recordId: string; dnr: string; namedBy: string }> };
      const lastEventBefore = d.lastEventBefore ?? 0;
      // A restore recorded before the event kept its time: the backup's last event is still in the chain.
      const lastEventAt = d.lastEventAt ?? (db.prepare("SELECT at FROM events WHERE seq = ?").get(lastEventBefore) as { at: string } | undefined)?.at ?? null;
      return { seq: e.seq, at: e.at, recordsTakenBack: d.recordsTakenBack ?? [], anchorsSetAside: d.anchorsSetAside ?? [], rowsRebuilt: d.rowsRebuilt ?? [], rowsRewritten: d.rowsRewritten ?? [], failedRowsRewritten: d.failedRowsRewritten ?? [], lastEventBefore, lastEventAt, dnrsMissing: d.dnrsMissing ?? [] };
    });
}

/** The proofs of the log's head that verifications left in the store, as their events name them. */
export function anchorsLeft(db: Db): Array<{ seq: number; at: string; key: string }> {
  return (db.prepare("SELECT seq, at, data FROM events WHERE type = 'verified' ORDER BY seq").all() as Array<{ seq: number; at: string; data: string }>)
    .flatMap((e) => {
      const key = (JSON.parse(e.data) as { anchorKey?: string | null }).anchorKey;
      return typeof key === "string" && key ? [{ seq: e.seq, at: e.at, key }] : [];
    });
}

/** Record ids that events name but the records table does not have (a record row deleted by hand). */
export function recordIdsOnlyInEvents(db: Db): string[] {
  return (db.prepare("SELECT DISTINCT e.record_id AS id FROM events e LEFT JOIN records r ON r.record_id = e.record_id WHERE e.record_id IS NOT NULL AND r.record_id IS NULL ORDER BY e.record_id").all() as Array<{ id: string }>).map((r) => r.id);
}

export function eventsFor(db: Db, recordId: string): LogEvent[] {
  return (db.prepare("SELECT * FROM events WHERE record_id = ? ORDER BY seq").all(recordId) as Array<{ seq: number; at: string; record_id: string | null; type: EventType; data: string; prev_hash: string; hash: string }>)
    .map((r) => ({ seq: r.seq, at: r.at, recordId: r.record_id, type: r.type, data: JSON.parse(r.data), prevHash: r.prev_hash, hash: r.hash, ...(changedAfterWritten(r) ? { changed: true as const } : {}) }));
}

/** Whether an event's content (as the log holds it, data as written) no longer matches its hash. */
export function changedAfterWritten(r: { seq: number; at: string; record_id: string | null; type: string; data: string; prev_hash: string; hash: string }): boolean {
  return eventHash(r.prev_hash, r.seq, r.at, r.record_id, r.type, r.data) !== r.hash;
}

/** That a record's events were changed after they were written, as a clause ("its event 4 (captured) was changed after it was written"). */
export function changedEventsNamed(events: ReadonlyArray<{ seq: number; type: string; changed?: true }>): { en: string; sv: string } | undefined {
  const changed = events.filter((e) => e.changed);
  if (!changed.length) return undefined;
  const list = changed.map((e) => `${e.seq} (${e.type})`).join(", ");
  return changed.length > 1
    ? { en: `its events ${list} were changed after they were written`, sv: `dess händelser ${list} har ändrats efter att de skrevs` }
    : { en: `its event ${list} was changed after it was written`, sv: `dess händelse ${list} har ändrats efter att den skrevs` };
}

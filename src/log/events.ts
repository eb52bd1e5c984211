import crypto from "node:crypto";
import type { Db } from "./db.ts";

export type EventType =
  | "captured" | "capture-failed" | "stored" | "store-failed"
  | "delivered" | "delivery-failed" | "registered" | "verified" | "interrupted";

export interface LogEvent {
  seq: number;
  at: string;
  recordId: string | null;
  type: EventType;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
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

/** Walk the whole chain; every break (edited, inserted or removed event) is named by its sequence number. */
export function checkChain(db: Db): { events: number; head: string; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  let prev = GENESIS;
  let expectedSeq = 1;
  let n = 0;
  for (const row of db.prepare("SELECT seq, at, record_id, type, data, prev_hash, hash FROM events ORDER BY seq").iterate() as Iterable<{ seq: number; at: string; record_id: string | null; type: string; data: string; prev_hash: string; hash: string }>) {
    n++;
    if (row.seq !== expectedSeq) problems.push({ seq: row.seq, problem: `event ${expectedSeq}${row.seq - 1 > expectedSeq ? `–${row.seq - 1}` : ""} is missing (removed from the log)` });
    if (row.prev_hash !== prev) problems.push({ seq: row.seq, problem: "does not follow the event before it (the chain is broken)" });
    const h = eventHash(row.prev_hash, row.seq, row.at, row.record_id, row.type, row.data);
    if (h !== row.hash) problems.push({ seq: row.seq, problem: "its content was changed after it was written (hash mismatch)" });
    prev = row.hash;
    expectedSeq = row.seq + 1;
  }
  return { events: n, head: prev, problems };
}

export function eventsFor(db: Db, recordId: string): LogEvent[] {
  return (db.prepare("SELECT * FROM events WHERE record_id = ? ORDER BY seq").all(recordId) as Array<{ seq: number; at: string; record_id: string | null; type: EventType; data: string; prev_hash: string; hash: string }>)
    .map((r) => ({ seq: r.seq, at: r.at, recordId: r.record_id, type: r.type, data: JSON.parse(r.data), prevHash: r.prev_hash, hash: r.hash }));
}

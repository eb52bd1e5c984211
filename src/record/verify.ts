import type { ObjectStore } from "../storage/types.ts";
import { recordKey } from "../storage/index.ts";
import { appendEvent, checkChain, eventsFor, type RecordLog, type RecordRow } from "../log/index.ts";

export interface VerifyProblem {
  recordId?: string;
  key?: string;
  problem: string;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  objects: number;
  bytes: number;
  events: number;
  chainHead: string;
  problems: VerifyProblem[];
}

/**
 * Prove the archive: every stored object re-read in a stream and hashed against the log, the event
 * chain walked, each record's state checked against its events, and objects the log does not know named.
 */
export async function verifyArchive(log: RecordLog, store: ObjectStore, progress: (line: string) => void): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const chain = checkChain(log.db);
  for (const p of chain.problems) problems.push({ problem: `event log: event ${p.seq} ${p.problem}` });

  const records = log.records.list();
  const known = new Set<string>();
  let objects = 0;
  let bytes = 0;
  const started = Date.now();
  let lastReport = started;
  for (const r of records) {
    problems.push(...checkAgainstEvents(log, r));
    if (r.status === "failed" || r.version === null) continue;
    const keys = [
      { key: recordKey(r.period, r.accountId, r.version, "pdf"), sha256: r.sha256, size: r.bytes, what: "PDF" },
      { key: recordKey(r.period, r.accountId, r.version, "json"), sha256: r.manifestSha256, size: r.manifestBytes, what: "manifest" },
    ];
    for (const k of keys) known.add(k.key);
    if (r.status === "captured") continue; // not stored yet: it waits in the spool, status shows it
    for (const k of keys) {
      const got = await store.hash(k.key);
      objects++;
      if (!got) {
        problems.push({ recordId: r.recordId, key: store.fullKey(k.key), problem: `the ${k.what} is missing from ${store.description}` });
        continue;
      }
      bytes += got.bytes;
      if (got.sha256 !== k.sha256) problems.push({ recordId: r.recordId, key: got.fullKey, problem: `the ${k.what} has changed: its SHA-256 is ${got.sha256}, the log says ${k.sha256}` });
      else if (k.size !== null && got.bytes !== k.size) problems.push({ recordId: r.recordId, key: got.fullKey, problem: `the ${k.what} is ${got.bytes} bytes, the log says ${k.size}` });
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        progress(`verify: ${objects} objects, ${(bytes / 1024 / 1024).toFixed(0)} MB read (${((bytes / 1024 / 1024) / ((Date.now() - started) / 1000)).toFixed(0)} MB/s)`);
      }
    }
  }
  for await (const o of store.list()) {
    if (!known.has(o.key)) problems.push({ key: store.fullKey(o.key), problem: `an object in ${store.description} that the log does not know (${o.bytes} bytes); somarkiv did not record it` });
  }
  const report: VerifyReport = { ok: problems.length === 0, records: records.length, objects, bytes, events: chain.events, chainHead: chain.head, problems };
  if (report.ok) {
    log.db.transaction(() => appendEvent(log.db, null, "verified", { records: report.records, objects, bytes, chainHead: chain.head })).immediate();
  }
  return report;
}

/** A record's row must agree with what its events say happened to it. */
function checkAgainstEvents(log: RecordLog, r: RecordRow): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const ev = eventsFor(log.db, r.recordId);
  const say = (problem: string) => out.push({ recordId: r.recordId, problem: `the log disagrees with its events: ${problem}` });
  if (ev.length === 0) { say("the record has no events at all (added to the log by hand?)"); return out; }
  if (r.status === "failed") {
    if (!ev.some((e) => e.type === "capture-failed")) say("it is marked failed but no failure was recorded");
    return out;
  }
  const captured = ev.find((e) => e.type === "captured");
  if (!captured) say("no capture event");
  else if (captured.data.sha256 !== r.sha256) say(`the PDF checksum in the record (${r.sha256}) is not the one captured (${String(captured.data.sha256)})`);
  else if (captured.data.manifestSha256 !== r.manifestSha256) say("the manifest checksum in the record is not the one captured");
  const stored = ev.find((e) => e.type === "stored");
  if (r.status !== "captured" && !stored) say(`it is marked ${r.status} but was never confirmed stored`);
  if (r.status === "captured" && stored) say("it was stored but is marked captured");
  const registered = ev.filter((e) => e.type === "registered").at(-1);
  if ((r.dnr ?? null) !== ((registered?.data.dnr as string | undefined) ?? null)) say(`the diary number ${r.dnr ?? "(none)"} is not the one registered (${String(registered?.data.dnr ?? "none")})`);
  for (const d of log.records.deliveries(r.recordId)) {
    if (d.status === "delivered" && !ev.some((e) => e.type === "delivered" && e.data.target === d.target)) say(`delivery to ${d.target} is marked done but was never recorded`);
  }
  return out;
}

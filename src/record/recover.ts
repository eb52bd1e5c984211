/**
 * After the log is restored from an older backup, the store still holds the records made since, which
 * the log no longer knows: the registrar cannot have their diary numbers recorded, `status` does not
 * count them, and `verify` names them and the log as cut short. `recoverFromStore` takes each such
 * record back into the log, as stored, when its manifest and its PDF prove it (the manifest names the
 * record and holds the PDF's checksum). The proofs in the store of the longer log that was lost are set
 * aside in one event that says so, so that `verify` can pass again without hiding that it happened.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ObjectStore } from "../storage/types.ts";
import type { Spool } from "../spool/index.ts";
import { parseRecordKey, recordKey, sha256File } from "../storage/index.ts";
import { appendEvent, checkChain, eventsFor, recordIdsOnlyInEvents, restorations, type RecordLog, type RecordRow } from "../log/index.ts";
import { asCaptured } from "../log/row-events.ts";
import { checkAnchor, parseAnchorKey } from "./verify.ts";
import { parseFormatKey } from "./format-description.ts";
import type { Manifest } from "./types.ts";
import { recordId as makeRecordId } from "./metadata.ts";
import { whyNotTakenBack, type LogOlder } from "./taken-back.ts";
import { recordRowFromManifest } from "./log-row.ts";
import { anchorInstallation, installationOf, madeElsewhereSaid } from "./installation.ts";

export interface RecoverReport {
  takenBack: Array<{ recordId: string; capturedAt: string }>;
  /** Objects the log does not know that could not be taken back, and why. */
  notTaken: Array<{ key: string; why: string }>;
  /** Proofs of the lost, longer log (verify's anchors) set aside. */
  anchorsSetAside: string[];
  /**
   * Set when the log is older than what somarkiv wrote (the store holds records or proofs of events
   * past its end): its last event then, and the diary numbers the store's later manifests name (as
   * their previous snapshot's) that the log lacks. Numbers and deliveries recorded after that event
   * are missing from the log.
   */
  logOlder?: LogOlder;
  /** Records whose row was deleted by hand, written again as their own events make them. */
  rowsRebuilt: Array<{ recordId: string; status: string; dnr: string | null }>;
  /** Records whose row was changed by hand in what their capture recorded, written back from their capture event. */
  rowsRewritten: Array<{ recordId: string; fields: string[] }>;
  /**
   * Failed attempts whose row was changed by hand (their account, period, address, reason, error),
   * written back from their chained failure event: they have no objects, the chain is their proof.
   */
  failedRowsRewritten: Array<{ recordId: string; fields: string[] }>;
  /**
   * Set when proofs in the store, or records' manifests (`madeBy`), are of another installation's log
   * (see installation.ts): nothing was taken back, as its records are not this log's lost ones, unless
   * recover was told to. `seq` is a proof's event.
   */
  otherInstallations?: Array<{ installation: string; key: string; seq?: number }>;
}

export async function recoverFromStore(log: RecordLog, store: ObjectStore, targets: string[], progress: (line: string) => void, opts: { fromOtherInstallation?: boolean; newLog?: boolean; spool?: Spool } = {}): Promise<RecoverReport> {
  const out: RecoverReport = { takenBack: [], notTaken: [], anchorsSetAside: [], rowsRebuilt: [], rowsRewritten: [], failedRowsRewritten: [] };
  // First the records whose rows alone are gone: their events still hold their history, which a
  // taking back from the manifest would lose (their diary number, the deliveries already made).
  for (const id of recordIdsOnlyInEvents(log.db)) {
    const why = await rebuildRow(log, store, id);
    if (why) {
      out.notTaken.push({ key: id, why: `the log's row for this record was removed by hand, and it cannot be written again from its events: ${why}` });
      progress(`recover: row NOT rebuilt: ${id}: ${why}`);
      continue;
    }
    const r = log.records.get(id)!;
    out.rowsRebuilt.push({ recordId: id, status: r.status, dnr: r.dnr });
    progress(`recover: rebuilt the row of ${id} from its events (${r.status}${r.dnr ? `, ${r.dnr}` : ""})`);
  }
  // Then the rows changed by hand in what their capture recorded (an account, a period, a checksum):
  // their objects are in the store under the names their events give, and would otherwise be taken
  // for records the log does not know. A failed attempt's, in what its failure recorded, likewise.
  for (const r of log.records.list()) {
    if (r.status === "failed") { rewriteFailedRow(log, r, out, progress); continue; }
    const changed = log.records.capturedChanges(r);
    if (!changed.length) continue;
    const eventsChanged = log.records.eventsChanged(r.recordId);
    if (eventsChanged) {
      out.notTaken.push({ key: r.recordId, why: `its row does not match its events, but ${eventsChanged.en.replace(/^its /, "the record's ")}, so nothing is written from them; "somarkiv verify" says what to do` });
      progress(`recover: row NOT written back: ${r.recordId}: ${eventsChanged.en}`);
      continue;
    }
    // One not stored yet is proven by its copy in the spool, the only one there is.
    const why = r.status === "captured"
      ? await rewriteWaitingRow(log, opts.spool, r.recordId, asCaptured(r, changed))
      : await rewriteRow(log, store, r.recordId, asCaptured(r, changed));
    if (why) {
      out.notTaken.push({ key: r.recordId, why: `the log's row for this record was changed by hand, and it cannot be written back from its events: ${why}` });
      progress(`recover: row NOT written back: ${r.recordId}: ${why}`);
      continue;
    }
    out.rowsRewritten.push({ recordId: r.recordId, fields: changed.map((d) => d.en) });
    progress(`recover: wrote back into the row of ${r.recordId} what its capture event holds (${changed.map((d) => d.en).join(", ")})`);
  }
  const known = new Set<string>();
  for (const r of log.records.list()) {
    if (r.version !== null) for (const ext of ["pdf", "json"] as const) known.add(recordKey(r.period, r.accountId, r.version, ext));
  }
  const lastSeqBefore = checkChain(log.db).lastSeq;
  const namedPrevious: Array<{ recordId: string; dnr: string; namedBy: string }> = [];
  const manifests: string[] = [];
  const pdfs = new Set<string>();
  const anchors: Array<{ key: string; seq: number; hash: string }> = [];
  for await (const o of store.list()) {
    const anchor = parseAnchorKey(o.key);
    if (anchor) { anchors.push({ key: o.key, ...anchor }); continue; }
    // The description of the format that travels with the records: no record to take back.
    if (parseFormatKey(o.key)) continue;
    if (known.has(o.key)) continue;
    const named = parseRecordKey(o.key);
    if (!named) { out.notTaken.push({ key: store.fullKey(o.key), why: "not named as a record of somarkiv's" }); continue; }
    if (named.ext === "json") manifests.push(o.key);
    else pdfs.add(o.key);
  }
  // Another installation still writing to this store is not a restore: its records are its own log's.
  const others: NonNullable<RecoverReport["otherInstallations"]> = [];
  const setAsideEarlier = new Set(restorations(log.db).flatMap((r) => r.anchorsSetAside));
  for (const a of anchors) {
    // One set aside by an earlier recover was taken as a restore's then (or told to be): not asked again.
    if (setAsideEarlier.has(a.key) || !checkAnchor(log, lastSeqBefore, a)) continue;
    const other = await anchorInstallation(store, a.key);
    if (other && other.installation !== installationOf(log)) others.push({ installation: other.installation, key: store.fullKey(a.key), seq: a.seq });
  }
  // Oldest first, so that each account's versions come back in their order.
  manifests.sort((a, b) => a.localeCompare(b, "en", { numeric: true }));

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-recover-"));
  try {
    // Each manifest read first: one that another installation made while this one ran (a trial server
    // given the archive's bucket, the old server left running after a move) is that installation's,
    // also where no proof of its log's head is. A new log (--new-log) has an id of its own, and every
    // record it takes back names the lost one.
    const read: Array<{ key: string; local: string }> = [];
    for (const key of manifests) {
      const local = path.join(tmp, `${read.length}.json`);
      await store.download(key, local);
      read.push({ key, local });
      const other = opts.newLog ? undefined : madeElsewhereSaid(log, fs.readFileSync(local, "utf8"));
      if (other) others.push({ installation: other.installation, key: store.fullKey(key) });
    }
    if (others.length) {
      out.otherInstallations = others;
      if (!opts.fromOtherInstallation) return { ...out, notTaken: [] };
    }
    for (const { key, local } of read) {
      const { period, accountId, version } = parseRecordKey(key)!;
      const pdfKey = recordKey(period, accountId, version, "pdf");
      pdfs.delete(pdfKey);
      const why = await takeBack(log, store, key, pdfKey, { period, accountId, version }, targets, local);
      if (typeof why === "string") {
        out.notTaken.push({ key: store.fullKey(key), why });
        progress(`recover: NOT taken back: ${store.fullKey(key)}: ${why}`);
      } else {
        if (why.previous) namedPrevious.push({ ...why.previous, namedBy: why.recordId });
        out.takenBack.push({ recordId: why.recordId, capturedAt: why.capturedAt });
        progress(`recover: took back ${why.recordId} (captured ${why.capturedAt})`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const key of pdfs) out.notTaken.push({ key: store.fullKey(key), why: "a record's PDF without its manifest, which says what the record is; it is kept in the store as it is" });

  // A proof the log no longer holds is what a restore leaves (the log ends before it, or has gone on
  // with other events since). The data cannot tell a restore from a log rewritten by hand; running
  // recover is the operator saying it was a restore, and the event says so for good, and verify with it.
  const lastSeqNow = checkChain(log.db).lastSeq;
  const setAsideBefore = new Set(restorations(log.db).flatMap((r) => r.anchorsSetAside));
  for (const a of anchors) {
    if (!setAsideBefore.has(a.key) && checkAnchor(log, lastSeqNow, a)) out.anchorsSetAside.push(a.key);
  }
  // Records made, or events proven, after the log's end: the log is a backup older than what was lost,
  // and whatever was recorded after its last event (registrations, deliveries) is gone from it.
  if (out.takenBack.length || out.anchorsSetAside.length) {
    out.logOlder = {
      lastEvent: lastSeqBefore,
      lastEventAt: (log.db.prepare("SELECT at FROM events WHERE seq = ?").get(lastSeqBefore) as { at: string } | undefined)?.at ?? null,
      dnrsMissing: namedPrevious.filter((p) => log.records.get(p.recordId) && log.records.get(p.recordId)!.dnr !== p.dnr),
    };
  }
  if (out.takenBack.length || out.anchorsSetAside.length || out.rowsRebuilt.length || out.rowsRewritten.length || out.failedRowsRewritten.length) {
    log.db.transaction(() => appendEvent(log.db, null, "restored", {
      lastEventBefore: lastSeqBefore, recordsTakenBack: out.takenBack.map((t) => t.recordId), anchorsSetAside: out.anchorsSetAside,
      ...(out.rowsRebuilt.length ? { rowsRebuilt: out.rowsRebuilt.map((r) => r.recordId) } : {}),
      ...(out.rowsRewritten.length ? { rowsRewritten: out.rowsRewritten } : {}),
      ...(out.failedRowsRewritten.length ? { failedRowsRewritten: out.failedRowsRewritten } : {}),
      ...(out.logOlder ? { lastEventAt: out.logOlder.lastEventAt, dnrsMissing: out.logOlder.dnrsMissing } : {}),
    })).immediate();
  }
  return out;
}

/**
 * Writes again the row of a record whose events the log holds, when the store holds its two objects
 * with the checksums its capture event gives; returns why not, in plain words.
 */
async function rebuildRow(log: RecordLog, store: ObjectStore, recordId: string): Promise<string | undefined> {
  const captured = eventsFor(log.db, recordId).find((e) => e.type === "captured")?.data as { accountId?: string; period?: string; version?: number; sha256?: string; manifestSha256?: string } | undefined;
  if (!captured?.accountId || !captured.period || typeof captured.version !== "number") return "its events hold no capture of a snapshot (a failed attempt leaves nothing in the store to prove it by)";
  const [pdf, manifest] = await Promise.all((["pdf", "json"] as const).map((ext) => store.hash(recordKey(captured.period!, captured.accountId!, captured.version!, ext))));
  if (!pdf || !manifest) return `its ${!pdf ? "PDF" : "manifest"} is missing from ${store.description}`;
  if (pdf.sha256 !== captured.sha256 || manifest.sha256 !== captured.manifestSha256) return `its ${pdf.sha256 !== captured.sha256 ? "PDF" : "manifest"} in ${store.description} is not the one its capture event gives the checksum of`;
  return log.records.rebuildFromEvents(recordId, manifest.bytes);
}

/**
 * Writes back a failed attempt's row changed by hand from its chained failure event, and says so. No
 * object proves it, nor needs to: a failed attempt has none, and its event is in the chain verify holds.
 */
function rewriteFailedRow(log: RecordLog, r: RecordRow, out: RecoverReport, progress: (line: string) => void): void {
  const changed = log.records.failureChanges(r);
  if (!changed.length) return;
  const why = log.records.rewriteFromCapture(r.recordId);
  if (why) {
    out.notTaken.push({ key: r.recordId, why: `the log's row for this failed attempt was changed by hand, and it cannot be written back from its failure event: ${why}` });
    progress(`recover: row NOT written back: ${r.recordId}: ${why}`);
    return;
  }
  out.failedRowsRewritten.push({ recordId: r.recordId, fields: changed.map((d) => d.en) });
  progress(`recover: wrote back into the row of the failed attempt ${r.recordId} what its failure event holds (${changed.map((d) => d.en).join(", ")})`);
}

/** Writes back a changed row when the store holds its two objects as its capture event gives them; returns why not. */
async function rewriteRow(log: RecordLog, store: ObjectStore, recordId: string, c: RecordRow): Promise<string | undefined> {
  if (c.version === null) return "its capture event gives it no version";
  const [pdf, manifest] = await Promise.all((["pdf", "json"] as const).map((ext) => store.hash(recordKey(c.period, c.accountId, c.version!, ext))));
  if (!pdf || !manifest) return `its ${!pdf ? "PDF" : "manifest"} is missing from ${store.description} under the name its capture event gives`;
  if (pdf.sha256 !== c.sha256 || manifest.sha256 !== c.manifestSha256) return `its ${pdf.sha256 !== c.sha256 ? "PDF" : "manifest"} in ${store.description} is not the one its capture event gives the checksum of`;
  return log.records.rewriteFromCapture(recordId);
}

/** Writes back the changed row of a record waiting in the spool when its copy there is as its capture event gives it; returns why not. */
async function rewriteWaitingRow(log: RecordLog, spool: Spool | undefined, recordId: string, c: RecordRow): Promise<string | undefined> {
  if (!spool) return "it waits in the spool, which was not looked in";
  const copy = await spool.inspect({ ...c, spoolId: log.records.spoolAtCapture(recordId).spoolId }, { hash: true })
    .catch((e: Error) => ({ state: "away" as const, why: `its files could not be read (${e.message.split("\n")[0]})` }));
  if (copy.state !== "whole") return `it waits in the spool, not stored yet, and its copy there is not as its capture event gives it: ${copy.why}`;
  return log.records.rewriteFromCapture(recordId);
}

/** Takes one record back into the log; returns why not, in plain words, when its objects do not prove it. */
async function takeBack(
  log: RecordLog, store: ObjectStore, manifestKey: string, pdfKey: string, named: { period: string; accountId: string; version: number },
  targets: string[], local: string,
): Promise<{ recordId: string; capturedAt: string; previous?: { recordId: string; dnr: string } } | string> {
  const bytes = fs.readFileSync(local);
  let m: Manifest;
  try {
    m = JSON.parse(bytes.toString("utf8")) as Manifest;
  } catch {
    return "its manifest is not readable JSON";
  }
  const recordId = makeRecordId(named.accountId, named.period, named.version);
  if (m?.schema !== "somarkiv-manifest/1") return "its manifest is not a somarkiv manifest";
  if (m.recordId !== recordId || m.accountId !== named.accountId || m.period !== named.period || m.version !== named.version) {
    return `its manifest names another record (${String(m.recordId)}) than its place in the store`;
  }
  const pdfName = `${recordId}.pdf`;
  const expected = m.files?.[pdfName];
  if (!expected?.sha256) return "its manifest does not hold the PDF's checksum";
  const pdf = await store.hash(pdfKey);
  if (!pdf) return "its PDF is missing from the store";
  if (pdf.sha256 !== expected.sha256) return `its PDF does not match the checksum its manifest holds (SHA-256 ${pdf.sha256}, the manifest says ${expected.sha256})`;
  if (log.records.get(recordId)) return `the log already has a record ${recordId}, with other objects`;
  // The checksums prove only that the two objects belong together: what the log knows, and the PDF's
  // own metadata, must not speak against the record the manifest says it is.
  const pdfLocal = `${local}.pdf`;
  await store.download(pdfKey, pdfLocal);
  const refused = whyNotTakenBack(log, { accountId: m.accountId, period: m.period, version: m.version, capturedAt: m.capturedAt }, fs.readFileSync(pdfLocal));
  fs.rmSync(pdfLocal, { force: true });
  if (refused) return refused;
  log.records.insertRecovered(recordRowFromManifest(m, { sha256: pdf.sha256, bytes: pdf.bytes, manifestSha256: (await sha256File(local)).sha256, manifestBytes: bytes.length }),
    { storageKey: pdf.fullKey, manifestKey: store.fullKey(manifestKey) }, targets);
  // The diary number its previous snapshot had when it was made: one the log may have lost with its backup.
  const previous = typeof m.previousRecordId === "string" && typeof m.previousRecordDnr === "string" ? { recordId: m.previousRecordId, dnr: m.previousRecordDnr } : undefined;
  return { recordId, capturedAt: m.capturedAt, ...(previous ? { previous } : {}) };
}


import { agreeing, counted } from "../words/counted.ts";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ObjectStore, StoredObject } from "../storage/types.ts";
import { StorageError, parseRecordKey, recordKey, silenceOf } from "../storage/index.ts";
import { addVerification, anchorsLeft, appendEvent, changedEventsNamed, checkChain, eventsFor, eventHashAt, missingEventGuards, recordIdsOnlyInEvents, replay, restorations, type RecordLog, type RecordRow } from "../log/index.ts";
import { TOOL_VERSION } from "./version.ts";
import { asCaptured, capturedDifferences, differenceSaid, rowDifferences, type CapturedDifference } from "../log/row-events.ts";
import { FORMAT_PREFIX, describeFormatIn, parseFormatKey } from "./format-description.ts";
import { logLocked } from "./local-failure.ts";
import { intakeEn } from "./metadata.ts";
import type { Spool, SpoolCopy } from "../spool/index.ts";
import { anchorInstallation, installationOf, madeElsewhere, otherInstallationSaid } from "./installation.ts";
import { restorationNotes } from "./restored-notes.ts";
import { PUT_RIGHT_BY_ORGANISATION, cutShortInCopy, failedRowChangedInCopy, numberMissingInCopy, otherInstallationInCopy, rowChangedInCopy, rowGoneFromCopy, spoolFileWrongInCopy, strangerUnderRecordName, strangersInCopy, unknownInSpoolInCopy, waitingInSpoolInCopy } from "./handed-over.ts";
import { COMPARE_WITH_DIARY, TAKEN_BACK_EN, lastEventSaid, unknownInSpool, unknownInSpoolSaid } from "./taken-back.ts";
import { takeAgainCommand } from "./take-again.ts";
import { periodOf, SWEDISH_TIME } from "../schedule/period.ts";

export interface VerifyProblem {
  recordId?: string;
  key?: string;
  seq?: number;
  problem: string;
  /** A stored file of a record that is missing or no longer its bytes: a copy with the log's checksum puts it back. */
  fileToPutBack?: true;
  /** What `somarkiv recover` puts right (a row deleted by hand, a log put back from a backup). */
  recover?: true;
  /** An object the store answered with an error for (refused, failed): neither proven nor known to be missing. */
  unchecked?: true;
}

/** How long the store is given to answer a first question: one that takes the connection and says nothing held verify for an hour. */
const STORE_LOOK_MS = 15_000;

export interface VerifyReport {
  ok: boolean;
  records: number;
  /** Of `records`, the failed attempts: they have no PDF or manifest, only their row and events. */
  failedAttempts: number;
  objects: number;
  bytes: number;
  events: number;
  chainHead: string;
  /** Log heads anchored in the store by earlier verifications that were checked against the chain. */
  anchorsChecked: number;
  /** The anchor this verification left in the store, when it passed. */
  anchor?: { key: string; seq: number; hash: string };
  problems: VerifyProblem[];
  /** Things to know that do not make the archive wrong (e.g. the anchor could not be written). */
  notes: string[];
  /** The log was put back from a backup ending at this event: what was recorded after it is missing from the log (see notes). */
  restoredFromBackup?: { lastEvent: number; lastEventAt: string | null };
  /** The objects missing are one fault, the store not where they were stored (see notes): nothing to put back one by one. */
  storeLooksMoved?: boolean;
  /** Other installations whose proofs in the store are of a chain that is not this log's: not a restore. */
  otherInstallations?: string[];
  /** Records captured and whole in the spool, not stored yet: not in the archive, though nothing is wrong (see notes). */
  waitingToBeStored: number;
}

/**
 * Anchoring the chain's head outside the database.
 *
 * The hash chain shows any edit or removal in the middle of the log, but not a log cut short at its end:
 * removing the last events (and setting the records' rows back to match) leaves a shorter chain that is
 * perfectly consistent. So each successful verification writes the head it proved — the number and hash
 * of the last event — as a small object in the record store itself, under ANCHOR_PREFIX, with both in the
 * object's name. The store is the part an attacker with access to the database cannot easily rewrite at
 * the same time: it is another system, somarkiv never overwrites or deletes there, and with S3 Object
 * Lock nobody can. Every later verification checks each anchor: the chain must still reach that event and
 * the event must still have that hash; otherwise the log was cut short or rewritten, and verify says so.
 * Records themselves are anchored the same way: their objects are in the store, and an object the log
 * does not know is reported.
 */
export const ANCHOR_PREFIX = "_log-anchors/";
const ANCHOR_NAME = /^_log-anchors\/(\d{10})-([0-9a-f]{64})\.json$/;

export function anchorKey(seq: number, hash: string): string {
  return `${ANCHOR_PREFIX}${String(seq).padStart(10, "0")}-${hash}.json`;
}

export function parseAnchorKey(key: string): { seq: number; hash: string } | undefined {
  const m = ANCHOR_NAME.exec(key);
  return m ? { seq: Number(m[1]), hash: m[2] } : undefined;
}

/**
 * Prove the archive: every stored object re-read in a stream and hashed against the log, the event
 * chain walked and held against the heads anchored in the store, each record's state checked against its
 * events, and objects the log does not know named.
 */
export async function verifyArchive(log: RecordLog, store: ObjectStore, spool: Spool, progress: (line: string) => void, opts: { readOnly?: boolean; readOnlyDisk?: boolean; asked?: boolean; timezone?: string } = {}): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const notes: string[] = [];
  const chain = checkChain(log.db);
  for (const p of chain.problems) problems.push({ seq: p.seq, problem: `the event log: ${p.problem}` });
  // Its guards dropped (DROP TRIGGER): the chain above shows whether an event was changed since; the dropping itself is a change to say.
  const guardsGone = missingEventGuards(log.db);
  if (guardsGone.length) problems.push({ problem: `the event log: its guard${guardsGone.length > 1 ? "s" : ""} against changing or removing events (${guardsGone.join(", ")}) ${guardsGone.length > 1 ? "were" : "was"} removed outside somarkiv, by someone with write access to the log file. The events' hash chain, checked here, still shows any event changed since. Find out who did it and tell the records manager; ${opts.asked === true ? "the organisation that handed over this copy puts the guard back in its own log (\"somarkiv recover\")" : "\"somarkiv recover\" puts the guard back"}` });
  // A copy handed over (--read-only) is put right by whoever handed it over, never by a command run on it.
  const handedOver = opts.asked === true;
  for (const id of recordIdsOnlyInEvents(log.db)) {
    if (handedOver) { problems.push({ recordId: id, recover: true, problem: rowGoneFromCopy() }); continue; }
    problems.push({ recordId: id, recover: true, problem: "the event log has events for this record, but the record itself is gone from the log (deleted by hand?): \"somarkiv recover\" writes it again from its events, with its diary number and the deliveries made, and delivers nothing twice" });
  }
  // A store that takes the connection and never answers cost minutes an object, and verify said nothing for an hour.
  const asked = new AbortController();
  const first = await Promise.race([
    store.has(`${ANCHOR_PREFIX}.verify`, { signal: asked.signal }).then(() => undefined, (e: unknown) => e),
    silenceOf(STORE_LOOK_MS, asked.signal).then(() => "silent" as const),
  ]);
  asked.abort();
  if (first === "silent") throw new StorageError("unreachable", `${store.description} took the connection but did not answer within ${STORE_LOOK_MS / 1000} s, so nothing in it could be checked. Check that the store is running and that no proxy or firewall in front of it holds the connection, then run verify again.`);
  if (first) throw first;

  const records = log.records.list();
  const known = new Set<string>();
  let objects = 0;
  let bytes = 0;
  const started = Date.now();
  let lastReport = started;
  // Two objects for each snapshot in the store; a failed attempt has none.
  const expected = records.filter((r) => r.status !== "failed" && r.status !== "captured").length * 2;
  // Records waiting in the spool whose copy there is not whole: named as problems, not in the note.
  const spoolFaulty = new Set<string>();
  // Each stored record, in the order it was stored, and whether the store holds any of its objects:
  // only the later ones there is a store setting changed after the earlier ones, not records lost.
  const storedOrder: Array<{ seq: number; recordId: string; found: boolean; where: string | null }> = [];
  const report = (force = false) => {
    if (!force && Date.now() - lastReport < 2000) return;
    lastReport = Date.now();
    const mb = bytes / 1024 / 1024;
    // Records all waiting in the spool (or all failed): "0 of about 0 objects read" said nothing.
    if (expected === 0 && objects === 0) progress("verify: no record is stored yet, so there is no object in the store to read");
    else progress(`verify: ${objects} of about ${expected} objects read, ${mb.toFixed(1)} MB (${(mb / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(0)} MB/s)`);
  };
  for (const r of records) {
    const events = eventsFor(log.db, r.recordId);
    // An event changed after it was written is no evidence: the row is neither blamed against it nor
    // put right from it (recover wrote a changed page count into a row that had it right).
    const eventsChanged = changedEventsNamed(events);
    if (eventsChanged) problems.push({ recordId: r.recordId, problem: eventsChangedSaid(eventsChanged.en, handedOver) });
    else problems.push(...checkAgainstEvents(log, r, events, handedOver));
    // The objects are looked for and proven as the chained capture event gives them: a row whose
    // account, period, version or checksum was changed by hand is one changed row (said above), not
    // objects missing, changed or unknown. With its events changed, as its row gives them.
    const changedInRow = eventsChanged ? [] : rowDifferences(r, events);
    const c = asCaptured(r, changedInRow);
    if (c.version === null) continue;
    const keys = [
      { key: recordKey(c.period, c.accountId, c.version, "pdf"), name: c.pdfName, sha256: c.sha256, size: c.bytes, what: "PDF" },
      { key: recordKey(c.period, c.accountId, c.version, "json"), name: c.manifestName, sha256: c.manifestSha256, size: c.manifestBytes, what: "manifest" },
    ];
    let asCapturedInStore = 0;
    for (const k of keys) known.add(k.key);
    // A record lost from the spool before the store confirmed it (status failed, a version kept) may have
    // left half its pair in the store: that object is its, not a stranger, and nothing is owed for it.
    if (r.status === "failed") continue;
    // Not stored yet: it waits in the spool and status shows it. Objects already there (a crash between the
    // upload and the log's "stored") are known, and the next `deliver` confirms them by checksum; one
    // with other content under its name is not its, and keeps it from ever being stored: named.
    if (r.status === "captured") {
      const safe = new Set<string>();
      for (const k of keys) {
        const asked = await lookUp(store, k.key);
        if ("refused" in asked) { problems.push(notChecked(store, r, k, asked.refused)); continue; }
        const got = asked.got;
        if (got?.sha256 === k.sha256 && k.name) safe.add(k.name);
        if (!got || got.sha256 === k.sha256) continue;
        problems.push({ recordId: r.recordId, key: got.fullKey, problem: handedOver ? strangerUnderRecordName(`${store.description} holds an object under this record's ${k.what} name that is not its (SHA-256 ${got.sha256}, ${got.bytes} bytes; the record's, waiting in the spool, is ${k.sha256}, ${k.size ?? "?"} bytes), so the record cannot be stored`) : `${store.description} holds an object under this record's ${k.what} name that is not its (SHA-256 ${got.sha256}, ${got.bytes} bytes; the record's, waiting in the spool, is ${k.sha256}, ${k.size ?? "?"} bytes), so the record cannot be stored. If the log was put back from a backup, run "somarkiv recover"; otherwise ask the store's administrator where the object came from, and keep both until that is known` });
      }
      // Its copy in the spool is its only one (but for a file the store already holds, checksum and
      // all): proven against the log as a stored object is, read through in a stream.
      if (safe.size < 2) {
        // Held to the checksums its capture event gives: a row changed by hand does not make its copy changed.
        const copy = await spool.inspect({ ...c, spoolId: log.records.spoolAtCapture(r.recordId).spoolId }, { hash: true, safe }).catch((e: Error) => ({ state: "away" as const, why: `its files in ${spool.folderHereFor(r.spoolDir ?? r.recordId)} could not be read (${e.message.split("\n")[0]})` }));
        const wrong = spoolProblems(c, copy, handedOver, periodOf(new Date(), opts.timezone ?? SWEDISH_TIME));
        if (wrong.length) spoolFaulty.add(r.recordId);
        problems.push(...wrong);
        if (changedInRow.length && copy.state === "whole") problems.push({ recordId: r.recordId, recover: true, problem: rowChangedSaid(changedInRow, "spool", handedOver) });
      } else if (changedInRow.length) problems.push({ recordId: r.recordId, recover: true, problem: rowChangedSaid(changedInRow, "store", handedOver) });
      continue;
    }
    const storedEvent = events.find((e) => e.type === "stored");
    const order = { seq: storedEvent?.seq ?? Number.MAX_SAFE_INTEGER, recordId: r.recordId, found: false, where: typeof storedEvent?.data.store === "string" ? storedEvent.data.store : null };
    storedOrder.push(order);
    for (const k of keys) {
      const asked = await lookUp(store, k.key);
      objects++;
      if (!("refused" in asked) && asked.got) order.found = true;
      if ("refused" in asked) { problems.push(notChecked(store, r, k, asked.refused)); continue; }
      const got = asked.got;
      if (!got) {
        problems.push({ recordId: r.recordId, key: store.fullKey(k.key), problem: `the ${k.what} is missing from ${store.description}`, fileToPutBack: true });
        continue;
      }
      bytes += got.bytes;
      if (got.sha256 === k.sha256) asCapturedInStore++;
      if (got.sha256 !== k.sha256) problems.push({ recordId: r.recordId, key: got.fullKey, problem: `the ${k.what} has changed: its SHA-256 is ${got.sha256}, the log says ${k.sha256}`, fileToPutBack: true });
      else if (k.size !== null && got.bytes !== k.size) problems.push({ recordId: r.recordId, key: got.fullKey, problem: `the ${k.what} is ${got.bytes} bytes, the log says ${k.size}` });
      else if (got.link) problems.push({ recordId: r.recordId, key: got.fullKey, problem: `the ${k.what} in ${store.description} is not a file but a link to ${got.link.target}: its content is right today, but it can be changed or removed there, outside the store, where the store's own read-only file would have kept it. Put a copy in its place (cp --remove-destination "${got.link.target}" "${got.link.path}" && chmod 444 "${got.link.path}"), then run verify again` });
      report();
    }
    if (changedInRow.length && asCapturedInStore === keys.length) problems.push({ recordId: r.recordId, recover: true, problem: rowChangedSaid(changedInRow, "store", handedOver) });
  }

  let anchorsChecked = 0;
  let listed = 0;
  let cutShort = false;
  let strangers = 0;
  const anchorsFound = new Set<string>();
  const otherInstallations = new Set<string>();
  // Known by a record's manifest (not only by a proof of the head): a log of its own, not one parted from this.
  let otherMakers = false;
  // Proofs of a longer log that was lost and restored from a backup, set aside by `somarkiv recover` in
  // an event of the chain itself; each is named in a note, never silently passed over.
  const restored = restorations(log.db).map((r) => ({ ...r, setAside: new Set(r.anchorsSetAside) }));
  for await (const o of store.list()) {
    if (++listed % 1000 === 0) progress(`verify: ${listed} objects listed in ${store.description}`);
    if (known.has(o.key)) continue;
    const described = parseFormatKey(o.key);
    if (described) {
      // The description of the format that travels with the records: somarkiv's own, checked by its name.
      const got = await lookUp(store, o.key);
      if ("refused" in got) problems.push({ key: store.fullKey(o.key), unchecked: true, problem: `the description of the records' format could not be checked: ${store.description} answered with an error (${got.refused})` });
      else if (got.got && !got.got.sha256.startsWith(described.sha256Start)) problems.push({ key: store.fullKey(o.key), problem: `the description of the records' format has changed: its SHA-256 is ${got.got.sha256}, its name says one beginning ${described.sha256Start}. Put back the copy somarkiv wrote (docs/format.md of the somarkiv that wrote it), or remove it: a plain "somarkiv verify" writes this somarkiv's own` });
      continue;
    }
    const anchor = parseAnchorKey(o.key);
    if (anchor) {
      anchorsFound.add(o.key);
      if (restored.some((r) => r.setAside.has(o.key))) continue;
      anchorsChecked++;
      const p = checkAnchor(log, chain.lastSeq, anchor);
      if (!p) continue;
      const other = await anchorInstallation(store, o.key);
      if (other && other.installation !== installationOf(log)) {
        otherInstallations.add(other.installation);
        problems.push({ seq: anchor.seq, key: store.fullKey(o.key), problem: (handedOver ? otherInstallationInCopy : otherInstallationSaid)(store.description, other.installation, anchor.seq, other.verifiedAt) });
        continue;
      }
      problems.push({ seq: anchor.seq, key: store.fullKey(o.key), problem: p });
      if (anchor.seq > chain.lastSeq) cutShort = true;
      continue;
    }
    // A file whose name is none somarkiv gives (a text made from a PDF, a note, a copy) is no record a
    // log lost: said as such, without the notes that send the operator to "somarkiv recover", which
    // would only answer that it is not a record.
    if (!parseRecordKey(o.key)) {
      problems.push({ key: store.fullKey(o.key), problem: `an object in ${store.description} whose name is not a record's (${o.bytes} bytes): somarkiv names a record's files <period>/<account>/<record id>.pdf and .json, and did not put this one there. It is none of the records, and "somarkiv recover" does not take it; if it does not belong in the archive (a copy, a note, a text made from a PDF), move it out of the store, or ask who put it there` });
      continue;
    }
    strangers++;
    // A record's manifest names the log that made it: another's is another installation's record.
    const maker = o.key.endsWith(".json") ? await madeElsewhere(log, store, o.key) : undefined;
    if (maker) {
      otherInstallations.add(maker.installation);
      if (!maker.copyOfThisLog) otherMakers = true;
      problems.push({ key: store.fullKey(o.key), problem: maker.copyOfThisLog
        ? `an object in ${store.description} that the log does not know (${o.bytes} bytes): a record's manifest that names a copy of this log at ${maker.installation} as its maker, made while this installation was capturing too, so it is that installation's record`
        : `an object in ${store.description} that the log does not know (${o.bytes} bytes): a record's manifest that names another log as its maker, ${maker.installation}, so it is another somarkiv installation's record` });
      continue;
    }
    problems.push({ key: store.fullKey(o.key), problem: `an object in ${store.description} that the log does not know (${o.bytes} bytes); somarkiv did not record it, or its record was removed from the log` });
  }
  report(true);
  // A proof the log says a verification left, gone from the store: with it went the protection
  // against a log cut short or rewritten before that event, so it is named, not passed over.
  for (const a of anchorsLeft(log.db)) {
    // Held by its name in the store, not its full key: a store moved under another prefix keeps its proofs.
    if (anchorsFound.has(a.key.slice(a.key.lastIndexOf(ANCHOR_PREFIX)))) continue;
    problems.push({ seq: a.seq, key: a.key, problem: `the proof of the log's head that the verification of ${a.at} left in ${store.description} (event ${a.seq}) is gone from it; somarkiv never removes these, and without it a log cut short or rewritten before that verification could pass unseen. Put it back from a copy of the store; if the archive was moved to another store, copy its ${ANCHOR_PREFIX} folder too` });
  }
  let olderThanWritten: VerifyReport["restoredFromBackup"];
  for (const r of restored) {
    notes.push(...restorationNotes(r, handedOver));
    if (r.recordsTakenBack.length || r.setAside.size) {
      // What was recorded after the backup's last event is lost for good unless recorded again: a
      // number the store's later records name that the log still lacks is a problem.
      const stillMissing = r.dnrsMissing.filter((d) => !log.records.registrations(d.recordId).some((g) => g.dnr === d.dnr));
      for (const d of stillMissing) problems.push({ recordId: d.recordId, problem: handedOver ? numberMissingInCopy(d.namedBy, d.dnr, log.records.get(d.recordId)?.dnr ?? "none", r.lastEventBefore) : `the store's record ${d.namedBy} names ${d.dnr} as this record's diary number, and the log has ${log.records.get(d.recordId)?.dnr ?? "none"}: it was recorded after the backup the log was put back from (event ${r.lastEventBefore}). Check it in the registrar's diary and record it again: somarkiv registered ${d.recordId} --dnr "${d.dnr}"` });
      olderThanWritten = { lastEvent: r.lastEventBefore, lastEventAt: r.lastEventAt };
    }
  }
  // Both together are also what a log restored from a backup looks like; the records manager should
  // know that reading, and which of the two it is is theirs to find out, not verify's to assume.
  // Without a proof of a longer log in the store (no verify ran after the records were made), the
  // objects alone are what a restored log shows: said all the same, with the command that takes them back.
  if (handedOver) {
    const at = cutShort ? (log.db.prepare("SELECT at FROM events WHERE seq = ?").get(chain.lastSeq) as { at: string } | undefined)?.at ?? null : null;
    if (cutShort) notes.push(cutShortInCopy(lastEventSaid(chain.lastSeq, at), strangers > 0 && !otherInstallations.size));
    if (strangers > 0 && (otherInstallations.size || !cutShort)) notes.push(strangersInCopy([...otherInstallations]));
  } else if (otherInstallations.size && strangers > 0) {
    notes.push(otherMakers
      ? `The objects the log does not know are most likely the records of another somarkiv installation (${[...otherInstallations].join(", ")}), with a log of its own, that was given this store too (a trial server, a second configuration): keep them, and do not run "somarkiv recover", which would take them into this log. Two installations on one store capture the same accounts twice and deliver records again: stop the one that is not to be used (its worker and its timers) or give it a store of its own; then ask the records manager which installation's log is the archive's, and run verify there.`
      : `The objects the log does not know are most likely the records of the other installation (${[...otherInstallations].join(", ")}), made since it and this one parted: keep them, and do not run "somarkiv recover", which would take them into this log. Stop one installation first; then ask the records manager which installation's log is the archive's, and run verify there.`);
  } else if (!cutShort && strangers > 0) {
    notes.push(`If the log was put back from a backup, the objects it does not know are most likely the records made after that backup: keep them, and "somarkiv recover" takes back into the log each one whose manifest and PDF prove it.`);
  }
  if (cutShort && !handedOver) {
    const at = (log.db.prepare("SELECT at FROM events WHERE seq = ?").get(chain.lastSeq) as { at: string } | undefined)?.at ?? null;
    notes.push(`If the log was put back from a backup, that backup ends at ${lastEventSaid(chain.lastSeq, at)}: diary numbers and deliveries recorded after that are missing from the log. Run "somarkiv recover" first (it takes back the records made since, and names the diary numbers the store's later records give). ${COMPARE_WITH_DIARY}`);
  }
  if (cutShort && strangers > 0 && !otherInstallations.size && !handedOver) {
    notes.push(`A log cut short, with objects in the store that it does not know, is also what a log restored from an older backup looks like: it lacks what happened after the backup, and the records made since are those objects. If that is what happened, keep those objects: they are the records, and "somarkiv recover" takes them back into the log. If nobody restored the log, events were removed from it.`);
  }

  if (otherInstallations.size && !handedOver) {
    // A record of the same name the other installation stored first: its, not a restored log's lost one.
    for (const p of problems) p.problem = p.problem.replace(`If the log was put back from a backup, run "somarkiv recover"; otherwise ask the store's administrator where the object came from, and keep both until that is known`, `It is most likely the other installation's record of the same name (said below): keep both, stop one installation, and do not run "somarkiv recover"`);
  }
  // Records not stored yet are not in the store to read: said, so that "All good" is not read as all of them.
  const spooled = records.filter((r) => r.status === "captured" && !spoolFaulty.has(r.recordId)).map((r) => r.recordId);
  if (spooled.length && handedOver) notes.push(waitingInSpoolInCopy(spooled));
  else if (spooled.length) {
    notes.push(`${counted(spooled.length, "record")} ${agreeing(spooled.length, "waits", "wait")} in the spool to be stored, so the store has not got them to check yet: ${spooled.slice(0, 5).join(", ")}${spooled.length > 5 ? ", …" : ""}. The worker's next wake or "somarkiv deliver" stores them; "somarkiv status" says what holds them.`);
  }
  // Records the log did not capture itself, and those it is about to take back from the spool: an
  // auditor sees them here, not only in the events' data.
  const takenBack = [...log.records.takenBack()];
  if (takenBack.length) {
    notes.push(`${counted(takenBack.length, "record")} ${agreeing(takenBack.length, "was", "were")} taken back into the log, not captured by it: ${takenBack.slice(0, 10).map(([id, from]) => `${id} (${TAKEN_BACK_EN[from]})`).join(", ")}${takenBack.length > 10 ? ", …" : ""}. "somarkiv records" marks each.`);
  }
  try {
    for (const u of unknownInSpool(log, spool)) notes.push(`Not in the log yet: ${(handedOver ? unknownInSpoolInCopy : unknownInSpoolSaid)(u)}.`);
  } catch (e) {
    notes.push(`The spool folder ${spool.dir} could not be read for records the log does not know (${(e as Error).message.split("\n")[0]}).`);
  }
  // A store's error is no answer: the records it kept from being read are named apart from the missing ones.
  const unchecked = [...new Set(problems.filter((p) => p.unchecked).map((p) => p.recordId!))];
  if (unchecked.length) {
    notes.unshift(`${counted(unchecked.length, "record")} could not be checked, as the store answered with an error for them (said above), not that they were gone: ${unchecked.slice(0, 10).join(", ")}${unchecked.length > 10 ? ", …" : ""}. They are neither proven nor known to be missing or changed, so put nothing back for them: put right what the error says (the permissions in the store's folder, the bucket's policy or credentials, or a store that is failing: ask its administrator), then run verify again.`);
  }
  // Every object missing is one fault, not many: the store is not where the configuration says.
  const missing = problems.filter((p) => /is missing from/.test(p.problem)).length;
  const onlyLater = onlyStoredSince(storedOrder);
  if (objects > 0 && missing === objects) {
    const where = storedOrder.map((o) => o.where).filter((w) => w && w !== store.description).at(-1);
    notes.unshift(`None of the ${objects} stored objects is in ${store.description}: the store itself looks gone, not the records one by one (a share not mounted, a folder moved or renamed, or the configuration naming another folder, bucket, prefix or endpoint than the one they were stored in${where ? `: the log says the last was stored in ${where}` : ""}). Look for it first, before putting files back one by one; then set storage in the configuration back to it.`);
  } else if (onlyLater) {
    notes.unshift(`None of the ${counted(onlyLater.before, "record")} stored before ${onlyLater.first} is in ${store.description}, only the ${onlyLater.since} stored since: the configuration's storage (the folder, or the bucket, prefix or endpoint) was probably changed after them, and the records since went to the new place. They are likely not lost${onlyLater.where ? `: the log says the last of them was stored in ${onlyLater.where}` : ""}. Look in the store they were stored in before putting files back one by one; then copy the records stored since into it and set the configuration back, or, if the archive really moved, copy the earlier ones here.`);
  }
  const out: VerifyReport = { ok: problems.length === 0, records: records.length, failedAttempts: records.filter((r) => r.status === "failed").length, objects, bytes, events: chain.events, chainHead: chain.head, anchorsChecked, problems, notes, waitingToBeStored: handedOver ? 0 : spooled.length, ...(olderThanWritten ? { restoredFromBackup: olderThanWritten } : {}), ...((objects > 0 && missing === objects) || onlyLater ? { storeLooksMoved: true } : {}), ...(otherInstallations.size ? { otherInstallations: [...otherInstallations] } : {}) };
  if (!out.ok) {
    // A copy handed over, or a user who may not write the log, leaves no note: status there is someone else's.
    if (!handedOver && !opts.readOnly) noteVerification(log, out);
    return out;
  }
  if (opts.asked) {
    // A received copy (an archive's accession): a proof or an event written into it changes its checksums.
    notes.push(`Nothing was written (--read-only): this verification is not recorded in the log, and no anchor of the log's head (event ${chain.lastSeq}, hash ${chain.head}) was left in the store, so the copies keep the checksums they were handed over with.`);
    return out;
  }
  if (opts.readOnly && opts.readOnlyDisk) {
    notes.push(`The log's disk is mounted read-only, so this verification is not recorded in the log, and no new anchor of the log's head (event ${chain.lastSeq}) was left in the store. Ask IT to mount it writable again (it may have been remounted read-only after disk errors: have the disk checked), then run verify again.`);
    return out;
  }
  if (opts.readOnly) {
    // An auditor, or anyone who may read the archive but not change it: the proof holds, and is left unwritten.
    notes.push(`This verification was made by a user who may not write the log, so it is not recorded in it, and no new anchor of the log's head (event ${chain.lastSeq}) was left in the store; the verifications that somarkiv's own user runs do both.`);
    return out;
  }
  if (chain.lastSeq > 0) {
    try {
      out.anchor = await writeAnchor(store, log, chain.lastSeq, chain.head, out);
    } catch (e) {
      // The archive is proven all the same; only the protection against a later cut-short log is missing this time.
      notes.push(`The log's head (event ${chain.lastSeq}) could not be written to ${store.description} as an anchor: ${(e as Error).message?.split("\n")[0]?.replace(/\.+$/, "")}. The archive itself is fine; run verify again when the store is reachable.`);
    }
  }
  try {
    await describeFormatIn(store);
  } catch (e) {
    notes.push(`The description of the records' format (${FORMAT_PREFIX}) could not be written to ${store.description}: ${(e as Error).message?.split("\n")[0]?.replace(/\.+$/, "")}. The archive itself is fine; run verify again when the store can be written.`);
  }
  try {
    log.db.transaction(() => appendEvent(log.db, null, "verified", {
      records: out.records, objects, bytes, events: chain.events, chainHead: chain.head, anchorKey: out.anchor?.key ?? null,
    })).immediate();
  } catch (e) {
    // The archive was read and proven; only the note of it in the log waits on the other program.
    if (!logLocked(e)) throw e;
    notes.push(`This verification is not recorded in the log: another program held the log's write lock for longer than somarkiv waits (15 s), a database browser that has the log open, say. The archive is proven all the same; close that program and run verify again to have it recorded.`);
    return out;
  }
  noteVerification(log, out);
  return out;
}

/** What the verification found, for status to say until the next one (see log/verifications.ts). */
function noteVerification(log: RecordLog, out: VerifyReport): void {
  // A store that looks gone is one fault, said by its note; its objects one by one would say it thousands of times.
  const said = out.storeLooksMoved ? out.notes.slice(0, 1) : out.problems.slice(0, 3).map((p) => `${[p.recordId, p.key].filter(Boolean).join(" ")}${p.recordId || p.key ? ": " : ""}${p.problem}`);
  try {
    addVerification(log.db, { at: new Date().toISOString(), ok: out.ok, records: out.records, objects: out.objects, problems: out.problems.length, firstProblems: said });
  } catch (e) {
    // Only status's reminder is lost; verify has said everything itself.
    if (!logLocked(e)) throw e;
  }
}

/**
 * The store's answer for one object: its checksum, or none there. An error (permission denied, an
 * S3 403 or 500, a timeout) is kept apart: a store that refused was read as one without the object,
 * so a refusal was called missing, or, for a record waiting in the spool, passed over in silence.
 */
async function lookUp(store: ObjectStore, key: string): Promise<{ got: StoredObject | null } | { refused: string }> {
  try {
    return { got: await store.hash(key) };
  } catch (e) {
    return { refused: ((e as Error)?.message ?? String(e)).split("\n")[0]!.replace(/\.+$/, "") };
  }
}

function notChecked(store: ObjectStore, r: RecordRow, k: { key: string; what: string }, why: string): VerifyProblem {
  return { recordId: r.recordId, key: store.fullKey(k.key), unchecked: true, problem: `the ${k.what} could not be checked: ${store.description} answered with an error, not with the object (${why}); whether it is there and whole is not known` };
}

/**
 * What is wrong with a waiting record's only copy, in the spool, and what to do: a damaged or missing
 * file cannot be stored, so the record is taken again or the file put back; one that cannot be read now
 * is not proven either.
 */
function spoolProblems(r: RecordRow, copy: SpoolCopy, handedOver: boolean, current: string): VerifyProblem[] {
  if (copy.state === "whole") return [];
  const waiting = "it waits in the spool, not stored yet, so its copy there is its only one";
  if (copy.state === "away") return [{ recordId: r.recordId, problem: `${waiting}, and that copy could not be checked: ${copy.why}` }];
  const again = takeAgainCommand(r, current);
  const redo = (what: string) => handedOver ? spoolFileWrongInCopy(what) : `It cannot be stored as it is: put ${what} back from a backup of the spool${again ? `, or take the account again with: ${again} (the next "somarkiv deliver" then marks this record failed, spool-lost)` : ` (${r.period} cannot be taken again now: a snapshot taken now would show the account as it is today)`}`;
  if (!copy.faults.length) return [{ recordId: r.recordId, problem: `${waiting}: ${copy.why}. ${redo("the folder")}` }];
  return copy.faults.map((f) => ({
    recordId: r.recordId,
    problem: f.found
      ? `${waiting}: its ${f.what} ${f.file} has changed: its SHA-256 is ${f.found.sha256} (${f.found.bytes} bytes), the log says ${f.expected.sha256}${f.expected.bytes !== null ? ` (${f.expected.bytes} bytes)` : ""}. ${redo("the file (with that SHA-256)")}`
      : `${waiting}: its ${f.what} ${f.file} is gone from the spool (the log gives its SHA-256 as ${f.expected.sha256}). ${redo("the file (with that SHA-256)")}`,
  }));
}

/** What is wrong with the log against one proof of its head, or undefined when the log still holds it. */
export function checkAnchor(log: RecordLog, lastSeq: number, anchor: { seq: number; hash: string }): string | undefined {
  if (anchor.seq > lastSeq) {
    return `the event log has been cut short: an earlier verification proved it had ${anchor.seq} events (ending in hash ${anchor.hash.slice(0, 16)}…), now it ends at event ${lastSeq}; events ${lastSeq + 1}–${anchor.seq} were removed, or the log was put back from an older backup. A proof is only as good as the store it is in: if neither happened, that object was not left by somarkiv's verify, and who put it there is for the store's administrator to find out`;
  }
  const now = eventHashAt(log.db, anchor.seq);
  if (now === undefined) return `event ${anchor.seq}, proven by an earlier verification, is missing from the event log`;
  if (now !== anchor.hash) return `the event log was rewritten: event ${anchor.seq} is not the one an earlier verification proved (hash ${now.slice(0, 16)}…, proven ${anchor.hash.slice(0, 16)}…)`;
  return undefined;
}

/**
 * The stored records, in the order they were stored, when the store holds none of the earlier ones (two
 * or more) and some of every later one: one change of the store's setting, not records lost one by one.
 */
function onlyStoredSince(order: Array<{ seq: number; recordId: string; found: boolean; where: string | null }>): { first: string; before: number; since: number; where: string | null } | undefined {
  const sorted = [...order].sort((a, b) => a.seq - b.seq);
  const first = sorted.findIndex((o) => o.found);
  if (first < 2 || !sorted.slice(first).every((o) => o.found)) return undefined;
  return { first: sorted[first]!.recordId, before: first, since: sorted.length - first, where: sorted[first - 1]!.where };
}

async function writeAnchor(store: ObjectStore, log: RecordLog, seq: number, hash: string, r: VerifyReport): Promise<{ key: string; seq: number; hash: string }> {
  const key = anchorKey(seq, hash);
  // The key names the event and its hash: one already there proves this same head (a log put back
  // from a backup whose head was verified before), and is kept as it is.
  const existing = await store.hash(key);
  if (existing) return { key: existing.fullKey, seq, hash };
  const body = Buffer.from(JSON.stringify({
    schema: "somarkiv-log-anchor/1",
    what: "The head of somarkiv's event log as proven by `somarkiv verify`. Later verifications check that the log still reaches this event with this hash.",
    seq, hash, events: r.events, records: r.records, objects: r.objects, verifiedAt: new Date().toISOString(),
    log: path.basename(log.file), installation: installationOf(log), tool: { name: "somarkiv", version: TOOL_VERSION },
  }, null, 2) + "\n", "utf8");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-anchor-"));
  try {
    const file = path.join(dir, "anchor.json");
    fs.writeFileSync(file, body);
    await store.put(key, file, crypto.createHash("sha256").update(body).digest("hex"));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { key: store.fullKey(key), seq, hash };
}

/**
 * One row changed by hand in what its capture recorded, its objects in the store as captured: put
 * right from its chained events, not from a backup, and not by putting objects back.
 */
function rowChangedSaid(changed: CapturedDifference[], where: "store" | "spool", handedOver: boolean): string {
  if (handedOver) return rowChangedInCopy(changed.map((d) => d.en).join(", "), where);
  if (where === "spool") {
    return `only the log's row for this record was changed by hand (${changed.map((d) => d.en).join(", ")}), not the record: its PDF and manifest wait in the spool, not stored yet, as its capture event gives them. "somarkiv recover" writes the row again from its chained events (and records that it did); until then "somarkiv deliver" neither stores nor delivers it, and after it stores and delivers it as it was captured`;
  }
  return `only the log's row for this record was changed by hand (${changed.map((d) => d.en).join(", ")}), not the record: its PDF and manifest are in the store as its capture event gives them. "somarkiv recover" writes the row again from its chained events (and records that it did), and delivers nothing`;
}

/** A record whose own events were changed after they were written: what is checked instead, and what puts it right. */
function eventsChangedSaid(changed: string, handedOver: boolean): string {
  const said = `${changed}, so the log cannot say from its events what this record is, and its row is not held to them: its PDF and manifest are checked against the checksums its row gives`;
  if (handedOver) return `${said}; ${PUT_RIGHT_BY_ORGANISATION}`;
  return `${said}. Do not run "somarkiv recover" for it, which writes rows from their events. The event as it was written is in a backup of the log taken before the change: find out who changed it, and tell the records manager`;
}

/** A failed attempt's row changed by hand: its chained failure event still says what was recorded. */
function failedRowChangedSaid(handedOver: boolean): string {
  if (handedOver) return failedRowChangedInCopy();
  return `only the log's row for this failed attempt was changed by hand; its chained failure event still says what was recorded, and "somarkiv recover" writes the row back from it (and records that it did). A failed attempt has no files, so nothing is stored or delivered`;
}

/** A record's row must agree with what its events say happened to it. */
function checkAgainstEvents(log: RecordLog, r: RecordRow, ev: ReturnType<typeof eventsFor>, handedOver: boolean): VerifyProblem[] {
  const out: VerifyProblem[] = [];
  const say = (problem: string) => out.push({ recordId: r.recordId, problem: `the record in the log disagrees with its events: ${problem}` });
  if (ev.length === 0) { say("the record has no events at all: they were removed from the log (see the event log's problems, if any), or the record was added to it by hand"); return out; }
  if (r.status === "failed") {
    const failedEv = ev.filter((e) => e.type === "capture-failed" || e.type === "lost").at(-1);
    if (!failedEv) say("it is marked failed but no failure was recorded");
    // Its account, period, address and why it failed, as its failure event says (a lost record's reason is the loss).
    else {
      const changed = rowDifferences(r, ev);
      if (changed.length) out.push({ recordId: r.recordId, recover: true, problem: `the record in the log disagrees with its events: ${changed.map((d) => differenceSaid(d).en).join("; ")}: ${failedRowChangedSaid(handedOver)}` });
    }
    return out;
  }
  // A snapshot has no reason for failing: one set on it reads as a failure in records and status.
  if (r.reason !== null || r.error !== null) say(`it is a snapshot, but the record gives a reason for failing (${String(r.reason)}: ${String(r.error)})`);
  const captured = ev.find((e) => e.type === "captured");
  if (!captured) say("no capture event");
  else {
    for (const d of capturedDifferences(r, captured.data)) say(differenceSaid(d).en);
  }
  const saidBefore = out.length;
  const stored = ev.find((e) => e.type === "stored");
  if (r.status !== "captured" && !stored) say(`it is marked ${r.status} but was never confirmed stored`);
  if (r.status === "captured" && stored) say("it was stored but is marked captured");
  const replayed = replay(ev);
  if ((r.dnr ?? null) !== replayed.dnr) say(`the diary number ${r.dnr ?? "(none)"} is not the one registered (${replayed.dnr ?? "none"})`);
  if (r.status === "registered" && !ev.some((e) => e.type === "registered")) say("it is marked registered but no registration was recorded");
  const deliveries = log.records.deliveries(r.recordId);
  for (const d of deliveries) {
    const done = ev.some((e) => e.type === "delivered" && e.data.target === d.target);
    if (d.status === "delivered" && !done) say(`delivery to ${intakeEn(d.target)} is marked done but was never recorded`);
    if (d.status !== "delivered" && done) say(`delivery to ${intakeEn(d.target)} was recorded as done but is marked ${d.status}`);
  }
  if (r.status === "delivered" && deliveries.some((d) => d.status !== "delivered")) say("it is marked delivered but not every delivery was made");
  // Whatever else was changed in its state, replaying its events says what it must be.
  const expected = replayed.status;
  if (out.length === saidBefore && expected && r.status !== expected) say(`it is marked ${r.status}, but its events make it ${expected}`);
  return out;
}

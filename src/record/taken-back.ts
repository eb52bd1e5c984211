/**
 * Records that enter the log other than by its own capture: a whole record found in the spool that
 * the log does not know (a capture killed between its spool write and its log entry), and one the
 * store holds that a log restored from a backup lost (`somarkiv recover`). Neither was seen made by
 * this log, so each is held against what the log does know before it is taken back, and is marked as
 * taken back wherever records are listed for people.
 */
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { captureLease, holderIsGone, leaseHolder, type NewCapturedRecord, type RecordLog } from "../log/index.ts";
import type { Spool } from "../spool/index.ts";
import { SOMARKIV_PREFIX } from "../pdf/xmp.ts";
import type { Manifest } from "./types.ts";
import { recordId as makeRecordId } from "./metadata.ts";
import { recordRowFromManifest } from "./log-row.ts";

/** Where a record taken back came from, as its "captured" event says. */
export type TakenBackFrom = "spool" | "store";

export const TAKEN_BACK_EN: Record<TakenBackFrom, string> = {
  spool: "taken back from the spool after an interrupted capture",
  store: "taken back from the store by recover",
};

export const TAKEN_BACK_SV: Record<TakenBackFrom, string> = {
  spool: "återtagen ur spoolen efter ett avbrott innan den skrevs in i loggen",
  store: "återtagen ur lagringen med recover",
};

/**
 * Why a record the log did not make cannot be taken back as the one its manifest says, or undefined
 * when it can: taken before a version the log already holds of its account and period (a version is
 * never older than the one before it), or a PDF whose own metadata does not name its account (or names
 * another record). Its checksums prove only that the manifest and the PDF belong together, which
 * anyone can make so by hand.
 */
export function whyNotTakenBack(log: RecordLog, m: Pick<Manifest, "accountId" | "period" | "version" | "capturedAt">, pdf: Buffer): string | undefined {
  const id = makeRecordId(m.accountId, m.period, m.version);
  if (typeof m.capturedAt !== "string" || Number.isNaN(Date.parse(m.capturedAt))) return "its manifest gives no time of capture";
  const before = log.records.list({ accountId: [m.accountId], period: m.period })
    .filter((r) => r.version !== null && r.version < m.version).at(-1);
  if (before && Date.parse(m.capturedAt) < Date.parse(before.capturedAt)) {
    return `its manifest says it was captured at ${m.capturedAt}, before ${before.recordId} (captured at ${before.capturedAt}), the version before it in the log: a later version cannot have been taken earlier`;
  }
  const named = pdfNames(pdf);
  if (!named) return `its PDF holds no somarkiv metadata (XMP) naming its account, as every record's PDF does`;
  if (!named.keywords.includes(m.accountId)) return `its PDF's own metadata names ${named.keywords.length ? named.keywords.join(", ") : "no account"}, not the account ${m.accountId} its manifest names: it is another record's PDF`;
  if (named.recordId && named.recordId !== id) return `its PDF's own metadata says it is record ${named.recordId}, not ${id}`;
  return undefined;
}

/** The keywords (platform, account id, period) and record id a somarkiv PDF's XMP packet holds; undefined without one. */
export function pdfNames(pdf: Buffer): { keywords: string[]; recordId?: string } | undefined {
  // The packet is written unfiltered (PDF/A wants it readable without the PDF's own machinery).
  const start = pdf.indexOf("<x:xmpmeta");
  const end = start < 0 ? -1 : pdf.indexOf("</x:xmpmeta>", start);
  if (end < 0) return undefined;
  const xmp = pdf.subarray(start, end).toString("utf8");
  const bag = /<dc:subject><rdf:Bag>([\s\S]*?)<\/rdf:Bag><\/dc:subject>/.exec(xmp)?.[1] ?? "";
  const keywords = [...bag.matchAll(/<rdf:li>([\s\S]*?)<\/rdf:li>/g)].map((k) => unescapeXml(k[1]!));
  const recordId = new RegExp(`<${SOMARKIV_PREFIX}:recordId>([\\s\\S]*?)</${SOMARKIV_PREFIX}:recordId>`).exec(xmp)?.[1];
  return { keywords, ...(recordId ? { recordId: unescapeXml(recordId) } : {}) };
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

/** The record a spool folder holds, when it holds one whole: its manifest, and its PDF as the manifest's checksum says; else why not. */
export function spooledRecord(dir: string): { record: NewCapturedRecord; pdf: Buffer } | string {
  const id = path.basename(dir);
  let m: Manifest;
  let manifestBytes: Buffer;
  try {
    manifestBytes = fs.readFileSync(path.join(dir, `${id}.json`));
    m = JSON.parse(manifestBytes.toString("utf8")) as Manifest;
  } catch {
    return "no readable manifest";
  }
  if (m.recordId !== id || typeof m.version !== "number" || makeRecordId(m.accountId, m.period, m.version) !== id) return "the manifest names another record";
  const pdfName = `${id}.pdf`;
  let pdf: Buffer;
  try { pdf = fs.readFileSync(path.join(dir, pdfName)); } catch { return "no PDF"; }
  const pdfSha = sha256(pdf);
  if (m.files?.[pdfName]?.sha256 !== pdfSha) return "the PDF is not the one its manifest names";
  return {
    pdf,
    record: {
      ...recordRowFromManifest(m, { sha256: pdfSha, bytes: pdf.length, manifestSha256: sha256(manifestBytes), manifestBytes: manifestBytes.length }),
      spoolDir: dir, textFingerprint: null, imageFingerprint: null, runId: null,
    },
  };
}

/**
 * The spool's folders that hold a whole record the log does not know: the next `deliver` (or the
 * worker's next wake) takes each back into the log, unless `refused` says why it will not. What
 * `status` and `verify` name, so that an auditor sees them before they become records.
 */
export function unknownInSpool(log: RecordLog, spool: Spool): Array<{ folder: string; recordId: string; refused?: string }> {
  const known = new Set(log.records.spooled().map((r) => spool.folderHereFor(r.spoolDir)));
  const out: Array<{ folder: string; recordId: string; refused?: string }> = [];
  for (const folder of spool.orphans(known)) {
    const found = spooledRecord(folder);
    if (typeof found === "string" || log.records.get(found.record.recordId)) continue;
    // Being captured now: its own log entry is coming.
    const holder = leaseHolder(log.db, captureLease(found.record.accountId));
    if (holder && !holderIsGone(holder)) continue;
    const refused = whyNotTakenBack(log, found.record, found.pdf);
    out.push({ folder, recordId: found.record.recordId, ...(refused ? { refused } : {}) });
  }
  return out;
}

/** Said of each such folder, by status and verify. */
export function unknownInSpoolSaid(u: { folder: string; recordId: string; refused?: string }): string {
  return u.refused
    ? `the spool folder ${u.folder} holds record ${u.recordId}, which the log does not know and which is NOT taken back into it: ${u.refused}. Find out who put it there; if it is not a record of this archive, remove the folder`
    : `the spool folder ${u.folder} holds record ${u.recordId}, which the log does not know (a capture cut off before its log entry, or a log put back from an older backup); the next "somarkiv deliver" or wake of the worker takes it back into the log, and stores and delivers it. If nobody's capture was cut off, find out who put it there before that`;
}

function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** What the registrar does about numbers a log put back from a backup lacks. */
export const COMPARE_WITH_DIARY = `Compare "somarkiv records --csv" with the registrar's diary, and record each number the log lacks again with: somarkiv registered RECORD_ID --dnr "DNR".`;

/** The log's last event, with when it was written (UTC), as the end of a backup. */
export function lastEventSaid(seq: number, at: string | null): string {
  return `event ${seq}${at ? `, written ${at.replace(/\.\d+Z$/, "Z").replace("T", " ").replace("Z", " UTC")}` : ""}`;
}

/** What a log put back from an older backup is known to lack; see RecoverReport.logOlder. */
export interface LogOlder {
  lastEvent: number;
  lastEventAt: string | null;
  dnrsMissing: Array<{ recordId: string; dnr: string; namedBy: string }>;
}

/**
 * What a log older than what somarkiv wrote lacks, and what to do, in plain words: for recover, verify
 * and status alike. `dnrsMissing` are those the store's later manifests name and the log still lacks.
 */
export function logOlderSaid(o: { lastEvent: number; lastEventAt: string | null; dnrsMissing: LogOlder["dnrsMissing"] }): string[] {
  // A log with no event before (recover --new-log) was put back from no backup: "a backup that ends at event 0" said one was.
  const out = [o.lastEvent === 0
    ? `The log is a new one, made when no log was left: the diary numbers and deliveries the lost log recorded are missing from it. ${COMPARE_WITH_DIARY}`
    : `The log was put back from a backup that ends at ${lastEventSaid(o.lastEvent, o.lastEventAt)}: diary numbers and deliveries recorded after that are missing from it. ${COMPARE_WITH_DIARY}`];
  if (o.dnrsMissing.length) {
    out.push(`The store's later records name diary numbers the log lacks (each as its previous snapshot's): ${o.dnrsMissing.map((d) => `${d.recordId} has ${d.dnr} (named by ${d.namedBy})`).join("; ")}. Record ${o.dnrsMissing.length === 1 ? "it" : "each"} again after checking it in the diary: ${o.dnrsMissing.map((d) => `somarkiv registered ${d.recordId} --dnr "${d.dnr}"`).join("; ")}.`);
  }
  return out;
}

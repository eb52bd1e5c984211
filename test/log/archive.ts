import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore, recordKey, type ObjectStore } from "../../src/storage/index.ts";
import { Spool } from "../../src/spool/index.ts";
import Database from "better-sqlite3";
import { afterEach } from "vitest";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";


export const ORGANISATION = { name: "Överkalix kommun" };

/**
 * A small archive made through somarkiv's own log and store (no browser): two records of two accounts,
 * stored and delivered, with their chained events. Quick enough to build fresh for every tampering test.
 */
export async function syntheticArchive(opts: { storage?: Record<string, unknown>; store?: ObjectStore; captured?: Record<string, { consent?: string; flags?: string[] }>; madeHere?: boolean } = {}): Promise<Workspace & { ids: string[] }> {
  const ws = makeWorkspace({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")], ...(opts.storage ? { storage: opts.storage } : {}) });
  const log = RecordLog.open(ws.database);
  // Another store (an S3 bucket) is named in the stored events, as the pipeline names it.
  const store = opts.store ?? new FilesystemStore(ws.objects);
  const src = path.join(ws.dir, "src");
  fs.mkdirSync(src);
  const ids: string[] = [];
  // As the records of December 2026 on say who made them: this log, on this machine.
  const madeBy = opts.madeHere ? { log: log.identity()!, installation: `${os.hostname()}:${path.resolve(ws.database)}` } : undefined;
  for (const accountId of ["konto-a", "konto-b"]) {
    const id = await storedRecord(log, store, {
      accountId, folder: src, targets: ["directory:intake"], storeNamed: opts.store?.description, captured: opts.captured?.[accountId], madeBy,
      // konto-a as a record from before the log kept what it is filed under.
      ...(accountId === "konto-b" ? { filing: { title: "Ögonblicksbild Facebook Bibliotekets sida 2026 H1", collectiveCase: "KS 2026/45", classification: "1.3.2" } } : {}),
    });
    log.records.markDelivered(id, "directory:intake", "intake/" + id);
    ids.push(id);
  }
  log.records.clearSpool(ids[0]);
  log.records.clearSpool(ids[1]);
  log.close();
  return Object.assign(ws, { ids });
}

/**
 * Version 1 of an account's 2026-H1 record, as a capture and the store leave it: its PDF and manifest
 * written to `folder` (the spool, or a folder of the test's own), its row and chained events in the log
 * with the intakes it goes to, and both files in `store`, not yet delivered. Gives its id.
 */
export async function storedRecord(log: RecordLog, store: ObjectStore, o: {
  accountId: string; folder: string; targets: string[];
  /** More of the manifest than its id, account and period (an accountName, as the e-mail's text takes it). */
  manifest?: Record<string, unknown>;
  filing?: { title: string; collectiveCase: string; classification: string };
  /** The store as the stored event names it, when another than the folder store (an S3 bucket). */
  storeNamed?: string;
  /** The cookie dialog's outcome and the remarks the capture recorded, when not "none-found" and none. */
  captured?: { consent?: string; flags?: string[] };
  /** The log and installation its manifest and event say made it. */
  madeBy?: { log: string; installation: string };
}): Promise<string> {
  const { accountId, folder } = o;
  const period = "2026-H1";
  const id = `${accountId}_${period}_v1`;
  const pdf = Buffer.from(`%PDF-1.7\n% ögonblicksbild av ${accountId}\n%%EOF\n`, "utf8");
  const manifest = Buffer.from(JSON.stringify({ recordId: id, accountId, ...o.manifest, period, ...(o.madeBy ? { madeBy: o.madeBy } : {}) }) + "\n", "utf8");
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(folder, `${id}.json`), manifest);
  log.records.insertCaptured({
    recordId: id, accountId, period, version: 1, final: false, capturedAt: "2026-06-10T06:00:00.000Z",
    url: `https://example.se/${accountId}`, finalUrl: `https://example.se/${accountId}`, httpStatus: 200,
    sha256: sha(pdf), bytes: pdf.length, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: folder, consent: o.captured?.consent ?? "none-found", flags: o.captured?.flags ?? [],
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    ...(o.filing ? { filing: o.filing } : {}),
    ...(o.madeBy ? { madeBy: o.madeBy } : {}),
  }, o.targets);
  const p = await store.put(recordKey(period, accountId, 1, "pdf"), path.join(folder, `${id}.pdf`), sha(pdf));
  const m = await store.put(recordKey(period, accountId, 1, "json"), path.join(folder, `${id}.json`), sha(manifest));
  log.records.markStored(id, p.fullKey, m.fullKey, p.sha256, o.storeNamed);
  return id;
}

export function sha(b: Uint8Array): string {
  return crypto.createHash("sha256").update(b).digest("hex");
}

/**
 * Version 2 of konto-a as a capture leaves it while the store is away: its files in the spool, and
 * the log's row for it, stored nowhere yet, to be delivered to the folder intake. Gives its id and folder.
 */
export function spoolSecondVersion(ws: Workspace, pdf = Buffer.from("%PDF-1.7\n% version 2\n%%EOF\n"), manifest = Buffer.from(JSON.stringify({ recordId: "konto-a_2026-H1_v2" }) + "\n")): { id: string; folder: string; pdf: Buffer } {
  const id = "konto-a_2026-H1_v2";
  const folder = path.join(ws.dir, "spool", id);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(folder, `${id}.json`), manifest);
  const log = RecordLog.open(ws.database);
  try {
    log.records.insertCaptured({
      recordId: id, accountId: "konto-a", period: "2026-H1", version: 2, final: false, capturedAt: "2026-06-11T06:00:00.000Z",
      url: "https://example.se/konto-a", finalUrl: "https://example.se/konto-a", httpStatus: 200, sha256: sha(pdf), bytes: pdf.length, pages: 2,
      pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: folder,
      consent: "none-found", flags: [], previousRecordId: "konto-a_2026-H1_v1", textFingerprint: null, imageFingerprint: null, runId: null,
      // Spooled here, as a capture writes it: its spool's name kept with it (see Spool.identity).
      spoolId: new Spool(path.join(ws.dir, "spool")).identity().id,
    }, ["directory:intake"]);
  } finally {
    log.close();
  }
  return { id, folder, pdf };
}

/**
 * A record put in the spool by hand, as a capture leaves it when it is cut off before its log entry
 * (or the log is put back from an older backup): a real somarkiv PDF made for `pdfAccount` (as record
 * `pdfRecordId`), and a manifest naming `recordId`, with `more` of what a capture may write in it.
 * Gives its folder.
 */
export async function plantInSpool(ws: Workspace, recordId: string, o: { capturedAt: string; pdfAccount?: string; pdfRecordId?: string; previousRecordId?: string | null; more?: Record<string, unknown> }): Promise<string> {
  const [, accountId, period, version] = /^(.+)_(\d{4}-H[12])_v(\d+)$/.exec(recordId)!;
  const pdfAccount = o.pdfAccount ?? accountId!;
  // Loaded here: the many tests that take a synthetic archive need no PDF writer.
  const [{ buildRecordPdf }, { sampleMetadata, sampleSheet }] = await Promise.all([import("../../src/pdf/index.ts"), import("../pdf/tools.ts")]);
  const pdf = Buffer.from((await buildRecordPdf({
    sheet: sampleSheet(), snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, conformance: "2b",
    metadata: { ...sampleMetadata(), keywords: ["facebook", pdfAccount, period!], documentId: o.pdfRecordId ?? recordId.replace(accountId!, pdfAccount) },
  })).bytes);
  const manifest = {
    schema: "somarkiv-manifest/1", recordId, accountId, period, version: Number(version), final: false, title: `Ögonblicksbild Facebook Konto ${accountId} ${period!.replace("-", " ")}`,
    url: `https://example.se/${accountId}`, finalUrl: `https://example.se/${accountId}`, httpStatus: 200, capturedAt: o.capturedAt, consent: "none-found", flags: [],
    previousRecordId: o.previousRecordId === undefined ? `${accountId}_${period}_v${Number(version) - 1}` : o.previousRecordId,
    pdf: { pages: 1 }, files: { [`${recordId}.pdf`]: { sha256: sha(pdf), bytes: pdf.length } }, ...o.more,
  };
  const folder = path.join(ws.dir, "spool", recordId);
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${recordId}.pdf`), pdf);
  fs.writeFileSync(path.join(folder, `${recordId}.json`), JSON.stringify(manifest, null, 2));
  return folder;
}

/**
 * A synthetic archive for the command line, made fresh for a test and removed after it, with the
 * command line bound to its configuration. Call at the top of a test file.
 */
export function archivesForCli(): () => Promise<{ ws: Workspace & { ids: string[] }; cli: (...args: string[]) => ReturnType<typeof runCli>; id: string }> {
  const cleanups: Array<() => void> = [];
  afterEach(() => { for (const c of cleanups.splice(0)) c(); });
  return async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    return { ws, cli, id: ws.ids[0]! };
  };
}

/** As someone with write access to the log's file would change it, with the sqlite3 library. */
export function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec(sql);
  db.close();
}

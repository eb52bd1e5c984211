/**
 * `verify` throughput on the filesystem store. A handful of small records reads too fast to measure, so
 * large synthetic records are added first: real objects put into the store (with its checksum
 * confirmation) and registered in the log with their events, exactly what `verify` then re-reads.
 * Measured twice: with the objects in the page cache (just written) and with the cache for those files
 * dropped (GNU dd's nocache), which is what a verify of an old archive meets.
 */
import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore, recordKey, sha256File } from "../../src/storage/index.ts";
import { verifyArchive } from "../../src/record/verify.ts";
import { Spool } from "../../src/spool/index.ts";

export interface VerifyThroughput {
  bytes: number;
  objects: number;
  /** MB/s (MiB/s) of the whole `verify` with the objects in the page cache. */
  warmMBps: number;
  /** MB/s of the whole `verify` after dropping the objects from the page cache; null when that is not possible. */
  coldMBps: number | null;
  /** MB/s of the store's hash() alone over the same objects, warm. */
  hashMBps: number;
  ok: boolean;
  problems: string[];
}

const MB = 1024 * 1024;

export async function addSyntheticRecords(log: RecordLog, store: FilesystemStore, workDir: string, totalMB: number, perObjectMB = 32): Promise<void> {
  const count = Math.max(1, Math.ceil(totalMB / perObjectMB));
  const period = "2026-H2";
  for (let k = 0; k < count; k++) {
    const accountId = `bench-synthetic-${k}`;
    const id = `${accountId}_${period}_v1`;
    const pdf = path.join(workDir, `${id}.pdf`);
    const json = path.join(workDir, `${id}.json`);
    // Random bytes: neither the disk nor the hash can take a shortcut on them.
    const fd = fs.openSync(pdf, "w");
    for (let m = 0; m < perObjectMB; m++) fs.writeSync(fd, crypto.randomBytes(MB));
    fs.closeSync(fd);
    fs.writeFileSync(json, JSON.stringify({ schema: "somarkiv-manifest/1", recordId: id, synthetic: true }) + "\n");
    const p = await sha256File(pdf);
    const j = await sha256File(json);
    log.records.insertCaptured({
      recordId: id, accountId, period, version: 1, final: false, capturedAt: new Date().toISOString(),
      url: "http://127.0.0.1/synthetic", finalUrl: "http://127.0.0.1/synthetic", httpStatus: 200,
      sha256: p.sha256, bytes: p.bytes, pages: 1, pdfName: path.basename(pdf), manifestName: path.basename(json),
      manifestSha256: j.sha256, manifestBytes: j.bytes, spoolDir: workDir, consent: "none-found", flags: [],
      previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, []);
    const stored = await store.put(recordKey(period, accountId, 1, "pdf"), pdf, p.sha256);
    const storedJson = await store.put(recordKey(period, accountId, 1, "json"), json, j.sha256);
    log.records.markStored(id, stored.fullKey, storedJson.fullKey, stored.sha256);
    log.records.clearSpool(id);
    fs.rmSync(pdf);
    fs.rmSync(json);
  }
}

export async function measureVerify(log: RecordLog, store: FilesystemStore): Promise<VerifyThroughput> {
  const keys: string[] = [];
  for await (const o of store.list()) keys.push(o.key);
  // Read once so that the warm figure really is warm.
  for (const k of keys) await store.hash(k);

  let t = process.hrtime.bigint();
  let hashed = 0;
  for (const k of keys) hashed += (await store.hash(k))?.bytes ?? 0;
  const hashMBps = hashed / MB / seconds(t);

  // Beside the log, as the configuration puts it; the bench's records are all stored, none waits there.
  const spool = new Spool(path.join(path.dirname(log.file), "spool"));
  t = process.hrtime.bigint();
  const warm = await verifyArchive(log, store, spool, () => undefined);
  const warmMBps = warm.bytes / MB / seconds(t);

  let coldMBps: number | null = null;
  if (dropFromCache(keys.map((k) => store.pathOf(k)))) {
    t = process.hrtime.bigint();
    const cold = await verifyArchive(log, store, spool, () => undefined);
    coldMBps = cold.bytes / MB / seconds(t);
  }
  return {
    bytes: warm.bytes, objects: warm.objects, warmMBps, coldMBps, hashMBps, ok: warm.ok,
    problems: warm.problems.map((p) => `${p.recordId ?? p.key ?? ""}: ${p.problem}`),
  };
}

function seconds(since: bigint): number {
  return Number(process.hrtime.bigint() - since) / 1e9;
}

/** Asks the kernel to forget the cached pages of these files only (not the whole machine's cache). */
function dropFromCache(files: string[]): boolean {
  try {
    for (const f of files) execFileSync("dd", [`if=${f}`, "iflag=nocache", "count=0", "status=none"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { Spool } from "../../src/spool/index.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { sha } from "../log/archive.ts";

/**
 * The log keeps the full path of a waiting record's spool folder. Moving the data folder (the README:
 * moving "database:" moves the working data with it) or copying it must not strand the record or let
 * the copy read, and empty, the original's spool: a record's files are looked for in the spool beside
 * the log. No browser: the waiting record is written through somarkiv's own spool and log.
 */
const ID = "konto-a_2026-H1_v1";
const cleanups: string[] = [];
afterEach(() => { for (const d of cleanups.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** A data folder (configuration, log, spool, store, intake) with one record waiting in the spool. */
function dataWithWaitingRecord(): string {
  const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("konto-a", "https://example.se/konto-a")] });
  cleanups.push(ws.dir);
  const pdf = Buffer.from("%PDF-1.7\n% taken while the store was away\n%%EOF\n");
  const manifest = Buffer.from(JSON.stringify({ recordId: ID, accountId: "konto-a", accountName: "Konto konto-a", period: "2026-H1", version: 1 }) + "\n");
  const folder = new Spool(path.join(ws.dir, "spool")).write(ID, { [`${ID}.pdf`]: pdf, [`${ID}.json`]: manifest });
  const log = RecordLog.open(ws.database);
  log.records.insertCaptured({
    recordId: ID, accountId: "konto-a", period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-10T06:00:00.000Z",
    url: "https://example.se/konto-a", finalUrl: "https://example.se/konto-a", httpStatus: 200, sha256: sha(pdf), bytes: pdf.length, pages: 2,
    pdfName: `${ID}.pdf`, manifestName: `${ID}.json`, manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: folder,
    consent: "none-found", flags: [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  }, [`directory:${path.join(ws.dir, "intake")}`]);
  log.close();
  return ws.dir;
}

const deliver = (dir: string) => runCli(["deliver", "--config", path.join(dir, "somarkiv.yaml")]);
const stored = (dir: string) => fs.existsSync(path.join(dir, "objects", "2026-H1", "konto-a", `${ID}.pdf`));
const status = (dir: string) => {
  const log = RecordLog.open(path.join(dir, "somarkiv.sqlite"));
  try { return log.records.get(ID)!.status; } finally { log.close(); }
};
const elsewhere = () => { const d = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-moved-")); cleanups.push(d); return d; };

describe("a record waiting in the spool, when the data folder is moved or copied", () => {
  it("moved whole: deliver finds it in the spool beside the log, stores and delivers it", async () => {
    const moved = path.join(elsewhere(), "data");
    fs.renameSync(dataWithWaitingRecord(), moved);
    const r = await deliver(moved);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("is not there");
    expect(stored(moved)).toBe(true);
    expect(status(moved)).toBe("delivered");
    expect(fs.readdirSync(path.join(moved, "spool"))).toEqual([]);
  });

  it("copied: each installation stores its own spool copy; the copy neither reads nor empties the original's", async () => {
    const original = dataWithWaitingRecord();
    const copy = path.join(elsewhere(), "copy");
    fs.cpSync(original, copy, { recursive: true });
    // The copy's spool copy is changed, the original's is not: the copy must find its own and say so.
    const copyPdf = path.join(copy, "spool", ID, `${ID}.pdf`);
    fs.appendFileSync(copyPdf, "changed in the copy\n");
    const inCopy = await deliver(copy);
    expect(inCopy.code).toBe(1);
    expect(inCopy.stderr).toContain(`LOST: its file ${copyPdf} in the spool was changed after the capture`);
    expect(stored(copy)).toBe(false);
    // The original is untouched and stores its record.
    expect(fs.existsSync(path.join(original, "spool", ID, `${ID}.pdf`))).toBe(true);
    const inOriginal = await deliver(original);
    expect(inOriginal.code, inOriginal.stdout + inOriginal.stderr).toBe(0);
    expect(status(original)).toBe("delivered");
    expect(stored(original)).toBe(true);
  });

  it("the log moved without its spool: the record waits, saying where its files are, and is not marked lost", async () => {
    const original = dataWithWaitingRecord();
    const moved = path.join(elsewhere(), "data");
    fs.mkdirSync(moved);
    for (const f of ["somarkiv.yaml", "somarkiv.sqlite"]) fs.copyFileSync(path.join(original, f), path.join(moved, f));
    fs.mkdirSync(path.join(moved, "spool"));
    const r = await deliver(moved);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${ID}: not stored: its files are not in this installation's spool folder ${path.join(moved, "spool")} but still at ${path.join(original, "spool", ID)}, where it was spooled, and are not read from there.`);
    expect(status(moved)).toBe("captured");
    expect(stored(moved)).toBe(false);
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { installationOf, madeElsewhereSaid } from "../../src/record/installation.ts";

/**
 * Whether a record of the store that the log does not know was made by another installation while this
 * one ran (then it is not one this log lost from a backup), from its manifest's `madeBy` and the
 * log's own records: real SQLite logs, no store.
 */
const dirs: string[] = [];
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

function logWith(records: Array<{ at: string; installation: (here: string) => string }>): RecordLog {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-made-"));
  dirs.push(dir);
  const log = RecordLog.open(path.join(dir, "somarkiv.sqlite"));
  records.forEach((r, i) => {
    const id = `konto-a_2026-H1_v${i + 1}`;
    log.records.insertCaptured({
      recordId: id, accountId: "konto-a", period: "2026-H1", version: i + 1, final: false, capturedAt: r.at,
      url: "https://example.se/a", finalUrl: "https://example.se/a", httpStatus: 200, sha256: "0".repeat(64), bytes: 1, pages: 1,
      pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "1".repeat(64), manifestBytes: 1, spoolDir: dir,
      consent: "none-found", flags: [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
      madeBy: { log: log.identity()!, installation: r.installation(installationOf(log)) },
    }, []);
  });
  return log;
}

const manifest = (madeBy: unknown, capturedAt = "2026-06-20T06:00:00.000Z") => JSON.stringify({ capturedAt, ...(madeBy ? { madeBy } : {}) });
const HERE = (here: string) => here;
const OLD = () => "gamla-servern:/var/lib/somarkiv/somarkiv.sqlite";

describe("a record the log does not know, and who made it", () => {
  it("is another installation's when its manifest names another log", () => {
    const log = logWith([]);
    expect(madeElsewhereSaid(log, manifest({ log: "ffff", installation: "testservern:/srv/s.sqlite" }))).toEqual({ log: "ffff", installation: "testservern:/srv/s.sqlite", copyOfThisLog: false });
    log.close();
  });

  it("is a copy of this log's, running at once, when this installation captured after the latest record from there and before it", () => {
    const log = logWith([{ at: "2026-06-01T06:00:00.000Z", installation: OLD }, { at: "2026-06-10T06:00:00.000Z", installation: HERE }]);
    expect(madeElsewhereSaid(log, manifest({ log: log.identity(), installation: OLD() }))).toEqual({ log: log.identity(), installation: OLD(), copyOfThisLog: true });
    log.close();
  });

  it("is this log's own, lost from a backup, when this installation made nothing in that time", () => {
    // Put back here after the old server died: its records came before any made here.
    const restored = logWith([{ at: "2026-06-01T06:00:00.000Z", installation: OLD }, { at: "2026-06-25T06:00:00.000Z", installation: HERE }]);
    expect(madeElsewhereSaid(restored, manifest({ log: restored.identity(), installation: OLD() }))).toBeUndefined();
    restored.close();
    // Put back on the server it had moved from: the log's records from there came after the ones made here.
    const back = logWith([{ at: "2026-01-10T06:00:00.000Z", installation: HERE }, { at: "2026-06-15T06:00:00.000Z", installation: OLD }]);
    expect(madeElsewhereSaid(back, manifest({ log: back.identity(), installation: OLD() }))).toBeUndefined();
    back.close();
  });

  it("says nothing of this installation's own, of a manifest made before manifests named their log, or of one that is not JSON", () => {
    const log = logWith([{ at: "2026-06-10T06:00:00.000Z", installation: HERE }]);
    expect(madeElsewhereSaid(log, manifest({ log: log.identity(), installation: installationOf(log) }))).toBeUndefined();
    expect(madeElsewhereSaid(log, manifest(undefined))).toBeUndefined();
    expect(madeElsewhereSaid(log, "{ inte json")).toBeUndefined();
    log.close();
  });
});

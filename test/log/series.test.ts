/**
 * An account renamed in the file (its old id in formerIds) reads as one series in the log: its first
 * half-year is the earliest under either id, whichever id sorts first. On a real SQLite log.
 */
import { describe, expect, it, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import type { NewCapturedRecord } from "../../src/log/records.ts";
import { accountSeries } from "../../src/config/index.ts";

const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

function record(accountId: string, period: string): NewCapturedRecord {
  const id = `${accountId}_${period}_v1`;
  return {
    recordId: id, accountId, period, version: 1, final: false, capturedAt: `${period.slice(0, 4)}-06-10T06:00:00.000Z`,
    url: "https://www.facebook.com/overkalix", finalUrl: "https://www.facebook.com/overkalix", httpStatus: 200,
    sha256: "0".repeat(64), bytes: 10, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: "1".repeat(64), manifestBytes: 10, spoolDir: `/var/lib/somarkiv/spool/${id}`, consent: "none-found", flags: [],
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  };
}

describe("firstPeriods: each series' first half-year in the log", () => {
  it("is the old id's for an account renamed to an id that sorts before it (ovk-fb to facebook-kommun)", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-series-"));
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const log = RecordLog.open(path.join(dir, "somarkiv.sqlite"));
    cleanups.unshift(() => log.close());
    log.records.insertCaptured(record("ovk-fb", "2025-H1"), []);
    log.records.insertCaptured(record("ovk-fb", "2025-H2"), []);
    log.records.insertCaptured(record("facebook-kommun", "2026-H1"), []);
    log.records.insertCaptured(record("instagram-bibliotek", "2026-H1"), []);
    const series = accountSeries([{ id: "facebook-kommun", formerIds: ["ovk-fb"] }, { id: "instagram-bibliotek" }]);
    expect(Object.fromEntries(log.records.firstPeriods(series))).toEqual({ "facebook-kommun": "2025-H1", "instagram-bibliotek": "2026-H1" });
  });
});

/**
 * What the operator reads in `capture`, `status` and `records --csv`: what is the same of many
 * accounts is said once, not forty times, what waits is named with its half-year, and why a delivery
 * has not gone through is in the CSV's column for the operator. No browser is needed: the records are
 * put in a real log, and every account is skipped from it.
 */
import { describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";

/** A snapshot of `account` for `period` in the log, stored; waiting for the folder intake when `pending`. */
function snapshot(log: RecordLog, account: string, period: string, capturedAt: string, pending = false): void {
  const id = `${account}_${period}_v1`;
  log.records.insertCaptured({
    recordId: id, accountId: account, period, version: 1, final: false, capturedAt,
    url: `http://127.0.0.1:9/${account}`, finalUrl: `http://127.0.0.1:9/${account}`, httpStatus: 200,
    sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: "/nonexistent", consent: "none-found", flags: [],
    previousRecordId: null, textFingerprint: "Välkommen.", imageFingerprint: "0".repeat(64), runId: null,
  }, pending ? ["directory:intake"] : []);
  log.records.markStored(id, `${period}/${account}/${id}.pdf`, `${period}/${account}/${id}.json`, "a".repeat(64));
}

describe("status over many accounts", () => {
  it("says once that whether they are passive cannot be told yet, and names a record waiting of an earlier half-year with its half-year", async () => {
    const ids = ["b1", "b2", "b3", "b4", "b5"];
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: ids.map((id) => account(id, `http://127.0.0.1:9/${id}`)) });
    try {
      const now = periodOf(new Date(), "Europe/Stockholm");
      const before = previousPeriod(now);
      const log = RecordLog.open(ws.database);
      try {
        // Installed today: the half-year just over made up on the day the current one was taken.
        for (const a of ids) {
          snapshot(log, a, before, new Date(Date.now() - 60_000).toISOString(), a === "b1");
          snapshot(log, a, now, new Date().toISOString());
        }
      } finally {
        log.close();
      }
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Passive or not: cannot be told yet of 5 accounts (b1, b2, b3, b4, b5): their snapshots of ${before} and ${now} were taken the same day`);
      expect(r.stdout).not.toContain("      passive or not:");
      expect(r.stdout).toContain(`Waiting: b1 for delivery to the folder intake (${before}).`);
    } finally {
      ws.cleanup();
    }
  });
});

describe("capture re-run over many accounts that have their snapshot", () => {
  it("names the skipped accounts on one line with their records, and counts once on stderr", async () => {
    const ids = ["a1", "a2", "a3", "a4", "a5"];
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: ids.map((id) => account(id, `http://127.0.0.1:9/${id}`)) });
    try {
      const period = periodOf(new Date(), "Europe/Stockholm");
      const log = RecordLog.open(ws.database);
      try {
        for (const a of ids) {
          const id = `${a}_${period}_v1`;
          log.records.insertCaptured({
            recordId: id, accountId: a, period, version: 1, final: false, capturedAt: new Date().toISOString(),
            url: `http://127.0.0.1:9/${a}`, finalUrl: `http://127.0.0.1:9/${a}`, httpStatus: 200,
            sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
            manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: [],
            previousRecordId: null, textFingerprint: "Välkommen.", imageFingerprint: "0".repeat(64), runId: null,
          }, []);
          log.records.markStored(id, `${period}/${a}/${id}.pdf`, `${period}/${a}/${id}.json`, "a".repeat(64));
        }
      } finally {
        log.close();
      }
      const r = await runCli(["capture", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`  5 accounts skipped, already has a snapshot for ${period}; use --force to add a new version: ${ids.map((a) => `${a} (${a}_${period}_v1)`).join(", ")}`);
      expect(r.stdout).not.toContain("a1: skipped");
      expect(r.stderr.match(/accounts? done/g)).toHaveLength(1);
      expect(r.stderr).toContain("5 of 5 accounts done: 0 captured, 0 failed, 5 skipped");
    } finally {
      ws.cleanup();
    }
  });
});

describe("records --csv of a record whose delivery has not gone through", () => {
  it("gives the intake's error in \"Fel (för driften)\", where \"Leveranser\" says only that it failed", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("c1", "http://127.0.0.1:9/c1")] });
    try {
      const period = periodOf(new Date(), "Europe/Stockholm");
      const log = RecordLog.open(ws.database);
      try {
        snapshot(log, "c1", period, new Date().toISOString(), true);
        log.records.markDeliveryFailed(`c1_${period}_v1`, "directory:intake", "the folder intake is not writable", null, false);
      } finally {
        log.close();
      }
      const r = await runCli(["records", "--csv", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      const [head, row] = r.stdout.replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(";"));
      expect(row![head!.indexOf("Fel (för driften)")]).toBe("the folder intake: the folder intake is not writable");
    } finally {
      ws.cleanup();
    }
  });
});

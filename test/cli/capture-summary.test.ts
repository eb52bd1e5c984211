/**
 * What `capture` prints on a re-run of many accounts that all have their snapshot: one line for
 * the accounts skipped for one reason, and one count on stderr, not forty of each.
 * No browser is needed: every account is skipped from the log.
 */
import { describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";

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
      expect(r.stderr.match(/account\(s\) done/g)).toHaveLength(1);
      expect(r.stderr).toContain("5 of 5 account(s) done: 0 captured, 0 failed, 5 skipped");
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * A record whose spool copy was removed before the store took it (a person "cleaning up"
 * archive/spool) cannot be stored by waiting. deliver says what to do, and does not promise a retry.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import path from "node:path";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";

describe("a record whose spool copy is gone before it was stored", () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("kommun", "https://example.se/kommun")] });
    const log = RecordLog.open(ws.database);
    log.records.insertCaptured({
      recordId: "kommun_2026-H2_v1", accountId: "kommun", period: "2026-H2", version: 1, final: false, capturedAt: "2026-12-01T06:00:00.000Z",
      url: "https://example.se/kommun", finalUrl: "https://example.se/kommun", httpStatus: 200,
      sha256: "0".repeat(64), bytes: 10, pages: 2, pdfName: "kommun_2026-H2_v1.pdf", manifestName: "kommun_2026-H2_v1.json",
      manifestSha256: "1".repeat(64), manifestBytes: 10, spoolDir: path.join(ws.dir, "spool", "kommun_2026-H2_v1"), consent: "none-found", flags: [],
      previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, [`directory:${ws.intake}`]);
    log.close();
  });
  afterAll(() => ws.cleanup());

  it("deliver says it cannot be stored and what to do, and promises no retry", async () => {
    const r = await runCli(["deliver", "--config", ws.configPath]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`not done: kommun_2026-H2_v1: not stored: its spool folder ${path.join(ws.dir, "spool", "kommun_2026-H2_v1")} is missing; the record cannot be stored. Run "somarkiv verify" and capture the account again with --force.`);
    expect(r.stderr).toContain("[kommun] NOT STORED YET: its spool folder");
    expect(r.stderr).not.toContain("retried by");
  });
});

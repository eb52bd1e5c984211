/**
 * An account closed in the file before the worker started, with snapshots and no closing record
 * (capture --final was never run): the worker says so once, at its first wake, and status says what
 * to do either way (take it if the page is still up; nothing if it is gone).
 */
import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeLog, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { count, months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();

describe("somarkiv run and status: a closed account with no closing record", () => {
  it("is warned of once by the worker at its first wake, and by status with what to do if its page is up or gone", async () => {
    // Not a capture month: the wakes open no browser.
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [months().other], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      accounts: [account("kommun", site.server.at("worker/kommun.html")), account("gamla", "https://example.se/gamla", { status: "closed", closedOn: "2026-11-30" })],
    }));
    makeLog(ws);
    const log = RecordLog.open(ws.database);
    try {
      log.records.insertRecovered({
        recordId: "gamla_2026-H1_v1", accountId: "gamla", period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-20T06:00:00.000Z",
        url: "https://example.se/gamla", finalUrl: "https://example.se/gamla", httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
        pdfName: "gamla_2026-H1_v1.pdf", manifestName: "gamla_2026-H1_v1.json", manifestSha256: "d".repeat(64), manifestBytes: 10,
        consent: "none-found", flags: [], previousRecordId: null,
      }, { storageKey: "2026-H1/gamla/gamla_2026-H1_v1.pdf", manifestKey: "2026-H1/gamla/gamla_2026-H1_v1.json" }, []);
    } finally {
      log.close();
    }
    const w = startRun(ws);
    try {
      await waitFor("three wakes", () => count(w.stderr(), "worker: wake done") >= 3 || undefined, 60_000, w.stderr);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    const err = unnamed(w.stderr(), ws);
    expect(err).toMatch(/worker: WARNING: Account "gamla" [^\n]* is closed, but the log has no closing record of it: the last snapshot of an account that is closed is taken with "somarkiv capture --account gamla --final"\. If the account can still be opened, take it now; if it is already gone from the platform, its last half-year snapshot is its last record\./);
    expect(count(err, "is closed, but the log has no closing record")).toBe(1);
    expect(err).not.toMatch(/WARNING: [^\n]*"kommun"/);

    const st = await runCli(["status", "--config", ws.configPath]);
    expect(unnamed(st.stdout, ws)).toContain(`      closed, but the log has no closing record of it: if the account can still be opened, take its last snapshot with "somarkiv capture --account gamla --final"; if it is already gone from the platform, nothing is to be done: its last half-year snapshot is its last record\n`);
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account } from "../helpers/cli.ts";
import { ORGANISATION, plantInSpool, spoolSecondVersion, syntheticArchive } from "../log/archive.ts";
import { periodOf } from "../../src/schedule/period.ts";
import { logged, months, SE, startRun, waitFor, type RunningWorker } from "./helpers.ts";

/**
 * The worker's wake takes its pages first and then sends what waited from earlier wakes, as a manual
 * capture does: a store that took the connection and never answered held the half-year's captures
 * for minutes (3 tries of 60 s) a waiting record. The record waiting is still sent in the same wake.
 */
describe("a worker's wake with a record waiting from an earlier one", () => {
  let site: FixtureServer | undefined;
  let ws: Awaited<ReturnType<typeof syntheticArchive>> | undefined;
  let w: RunningWorker | undefined;
  afterEach(async () => {
    if (w && w.child.exitCode === null) { w.child.kill("SIGKILL"); await w.exited; }
    await site?.close();
    ws?.cleanup();
  });

  it("captures the accounts due before it stores and delivers what waited, and still does both", async () => {
    site = await startFixtureServer();
    ws = await syntheticArchive();
    ws.write({
      organisation: ORGANISATION,
      schedule: { timezone: SE, cron: "0 0 3 1 1 *", months: [months().current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("konto-a", "https://example.se/konto-a", { status: "closed", closedOn: "2026-06-30" }), account("konto-c", site.at("pipeline/kommun.html"))],
    });
    const { id } = spoolSecondVersion(ws);
    w = startRun(ws);
    const said = await waitFor("the start-up wake's last line", () => w!.stderr().includes("worker: wake done") && w!.stderr(), 150_000, w.stderr);
    w.child.kill("SIGTERM");
    await w.exited;
    const lines = said.split("\n");
    const captured = lines.findIndex((l) => /\[konto-c\] captured in/.test(l));
    const waitedSent = lines.findIndex((l) => l.includes(`storing ${id}`));
    expect(captured, said).toBeGreaterThanOrEqual(0);
    expect(waitedSent, said).toBeGreaterThan(captured);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
  });

  it("counts a record the log lost, taken back from the spool, as its account's snapshot: the account is not due, and nothing is captured again", async () => {
    ws = await syntheticArchive();
    ws.write({
      organisation: ORGANISATION,
      schedule: { timezone: SE, cron: "0 0 3 1 1 *", months: [months().current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("konto-a", "https://example.se/konto-a")],
    });
    // This half-year's snapshot, in the spool and lost from the log (a log put back from an older backup).
    const id = `konto-a_${periodOf(new Date(), SE)}_v1`;
    await plantInSpool(ws, id, { capturedAt: new Date(Date.now() - 60_000).toISOString(), previousRecordId: null });
    w = startRun(ws);
    const said = await waitFor("the start-up wake's last line", () => w!.stderr().includes("worker: wake done") && w!.stderr(), 150_000, w.stderr);
    w.child.kill("SIGTERM");
    await w.exited;
    expect(said).toContain(`record ${id} was found whole in the spool`);
    expect(said).not.toContain("is due for");
    expect(logged(ws).filter((r) => r.accountId === "konto-a" && !ws!.ids.includes(r.recordId)).map((r) => [r.recordId, r.status])).toEqual([[id, "delivered"]]);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
  });
});

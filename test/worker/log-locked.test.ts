import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { makeWorkspace, account } from "../helpers/cli.ts";
import { holdLog, type HeldLog } from "../helpers/lock.ts";
import { SE, months, records, startRun, waitFor } from "./helpers.ts";

/**
 * A wake stopped because another program held the log's lock for longer than somarkiv waits: the
 * worker says so and tries the wake again soon, where it waited for its next scheduled wake (a day
 * away, here a year) with the account it had not recorded uncaptured.
 */
describe("the worker's wake stopped by another program's lock on the log", () => {
  let site: FixtureServer;
  beforeAll(async () => { site = await startFixtureServer(); });
  afterAll(async () => { await site.close(); });

  it("is tried again soon, and the account is captured then", async () => {
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      schedule: { timezone: SE, cron: "0 0 1 1 *", months: [months().current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("konto-a", site.at("pipeline/kommun.html?delay=1500"))],
    });
    const w = startRun(ws);
    let held: Promise<HeldLog> | undefined;
    try {
      // Taken while konto-a is captured, and kept until the wake has given up on the log.
      await waitFor("konto-a's capture", () => w.stderr().includes("[konto-a] capturing"), 90_000, w.stderr);
      held = holdLog(ws.database);
      await held;
      await waitFor("the wake to fail", () => w.stderr().includes("worker: the wake failed"), 90_000, w.stderr);
      await (await held).release();
      expect(w.stderr()).toMatch(/worker: the wake failed: somarkiv's log was locked by another program for longer than somarkiv waits \(database is locked\)\. Close any program that has the log open for writing \(a database browser, say\), or stop a somarkiv process that hangs\. The worker tries the wake again in 30 s; nothing already recorded is lost\./);
      await waitFor("the wake tried again", () => w.stderr().includes("worker: wake done"), 90_000, w.stderr);
      expect(w.stderr()).toMatch(/worker: wake done \(ok\); 0 accounts still missing/);
      const recs = await records(ws);
      // The first capture's files, which the log never took, are not left in the spool to be taken
      // back later beside this one: one version of the snapshot, nothing left waiting.
      expect(recs.map((r) => [r.accountId, r.version, r.status])).toEqual([["konto-a", 1, "delivered"]]);
      expect(fs.readdirSync(path.join(ws.dir, "spool"))).toEqual([]);
    } finally {
      await (await held?.catch(() => undefined))?.release();
      w.child.kill("SIGKILL");
      await w.exited;
      ws.cleanup();
    }
  });
});

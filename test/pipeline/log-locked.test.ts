import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { BIN, NODE_FLAGS, PROJECT, makeWorkspace, account } from "../helpers/cli.ts";
import { holdLog, type HeldLog } from "../helpers/lock.ts";
import { records } from "../worker/helpers.ts";

/**
 * Another program holding the log's write lock for a while (shorter than somarkiv waits for it) in
 * the middle of a capture: the lane that writes to the log stands the whole process still, and that
 * time is not the store's. The store answered; its records are stored, not left in the spool with
 * "did not answer".
 */
describe("capture while another program holds the log's write lock", () => {
  let site: FixtureServer;
  beforeAll(async () => { site = await startFixtureServer(); });
  afterAll(async () => { await site.close(); });

  it("does not call the store silent for the time the process waited for the lock", async () => {
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      // The first page is slow to come, so the lock is held before its capture ends.
      accounts: [account("konto-a", site.at("pipeline/kommun.html?delay=1500")), account("konto-b", site.at("pipeline/kommun.html"))],
    });
    let held: Promise<HeldLog> | undefined;
    try {
      const child = spawn(process.execPath, [...NODE_FLAGS, BIN, "capture", "--config", ws.configPath], { cwd: PROJECT, env: { ...process.env, SOMARKIV_CONFIG: undefined }, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stdout.resume();
      child.stderr.on("data", (d) => {
        stderr += d;
        // Taken while konto-a is captured, after its lease: konto-a's record then asks the store
        // whether it holds version 1, and konto-b's lane waits for the lock (14 s) meanwhile.
        if (!held && stderr.includes("[konto-a] capturing")) held = holdLog(ws.database, { seconds: 14 });
      });
      const kill = setTimeout(() => child.kill("SIGKILL"), 170_000);
      const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      clearTimeout(kill);
      expect(held).toBeDefined();
      expect(stderr).not.toContain("did not answer");
      expect(stderr).not.toContain("NOT STORED YET");
      expect(code).toBe(0);
      const recs = await records(ws);
      expect(recs.map((r) => [r.accountId, r.status])).toEqual([["konto-a", "delivered"], ["konto-b", "delivered"]]);
      expect(fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf"))).toHaveLength(2);
    } finally {
      await (await held)?.release();
      ws.cleanup();
    }
  });
});

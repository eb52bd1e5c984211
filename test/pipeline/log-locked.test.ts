import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { BIN, NODE_FLAGS, PROJECT, makeWorkspace, account, runCli, unnamed } from "../helpers/cli.ts";
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

  it("held past somarkiv's wait in a --force capture of two, lists the version made and names the command that takes only the other", async () => {
    // "Then run the command again" after the first account's new version was made made it a second
    // time, sent to the registrar too.
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("konto-a", site.at("pipeline/kommun.html")), account("konto-b", site.at("pipeline/kommun.html?delay=4000"))],
    });
    let held: Promise<HeldLog> | undefined;
    try {
      expect((await runCli(["capture", "--config", ws.configPath])).code).toBe(0);
      const child = spawn(process.execPath, [...NODE_FLAGS, BIN, "capture", "--force", "--reason", "andra versionen", "--config", ws.configPath], { cwd: PROJECT, env: { ...process.env, SOMARKIV_CONFIG: undefined }, stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (d) => { stdout += d; });
      child.stderr.on("data", (d) => {
        stderr += d;
        // konto-a's second version made and delivered, konto-b's page still loading: held longer than somarkiv waits (15 s).
        if (!held && stderr.includes("[konto-a] delivered to") && stderr.includes("[konto-b] capturing")) held = holdLog(ws.database, { seconds: 40 });
      });
      const kill = setTimeout(() => child.kill("SIGKILL"), 170_000);
      const code = await new Promise<number | null>((resolve) => child.on("close", (c) => resolve(c)));
      clearTimeout(kill);
      expect(held).toBeDefined();
      expect(code).toBe(1);
      expect(stdout).toMatch(/konto-a: konto-a_\d{4}-H[12]_v2/);
      expect(stdout).not.toContain("konto-b:");
      const said = unnamed(stderr, ws);
      expect(said).toContain("somarkiv capture stopped: somarkiv's log was locked by another program for longer than somarkiv waits");
      expect(said).toContain(`What was done before it stopped is listed on stdout; nothing already recorded is lost. The account not yet done (konto-b) is taken with: somarkiv capture --account konto-b --force --reason "andra versionen".`);
      expect(said).not.toContain("Then run the command again");
      await (await held)!.release();
      held = undefined;
      const rest = await runCli(["capture", "--account", "konto-b", "--force", "--reason", "andra versionen", "--config", ws.configPath]);
      expect(rest.code, rest.stderr).toBe(0);
      const recs = await records(ws);
      expect(recs.map((r) => [r.accountId, r.version]).sort()).toEqual([["konto-a", 1], ["konto-a", 2], ["konto-b", 1], ["konto-b", 2]]);
    } finally {
      await (await held)?.release();
      ws.cleanup();
    }
  });
});

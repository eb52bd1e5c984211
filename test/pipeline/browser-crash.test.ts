import { describe, it, expect, afterAll } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { BIN, PROJECT, makeWorkspace, account, runCli, type Workspace } from "../helpers/cli.ts";
import { descendants } from "../helpers/processes.ts";

describe("a browser that dies in the middle of a run (the out-of-memory killer, a crash)", () => {
  let site: FixtureServer | undefined;
  let ws: Workspace | undefined;
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  it("fails the capture it was running, in plain words, and a new browser captures the accounts after it", async () => {
    let requested!: () => void;
    const pageAsked = new Promise<void>((resolve) => (requested = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    site = await startFixtureServer({
      routes: {
        // The first account's page is held until the browser has been killed under it.
        "/held": async (_req, res) => {
          requested();
          await released;
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end("<!doctype html><title>Hållen</title><h1>Hållen sida</h1>");
        },
      },
    });
    ws = makeWorkspace({
      organisation: { name: "X" },
      capture: { concurrency: 1, timeoutSeconds: 60 },
      accounts: [account("forsta", site.at("held")), account("andra", site.at("pipeline/kommun.html")), account("tredje", site.at("pipeline/kommun.html"))],
    });
    const child = spawn(process.execPath, [BIN, "capture", "--config", ws.configPath], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      await pageAsked;
      const browsers = descendants(child.pid!).filter((pid) => {
        try { return /chrom/i.test(fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")); } catch { return false; }
      });
      expect(browsers.length).toBeGreaterThan(0);
      for (const pid of browsers) { try { process.kill(pid, "SIGKILL"); } catch { /* already gone with its parent */ } }
    } finally {
      release();
    }
    expect(await exited, stdout + stderr).toBe(1);
    expect(stdout).toMatch(/forsta: FAILED \(browser-error\): The browser stopped unexpectedly while capturing .*held: it may have run out of memory, or been stopped from outside\. It will be tried again on the next run\./);
    expect(stdout).toMatch(/andra: andra_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(stdout).toMatch(/tredje: tredje_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(stderr).toContain("the browser stopped unexpectedly; starting a new one for the accounts still to do");
    // The records the new browser made are whole: in the intake, and in the log as delivered.
    const records = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ accountId: string; status: string }>;
    expect(records.map((r) => `${r.accountId} ${r.status}`).sort()).toEqual(["andra delivered", "forsta failed", "tredje delivered"]);
    expect(fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf"))).toHaveLength(2);
    // Nothing of either browser is left running.
    expect(descendants(child.pid!)).toEqual([]);
  });
});

import { describe, it, expect, afterAll } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { BIN, NODE_FLAGS, PROJECT, makeWorkspace, account, runCli, type Workspace } from "../helpers/cli.ts";
import { descendants } from "../helpers/processes.ts";

describe("a browser that dies or hangs in the middle of a run (the out-of-memory killer, a crash)", () => {
  let site: FixtureServer | undefined;
  let ws: Workspace | undefined;
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  /**
   * Runs a capture of three accounts, one at a time; while the first one's page is held, `act`
   * is done to the browser's processes (the child's descendants whose command line names Chromium).
   */
  async function runWithBrowser(act: (browserPids: number[], mainPid: number) => void, timeoutSeconds: number): Promise<{ code: number | null; stdout: string; stderr: string; ws: Workspace; pid: number }> {
    let requested!: () => void;
    const pageAsked = new Promise<void>((resolve) => (requested = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await site?.close();
    site = await startFixtureServer({
      routes: {
        // The first account's page is held until the browser has been dealt with under it.
        "/held": async (_req, res) => {
          requested();
          await released;
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end("<!doctype html><title>Hållen</title><h1>Hållen sida</h1>");
        },
      },
    });
    ws?.cleanup();
    ws = makeWorkspace({
      organisation: { name: "X" },
      capture: { concurrency: 1, timeoutSeconds },
      accounts: [account("forsta", site.at("held")), account("andra", site.at("pipeline/kommun.html")), account("tredje", site.at("pipeline/kommun.html"))],
    });
    const child = spawn(process.execPath, [...NODE_FLAGS, BIN, "capture", "--config", ws.configPath], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "", stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    try {
      await pageAsked;
      const cmdline = (pid: number) => { try { return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8"); } catch { return ""; } };
      const browsers = descendants(child.pid!).filter((pid) => /chrom/i.test(cmdline(pid)));
      const main = browsers.find((pid) => cmdline(pid).includes("--somarkiv-browser="));
      expect(main).toBeDefined();
      act(browsers, main!);
    } finally {
      release();
    }
    return { code: await exited, stdout, stderr, ws, pid: child.pid! };
  }

  it("fails the capture it was running, in plain words, and a new browser captures the accounts after it", async () => {
    const r = await runWithBrowser((pids) => { for (const pid of pids) { try { process.kill(pid, "SIGKILL"); } catch { /* gone with its parent */ } } }, 60);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/forsta: FAILED \(browser-error\): The browser stopped unexpectedly while capturing .*held: it may have run out of memory, or been stopped from outside\. It will be tried again on the next run\./);
    expect(r.stdout).toMatch(/andra: andra_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(r.stdout).toMatch(/tredje: tredje_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(r.stderr).toContain("the browser stopped unexpectedly; starting a new one for the accounts still to do");
    // The records the new browser made are whole: in the intake, and in the log as delivered.
    const records = JSON.parse((await runCli(["records", "--json", "--config", r.ws.configPath])).stdout) as Array<{ accountId: string; status: string }>;
    expect(records.map((x) => `${x.accountId} ${x.status}`).sort()).toEqual(["andra delivered", "forsta failed", "tredje delivered"]);
    expect(fs.readdirSync(r.ws.intake).filter((f) => f.endsWith(".pdf"))).toHaveLength(2);
    // Nothing of either browser is left running.
    expect(descendants(r.pid)).toEqual([]);
  });

  it("a browser that no longer answers (stopped, not dead) is killed after the capture's time bound, and a new one takes the accounts after it", async () => {
    // The bound is every account's: under a whole test run beside it, the next account's page took
    // more than 10 s in the new browser (CI, 2026-12-07), so it is 30.
    const r = await runWithBrowser((_pids, main) => process.kill(main, "SIGSTOP"), 30);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/forsta: FAILED \(timeout\): The capture of .*held did not finish within 30 seconds and was stopped\. The browser itself had stopped answering \(a fault of this machine's browser, not of the site\)/);
    expect(r.stdout).toMatch(/andra: andra_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(r.stdout).toMatch(/tredje: tredje_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(r.stderr).toContain("the browser no longer answers; stopping it and starting a new one for the accounts still to do");
    expect(descendants(r.pid)).toEqual([]);
  });
});

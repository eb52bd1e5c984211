/**
 * A spool or failed/ folder that somarkiv's user may not write is found by config check (ExecStartPre)
 * and by the worker's start, as the log's folder is, not by the first capture after it took the page.
 * As root the commands run without the capabilities that let root pass file modes (as ownership.test.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { account, makeWorkspace, runLimited } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";

const site = siteAndWorkspaces();

const root = process.getuid?.() === 0;


describe("a spool or failed/ folder somarkiv may not write", () => {
  for (const name of ["spool", "failed"]) {
    it(`${name}: config check fails naming it, and the worker does not start`, async () => {
      const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [] });
      const folder = path.join(ws.dir, name);
      fs.mkdirSync(folder);
      if (root) fs.chownSync(folder, 65534, 65534);
      else fs.chmodSync(folder, 0o555);
      try {
        const check = await runLimited(["config", "check", "--config", ws.configPath]);
        expect(check.code).toBe(1);
        expect(check.stdout).toContain(`log ERROR: The folder ${folder} (`);
        expect(check.stdout).toContain(`cannot be written: somarkiv's user may not write to ${folder}`);
        // What is lost: every record without the spool; only the pictures of why captures failed without failed/.
        expect(check.stdout).toContain(name === "spool" ? "Captures would be taken and then thrown away until"
          : "The screenshots of failed captures, which show why each failed, would not be kept (the failures are still recorded, and the records are not affected) until");
        const run = await runLimited(["run", "--config", ws.configPath]);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain("somarkiv run stopped: somarkiv's log or spool cannot be written");
        expect(run.stderr).toContain(folder);
        expect(run.stderr).not.toContain("worker: started");
      } finally {
        fs.chownSync(folder, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
        fs.chmodSync(folder, 0o755);
        ws.cleanup();
      }
    }, 300_000);
  }

  it("failed/: a capture that fails is still recorded as failed, saying its screenshot could not be kept", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", site.server.at("capture/blank-white.html"))] }));
    const folder = path.join(ws.dir, "failed");
    fs.mkdirSync(folder);
    if (root) fs.chownSync(folder, 65534, 65534);
    else fs.chmodSync(folder, 0o555);
    try {
      const capture = await runLimited(["capture", "--config", ws.configPath]);
      expect(capture.code).toBe(1);
      expect(capture.stderr).toMatch(new RegExp(`\\[kommun\\] FAILED \\(\\S+\\): .* — the browser's view could not be saved in ${folder} \\(EACCES`));
      expect(capture.stderr).not.toContain("capture stopped");
      const records = await runLimited(["records", "--json", "--config", ws.configPath]);
      expect((JSON.parse(records.stdout) as Array<{ status: string; failureScreenshot: string | null }>).map((r) => [r.status, r.failureScreenshot])).toEqual([["failed", null]]);
    } finally {
      fs.chownSync(folder, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
      fs.chmodSync(folder, 0o755);
    }
  }, 300_000);
});

/**
 * A spool or failed/ folder that somarkiv's user may not write is found by config check (ExecStartPre)
 * and by the worker's start, as the log's folder is, not by the first capture after it took the page.
 * As root the commands run without the capabilities that let root pass file modes (as ownership.test.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { makeWorkspace, runLimited } from "../helpers/cli.ts";

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
});

/**
 * A temporary folder (TMPDIR) somarkiv's user may not write, as in a container whose TMPDIR was left
 * to root: Chromium's profile folder is made there at every launch. config check, the worker's start
 * and a capture say so plainly, where config check said "capture ok" and each capture failed as
 * "EACCES … mkdtemp". As root the commands run without the capabilities that pass file modes.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { account, makeWorkspace, runLimited } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";

const site = siteAndWorkspaces();

describe("a TMPDIR somarkiv's user may not write", () => {
  it("is an error of config check, stops the worker's start, and fails a capture with what to do", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", site.server.at("pipeline/kommun.html"))] }));
    const tmp = path.join(ws.dir, "tmp");
    fs.mkdirSync(tmp, { mode: 0o555 });
    fs.chmodSync(tmp, 0o555);
    const env = { TMPDIR: tmp };
    const said = `The temporary folder ${tmp} (named by TMPDIR) cannot be written: somarkiv's user may not write to it. Chromium makes its profile folder there for every capture, so no capture can be taken. Make ${tmp} writable for somarkiv's user, or set TMPDIR to another folder it may write`;
    try {
      const check = await runLimited(["config", "check", "--config", ws.configPath], { env });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`capture ERROR: ${said}`);

      const run = await runLimited(["run", "--config", ws.configPath], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(said);
      expect(run.stderr).not.toContain("worker: started");

      const capture = await runLimited(["capture", "--config", ws.configPath], { env });
      expect(capture.code).toBe(1);
      expect(capture.stdout).toContain(`kommun: FAILED (error): somarkiv failed while capturing: ${said}`);
      expect(capture.stderr + capture.stdout).not.toMatch(/mkdtemp|EACCES|apt-get install --reinstall/);
      // The failure is in the log, in the same words, for status and records.
      const records = await runLimited(["records", "--json", "--config", ws.configPath]);
      const [row] = JSON.parse(records.stdout) as Array<{ status: string; error: string }>;
      expect(row!.status).toBe("failed");
      expect(row!.error).toContain(said);
      expect(fs.readdirSync(tmp)).toEqual([]);
    } finally {
      fs.chmodSync(tmp, 0o755);
    }
  }, 300_000);
});

/**
 * Without "database:" in the configuration, the log and the spool are in archive/ beside the file:
 * the operator is told that folder and where it follows from, or to set "database:", not to check a
 * setting their file does not have. As root the commands run without the capabilities that let root
 * pass file modes (as data-folders.test.ts).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { describe, it, expect } from "vitest";
import { runLimited } from "../helpers/cli.ts";

function withoutDatabase(): { dir: string; configPath: string; archive: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-test-"));
  const configPath = path.join(dir, "somarkiv.yaml");
  fs.writeFileSync(configPath, YAML.stringify({ organisation: { name: "Testkommunen" }, storage: { type: "filesystem", path: "objects" }, intake: [{ type: "directory", path: "intake" }], accounts: [] }));
  return { dir, configPath, archive: path.join(dir, "archive") };
}

describe("the data folder when database: is not set", () => {
  it("a file named archive where the log's folder goes: config check and deliver name the folder and where it follows from", async () => {
    const ws = withoutDatabase();
    fs.writeFileSync(ws.archive, "");
    try {
      const check = await runLimited(["config", "check", "--config", ws.configPath]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`log ERROR: The log ${path.join(ws.archive, "somarkiv.sqlite")} cannot be written: ${ws.archive} is a file, not a folder, so the log cannot be made below it; "database:" is not set in the configuration, so somarkiv keeps its log in ${ws.archive}, which follows from where the configuration file is: move what is in the way, or set "database:" to a file in a folder of its own to put the log and the spool there.`);
      expect(check.stdout).not.toContain(`check "database:"`);
      const deliver = await runLimited(["deliver", "--config", ws.configPath]);
      expect(deliver.code).toBe(1);
      expect(deliver.stderr).toContain(`somarkiv deliver stopped: somarkiv cannot make the folder for its log or spool (${ws.archive} is a file, not a folder`);
      expect(deliver.stderr).toContain(`"database:" is not set in the configuration, so somarkiv keeps its log and spool in ${ws.archive}, which follows from where the configuration file is`);
      expect(deliver.stderr).not.toMatch(/check "database:"/i);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("archive/ that somarkiv's user may not write: deliver says to give it access to that folder, or to set database:", async () => {
    const ws = withoutDatabase();
    fs.mkdirSync(ws.archive);
    // Its own, read-only: root without the capabilities is held by the mode (a folder of another user's is refused as root's, see ownership.test.ts).
    fs.chmodSync(ws.archive, 0o555);
    try {
      const deliver = await runLimited(["deliver", "--config", ws.configPath]);
      expect(deliver.code).toBe(1);
      expect(deliver.stderr).toContain(`Give somarkiv's user write access to ${ws.archive}, the folder that follows from where the configuration file is while "database:" is not set in it, or set "database:" in the configuration to a file in a folder it may write, which puts the log and the spool there.`);
      expect(deliver.stderr).not.toContain(`the folder of "database:"`);
    } finally {
      fs.chmodSync(ws.archive, 0o755);
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);
});

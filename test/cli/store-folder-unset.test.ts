/**
 * Without "storage:" in the configuration, the records are in archive/objects, which follows from
 * where the file is: a file at that folder's place, or above it, is said with that folder and where it
 * follows from, and that storage.path puts the records elsewhere, not as "check storage.path", a
 * setting the file does not have.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { describe, it, expect } from "vitest";
import { runCli, account } from "../helpers/cli.ts";
import { startFixtureServer } from "../helpers/server.ts";

function withoutStorage(more: Record<string, unknown> = {}): { dir: string; configPath: string; archive: string; objects: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-test-"));
  const configPath = path.join(dir, "somarkiv.yaml");
  fs.writeFileSync(configPath, YAML.stringify({ organisation: { name: "Testkommunen" }, intake: [{ type: "directory", path: "intake" }], accounts: [], ...more }));
  return { dir, configPath, archive: path.join(dir, "archive"), objects: path.join(dir, "archive", "objects") };
}

/**
 * One account captured without "storage:", the store's folder then moved away (with `emptyInPlace`, an
 * empty folder made where it was), and the account captured again, refused: `look` is given what that
 * second capture said.
 */
async function capturedAgainAfterMove(emptyInPlace: boolean, look: (said: string, ws: ReturnType<typeof withoutStorage>) => void): Promise<void> {
  const site = await startFixtureServer();
  const ws = withoutStorage({ accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
  const cfg = ["--config", ws.configPath];
  try {
    const first = await runCli(["capture", ...cfg]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    fs.renameSync(ws.objects, `${ws.objects}-flyttad`);
    if (emptyInPlace) fs.mkdirSync(ws.objects);
    const again = await runCli(["capture", "--account", "kommun", "--force", "--reason", "ny bild", ...cfg]);
    expect(again.code).toBe(1);
    look(again.stdout + again.stderr, ws);
  } finally {
    await site.close();
    fs.rmSync(ws.dir, { recursive: true, force: true });
  }
}

describe("the store's folder when storage: is not set", () => {
  it("a file named objects where the store's folder goes: config check names the folder, where it follows from, and storage.path to put it elsewhere", async () => {
    const ws = withoutStorage();
    fs.mkdirSync(ws.archive);
    fs.writeFileSync(ws.objects, "");
    try {
      const check = await runCli(["config", "check", "--config", ws.configPath]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`store ERROR: Could not write: ${ws.objects} is a file, not a folder, so the folder ${ws.objects} cannot be there. "storage:" is not set in the configuration, so somarkiv keeps the records in ${ws.objects}, which follows from where the configuration file is: move that file away, or set storage.path in the configuration (storage: { type: filesystem, path: /var/lib/somarkiv/objects }) to keep the records in a folder of their own.`);
      expect(check.stdout).not.toMatch(/(Set|Check) storage\.path/);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("a file named archive above the store's folder (the log elsewhere by database:): said as the folder's path running through that file", async () => {
    const ws = withoutStorage({ database: "log/somarkiv.sqlite" });
    fs.writeFileSync(ws.archive, "");
    try {
      const check = await runCli(["config", "check", "--config", ws.configPath]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`store ERROR: Could not write: ${ws.archive} is a file, not a folder, so the folder ${ws.objects} cannot be there. "storage:" is not set in the configuration, so somarkiv keeps the records in ${ws.objects}, which follows from where the configuration file is and runs through that file: move that file away, or set storage.path in the configuration`);
      expect(check.stdout).not.toMatch(/(Set|Check) storage\.path/);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("the store's folder gone while the log has records stored in it: said as the folder that follows from where the configuration file is", async () => {
    await capturedAgainAfterMove(false, (said, ws) => {
      expect(said).toContain(`the folder ${ws.objects} is not there, though the log has records stored in it: a share that is not mounted, a folder moved or renamed, or the configuration file moved ("storage:" is not set in the configuration, so somarkiv keeps the records in ${ws.objects}, which follows from where the configuration file is). Nothing is made in its place, apart from the records stored so far; records wait in the spool until the folder is back, or storage.path in the configuration names where it is now.`);
      expect(said).not.toContain("storage.path in the configuration names the wrong folder");
      expect(fs.existsSync(ws.objects)).toBe(false);
    });
  }, 300_000);

  it("the store's folder there but without the records the log has stored in it: said as the folder that follows from where the configuration file is, with storage.path to name where they are", async () => {
    await capturedAgainAfterMove(true, (said, ws) => {
      expect(said).toContain(`the folder ${ws.objects} holds none of the 1 record the log says was stored last (kommun_`);
      expect(said).toContain(`: "storage:" is not set in the configuration, so somarkiv keeps the records in ${ws.objects}, which follows from where the configuration file is: the configuration file moved, or the records' folder was moved or emptied. Nothing is stored there`);
      expect(said).toContain(`Set storage.path in the configuration (storage: { type: filesystem, path: /the/folder }) to the folder where the records are ("somarkiv --config ${ws.configPath} config check" says when the store holds them)`);
      expect(said).not.toMatch(/set storage\.path back|names another folder/i);
      expect(fs.readdirSync(ws.objects)).toEqual([]);
    });
  }, 300_000);

  it("with storage.path set, a file in its place is still said as that setting's", async () => {
    const ws = withoutStorage({ storage: { type: "filesystem", path: "objects" } });
    fs.writeFileSync(path.join(ws.dir, "objects"), "");
    try {
      const check = await runCli(["config", "check", "--config", ws.configPath]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`Set storage.path in the configuration to the folder for the records, not a file.`);
      expect(check.stdout).not.toContain(`"storage:" is not set`);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  }, 120_000);
});

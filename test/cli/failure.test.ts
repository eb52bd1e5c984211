import { describe, it, expect } from "vitest";
import fs from "node:fs";
import { failureLine } from "../../src/cli/errors.ts";
import { account, makeWorkspace, runCli, unnamed, makeLog } from "../helpers/cli.ts";

describe("the line for a command stopped by an error", () => {
  it("says in plain words that the disk is full and what to do, for SQLite's and the file system's words alike", () => {
    const sqlite = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    const fsError = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    for (const e of [sqlite, fsError]) {
      const line = failureLine("capture", e);
      expect(line).toMatch(/^somarkiv capture stopped: the disk that holds somarkiv's log and spool is full \(/);
      expect(line).toContain(e.message);
      expect(line).toContain("Free space on it (the folder of \"database:\" in the configuration). Then run the command again.");
      expect(line).toContain("Nothing already recorded is lost");
    }
  });

  it("names a log on a disk that may not be written, and gives other errors as they are", () => {
    expect(failureLine("run", Object.assign(new Error("attempt to write a readonly database"), { code: "SQLITE_READONLY" }))).toContain("on a disk it may not write to");
    expect(failureLine("status", new Error("something else"))).toBe("somarkiv status failed: something else");
    expect(failureLine("status", "a thrown string")).toBe("somarkiv status failed: a thrown string");
  });
});

describe("a log that cannot be used at all", () => {
  it("says the log is damaged and to put back its backup, through the real command line, for SQLite's \"malformed\"", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      makeLog(ws); // the log, as the first command that writes makes it
      const bytes = fs.readFileSync(ws.database);
      expect(bytes.length).toBeGreaterThan(8192);
      bytes.fill(0x5a, 4096); // every page after the first overwritten, as a failing disk does
      fs.writeFileSync(ws.database, bytes);
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code).toBe(1);
      expect(unnamed(r.stderr, ws)).toContain("somarkiv status stopped: somarkiv's log (the file of \"database:\" in the configuration) is damaged (database disk image is malformed). Stop the worker, keep the store and the spool as they are, and put back the latest backup of the log (made with \"somarkiv backup\"); then \"somarkiv recover\" takes back the records made since that backup");
    } finally {
      ws.cleanup();
    }
  });

  it("says that the file named is not a log, and that it is locked by another program", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      fs.writeFileSync(ws.database, "Kontolista 2026\nFacebook;Överkalix kommun\n".repeat(200));
      const r = await runCli(["records", "--config", ws.configPath]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("somarkiv records stopped: the file of \"database:\" in the configuration is not somarkiv's log, or not a database at all (file is not a database). Check that \"database:\" names somarkiv's log");
    } finally {
      ws.cleanup();
    }
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    expect(failureLine("capture", busy)).toContain("somarkiv's log was locked by another program for longer than somarkiv waits (database is locked). Close any program that has the log open for writing");
  });
});

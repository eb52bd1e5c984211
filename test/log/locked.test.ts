import { describe, it, expect, afterEach } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { holdLog, type HeldLog } from "../helpers/lock.ts";
import { syntheticArchive } from "./archive.ts";

/**
 * Another program holding a write transaction on the log (a database browser, a script): the log is
 * in WAL mode, so the commands that only read go on reading, where opening the log took the write
 * lock and they failed as "locked" after waiting for it.
 */
describe("the log locked for writing by another program", () => {
  let held: HeldLog | undefined;
  afterEach(async () => { await held?.release(); held = undefined; });

  it("records, status and verify read it while the other program holds its lock", async () => {
    const ws = await syntheticArchive();
    try {
      held = await holdLog(ws.database);
      const cfg = ["--config", ws.configPath];
      const records = await runCli(["records", "--json", ...cfg]);
      expect(records.stderr).not.toContain("locked");
      expect(records.code).toBe(0);
      expect(JSON.parse(records.stdout).map((r: { recordId: string }) => r.recordId)).toEqual(ws.ids);
      const status = await runCli(["status", ...cfg]);
      expect(status.stderr + status.stdout).not.toContain("locked");
      expect(status.code).toBe(0);
      const verify = await runCli(["verify", ...cfg]);
      expect(verify.stderr + verify.stdout).not.toContain("locked");
      expect(verify.code).toBe(0);
      // Proven all the same; only its note in the log waits for the other program.
      expect(verify.stdout + verify.stderr).toMatch(/This verification is not recorded in the log: another program held the log's write lock/);
    } finally {
      ws.cleanup();
    }
  });
});

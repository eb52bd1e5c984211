/**
 * A worker that has stopped shows nowhere but in the wakes it no longer writes: `status` says so
 * when the wake it announced is well past, and is quiet while it keeps its word.
 */
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";

const DAY = 86_400_000;

describe("status and a worker that has stopped waking", () => {
  it("warns, with the missed wake and how to start the worker, and is quiet again once it wakes", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      expect((await runCli(["registered", "x", "--dnr", "1", "--config", ws.configPath])).code).toBe(1); // makes the log
      const addWake = (at: number, next: number) => {
        const db = new Database(ws.database);
        try {
          db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, 'ok', '{}', ?)").run(new Date(at).toISOString(), 4242, new Date(next).toISOString());
        } finally {
          db.close();
        }
      };
      // Woke three days ago and meant to wake again the next day; nothing since.
      const lastAt = Date.now() - 3 * DAY;
      addWake(lastAt, lastAt + DAY);
      let r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/WARNING: the worker should have woken at \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T and has not woken since \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T: it does not seem to be running/);
      expect(r.stdout).toContain("Start it (on a server: systemctl start somarkiv) and look at its log (journalctl -u somarkiv)");
      let json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { missedWake: string | null };
      expect(json.missedWake).toBe(new Date(lastAt + DAY).toISOString());

      // It wakes again, and says it will wake tomorrow.
      addWake(Date.now(), Date.now() + DAY);
      r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain("WARNING: the worker");
      json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { missedWake: string | null };
      expect(json.missedWake).toBeNull();
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * status of a worker whose process is alive but has not kept time: one stopped in its first wake, and
 * one whose announced wake passed while it ran. "Start it" is not what it needs.
 */
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { formatLocal } from "../../src/schedule/period.ts";
import { count, months, SE, startRun, waitFor } from "./helpers.ts";

const HOUR = 3_600_000;
const site = siteAndWorkspaces({
  // A page that never answers: the first wake is surely still capturing when the worker is stopped.
  routes: { "/never.html": () => undefined },
});

function edit(database: string, sql: string, ...args: unknown[]) {
  const db = new Database(database);
  try { db.prepare(sql).run(...args); } finally { db.close(); }
}

describe("status of a running worker that has not kept time", () => {
  it("warns of one stopped in its first wake for hours, with the next wake it announced, not to start it", async () => {
    const { current } = months();
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 6 * * *", months: [current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", site.server.at("never.html"))],
    }));
    const w = startRun(ws);
    try {
      await waitFor("the first wake capturing", () => w.stderr().includes("[kommun] capturing"), 60_000, w.stderr);
      w.child.kill("SIGSTOP");
      // Its start three hours ago, as a worker stopped since then shows it.
      edit(ws.database, "UPDATE wakes SET at = ? WHERE outcome = 'started'", new Date(Date.now() - 3 * HOUR).toISOString());
      const announced = /next wake (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T)/.exec(w.stderr())![1]!;
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      const text = r.stdout.replace(/\s+/g, " ");
      expect(text).toMatch(/WARNING: the worker started at \S+ \S+ CES?T is still in its first wake after 3 hours, far longer than a wake may take: it hangs, or it or this machine is stopped or paused/);
      expect(text).toContain(`next wake ${announced}, as it announced at its start`);
      expect(text).toContain("systemctl restart somarkiv");
      expect(text).not.toContain("does not seem to be running");
    } finally {
      w.child.kill("SIGKILL");
      w.child.kill("SIGCONT");
      await w.exited;
    }
  }, 180_000);

  it("says a wake due while the worker runs did not run, not that the worker is not running", async () => {
    const { other } = months();
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 6 * * *", months: [other], preflightDaysBefore: 0 },
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    }));
    const w = startRun(ws);
    try {
      await waitFor("the start-up wake", () => count(w.stderr(), "wake done") >= 1, 60_000, w.stderr);
      // Its last wake three days ago, announcing one two days ago that never came (the worker paused past it).
      const due = new Date(Date.now() - 2 * 24 * HOUR);
      edit(ws.database, "UPDATE wakes SET at = ?, next_wake = ? WHERE id = (SELECT MAX(id) FROM wakes WHERE outcome NOT IN ('started', 'stopped'))", new Date(Date.now() - 3 * 24 * HOUR).toISOString(), due.toISOString());
      edit(ws.database, "UPDATE wakes SET at = ? WHERE outcome = 'started'", new Date(Date.now() - 4 * 24 * HOUR).toISOString());
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      const text = r.stdout.replace(/\s+/g, " ");
      expect(text).toContain(`WARNING: the wake due at ${formatLocal(due, SE)} did not run, though the worker started at`);
      expect(text).toContain("is still running");
      expect(text).not.toContain("does not seem to be running");
      expect(text).not.toContain("systemctl start somarkiv");
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  }, 180_000);
});

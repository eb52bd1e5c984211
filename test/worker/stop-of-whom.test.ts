import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();

describe("status: a worker's stop is its own", () => {
  it("a worker killed after a second one started by mistake was stopped is warned of as killed, not said to be stopped", async () => {
    const { other } = months();
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 6 1 1 *", months: [other], preflightDaysBefore: 0 },
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    });
    site.keep(ws);
    const a = startRun(ws, "a");
    await waitFor("worker A's first wake", () => a.stderr().includes("wake done"), 90_000, a.stderr);
    const b = startRun(ws, "b");
    try {
      await waitFor("worker B's first wake", () => b.stderr().includes("wake done"), 90_000, b.stderr);
      expect(b.stderr()).toContain("NOTE: another worker already runs on this log");
      b.child.kill("SIGTERM");
      expect(await b.exited).toEqual({ code: 0, signal: null });
      a.child.kill("SIGKILL");
      await a.exited;
      const st = await runCli(["status", "--config", ws.configPath]);
      expect(st.stdout).toMatch(/WARNING: the worker started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T is no longer running, and its stop is not in the log: it was killed, it crashed/);
      expect(st.stdout).toContain("journalctl -u somarkiv");
      expect(st.stdout).not.toContain("the worker was stopped at");
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { workerStopped: unknown; workerDied: unknown };
      expect(json.workerStopped).toBeNull();
      expect(json.workerDied).toMatchObject({ startedAt: expect.any(String) });
    } finally {
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
    }
  });
});

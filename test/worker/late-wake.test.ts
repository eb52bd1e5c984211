import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace } from "../helpers/cli.ts";
import { formatLocal } from "../../src/schedule/period.ts";
import { lateWakeSaid } from "../../src/schedule/late-wake.ts";
import { count, months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();
const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

describe("a worker paused across its scheduled wake", () => {
  it("runs the wake when it is continued, says it ran late and why, and leaves node-cron's own line out", async () => {
    const { other } = months();
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      // Not a capture month: each wake only looks, so the minute's wake is short.
      schedule: { timezone: SE, cron: "* * * * *", months: [other], preflightDaysBefore: 0 },
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    }));
    const w = startRun(ws);
    try {
      await waitFor("the start-up wake", () => count(w.stderr(), "wake done") >= 1, 60_000, w.stderr);
      // The next minute's wake, with time enough before it to stop the worker.
      let due = Math.ceil(Date.now() / 60_000) * 60_000;
      if (due - Date.now() < 4000) due += 60_000;
      await sleepUntil(due - 2000);
      w.child.kill("SIGSTOP");
      await sleepUntil(due + 10_000);
      w.child.kill("SIGCONT");
      const dueAt = formatLocal(new Date(due), SE);
      await waitFor("the late wake said and done", () => {
        const err = w.stderr();
        const at = err.indexOf(`the wake due at ${dueAt} ran`);
        return at >= 0 && err.indexOf("wake done", at) > at;
      }, 60_000, w.stderr);
      const err = w.stderr();
      expect(err).toMatch(new RegExp(`worker: the wake due at ${dueAt} ran \\d+ seconds late: this machine or the worker was paused`));
      expect(err).not.toContain("NODE-CRON");
      expect(err).not.toContain("missed execution");
    } finally {
      w.child.kill("SIGCONT");
      w.child.kill("SIGTERM");
      await w.exited;
    }
  }, 180_000);
});

describe("lateWakeSaid", () => {
  const due = new Date("2026-12-31T05:00:00Z");
  it("says nothing of a wake on time, and the minutes of one that was late", () => {
    expect(lateWakeSaid(due, new Date(due.getTime() + 800), SE)).toBeNull();
    expect(lateWakeSaid(due, new Date(due.getTime() + 47 * 60_000), SE)).toBe(
      "the wake due at 2026-12-31 06:00:00 CET ran 47 minutes late: this machine or the worker was paused (a virtual machine paused for a backup, a host suspended, the process stopped) or too busy to keep time; it runs now");
  });
  it("names the wakes the same pause went past", () => {
    const said = lateWakeSaid(due, new Date(due.getTime() + 20_000), SE, [new Date(due.getTime() - 120_000), new Date(due.getTime() - 60_000)]);
    expect(said).toContain("ran 20 seconds late");
    expect(said).toContain("the 2 wakes due from 2026-12-31 05:58:00 CET were passed over in the same pause, and this one does their work");
  });
});

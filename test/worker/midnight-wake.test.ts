import { describe, expect, it } from "vitest";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace } from "../helpers/cli.ts";
import { logged, SE, startRun, status, waitFor } from "./helpers.ts";

/**
 * A wake that begins in the last seconds of December and takes its accounts after midnight, on New
 * Year's Day: they are the half-year's snapshots made up after it ended (flagged after-period), and the
 * wake ends saying none is missing. It said "2 accounts still missing for 2026-H2", naming the two it
 * had just taken: what is missing was looked up for the new half-year, under the old one's name.
 * The worker's clock is set (clock-at.mjs); the pages come 13 and 15 s late, so the captures end after midnight.
 */
const site = siteAndWorkspaces();

describe("a wake that runs past midnight at the half-year change", () => {
  it("ends saying none of the half-year it took is missing, as status does", async () => {
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 6 * * *" },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      accounts: [account("konto-a", site.server.at("pipeline/kommun.html?delay=13000")), account("konto-b", site.server.at("pipeline/kommun.html?delay=15000"))],
    }));
    const clock = { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, "../helpers/clock-at.mjs")}`, CLOCK_AT: "2026-12-31T22:59:50Z" };
    const w = startRun(ws, "run", ["run"], clock);
    try {
      const line = await waitFor("the start-up wake's last line", () => /worker: wake done[^\n]*\n/.exec(w.stderr())?.[0], 120_000, w.stderr);
      const recs = logged(ws);
      expect(recs.map((r) => [r.accountId, r.period, r.flags.includes("after-period")])).toEqual([["konto-a", "2026-H2", true], ["konto-b", "2026-H2", true]]);
      expect(line).toContain("wake done (ok); 0 accounts still missing for 2026-H2; taken after 2026-H2 had ended, and marked so on their sheets: konto-a, konto-b; next wake");
      const st = await status(ws);
      expect(st.lastWake!.detail).toMatchObject({ period: "2026-H2", missing: [] });
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  });
});

import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace } from "../helpers/cli.ts";
import { chromiumUnder, months, records, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces({
  routes: {
    // A page that answers only after a few seconds, so the first wake is still capturing when the signal is taken.
    "/slow.html": async (_req, res) => {
      await new Promise((r) => setTimeout(r, 4000));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/worker/kommun.html")));
    },
  },
});

describe("somarkiv run: one SIGTERM while it starts", () => {
  it("a SIGTERM in the start's work (the log opened, the first wake begun) stops it: said, exit 0, the next account not started", async () => {
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 6 1 1 *", months: [months().current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("langsam", site.server.at("slow.html")), account("kommun", site.server.at("worker/kommun.html"))],
    }));
    const w = startRun(ws);
    // Sent the moment the start says it checks the log: the seconds of work after it are where one was lost.
    await waitFor("the worker's start", () => w.stderr().includes("worker: starting: checking the log"), 60_000, w.stderr);
    w.child.kill("SIGTERM");
    // As a service manager does: one SIGTERM, then a wait (the stop bound here is 60 + 60 s), then SIGKILL.
    const exit = await Promise.race([w.exited, new Promise<"still running">((r) => setTimeout(() => r("still running"), 170_000))]);
    expect(exit, w.stderr()).toEqual({ code: 0, signal: null });
    // Said once, in one of its two meanings: taken before the first wake began (nothing captured), or
    // once it had (the capture in progress finished). Which depends on when Node dispatches it.
    const said = [...w.stderr().matchAll(/worker: SIGTERM received(, stopping| while starting)/g)].map((m) => m[1]);
    expect(said, w.stderr()).toHaveLength(1);
    expect(w.stderr()).not.toContain("[kommun] capturing");
    expect(w.stderr()).not.toContain("wake done");
    expect(await waitFor("no Chromium left", () => chromiumUnder(w.tmp).length === 0 || undefined, 90_000)).toBe(true);
    const kept = (await records(ws)).map((r) => [r.accountId, r.status]);
    if (said[0] === " while starting") {
      expect(w.stderr()).toContain("worker: SIGTERM received while starting; stopped before its first wake, nothing was captured");
      expect(kept).toEqual([]);
    } else {
      // Nothing half-done: a capture begun was finished and delivered, and none started after it.
      const began = w.stderr().includes("[langsam] capturing");
      expect(kept).toEqual(began ? [["langsam", "delivered"]] : []);
    }
  });
});

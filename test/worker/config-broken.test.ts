import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, unnamed } from "../helpers/cli.ts";
import { months, SE, startRun, status, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();

describe("somarkiv run: a configuration file broken while it runs", () => {
  it("says at every wake that it runs on the configuration it read before and where the file's error is, until the file is fixed", async () => {
    const { other } = months();
    // Not a capture month: the wakes (every second) open no browser.
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 0 },
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    });
    site.keep(ws);
    const w = startRun(ws);
    try {
      await waitFor("the start-up wake", () => w.stderr().includes("worker: wake done (ok)"), 90_000, w.stderr);
      const good = fs.readFileSync(ws.configPath, "utf8");
      const lines = good.split("\n").length;
      fs.writeFileSync(ws.configPath, `${good}\tbroken: yes\n`);
      const after = () => unnamed(w.stderr().split("the configuration file has errors now")[1] ?? "", ws);
      await waitFor("three wakes after the file broke", () => after().split("\n").filter((l) => l.includes("worker: wake done")).length >= 3, 90_000, w.stderr);
      for (const line of after().split("\n").filter((l) => l.includes("worker: wake done"))) {
        expect(line).toContain("wake done (problems)");
        expect(line).toContain(`; WARNING: still runs on the configuration it read before, as the file has errors now (${ws.configPath}:${lines}:`);
        expect(line).toContain(`); edits to it are not taken until it is fixed ("somarkiv config check" lists every error)`);
      }
      expect((await status(ws).catch(() => null))).toBeNull(); // status refuses a broken file: the log's path is in it

      fs.writeFileSync(ws.configPath, good);
      await waitFor("a wake after the file was fixed", () => /the configuration file is valid again; this wake takes it\.\n.*worker: wake done \(ok\)/.test(w.stderr()), 90_000, w.stderr);
      const fixed = w.stderr().split("the configuration file is valid again")[1]!;
      expect(fixed).not.toContain("still runs on the configuration it read before");
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  });
});

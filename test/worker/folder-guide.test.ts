/**
 * The intake folder's LÄS MIG after a wake of the worker (`somarkiv run`, a real child process): the
 * registrar, who works from the folder, learns of an account whose capture failed at the wake, with
 * why in Swedish, while the accounts taken lie in the folder and are not listed.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/period.ts";
import { logged, months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces({
  routes: {
    // An account that has moved away: its address answers 404 at every wake.
    "/ungdom": (_req, res) => { res.writeHead(404, { "content-type": "text/html" }); res.end("<h1>404 Not found</h1>"); },
  },
});

describe("somarkiv run and the intake folder's LÄS MIG", () => {
  it("names, after a wake, the account whose capture failed with why in Swedish, and not those taken, which are in the folder", async () => {
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      // This month is the capture month, and the worker wakes every second: its start-up wake captures.
      schedule: { timezone: SE, cron: "* * * * * *", months: [months().current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      accounts: [
        { ...account("kommun", site.server.at("worker/kommun.html")), name: "Kommunen på Facebook" },
        { ...account("bibliotek", site.server.at("worker/bibliotek.html"), { platform: "instagram" }), name: "Biblioteket på Instagram" },
        { ...account("ungdom", site.server.at("ungdom"), { platform: "instagram" }), name: "Ungdomens hus på Instagram" },
      ],
    }));
    const period = periodOf(new Date(), SE);
    const guidePath = path.join(ws.intake, "LÄS MIG – somarkiv.txt");
    const guide = () => (fs.existsSync(guidePath) ? fs.readFileSync(guidePath, "utf8").replace(/\r\n/g, "\n") : "");
    const w = startRun(ws);
    try {
      await waitFor("two accounts delivered and one failed", () => {
        const r = logged(ws);
        return r.filter((x) => x.status === "delivered").length === 2 && r.some((x) => x.status === "failed");
      }, 120_000, w.stderr);
      // Rewritten after the wake, once the failure is in the log.
      const text = await waitFor("LÄS MIG naming the failed account", () => guide().includes("Ungdomens hus") && guide(), 60_000, w.stderr);
      expect(text).toContain(`somarkiv bevarar 3 konton. Ett av dem har ännu ingen ögonblicksbild för halvåret ${period}, och syns därför inte här:`);
      expect(text).toMatch(new RegExp(`  – Ungdomens hus på Instagram, ${site.server.at("ungdom").replace(/[.?]/g, "\\$&")}: försöket \\d{4}-\\d{2}-\\d{2} misslyckades: sidan finns inte på adressen \\(HTTP 404\\): kontot kan ha bytt adress eller tagits bort\n`));
      expect(text).not.toContain("Kommunen på Facebook");
      expect(text).not.toContain("Biblioteket på Instagram");
      expect(text).not.toContain("404 Not found");
      const files = fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf")).sort();
      expect(files).toEqual([`bibliotek_${period}_v1.pdf`, `kommun_${period}_v1.pdf`]);
      expect(text).toMatch(new RegExp(`till exempel för den senast levererade, (kommun|bibliotek)_${period}_v1:`));
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  });
});

import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace } from "../helpers/cli.ts";
import { logged, months, SE, startRun, waitFor } from "./helpers.ts";

/**
 * The log deleted (or a backup copied over it) while the worker runs: the worker kept the deleted
 * file open and went on capturing, storing and delivering into it, each wake "ok", while status said
 * the log was lost and no worker ran. It stops at its next wake, says why and what to do, exit 1.
 */
const site = siteAndWorkspaces();

describe("the worker's log deleted while it runs", () => {
  it("stops the worker at its next wake, saying so, with nothing more captured", async () => {
    const { current } = months();
    const ws = site.keep(makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60 },
      accounts: [account("konto-a", site.server.at("pipeline/kommun.html"))],
    }));
    const w = startRun(ws);
    await waitFor("konto-a delivered", () => logged(ws).some((r) => r.status === "delivered"), 90_000, w.stderr);
    // An account added, then the log deleted by mistake (the folder tidied, a wrong path).
    const config = fs.readFileSync(ws.configPath, "utf8");
    for (const end of ["", "-wal", "-shm"]) fs.rmSync(ws.database + end, { force: true });
    fs.writeFileSync(ws.configPath, config.replace("accounts:", `accounts:\n  - { id: konto-b, name: Konto B, platform: facebook, url: "${site.server.at("pipeline/kommun.html")}" }`));
    const exit = await w.exited;
    expect(exit.code).toBe(1);
    expect(w.stderr()).toContain(`worker: STOPPED: the log ${ws.database} was deleted while the worker ran, so what it records would go into a file nobody can read. Nothing more was captured, stored or delivered.`);
    expect(w.stderr()).toContain(`put back the latest backup of the log there`);
    expect(w.stderr()).not.toContain("[konto-b]");
    expect(fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf"))).toHaveLength(1);
  });
});

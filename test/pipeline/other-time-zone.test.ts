/**
 * schedule.timezone set to another zone than Sweden's: accepted, but warned of (half-years then change
 * at that zone's midnight), and the sheet's "svensk tid" is Sweden's time all the same (SPEC).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { formatLocal, periodOf } from "../../src/schedule/period.ts";

describe("schedule.timezone other than Europe/Stockholm", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      schedule: { timezone: "UTC" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", site.at("pipeline/kommun.html"))],
    });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("is warned of by config check, saying where half-years then change", async () => {
    const r = await runCli(["config", "check", ...cfg()]);
    const said = (r.stdout + r.stderr).replace(/\s+/g, " ");
    expect(said).toContain(`schedule.timezone is "UTC", not Europe/Stockholm: half-years then change at midnight in UTC, not at Sweden's midnight`);
  });

  it("gives the sheet's time of capture in Swedish time, not the schedule's zone", async () => {
    const r = await runCli(["capture", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    const period = periodOf(new Date(), "UTC");
    const pdf = path.join(ws.intake, `kommun_${period}_v1.pdf`);
    const capturedAt = JSON.parse(fs.readFileSync(path.join(ws.intake, `kommun_${period}_v1.json`), "utf8")).capturedAt as string;
    const text = execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const swedish = formatLocal(new Date(capturedAt), "Europe/Stockholm");
    expect(swedish).toMatch(/ CES?T$/);
    expect(text).toContain(`Tidpunkt (svensk tid) ${swedish}`);
    expect(text).not.toMatch(/Tidpunkt \(svensk tid\) \S+ \S+ UTC/);
  });
});

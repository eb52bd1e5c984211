/**
 * schedule.timezone set to another zone than Sweden's: accepted, but warned of (half-years then change
 * at that zone's midnight), and the sheet's and records --csv's "svensk tid" is Sweden's time all the
 * same (SPEC).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { formatLocal, periodOf } from "../../src/schedule/period.ts";
import { RecordLog } from "../../src/log/index.ts";
import { parseCsv } from "../helpers/csv.ts";

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

  it("gives records --csv's \"Tidpunkt (svensk tid)\" in Swedish time, beside UTC, not in the schedule's zone", async () => {
    // A capture at 00:30 on 1 July in Sweden, 22:30 on 30 June in UTC: filed under the half-year
    // before by the UTC schedule, as the record it left says; the registrar's column is Sweden's day.
    const log = RecordLog.open(ws.database);
    try {
      log.records.insertRecovered({
        recordId: "kommun_2026-H1_v1", accountId: "kommun", period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-30T22:30:06.000Z",
        url: site.at("pipeline/kommun.html"), finalUrl: site.at("pipeline/kommun.html"), httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
        pdfName: "kommun_2026-H1_v1.pdf", manifestName: "kommun_2026-H1_v1.json", manifestSha256: "d".repeat(64), manifestBytes: 10,
        consent: "none-found", flags: [], previousRecordId: null,
      }, { storageKey: "2026-H1/kommun/kommun_2026-H1_v1.pdf", manifestKey: "2026-H1/kommun/kommun_2026-H1_v1.json" }, []);
    } finally {
      log.close();
    }
    const r = await runCli(["records", "--csv", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    const [head, ...rows] = parseCsv(r.stdout.replace(/^\uFEFF/, ""));
    const swedishAt = head!.indexOf("Tidpunkt (svensk tid)");
    const utcAt = head!.indexOf("Tidpunkt (UTC)");
    expect(swedishAt).toBeGreaterThanOrEqual(0);
    const row = (id: string) => rows.find((cells) => cells[0] === id)!;
    expect(row("kommun_2026-H1_v1")[swedishAt]).toBe("2026-07-01 00:30:06 CEST");
    // UTC as the sheet writes it, to the second: not ISO with milliseconds ("2026-06-30T22:30:06.000Z").
    expect(row("kommun_2026-H1_v1")[utcAt]).toBe("2026-06-30 22:30:06 UTC");
    // The capture of the test before, taken now: an hour or two from UTC whatever the season.
    const period = periodOf(new Date(), "UTC");
    const taken = row(`kommun_${period}_v1`);
    expect(taken[swedishAt]).toBe(formatLocal(new Date(taken[utcAt]!), "Europe/Stockholm"));
    expect(taken[swedishAt]).toMatch(/ CES?T$/);
    // The same words as the record's own sheet, so that the two are read as one time.
    expect(taken[utcAt]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", "-l", "1", path.join(ws.intake, `kommun_${period}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet).toContain(`Tidpunkt (UTC) ${taken[utcAt]}`);
  });
});

/**
 * An intake added to the configuration after records were delivered: status's summary counts the
 * records of the half-year in progress it does not have as its per-account lines say them, and
 * `records` (text, --json, --csv) says them so, not as "delivered", which is every intake's. A record
 * of a half-year gone by is not named, as README says: it was filed from the intakes of its time.
 * Real captures (Chromium), real folders, the real command line.
 */
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { lastFinishedPeriod, periodOf } from "../../src/schedule/period.ts";
import { parseCsv } from "../helpers/csv.ts";
import { months, SE } from "../worker/helpers.ts";

const site = siteAndWorkspaces();

describe("records of the half-year that an intake added since does not have", () => {
  it("are counted apart in status's summary and said by records, in every format, with the command that sends them; an earlier half-year's record is not named", async () => {
    const { other } = months();
    const accounts = [account("kommun", site.server.at("worker/kommun.html")), account("bibliotek", site.server.at("worker/bibliotek.html"), { platform: "instagram" })];
    const base = { organisation: { name: "Testkommun" }, schedule: { timezone: SE, cron: "0 0 1 1 *", months: [other], preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60, concurrency: 2 }, accounts };
    const ws = site.keep(makeWorkspace(base));
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const period = periodOf(new Date(), SE);
    const earlier = lastFinishedPeriod(new Date(), SE);

    // The half-year gone by made up for kommun, then this half-year's of both: all delivered to the one folder.
    const before = await cli("capture", "--account", "kommun", "--period", earlier);
    expect(before.code, before.stdout + before.stderr).toBe(0);
    const capture = await cli("capture");
    expect(capture.code, capture.stdout + capture.stderr).toBe(0);
    ws.write({ ...base, intake: [{ type: "directory", path: "intake" }, { type: "directory", path: "intake2" }] });
    const added = path.join(ws.dir, "intake2");
    const old = `kommun_${earlier}_v1`;

    // status: the summary counts them as the accounts' lines say them, with the command that sends them.
    const status = await cli("status");
    const text = unnamed(status.stdout, ws);
    expect(text).toContain(`Accounts: 2 active; for ${period}: 2 delivered but not to an intake added to the configuration since (send them there, unless the registrar filed them from the other intake, with the folder ${added}: somarkiv deliver --again --all-missing --intake ${added}).`);
    expect(text).not.toMatch(/for \d{4}-H[12]: \d+ delivered[,.]/);
    expect(text).toContain(`kommun (Konto kommun): kommun_${period}_v1 delivered to the folder ${ws.intake} (not to the folder ${added}, added to the configuration since)`);
    const json = JSON.parse((await cli("status", "--json")).stdout);
    expect(json.summary).toEqual({
      period, active: 2, closed: 0,
      counts: { registered: 0, delivered: 0, notAtIntakeAddedSince: 2, partlyDelivered: 0, stored: 0, captured: 0, failed: 0, missing: 0 },
      notAtIntakeAddedSince: [{ intake: `directory:${added}`, accounts: ["kommun", "bibliotek"], command: `somarkiv deliver --again --all-missing --intake ${added}` }],
    });

    // Only the half-year in progress is looked at (README): the earlier record was filed from the intake of its time.
    expect(json.intakesAddedSince[0].records).toEqual([`bibliotek_${period}_v1`, `kommun_${period}_v1`]);
    expect(text.split("\n").filter((l) => l.includes("added to the configuration")).join("\n")).not.toContain(old);

    // Its record as status --json gives it says it as records --json does.
    expect(json.accounts.find((a: { accountId: string }) => a.accountId === "kommun").currentRecord.notDeliveredTo).toEqual([`directory:${added}`]);

    // records: the line's state and words, the JSON's intakes, the CSV's deliveries and state.
    const listed = await cli("records");
    expect(listed.code, listed.stdout + listed.stderr).toBe(0);
    const line = unnamed(listed.stdout, ws).split("\n").find((l) => l.startsWith(`kommun_${period}_v1 `))!;
    expect(line).toMatch(new RegExp(`^kommun_${period}_v1 +partly `));
    expect(line).toContain(`delivered to the folder ${ws.intake} but NOT to the folder ${added}, added to the configuration since; nothing sends it there by itself (if that intake is to have it: somarkiv deliver --again kommun_${period}_v1 --intake ${added}; if the registrar filed it from the other intake, sending it would file it twice)`);
    const oldLine = listed.stdout.split("\n").find((l) => l.startsWith(`${old} `))!;
    expect(oldLine).toMatch(new RegExp(`^${old} +delivered `));
    expect(oldLine).not.toContain("NOT to");
    const rows = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; status: string; notDeliveredTo: string[] }>;
    expect(rows.map((r) => [r.recordId, r.status, r.notDeliveredTo])).toEqual([
      [old, "delivered", []],
      [`bibliotek_${period}_v1`, "delivered", [`directory:${added}`]],
      [`kommun_${period}_v1`, "delivered", [`directory:${added}`]],
    ]);
    const [head, ...csv] = parseCsv((await cli("records", "--csv")).stdout);
    const row = (id: string) => csv.find((r) => r[0] === id)!;
    expect(row(`kommun_${period}_v1`)[head!.indexOf("Status")]).toBe("delvis levererad");
    expect(row(`kommun_${period}_v1`)[head!.indexOf("Leveranser")]).toBe(`mappen ${ws.intake}: levererad, mappen ${added}: inte levererad (lades till i konfigurationen efter att handlingen gjordes; skickas dit bara om någon begär det)`);
    expect(row(old)[head!.indexOf("Status")]).toBe("levererad");
    expect(row(old)[head!.indexOf("Leveranser")]).toBe(`mappen ${ws.intake}: levererad`);
    // Nor does deliver --again --all-missing send it: it is no record of the half-year the intake misses.
    const sent = await cli("deliver", "--again", "--all-missing", "--intake", added, "--json");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect((JSON.parse(sent.stdout) as { records: Array<{ recordId: string }> }).records.map((r) => r.recordId)).toEqual([`bibliotek_${period}_v1`, `kommun_${period}_v1`]);
    expect(fs.existsSync(path.join(added, `${old}.pdf`))).toBe(false);

    // Sent there: counted and listed as delivered.
    expect((await cli("status")).stdout).toContain(`for ${period}: 2 delivered.`);
    expect(JSON.parse((await cli("status", "--json")).stdout).summary.counts).toMatchObject({ delivered: 2, notAtIntakeAddedSince: 0 });
    expect((await cli("records")).stdout).toMatch(new RegExp(`kommun_${period}_v1 +delivered `));
    expect((JSON.parse((await cli("records", "--json")).stdout) as Array<{ notDeliveredTo: string[] }>).map((r) => r.notDeliveredTo)).toEqual([[], [], []]);
  });
});

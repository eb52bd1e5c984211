/**
 * An account whose id was changed in the file, with the old id named in formerIds: its records under
 * the old id are its series (what is due, the gaps, records --account, the next record's
 * "Föregående"), where the new id began a series of its own and took this half-year's snapshot again.
 * Real Chromium and a real log, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, unnamed, type Workspace } from "../helpers/cli.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const before = previousPeriod(now);

describe("an account's series across a changed id (formerIds)", () => {
  let site: FixtureServer;
  let ws: Workspace;
  let url: string;
  const config = (accounts: Array<Record<string, unknown>>) => ({ organisation: { name: "Testkommunen", website: "https://www.overkalix.se", switchboard: "0926-140 00" }, capture: { timeoutSeconds: 60 }, accounts });
  beforeAll(async () => {
    site = await startFixtureServer();
    url = site.at("pipeline/kommun.html");
    ws = makeWorkspace(config([account("kommun", url)]));
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

  it("advises the formerIds line for a changed id, and with it reads the old id's records as the account's series", async () => {
    expect((await cli("capture", "--period", before)).code).toBe(0);
    expect((await cli("capture")).code).toBe(0);

    ws.write(config([account("kommun-ny", url)]));
    const check = unnamed((await cli("config", "check")).stdout, ws);
    expect(check).toContain(`to keep one series, add this line to account "kommun-ny" in the file before the next capture, so that the records under "kommun" are read as its series (they keep their ids): formerIds: [kommun]. Or change the id back to "kommun".`);

    ws.write(config([account("kommun-ny", url, { formerIds: ["kommun"] })]));
    const checked = await cli("config", "check");
    expect(checked.code, checked.stderr).toBe(0);
    expect(checked.stdout).not.toContain(`account "kommun"`);
    expect(checked.stdout).toContain("No policy warnings");

    // Its snapshot of this half-year, taken under the old id, stands: the account is done, no gap before it.
    const st = await cli("status", "--json");
    const json = JSON.parse(st.stdout);
    expect(json.missing).toEqual([]);
    expect(json.owedLastHalfYear).toBeNull();
    expect(json.gapsInSeries).toEqual([]);
    expect(json.accountsNotConfigured).toEqual([]);
    expect(json.accounts[0]).toMatchObject({ accountId: "kommun-ny", state: "delivered" });
    const text = unnamed((await cli("status")).stdout, ws);
    expect(text).not.toContain("no longer in the configuration");
    expect(text).toContain(`kommun-ny (Konto kommun-ny): kommun_${now}_v1 delivered`);

    const again = await cli("capture");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain("WARNING");
    const listed = JSON.parse((await cli("records", "--json", "--account", "kommun-ny")).stdout);
    expect(listed.map((r: { recordId: string }) => r.recordId)).toEqual([`kommun_${before}_v1`, `kommun_${now}_v1`]);

    // A new version under the new id follows the old id's version, and its sheet names it as the previous.
    const forced = await cli("capture", "--account", "kommun-ny", "--force", "--reason", "ny bild");
    expect(forced.code, forced.stderr).toBe(0);
    const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `kommun-ny_${now}_v2.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet).toContain(`Föregående ögonblicksbild kommun_${now}_v1`);
    const all = JSON.parse((await cli("records", "--json", "--account", "kommun-ny")).stdout);
    expect(all.map((r: { recordId: string }) => r.recordId)).toEqual([`kommun_${before}_v1`, `kommun_${now}_v1`, `kommun-ny_${now}_v2`]);
  }, 360_000);

  it("refuses a former id that is another account's id, or another account's former id, naming the line", async () => {
    ws.write(config([account("kommun-ny", url, { formerIds: ["kommun"] }), account("gamla", `${url}?konto=gamla`, { formerIds: ["kommun-ny"] })]));
    const taken = await cli("config", "check");
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(/somarkiv\.yaml:\d+: account "gamla" \(2nd in the list\), formerIds \(1st\): "kommun-ny" is the id of account "kommun-ny" \(1st in the list\), an account of its own; its records are its series, and cannot be this account's too\./);

    ws.write(config([account("kommun-ny", url, { formerIds: ["kommun"] }), account("gamla", `${url}?konto=gamla`, { formerIds: ["kommun"] })]));
    const twice = await cli("config", "check");
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/somarkiv\.yaml:\d+: account "gamla" \(2nd in the list\), formerIds \(1st\): "kommun" is named in formerIds of account "kommun-ny" \(1st in the list\) already; an old id's records are one account's series\./);

    ws.write(config([account("kommun-ny", url, { "tidigare-id": ["kommun"] })]));
    const swedish = await cli("config", "check");
    expect(swedish.code).toBe(2);
    expect(swedish.stderr).toContain(`unknown setting "tidigare-id"; did you mean "formerIds"? the settings' names are in English`);
  });
});

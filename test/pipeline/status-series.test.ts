/**
 * What status says of an account beyond this half-year's snapshot, as the registrar and the
 * communicator met it: a new version asked for that failed, an id changed in the file, a closed
 * account without its closing record, records of a half-year gone by that wait for a diary number,
 * and two snapshots taken too close together to say whether the account is kept up.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed, makeLog } from "../helpers/cli.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const before = previousPeriod(now);

describe("status of an account's series beyond this half-year's snapshot", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const config = (accounts: Array<Record<string, unknown>>) => ({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts });
  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace(config([account("kommun", site.at("pipeline/kommun.html")), account("gamla", site.at("pipeline/kommun.html?konto=gamla"))]));
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

  it("says a half-year made up on the day of the next cannot tell yet whether the account is passive, and names the records of it that wait for a diary number", async () => {
    expect((await cli("capture", "--period", before)).code).toBe(0);
    expect((await cli("capture")).code).toBe(0);
    const st = await cli("status");
    expect(st.stdout).toContain(`      passive or not: cannot be told yet; its snapshots of ${before} and ${now} were taken the same day, and only snapshots at least 60 days apart can show whether the account is kept up; the next half-year's snapshot, compared with this one, will tell.\n`);
    expect(unnamed(st.stdout, ws)).toMatch(new RegExp(`\\nNote: 2 records of earlier half-years were delivered to the registrar and have no diary number in the log: (kommun|gamla)_${before}_v1, (kommun|gamla)_${before}_v1\\. Once registered, record the number with: somarkiv registered RECORD_ID --dnr DNR`));
    const [old] = JSON.parse((await cli("records", "--json", "--account", "kommun", "--period", before)).stdout);
    expect((await cli("registered", old.recordId, "--dnr", "KS 2026/7")).code).toBe(0);
    const json = JSON.parse((await cli("status", "--json")).stdout);
    expect(json.earlierUnregistered).toEqual([`gamla_${before}_v1`]);
    expect(json.accounts.find((a: { accountId: string }) => a.accountId === "kommun").passiveNotJudged).toMatch(/the same day/);
    // A new version beside the half-year's snapshot, forced without a reason: told that its sheet will say none was given.
    const again = await cli("capture", "--period", before, "--account", "gamla", "--force");
    expect(again.stdout).toContain(`gamla_${before}_v2`);
    expect(again.stderr).toContain(`Note: no --reason was given, so the new version's record sheet says that none was; --reason "…" tells the registrar why it was taken.`);
  });

  it("warns on capture of an id changed in the file, whose series starts anew, and says in status that the series goes on under it once it has", async () => {
    ws.write(config([account("kommun-ny", site.at("pipeline/kommun.html")), account("gamla", site.at("pipeline/kommun.html?konto=gamla"))]));
    const warning = `The log has records of account "kommun", which is no longer in the configuration, and account "kommun-ny" has its address (${site.at("pipeline/kommun.html")}).`;
    const taken = await cli("capture", "--account", "kommun-ny", "--force");
    // Forced without a reason, but the new id's first snapshot: no new version, so no word of a reason its sheet does not ask for.
    expect(taken.stdout).toContain(`kommun-ny_${now}_v1`);
    expect(taken.stderr).not.toContain("no --reason was given");
    expect(taken.stderr).toContain(`WARNING: ${warning}`);
    // Taken under the new id, the series goes on under it: a note, with no advice to change the id back.
    const after = (await cli("status")).stdout;
    expect(after).toContain(`\nNote: ${warning} The id was changed (or the account was entered twice, under two ids, and one entry was removed), and the account has records under both: under "kommun" (the last kommun_${now}_v1) and under "kommun-ny" (the first kommun-ny_${now}_v1); its series continues under "kommun-ny", the id in the file.`);
    expect(after).not.toContain("change the id back");
    // Changed back, the other id is the one named, not advised back either; a closed account without its closing record is said under it.
    ws.write(config([account("kommun", site.at("pipeline/kommun.html")), account("gamla", site.at("pipeline/kommun.html?konto=gamla"), { status: "closed", closedOn: "2026-01-31" })]));
    const st = await cli("status");
    expect(st.stdout).toContain(`Note: The log has records of account "kommun-ny", which is no longer in the configuration, and account "kommun" has its address (${site.at("pipeline/kommun.html")}). The id was changed`);
    expect(st.stdout).not.toContain("change the id back");
    // Its closing date is before its snapshot taken today, which showed it still there: questioned too.
    expect(unnamed(st.stdout, ws)).toMatch(/\n {2}gamla \(Konto gamla\): closed; its last snapshot gamla_\S+ \(\d{4}-\d\d-\d\d [^)]+\)\n {6}WARNING: closedOn is 2026-01-31, before its snapshot gamla_\S+, taken \S+ with the account still open: [^\n]*\n {6}closed, but the log has no closing record of it: if the account can still be opened, take its last snapshot with "somarkiv capture --account gamla --final"; if it is already gone from the platform, nothing is to be done: its last half-year snapshot is its last record\n/);
  });

  it("names a new version asked for that failed, under the snapshot that stands, with how to take it", async () => {
    await site.close();
    const failed = await cli("capture", "--account", "kommun", "--force", "--reason", "ny bild");
    expect(failed.code).toBe(1);
    expect(failed.stderr).not.toContain("no --reason was given");
    const st = await cli("status");
    expect(unnamed(st.stdout, ws)).toMatch(new RegExp(`\\n {2}kommun \\(Konto kommun\\): kommun_${now}_v1 delivered\\n(?: {6}.*\\n)*? {6}a new version taken .* FAILED \\(network-error\\): .*; the snapshot above stands, and nothing tries the new version again; take it with: somarkiv capture --account kommun --force --reason "…"\\n`));
    const json = JSON.parse((await cli("status", "--json")).stdout);
    expect(json.accounts.find((a: { accountId: string }) => a.accountId === "kommun").failedAfterSnapshot).toMatchObject({ reason: "network-error" });
    // It never reached the site: no reached address, rather than the browser's empty page.
    const failedRecord = JSON.parse((await cli("records", "--json", "--account", "kommun")).stdout).find((r: { status: string }) => r.status === "failed");
    expect(failedRecord.finalUrl).toBeNull();
    // A closing record that failed is asked for again with --final: --force made an ordinary version, and status went silent.
    const closing = await cli("capture", "--account", "kommun", "--final");
    expect(closing.code).toBe(1);
    const after = unnamed((await cli("status")).stdout, ws);
    expect(after).toMatch(/\n {6}its closing record, asked for .* FAILED \(network-error\): .*; the snapshot above stands, and nothing tries the closing record again: "somarkiv capture --account kommun --final" takes it\n/);
    expect(after).not.toContain(`somarkiv capture --account kommun --force --reason`);
  });
});

describe("the time on each progress line", () => {
  it("names its zone, the organisation's as the worker's wakes are given in it, also on a server whose clock is UTC", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("kommun", "http://127.0.0.1:9/")] });
    try {
      makeLog(ws); // the log, as the first command that writes makes it
      for (const [TZ, zone] of [["UTC", "CES?T"], ["Europe/Stockholm", "CES?T"]] as const) {
        const r = await runCli(["backup", `${ws.dir}/kopior-${TZ.replace("/", "-")}/`, "--config", ws.configPath], { env: { TZ } });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stderr).toMatch(new RegExp(`^\\d\\d:\\d\\d:\\d\\d ${zone} backup: copying `, "m"));
      }
    } finally {
      ws.cleanup();
    }
  });
});

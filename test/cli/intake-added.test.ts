/**
 * An intake added to the configuration after records of the half-year were delivered: those records
 * never reach it (nothing sends them by itself, as the registrar may have filed them from the first
 * intake). status, config check and the worker's start say so, naming them, with the command that
 * sends them; deliver --again --all-missing sends them, and status is clean after. Real captures
 * (Chromium), real folders, the real command line and worker process.
 */
import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/period.ts";
import { months, SE, startRun, waitFor } from "../worker/helpers.ts";

const site = siteAndWorkspaces();

describe("an intake added after records of the half-year were delivered", () => {
  it("is said by status, config check and the worker's start to be missing them, named, until deliver --again --all-missing sends them", async () => {
    const { other } = months();
    const accounts = [account("kommun", site.server.at("worker/kommun.html")), account("bibliotek", site.server.at("worker/bibliotek.html"), { platform: "instagram" })];
    const base = { organisation: { name: "Testkommun" }, schedule: { timezone: SE, cron: "0 0 1 1 *", months: [other], preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60, concurrency: 2 }, accounts };
    const ws = site.keep(makeWorkspace(base));
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const period = periodOf(new Date(), SE);
    const ids = [`bibliotek_${period}_v1`, `kommun_${period}_v1`];

    const capture = await cli("capture");
    expect(capture.code, capture.stdout + capture.stderr).toBe(0);
    // The second folder is added to the file; the records made before do not go there by themselves.
    ws.write({ ...base, intake: [{ type: "directory", path: "intake" }, { type: "directory", path: "intake2" }] });
    const added = path.join(ws.dir, "intake2");
    const said = `2 records of ${period} were made before the folder ${added} was added to the configuration and are not there (nothing sends them there by itself): ${ids.join(", ")}. If that intake is to have them, send them with: somarkiv deliver --again --all-missing --intake ${added} (or one: somarkiv deliver --again RECORD_ID --intake ${added}). If the registrar already filed them from another intake, sending them would file them twice: then leave them.`;
    expect((await cli("deliver")).stdout).toContain("Nothing was waiting");

    const status = await cli("status");
    const text = unnamed(status.stdout, ws);
    expect(text).toContain(`WARNING: ${said}`);
    // The record's state is not "delivered" alone, which is every intake's.
    expect(text).toContain(`kommun (Konto kommun): kommun_${period}_v1 delivered to the folder ${ws.intake} (not to the folder ${added}, added to the configuration since)`);
    expect(text).not.toMatch(new RegExp(`kommun_${period}_v1 delivered\\n`));
    const json = JSON.parse((await cli("status", "--json")).stdout);
    expect(json.intakesAddedSince).toEqual([expect.objectContaining({ intake: `directory:${added}`, period, records: ids, command: `somarkiv deliver --again --all-missing --intake ${added}` })]);
    expect(json.accounts.find((a: { accountId: string }) => a.accountId === "kommun").notDeliveredTo).toEqual([`directory:${added}`]);

    const check = await cli("config", "check");
    expect(unnamed(check.stdout, ws)).toContain(`intake WARNING: ${said}`);

    const w = startRun(ws);
    try {
      // Its start-up wake done before it is stopped, as the worker tests stop it.
      await waitFor("the worker's start-up wake", () => w.stderr().includes("worker: wake done") || undefined, 60_000, w.stderr);
      expect(unnamed(w.stderr(), ws)).toContain(`worker: WARNING: ${said}`);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }

    const again = await cli("deliver", "--again", "--all-missing", "--intake", added);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    for (const id of ids) {
      expect(again.stdout).toContain(`delivered again: ${id} to the folder ${added}, from the archive (checksum confirmed)`);
      expect(fs.readFileSync(path.join(added, `${id}.pdf`)).equals(fs.readFileSync(path.join(ws.intake, `${id}.pdf`)))).toBe(true);
    }
    const after = await cli("status");
    expect(after.stdout).not.toContain("was added to the configuration");
    expect(after.stdout).toContain(`kommun (Konto kommun): kommun_${period}_v1 delivered\n`);
    expect(JSON.parse((await cli("status", "--json")).stdout).intakesAddedSince).toEqual([]);
    expect((await cli("config", "check")).stdout).not.toContain("was added to the configuration");
    // Nothing left to send: said, not an error.
    const none = await cli("deliver", "--again", "--all-missing", "--intake", added);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain(`Nothing to send: the folder ${added} has every record of ${period}`);
  });
});

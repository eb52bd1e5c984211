/**
 * One account entered twice in the file the worker runs with (once pasted from a phone's share button
 * with a tracking tail, once from a browser): the worker says so before the capture month's wake
 * makes a record of each, once, not at every wake, and an entry of the same address added to the file
 * while it runs is said at the wake that reads it, before that wake captures it.
 */
import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, unnamed } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/period.ts";
import { count, logged, months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();

const configOf = (accounts: Array<Record<string, unknown>>, month = months().current) => ({
  organisation: { name: "Testkommun" },
  schedule: { timezone: SE, cron: "* * * * * *", months: [month], preflightDaysBefore: 0 },
  capture: { timeoutSeconds: 60, concurrency: 2 },
  accounts,
});

describe("the worker with one account entered twice", () => {
  it("warns once, before the wake makes a record of each entry, and warns of an entry added while it runs at the wake that reads it", async () => {
    const page = site.server.at("worker/kommun.html");
    const first = [account("kommun", `${page}?mibextid=abc`), account("kommun-2", `${page}?fbclid=IwAR0xyz`)];
    const ws = site.keep(makeWorkspace(configOf(first)));
    const warning = (later: string) => `worker: WARNING: ${ws.configPath}: the accounts "kommun" and "${later}" have the same address`;
    const period = periodOf(new Date(), SE);
    const w = startRun(ws);
    try {
      await waitFor("both entries captured", () => {
        const r = logged(ws);
        return r.filter((x) => x.status !== "failed").length >= 2 || undefined;
      }, 120_000, w.stderr);
      await waitFor("wakes after the captures", () => count(w.stderr(), "0 accounts still missing") >= 2 || undefined, 60_000, w.stderr);
      const said = w.stderr();
      expect(count(said, warning("kommun-2")), said).toBe(1);
      expect(said).toContain(`(${page}?mibextid=abc and ${page}?fbclid=IwAR0xyz), so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-2"`);
      expect(said).toContain(`add formerIds: [kommun-2] to the entry "kommun", so that they stay in its series. Both are taken until the file is mended.`);
      expect(said.indexOf(warning("kommun-2"))).toBeLessThan(said.indexOf("[kommun] capturing"));
      expect(said.indexOf(warning("kommun-2"))).toBeLessThan(said.indexOf("[kommun-2] capturing"));

      // Pasted a third time while the worker runs: said at the wake that reads the file, before it is captured.
      ws.write(configOf([...first, account("kommun-3", `${page.replace("http://", "HTTP://")}?utm_source=share`)]));
      await waitFor("the third entry captured", () => logged(ws).some((x) => x.accountId === "kommun-3" && x.status !== "failed") || undefined, 120_000, w.stderr);
      const later = w.stderr();
      expect(count(later, warning("kommun-3")), later).toBe(1);
      expect(later.indexOf(warning("kommun-3"))).toBeGreaterThanOrEqual(said.length);
      expect(later.indexOf(warning("kommun-3"))).toBeLessThan(later.indexOf("[kommun-3] capturing"));
      // The pair said at the start is not said again at the wakes that read the file since.
      expect(count(later, warning("kommun-2"))).toBe(1);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    // Warned, not refused: each entry has its record of the half-year, as the warning said.
    expect(logged(ws).filter((r) => r.period === period && r.status !== "failed").map((r) => r.accountId).sort()).toEqual(["kommun", "kommun-2", "kommun-3"]);
  });
});

describe("the worker with an entry in use whose page a closed entry has", () => {
  it("warns once, in config check's words, before the wake takes the one in use, and takes no record of the closed one", async () => {
    const page = site.server.at("worker/kommun.html");
    const ws = site.keep(makeWorkspace(configOf([
      account("kommun-gamla", page, { status: "closed", closedOn: "2025-06-30" }),
      account("kommun", `${page}?fbclid=IwAR0xyz`),
    ])));
    // The words config check and a capture say it in (test/cli/same-address.test.ts).
    const says = `"kommun-gamla" is closed, so the records of "kommun" begin a second series of its page under a new id. If it is the account "kommun-gamla" opened again, its series goes on under its own id: remove the entry "kommun", set status: active on "kommun-gamla" again (and remove its closedOn), take it back with "somarkiv capture --account kommun-gamla --reopen" if its closing record was taken, and if records were already taken under "kommun", add formerIds: [kommun] to the entry "kommun-gamla", so that they stay in its series. If the address of "kommun" was pasted by mistake, correct it instead`;
    const warning = `worker: WARNING: ${ws.configPath}: the accounts "kommun-gamla" and "kommun" have the same address (${page} and ${page}?fbclid=IwAR0xyz), and ${says}. "kommun" is taken until the file is mended.`;
    const period = periodOf(new Date(), SE);
    const w = startRun(ws);
    try {
      await waitFor("the entry in use captured", () => logged(ws).some((x) => x.accountId === "kommun" && x.status !== "failed") || undefined, 120_000, w.stderr);
      await waitFor("wakes after the capture", () => count(w.stderr(), "0 accounts still missing") >= 2 || undefined, 60_000, w.stderr);
      const said = unnamed(w.stderr(), ws);
      expect(count(said, warning), said).toBe(1);
      expect(said.indexOf(warning)).toBeLessThan(said.indexOf("[kommun] capturing"));
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    expect(logged(ws).filter((r) => r.period === period && r.status !== "failed").map((r) => r.accountId)).toEqual(["kommun"]);
  });
});

describe("the worker with a pair of one page mended and pasted in again while it runs", () => {
  it("warns of the pair again at the wake that reads it back, where one remembered by its words was never said again", async () => {
    const page = site.server.at("worker/kommun.html");
    // Not a capture month: the wakes read the file and take nothing, which is all this needs.
    const pair = [account("kommun", page), account("kommun-2", `${page}?fbclid=IwAR0xyz`)];
    const ws = site.keep(makeWorkspace(configOf(pair, months().other)));
    const warning = `worker: WARNING: ${ws.configPath}: the accounts "kommun" and "kommun-2" have the same address (${page} and ${page}?fbclid=IwAR0xyz), so each capture makes two records of one account`;
    const changed = "worker: the configuration has changed";
    const w = startRun(ws);
    try {
      await waitFor("two wakes", () => count(w.stderr(), "worker: wake done") >= 2 || undefined, 60_000, w.stderr);
      expect(count(w.stderr(), warning), w.stderr()).toBe(1);
      // Mended: the second entry removed.
      ws.write(configOf([pair[0]!], months().other));
      await waitFor("the mended file read", () => count(w.stderr(), changed) >= 1 || undefined, 60_000, w.stderr);
      const mended = w.stderr();
      expect(count(mended, warning), mended).toBe(1);
      // Pasted in again: the pair is back, and said again, once.
      ws.write(configOf(pair, months().other));
      await waitFor("the file with the pair again read", () => count(w.stderr(), changed) >= 2 || undefined, 60_000, w.stderr);
      const wakes = count(w.stderr(), "worker: wake done");
      await waitFor("two wakes after it", () => count(w.stderr(), "worker: wake done") >= wakes + 2 || undefined, 60_000, w.stderr);
      const again = w.stderr();
      expect(count(again, warning), again).toBe(2);
      expect(again.lastIndexOf(warning)).toBeGreaterThan(mended.length);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    expect(logged(ws)).toEqual([]);
  });
});

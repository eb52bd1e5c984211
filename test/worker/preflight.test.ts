import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeLog, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { decidePreflight } from "../../src/schedule/index.ts";
import { count, months, records, SE, startRun, status, waitFor } from "./helpers.ts";

const fixtures = siteAndWorkspaces();

describe("pre-flight before a capture month", () => {
  it("the worker opens each account once inside the window, reports a login wall loudly, makes no record, and does not repeat it", async () => {
    const { other } = months();
    // The next month is the capture month and the window (120 days) is surely open.
    const window = decidePreflight({ now: new Date(), timezone: SE, months: [other], daysBefore: 120, done: [] });
    expect(window.due).toBe(true);
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 120 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      // A collective-case map the registrar last filled in years ago: said at the start and in the pre-flight.
      records: { collectiveCase: { "2020": "KS 2020/1" } },
      accounts: [
        account("kommun", fixtures.server.at("worker/kommun.html")),
        account("inloggning", fixtures.server.at("capture/login-form.html")),
        account("stangt", fixtures.server.at("worker/kommun.html"), { status: "closed", closedOn: "2025-01-31" }),
      ],
    });
    fixtures.keep(ws);
    const w = startRun(ws);
    await waitFor("the pre-flight to finish and two more wakes", () => count(w.stderr(), "worker: wake done") >= 3 || undefined, 90_000, w.stderr);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    const err = unnamed(w.stderr(), ws);
    expect(count(err, `pre-flight for ${window.period}: the capture month`)).toBe(1);
    expect(count(err, "[kommun] preflight: opening")).toBe(1);
    expect(count(err, "[inloggning] preflight: opening")).toBe(1);
    expect(err).not.toContain("[stangt] preflight");
    expect(err).toMatch(/PREFLIGHT PROBLEM inloggning .*login-wall.*somarkiv login --account inloggning/);
    // The page's own message names the account as it is to be typed, not a placeholder.
    expect(err).toMatch(/PREFLIGHT PROBLEM inloggning .*Sign in with "somarkiv login --account inloggning"/);
    expect(err).not.toContain("<id>");
    expect(err).not.toContain("PREFLIGHT PROBLEM kommun");
    expect(count(err, `worker: WARNING: records.collectiveCase lists 2020 but not `)).toBe(1);
    expect(count(err, `PREFLIGHT WARNING: records.collectiveCase lists 2020 but not `)).toBe(1);
    expect(await records(ws)).toEqual([]);

    // The log keeps it for the period; the wake that ran it says so in its heartbeat.
    const db = new Database(ws.database, { readonly: true });
    try {
      const rows = db.prepare("SELECT kind, period, ok, results FROM preflights").all() as Array<{ kind: string; period: string; ok: number; results: string }>;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ kind: "worker", period: window.period, ok: 0 });
      const results = JSON.parse(rows[0].results) as Array<{ accountId: string; ok: boolean }>;
      expect(results.map((r) => `${r.accountId} ${r.ok}`)).toEqual(["kommun true", "inloggning false"]);
      // The worker's start and stop are kept in the same table as its wakes; the wakes are the rest.
      const written = db.prepare("SELECT outcome, detail FROM wakes ORDER BY id").all() as Array<{ outcome: string; detail: string }>;
      expect(written[0]!.outcome).toBe("started");
      const wakes = written.filter((x) => x.outcome !== "started" && x.outcome !== "stopped");
      expect(wakes[0].outcome).toBe("problems");
      expect(JSON.parse(wakes[0].detail).preflight).toMatchObject({ period: window.period, ok: false, checked: 2, problems: [{ accountId: "inloggning" }] });
      expect(wakes.slice(1).every((x) => JSON.parse(x.detail).preflight === null)).toBe(true);
    } finally {
      db.close();
    }
    const st = await status(ws);
    expect(st.lastWake).not.toBeNull();
  });

  it("somarkiv preflight says what a ready account's record would show that the operator should know (posts missing), in words", async () => {
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60 },
      accounts: [account("flode", fixtures.server.at("capture/inner-feed.html?virtual=1"))],
    });
    fixtures.keep(ws);
    const r = await runCli(["preflight", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(0);
    // The cookie outcome and the remarks in words, not as their codes.
    expect(r.stdout).toMatch(/^ {2}flode: ready \((no )?cookie dialog[^;]*; noted: .*posts removed while scrolling, some missing from the picture.*\); note: the page removed posts while it was scrolled, so some are missing from the picture \(their words are in the record's manifest\); the page is built so, and taking it again gives the same$/m);
  });

  it("status counts no preflight of an address the account no longer has, nor of an id no longer in the file, and says to check the new address", async () => {
    const site = "http://127.0.0.1:9";
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, preflightDaysBefore: 0 },
      accounts: ["kommun", "bibliotek", "fritid"].map((id) => account(id, `${site}/${id}`)).concat(account("ungdom", `${site}/förskola`)),
    });
    fixtures.keep(ws);
    makeLog(ws);
    // What a preflight of all of them found, as "somarkiv preflight" keeps it: the address of ungdom
    // answered 404, and "gamla" is the id of an account renamed in the file since.
    const log = RecordLog.open(ws.database);
    try {
      const ready = (id: string) => ({ accountId: id, url: `${site}/${id}`, ok: true, problems: [], consent: "none-found", flags: [] });
      log.addPreflight("manual", null, false, [
        ready("kommun"), ready("bibliotek"), ready("fritid"), ready("gamla"),
        { accountId: "ungdom", url: `${site}/förskola`, ok: false, problems: [`http-error: Could not capture ${site}/förskola: the server answered 404`], consent: "none-found", flags: [] },
      ]);
    } finally {
      log.close();
    }
    const before = unnamed((await runCli(["status", "--config", ws.configPath])).stdout, ws);
    expect(before).toMatch(/Last preflight: .*: PROBLEMS with 1 of 4 accounts; each is shown under its account/);
    expect(before).toContain(`preflight PROBLEM: http-error: Could not capture ${site}/förskola`);
    // The address corrected in the file: the 404 was of the old one.
    ws.write({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, preflightDaysBefore: 0 },
      accounts: ["kommun", "bibliotek", "fritid"].map((id) => account(id, `${site}/${id}`)).concat(account("ungdom", `${site}/ungdom`)),
    });
    const st = await runCli(["status", "--config", ws.configPath]);
    expect(st.code, st.stderr).toBe(0);
    const after = unnamed(st.stdout, ws);
    expect(after).not.toContain("PROBLEM");
    expect(after).toMatch(/Last preflight: .*: all 3 accounts ready; 1 account has another address now than when checked \(ungdom\), said under each\n/);
    const lines = after.split("\n");
    const under = lines[lines.findIndex((l) => l.startsWith("  ungdom (")) + 1] ?? "";
    expect(under).toMatch(new RegExp(`^ {6}preflight: its address has changed since the preflight of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(:\\d\\d)? CES?T, which checked ${site}/förskola; check the address it has now with: somarkiv preflight --account ungdom$`));
    // The same in --json, per account: the old address's 404 is marked as of another address.
    const json = await runCli(["status", "--json", "--config", ws.configPath]);
    expect(json.code, json.stderr).toBe(0);
    const byId = new Map((JSON.parse(json.stdout).accounts as Array<{ accountId: string; preflight: { url: string; ok: boolean; addressChanged: boolean } | null }>).map((a) => [a.accountId, a.preflight]));
    expect(byId.get("ungdom")).toMatchObject({ url: `${site}/förskola`, ok: false, addressChanged: true });
    expect(byId.get("kommun")).toMatchObject({ url: `${site}/kommun`, ok: true, addressChanged: false });

    // Half a year on: ungdom's page gone (404) and the account closed, and a new account added since the check.
    ws.write({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, preflightDaysBefore: 0 },
      accounts: ["kommun", "bibliotek", "fritid", "nytt"].map((id) => account(id, `${site}/${id}`)).concat(account("ungdom", `${site}/förskola`, { status: "closed", closedOn: "2026-06-01" })),
    });
    const later = unnamed((await runCli(["status", "--config", ws.configPath])).stdout, ws);
    // A closed account's old problem is neither shown nor counted; the new one is named as not checked.
    expect(later).not.toContain("PROBLEM");
    expect(later).toMatch(/Last preflight: .*: all 3 accounts ready; 1 active account no preflight has checked yet \(nytt\): somarkiv preflight --account ID\n/);
  });

  it("somarkiv preflight on demand: exit 1 naming the account with a problem, no records", async () => {
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60 },
      accounts: [account("kommun", fixtures.server.at("worker/kommun.html")), account("inloggning", fixtures.server.at("capture/login-form.html")), account("tom", fixtures.server.at("capture/blank-white.html"))],
    });
    fixtures.keep(ws);
    const r = await runCli(["preflight", "--json", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as Array<{ accountId: string; ok: boolean; problems: string[] }>;
    expect(out.map((x) => `${x.accountId} ${x.ok}`)).toEqual(["kommun true", "inloggning false", "tom false"]);
    expect(out[1].problems.join(" ")).toContain("login-wall");
    // A page that stays blank would fail every capture: preflight takes it the whole way and says so.
    expect(out[2].problems.join(" ")).toMatch(/^blank: The page at .* looked empty/);
    expect(out[2].problems.join(" ")).not.toContain("tried again"); // no run follows a preflight
    expect(r.stderr).toContain("PREFLIGHT PROBLEM tom");
    // A blank page is not helped by signing in: only the login wall's line names it.
    const line = (id: string) => unnamed(r.stderr, ws).split("\n").find((l) => l.includes(`PREFLIGHT PROBLEM ${id} `)) ?? "";
    expect(line("tom")).not.toContain("somarkiv login");
    expect(line("inloggning")).toContain(`somarkiv login --account inloggning`);
    // status shows each account's problems under that account, one per line.
    const st = await runCli(["status", "--config", ws.configPath]);
    expect(st.stdout).toMatch(/Last preflight: .*: PROBLEMS with 2 of 3 accounts; each is shown under its account/);
    const lines = st.stdout.split("\n");
    const under = (id: string) => lines[lines.findIndex((l) => l.startsWith(`  ${id} (`)) + 1] ?? "";
    expect(under("inloggning")).toMatch(/^ {6}preflight PROBLEM: login-wall: /);
    expect(under("tom")).toMatch(/^ {6}preflight PROBLEM: blank: /);
    expect(under("kommun")).not.toContain("preflight");
    expect(r.stderr).toContain("PREFLIGHT PROBLEM inloggning");
    expect(await records(ws)).toEqual([]);
    const ok = await runCli(["preflight", "--account", "kommun", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("kommun: ready");
    // One account checked again does not hide what the check of all of them found for the others.
    const after = await runCli(["status", "--config", ws.configPath]);
    expect(after.stdout).toMatch(/Last preflight: .*: PROBLEMS with 2 of 3 accounts, each as its latest preflight found it; each is shown under its account/);
    expect(after.stdout).toContain("preflight PROBLEM: login-wall: ");
  });
});

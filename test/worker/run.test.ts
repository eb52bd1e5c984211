import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeLog, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";
import { RecordLog, acquireLease } from "../../src/log/index.ts";
import { localTime, periodOf, previousPeriod } from "../../src/schedule/period.ts";
import { chromiumUnder, count, logged, months, records, SE, startRun, status, waitFor } from "./helpers.ts";

let intakeCalls = 0;

const site = siteAndWorkspaces({
  routes: {
    // A page that answers only after a few seconds: a capture that is surely in progress when the signal comes.
    "/slow.html": async (_req, res) => {
      await new Promise((r) => setTimeout(r, 4000));
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(fs.readFileSync(path.join(import.meta.dirname, "../fixtures/worker/kommun.html")));
    },
    // A registrar's HTTP intake that is busy at its first request and takes the second.
    "/intake": (req, res) => {
      intakeCalls++;
      req.resume();
      req.on("end", () => {
        if (intakeCalls === 1) { res.writeHead(503, { "content-type": "text/plain" }); res.end("busy"); return; }
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"status":"ok"}');
      });
    },
    // A site that is down for the whole test.
    "/down.html": (_req, res) => {
      res.writeHead(503, { "content-type": "text/html; charset=utf-8" });
      res.end("<h1>503 Service Unavailable</h1>");
    },
  },
});

function workspace(schedule: Record<string, unknown>, accounts: Array<Record<string, unknown>>, capture: Record<string, unknown> = {}): Workspace {
  const ws = makeWorkspace({
    organisation: { name: "Testkommun" },
    schedule: { timezone: SE, cron: "* * * * * *", ...schedule },
    capture: { timeoutSeconds: 60, concurrency: 2, ...capture },
    accounts,
  });
  site.keep(ws);
  return ws;
}

const kommun = () => account("kommun", site.server.at("worker/kommun.html"));
const bibliotek = () => account("bibliotek", site.server.at("worker/bibliotek.html"), { platform: "instagram" });

describe("somarkiv run: a real worker process", () => {
  it("captures every active account once in a capture month, leaves a heartbeat, and stops cleanly on SIGTERM", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [
      kommun(), bibliotek(), account("gammalt", site.server.at("worker/kommun.html"), { status: "closed", closedOn: "2025-01-31" }),
    ]);
    const w = startRun(ws);
    const period = periodOf(new Date(), SE);
    // The start-up wake captures; the following wakes (every second) find nothing due.
    const recs = await waitFor("both accounts delivered", async () => {
      const r = logged(ws);
      return r.length >= 2 && r.every((x) => x.status === "delivered") && r;
    }, 90_000, w.stderr);
    await waitFor("a wake after the captures", () => count(w.stderr(), "0 accounts still missing") >= 2, 90_000, w.stderr);

    const st = await status(ws);
    expect(st.lastWake).not.toBeNull();
    expect(st.lastWake!.outcome).toBe("ok");
    expect(st.lastWake!.detail).toMatchObject({ period, captureMonth: true, missing: [] });
    expect(Date.parse(st.lastWake!.nextWake!)).toBeGreaterThan(Date.parse(st.lastWake!.at) - 1000);
    expect(st.nextWake).not.toBeNull();
    expect(st.missing).toEqual([]);

    w.child.kill("SIGTERM");
    const exit = await w.exited;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toContain("SIGTERM received");
    expect(w.stderr()).toContain("stopped cleanly");
    expect(await waitFor("no Chromium left", () => chromiumUnder(w.tmp).length === 0 || undefined, 90_000)).toBe(true);
    // status says it was stopped, and in a capture month that nothing is captured until it is started again.
    const stoppedText = await runCli(["status", "--config", ws.configPath]);
    expect(stoppedText.stdout).toMatch(/WARNING: the worker was stopped at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T \(SIGTERM\) and has not been started again, and in a capture month the accounts are captured only while it runs\. Start it \(with systemd: systemctl start somarkiv; in a container: start its container\)\./);
    expect(stoppedText.stdout).not.toContain("does not seem to be running");
    expect(stoppedText.stdout).toMatch(/^Worker: last woke .*; next wake none while it is stopped$/m);

    // Exactly one record per active account for the period, none for the closed one, even after many wakes.
    const after = await records(ws);
    expect(after.map((r) => `${r.accountId} ${r.period} v${r.version} ${r.status}`).sort()).toEqual([
      `bibliotek ${period} v1 delivered`, `kommun ${period} v1 delivered`,
    ]);
    expect(after.map((r) => r.recordId).sort()).toEqual(recs.map((r) => r.recordId).sort());
    const intake = fs.readdirSync(ws.intake, { recursive: true }).map(String).filter((f) => f.endsWith(".pdf")).sort();
    expect(intake.map((f) => path.basename(f))).toEqual([`bibliotek_${period}_v1.pdf`, `kommun_${period}_v1.pdf`]);
    for (const f of intake) expect(fs.readFileSync(path.join(ws.intake, f)).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("tries a delivery that failed again at the time status gives, not only at the next scheduled wake, also one a manual capture left", async () => {
    const { other } = months();
    // Scheduled wakes only on 1 January at 06:00, and not a capture month: the worker's start-up wake
    // finds nothing to do, and what waits is left by a manual capture while the worker runs.
    const ws = workspace({ months: [other], preflightDaysBefore: 0, cron: "0 6 1 1 *" }, [kommun()]);
    const config = fs.readFileSync(ws.configPath, "utf8").replace(/^intake:\n(  .*\n)+/m, `intake:\n  - type: http\n    url: ${site.server.at("intake")}\n`);
    expect(config).toContain(`url: ${site.server.at("intake")}`);
    fs.writeFileSync(ws.configPath, config);
    const w = startRun(ws);
    await waitFor("the start-up wake done", () => /wake done \(ok\); not a capture month/.test(w.stderr()), 90_000, w.stderr);
    const manual = await runCli(["capture", "--account", "kommun", "--config", ws.configPath]);
    expect(manual.code, manual.stderr).toBe(1);
    const [waiting] = await records(ws);
    expect(waiting.deliveries).toMatchObject([{ status: "pending" }]);
    const text = await runCli(["status", "--config", ws.configPath]);
    const nextTry = /next try after (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)/.exec(text.stdout)?.[1];
    expect(nextTry, text.stdout).toBeDefined();
    // Tried again at about that time (a minute after the first attempt), by the running worker.
    const [done] = await waitFor("the delivery made by the worker", async () => {
      const r = logged(ws);
      return r[0]?.status === "delivered" && r;
    }, 150_000, w.stderr);
    expect(done.recordId).toBe(waiting.recordId);
    expect(intakeCalls).toBe(2);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
  });

  it("captures nothing when the current month is not a capture month, and stops on SIGINT", async () => {
    const { other } = months();
    const ws = workspace({ months: [other], preflightDaysBefore: 0 }, [kommun(), bibliotek()]);
    const w = startRun(ws);
    await waitFor("three wakes", () => count(w.stderr(), "worker: wake done") >= 3, 120_000, w.stderr);
    w.child.kill("SIGINT");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toContain("not a capture month");
    // The wake is said in the schedule's own time zone, as status says it.
    // And when the worker captures next: "not a capture month" alone left the operator to count.
    const next = `${localTime(new Date(), SE).year + (other === 1 ? 1 : 0)}-${String(other).padStart(2, "0")}-01`;
    expect(w.stderr()).toMatch(new RegExp(`worker: wake done \\(ok\\); not a capture month; captures for \\d{4}-H[12] start ${next}; next wake \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d CES?T\n`));
    expect(w.stderr()).not.toContain("capturing");
    expect(await records(ws)).toEqual([]);
    expect(fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake) : []).toEqual([]);
    const st = await status(ws);
    expect(st.lastWake).toMatchObject({ outcome: "ok", detail: { captureMonth: false, due: [], captured: 0 } });
    expect(st.captureMonth).toBe(false);
    expect(st.workerStopped).toMatchObject({ signal: "SIGINT" });
    expect(st.nextWake).toBeNull(); // as the text says: none while it is stopped
    expect((await runCli(["status", "--config", ws.configPath])).stdout).toContain("(SIGINT) and has not been started again; it wakes no more, nor retries what is pending, until it is started");
    // Started again: running, whatever the earlier stop said.
    const again = startRun(ws);
    await waitFor("a wake of the new worker", () => count(again.stderr(), "worker: wake done") >= 1 || undefined, 60_000, again.stderr);
    expect((await status(ws)).workerStopped).toBeNull();
    expect((await runCli(["status", "--config", ws.configPath])).stdout).not.toContain("workers run on this log now");
    expect((await runCli(["status", "--config", ws.configPath])).stdout).not.toContain("WARNING");
    // Killed without a chance to say so: status says at once that it is not running, not only once
    // its next wake is missed (a day away with a daily schedule).
    again.child.kill("SIGKILL");
    expect(await again.exited).toEqual({ code: null, signal: "SIGKILL" });
    const st2 = await status(ws) as Awaited<ReturnType<typeof status>> & { workerDied: unknown };
    expect(st2.workerStopped).toBeNull();
    expect(st2.workerDied).toMatchObject({ startedAt: expect.any(String) });
    const text = (await runCli(["status", "--config", ws.configPath])).stdout;
    expect(text).toMatch(/WARNING: the worker started at \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T is no longer running, and its stop is not in the log: it was killed, it crashed, or the machine restarted \(or, if its disk was full or read-only then, it could not write its stop\)\. It wakes no more, nor retries what is pending, until it is started\. Start it \(with systemd: systemctl start somarkiv; in a container: start its container\)/);
    expect(text).toMatch(/^Worker: last woke .*; next wake none while it is not running$/m);
  });

  it("leaves an account that failed alone for a while, instead of a failed attempt at every wake; a manual capture still tries it at once", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [kommun(), account("nere", site.server.at("down.html"))]);
    const w = startRun(ws);
    try {
      await waitFor("the healthy account delivered", () => logged(ws).some((r) => r.accountId === "kommun" && r.status === "delivered") || undefined, 90_000, w.stderr);
      // Waking every second, it would otherwise have tried the site that is down at each of these wakes.
      const wakes = count(w.stderr(), "worker: wake done");
      await waitFor("four more wakes", () => count(w.stderr(), "worker: wake done") >= wakes + 4 || undefined, 120_000, w.stderr);
      const failed = (await records(ws)).filter((r) => r.accountId === "nere");
      expect(failed.map((r) => r.status)).toEqual(["failed"]);
      // The wake's last line names what is missing and what failed in it, and why: a journal shows little else.
      expect(w.stderr()).toMatch(/worker: wake done \(problems\); 1 account still missing for \d{4}-H[12] \(nere\); failed this wake: nere \(http-error\); next wake /);
      expect(w.stderr()).toMatch(/2 of 2 accounts done: 1 captured, 1 failed( \(nere just now\))?, 0 skipped/);
      // The wakes after it, while nere rests, end "problems" too, saying it waits on a failure: an
      // operator watching the journal for "problems" missed the failure once the next wake said "ok".
      const afterFailure = unnamed(w.stderr().slice(w.stderr().indexOf("failed this wake: nere")), ws);
      expect(afterFailure).not.toContain("wake done (ok)");
      expect(afterFailure).toMatch(/worker: wake done \(problems\); 1 account still missing for \d{4}-H[12] \(nere\), 1 of them after a failed capture, resting until the worker tries again \("somarkiv status" says why each failed and when\); next wake /);
      expect((await status(ws)).lastWake!.outcome).toBe("problems");
      // Said once, not at each of those wakes.
      expect(count(w.stderr(), "worker: nere rests until")).toBe(1);
      expect(unnamed(w.stderr(), ws)).toMatch(/worker: nere rests until \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T, after failing \(the pause grows with each failure, at most 20 hours\); "somarkiv capture --account nere" tries it now\n/);
      const st = await runCli(["status", "--config", ws.configPath]);
      expect(unnamed(st.stdout, ws)).toMatch(/ {2}nere \(Konto nere\): no snapshot yet; last attempt FAILED \(http-error\).*\n {6}the worker tries it again at its first wake after \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T \(it waits longer after each failure\); "somarkiv capture --account nere" tries it now\n/);
      const manual = await runCli(["capture", "--account", "nere", "--config", ws.configPath]);
      expect(manual.code).toBe(1);
      expect((await records(ws)).filter((r) => r.accountId === "nere").map((r) => r.status)).toEqual(["failed", "failed"]);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
  });

  it("counts a record made in the wake that its intake did not take among those waiting, in the wake's last line", async () => {
    const { current } = months();
    // The registrar's folder in a folder that is not there (a share not mounted): the delivery waits.
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "0 0 1 1 *", months: [current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      intake: [{ type: "directory", path: "ej-monterad/inkorg" }],
      accounts: [kommun()],
    });
    site.keep(ws);
    const w = startRun(ws);
    try {
      await waitFor("the start-up wake done", () => count(w.stderr(), "worker: wake done") >= 1 || undefined, 90_000, w.stderr);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    const line = w.stderr().split("\n").find((l) => l.includes("worker: wake done")) ?? "";
    expect(line).toMatch(/worker: wake done \(problems\); 0 accounts still missing for \d{4}-H[12]; 1 record waits to be stored or delivered, tried again at their time/);
    // The journal names the release the worker runs: after an upgrade, whether it was restarted onto it.
    const version = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")).version as string;
    expect(w.stderr()).toContain(`worker: started (somarkiv ${version}; cron "0 0 1 1 *" in ${SE}, capture months`);
  });

  it("says in the wake's last line which accounts another somarkiv process is capturing, not only that they are missing", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0, cron: "0 0 1 1 *" }, [kommun()]);
    makeLog(ws);
    // A capture by hand of kommun under way in this (living) process: the worker leaves it to it.
    const log = RecordLog.open(ws.database);
    try {
      expect(acquireLease(log.db, "capture:kommun", 10 * 60_000)).toBe(true);
    } finally {
      log.close();
    }
    const w = startRun(ws);
    try {
      await waitFor("the start-up wake done", () => count(w.stderr(), "worker: wake done") >= 1 || undefined, 120_000, w.stderr);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    expect(w.stderr()).toMatch(/worker: wake done \([a-z]+\); 1 account still missing for \d{4}-H[12] \(kommun\); being captured by another somarkiv process now: kommun; next wake /);
  });

  it("takes an account added to the configuration while it runs at its next wake, and says a broken file and a new store need more", async () => {
    const { current, other } = months();
    const base = { organisation: { name: "Testkommun" }, schedule: { timezone: SE, cron: "* * * * * *", months: [current], preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60, concurrency: 2 } };
    const ws = workspace(base.schedule, [kommun()]);
    const both = [current, other].sort((a, b) => a - b);
    const monthSaid = (m: number) => new Date(Date.UTC(2026, m - 1, 15)).toLocaleString("en", { month: "long", timeZone: "UTC" });
    const w = startRun(ws);
    await waitFor("kommun delivered", () => logged(ws).some((r) => r.accountId === "kommun" && r.status === "delivered") || undefined, 90_000, w.stderr);
    // A broken file: the worker goes on as it was, and says so once.
    fs.writeFileSync(ws.configPath, "organisation: [\n");
    await waitFor("the broken file noticed", () => w.stderr().includes("the configuration file has errors now") || undefined, 90_000, w.stderr);
    // The account added, and the store moved: the account is taken now; the store waits for a restart.
    ws.write({ ...base, schedule: { ...base.schedule, cron: "*/2 * * * * *", timezone: "UTC", months: both }, storage: { type: "filesystem", path: "objects-new" }, accounts: [kommun(), bibliotek()] });
    await waitFor("bibliotek delivered", () => logged(ws).some((r) => r.accountId === "bibliotek" && r.status === "delivered") || undefined, 90_000, w.stderr);
    // Meanwhile status gives the wakes of the schedule the worker keeps, and says the file's waits for a restart.
    const st = await runCli(["status", "--config", ws.configPath]);
    // Its capture months too: whether it captures this month is its months', not the file's.
    expect(st.stdout).toContain(`Note: the worker running now started with the schedule cron "* * * * * *" in Europe/Stockholm and the capture months ${monthSaid(current)}, and keeps it; the file now says cron "*/2 * * * * *" in UTC and the capture months ${both.map(monthSaid).join(" and ")}, which takes effect once the worker is restarted (with systemd: systemctl restart somarkiv; in a container: restart its container).`);
    expect((await status(ws) as unknown as { runningSchedule: unknown }).runningSchedule).toEqual({ cron: "* * * * * *", timezone: SE, months: [current] });
    const wakes = count(w.stderr(), "worker: wake done");
    await waitFor("two wakes after it", () => count(w.stderr(), "worker: wake done") >= wakes + 2 || undefined, 90_000, w.stderr);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(count(w.stderr(), "the configuration file has errors now")).toBe(1);
    // Its lines keep the clock of the zone it wakes by until it is restarted: read again, the file's
    // zone stood at the head of each line beside a next wake in Swedish time.
    expect(w.stderr()).not.toMatch(/^\d\d:\d\d:\d\d UTC /m);
    expect(w.stderr()).toContain("worker: the configuration has changed; this wake takes its accounts and record details as they are now (added bibliotek).");
    expect(w.stderr()).toContain("worker: WARNING: storage, schedule changed in the configuration too; that takes effect only when the worker is restarted");
    // Said once, not at every wake after the change (they come every second here).
    expect(count(w.stderr(), "storage, schedule changed in the configuration too")).toBe(1);
    expect(count(w.stderr(), "the configuration has changed")).toBe(1);
    // The record went to the store the worker started with.
    expect(fs.readdirSync(path.join(ws.objects, periodOf(new Date(), SE))).sort()).toEqual(["bibliotek", "kommun"]);
    expect(fs.existsSync(path.join(ws.dir, "objects-new"))).toBe(false);
  });

  it("says what an account closed or taken out of the file while it runs still asks for, and which settings changed", async () => {
    const { other } = months();
    // Not a capture month: the wakes open no browser.
    const base = { organisation: { name: "Testkommun" }, schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60, concurrency: 2 } };
    const ws = workspace(base.schedule, [kommun(), account("konto-c", "https://example.se/konto-c"), account("konto-d", "https://example.se/konto-d")]);
    makeLog(ws);
    // Each has a stored half-year snapshot and no closing record.
    const log = RecordLog.open(ws.database);
    try {
      for (const id of ["konto-c", "konto-d"]) {
        log.records.insertRecovered({
          recordId: `${id}_2026-H1_v1`, accountId: id, period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-20T06:00:00.000Z",
          url: `https://example.se/${id}`, finalUrl: `https://example.se/${id}`, httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
          pdfName: `${id}_2026-H1_v1.pdf`, manifestName: `${id}_2026-H1_v1.json`, manifestSha256: "d".repeat(64), manifestBytes: 10,
          consent: "none-found", flags: [], previousRecordId: null,
        }, { storageKey: `2026-H1/${id}/${id}_2026-H1_v1.pdf`, manifestKey: `2026-H1/${id}/${id}_2026-H1_v1.json` }, []);
      }
    } finally {
      log.close();
    }
    const w = startRun(ws);
    try {
      await waitFor("the first wake", () => count(w.stderr(), "worker: wake done") >= 1 || undefined, 120_000, w.stderr);
      ws.write({ ...base, capture: { ...base.capture, timeoutSeconds: 90 }, accounts: [kommun(), account("konto-c", "https://example.se/konto-c", { status: "closed", closedOn: "2026-11-30" })] });
      await waitFor("the change taken", () => w.stderr().includes("the configuration has changed") || undefined, 90_000, w.stderr);
      const wakes = count(w.stderr(), "worker: wake done");
      await waitFor("a wake after it", () => count(w.stderr(), "worker: wake done") > wakes || undefined, 90_000, w.stderr);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
    const err = unnamed(w.stderr(), ws);
    expect(err).toContain("worker: the configuration has changed; this wake takes its accounts and record details as they are now (closed konto-c; removed konto-d); settings changed: capture.timeoutSeconds 60 → 90.");
    // What status and config check say of them, said at the wake that sees the change: not only "(removed konto-d)".
    expect(err).toContain(`worker: WARNING: The log has records of account "konto-d" (https://example.se/konto-d), which is no longer in the configuration and has no closing record.`);
    expect(err).toMatch(/worker: WARNING: [^\n]*konto-c[^\n]* is closed, but the log has no closing record of it: the last snapshot of an account that is closed is taken with "somarkiv capture --account konto-c --final"/);
    // Said once, not at every wake after the change.
    expect(count(err, "is closed, but the log has no closing record")).toBe(1);
  });

  it("warns of a changed store only while the file's store differs from the one it started with, and says when it is put back", async () => {
    const { other } = months();
    const base = { organisation: { name: "Testkommun" }, schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60, concurrency: 2 }, accounts: [kommun()] };
    const ws = workspace(base.schedule, base.accounts);
    const w = startRun(ws);
    await waitFor("the first wake", () => count(w.stderr(), "worker: wake done") >= 1 || undefined, 120_000, w.stderr);
    ws.write({ ...base, storage: { type: "filesystem", path: "objects-new" } });
    await waitFor("the store's change noticed", () => w.stderr().includes("WARNING: storage changed") || undefined, 90_000, w.stderr);
    // Put back as it was: the worker runs with this store, and nothing needs a restart.
    ws.write(base);
    await waitFor("the store put back noticed", () => count(w.stderr(), "the configuration has changed") >= 2 || undefined, 90_000, w.stderr);
    const wakes = count(w.stderr(), "worker: wake done");
    await waitFor("two wakes after it", () => count(w.stderr(), "worker: wake done") >= wakes + 2 || undefined, 90_000, w.stderr);
    // And changed again: said again, since it differs again.
    ws.write({ ...base, storage: { type: "filesystem", path: "objects-new" }, accounts: [kommun(), bibliotek()] });
    await waitFor("the second change noticed", () => count(w.stderr(), "the configuration has changed") >= 3 || undefined, 90_000, w.stderr);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(count(w.stderr(), "WARNING: storage changed in the configuration too; that takes effect only when the worker is restarted")).toBe(2);
    expect(count(w.stderr(), "worker: storage in the configuration is again what the worker runs with; no restart is needed for it.")).toBe(1);
    const lines = w.stderr().split("\n").filter((l) => /configuration has changed|storage/.test(l));
    expect(lines.map((l) => l.replace(/^[\d:]+ \w+ /, "").replace(/ \(.*$|;.*$/, ""))).toEqual([
      "worker: the configuration has changed", "worker: WARNING: storage changed in the configuration too",
      "worker: the configuration has changed", "worker: storage in the configuration is again what the worker runs with",
      "worker: the configuration has changed", "worker: WARNING: storage changed in the configuration too",
    ]);
  });

  it("two workers on the same log capture each account exactly once", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [
      kommun(), bibliotek(), account("ungdom", site.server.at("worker/bibliotek.html"), { platform: "tiktok" }),
    ]);
    const a = startRun(ws, "a");
    // The second starts while the first's start-up wake captures, and is told of it.
    await waitFor("the first worker started", () => a.stderr().includes("worker: started") || undefined, 90_000, a.stderr);
    const b = startRun(ws, "b");
    const all = () => `${a.stderr()}\n=== b ===\n${b.stderr()}`;
    await waitFor("the second worker started", () => b.stderr().includes("worker: started") || undefined, 90_000, all);
    expect(b.stderr()).toMatch(new RegExp(`worker: NOTE: another worker already runs on this log \\(process ${a.child.pid} on [^)]+\\), started at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d CES?T\\. The two share the work and never capture an account twice`));
    expect(a.stderr()).not.toContain("another worker already runs");
    await waitFor("three accounts delivered", async () => {
      const r = logged(ws);
      return r.filter((x) => x.status === "delivered").length >= 3 || undefined;
    }, 120_000, all);
    // Both have woken again after the captures and found nothing due.
    await waitFor("both workers idle", () => (a.stderr().includes("0 accounts still missing") && b.stderr().includes("0 accounts still missing")) || undefined, 90_000, all);
    // status, the operator's look, says so too, naming both.
    const both = await runCli(["status", "--config", ws.configPath]);
    expect(both.stdout).toMatch(new RegExp(`Note: 2 workers run on this log now \\(process (${a.child.pid}|${b.child.pid}) on [^,]+, started [^;]+; process (${a.child.pid}|${b.child.pid}) on `));
    expect(both.stdout).toContain("stop the one not meant to run");
    a.child.kill("SIGTERM");
    expect(await a.exited).toEqual({ code: 0, signal: null });
    // One of two stopped: the other still runs, so the worker is not stopped.
    expect((await status(ws)).workerStopped).toBeNull();
    expect((await runCli(["status", "--config", ws.configPath])).stdout).not.toContain("workers run on this log now");
    b.child.kill("SIGTERM");
    expect(await b.exited).toEqual({ code: 0, signal: null });
    expect((await status(ws)).workerStopped).toMatchObject({ signal: "SIGTERM" });
    const r = await records(ws);
    expect(r.map((x) => `${x.accountId} v${x.version} ${x.status}`).sort()).toEqual(["bibliotek v1 delivered", "kommun v1 delivered", "ungdom v1 delivered"]);
    // The PDFs in the intake: one per account, no second version from the other worker.
    const pdfs = fs.readdirSync(ws.intake, { recursive: true }).map(String).filter((f) => f.endsWith(".pdf"));
    expect(pdfs).toHaveLength(3);
    expect(chromiumUnder(a.tmp)).toEqual([]);
    expect(chromiumUnder(b.tmp)).toEqual([]);
  });

  it("a manual capture at the same time as the worker never doubles a record", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [kommun(), bibliotek()]);
    const w = startRun(ws);
    const manual = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(manual.code, manual.stderr).toBe(0);
    await waitFor("both delivered", () => logged(ws).filter((x) => x.status === "delivered").length >= 2 || undefined, 90_000, w.stderr);
    await waitFor("the worker idle", () => w.stderr().includes("0 accounts still missing") || undefined, 90_000, w.stderr);
    // And once more, after the worker has captured: the manual run skips what exists.
    const again = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("skipped");
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    const r = await records(ws);
    expect(r.map((x) => `${x.accountId} v${x.version}`).sort()).toEqual(["bibliotek v1", "kommun v1"]);
  });

  it("on SIGTERM during a capture, lets that capture finish, starts no other, closes the browser and exits 0", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [
      account("langsam", site.server.at("slow.html")), kommun(),
    ], { concurrency: 1 });
    const w = startRun(ws);
    await waitFor("the slow capture to start", () => w.stderr().includes("[langsam] capturing") || undefined, 120_000, w.stderr);
    // The browser is running under the worker's temporary folder right now (so the check below can fail).
    await waitFor("Chromium running", () => chromiumUnder(w.tmp).length > 0 || undefined, 90_000, w.stderr);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(w.stderr()).toContain("stopped cleanly");
    expect(await waitFor("no Chromium left", () => chromiumUnder(w.tmp).length === 0 || undefined, 90_000)).toBe(true);
    const r = await records(ws);
    // The capture in progress finished and was delivered; the next account was not started.
    expect(r.map((x) => `${x.accountId} ${x.status}`)).toEqual(["langsam delivered"]);
    expect(w.stderr()).not.toContain("[kommun] capturing");
    // And the journal says so: not "skipped" (which means it has its snapshot), not "ok", and no next wake of a worker that exits.
    expect(w.stderr()).toContain("1 of 2 accounts done: 1 captured, 0 failed, 0 skipped; 1 not started, as somarkiv was asked to stop");
    expect(w.stderr()).toMatch(/worker: wake cut short by the stop; 1 account still missing for \d{4}-H[12] \(kommun\); stopped before kommun, which the worker takes when it is started again; no next wake, the worker is stopping\n/);
    expect(w.stderr()).not.toContain("wake done");
    expect((await status(ws)).lastWake).toMatchObject({ outcome: "interrupted", nextWake: null });
    // The next run makes up the account that was left.
    const w2 = startRun(ws, "second");
    await waitFor("kommun delivered", () => logged(ws).some((x) => x.accountId === "kommun" && x.status === "delivered") || undefined, 90_000, w2.stderr);
    w2.child.kill("SIGTERM");
    expect(await w2.exited).toEqual({ code: 0, signal: null });
    expect((await records(ws)).map((x) => `${x.accountId} v${x.version}`).sort()).toEqual(["kommun v1", "langsam v1"]);
  });

  it("a manual capture stopped with Ctrl-C records nothing of the capture it cut off: no failure, no pause, still due", async () => {
    const ws = workspace({ months: [months().current] }, [account("langsam", site.server.at("slow.html"))]);
    const c = startRun(ws, "capture", ["capture"]);
    await waitFor("the capture under way", () => /\[langsam\] capturing /.test(c.stderr()), 120_000, c.stderr);
    c.child.kill("SIGINT");
    const exit = await c.exited;
    expect(exit.code ?? exit.signal).not.toBe(0);
    expect(c.stderr()).toContain("SIGINT received: stopping. The captures in progress are given up and nothing is recorded of them");
    expect(c.stderr()).not.toContain("FAILED");
    expect(await records(ws)).toEqual([]);
    const st = await status(ws) as Awaited<ReturnType<typeof status>> & { accounts: unknown[] };
    expect(st.missing).toEqual(["langsam"]);
    expect(st.accounts[0]).toMatchObject({ accountId: "langsam", restingUntil: null, lastFailure: null });
  });

  it("a capture stopped with Ctrl-C names the command that takes exactly the accounts left, with its --period, --force and --reason (exit 130)", async () => {
    const period = previousPeriod(periodOf(new Date(), SE));
    const ws = workspace({ months: [months().current] }, [kommun(), account("langsam", site.server.at("slow.html")), account("tredje", site.server.at("slow.html"))], { concurrency: 1 });
    const c = startRun(ws, "capture", ["capture", "--period", period, "--force", "--reason", "the first showed the cookie dialog"]);
    // The first account's record is in the log, the second's capture under way, the third not begun.
    await waitFor("the second capture under way", () => /\[kommun\] record kommun_\S+ .*waiting in the spool/.test(c.stderr()) && /\[langsam\] capturing /.test(c.stderr()), 120_000, c.stderr);
    c.child.kill("SIGINT");
    expect(await c.exited).toEqual({ code: 130, signal: null });
    expect(c.stderr()).toContain(`the accounts not yet done (langsam, tredje) are taken with: somarkiv --config ${ws.configPath} capture --account langsam --account tredje --period ${period} --force --reason "the first showed the cookie dialog". Records already made are kept.`);
    // Run as said, it takes those two and leaves the one done alone: one version each.
    expect((await runCli(["capture", "--config", ws.configPath, "--account", "langsam", "--account", "tredje", "--period", period, "--force", "--reason", "the first showed the cookie dialog"])).code).toBe(0);
    expect((await records(ws)).map((r) => `${r.accountId} ${r.period} v${r.version}`).sort()).toEqual([`kommun ${period} v1`, `langsam ${period} v1`, `tredje ${period} v1`]);
  });

  it("a capture --as-shown stopped with Ctrl-C names the command with --as-shown, so that the page is still filed as it shows", async () => {
    const ws = workspace({ months: [months().current] }, [account("langsam", site.server.at("slow.html"))]);
    const c = startRun(ws, "capture-as-shown", ["capture", "--account", "langsam", "--as-shown"]);
    await waitFor("the capture under way", () => /\[langsam\] capturing /.test(c.stderr()), 120_000, c.stderr);
    c.child.kill("SIGINT");
    expect(await c.exited).toEqual({ code: 130, signal: null });
    expect(c.stderr()).toContain(`the account not yet done (langsam) is taken with: somarkiv --config ${ws.configPath} capture --account langsam --as-shown. Records already made are kept.`);
  });

  it("a capture of every account stopped with Ctrl-C says the same command again takes those left, and gives what was done before it", async () => {
    const ws = workspace({ months: [months().current] }, [kommun(), account("langsam", site.server.at("slow.html")), account("tredje", site.server.at("slow.html"))], { concurrency: 1 });
    const c = startRun(ws, "capture-all", ["capture"]);
    await waitFor("the first delivered, the second capture under way", () => /\[kommun\] delivered /.test(c.stderr()) && /\[langsam\] capturing /.test(c.stderr()), 120_000, c.stderr);
    c.child.kill("SIGINT");
    expect(await c.exited).toEqual({ code: 130, signal: null });
    // Not a list of --account options, which for 227 accounts left was one line of 10 kB.
    expect(c.stderr()).toContain(`2 accounts are not yet done (langsam, tredje); the same command again takes them and skips those done: somarkiv --config ${ws.configPath} capture. Records already made are kept.`);
    expect(c.stdout()).toMatch(/^Period \S+:\n {2}kommun: kommun_\S+_v1 stored/);
    expect(c.stdout()).not.toContain("langsam");
    // Counted against all asked for: "of 1 account" read as all there were.
    expect(c.stdout()).toContain("In all: 1 captured, 0 failed, 0 skipped, of the 1 account done before the stop, of 3 asked for.");
  });

  it("a preflight stopped with Ctrl-C gives and keeps what it found so far, counts as it goes, and names the accounts not checked", async () => {
    const ws = workspace({ months: [months().current] }, [kommun(), account("langsam", site.server.at("slow.html")), account("tredje", site.server.at("slow.html"))], { concurrency: 1 });
    const c = startRun(ws, "preflight-stop", ["preflight"]);
    await waitFor("the second account being checked", () => /1 of 3 accounts checked: 1 ready, 0 with a problem/.test(c.stderr()) && /\[langsam\] preflight: opening /.test(c.stderr()), 120_000, c.stderr);
    c.child.kill("SIGINT");
    expect(await c.exited).toEqual({ code: 130, signal: null });
    expect(c.stderr()).toContain(`SIGINT received: preflight stopped after 1 of 3 accounts, the pages being checked given up; what was found is below and in status. 2 accounts were not checked; the rest are checked with: somarkiv --config ${ws.configPath} preflight --account langsam --account tredje.`);
    // Not a crash of the browser, nor a problem of the page cut off.
    expect(c.stderr()).not.toContain("stopped unexpectedly");
    expect(c.stderr()).not.toContain("PREFLIGHT PROBLEM");
    expect(c.stdout()).toMatch(/^Preflight of 1 account of the 3 asked for; no records were made\.\n {2}kommun: ready/);
    const st = await runCli(["status", "--json", "--config", ws.configPath]);
    const accounts = (JSON.parse(st.stdout) as { accounts: Array<{ accountId: string; preflight?: { ok: boolean } | null }> }).accounts;
    expect(accounts.find((a) => a.accountId === "kommun")?.preflight).toMatchObject({ ok: true });
    expect(accounts.find((a) => a.accountId === "langsam")?.preflight ?? null).toBeNull();

    // Stopped before any account was checked: nothing is kept, no preflight "ok" of none.
    const d = startRun(ws, "preflight-stop-at-once", ["preflight", "--account", "langsam"]);
    await waitFor("the account being checked", () => /\[langsam\] preflight: opening /.test(d.stderr()), 60_000, d.stderr);
    d.child.kill("SIGINT");
    expect(await d.exited).toEqual({ code: 130, signal: null });
    expect(d.stderr()).toContain("SIGINT received: preflight stopped after 0 of 1 account");
    const last = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { lastPreflight: { results: unknown[] } };
    expect(last.lastPreflight.results).toHaveLength(1); // still the first run's, of kommun
  });

  it("a second signal stops it at once (exit 1), and status still says it was stopped", async () => {
    const { current } = months();
    const ws = workspace({ months: [current], preflightDaysBefore: 0 }, [account("langsam", site.server.at("slow.html"))], { concurrency: 1 });
    const w = startRun(ws);
    await waitFor("the slow capture to start", () => w.stderr().includes("[langsam] capturing") || undefined, 120_000, w.stderr);
    w.child.kill("SIGINT");
    await waitFor("the first signal taken", () => w.stderr().includes("SIGINT received") || undefined, 90_000, w.stderr);
    w.child.kill("SIGINT");
    expect(await w.exited).toEqual({ code: 1, signal: null });
    expect(w.stderr()).toContain("SIGINT again, stopping at once");
    expect(await waitFor("no Chromium left", () => chromiumUnder(w.tmp).length === 0 || undefined, 90_000)).toBe(true);
    const st = await status(ws);
    expect(st.workerStopped).toMatchObject({ signal: "SIGINT" });
    const text = (await runCli(["status", "--config", ws.configPath])).stdout;
    expect(text).toContain("WARNING: the worker was stopped at");
    // It ran, and was stopped in its first wake: not a worker that never woke.
    expect(text).toMatch(/\nWorker: was stopped \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T before it finished a wake \(records it made are kept\); next wake none while it is stopped\n/);
    expect(text).not.toContain("has not woken yet");
  });
});

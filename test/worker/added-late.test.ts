/**
 * An account added to the file late in a half-year (30 December) that no capture reached before it
 * ended: the worker's wakes saw it in the configuration, so it owes that half-year, and status and the
 * worker say so with the capture --period that makes it up, as of any other account. Where only its
 * records counted, it was "added since" and the half-year was lost without a word.
 */
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeLog, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";
import { count, months, SE, startRun, waitFor } from "./helpers.ts";

const site = siteAndWorkspaces();
const now = periodOf(new Date(), SE);
const before = previousPeriod(now);

/** "kommun" with its snapshot of the half-year before, as its capture in that capture month left it. */
function withSnapshotBefore(ws: Workspace): void {
  makeLog(ws);
  const log = RecordLog.open(ws.database);
  try {
    log.records.insertRecovered({
      recordId: `kommun_${before}_v1`, accountId: "kommun", period: before, version: 1, final: false, capturedAt: new Date(Date.now() - 150 * 86_400_000).toISOString(),
      url: "https://example.se/kommun", finalUrl: "https://example.se/kommun", httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
      pdfName: `kommun_${before}_v1.pdf`, manifestName: `kommun_${before}_v1.json`, manifestSha256: "d".repeat(64), manifestBytes: 10,
      consent: "none-found", flags: [], previousRecordId: null,
    }, { storageKey: `${before}/kommun/kommun_${before}_v1.pdf`, manifestKey: `${before}/kommun/kommun_${before}_v1.json` }, []);
  } finally {
    log.close();
  }
}

const configOf = (ids: string[]) => ({
  organisation: { name: "Testkommun" },
  // Not a capture month: the wakes open no browser.
  schedule: { timezone: SE, cron: "* * * * * *", months: [months().other], preflightDaysBefore: 0 },
  capture: { timeoutSeconds: 60, concurrency: 2 },
  accounts: ids.map((id) => account(id, `https://example.se/${id}`)),
});

const owedLine = (ids: string[]) => `WARNING: the half-year ${before} has ended, and ${ids.length} account${ids.length === 1 ? " has" : "s have"} no snapshot of it: ${ids.join(", ")}. Make it up (the record says it was taken afterwards): somarkiv capture --period ${before}`;

describe("an account in the configuration during a half-year that ended with no snapshot of it", () => {
  it("is noted by the worker's wake as in the file in its half-year, and owes that half-year once it has ended, said by status and the worker", async () => {
    const ws = site.keep(makeWorkspace(configOf(["kommun"])));
    withSnapshotBefore(ws);
    const first = startRun(ws, "first");
    try {
      await waitFor("a wake", () => count(first.stderr(), "worker: wake done") >= 1 || undefined, 60_000, first.stderr);
      // Added to the file while the worker runs, as on 30 December.
      ws.write(configOf(["kommun", "ny"]));
      await waitFor("a wake with it", () => /configuration has changed[^]*wake done/.test(first.stderr()) || undefined, 60_000, first.stderr);
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toEqual({ code: 0, signal: null });
    }
    // The half-year in progress is owed by no one yet.
    expect(first.stderr()).not.toContain("has ended, and");
    const db = new Database(ws.database);
    try {
      const seen = () => (db.prepare("SELECT name, holder FROM leases WHERE name LIKE 'seen:%' ORDER BY name").all() as Array<{ name: string; holder: string }>)
        .map((r) => ({ id: r.name.slice(5), period: r.holder.split(" ")[0], by: r.holder.split(" ")[1] }));
      expect(seen()).toEqual([{ id: "kommun", period: now, by: "command" }, { id: "ny", period: now, by: "wake" }]);
      // As that wake would have left it had it come before the half-year ended (no capture reached "ny").
      db.prepare("UPDATE leases SET holder = ? || substr(holder, 8) WHERE name LIKE 'seen:%'").run(before);
      expect(seen().map((s) => s.period)).toEqual([before, before]);
    } finally {
      db.close();
    }
    // "senare" is added after the half-year ended: it owes nothing of it.
    ws.write(configOf(["kommun", "ny", "senare"]));
    const st = await runCli(["status", "--config", ws.configPath]);
    expect(unnamed(st.stdout, ws)).toContain(`${owedLine(["ny"])}.`);
    // status did its work (exit 0, as README says); monitoring reads the field its --json gives.
    expect(st.code).toBe(0);
    const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout);
    expect(json.owedLastHalfYear).toMatchObject({ period: before, accounts: ["ny"] });
    expect(json.gapsInSeries).toEqual([{ accountId: "ny", periods: [before] }]);

    const again = startRun(ws, "again");
    try {
      await waitFor("a wake", () => count(again.stderr(), "worker: wake done") >= 1 || undefined, 60_000, again.stderr);
    } finally {
      again.child.kill("SIGTERM");
      expect(await again.exited).toEqual({ code: 0, signal: null });
    }
    expect(unnamed(again.stderr(), ws)).toContain(owedLine(["ny"]));
    expect(again.stderr()).toMatch(/wake done \(problems\)/);
  });

  it("is found in a log of an older somarkiv whose wakes of that half-year named it missing, and is listed as saknas by records", async () => {
    const ws = site.keep(makeWorkspace(configOf(["kommun", "ny"])));
    withSnapshotBefore(ws);
    // The log as the somarkiv before this one left it: no account noted as seen, its wakes naming those missing.
    const db = new Database(ws.database);
    try {
      db.exec("DELETE FROM leases WHERE name LIKE 'seen:%'");
      db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, 'ok', ?, NULL)")
        .run(new Date(Date.now() - 120 * 86_400_000).toISOString(), JSON.stringify({ period: before, captureMonth: false, due: [], missing: ["ny"] }));
    } finally {
      db.close();
    }
    const st = await runCli(["status", "--config", ws.configPath]);
    expect(unnamed(st.stdout, ws)).toContain(`${owedLine(["ny"])}.`);
    const records = await runCli(["records", "--config", ws.configPath]);
    expect(records.stdout).toContain(`saknas: ingen ögonblicksbild togs av ${before}`);
    expect(records.stdout).not.toMatch(/kommun[^\n]*saknas/);
  });
});

describe("a plain capture after a half-year ended that an account has no snapshot of", () => {
  it("takes the new half-year and says the one just ended is owed, with the capture --period that makes it up", async () => {
    const ws = site.keep(makeWorkspace({ ...configOf([]), accounts: [account("kommun", site.server.at("worker/kommun.html"))] }));
    makeLog(ws);
    const db = new Database(ws.database);
    try {
      // In the file through the half-year before, as its wakes saw it, and never taken then.
      db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES ('seen:kommun', ?, ?)").run(`${before} wake ${new Date(Date.now() - 120 * 86_400_000).toISOString()}`, Number.MAX_SAFE_INTEGER);
    } finally {
      db.close();
    }
    const r = await runCli(["capture", "--config", ws.configPath]);
    expect(r.code).toBe(0);
    expect(unnamed(r.stderr, ws)).toContain(`WARNING: the half-year ${before} has ended, and 1 account has no snapshot of it: kommun. Make it up (the record says it was taken afterwards): somarkiv capture --period ${before}`);
    expect(r.stdout).toContain(`Period ${now}:`);
    // Made up, it is said no more.
    expect((await runCli(["capture", "--period", before, "--config", ws.configPath])).stderr).not.toContain("has ended, and");
  });
});

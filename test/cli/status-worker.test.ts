/**
 * A worker that has stopped shows nowhere but in the wakes it no longer writes: `status` says so
 * when the wake it announced is well past, and is quiet while it keeps its word.
 */
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { spawnSync } from "node:child_process";
import os from "node:os";
import { describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli, unnamed, makeLog } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { formatLocal, lastFinishedPeriod, localTime, periodOf } from "../../src/schedule/index.ts";

const DAY = 86_400_000;

describe("status and a worker that has stopped waking", () => {
  it("warns, with the missed wake and how to start the worker, and is quiet again once it wakes", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      makeLog(ws); // the log, as the first command that writes makes it
      // Never started: no wake is coming until it is, whatever the schedule says.
      const fresh = await runCli(["status", "--config", ws.configPath]);
      expect(fresh.stdout).toMatch(/^Worker: has never run with this log; once started, it wakes by its schedule \(next: \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T\)\.$/m);
      expect(fresh.stdout).not.toContain("has not woken yet");
      const addWake = (at: number, next: number) => {
        const db = new Database(ws.database);
        try {
          db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, 'ok', '{}', ?)").run(new Date(at).toISOString(), 4242, new Date(next).toISOString());
        } finally {
          db.close();
        }
      };
      // Woke three days ago and meant to wake again the next day; nothing since.
      const lastAt = Date.now() - 3 * DAY;
      addWake(lastAt, lastAt + DAY);
      let r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/WARNING: the worker should have woken at \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T and has not woken since \d{4}-\d\d-\d\d \d\d:\d\d(:\d\d)? CES?T: it does not seem to be running/);
      expect(r.stdout).toContain("Start it (with systemd: systemctl start somarkiv; in a container: start its container) and look at its log (with systemd: journalctl -u somarkiv; in a container: its container's log)");
      let json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { missedWake: string | null };
      expect(json.missedWake).toBe(new Date(lastAt + DAY).toISOString());

      // A wake that failed says why under the worker's line, as the worker said it on stderr.
      const db = new Database(ws.database);
      try {
        db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, 'error', ?, ?)")
          .run(new Date(Date.now() - 2 * DAY).toISOString(), 4242, JSON.stringify({ error: "the disk that holds somarkiv's log and spool is full. Free space on it." }), new Date(Date.now() - DAY).toISOString());
      } finally {
        db.close();
      }
      r = await runCli(["status", "--config", ws.configPath]);
      expect(r.stdout).toMatch(/\nWorker: last woke .* \(error\); next wake .*\n {2}the last wake failed: the disk that holds somarkiv's log and spool is full\. Free space on it\.\n/);

      // It wakes again, and says it will wake tomorrow.
      addWake(Date.now(), Date.now() + DAY);
      r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toContain("WARNING: the worker");
      json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { missedWake: string | null };
      expect(json.missedWake).toBeNull();
    } finally {
      ws.cleanup();
    }
  });

  it("names the process capturing an account now, from its lease, and not one that is gone", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun"), account("bibliotek", "http://127.0.0.1:9/bibliotek")] });
    try {
      makeLog(ws); // the log, as the first command that writes makes it
      const dead = spawnSync(process.execPath, ["-e", "process.pid"]).pid!; // a pid that has exited
      const db = new Database(ws.database);
      try {
        const lease = db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)");
        lease.run("capture:kommun", `${os.hostname()}:${process.pid}:a1b2c3`, Date.now() + 600_000);
        lease.run("capture:bibliotek", `${os.hostname()}:${dead}:d4e5f6`, Date.now() + 600_000);
      } finally {
        db.close();
      }
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`kommun (Konto kommun): no snapshot yet for this period\n      being captured now (or its record stored and delivered) by somarkiv process ${process.pid} on ${os.hostname()}`);
      expect(r.stdout).not.toContain(`process ${dead}`);
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { accounts: Array<{ accountId: string; capturingNow: unknown }> };
      expect(json.accounts.map((a) => [a.accountId, a.capturingNow])).toEqual([["kommun", { host: os.hostname(), pid: process.pid }], ["bibliotek", null]]);
    } finally {
      ws.cleanup();
    }
  });

  it("says a worker started and not yet done with its first wake is in that wake, not that it has not woken", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      makeLog(ws); // the log, as the first command that writes makes it
      // A worker started a minute ago by a process that runs (this one), with no wake written since.
      const db = new Database(ws.database);
      try {
        db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, ?, 'started', ?, NULL)")
          .run(new Date(Date.now() - 60_000).toISOString(), process.pid, JSON.stringify({ holder: `${os.hostname()}:${process.pid}:a1b2c3` }));
      } finally {
        db.close();
      }
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^Worker: started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T, in its first wake now; next wake /m);
      expect(r.stdout).not.toContain("has not woken yet");
      // Killed in that first wake: it did wake (records may have been made), and ended before finishing it.
      const gone = new Database(ws.database);
      try {
        gone.prepare("UPDATE wakes SET detail = ? WHERE outcome = 'started'").run(JSON.stringify({ holder: `${os.hostname()}:999999999:a1b2c3` }));
      } finally {
        gone.close();
      }
      const after = await runCli(["status", "--config", ws.configPath]);
      expect(after.stdout).toMatch(/^Worker: started \d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T and ended before it finished a wake; next wake none while it is not running$/m);
      expect(after.stdout).not.toContain("has not woken yet");
    } finally {
      ws.cleanup();
    }
  });

  it("names a passive account with the policy's advice, and not once the account is closed", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      const log = RecordLog.open(ws.database);
      try {
        // The same page, text and picture, at two half-year changes.
        for (const [period, at] of [["2026-H1", "2026-06-10T06:00:00.000Z"], ["2026-H2", "2026-12-01T06:00:00.000Z"]] as const) {
          const id = `kommun_${period}_v1`;
          log.records.insertCaptured({
            recordId: id, accountId: "kommun", period, version: 1, final: false, capturedAt: at,
            url: "http://127.0.0.1:9/kommun", finalUrl: "http://127.0.0.1:9/kommun", httpStatus: 200,
            sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
            manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: [],
            previousRecordId: null, textFingerprint: "Välkommen till kommunen. Inga nya inlägg.", imageFingerprint: "0".repeat(32) + "f".repeat(32), runId: null,
          }, []);
          log.records.markStored(id, `${period}/kommun/${id}.pdf`, `${period}/kommun/${id}.json`, "a".repeat(64));
        }
      } finally {
        log.close();
      }
      const active = await runCli(["status", "--config", ws.configPath]);
      expect(unnamed(active.stdout, ws)).toMatch(/\n {6}passive: kommun_2026-H2_v1 shows no new text [^\n]*, against kommun_2026-H1_v1\. The policy \("Stäng passiva konton"\) says accounts that are not updated regularly are to be closed: ask whoever is responsible for it; to close it, take its last snapshot \(somarkiv capture --account kommun --final\), close it on the platform, then set status: closed and closedOn in the configuration\./);
      // Its closing record taken, as the advice says: no longer told to close it, while the file still says active.
      const again = RecordLog.open(ws.database);
      try {
        const id = "kommun_2026-H2_v2";
        again.records.insertCaptured({
          recordId: id, accountId: "kommun", period: "2026-H2", version: 2, final: true, capturedAt: "2026-12-02T06:00:00.000Z",
          url: "http://127.0.0.1:9/kommun", finalUrl: "http://127.0.0.1:9/kommun", httpStatus: 200,
          sha256: "c".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
          manifestSha256: "d".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: ["final"],
          previousRecordId: "kommun_2026-H2_v1", textFingerprint: "Välkommen till kommunen. Inga nya inlägg.", imageFingerprint: "0".repeat(32) + "f".repeat(32), runId: null,
        }, []);
        again.records.markStored(id, `2026-H2/kommun/${id}.pdf`, `2026-H2/kommun/${id}.json`, "c".repeat(64));
      } finally {
        again.close();
      }
      const closing = await runCli(["status", "--config", ws.configPath]);
      expect(closing.stdout).not.toContain("passive:");
      ws.write({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun", { status: "closed", closedOn: "2026-12-02" })] });
      const closed = await runCli(["status", "--config", ws.configPath]);
      expect(closed.stdout).toMatch(/kommun \(Konto kommun\): closed; its last snapshot kommun_2026-H2_v2 \(\d{4}-\d\d-\d\d [^)]+\)\n/);
      // Named once: the closed account's line gives its last snapshot and when it was taken.
      expect(closed.stdout).not.toContain("last snapshot: kommun_2026-H2_v2");
      expect(closed.stdout).not.toContain("passive:");
    } finally {
      ws.cleanup();
    }
  });
});

describe("status and config check of an account whose own content stands still beside a platform's box", () => {
  it("say it may be passive, with how many lines differ, for a person to judge, where both said nothing", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kulturskola", "http://127.0.0.1:9/kulturskola")] });
    try {
      const own = ["Överkalix kulturskola", "Vårkonsert 2025 (sänd 12 maj 2025)", "Luciatåg i kyrkan 2024", "Välkommen till kulturskolan", "Rekommenderat"];
      const log = RecordLog.open(ws.database);
      try {
        // The channel's words the same at two half-year changes; the box shows other titles each time.
        for (const [period, at, box] of [
          ["2026-H1", "2026-06-10T06:00:00.000Z", ["Sommarläger för barn", "Orgelkonsert i kyrkan", "Skidskolan startar", "Teater för de minsta", "Midnattssolens dag", "Bokcirkel på biblioteket"]],
          ["2026-H2", "2026-12-01T06:00:00.000Z", ["Bokcirkel på biblioteket", "Julmarknad i Överkalix", "Sommarläger för barn", "Fiskefestivalen vid älven", "Teater för de minsta", "Skolavslutning i Folkets hus"]],
        ] as const) {
          const id = `kulturskola_${period}_v1`;
          log.records.insertCaptured({
            recordId: id, accountId: "kulturskola", period, version: 1, final: false, capturedAt: at,
            url: "http://127.0.0.1:9/kulturskola", finalUrl: "http://127.0.0.1:9/kulturskola", httpStatus: 200,
            sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
            manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: [],
            previousRecordId: null, textFingerprint: [...own, ...box].join("\n"), imageFingerprint: "0".repeat(32) + "f".repeat(32), runId: null,
          }, []);
          log.records.markStored(id, `${period}/kulturskola/${id}.pdf`, `${period}/kulturskola/${id}.json`, "a".repeat(64));
        }
      } finally {
        log.close();
      }
      const status = await runCli(["status", "--config", ws.configPath]);
      expect(status.code, status.stderr).toBe(0);
      expect(status.stdout).not.toContain("      passive:");
      expect(unnamed(status.stdout, ws)).toMatch(/\n {6}passive or not: cannot be told by somarkiv; its snapshot kulturskola_2026-H2_v1 differs from kulturskola_2026-H1_v1 \(2026-H1\) only in \d+ of its \d+ words, the top of the page alike \(3 lines new, 3 lines gone\)\. somarkiv cannot tell whether those are the platform's \(a "Rekommenderat" box, suggestions, picked anew on each visit\) or a post of the account: look at the two records, where they differ\. If they are the platform's, the account has posted nothing since 2026-H1, and the policy \("Stäng passiva konton"\) says accounts that are not updated regularly are to be closed: ask whoever is responsible for it; to close it, take its last snapshot \(somarkiv capture --account kulturskola --final\)/);
      const check = await runCli(["config", "check", "--config", ws.configPath]);
      expect(check.stdout).not.toContain("No policy warnings");
      expect(check.stdout).toContain(`Account "kulturskola" (Konto kulturskola, Facebook) may be passive: its snapshot kulturskola_2026-H2_v1 differs from kulturskola_2026-H1_v1 (2026-H1) only in`);
      expect(unnamed(check.stdout, ws)).toContain(`are to be closed: start posting again, or close the account (take a last snapshot with "somarkiv capture --account kulturskola --final", then set status: closed and closedOn).`);
    } finally {
      ws.cleanup();
    }
  });
});

describe("status after a half-year that ended with accounts never taken", () => {
  it("warns of each account in use then that has no snapshot of it, and says how to make it up; one added since is not named", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun"), account("ny", "http://127.0.0.1:9/ny")] });
    try {
      const last = lastFinishedPeriod(new Date(), "Europe/Stockholm");
      const log = RecordLog.open(ws.database);
      // Tried in its half-year and failed every time (the machine was off most of the month).
      log.records.insertFailed({
        recordId: `kommun_${last}_f1`, accountId: "kommun", period: last, final: false, capturedAt: new Date(Date.now() - 100 * DAY).toISOString(),
        url: "http://127.0.0.1:9/kommun", finalUrl: null, httpStatus: null, reason: "network-error", error: "The site could not be reached.",
        consent: null, flags: [], failureScreenshot: null, runId: null,
      });
      log.close();
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(unnamed(r.stdout, ws)).toContain(`WARNING: the half-year ${last} has ended, and 1 account has no snapshot of it: kommun. Make it up (the record says it was taken afterwards): somarkiv capture --period ${last}.`);
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout);
      expect(json.owedLastHalfYear).toEqual({ period: last, accounts: ["kommun"], failures: [{ accountId: "kommun", day: expect.any(String), error: "The site could not be reached." }] });
    } finally {
      ws.cleanup();
    }
  });
});

describe("status's last snapshot of an account", () => {
  it("is that of its newest half-year, also when an older half-year was made up after it", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      const log = RecordLog.open(ws.database);
      const snapshot = (period: string, capturedAt: string) => log.records.insertCaptured({
        recordId: `kommun_${period}_v1`, accountId: "kommun", period, version: 1, final: false, capturedAt,
        url: "http://127.0.0.1:9/kommun", finalUrl: "http://127.0.0.1:9/kommun", httpStatus: 200, sha256: "a".repeat(64), bytes: 1, pages: 2,
        pdfName: "x.pdf", manifestName: "x.json", manifestSha256: "b".repeat(64), manifestBytes: 1, spoolDir: ws.dir,
        consent: "none-found", flags: [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
      }, []);
      snapshot("2026-H2", "2026-12-02T06:00:00.000Z");
      snapshot("2026-H1", "2026-12-03T06:00:00.000Z"); // made up a day later
      log.close();
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout);
      expect(json.accounts[0].lastSnapshot.recordId).toBe("kommun_2026-H2_v1");
    } finally {
      ws.cleanup();
    }
  });
});

describe("status and a worker of another release", () => {
  it("says the worker running now is another release than this one, until it is restarted onto it", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      const version = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, "../../package.json"), "utf8")).version as string;
      const started = (detail: Record<string, unknown>) => {
        const log = RecordLog.open(ws.database);
        try {
          // Written by this (living) process, as a worker running now writes its start.
          log.addWorkerEvent("started", { cron: "0 6 * * *", timezone: "Europe/Stockholm", ...detail });
        } finally {
          log.close();
        }
      };
      started({});
      const before = unnamed((await runCli(["status", "--config", ws.configPath])).stdout, ws);
      expect(before).toContain(`Note: the worker running now is a release before somarkiv 0.2.0, and this is somarkiv ${version}: it runs the release it started with until it is restarted (with systemd: systemctl restart somarkiv; in a container: restart its container).`);
      started({ version });
      const after = (await runCli(["status", "--config", ws.configPath])).stdout;
      expect(after).not.toContain("the worker running now is");
    } finally {
      ws.cleanup();
    }
  });
});

describe("status and a snapshot whose login wall was hidden", () => {
  it("says the wall came while the page was being taken, that the page asks visitors to log in and how to sign in, not to fix a cause", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      const period = periodOf(new Date(), "Europe/Stockholm");
      const id = `kommun_${period}_v1`;
      const log = RecordLog.open(ws.database);
      try {
        log.records.insertCaptured({
          recordId: id, accountId: "kommun", period, version: 1, final: false, capturedAt: new Date().toISOString(),
          url: "http://127.0.0.1:9/kommun", finalUrl: "http://127.0.0.1:9/kommun", httpStatus: 200,
          sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
          manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: ["login-wall-hidden"],
          previousRecordId: null, textFingerprint: "Välkommen till kommunen.", imageFingerprint: "0".repeat(64), runId: null,
        }, []);
        log.records.markStored(id, `${period}/kommun/${id}.pdf`, `${period}/kommun/${id}.json`, "a".repeat(64));
      } finally {
        log.close();
      }
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code).toBe(0);
      expect(unnamed(r.stdout, ws)).toContain(`      look at it: a login wall came over the page while it was being taken and was hidden; the snapshot shows what a visitor sees without logging in. The page asks visitors to log in: to take what lies behind the wall, sign in with "somarkiv login --account kommun" and name the saved session in the account's login.storageState. Then take it again with: somarkiv capture --account kommun --force --reason "…"`);
      expect(r.stdout).not.toContain("once the page was scrolled");
      expect(r.stdout).not.toContain("Once the cause is fixed");
    } finally {
      ws.cleanup();
    }
  });
});

describe("status of an account resting after a failed capture", () => {
  it("names the wake at which the worker tries it again: one a little before the rest ends, where the rest then ends", async () => {
    const tz = "Europe/Stockholm";
    const now = Date.now();
    // A daily wake about 15 minutes from now; the failure 30 minutes ago rests the account for an hour,
    // until 15 minutes after that wake: the worker tries it at that wake, not at the next day's.
    const wake = new Date(Math.ceil((now + 15 * 60_000) / 60_000) * 60_000);
    const at = localTime(wake, tz);
    const ws = makeWorkspace({
      organisation: { name: "X" },
      schedule: { cron: `${at.minute} ${at.hour} * * *`, timezone: tz, months: [localTime(new Date(now), tz).month] },
      accounts: [account("kommun", "http://127.0.0.1:9/kommun")],
    });
    try {
      const period = periodOf(new Date(now), tz);
      const log = RecordLog.open(ws.database);
      try {
        log.records.insertFailed({
          recordId: `kommun_${period}_f1`, accountId: "kommun", period, final: false, capturedAt: new Date(now - 30 * 60_000).toISOString(),
          url: "http://127.0.0.1:9/kommun", finalUrl: null, httpStatus: null, reason: "network-error", error: "The site could not be reached.",
          consent: null, flags: [], failureScreenshot: null, runId: null,
        });
      } finally {
        log.close();
      }
      const r = await runCli(["status", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(unnamed(r.stdout, ws)).toContain(`      the worker tries it again at its wake at ${formatLocal(wake, tz)} (it waits longer after each failure); "somarkiv capture --account kommun" tries it now\n`);
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { accounts: Array<{ nextTryAt: string | null }> };
      expect(json.accounts[0]!.nextTryAt).toBe(wake.toISOString());
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * How long `somarkiv status` takes on a log that has run for many years: one wake a day, each naming
 * the accounts still without a snapshot of its half-year (all of them outside the capture months), and
 * a snapshot of every account every half-year. Not a test: it prints times, it asserts nothing.
 *
 *   node --import tsx scripts/bench/status-long-log.ts                      # 20 years, 300 accounts
 *   node --import tsx scripts/bench/status-long-log.ts --years 10 --accounts 100 --runs 5
 *   node --import tsx scripts/bench/status-long-log.ts --keep /tmp/long   # keep the folder made
 *   node --import tsx scripts/bench/status-long-log.ts --reuse /tmp/long  # time it again (another build)
 *   node --import tsx scripts/bench/status-long-log.ts --deliveries       # each record delivered, at its second try
 *
 * Timed twice: on the log as made, whose wakes no somarkiv since 2026-12-05 has folded into its seen:
 * leases (an older log that only status has read since the upgrade), and on a copy folded as the
 * worker's next wake or any command that writes the log folds it (timed too, a cost paid once).
 * The log is copied before each run, so that a somarkiv that writes to it on opening finds it as made.
 * Processor time (user + sys) is printed beside the wall time: on a busy machine it says more.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import YAML from "yaml";
import { RecordLog } from "../../src/log/index.ts";
import { accountSeries } from "../../src/config/series.ts";
import { periodOf } from "../../src/schedule/period.ts";

const { values } = parseArgs({ options: {
  years: { type: "string", default: "20" }, accounts: { type: "string", default: "300" }, runs: { type: "string", default: "1" },
  keep: { type: "string" }, reuse: { type: "string" }, deliveries: { type: "boolean", default: false },
} });
const PROJECT = path.resolve(import.meta.dirname, "../..");
const TZ = "Europe/Stockholm";
const DAY = 86_400_000;
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function make(dir: string, years: number, n: number, deliveries: boolean): void {
  const ids = Array.from({ length: n }, (_, i) => `konto-${String(i + 1).padStart(3, "0")}`);
  fs.writeFileSync(path.join(dir, "somarkiv.yaml"), YAML.stringify({
    organisation: { name: "Långa kommunen" },
    storage: { type: "filesystem", path: "objects" },
    intake: [{ type: "directory", path: "intake" }],
    database: "somarkiv.sqlite",
    schedule: { timezone: TZ, cron: "0 6 * * *", months: [6, 12], preflightDaysBefore: 0 },
    accounts: ids.map((id) => ({
      id, name: `Konto ${id}`, platform: "facebook", url: `https://example.se/${id}`, unit: "Kommunledningen",
      responsible: { name: "Anna Andersson", email: "anna@example.se" }, administrators: [{ name: "Anna Andersson" }, { name: "Bo Berg" }],
      webManager: { name: "Cecilia Ek" }, substitute: { name: "Bo Berg" }, purpose: "Informera", audience: "Invånare",
    })),
  }));
  const log = RecordLog.open(path.join(dir, "somarkiv.sqlite"));
  const intake = `directory:${path.join(dir, "intake")}`;
  const now = Date.now();
  const start = now - Math.round(years * 365.25) * DAY;
  log.noteAccountsSeen(ids.map((id) => ({ id, status: "active" })), periodOf(new Date(start), TZ), "wake");
  const addWake = log.db.prepare("INSERT INTO wakes (at, pid, outcome, detail, next_wake) VALUES (?, 1, ?, ?, ?)");
  log.db.transaction(() => {
    let taken = "";
    for (let t = start; t < now - DAY; t += DAY) {
      const at = new Date(t);
      const period = periodOf(at, TZ);
      const month = at.getUTCMonth() + 1;
      const captureMonth = month === 6 || month === 12;
      const due = captureMonth && taken !== period ? ids : [];
      if (due.length) {
        taken = period;
        for (const id of ids) {
          const recordId = `${id}_${period}_v1`;
          log.records.insertRecovered({
            recordId, accountId: id, period, version: 1, final: false, capturedAt: at.toISOString(), url: `https://example.se/${id}`, finalUrl: `https://example.se/${id}`,
            httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1, pdfName: `${recordId}.pdf`, manifestName: `${recordId}.json`, manifestSha256: "d".repeat(64),
            manifestBytes: 10, consent: "none-found", flags: [], previousRecordId: null,
          }, { storageKey: `${period}/${id}/${recordId}.pdf`, manifestKey: `${period}/${id}/${recordId}.json` }, deliveries ? [intake] : []);
          // With --deliveries each record reached the intake at its second try; the last half-year's
          // first ten are still waiting, as status lists them (each delivery's waitingSince is read from its events).
          if (deliveries) {
            log.records.markDeliveryFailed(recordId, intake, "the intake folder could not be written", new Date(t + DAY));
            if (t + 190 * DAY < now || ids.indexOf(id) >= 10) log.records.markDelivered(recordId, intake, "receipt");
          }
        }
      }
      const missing = taken === period ? [] : ids;
      addWake.run(at.toISOString(), missing.length ? "ok" : "ok", JSON.stringify({
        period, captureMonth, due, captured: due.length, failed: 0, skipped: 0, stored: 0, delivered: 0, waiting: 0, needPerson: 0, problems: [],
        missing, missingAfterFailure: [], late: false, daysLeftInMonth: null, preflight: null, stopping: false, notStarted: [],
      }), new Date(t + DAY).toISOString());
    }
  })();
  log.close();
}

const dir = values.reuse ?? values.keep ?? fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-long-log-"));
if (!values.reuse) {
  fs.mkdirSync(dir, { recursive: true });
  const t0 = performance.now();
  make(dir, Number(values.years), Number(values.accounts), values.deliveries === true);
  console.log(`made ${dir} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}
const db = path.join(dir, "somarkiv.sqlite");
const original = `${db}.made`;
if (!fs.existsSync(original)) fs.copyFileSync(db, original);
{
  const log = RecordLog.open(original, { readonly: true });
  const count = (t: string) => (log.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
  console.log(`log: ${count("wakes")} wakes, ${count("records")} records, ${count("events")} events, ${(fs.statSync(original).size / 1024 / 1024).toFixed(0)} MB`);
  log.close();
}

const folded = `${db}.folded`;
if (!fs.existsSync(folded)) {
  fs.copyFileSync(original, folded);
  const log = RecordLog.open(folded);
  const [t0, c0] = [performance.now(), cpu()];
  log.noteAccountsSeen([], periodOf(new Date(), TZ), "wake");
  console.log(`folding the wakes into the log (once): ${seconds(performance.now() - t0)} wall, ${seconds(cpu() - c0)} processor`);
  log.close();
}

for (const [logName, from] of [["as made", original], ["folded", folded]] as const) {
  for (const args of [["status"], ["status", "--json"]]) {
    const times: string[] = [];
    for (let i = 0; i < Number(values.runs); i++) {
      fs.copyFileSync(from, db);
      for (const x of ["-wal", "-shm"]) fs.rmSync(`${db}${x}`, { force: true });
      // GNU time gives the processor time of the status process: Node has no way to ask it of a child.
      const timeFile = path.join(dir, "time.txt");
      const t0 = performance.now();
      spawnSync("/usr/bin/time", ["-o", timeFile, "-f", "%U %S", process.execPath, path.join(PROJECT, "bin/somarkiv.mjs"), ...args, "--config", path.join(dir, "somarkiv.yaml")], { stdio: "ignore" });
      const [user, sys] = fs.readFileSync(timeFile, "utf8").trim().split("\n").at(-1)!.split(" ").map(Number);
      times.push(`${seconds(performance.now() - t0)} wall, ${seconds((user! + sys!) * 1000)} processor`);
    }
    console.log(`${args.join(" ")} on the log ${logName}: ${times.join("; ")}`);
  }
}

// The half-year facts alone, in this process, on the log as made (read-only, as status opens it).
{
  const log = RecordLog.open(original, { readonly: true });
  const config = YAML.parse(fs.readFileSync(path.join(dir, "somarkiv.yaml"), "utf8")) as { accounts: Array<{ id: string; status?: string }> };
  const series = accountSeries(config.accounts.map((a) => ({ ...a, status: "active" })) as never);
  const t0 = performance.now();
  const facts = log.records.seriesFacts(series);
  console.log(`seriesFacts (snapshots, first half-years, ended): ${(performance.now() - t0).toFixed(0)} ms, ${facts.firstPeriods.size} first half-years`);
  log.close();
}
if (!values.keep && !values.reuse) fs.rmSync(dir, { recursive: true, force: true });

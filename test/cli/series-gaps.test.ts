/**
 * A half-year of which nothing was taken, not even tried (the worker was not running), is a gap in
 * the account's series. Once the next half-year had ended nothing said it: status, config check and
 * the registrar's listing read as a whole series. On the real command line over a synthetic log.
 */
import { describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { lastFinishedPeriod, previousPeriod } from "../../src/schedule/index.ts";
import { parseCsv } from "../helpers/csv.ts";

/** A snapshot in the log, stored and delivered (no files: what is said here is read from the log). */
function snapshot(log: RecordLog, accountId: string, period: string): void {
  const id = `${accountId}_${period}_v1`;
  log.records.insertCaptured({
    recordId: id, accountId, period, version: 1, final: false, capturedAt: `${period.slice(0, 4)}-${period.endsWith("H1") ? "06" : "12"}-02T06:00:00.000Z`,
    url: `https://www.facebook.com/${accountId}`, finalUrl: `https://www.facebook.com/${accountId}`, httpStatus: 200, sha256: "0".repeat(64), bytes: 1, pages: 1,
    pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "0".repeat(64), manifestBytes: 1, spoolDir: "/nonexistent", consent: "none-found", flags: [],
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  }, ["directory:intake"]);
  log.records.markStored(id, `${period}/${id}.pdf`, `${period}/${id}.json`, "0".repeat(64));
  log.records.markDelivered(id, "directory:intake", `intake/${id}`);
  log.records.clearSpool(id);
}

describe("a half-year nobody took, once the next half-year has ended", () => {
  it("is named by status (and --json), config check, and records and its CSV as a row of its own", async () => {
    // As reported: taken, then a half-year with no attempt at all, then the two half-years since taken.
    const last = lastFinishedPeriod(new Date(), "Europe/Stockholm");
    const gap = previousPeriod(previousPeriod(last));
    const before = previousPeriod(gap);
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "https://www.facebook.com/kommun"), account("bibliotek", "https://www.facebook.com/bibliotek")] });
    try {
      const log = RecordLog.open(ws.database);
      for (const p of [before, previousPeriod(last), last]) snapshot(log, "kommun", p);
      // bibliotek was tried in the half-year and failed: its failed row is listed, and the gap beside it.
      log.records.insertFailed({
        recordId: `bibliotek_${gap}_f1`, accountId: "bibliotek", period: gap, final: false, capturedAt: `${gap.slice(0, 4)}-${gap.endsWith("H1") ? "06" : "12"}-02T06:00:00.000Z`,
        url: "https://www.facebook.com/bibliotek", finalUrl: null, httpStatus: null, reason: "network-error", error: "The site could not be reached.",
        consent: null, flags: [], failureScreenshot: null, runId: null,
      });
      for (const p of [previousPeriod(last), last]) snapshot(log, "bibliotek", p);
      log.close();
      const cfg = ["--config", ws.configPath];

      const status = await runCli(["status", ...cfg]);
      expect(status.code, status.stderr).toBe(0);
      expect(unnamed(status.stdout, ws)).toContain(`WARNING: the series of snapshots has half-years that ended with none taken: kommun has none of ${gap}; bibliotek has none of ${gap}. The registrar's series is not complete there`);
      // Only the half-year just ended can be made up (capture refuses one further back): status does not send the operator to it.
      expect(status.stdout).toContain(`A half-year before ${last} cannot be taken any more: a snapshot now would show the account as it is today.`);
      expect(status.stdout).not.toContain(`--period ${gap}`);
      expect(JSON.parse((await runCli(["status", "--json", ...cfg])).stdout).gapsInSeries).toEqual([{ accountId: "kommun", periods: [gap] }, { accountId: "bibliotek", periods: [gap] }]);

      const check = await runCli(["config", "check", ...cfg]);
      expect(unnamed(check.stdout, ws)).toContain(`Account "kommun" (Konto kommun, Facebook) has no snapshot of ${gap}, a half-year since it was first in use (its first record, or in the configuration at a wake or a capture) that ended with none taken: the registrar's series of it has a gap there`);
      expect(check.stdout).toContain("Tell the registrar, so that the series is filed with the gap said. A half-year before the last that ended cannot be taken any more");

      const list = await runCli(["records", ...cfg]);
      expect(list.code, list.stderr).toBe(0);
      expect(unnamed(list.stdout, ws)).toMatch(new RegExp(`^–\\s+missing\\s+–\\s+kommun ${gap}: saknas: ingen ögonblicksbild togs av ${gap} \\(inget försök finns i loggen\\)\\. No snapshot of ${gap} was taken \\(nothing was tried\\): the series has a gap there; it cannot be taken any more`, "m"));
      expect(list.stdout).toContain(`bibliotek ${gap}: saknas: ingen ögonblicksbild togs av ${gap} (försöken misslyckades)`);
      // Listed in its place: after the half-year before it and before the one after.
      const lines = list.stdout.split("\n");
      const at = (s: string) => lines.findIndex((l) => l.includes(s));
      expect(at(`kommun_${before}_v1`)).toBeLessThan(at(`kommun ${gap}: saknas`));
      expect(at(`kommun ${gap}: saknas`)).toBeLessThan(at(`kommun_${previousPeriod(last)}_v1`));
      // Asked for one half-year, its gaps are all there is to list.
      expect((await runCli(["records", "--period", gap, "--account", "kommun", ...cfg])).stdout).toContain(`kommun ${gap}: saknas`);

      const csv = parseCsv((await runCli(["records", "--csv", ...cfg])).stdout.slice(1));
      const [head, ...rows] = csv;
      const col = (name: string) => head!.indexOf(name);
      const gapRows = rows.filter((r) => r[col("Status")] === "saknas");
      expect(gapRows.map((r) => [r[col("Handlingens id")], r[col("Kontots id")], r[col("Period")], r[col("Orsak")]])).toEqual([
        ["", "bibliotek", gap, `ingen ögonblicksbild togs av ${gap} (försöken misslyckades)`],
        ["", "kommun", gap, `ingen ögonblicksbild togs av ${gap} (inget försök finns i loggen)`],
      ]);
      expect(gapRows.every((r) => r.length === head!.length)).toBe(true);

      // --json keeps its array of records (SPEC §5) and says the gaps beside it, where it said nothing of them.
      const json = await runCli(["records", "--json", ...cfg]);
      expect(json.code, json.stderr).toBe(0);
      expect(JSON.parse(json.stdout).every((r: { recordId?: string }) => typeof r.recordId === "string")).toBe(true);
      expect(unnamed(json.stderr, ws)).toContain(`somarkiv records: kommun ${gap}: saknas: ingen ögonblicksbild togs av ${gap} (inget försök finns i loggen). No snapshot of ${gap} was taken (nothing was tried)`);
      expect(json.stderr).toContain(`bibliotek ${gap}: saknas: ingen ögonblicksbild togs av ${gap} (försöken misslyckades)`);
    } finally {
      ws.cleanup();
    }
  });
});

describe("a half-year owed by an account whose attempts at it failed", () => {
  it("is said by status with the last failure's reason, where 'make it up' alone sent the operator to a capture that fails again", async () => {
    // As reported: the account's page answers 404; its attempt at the half-year that ended failed.
    const last = lastFinishedPeriod(new Date(), "Europe/Stockholm");
    const tried = `${last.slice(0, 4)}-${last.endsWith("H1") ? "06" : "12"}-03`;
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "https://www.facebook.com/kommun"), account("bibliotek", "https://www.facebook.com/bibliotek")] });
    try {
      const log = RecordLog.open(ws.database);
      snapshot(log, "kommun", previousPeriod(last));
      log.records.insertFailed({
        recordId: `bibliotek_${last}_f1`, accountId: "bibliotek", period: last, final: false, capturedAt: `${tried}T06:00:00.000Z`,
        url: "https://www.facebook.com/bibliotek", finalUrl: "https://www.facebook.com/bibliotek", httpStatus: 404, reason: "http-error",
        error: "Could not capture https://www.facebook.com/bibliotek: the page does not exist (404). The account may have been renamed or removed: open the address in a browser, correct the account's url in the configuration if it has a new one, or mark the account closed (status: closed, with closedOn) if it is gone.",
        consent: null, flags: [], failureScreenshot: null, runId: null,
      });
      log.close();
      const cfg = ["--config", ws.configPath];
      const status = await runCli(["status", ...cfg]);
      expect(status.code, status.stderr).toBe(0);
      expect(unnamed(status.stdout, ws)).toContain(`WARNING: the half-year ${last} has ended, and 2 accounts have no snapshot of it: kommun, bibliotek. Make it up (the record says it was taken afterwards): somarkiv capture --period ${last}. bibliotek: its attempts at ${last} failed, the last on ${tried}: Could not capture https://www.facebook.com/bibliotek: the page does not exist (404). The account may have been renamed or removed: open the address in a browser, correct the account's url in the configuration if it has a new one, or mark the account closed (status: closed, with closedOn) if it is gone; while that lasts, making it up fails the same way.\n`);
      // kommun was never tried: nothing is said of failures of it.
      expect(status.stdout).not.toContain("kommun: its attempts");
      const json = JSON.parse((await runCli(["status", "--json", ...cfg])).stdout);
      expect(json.owedLastHalfYear.failures).toEqual([{ accountId: "bibliotek", day: tried, error: expect.stringContaining("(404)") }]);
    } finally {
      ws.cleanup();
    }
  });
});

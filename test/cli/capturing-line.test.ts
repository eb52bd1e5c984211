/**
 * The line a capture begins with, as a person says it: "capturing 1 account for P" of one account
 * (it was "capturing 1 account(s) for P, 2 at a time"), and of several the count and how many at a
 * time, never more than there are accounts. Every account has its snapshot of the half-year, so
 * each is skipped and no browser starts; the real command line.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const IDS = ["konto-a", "konto-b", "konto-c"];

/** Each account's snapshot of this half-year, stored, so that a plain capture skips it. */
function snapshotted(concurrency: number): { ws: Workspace; period: string } {
  const period = periodOf(new Date(), "Europe/Stockholm");
  const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, capture: { concurrency }, accounts: IDS.map((id) => account(id, `https://www.facebook.com/${id}`)) });
  cleanups.push(() => ws.cleanup());
  const log = RecordLog.open(ws.database);
  for (const accountId of IDS) {
    const id = `${accountId}_${period}_v1`;
    log.records.insertCaptured({
      recordId: id, accountId, period, version: 1, final: false, capturedAt: new Date().toISOString(), url: `https://www.facebook.com/${accountId}`, finalUrl: `https://www.facebook.com/${accountId}`,
      httpStatus: 200, sha256: "a".repeat(64), bytes: 10, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "b".repeat(64), manifestBytes: 10,
      spoolDir: ws.dir, consent: "none-found", flags: [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, []);
    log.records.markStored(id, `${period}/${accountId}/${id}.pdf`, `${period}/${accountId}/${id}.json`, "a".repeat(64));
  }
  log.close();
  return { ws, period };
}

/** The line, after the time each progress line begins with. */
const begins = (stderr: string) => stderr.split("\n").filter((l) => l.includes("capturing ")).map((l) => l.slice(l.indexOf("capturing ")));

describe("the line a capture begins with", () => {
  it("says one account as one, with no concurrency, and several with their count and how many at a time", async () => {
    const { ws, period } = snapshotted(2);
    const one = await runCli(["capture", "--account", "konto-b", "--config", ws.configPath]);
    expect(one.code, one.stderr).toBe(0);
    expect(begins(one.stderr)).toEqual([`capturing 1 account for ${period}`]);
    expect(one.stdout).toContain("konto-b: skipped");

    const all = await runCli(["capture", "--config", ws.configPath]);
    expect(all.code, all.stderr).toBe(0);
    expect(begins(all.stderr)).toEqual([`capturing 3 accounts for ${period}, 2 at a time`]);
  }, 120_000);

  it("says no more at a time than there are accounts, and one at a time as such", async () => {
    const many = snapshotted(8);
    expect(begins((await runCli(["capture", "--config", many.ws.configPath])).stderr)).toEqual([`capturing 3 accounts for ${many.period}, 3 at a time`]);
    const single = snapshotted(1);
    expect(begins((await runCli(["capture", "--config", single.ws.configPath])).stderr)).toEqual([`capturing 3 accounts for ${single.period}, one at a time`]);
  }, 120_000);
});

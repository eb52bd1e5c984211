/**
 * The line a capture begins with, as a person says it: "capturing 1 account for P" of one account
 * (it was "capturing 1 account for P, 2 at a time"), and of several the count and how many at a
 * time, never more than there are accounts; of accounts that are all skipped, that nothing is
 * captured. Through the real command line, every account with its snapshot of the half-year, so
 * each is skipped and no browser starts.
 */
import { afterEach, describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { capturingSaid } from "../../src/cli/commands/capture.ts";

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
  it("says of accounts that each have their snapshot that nothing is captured, not that they are being captured", async () => {
    const { ws, period } = snapshotted(2);
    const one = await runCli(["capture", "--account", "konto-b", "--config", ws.configPath]);
    expect(one.code, one.stderr).toBe(0);
    expect(begins(one.stderr)).toEqual([]);
    expect(one.stderr).toContain(`nothing to capture for ${period}: the account asked for is skipped, for the reason given below`);
    expect(one.stdout).toContain("konto-b: skipped");

    const all = await runCli(["capture", "--config", ws.configPath]);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain(`nothing to capture for ${period}: the 3 accounts asked for are skipped, each for the reason given below`);
    expect(all.stderr).not.toMatch(/capturing \d/);
  }, 120_000);

  it("says one account as one, with no concurrency, and several with their count and how many at a time, never more than there are", () => {
    expect(capturingSaid(1, "2026-H2", 2)).toBe("capturing 1 account for 2026-H2");
    expect(capturingSaid(3, "2026-H2", 2)).toBe("capturing 3 accounts for 2026-H2, 2 at a time");
    expect(capturingSaid(3, "2026-H2", 8)).toBe("capturing 3 accounts for 2026-H2, 3 at a time");
    expect(capturingSaid(3, "2026-H2", 1)).toBe("capturing 3 accounts for 2026-H2, one at a time");
  });

  it("says how many of those asked for are taken, and that the others are skipped", () => {
    expect(capturingSaid(11, "2026-H2", 2, 3)).toBe("capturing 3 of 11 accounts for 2026-H2, 2 at a time; the other 8 are skipped, each for the reason given below");
    expect(capturingSaid(11, "2026-H2", 8, 3)).toBe("capturing 3 of 11 accounts for 2026-H2, 3 at a time; the other 8 are skipped, each for the reason given below");
    expect(capturingSaid(2, "2026-H2", 2, 1)).toBe("capturing 1 of 2 accounts for 2026-H2; the other is skipped, for the reason given below");
    expect(capturingSaid(11, "2026-H2", 2, 0)).toBe("nothing to capture for 2026-H2: the 11 accounts asked for are skipped, each for the reason given below");
  });
});

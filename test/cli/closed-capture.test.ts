import { describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";

const ORG = { name: "Överkalix kommun" };

function snapshot(ws: Workspace, period: string, version: number, final: boolean, capturedAt: string): string {
  const log = RecordLog.open(ws.database);
  const id = `stangt_${period}_v${version}`;
  log.records.insertCaptured({
    recordId: id, accountId: "stangt", period, version, final, capturedAt, url: "https://www.facebook.com/stangt", finalUrl: "https://www.facebook.com/stangt",
    httpStatus: 200, sha256: "a".repeat(64), bytes: 10, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`, manifestSha256: "b".repeat(64), manifestBytes: 10,
    spoolDir: ws.dir, consent: "none-found", flags: final ? ["final"] : [], previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
  }, []);
  log.records.markStored(id, `${period}/stangt/${id}.pdf`, `${period}/stangt/${id}.json`, "a".repeat(64));
  log.close();
  return id;
}

/** A closed account's closing record in this half-year, and capture asked for this half-year by name. */
describe("capture --period of this half-year for a closed account after its closing record", () => {
  const now = new Date();
  const period = periodOf(now, "Europe/Stockholm");
  const before = previousPeriod(period);

  it("names the half-year before to make up only when it was missed, not when it has its snapshot", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("stangt", "https://www.facebook.com/stangt", { status: "closed" })] });
    try {
      snapshot(ws, before, 1, false, new Date(now.getTime() - 200 * 86_400_000).toISOString());
      snapshot(ws, period, 1, true, now.toISOString());
      const r = await runCli(["capture", "--account", "stangt", "--period", period, "--config", ws.configPath]);
      expect(r.code).toBe(2);
      expect(unnamed(r.stderr, ws)).toContain(`Account "stangt" is closed, and its closing record is stangt_${period}_v1`);
      expect(r.stderr).toContain("nothing more is taken of it.");
      expect(r.stderr).not.toContain(`--period ${before}`);
    } finally {
      ws.cleanup();
    }
  });

  it("names it when the half-year before has no snapshot though the account was archived then", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("stangt", "https://www.facebook.com/stangt", { status: "closed" })] });
    try {
      snapshot(ws, previousPeriod(before), 1, false, new Date(now.getTime() - 380 * 86_400_000).toISOString());
      snapshot(ws, period, 1, true, now.toISOString());
      const r = await runCli(["capture", "--account", "stangt", "--period", period, "--config", ws.configPath]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`nothing more is taken of it. To make up its missed snapshot of ${before}, name that period: --period ${before}.`);
    } finally {
      ws.cleanup();
    }
  });
});

describe("capture --final of an account closed in the configuration from a day still to come", () => {
  it("notes that closedOn is still to come and what the closing record says of it", async () => {
    // A browser that cannot start: the note is said before any page is taken.
    const ws = makeWorkspace({ organisation: ORG, capture: { browser: "/nonexistent/chrome" }, accounts: [account("stangt", "http://127.0.0.1:9/stangt", { status: "closed", closedOn: "2099-12-31" })] });
    try {
      const r = await runCli(["capture", "--account", "stangt", "--final", "--config", ws.configPath]);
      expect(r.stderr).toContain(`Note: closedOn of "stangt" is 2099-12-31, a day still to come, so its closing record says the account is to be closed then ("ska stängas 2099-12-31").`);
      // A day gone by is what closedOn is for: nothing to note.
      ws.write({ organisation: ORG, capture: { browser: "/nonexistent/chrome" }, accounts: [account("stangt", "http://127.0.0.1:9/stangt", { status: "closed", closedOn: "2026-01-01" })] });
      const past = await runCli(["capture", "--account", "stangt", "--final", "--config", ws.configPath]);
      expect(past.stderr).toContain("capturing 1 account for");
      expect(past.stderr).not.toContain("a day still to come");
    } finally {
      ws.cleanup();
    }
  });
});

describe("capture of an account set closed on a day still to come, named without --final", () => {
  it("says it is to be closed on that day, not that it has been closed since then", async () => {
    const ahead = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("stangt", "https://www.facebook.com/stangt", { status: "closed", closedOn: ahead })] });
    try {
      const r = await runCli(["capture", "--account", "stangt", "--config", ws.configPath]);
      expect(r.code).toBe(2);
      expect(unnamed(r.stderr, ws)).toContain(`Account "stangt" is closed in the configuration (to be closed on ${ahead}). Its last snapshot is its closing record: somarkiv capture --account stangt --final.`);
      expect(r.stderr).not.toContain("since");
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * The labels of a cookie dialog's buttons left over the page (consentButtonsSeen), which the sheet,
 * the e-mail and records --csv say, are in records --json and in status's advice for the account's
 * newest record too. A real log, the real command line; no browser: records and status read the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordLog, type RecordFiling } from "../../src/log/index.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const before = now.endsWith("H2") ? `${now.slice(0, 4)}-H1` : `${Number(now.slice(0, 4)) - 1}-H2`;

function captured(log: RecordLog, ws: Workspace, period: string, filing: RecordFiling, flags: string[], consent: string): string {
  const id = `glorbia_${period}_v1`;
  log.records.insertCaptured({
    recordId: id, accountId: "glorbia", period, version: 1, final: false, capturedAt: new Date(Date.now() - (period === now ? 60_000 : 200 * 86_400_000)).toISOString(),
    url: "https://example.se/glorbia", finalUrl: "https://example.se/glorbia", httpStatus: 200,
    sha256: "a".repeat(64), bytes: 10, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent, flags,
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null, filing,
  }, []);
  log.records.markStored(id, `${period}/glorbia/${id}.pdf`, `${period}/glorbia/${id}.json`, "a".repeat(64));
  return id;
}

describe("the buttons of a cookie dialog left over the page", () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("glorbia", "https://example.se/glorbia")] });
    const log = RecordLog.open(ws.database);
    // Made before somarkiv kept the labels: its dialog was left too, and nobody knows what it said.
    captured(log, ws, before, { title: "Glorbia" }, ["consent-not-dismissed"], "not-dismissed");
    captured(log, ws, now, { title: "Glorbia", consentButtonsSeen: ["Zorbla alla", "Nix alla"], signedIn: false }, ["consent-not-dismissed"], "not-dismissed");
    log.close();
  });
  afterAll(() => ws.cleanup());

  it("are in records --json (consentButtonsSeen), null for a record made before they were kept", async () => {
    const r = await runCli(["records", "--json", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ recordId: string; consentButtonsSeen: string[] | null }>;
    expect(rows.map((x) => [x.recordId, x.consentButtonsSeen])).toEqual([
      [`glorbia_${before}_v1`, null],
      [`glorbia_${now}_v1`, ["Zorbla alla", "Nix alla"]],
    ]);
  });

  it("give signedIn as the record said it, and null for a record made before somarkiv said it (nobody knows), not false", async () => {
    const rows = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; signedIn: boolean | null }>;
    expect(rows.map((x) => [x.recordId, x.signedIn])).toEqual([[`glorbia_${before}_v1`, null], [`glorbia_${now}_v1`, false]]);
  });

  it("are said by status in its advice for the account's newest record, and given in --json", async () => {
    const r = await runCli(["status", "--config", ws.configPath]);
    expect(r.stdout).toContain(`glorbia_${now}_v1`);
    expect(r.stdout).toContain('the cookie dialog could not be closed (no answer somarkiv found, declining or accepting, closed it) and shows over the page; its buttons said: "Zorbla alla", "Nix alla".');
    const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath])).stdout) as { accounts: Array<{ accountId: string; consentButtonsSeen: string[] | null }> };
    expect(json.accounts.find((a) => a.accountId === "glorbia")?.consentButtonsSeen).toEqual(["Zorbla alla", "Nix alla"]);
  });
});

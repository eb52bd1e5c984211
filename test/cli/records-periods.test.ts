import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";

/** Records of three half-years in a real log (no browser, no store: records lists the log). */
function logWithPeriods(ws: Workspace, periods: string[]): void {
  const log = RecordLog.open(ws.database);
  for (const [i, period] of periods.entries()) {
    const id = `konto-a_${period}_v1`;
    log.records.insertCaptured({
      recordId: id, accountId: "konto-a", period, version: 1, final: false, capturedAt: `${period.slice(0, 4)}-${period.endsWith("H1") ? "06" : "12"}-10T06:00:00.000Z`,
      url: "https://example.se/konto-a", finalUrl: "https://example.se/konto-a", httpStatus: 200,
      sha256: "a".repeat(64), bytes: 10, pages: 1, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
      manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: ws.dir, consent: "none-found", flags: [],
      previousRecordId: i ? `konto-a_${periods[i - 1]}_v1` : null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, []);
    log.records.markStored(id, `${period}/konto-a/${id}.pdf`, `${period}/konto-a/${id}.json`, "a".repeat(64));
  }
  log.records.register("konto-a_2025-H1_v1", "KS 2025/12");
  log.close();
}

describe("records for more than one half-year", () => {
  let ws: Workspace;
  const ids = async (...args: string[]) => {
    const r = await runCli(["records", "--config", ws.configPath, "--json", ...args]);
    expect(r.stderr).toBe("");
    return (JSON.parse(r.stdout) as Array<{ recordId: string }>).map((x) => x.recordId);
  };

  beforeAll(() => {
    ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("konto-a", "https://example.se/konto-a")] });
    logWithPeriods(ws, ["2025-H1", "2025-H2", "2026-H1"]);
  });
  afterAll(() => ws.cleanup());

  it("lists both half-years when --period is given twice, where the last one alone was listed", async () => {
    expect(await ids("--period", "2025-H1", "--period", "2025-H2")).toEqual(["konto-a_2025-H1_v1", "konto-a_2025-H2_v1"]);
    expect(await ids("--period", "2025-H2", "--period", "2025-H1")).toEqual(["konto-a_2025-H1_v1", "konto-a_2025-H2_v1"]);
  });

  it("takes a year for both its half-years", async () => {
    expect(await ids("--period", "2025")).toEqual(["konto-a_2025-H1_v1", "konto-a_2025-H2_v1"]);
    const csv = await runCli(["records", "--config", ws.configPath, "--csv", "--period", "2026"]);
    expect(csv.code).toBe(0);
    expect(csv.stdout).toContain("konto-a_2026-H1_v1");
    expect(csv.stdout.split("\r\n").filter((l) => l.startsWith("konto-a_")).map((l) => l.split(";")[0])).toEqual(["konto-a_2026-H1_v1"]);
  });

  it("gives the previous snapshot's diary number beside its id in the CSV, as the sheet does", async () => {
    const csv = await runCli(["records", "--config", ws.configPath, "--csv", "--period", "2025-H2"]);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain(";konto-a_2025-H1_v1, diarienummer KS 2025/12;");
  });

  it("says when nothing was made in the half-years asked for, naming them", async () => {
    const r = await runCli(["records", "--config", ws.configPath, "--period", "2024"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No records for 2024-H1, 2024-H2.");
  });

  it("refuses an option of one value given twice with different values, where the last was taken silently", async () => {
    const r = await runCli(["status", "--config", ws.configPath, "--config", "/tmp/no-such/somarkiv.yaml"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`status: --config was given twice ("${ws.configPath}" and "/tmp/no-such/somarkiv.yaml"), and it takes one value: nothing was done. Give it once.`);
    const capture = await runCli(["capture", "--config", ws.configPath, "--period", "2026-H1", "--period", "2026-H2"]);
    expect(capture.code).toBe(2);
    expect(capture.stderr).toContain(`--period was given twice ("2026-H1" and "2026-H2")`);
  });
});

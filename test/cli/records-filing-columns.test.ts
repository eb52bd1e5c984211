/**
 * records --csv gives what the registrar files a record by, in the record sheet's words and order,
 * next to the title: the account's name and service, the archive creator, the document type, the
 * classification, the collective case and the retention. As the sheet says them, also for an account
 * taken out of the configuration since (from what the log kept); for a record made before the log kept
 * them, the configuration's now for an account it still has, and empty for one it no longer has.
 * The existing columns keep their names. Real Chromium, a real log and intake folder, the real
 * command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { parseCsv } from "../helpers/csv.ts";
import { RecordLog } from "../../src/log/index.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const year = now.slice(0, 4);
const PAGE = "<!doctype html><html lang=sv><h1>Kommunens flöde</h1><p>Inlägg om skolstarten och höstlovet.</p></html>";
const FILING_COLUMNS = ["Konto", "Plattform", "Arkivbildare", "Handlingstyp", "Klassificering", "Samlingsärende", "Bevaras/gallras"];
/** The same in records --json, under its English names, in the same order. */
const FILING_FIELDS = ["accountName", "service", "creator", "documentType", "classification", "collectiveCase", "retention"];

describe("records --csv's filing columns", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const records = { creator: "Kommunstyrelsen", documentType: "Ögonblicksbild av webbplats", classification: "1.3.2", collectiveCase: { [year]: `KS ${year}/45` }, retention: "Bevaras" };
  const demo = () => account("demo", site.at("feed"), { name: "Demokommunen" });
  beforeAll(async () => {
    site = await startFixtureServer({
      routes: {
        "/feed": (_req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }); res.end(PAGE); },
      },
    });
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, records,
      accounts: [
        demo(),
        account("bibliotek", `${site.at("feed")}?bibliotek`, { name: "Biblioteket", platform: "instagram", records: { classification: "2.1", retention: "Gallras efter 2 år" } }),
      ],
    });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
  const csv = async () => {
    const r = await cli("records", "--csv");
    expect(r.code, r.stderr).toBe(0);
    const [head, ...rows] = parseCsv(r.stdout.replace(/^\uFEFF/, ""));
    return { head: head!, row: (id: string) => Object.fromEntries(head!.map((h, i) => [h, rows.find((x) => x[0] === id)![i]])) };
  };
  /** records --json's filing fields of a record, as the CSV gives its cells: "" for null. */
  const jsonFiling = async (id: string) => {
    const r = await cli("records", "--json");
    expect(r.code, r.stderr).toBe(0);
    const rec = (JSON.parse(r.stdout) as Array<Record<string, unknown>>).find((x) => x.recordId === id)!;
    for (const f of FILING_FIELDS) expect(rec, f).toHaveProperty(f);
    return FILING_FIELDS.map((f) => rec[f] ?? "");
  };

  it("says them as the sheet does, also of an account taken out of the configuration since, before the technical columns", async () => {
    const r = await cli("capture");
    expect(r.code, r.stderr).toBe(0);
    const sheet = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `${id}_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

    // The library's account is taken out, and the organisation's filing changed: the records made keep what their sheets say.
    ws.write({
      organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 },
      records: { ...records, creator: "Kultur- och fritidsnämnden", retention: "Gallras efter 10 år" },
      accounts: [demo()],
    });
    const { head, row } = await csv();
    // Next to the title, in the sheet's order, before the technical columns; the existing ones keep their names.
    expect(head.slice(0, 10)).toEqual(["Handlingens id", "Titel", ...FILING_COLUMNS, "Kontots id"]);
    for (const old of ["Kontots id", "Period", "Status", "SHA-256 (PDF)", "Lagringsnyckel", "Diarienummer", "Skäl"]) expect(head).toContain(old);

    const demoRow = row(`demo_${now}_v1`);
    expect(FILING_COLUMNS.map((c) => demoRow[c])).toEqual(["Demokommunen", "Facebook", "Kommunstyrelsen", "Ögonblicksbild av webbplats", "1.3.2", `KS ${year}/45`, "Bevaras"]);
    const libraryRow = row(`bibliotek_${now}_v1`);
    expect(libraryRow["Kontots id"]).toBe("bibliotek");
    expect(FILING_COLUMNS.map((c) => libraryRow[c])).toEqual(["Biblioteket", "Instagram", "Kommunstyrelsen", "Ögonblicksbild av webbplats", "2.1", `KS ${year}/45`, "Gallras efter 2 år"]);
    // records --json says the same, under English names.
    expect(await jsonFiling(`demo_${now}_v1`)).toEqual(FILING_COLUMNS.map((c) => demoRow[c]));
    expect(await jsonFiling(`bibliotek_${now}_v1`)).toEqual(FILING_COLUMNS.map((c) => libraryRow[c]));
    // Each cell is what its record's sheet says, under the sheet's own label.
    const labels = ["Konto", "Plattform", "Arkivbildare", "Handlingstyp", "Klassificering", "Samlingsärende", "Bevaras/gallras"];
    for (const [id, cells] of [["demo", demoRow], ["bibliotek", libraryRow]] as const) {
      const text = sheet(id);
      FILING_COLUMNS.forEach((c, i) => expect(text, `${id}: ${c}`).toContain(`${labels[i]} ${cells[c]}`));
    }
  }, 300_000);

  it("gives a record made before the log kept them the configuration's words now, and none of an account it no longer has", async () => {
    // As a somarkiv before 2026-12 kept its filing in the log: the title, the collective case and the classification only.
    const log = RecordLog.open(ws.database);
    const spool = path.join(ws.dir, "spool-old");
    fs.mkdirSync(spool, { recursive: true });
    for (const [id, classification] of [["demo", "1.3.2"], ["nedlagd", "9.9"]] as const) {
      const recordId = `${id}_2025-H2_v1`;
      log.records.insertCaptured({
        recordId, accountId: id, period: "2025-H2", version: 1, final: false, capturedAt: "2025-12-05T09:00:00.000Z",
        url: `https://example.se/${id}`, finalUrl: `https://example.se/${id}`, httpStatus: 200,
        sha256: "0".repeat(64), bytes: 10, pages: 2, pdfName: `${recordId}.pdf`, manifestName: `${recordId}.json`,
        manifestSha256: "1".repeat(64), manifestBytes: 10, spoolDir: spool, consent: "none-found", flags: [],
        previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
        filing: { title: `Ögonblicksbild Facebook ${id} 2025 H2`, classification },
      }, ["directory:intake"]);
    }
    log.close();
    const { row } = await csv();
    const demoRow = row("demo_2025-H2_v1");
    // The classification as the log kept it; no collective case was on its sheet.
    expect(FILING_COLUMNS.map((c) => demoRow[c])).toEqual(["Demokommunen", "Facebook", "Kultur- och fritidsnämnden", "Ögonblicksbild av webbplats", "1.3.2", "", "Gallras efter 10 år"]);
    const gone = row("nedlagd_2025-H2_v1");
    expect(FILING_COLUMNS.map((c) => gone[c])).toEqual(["", "", "", "", "9.9", "", ""]);
    expect(await jsonFiling("demo_2025-H2_v1")).toEqual(FILING_COLUMNS.map((c) => demoRow[c]));
    expect(await jsonFiling("nedlagd_2025-H2_v1")).toEqual(FILING_COLUMNS.map((c) => gone[c]));
  }, 300_000);
});

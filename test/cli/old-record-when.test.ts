/**
 * A record made by a somarkiv before 0.2.0 has no `beforeHalfYearChange` in its manifest nor in its
 * log's filing, early or not, and the log keeps no schedule it was taken under. Read again (the
 * e-mail of deliver --again, the plain records list) one taken in March is not called the half-year's
 * snapshot: said neutrally, with its day. One taken in June is the half-year's whatever the capture
 * month was, and one of a release that notes it either way is as it says. A real log and store, the
 * real command line and a real SMTP server; no browser.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { parseCsv } from "../helpers/csv.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { ORGANISATION, sha } from "../log/archive.ts";
import { RecordLog, type RecordFiling } from "../../src/log/index.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const EMAIL_INTAKE = { type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" };

/** A stored and delivered 2026-H1 record of `accountId`, its manifest written by somarkiv `release`, as a capture and the store left it. */
async function oldRecord(log: RecordLog, store: FilesystemStore, folder: string, accountId: string, o: { capturedAt: string; capturedAtLocal: string; release: string; filing: RecordFiling }): Promise<string> {
  const period = "2026-H1";
  const id = `${accountId}_${period}_v1`;
  const pdf = Buffer.from(`%PDF-1.7\n% ögonblicksbild av ${accountId}\n%%EOF\n`, "utf8");
  // As the release wrote it: no beforeHalfYearChange, which 0.1.0 did not note and 0.2.0 writes only when true.
  const manifest = Buffer.from(JSON.stringify({
    schema: "somarkiv-manifest/1", recordId: id, accountId, accountName: accountId, platform: "facebook", period, version: 1, final: false,
    title: o.filing.title, organisation: ORGANISATION, url: `https://example.se/${accountId}`, finalUrl: `https://example.se/${accountId}`, httpStatus: 200,
    capturedAt: o.capturedAt, capturedAtLocal: o.capturedAtLocal, consent: "none-found", flags: [], tool: { name: "somarkiv", version: o.release },
  }) + "\n", "utf8");
  fs.mkdirSync(folder, { recursive: true });
  fs.writeFileSync(path.join(folder, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(folder, `${id}.json`), manifest);
  log.records.insertCaptured({
    recordId: id, accountId, period, version: 1, final: false, capturedAt: o.capturedAt,
    url: `https://example.se/${accountId}`, finalUrl: `https://example.se/${accountId}`, httpStatus: 200,
    sha256: sha(pdf), bytes: pdf.length, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: folder, consent: "none-found", flags: [],
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null, filing: o.filing,
  }, ["directory:intake"]);
  const p = await store.put(recordKey(period, accountId, 1, "pdf"), path.join(folder, `${id}.pdf`), sha(pdf));
  const m = await store.put(recordKey(period, accountId, 1, "json"), path.join(folder, `${id}.json`), sha(manifest));
  log.records.markStored(id, p.fullKey, m.fullKey, p.sha256);
  log.records.markDelivered(id, "directory:intake", `intake/${id}`);
  log.records.clearSpool(id);
  return id;
}

describe("a record of an older somarkiv, read again", () => {
  it("is said neutrally with its day when its release did not note whether it was taken before the capture month and its time does not tell, never as the half-year's snapshot", async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.stop());
    const accounts = ["mars", "juni", "ny"].map((id) => account(id, `https://example.se/${id}`));
    const ws = makeWorkspace({ organisation: ORGANISATION, accounts, intake: [EMAIL_INTAKE] });
    cleanups.push(() => ws.cleanup());
    const log = RecordLog.open(ws.database);
    const store = new FilesystemStore(ws.objects);
    const src = path.join(ws.dir, "src");
    const filing = (id: string, more: Partial<RecordFiling> = {}) => ({ title: `Ögonblicksbild Facebook ${id} 2026 H1`, ...more });
    // A trial in March under 0.1.0: early with capture months June and December, the half-year's with March and September.
    const march = await oldRecord(log, store, src, "mars", { capturedAt: "2026-03-16T09:00:00.000Z", capturedAtLocal: "2026-03-16 10:00:00 CET", release: "0.1.0", filing: filing("mars") });
    // Taken in June, the half-year's last month: past every capture month it can have had.
    const june = await oldRecord(log, store, src, "juni", { capturedAt: "2026-06-10T04:00:00.000Z", capturedAtLocal: "2026-06-10 06:00:00 CEST", release: "0.1.0", filing: filing("juni") });
    // Taken in March by a release that notes it either way, and did not: the half-year's with capture months March and September.
    const noted = await oldRecord(log, store, src, "ny", { capturedAt: "2026-03-16T09:00:00.000Z", capturedAtLocal: "2026-03-16 10:00:00 CET", release: "0.2.0", filing: filing("ny", { beforeHalfYearChange: false }) });
    log.close();

    const env = { SOMARKIV_TEST_SMTP: smtp.url };
    for (const id of [march, june, noted]) {
      const r = await runCli(["deliver", "--again", id, "--config", ws.configPath], { env });
      expect(r.code, r.stdout + r.stderr).toBe(0);
    }
    expect(smtp.messages).toHaveLength(3);
    const [marchText, juneText, notedText] = smtp.messages.map((m) => m.text.replace(/\s+/g, " "));
    expect(marchText).toContain("för ett av Överkalix kommuns konton i sociala medier, tagen 2026-03-16 (den gjordes av en äldre version av somarkiv, som inte antecknade om den togs före den månad då periodens ögonblicksbild tas; om den är periodens ögonblicksbild eller bara gäller sin dag framgår inte).");
    expect(marchText).not.toContain("tagen som periodens ögonblicksbild");
    expect(juneText).toContain("för ett av Överkalix kommuns konton i sociala medier, tagen som periodens ögonblicksbild.");
    expect(notedText).toContain("för ett av Överkalix kommuns konton i sociala medier, tagen som periodens ögonblicksbild.");

    const list = await runCli(["records", "--config", ws.configPath]);
    expect(list.code, list.stdout + list.stderr).toBe(0);
    const line = (id: string) => list.stdout.split("\n").find((l) => l.startsWith(`${id} `)) ?? "";
    expect(line(march)).toContain("its log entry does not say whether it was taken before 2026-H1's capture month (until December 2026 somarkiv noted it there only when it was): whether it is 2026-H1's half-year snapshot or a record of that day only is not known");
    for (const id of [june, noted]) {
      expect(line(id)).not.toContain("older somarkiv");
      expect(line(id)).not.toContain("capture month");
    }
  }, 120_000);

  it("is said so in the CSV's \"Skäl\", in the sheet's words, after a reason of its own, and not of a record whose log says it either way", async () => {
    const ws = makeWorkspace({ organisation: ORGANISATION, accounts: ["mars", "juni", "ny", "fragad"].map((id) => account(id, `https://example.se/${id}`)) });
    cleanups.push(() => ws.cleanup());
    const log = RecordLog.open(ws.database);
    const store = new FilesystemStore(ws.objects);
    const src = path.join(ws.dir, "src");
    const filing = (id: string, more: Partial<RecordFiling> = {}) => ({ title: `Ögonblicksbild Facebook ${id} 2026 H1`, ...more });
    const march = await oldRecord(log, store, src, "mars", { capturedAt: "2026-03-16T09:00:00.000Z", capturedAtLocal: "2026-03-16 10:00:00 CET", release: "0.1.0", filing: filing("mars") });
    const june = await oldRecord(log, store, src, "juni", { capturedAt: "2026-06-10T04:00:00.000Z", capturedAtLocal: "2026-06-10 06:00:00 CEST", release: "0.1.0", filing: filing("juni") });
    const noted = await oldRecord(log, store, src, "ny", { capturedAt: "2026-03-16T09:00:00.000Z", capturedAtLocal: "2026-03-16 10:00:00 CET", release: "0.2.0", filing: filing("ny", { beforeHalfYearChange: false }) });
    // Taken in March by 0.1.0 with capture --reason: its reason, and what is not known of it.
    const asked = await oldRecord(log, store, src, "fragad", { capturedAt: "2026-03-16T09:00:00.000Z", capturedAtLocal: "2026-03-16 10:00:00 CET", release: "0.1.0", filing: filing("fragad", { takenBecause: "Kommunikatören bad om den inför omgörningen" }) });
    log.close();

    const csv = await runCli(["records", "--csv", "--config", ws.configPath]);
    expect(csv.code, csv.stdout + csv.stderr).toBe(0);
    const [header, ...rows] = parseCsv(csv.stdout);
    const because = Object.fromEntries(rows.map((r) => [r[0], r[header!.indexOf("Skäl")]]));
    const notKnown = "loggen säger inte om handlingen togs före den månad då periodens ögonblicksbild tas (fram till december 2026 antecknade somarkiv det bara för handlingar som togs före den månaden); om den är periodens ögonblicksbild eller bara gäller sin dag framgår inte";
    expect(because[march]).toBe(notKnown);
    expect(because[asked]).toBe(`Kommunikatören bad om den inför omgörningen (${notKnown})`);
    // Taken in June, and one whose log says it either way: nothing to say, as before.
    expect(because[june]).toBe("");
    expect(because[noted]).toBe("");
    // The plain list says the same of the same records.
    const list = await runCli(["records", "--config", ws.configPath]);
    const said = (id: string) => list.stdout.split("\n").find((l) => l.startsWith(`${id} `)) ?? "";
    for (const id of [march, asked]) expect(said(id)).toContain("its log entry does not say whether it was taken before 2026-H1's capture month");
    for (const id of [june, noted]) expect(said(id)).not.toContain("capture month");
  }, 120_000);
});

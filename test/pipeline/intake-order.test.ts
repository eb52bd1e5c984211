import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";
import { inIntakeOrder } from "../../src/intake/order.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { startHttpIntake } from "../helpers/httpIntake.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { ORGANISATION, sha } from "../log/archive.ts";

/**
 * The intakes take a record in the order the configuration lists them: an HTTP intake listed first
 * numbers the record before the e-mail goes, and the e-mail then says it is filed already. A real
 * HTTP intake and a real smtp-server on 127.0.0.1, the record delivered by the real command line.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

describe("the order of a record's deliveries", () => {
  it("is the configuration's order of intakes, those no longer configured last", () => {
    const d = (target: string) => ({ target });
    expect(inIntakeOrder([d("directory:/in"), d("email:r@x.se"), d("http:https://d/api")], ["http:https://d/api", "email:r@x.se", "directory:/in"]).map((x) => x.target))
      .toEqual(["http:https://d/api", "email:r@x.se", "directory:/in"]);
    expect(inIntakeOrder([d("directory:/old"), d("email:r@x.se"), d("http:https://d/api")], ["http:https://d/api", "email:r@x.se"]).map((x) => x.target))
      .toEqual(["http:https://d/api", "email:r@x.se", "directory:/old"]);
  });

  it("an HTTP intake listed before the e-mail gives its diary number first, and the e-mail says the record is filed already (\"redan diarieförd\") and asks for no number", async () => {
    const intake = await startHttpIntake({ dnr: () => "KS 2026/301" });
    cleanups.push(() => intake.stop());
    const smtp = await startSmtp();
    cleanups.push(() => smtp.stop());
    const email = { type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" };
    const ws = makeWorkspace({ organisation: ORGANISATION, intake: [{ type: "http", url: intake.url }, email], accounts: [account("konto-a", "https://example.se/a")] });
    cleanups.push(() => ws.cleanup());
    const log = RecordLog.open(ws.database);
    const store = new FilesystemStore(ws.objects);
    const src = path.join(ws.dir, "src");
    fs.mkdirSync(src);
    const id = "konto-a_2026-H1_v1";
    const pdf = Buffer.from("%PDF-1.7\n% ögonblicksbild\n%%EOF\n", "utf8");
    const manifest = Buffer.from(JSON.stringify({ recordId: id, accountId: "konto-a", accountName: "Konto A", period: "2026-H1" }) + "\n", "utf8");
    fs.writeFileSync(path.join(src, `${id}.pdf`), pdf);
    fs.writeFileSync(path.join(src, `${id}.json`), manifest);
    log.records.insertCaptured({
      recordId: id, accountId: "konto-a", period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-10T06:00:00.000Z",
      url: "https://example.se/a", finalUrl: "https://example.se/a", httpStatus: 200,
      sha256: sha(pdf), bytes: pdf.length, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
      manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: src, consent: "none-found", flags: [],
      previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, [`http:${intake.url}`, "email:registrator@overkalix.se"]);
    const p = await store.put(recordKey("2026-H1", "konto-a", 1, "pdf"), path.join(src, `${id}.pdf`), sha(pdf));
    const m = await store.put(recordKey("2026-H1", "konto-a", 1, "json"), path.join(src, `${id}.json`), sha(manifest));
    log.records.markStored(id, p.fullKey, m.fullKey, p.sha256);
    log.close();

    const run = await runCli(["deliver", "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
    expect(run.code, run.stderr).toBe(0);
    const http = run.stderr.indexOf(`delivered to the HTTP intake ${intake.url} (diary number KS 2026/301)`);
    const mail = run.stderr.indexOf("delivered to registrator@overkalix.se by e-mail");
    expect(http).toBeGreaterThanOrEqual(0);
    expect(mail, run.stderr).toBeGreaterThan(http);
    expect(smtp.messages).toHaveLength(1);
    const text = smtp.messages[0]!.text;
    expect(text).toContain("Handlingen är redan diarieförd med diarienummer KS 2026/301; den behöver inte diarieföras igen.");
    expect(text).not.toContain("somarkiv registered");
  });
});

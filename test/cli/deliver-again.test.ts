/**
 * deliver --again: a record the registrar lost from the intake folder (deleted by mistake), sent anew
 * from the archive's store, checked against the log's checksum, each delivery a chained event; an
 * e-mail intake is told it may be a repeat. Over a synthetic archive (no browser), on the command line.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect, afterEach } from "vitest";
import { runCli, account, unnamed } from "../helpers/cli.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { startHttpIntake } from "../helpers/httpIntake.ts";
import { syntheticArchive, spoolSecondVersion, ORGANISATION, sha, tamper } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { recordKey } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const EMAIL_INTAKE = { type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" };

/** The synthetic archive delivering to these intakes, with a real SMTP server for an e-mail one; konto-a's record id. */
async function archiveDeliveringTo(intake: unknown[]) {
  const smtp = await startSmtp();
  cleanups.push(() => smtp.stop());
  const ws = await syntheticArchive();
  cleanups.push(() => ws.cleanup());
  ws.write({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")], intake });
  return { smtp, ws, id: ws.ids.find((x) => x.startsWith("konto-a"))! };
}

describe("deliver --again", () => {
  it("puts a record deleted from the intake folder back, from the archive, logged as a chained event, and the folder's LÄS MIG says how", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const cfg = ["--config", ws.configPath];
    // As the registrar found it: the record gone from the folder, and every command saying all is well.
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
    const r = await runCli(["deliver", "--again", id, ...cfg]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`delivered again: ${id} to the folder ${ws.intake}, from the archive (checksum confirmed)`);
    const stored = fs.readFileSync(path.join(ws.objects, recordKey("2026-H1", "konto-a", 1, "pdf")));
    expect(fs.readFileSync(path.join(ws.intake, `${id}.pdf`)).equals(stored)).toBe(true);
    expect(fs.existsSync(path.join(ws.intake, `${id}.json`))).toBe(true);
    const guide = fs.readFileSync(path.join(ws.intake, "LÄS MIG – somarkiv.txt"), "utf8");
    expect(guide).toContain("Har en handling tagits bort härifrån av misstag, levererar den som sköter somarkiv den igen");
    expect(guide).toContain(`somarkiv deliver --again ${id} --intake ${ws.intake} --config`);
    // A chained event, and the log still whole.
    const log = RecordLog.open(ws.database);
    try {
      expect(log.records.deliveredAgain(id)).toEqual([expect.objectContaining({ target: `directory:${ws.intake}` })]);
    } finally {
      log.close();
    }
    const verify = await runCli(["verify", ...cfg]);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
  });

  it("delivers nothing when the archive's copy (its PDF or its manifest) does not match its checksum, and refuses an id the log does not have, a failed attempt's and one not yet stored", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const cfg = ["--config", ws.configPath];
    const unknown = await runCli(["deliver", "--again", "konto-c_2026-H1_v1", ...cfg]);
    expect(unknown.code).toBe(2);
    expect(unnamed(unknown.stderr, ws)).toContain(`deliver --again: the log has no record konto-c_2026-H1_v1; "somarkiv records" lists them, with their ids. Nothing was delivered.`);
    // A failed attempt has nothing to deliver, and a record not yet stored is deliver's to send.
    const failed = "konto-b_2026-H2_failed";
    const log = RecordLog.open(ws.database);
    try {
      log.records.insertFailed({
        recordId: failed, accountId: "konto-b", period: "2026-H2", final: false, capturedAt: "2026-12-01T06:00:00.000Z", url: "https://example.se/konto-b",
        finalUrl: null, httpStatus: null, reason: "network-error", error: "Could not reach the site.", consent: null, flags: [], failureScreenshot: null, runId: null,
      });
    } finally {
      log.close();
    }
    const notStored = spoolSecondVersion(ws).id;
    const refusedFailed = await runCli(["deliver", "--again", failed, ...cfg]);
    expect(refusedFailed.code, refusedFailed.stdout + refusedFailed.stderr).toBe(2);
    expect(unnamed(refusedFailed.stderr, ws)).toContain(`deliver --again: ${failed} is a failed capture: there is no record to deliver. Nothing was delivered.`);
    const refusedCaptured = await runCli(["deliver", "--again", notStored, ...cfg]);
    expect(refusedCaptured.code, refusedCaptured.stdout + refusedCaptured.stderr).toBe(2);
    expect(unnamed(refusedCaptured.stderr, ws)).toContain(`deliver --again: ${notStored} is not stored in the archive yet, nor delivered: "somarkiv deliver" stores and delivers it. Nothing was delivered.`);
    for (const f of [`${failed}.pdf`, `${notStored}.pdf`]) expect(fs.existsSync(path.join(ws.intake, f))).toBe(false);

    // The manifest altered in the store, the PDF whole: still not delivered, and the manifest named.
    const manifest = path.join(ws.objects, recordKey("2026-H1", "konto-a", 1, "json"));
    fs.chmodSync(manifest, 0o644);
    fs.appendFileSync(manifest, "changed");
    const m = await runCli(["deliver", "--again", id, ...cfg]);
    expect(m.code, m.stdout + m.stderr).toBe(1);
    expect(m.stdout).toContain(`does not match the checksum the log holds: its manifest (SHA-256 `);
    expect(m.stdout).not.toContain("its PDF");
    expect(fs.existsSync(path.join(ws.intake, `${id}.json`))).toBe(false);
    const pdf = path.join(ws.objects, recordKey("2026-H1", "konto-a", 1, "pdf"));
    fs.chmodSync(pdf, 0o644);
    fs.appendFileSync(pdf, "changed");
    const r = await runCli(["deliver", "--again", id, ...cfg]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`not done: the copy of ${id} in`);
    expect(r.stdout).toContain(`does not match the checksum the log holds: its PDF (SHA-256 `);
    expect(r.stdout).toContain(`) and its manifest (SHA-256 `);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
  });

  it("delivers nothing when the log's row was changed by hand, though the store's copy matches the row (a PDF put in its place and the row's checksum changed to it)", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const pdf = path.join(ws.objects, recordKey("2026-H1", "konto-a", 1, "pdf"));
    const forged = Buffer.from("%PDF-1.7\n% något annat än det som togs\n%%EOF\n");
    fs.chmodSync(pdf, 0o644);
    fs.writeFileSync(pdf, forged);
    tamper(ws.database, `UPDATE records SET sha256 = '${sha(forged)}', bytes = ${forged.length} WHERE record_id = '${id}'`);
    const r = await runCli(["deliver", "--again", id, "--config", ws.configPath]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`not done: ${id}: NOT delivered again: the log's row for this record does not match its capture event (the PDF checksum in the record (${sha(forged)}) is not the one captured (`);
    expect(unnamed(r.stdout, ws)).toContain(`it was changed outside somarkiv. The record stays in the store as it was captured. Run "somarkiv verify", which says what was changed and how to put it right ("somarkiv recover" writes the row back from its events), then "somarkiv deliver --again ${id}"`);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
    const log = RecordLog.open(ws.database);
    try {
      expect(log.records.deliveredAgain(id)).toEqual([]);
    } finally {
      log.close();
    }
  });

  it("tells an e-mail intake that the record sent again may be a repeat", async () => {
    const { smtp, ws, id } = await archiveDeliveringTo([EMAIL_INTAKE]);
    const r = await runCli(["deliver", "--again", id, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toContain("(kan vara en upprepning)");
    expect(smtp.messages[0]!.text).toContain(`skickas igen ur somarkivs arkiv, på begäran ("somarkiv deliver --again")`);
    expect(smtp.messages[0]!.attachments.map((a) => a.filename)).toContain(`${id}.pdf`);
  });

  it("--intake sends it to the one intake named, by its kind or its address, and an unknown name is refused with the intakes listed", async () => {
    const { smtp, ws, id } = await archiveDeliveringTo([{ type: "directory", path: "intake" }, EMAIL_INTAKE]);
    const cli = (...args: string[]) => runCli(["deliver", "--again", id, ...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });

    const folder = await cli("--intake", "folder");
    expect(folder.code, folder.stdout + folder.stderr).toBe(0);
    expect(folder.stdout).toBe(`delivered again: ${id} to the folder ${ws.intake}, from the archive (checksum confirmed)\n`);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(true);
    expect(smtp.messages).toHaveLength(0);

    const mail = await cli("--intake", "registrator@overkalix.se");
    expect(mail.code, mail.stdout + mail.stderr).toBe(0);
    expect(mail.stdout).toBe(`delivered again: ${id} to registrator@overkalix.se by e-mail, from the archive (checksum confirmed)\n`);
    expect(smtp.messages).toHaveLength(1);

    const unknown = await cli("--intake", "diariet");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(`deliver --again: no intake is named "diariet". The intakes are: the folder ${ws.intake}: --intake folder (or ${ws.intake}); e-mail to registrator@overkalix.se: --intake email (or registrator@overkalix.se). Nothing was delivered.`);
    expect(smtp.messages).toHaveLength(1);
    const log = RecordLog.open(ws.database);
    try {
      expect(log.records.deliveredAgain(id).map((d) => d.target)).toEqual([`directory:${ws.intake}`, "email:registrator@overkalix.se"]);
    } finally {
      log.close();
    }
  });

  it("takes the diary number an HTTP intake answers with as a first delivery does: the record's when it has none, and another beside the one it has is said, kept apart, and exit 1", async () => {
    let n = 0;
    const http = await startHttpIntake({ token: "tok-again", dnr: () => ["KS 2026/777", "KS 2026/778"][n++]! });
    cleanups.push(() => http.stop());
    const { smtp, ws } = await archiveDeliveringTo([{ type: "directory", path: "intake" }, { type: "http", url: http.url, tokenEnv: "SOMARKIV_TEST_TOKEN" }]);
    const env = { SOMARKIV_TEST_SMTP: smtp.url, SOMARKIV_TEST_TOKEN: "tok-again" };
    const [a, b] = [ws.ids.find((x) => x.startsWith("konto-a"))!, ws.ids.find((x) => x.startsWith("konto-b"))!];
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath], { env });
    expect((await cli("registered", a, "--dnr", "KS 2026/45-1")).code).toBe(0);

    const clash = await cli("deliver", "--again", a, "--intake", "http");
    expect(clash.code, clash.stdout + clash.stderr).toBe(1);
    expect(unnamed(clash.stdout, ws)).toContain(`delivered again: ${a} to the HTTP intake ${http.url}, from the archive (checksum confirmed), which gave it diary number KS 2026/777, but it already has KS 2026/45-1 (given with "somarkiv registered"); the log keeps KS 2026/45-1. Ask the registrar which is right; if it is KS 2026/777: somarkiv registered ${a} --dnr "KS 2026/777" --correct "the number the intake gave"`);

    const first = await cli("deliver", "--again", b, "--intake", "http");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(first.stdout).toContain(`delivered again: ${b} to the HTTP intake ${http.url}, from the archive (checksum confirmed) (diary number KS 2026/778)`);

    const rows = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; dnr: string | null }>;
    expect(rows.find((r) => r.recordId === a)?.dnr).toBe("KS 2026/45-1");
    expect(rows.find((r) => r.recordId === b)?.dnr).toBe("KS 2026/778");
    // The number not taken is in the chained event, and the log, read again from its events, is whole.
    const log = RecordLog.open(ws.database);
    try {
      const again = log.db.prepare("SELECT data FROM events WHERE record_id = ? AND type = 'delivered-again'").all(a) as Array<{ data: string }>;
      expect(JSON.parse(again[0]!.data)).toMatchObject({ dnrNotTaken: "KS 2026/777" });
    } finally {
      log.close();
    }
    const v = await cli("verify");
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });
});

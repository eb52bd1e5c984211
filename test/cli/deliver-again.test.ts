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
import { syntheticArchive, ORGANISATION } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { recordKey } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

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
    expect(guide).toContain(`npx somarkiv deliver --again ${id} --config`);
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

  it("delivers nothing when the archive's copy does not match its checksum, and refuses an id the log does not have", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const cfg = ["--config", ws.configPath];
    const unknown = await runCli(["deliver", "--again", "konto-c_2026-H1_v1", ...cfg]);
    expect(unknown.code).toBe(2);
    expect(unnamed(unknown.stderr, ws)).toContain(`deliver --again: the log has no record konto-c_2026-H1_v1; "somarkiv records" lists them, with their ids. Nothing was delivered.`);
    const pdf = path.join(ws.objects, recordKey("2026-H1", "konto-a", 1, "pdf"));
    fs.chmodSync(pdf, 0o644);
    fs.appendFileSync(pdf, "changed");
    const r = await runCli(["deliver", "--again", id, ...cfg]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`not done: the copy of ${id} in`);
    expect(r.stdout).toContain(`does not match the checksum the log holds: its PDF`);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
  });

  it("tells an e-mail intake that the record sent again may be a repeat", async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.stop());
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    ws.write({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")],
      intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }] });
    const r = await runCli(["deliver", "--again", id, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toContain("(kan vara en upprepning)");
    expect(smtp.messages[0]!.text).toContain(`skickas igen ur somarkivs arkiv, på begäran ("somarkiv deliver --again")`);
    expect(smtp.messages[0]!.attachments.map((a) => a.filename)).toContain(`${id}.pdf`);
  });

  it("--intake sends it to the one intake named, by its kind or its address, and an unknown name is refused with the intakes listed", async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.stop());
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    ws.write({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")],
      intake: [{ type: "directory", path: "intake" }, { type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }] });
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
});

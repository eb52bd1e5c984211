import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { sha } from "../log/archive.ts";

/**
 * A record that recover took back from the store after the log was lost may have reached the
 * registrar before: its e-mail says so in the subject and first in the text, as one whose earlier send
 * was cut off does. Real log, folder store, smtp-server and command line; no browser.
 */
let smtp: TestSmtp | undefined;
const cleanups: Array<() => void> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) c(); await smtp?.stop(); smtp = undefined; });

describe("a record taken back by recover, delivered again by e-mail", () => {
  it("is marked \"(kan vara en upprepning)\" in the subject, and the text says to file it only once", async () => {
    smtp = await startSmtp();
    const ws = makeWorkspace({
      organisation: { name: "Överkalix kommun" },
      intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      accounts: [account("konto-a", "https://example.se/konto-a")],
    });
    cleanups.push(() => ws.cleanup());
    // The record as capture left it in the store, before the log was lost.
    const id = "konto-a_2026-H1_v1";
    const xmp = `<x:xmpmeta><dc:subject><rdf:Bag><rdf:li>facebook</rdf:li><rdf:li>konto-a</rdf:li><rdf:li>2026-H1</rdf:li></rdf:Bag></dc:subject><somarkiv:recordId>${id}</somarkiv:recordId></x:xmpmeta>`;
    const pdf = Buffer.from(`%PDF-1.7\n${xmp}\n%%EOF\n`, "utf8");
    const manifest = Buffer.from(JSON.stringify({
      schema: "somarkiv-manifest/1", recordId: id, accountId: "konto-a", accountName: "Konto konto-a", platform: "facebook", period: "2026-H1", version: 1, final: false,
      capturedAt: "2026-06-10T06:00:00.000Z", url: "https://example.se/konto-a", finalUrl: "https://example.se/konto-a", httpStatus: 200,
      pdf: { pages: 2 }, consent: "none-found", flags: [], files: { [`${id}.pdf`]: { sha256: sha(pdf), bytes: pdf.length } },
    }) + "\n", "utf8");
    const src = path.join(ws.dir, "src");
    fs.mkdirSync(src);
    fs.writeFileSync(path.join(src, "r.pdf"), pdf);
    fs.writeFileSync(path.join(src, "r.json"), manifest);
    const store = new FilesystemStore(ws.objects);
    await store.put(recordKey("2026-H1", "konto-a", 1, "pdf"), path.join(src, "r.pdf"), sha(pdf));
    await store.put(recordKey("2026-H1", "konto-a", 1, "json"), path.join(src, "r.json"), sha(manifest));

    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp!.url } });
    const rec = await cli("recover", "--new-log");
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(rec.stdout).toContain(`Took back 1 record`);
    const deliver = await cli("deliver");
    expect(deliver.code, deliver.stdout + deliver.stderr).toBe(0);

    expect(smtp.messages).toHaveLength(1);
    const [mail] = smtp.messages;
    expect(mail!.subject).toBe("Ögonblicksbild för diarieföring: Konto konto-a (Facebook), 2026-H1 (kan vara en upprepning)");
    expect(mail!.text).toContain(`Har du redan fått ett meddelande om ${id}, är det samma handling: diarieför den bara en gång.`);
  });
});

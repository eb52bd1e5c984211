import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { machineRefused, mailboxFull, passingLimit, sizeRefused } from "../../src/intake/smtp-refusal.ts";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import net from "node:net";
import { createHash } from "node:crypto";
import { bodyFor, createIntakeTargets, DeliveryError, isPermanent } from "../../src/intake/index.ts";
import { emailTarget, subjectFor } from "../../src/intake/email.ts";
import { SMTPServer } from "smtp-server";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { makeRecord, type RecordFiles } from "./record.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const config = { type: "email" as const, to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_SMTP_URL" };

let tmp: string;
let record: RecordFiles;
let smtp: TestSmtp | undefined;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-intake-mail-"));
  record = await makeRecord(tmp);
});
afterEach(async () => {
  await smtp?.stop();
  smtp = undefined;
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("e-mail intake", () => {
  it("sends the record to the registrar's mailbox with the PDF, the manifest and the metadata", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "hemligt lösen!@#" } });
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    expect(target.name).toBe("email:registrator@overkalix.se");
    // Told once that the message is handed over (its DATA), after the login and the envelope.
    let handedOver = 0;
    const receipt = await target.deliver({ ...record.item, handingOver: () => { handedOver++; expect(smtp!.messages).toHaveLength(0); } });
    expect(handedOver).toBe(1);

    expect(smtp.messages).toHaveLength(1);
    const message = smtp.messages[0];
    expect(message.envelope).toEqual({ from: "somarkiv@overkalix.se", to: ["registrator@overkalix.se"] });
    expect(message.subject).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (Facebook), 2026-H2");
    expect(message.messageId).toBe(`<${record.item.recordId}@somarkiv.overkalix.se>`);
    expect(message.headers["x-somarkiv-record-id"]).toBe(record.item.recordId);
    expect(receipt.receipt).toContain(message.messageId);
    expect(receipt.receipt).toMatch(/^250 /);
    expect(receipt.receipt).not.toContain("hemligt");

    const pdf = message.attachments.find((a) => a.filename === record.item.pdfName);
    const manifest = message.attachments.find((a) => a.filename === record.item.manifestName);
    expect(pdf?.contentType).toBe("application/pdf");
    expect(sha(pdf!.content)).toBe(record.item.sha256);
    expect(JSON.parse(manifest!.content.toString("utf8")).recordId).toBe(record.item.recordId);

    for (const line of [
      "Överkalix kommun (facebook-kommun)",
      "https://www.facebook.com/overkalixkommun",
      "2026-12-01 07:00:12 CET (svensk tid)",
      "Anna Andersson",
      "1.3.2",
      "KS 2026/45",
      "Kommunstyrelsen",
      "Bevaras",
      record.item.recordId,
      record.item.sha256,
      `somarkiv registered ${record.item.recordId} --dnr "KS 2026/123"`,
    ]) expect(message.text).toContain(line);
    // Not "npx somarkiv": outside the program's folder npx would fetch a package of that name from the public registry.
    expect(message.text).not.toContain("npx");
  });

  it("sends the registrar's reply with the diary number to the mailbox named for it, and says so in the message", async () => {
    smtp = await startSmtp();
    const [withReplyTo] = createIntakeTargets([{ ...config, replyTo: "it-drift@overkalix.se" }], { SOMARKIV_SMTP_URL: smtp.url });
    await withReplyTo.deliver(record.item);
    const [plain] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    await plain.deliver(record.item);
    const [first, second] = smtp.messages;
    expect(first.headers["reply-to"]).toBe("it-drift@overkalix.se");
    expect(first.text).toContain("svara på det här meddelandet och skriv diarienumret (t.ex. KS 2026/123); svaret går till it-drift@overkalix.se; den som läser den brevlådan för in numret i somarkiv, eller");
    // somarkiv reads no mail: the registrar is offered, as the intake folder's LÄS MIG offers, to have it done.
    expect(first.text).toContain("  - för in numret i somarkiv själv (eller be den som sköter somarkiv att göra det):");
    expect(first.text).not.toContain("som för in det");
    // Without one, the reply goes to the sender's address, and the message says that instead.
    expect(second.headers["reply-to"]).toBeUndefined();
    expect(second.text).toContain("svaret går till somarkiv@overkalix.se; den som läser den brevlådan för in numret i somarkiv");
  });

  it("says a record numbered before the message went is registered already, and asks for no number", () => {
    const body = bodyFor({ ...record.item, dnr: "KS 2026/45-2" }, "it-drift@overkalix.se");
    expect(body).toContain("Handlingen är redan diarieförd med diarienummer KS 2026/45-2; den behöver inte diarieföras igen. Stämmer inte numret, svara på det här meddelandet (svaret går till it-drift@overkalix.se).");
    expect(body).not.toContain("somarkiv registered");
  });

  it("names the configuration file in the command for the diary number when somarkiv runs with one of its own", () => {
    expect(bodyFor({ ...record.item, configPath: "/srv/somarkiv/kommun.yaml" })).toContain(`      somarkiv registered ${record.item.recordId} --dnr "KS 2026/123" --config /srv/somarkiv/kommun.yaml\n`);
    expect(bodyFor({ ...record.item, configPath: "/srv/Sociala medier/kommun.yaml" })).toContain(`--dnr "KS 2026/123" --config "/srv/Sociala medier/kommun.yaml"\n`);
    expect(bodyFor(record.item)).toContain(`--dnr "KS 2026/123"\n`);
  });

  it("gives its example diary number of the year the record was taken in", () => {
    const later = bodyFor({ ...record.item, recordId: "facebook-kommun_2028-H1_v1" });
    expect(later).toContain("skriv diarienumret (t.ex. KS 2028/123)");
    expect(later).toContain(`somarkiv registered facebook-kommun_2028-H1_v1 --dnr "KS 2028/123"\n`);
  });

  it("says how the page was taken, as the record sheet does: the cookie dialog and the remarks", async () => {
    const flagged = await makeRecord(path.join(tmp, "flagged"), { consent: "declined", flags: ["images-not-loaded"] });
    const body = bodyFor(flagged.item);
    expect(body).toMatch(/Cookie-dialog: +Cookie-dialogen stängdes; valfria cookies avvisades\n/);
    // The platform as the record sheet names it, not the configuration's key.
    expect(body).toMatch(/Plattform: +Facebook\n/);
    expect(body).toMatch(/Anmärkningar: +en eller flera bilder på sidan hade inte laddats när ögonblicksbilden togs och saknas i den\n/);
    const plain = bodyFor((await makeRecord(path.join(tmp, "plain"), { flags: [] })).item);
    expect(plain).not.toContain("Anmärkningar");
  });

  it("shows the addresses as written, and the same address reached as the same, though the browser reports it encoded", async () => {
    const encoded = await makeRecord(path.join(tmp, "encoded"), { url: "https://www.youtube.com/@Överkalix", finalUrl: "https://www.youtube.com/@%C3%96verkalix" });
    const body = bodyFor(encoded.item);
    expect(body).toMatch(/Adress \(URL\): +https:\/\/www\.youtube\.com\/@Överkalix\n/);
    expect(body).toMatch(/Nådd adress: +https:\/\/www\.youtube\.com\/@Överkalix \(samma\)\n/);
  });

  it("words the message as the record sheet does: the organisation's accounts, when the snapshot was taken, the record's id, and a new version in the subject", async () => {
    const body = bodyFor(record.item);
    expect(body).toContain("Här kommer en ögonblicksbild av startsidan för ett av Överkalix kommuns konton i sociala medier, tagen som periodens ögonblicksbild.");
    // UTC as the sheet gives it, said once.
    expect(body).toMatch(/Tidpunkt: +2026-12-01 07:00:12 CET \(svensk tid\), \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\n/);
    expect(body).toMatch(new RegExp(`Handlingens id: +${record.item.recordId}\n`));
    expect(body).not.toMatch(/fångst|Post-id/);
    expect(subjectFor(record.item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (Facebook), 2026-H2");
    const late = await makeRecord(path.join(tmp, "late"), { version: 2, flags: ["after-period"], organisation: { name: "Överkalix" } });
    expect(bodyFor(late.item)).toContain("för ett av Överkalix konton i sociala medier, tagen i efterhand, efter periodens slut.");
    expect(subjectFor(late.item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (Facebook), 2026-H2, version 2");
    // One taken before the capture month: the month counts, not the half-year change (capture months may be others than June and December).
    const early = await makeRecord(path.join(tmp, "early"), { beforeHalfYearChange: true });
    expect(bodyFor(early.item)).toContain("konton i sociala medier, tagen före den månad då periodens ögonblicksbild tas (den gäller bara sin dag; periodens ögonblicksbild kommer den månaden).");
    const last = await makeRecord(path.join(tmp, "last"), { final: true });
    expect(bodyFor(last.item)).toContain("konton i sociala medier, en sista ögonblicksbild innan kontot stängs.");
    // The closing record says so in its subject too, and two accounts of one name are told apart by their platform.
    expect(subjectFor(last.item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (Facebook), 2026-H2, slutlig");
    const insta = await makeRecord(path.join(tmp, "insta"), { platform: "instagram" });
    expect(subjectFor(insta.item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (Instagram), 2026-H2");
    // No brackets within the brackets.
    const x = await makeRecord(path.join(tmp, "x"), { platform: "x" });
    expect(subjectFor(x.item)).toBe("Ögonblicksbild för diarieföring: Överkalix kommun (X/Twitter), 2026-H2");
  });

  it("says that the mail server takes mail only after a login, when the address has none", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" } });
    const bare = smtp.url.replace(/\/\/[^@/]*@/, "//");
    expect(bare).not.toContain("@");
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: bare });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toMatch(/^the mail server at 127\.0\.0\.1:\d+ takes mail only after a login: 530 .*, and the mail server address in the environment variable SOMARKIV_SMTP_URL has no user name and password; put them in it/);
    // The address will not grow a login by itself: given up until a person puts one in.
    expect(isPermanent(error)).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it("explains a refused login in plain words without revealing the password", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "rätt-lösen" } });
    const wrong = smtp.url.replace(encodeURIComponent("rätt-lösen"), "Fel%2Fl%C3%B6sen");
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: wrong });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    const message = (error as Error).message;
    // Where the user name and password come from: the variable, not the configuration's file.
    expect(message).toBe(`the mail server at 127.0.0.1:${new URL(smtp.url).port} refused the login: 535 Authentication credentials invalid; check the user name (somarkiv) and the password in the environment variable SOMARKIV_SMTP_URL, which holds the mail server address (smtp://user:password@host:port)`);
    expect(message).not.toMatch(/Fel|lösen|l%C3%B6sen|smtp:\/\/somarkiv/);
    // A refused login does not pass by itself: given up until a person corrects it, as a refused recipient.
    expect(isPermanent(error)).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it("says that an @ in the password must be written %40 when the login is refused, and that a # / or ? cut the address short, without showing either", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "Hem@ligt" } });
    const port = new URL(smtp.url).port;
    // A user name that is an e-mail address, and an @ in the password, both as they are.
    const [atSign] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: `smtp://somarkiv@overkalix.se:Hem@ligt@127.0.0.1:${port}` });
    const refused = (await atSign.deliver(record.item).catch((e: unknown) => e)) as Error;
    expect(refused.message).toMatch(/refused the login: 535 .*in the environment variable SOMARKIV_SMTP_URL, .*; the user name or password there has an @ as it is \(write it %40\), so the server may have been given another password than the one meant$/);
    expect(refused.message).not.toContain("ligt");
    expect((await atSign.check!())[0].message).toContain("has an @ as it is (write it %40)");
    // Written as %40, the same login is taken; one written as it is, and right, says nothing of it.
    const [escaped] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: `smtp://somarkiv:Hem%40ligt@127.0.0.1:${port}` });
    expect((await escaped.deliver(record.item)).receipt).toMatch(/^250 /);
    // A # before the @: what is read as host and port is the user name and the password's beginning.
    const [cut] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: `smtp://somarkiv:12#34@127.0.0.1:${port}` });
    const cutShort = (await cut.deliver(record.item).catch((e: unknown) => e)) as Error;
    expect(cutShort.message).toMatch(/^the mail server address in the environment variable SOMARKIV_SMTP_URL is cut short by the # in its password \(what follows is read as no part of the login\); write it as %23, as a user name or password is written in an address \(and @ as %40\)/);
    expect(cutShort.message).not.toMatch(/somarkiv:12|12#34/);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says when the mail server cannot be reached", async () => {
    const port = await closedPort();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: `smtp://user:topsecret@127.0.0.1:${port}` });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`could not reach the mail server at 127.0.0.1:${port}`);
    expect((error as Error).message).not.toContain("topsecret");
    expect(isPermanent(error)).toBe(false);
  });

  it("says that a mail server whose certificate is not accepted was reached, what is wrong with it and what to do, over smtps:// and STARTTLS", async () => {
    // smtp-server's own certificate: self-made, and expired since; a real server, a real TLS handshake.
    const servers = [new SMTPServer({ secure: true, authOptional: true, logger: false }), new SMTPServer({ authOptional: true, logger: false })];
    try {
      const ports = await Promise.all(servers.map((server) => new Promise<number>((resolve) => {
        server.on("error", () => undefined); // the client hangs up in the handshake, as it should
        server.listen(0, "127.0.0.1", () => resolve((server.server.address() as net.AddressInfo).port));
      })));
      for (const url of [`smtps://127.0.0.1:${ports[0]}`, `smtp://127.0.0.1:${ports[1]}`]) {
        const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: url });
        const error = await target.deliver(record.item).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DeliveryError);
        const message = (error as Error).message;
        expect(message, url).toMatch(new RegExp(`^the mail server at 127\\.0\\.0\\.1:${url.split(":").pop()} answered, but its security certificate (has expired|is self-made|is issued by an authority this machine does not trust)`));
        expect(message).toContain("NODE_EXTRA_CA_CERTS=");
        expect(message).not.toContain("could not reach");
        // A renewed certificate, or a trusted authority, and the next try goes through.
        expect(isPermanent(error)).toBe(false);
        // config check connects as a delivery does, and says the same.
        expect((await target.check!())[0]!.message, url).toMatch(/^The mail server at 127\.0\.0\.1:\d+ answered, but its security certificate/);
      }
    } finally {
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    }
  });

  it("is checked for config check by signing in without sending: a right login, a wrong one, a server that is not there", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "rätt-lösen" } });
    const [right] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    expect(await right.check!()).toEqual([{ level: "ok", message: `The mail server at 127.0.0.1:${new URL(smtp.url).port} answers and accepts the login; records go to registrator@overkalix.se, which it takes as a recipient (asked without sending anything). The registrar's replies with diary numbers go to somarkiv@overkalix.se (set replyTo for another mailbox): someone must read that mailbox and record them with "somarkiv registered".` }]);
    const [wrong] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url.replace(encodeURIComponent("rätt-lösen"), "fel") });
    const refused = await wrong.check!();
    expect(refused).toEqual([{ level: "error", message: expect.stringMatching(/^The mail server at 127\.0\.0\.1:\d+ refused the login: 535 .*check the user name \(somarkiv\) and the password in the environment variable SOMARKIV_SMTP_URL, which holds the mail server address \(smtp:\/\/user:password@host:port\)\.$/) }]);
    expect(refused[0].message).not.toContain("fel");
    expect(smtp.messages).toHaveLength(0);
    const port = await closedPort();
    const [gone] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: `smtp://user:topsecret@127.0.0.1:${port}` });
    expect(await gone.check!()).toEqual([{ level: "error", message: `Could not reach the mail server at 127.0.0.1:${port} (connection refused): nothing answers at that address and port; check that the mail server is running and that the host and port in the environment variable SOMARKIV_SMTP_URL are its (smtp:// is usually port 587, smtps:// 465).` }]);
    // Without the variable there is nothing to try; config check says the variable is missing.
    expect(await createIntakeTargets([config], {})[0].check!()).toEqual([]);
  });

  it("is checked for config check by asking the server about the sender and the recipient without sending: a mistyped recipient is refused with what the server said", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "rätt-lösen" } });
    const port = new URL(smtp.url).port;
    smtp.rejectRecipient("registrator@haparnda.se");
    const [typo] = createIntakeTargets([{ ...config, to: "registrator@haparnda.se" }], { SOMARKIV_SMTP_URL: smtp.url });
    expect(await typo.check!()).toEqual([{ level: "error", message: `The mail server at 127.0.0.1:${port} refuses the recipient registrator@haparnda.se: 550 <registrator@haparnda.se>: Recipient address rejected: no such mailbox. Records sent there would not arrive: check the intake's to: address in the configuration (the registrar's functional mailbox).` }]);
    // The sender is asked first: an address the login may not send as.
    smtp.rejectSender("somarkiv@overkalix.se");
    const [sender] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    expect(await sender.check!()).toEqual([{ level: "error", message: `The mail server at 127.0.0.1:${port} refuses the sender address somarkiv@overkalix.se: 553 <somarkiv@overkalix.se>: Sender address rejected: not owned by user. No record can be sent until it is one the mail server's login may send as: correct the intake's from: address, or ask whoever runs the mail server to allow it.` }]);
    // A delivery says the sender, not the recipient, was refused.
    const refused = await sender.deliver(record.item).catch((e: unknown) => e);
    expect((refused as Error).message).toMatch(/^the mail server refused the sender address somarkiv@overkalix\.se: 553 .*correct the intake's from: address/);
    // Nothing was sent, nor begun.
    expect(smtp.attempts).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it("is checked for config check as a message would be: a server that takes mail only after a login, and an address without one", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" } });
    const [bare] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url.replace(/\/\/[^@/]*@/, "//") });
    expect(await bare.check!()).toEqual([{ level: "error", message: expect.stringMatching(/^The mail server at 127\.0\.0\.1:\d+ takes mail only after a login: 530 .*, and the mail server address in the environment variable SOMARKIV_SMTP_URL has no user name and password; put them in it/) }]);
    expect(smtp.attempts).toBe(0);
  });

  it("names the missing environment variable at delivery time, not before", async () => {
    const targets = createIntakeTargets([config, { type: "directory", path: path.join(tmp, "inkorg") }], {});
    await targets[1].deliver(record.item);
    await expect(targets[0].deliver(record.item)).rejects.toThrow(
      "the environment variable SOMARKIV_SMTP_URL is not set; it must hold the mail server address, e.g. smtp://user:pass@mail.example.se:587",
    );
  });

  it("does not repeat an invalid mail server address, which may hold a password", async () => {
    for (const value of ["mail.example.se:587 user pässword", "https://user:pässword@mail.example.se"]) {
      const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: value });
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect((error as Error).message).toContain("the environment variable SOMARKIV_SMTP_URL");
      expect((error as Error).message).toContain("smtp://user:pass@mail.example.se:587");
      expect((error as Error).message).not.toContain("pässword");
    }
  });

  it("says how to write a password with # or / in the address, and that smtps:// is not for a port that speaks plain SMTP first", async () => {
    const [hash] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: "smtp://somarkiv:pa#ss/ord@mail.example.se:587" });
    const invalid = await hash.deliver(record.item).catch((e: unknown) => e);
    expect((invalid as Error).message).toContain("is cut short by the # and / in its password (what follows is read as no part of the login); write # as %23 and / as %2F, as a user name or password is written in an address (and @ as %40)");
    expect((invalid as Error).message).not.toContain("pa#ss");
    // An address that is none for another cause still says how such characters are written.
    const [bare] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: "smtp://mail example.se:587" });
    expect(((await bare.deliver(record.item).catch((e: unknown) => e)) as Error).message).toContain("with characters such as # / @ : in the user name or password written as %23 %2F %40 %3A");
    smtp = await startSmtp();
    const [secure] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url.replace(/^smtp:/, "smtps:") });
    const error = await secure.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^the mail server at 127\.0\.0\.1:\d+ answered, but not over a secure connection from the start: smtps:\/\/ is for port 465; for port 587 or 25 write smtp:\/\//);
    expect(await secure.check!()).toEqual([{ level: "error", message: expect.stringContaining("smtps:// is for port 465") }]);
    expect(smtp.messages).toHaveLength(0);
  });

  it("delivers exactly one message when the server refuses at first and accepts on the retry", async () => {
    smtp = await startSmtp({ refuseFirst: 1 });
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain("did not accept the message for now");
    expect(isPermanent(error)).toBe(false);
    expect(smtp.messages).toHaveLength(0);

    await target.deliver(record.item);
    expect(smtp.attempts).toBe(2);
    expect(smtp.messages).toHaveLength(1);
    expect(sha(smtp.messages[0].attachments.find((a) => a.filename === record.item.pdfName)!.content)).toBe(record.item.sha256);
  });

  it("says plainly when the record is larger than the mail server accepts, and that retrying will not help", async () => {
    smtp = await startSmtp({ maxBytes: 2_000 });
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/the record is larger than the mail server accepts: 552 .*accept larger messages to registrator@overkalix\.se, or deliver to a folder or an HTTP intake/);
    // With the sizes: the message's, and the limit the server announced.
    expect((error as Error).message).toMatch(/: 552 Message exceeds fixed maximum message size 2000; the message was about \d+ kB \(the PDF and its JSON as attachments, a third larger than the files\) and the mail server takes at most 2 kB; ask whoever/);
    expect(isPermanent(error)).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });

  it("says of a refusal at DATA what it most likely is (the mailbox, a content filter) and to ask the mail server's administrator", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    smtp.refuseData({ code: 550, text: "Mailbox unavailable" });
    const mailbox = await target.deliver(record.item).catch((e: unknown) => e);
    expect((mailbox as Error).message).toBe(`the mail server refused the message: 550 Mailbox unavailable; that is most likely the registrar's mailbox registrator@overkalix.se: full, closed, or not taking mail from somarkiv@overkalix.se. Ask the mail server's administrator (whoever runs ${address}) what the refusal is and to let records through, giving this reply and its time`);
    expect(isPermanent(mailbox)).toBe(true);
    smtp.refuseData({ code: 550, text: "5.7.1 Message rejected as spam by Content Filtering" });
    const filter = await target.deliver(record.item).catch((e: unknown) => e);
    expect((filter as Error).message).toContain("; that is most likely a content filter or a rule of the mail server (spam, a virus scan, attachments of PDF or JSON, the sender somarkiv@overkalix.se not trusted). Ask the mail server's administrator");
    smtp.refuseData({ code: 554, text: "Transaction failed" });
    const unsaid = await target.deliver(record.item).catch((e: unknown) => e);
    expect((unsaid as Error).message).toContain("; the reply does not say why: it may be the registrar's mailbox registrator@overkalix.se, a content filter, or the message's size. Ask the mail server's administrator");
    expect(smtp.messages).toHaveLength(0);
  });

  it("says a full mailbox (552 5.2.2, over quota) as such, not as a record too large, and keeps the record to send again once it is emptied; a 552 5.3.4 is the size", async () => {
    smtp = await startSmtp({ maxBytes: 2_200_000 });
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseData({ code: 552, text: "5.2.2 Mailbox full: registrator@overkalix.se is over quota" });
    const full = await target.deliver(record.item).catch((e: unknown) => e);
    expect((full as Error).message).toBe(`the registrar's mailbox registrator@overkalix.se is full (the mail server answered 552 5.2.2 Mailbox full: registrator@overkalix.se is over quota); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect(isPermanent(full)).toBe(false);
    // 452 4.2.2, the same full mailbox said as passing (RFC 3463): the same words, waiting as well.
    smtp.refuseData({ code: 452, text: "4.2.2 Over quota" });
    const passing = await target.deliver(record.item).catch((e: unknown) => e);
    expect((passing as Error).message).toContain("the registrar's mailbox registrator@overkalix.se is full (the mail server answered 452 4.2.2 Over quota); someone must empty it");
    expect(isPermanent(passing)).toBe(false);
    smtp.refuseData({ code: 552, text: "5.3.4 Message size exceeds fixed limit" });
    const large = await target.deliver(record.item).catch((e: unknown) => e);
    expect((large as Error).message).toContain("the record is larger than the mail server accepts: 552 5.3.4 Message size exceeds fixed limit;");
    expect(isPermanent(large)).toBe(true);
    smtp.refuseData(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("tells a full mailbox from a message too large by the enhanced status code and the words", () => {
    expect(mailboxFull("552 5.2.2 Mailbox full: registrator@overkalix.se is over quota")).toBe(true);
    expect(mailboxFull("452 4.2.2 The email account that you tried to reach is over quota")).toBe(true);
    expect(mailboxFull("552 Requested mail action aborted: exceeded storage allocation")).toBe(true);
    expect(mailboxFull("552 5.3.4 Message size exceeds fixed limit")).toBe(false);
    expect(sizeRefused(552, "552 5.2.2 Mailbox full")).toBe(false);
    expect(sizeRefused(552, "552 5.3.4 Message size exceeds fixed limit")).toBe(true);
    expect(sizeRefused(552, "552 5.2.3 Message exceeds local size limit")).toBe(true);
    expect(sizeRefused(552, "552 Message too big")).toBe(true);
    expect(sizeRefused(552, "552 Requested action aborted")).toBe(true);
    expect(sizeRefused(550, "550 5.7.1 Rejected")).toBe(false);
    // A 552 whose enhanced code is not of size says something else (spam, a policy, a full mailbox's kin): not the size.
    expect(sizeRefused(552, "552 5.7.1 Message rejected as spam")).toBe(false);
    expect(sizeRefused(552, "552 5.7.0 Message rejected by policy")).toBe(false);
    expect(sizeRefused(552, "552 5.1.1 Recipient address rejected")).toBe(false);
  });

  it("says a full mailbox refused at RCPT TO (552 5.2.2 over quota, before any data went) as a full mailbox, and keeps the record to send again once it is emptied", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseRecipients({ code: 552, text: "5.2.2 <registrator@overkalix.se>: Recipient address rejected: mailbox full, over quota" });
    const full = await target.deliver(record.item).catch((e: unknown) => e);
    expect((full as Error).message).toBe(`the registrar's mailbox registrator@overkalix.se is full (the mail server answered 552 5.2.2 <registrator@overkalix.se>: Recipient address rejected: mailbox full, over quota); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect((full as Error).message).not.toContain("rejected the recipient registrator");
    expect(isPermanent(full)).toBe(false);
    expect(smtp.attempts).toBe(0);
    smtp.refuseRecipients(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says a passing limit of the server at RCPT TO or MAIL FROM (452 4.5.3 too many recipients, 4.7.x greylisting or a rate limit) as what it is, not a wrong address, and sends the record once it passes", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const retried = `nothing needs doing; the record waits, and it will be tried again by "somarkiv deliver" or the worker`;
    smtp.refuseRecipients({ code: 452, text: "4.5.3 Too many recipients" });
    const many = await target.deliver(record.item).catch((e: unknown) => e);
    expect((many as Error).message).toBe(`the mail server did not take the record for now: 452 4.5.3 Too many recipients: it takes only so many recipients or messages at a time (too many recipients), a limit of the server, not a wrong address; ${retried}`);
    expect((many as Error).message).not.toContain("check the intake address");
    expect(isPermanent(many)).toBe(false);
    smtp.refuseRecipients({ code: 451, text: "4.7.1 <registrator@overkalix.se>: Recipient address rejected: Greylisted, see http://postgrey.schweikert.ch/help/overkalix.se.html" });
    const greylisted = await target.deliver(record.item).catch((e: unknown) => e);
    expect((greylisted as Error).message).toContain(": it holds back mail from a sender it has not seen lately for a while (greylisting), a guard against spam, not a wrong address; nothing needs doing");
    expect((greylisted as Error).message).not.toContain("check the intake address");
    expect(isPermanent(greylisted)).toBe(false);
    smtp.refuseRecipients(undefined);
    // At MAIL FROM: not the from: address to correct either.
    smtp.refuseSenders({ code: 450, text: "4.7.1 Sender rate limit exceeded, try again later" });
    const rate = await target.deliver(record.item).catch((e: unknown) => e);
    expect((rate as Error).message).toBe(`the mail server did not take the record for now: 450 4.7.1 Sender rate limit exceeded, try again later: it takes only so much mail from this sender at a time (a rate limit, greylisting or a like rule of the server), not a wrong address; ${retried}`);
    expect(isPermanent(rate)).toBe(false);
    smtp.refuseSenders(undefined);
    // A 4xx of the address itself is said to be tried again, the address named to check if it goes on.
    smtp.refuseRecipients({ code: 450, text: "4.1.1 <registrator@overkalix.se>: Recipient address rejected: unverified address" });
    const unverified = await target.deliver(record.item).catch((e: unknown) => e);
    expect((unverified as Error).message).toBe(`the mail server did not take the recipient registrator@overkalix.se for now: 450 4.1.1 <registrator@overkalix.se>: Recipient address rejected: unverified address; if it goes on, check the intake address in the configuration; it will be tried again by "somarkiv deliver" or the worker`);
    expect(isPermanent(unverified)).toBe(false);
    smtp.refuseRecipients(undefined);
    expect(smtp.attempts).toBe(0);
    // After the message went (DATA): what it is, after the words said before.
    smtp.refuseData({ code: 451, text: "4.7.1 Greylisted, please try again later" });
    const data = await target.deliver(record.item).catch((e: unknown) => e);
    expect((data as Error).message).toBe(`the mail server did not accept the message for now: 451 4.7.1 Greylisted, please try again later: it holds back mail from a sender it has not seen lately for a while (greylisting), a guard against spam; it will be tried again by "somarkiv deliver" or the worker`);
    smtp.refuseData(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("reads a 4xx's enhanced code as a passing limit or trouble of the server, and not a full mailbox, an address or a reply that says nothing", () => {
    expect(passingLimit(421, "421 4.7.0 Try again later, closing connection")).toContain("a rate limit");
    expect(passingLimit(452, "452 4.3.1 Insufficient system storage")).toBe("it has a passing trouble of its own (its system, storage or network)");
    expect(passingLimit(451, "451 4.4.3 Directory server failure")).toBe("it has a passing trouble of its own (its system, storage or network)");
    expect(passingLimit(451, "451 Too busy, try again later")).toBeUndefined();
    expect(passingLimit(452, "452 4.2.2 Mailbox full")).toBeUndefined();
    expect(passingLimit(550, "550 5.7.1 Rejected")).toBeUndefined();
    expect(passingLimit(450, "450 4.1.1 Recipient address rejected")).toBeUndefined();
  });

  it("says a 4.7.x that refuses this machine (no reverse DNS name, relay denied) as needing IT, not as a limit that passes, and that the record waits and is tried again", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    const waits = `the record waits, and it will be tried again by "somarkiv deliver" or the worker`;
    // Postfix's reject_unknown_client_hostname, said at RCPT TO.
    smtp.refuseRecipients({ code: 450, text: "4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]" });
    const hostname = await target.deliver(record.item).catch((e: unknown) => e);
    expect((hostname as Error).message).toBe(`the mail server did not take the record for now: 450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]: it finds no DNS name for the address of the machine somarkiv runs on (no reverse DNS), and that does not pass by itself; each try is refused until this is mended: give the machine's address a DNS name (a PTR record that leads back to the address), or ask whoever runs the mail server to add this machine's address to the senders it trusts; ${waits}`);
    expect((hostname as Error).message).not.toContain("nothing needs doing");
    expect(isPermanent(hostname)).toBe(false);
    // config check says the same, not "run config check again later".
    expect(await target.check!()).toEqual([{ level: "warning", message: `The mail server at ${address} did not take the recipient registrator@overkalix.se for now: 450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]: it finds no DNS name for the address of the machine somarkiv runs on (no reverse DNS), and that does not pass by itself; records wait and are refused until this is mended: give the machine's address a DNS name (a PTR record that leads back to the address), or ask whoever runs the mail server to add this machine's address to the senders it trusts.` }]);
    // Postfix's defer_unauth_destination: somarkiv has no login, so the advice is to give it one.
    smtp.refuseRecipients({ code: 454, text: "4.7.1 <registrator@overkalix.se>: Relay access denied" });
    const relay = await target.deliver(record.item).catch((e: unknown) => e);
    expect((relay as Error).message).toBe(`the mail server did not take the record for now: 454 4.7.1 <registrator@overkalix.se>: Relay access denied: it does not pass mail on to registrator@overkalix.se for this sender (relay access), and somarkiv does not sign in to it, and that does not pass by itself; each try is refused until this is mended: put the mail server's login in SOMARKIV_SMTP_URL (smtp://user:password@host:587), as a mail server passes mail on for a sender that signs in, or ask whoever runs the mail server to add this machine's address to the senders it trusts; and check that the intake's to: address is the registrar's (its domain one the mail server takes mail for); ${waits}`);
    expect(isPermanent(relay)).toBe(false);
    smtp.refuseRecipients(undefined);
    // Refused at MAIL FROM for the HELO name: the machine as well, not the from: address.
    smtp.refuseSenders({ code: 450, text: "4.7.1 <kommun-srv01>: Helo command rejected: Host not found" });
    const helo = await target.deliver(record.item).catch((e: unknown) => e);
    expect((helo as Error).message).toContain(`: it does not take the name the machine somarkiv runs on gives itself when it connects (its host name, in HELO), and that does not pass by itself; each try is refused until this is mended: give the machine a full host name that DNS knows (such as somarkiv.kommun.se), or ask whoever runs the mail server`);
    expect((helo as Error).message).not.toContain("from: address");
    smtp.refuseSenders(undefined);
    expect(smtp.attempts).toBe(0);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says a 4xx refusal of the sender address (451 4.1.8 domain not found) as one to correct if it goes on, and that the record waits and is tried again", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseSenders({ code: 451, text: "4.1.8 <somarkiv@overkalix.se>: Sender address rejected: Domain not found" });
    const domain = await target.deliver(record.item).catch((e: unknown) => e);
    expect((domain as Error).message).toBe(`the mail server did not take the sender address somarkiv@overkalix.se for now: 451 4.1.8 <somarkiv@overkalix.se>: Sender address rejected: Domain not found; if it goes on, correct the intake's from: address to one the mail server's login may send as, or ask whoever runs the mail server to allow it; the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect(isPermanent(domain)).toBe(false);
    // A 4.7.1 of Postfix's sender login rule is the from: address too, not a rate limit.
    smtp.refuseSenders({ code: 450, text: "4.7.1 <somarkiv@overkalix.se>: Sender address rejected: not owned by user somarkiv" });
    const owned = await target.deliver(record.item).catch((e: unknown) => e);
    expect((owned as Error).message).toMatch(/^the mail server did not take the sender address somarkiv@overkalix\.se for now: 450 4\.7\.1 .*; if it goes on, correct the intake's from: address .*; the record waits, and it will be tried again/);
    smtp.refuseSenders(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("tells a 4.7.x rule against the sending machine from greylisting and rate limits, and says what to mend", () => {
    const settings = { envName: "SOMARKIV_SMTP_URL", login: false, to: "registrator@overkalix.se" };
    expect(machineRefused(4, 450, "450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]", settings)?.what).toContain("no reverse DNS");
    expect(machineRefused(4, 450, "450 4.7.1 Client host rejected: cannot find your reverse hostname, [10.1.2.3]", settings)?.mend).toContain("a PTR record");
    // A reply that names the missing PTR record alone, without Postfix's words.
    expect(machineRefused(4, 450, "450 4.7.25 No PTR record found for 10.1.2.3", settings)?.what).toContain("no reverse DNS");
    expect(machineRefused(4, 450, "450 4.7.1 <srv01.local>: Helo command rejected: Host not found", settings)?.what).toContain("in HELO");
    expect(machineRefused(4, 454, "454 4.7.1 <registrator@overkalix.se>: Relay access denied", settings)?.mend).toContain("put the mail server's login in SOMARKIV_SMTP_URL");
    // With a login the relay advice is the login's rights or the to: address's domain.
    expect(machineRefused(4, 454, "454 4.7.1 <registrator@overkalix.se>: Relay access denied", { ...settings, login: true })?.mend).toBe("check that the intake's to: address is the registrar's (its domain one the mail server takes mail for), or ask whoever runs the mail server to let the login in SOMARKIV_SMTP_URL send to it");
    expect(machineRefused(4, 451, "451 4.7.0 TLS required", settings)?.mend).toContain("write smtps:// and its port (usually 465) in SOMARKIV_SMTP_URL");
    expect(machineRefused(4, 450, "450 4.7.1 Service unavailable; Client host [10.1.2.3] blocked using zen.spamhaus.org", settings)?.what).toContain("a block list");
    // Greylisting, rate limits, the server's trouble, the address: none of these.
    expect(machineRefused(4, 451, "451 4.7.1 Greylisted, please try again later", settings)).toBeUndefined();
    expect(machineRefused(4, 450, "450 4.7.1 Sender rate limit exceeded", settings)).toBeUndefined();
    expect(machineRefused(4, 421, "421 4.7.0 Try again later, closing connection", settings)).toBeUndefined();
    expect(machineRefused(4, 450, "450 4.1.1 Recipient address rejected", settings)).toBeUndefined();
    // A 5xx is given up and said elsewhere.
    expect(machineRefused(4, 554, "554 5.7.1 <registrator@overkalix.se>: Relay access denied", settings)).toBeUndefined();
    // passingLimit no longer takes them for a limit that passes.
    expect(passingLimit(450, "450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]")).toBeUndefined();
    expect(passingLimit(454, "454 4.7.1 <registrator@overkalix.se>: Relay access denied")).toBeUndefined();
    expect(passingLimit(450, "450 4.7.1 <somarkiv@overkalix.se>: Sender address rejected: not owned by user somarkiv")).toBeUndefined();
    expect(passingLimit(451, "451 4.7.1 <registrator@overkalix.se>: Recipient address rejected: Greylisted")).toContain("greylisting");
    expect(passingLimit(450, "450 4.7.1 <somarkiv@overkalix.se>: Sender address rejected: rate limit exceeded")).toContain("a rate limit");
  });

  it("says a 530 that asks for TLS (Must issue a STARTTLS command first, Encryption required) as the encrypted connection it asks for, not as a login to put in", async () => {
    const settings = { envName: "SOMARKIV_SMTP_URL", login: false, to: "registrator@overkalix.se" };
    const tls = { what: "it takes mail only over an encrypted connection, and this one was not encrypted", mend: "write smtps:// and its port (usually 465) in SOMARKIV_SMTP_URL, or ask whoever runs the mail server to offer STARTTLS on the port given (smtp://, usually 587)" };
    expect(machineRefused(5, 530, "530 5.7.0 Must issue a STARTTLS command first", settings)).toEqual(tls);
    expect(machineRefused(5, 530, "530 5.7.11 Encryption required for requested authentication mechanism", { ...settings, login: true })).toEqual(tls);
    // A 530 that asks for a login, and a 4xx (tried again, said by machineRefused(4, …)), are not it.
    expect(machineRefused(5, 530, "530 5.7.0 Authentication required", settings)).toBeUndefined();
    expect(machineRefused(5, 451, "451 4.7.0 TLS required", settings)).toBeUndefined();

    // Postfix with smtpd_tls_security_level = encrypt, to a client that did not start TLS: at MAIL FROM.
    smtp = await startSmtp();
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    const said = `it takes mail only over an encrypted connection, and this one was not encrypted, a rule of the server that does not pass by itself; no record is sent until this is mended: ${tls.mend}`;
    const [bare] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseSenders({ code: 530, text: "5.7.0 Must issue a STARTTLS command first" });
    const starttls = await bare.deliver(record.item).catch((e: unknown) => e);
    expect((starttls as Error).message).toBe(`the mail server at ${address} refuses mail from somarkiv: 530 5.7.0 Must issue a STARTTLS command first: ${said}`);
    expect((starttls as Error).message).not.toContain("login");
    expect(isPermanent(starttls)).toBe(true);
    expect(await bare.check!()).toEqual([{ level: "error", message: `The mail server at ${address} refuses mail from somarkiv: 530 5.7.0 Must issue a STARTTLS command first: ${said}.` }]);
    await smtp.stop();

    // With a login: refused at the login itself, not the user name and password to check.
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" } });
    const withLogin = `127.0.0.1:${new URL(smtp.url).port}`;
    const [signed] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseLogins({ code: 530, text: "5.7.11 Encryption required for requested authentication mechanism" });
    const encryption = await signed.deliver(record.item).catch((e: unknown) => e);
    expect((encryption as Error).message).toBe(`the mail server at ${withLogin} refuses mail from somarkiv: 530 5.7.11 Encryption required for requested authentication mechanism: ${said}`);
    expect(isPermanent(encryption)).toBe(true);
    expect((await signed.check!())[0]).toEqual({ level: "error", message: `The mail server at ${withLogin} refuses mail from somarkiv: 530 5.7.11 Encryption required for requested authentication mechanism: ${said}.` });
    // At MAIL FROM with a login (a server that offers the login without TLS and then asks for it).
    smtp.refuseLogins(undefined);
    smtp.refuseSenders({ code: 530, text: "5.7.0 Must issue a STARTTLS command first" });
    expect(await signed.check!()).toEqual([{ level: "error", message: `The mail server at ${withLogin} refuses mail from somarkiv: 530 5.7.0 Must issue a STARTTLS command first: ${said}.` }]);
    smtp.refuseSenders(undefined);
    await signed.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says a 4xx to the login that asks for TLS (454 4.7.0 TLS required) as the encrypted connection it asks for, tried again, not as a user name and password to check", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" } });
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const what = "it takes mail only over an encrypted connection, and this one was not encrypted, and that does not pass by itself";
    const mend = "write smtps:// and its port (usually 465) in SOMARKIV_SMTP_URL, or ask whoever runs the mail server to offer STARTTLS on the port given (smtp://, usually 587)";
    smtp.refuseLogins({ code: 454, text: "4.7.0 TLS required" });
    const tls = await target.deliver(record.item).catch((e: unknown) => e);
    expect((tls as Error).message).toBe(`the mail server at ${address} did not take the login for now: 454 4.7.0 TLS required: ${what}; each try is refused until this is mended: ${mend}; the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect((tls as Error).message).not.toContain("password");
    expect(isPermanent(tls)).toBe(false);
    expect(await target.check!()).toEqual([{ level: "warning", message: `The mail server at ${address} did not take the login for now: 454 4.7.0 TLS required: ${what}; records wait and are refused until this is mended: ${mend}.` }]);
    // A 4xx to the login that is no such rule is still the server's passing trouble at the login.
    smtp.refuseLogins({ code: 454, text: "4.3.0 Temporary authentication failure" });
    const passing = await target.deliver(record.item).catch((e: unknown) => e);
    expect((passing as Error).message).toMatch(/refused the login: 454 4\.3\.0 .*; it will be tried again/);
    smtp.refuseLogins(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says a 5xx relay refusal (Relay access denied, Unable to relay) as the mail server not passing mail on for this sender, given up with what IT must mend, not as a wrong recipient", async () => {
    const settings = { envName: "SOMARKIV_SMTP_URL", login: false, to: "registrator@overkalix.se" };
    const own = "check that the intake's to: address is the registrar's (its domain one the mail server takes mail for)";
    const bare = { what: "it does not pass mail on to registrator@overkalix.se for this sender (relay access), and somarkiv does not sign in to it", mend: `put the mail server's login in SOMARKIV_SMTP_URL (smtp://user:password@host:587), as a mail server passes mail on for a sender that signs in, or ask whoever runs the mail server to add this machine's address to the senders it trusts; and ${own}` };
    expect(machineRefused(5, 554, "554 5.7.1 <registrator@overkalix.se>: Relay access denied", settings)).toEqual(bare);
    expect(machineRefused(5, 550, "550 5.7.1 Unable to relay", settings)).toEqual(bare);
    // Exchange's, to a sender that signed in: the login's right to send there, or the to: address's domain.
    expect(machineRefused(5, 550, "550 5.7.54 SMTP; Unable to relay recipient in non-accepted domain", { ...settings, login: true })).toEqual({ what: "it does not pass mail on to registrator@overkalix.se for this sender (relay access)", mend: `${own}, or ask whoever runs the mail server to let the login in SOMARKIV_SMTP_URL send to it` });
    // A recipient the server does not have is the address, and a 4xx is tried again (machineRefused(4, …)).
    expect(machineRefused(5, 550, "550 5.1.1 <registrator@overkalix.se>: Recipient address rejected: User unknown", settings)).toBeUndefined();
    expect(machineRefused(5, 454, "454 4.7.1 <registrator@overkalix.se>: Relay access denied", settings)).toBeUndefined();

    smtp = await startSmtp();
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.refuseRecipients({ code: 554, text: "5.7.1 <registrator@overkalix.se>: Relay access denied" });
    const relay = await target.deliver(record.item).catch((e: unknown) => e);
    const said = `the mail server at ${address} refuses mail from somarkiv: 554 5.7.1 <registrator@overkalix.se>: Relay access denied: ${bare.what}, a rule of the server that does not pass by itself; no record is sent until this is mended: ${bare.mend}`;
    expect((relay as Error).message).toBe(said);
    expect((relay as Error).message).not.toContain("rejected the recipient");
    expect(isPermanent(relay)).toBe(true);
    expect(await target.check!()).toEqual([{ level: "error", message: `${said.replace(/^t/, "T")}.` }]);
    // At MAIL FROM, "Unable to relay" is not the from: address either.
    smtp.refuseRecipients(undefined);
    smtp.refuseSenders({ code: 550, text: "5.7.1 Unable to relay" });
    const sender = await target.deliver(record.item).catch((e: unknown) => e);
    expect((sender as Error).message).toBe(`the mail server at ${address} refuses mail from somarkiv: 550 5.7.1 Unable to relay: ${bare.what}, a rule of the server that does not pass by itself; no record is sent until this is mended: ${bare.mend}`);
    expect((await target.check!())[0]!.message).not.toContain("from: address");
    smtp.refuseSenders(undefined);
    expect(smtp.attempts).toBe(0);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says a relay refusal to a sender that signs in as the login's right to send there, a rule against the machine at DATA as one, and blanks in config check a password a refusal quotes", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "hemlig-42" } });
    const address = `127.0.0.1:${new URL(smtp.url).port}`;
    const [target] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    // The address has a login: the advice is the login's right to send to the registrar, not a login to put in.
    smtp.refuseRecipients({ code: 554, text: "5.7.1 <registrator@overkalix.se>: Relay access denied" });
    const relay = await target.deliver(record.item).catch((e: unknown) => e);
    expect((relay as Error).message).toBe(`the mail server at ${address} refuses mail from somarkiv: 554 5.7.1 <registrator@overkalix.se>: Relay access denied: it does not pass mail on to registrator@overkalix.se for this sender (relay access), a rule of the server that does not pass by itself; no record is sent until this is mended: check that the intake's to: address is the registrar's (its domain one the mail server takes mail for), or ask whoever runs the mail server to let the login in SOMARKIV_SMTP_URL send to it`);
    expect(isPermanent(relay)).toBe(true);
    smtp.refuseRecipients(undefined);
    // A rule against the machine answered to the message itself: what to mend, and tried again.
    smtp.refuseData({ code: 450, text: "4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]" });
    const data = await target.deliver(record.item).catch((e: unknown) => e);
    expect((data as Error).message).toBe(`the mail server did not take the record for now: 450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]: it finds no DNS name for the address of the machine somarkiv runs on (no reverse DNS), and that does not pass by itself; each try is refused until this is mended: give the machine's address a DNS name (a PTR record that leads back to the address), or ask whoever runs the mail server to add this machine's address to the senders it trusts; the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect(isPermanent(data)).toBe(false);
    smtp.refuseData(undefined);
    // A server that quotes what it was given: config check prints its reply, never the password in it.
    smtp.refuseRecipients({ code: 450, text: "4.7.1 Client host rejected: cannot find your hostname (login somarkiv/hemlig-42)" });
    const found = await target.check!();
    expect(found).toEqual([{ level: "warning", message: expect.stringContaining(`did not take the recipient registrator@overkalix.se for now: 450 4.7.1 Client host rejected: cannot find your hostname (login somarkiv/***): it finds no DNS name`) }]);
    expect(JSON.stringify(found)).not.toContain("hemlig-42");
    smtp.refuseRecipients(undefined);
    await target.deliver(record.item);
    expect(smtp.messages).toHaveLength(1);
  });

  it("says in config check the mail server's size limit, and warns when records of the usual sizes would be refused", async () => {
    smtp = await startSmtp({ maxBytes: 2_000_000 });
    const [small] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const findings = await small.check!();
    expect(findings.map((f) => f.level)).toEqual(["ok", "warning"]);
    expect(findings[1].message).toBe(`The mail server at 127.0.0.1:${new URL(smtp.url).port} takes messages of at most 2 MB (its SIZE): that is records of up to about 1.5 MB, as the PDF and its JSON go as attachments, a third larger than the files. A record is often 0.3–1.5 MB and can be 3 MB, and one larger than the limit is refused and waits for a person. Ask whoever runs the mail server to accept messages of at least 5 MB to registrator@overkalix.se, or deliver to a folder or an HTTP intake instead.`);
    await smtp.stop();
    smtp = await startSmtp({ maxBytes: 25_000_000 });
    const [large] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    const [ok, ...rest] = await large.check!();
    expect(ok.message).toContain("(asked without sending anything). It takes messages of up to 25 MB (its SIZE), records of up to about 18.3 MB.");
    expect(rest).toEqual([]);
  });

  it("says that a mail server which takes the connection and never greets did not answer, and when the next try is", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const target = emailTarget(config, { SOMARKIV_SMTP_URL: `smtp://127.0.0.1:${port}` }, { deliveryMs: 1_000, checkMs: 1_000 });
      let handedOver = 0;
      const error = await target.deliver({ ...record.item, handingOver: () => handedOver++ }).catch((e: unknown) => e);
      // Never handed over: a send stopped here is no possible second copy.
      expect(handedOver).toBe(0);
      expect((error as Error).message).toBe(`the mail server at 127.0.0.1:${port} took the connection but did not answer within 1 s (no greeting); check that it is running and that the address and port are the mail server's, and that no firewall or proxy in front of it holds the connection; it will be tried again by "somarkiv deliver" or the worker`);
      // Nothing was sent: not said as a message that may have arrived.
      expect((error as DeliveryError).mayHaveArrived).toBe(false);
      expect(await target.check!()).toEqual([{ level: "error", message: `The mail server at 127.0.0.1:${port} took the connection but did not answer within 1 s (no greeting); check that it is running and that the address and port are the mail server's, and that no firewall or proxy in front of it holds the connection.` }]);
    } finally {
      silent.close();
    }
  });

  it("warns in config check that the login goes unencrypted to a mail server that is not on this machine, and not to one on loopback", async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" }, host: "0.0.0.0" });
    const external = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === "IPv4" && !a.internal)?.address;
    const [local] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url });
    expect((await local.check!()).map((f) => f.level)).toEqual(["ok"]);
    if (!external) return; // a machine with loopback only has no other address to reach it by
    const [remote] = createIntakeTargets([config], { SOMARKIV_SMTP_URL: smtp.url.replace("127.0.0.1", external) });
    const findings = await remote.check!();
    expect(findings.map((f) => f.level)).toEqual(["ok", "warning"]);
    expect(findings[1].message).toBe(`The login to the mail server at ${external}:${new URL(smtp.url).port} is sent unencrypted: the address is smtp:// and the server offers no STARTTLS, so the user name and password (and each record) can be read on the network. Ask whoever runs the mail server to offer STARTTLS, or use smtps:// (usually port 465) in SOMARKIV_SMTP_URL.`);
  });

  it("reports a rejected recipient as permanent", async () => {
    smtp = await startSmtp();
    const [target] = createIntakeTargets([{ ...config, to: "ingen@overkalix.se" }], { SOMARKIV_SMTP_URL: smtp.url });
    smtp.rejectRecipient("ingen@overkalix.se");
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain("the mail server rejected the recipient ingen@overkalix.se");
    expect(isPermanent(error)).toBe(true);
    expect(smtp.messages).toHaveLength(0);
  });
});

/** A loopback port with nothing listening: bind, note it, close. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { execFileSync } from "node:child_process";
import path from "node:path";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { ORGANISATION, syntheticArchive } from "../log/archive.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";
import { RecordLog } from "../../src/log/index.ts";
import { startSmtp } from "../helpers/smtp.ts";

/** The account register and policy checks as the web manager uses them: through the command line. */
describe("accounts, config check and the closing snapshot on the command line", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [
        account("facebook-kommun", site.at("pipeline/kommun.html")),
        account("instagram-ungdom", "https://www.instagram.com/ungdom", { platform: "instagram", administrators: [{ name: "Ensam Admin" }], substitute: undefined, purpose: undefined }),
        account("x-kommun", "https://x.com/kommun", { platform: "x", status: "closed", closedOn: "2025-06-30" }),
      ],
    });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("accounts --html is the public list in Swedish: active accounts with links, the closed one apart", async () => {
    const r = await runCli(["accounts", "--html", ...cfg()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^<!doctype html>/i);
    expect(r.stdout).toContain('<html lang="sv"');
    expect(r.stdout).toContain("Överkalix kommun");
    expect(r.stdout).toContain('href="https://www.instagram.com/ungdom"');
    expect(r.stdout).toContain("2025-06-30");
  });

  it("accounts --json and --csv give the same set", async () => {
    const j = JSON.parse((await runCli(["accounts", "--json", ...cfg()])).stdout);
    expect(j.accounts.map((a: { id: string }) => a.id)).toEqual(["facebook-kommun", "instagram-ungdom"]);
    expect(j.closedAccounts.map((a: { id: string }) => a.id)).toEqual(["x-kommun"]);
    const c = (await runCli(["accounts", "--csv", ...cfg()])).stdout;
    expect(c.startsWith("\uFEFF")).toBe(true);
    expect(c).toContain(";");
    expect(c.split("\r\n").filter(Boolean)).toHaveLength(4);
  });

  it("config check: exit 0 with policy warnings that name the account and the fix", async () => {
    const r = await runCli(["config", "check", ...cfg()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("is valid: 3 accounts");
    expect(r.stdout).toMatch(/instagram-ungdom.*administrator/i);
    expect(r.stdout).toMatch(/instagram-ungdom.*substitute/i);
    expect(r.stdout).toMatch(/instagram-ungdom.*purpose/i);
    expect(r.stdout).not.toMatch(/facebook-kommun.*administrator/i);
  });

  it("config check names an HTTP intake whose token variable is unset by its address without the query, whose values may be secrets (?apikey=…)", async () => {
    const c = makeWorkspace({ organisation: { name: "X", website: "https://x.se", switchboard: "1" } });
    try {
      c.write({ organisation: { name: "X" }, intake: [{ type: "http", url: "http://127.0.0.1:47210/api/intake?apikey=topsecretkey", tokenEnv: "SOMARKIV_TEST_UNSET_TOKEN" }] });
      const r = await runCli(["config", "check", "--config", c.configPath], { env: { SOMARKIV_TEST_UNSET_TOKEN: undefined } });
      expect(r.stdout).toContain("intake WARNING: intake (1st, HTTP), tokenEnv, names the environment variable SOMARKIV_TEST_UNSET_TOKEN, which is not set here; deliveries to http://127.0.0.1:47210/api/intake will wait until the worker's environment has it.");
      expect(r.stdout + r.stderr).not.toContain("topsecretkey");
      // The same intake written twice is refused without the query too.
      c.write({ organisation: { name: "X" }, intake: [1, 2].map(() => ({ type: "http", url: "http://127.0.0.1:47210/api/intake?apikey=topsecretkey" })) });
      const twice = await runCli(["config", "check", "--config", c.configPath]);
      expect(twice.code).not.toBe(0);
      expect(twice.stdout + twice.stderr).toContain("the same place as the 1st intake (HTTP http://127.0.0.1:47210/api/intake)");
      expect(twice.stdout + twice.stderr).not.toContain("topsecretkey");
    } finally {
      c.cleanup();
    }
  });

  it("config check warns when the environment lacks a secret an intake names", async () => {
    const c = makeWorkspace({ organisation: { name: "X", website: "https://x.se", switchboard: "1" } });
    try {
      c.write({ organisation: { name: "X" }, intake: [{ type: "email", to: "registrator@x.se", from: "somarkiv@x.se", smtpUrlEnv: "SOMARKIV_TEST_UNSET_SMTP" }] });
      const r = await runCli(["config", "check", "--config", c.configPath], { env: { SOMARKIV_TEST_UNSET_SMTP: undefined } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("intake WARNING: intake (1st, e-mail), smtpUrlEnv, names the environment variable SOMARKIV_TEST_UNSET_SMTP, which is not set here");
      const set = await runCli(["config", "check", "--config", c.configPath], { env: { SOMARKIV_TEST_UNSET_SMTP: "smtp://127.0.0.1:1" } });
      expect(set.stdout).not.toContain("intake WARNING");
    } finally {
      c.cleanup();
    }
  });

  it("config check asks the mail server about the intake's recipient without sending, and warns of an address a letter or two from the registrar's", async () => {
    const smtp = await startSmtp({ auth: { user: "somarkiv", pass: "lösen" } });
    const c = makeWorkspace({ organisation: { name: "X" } });
    try {
      const write = (to: string) => c.write({ organisation: { name: "Haparanda stad", registrar: "registrator@haparanda.se" }, intake: [{ type: "email", to, from: "somarkiv@haparanda.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }] });
      write("registrator@haparnda.se");
      smtp.rejectRecipient("registrator@haparnda.se");
      const env = { SOMARKIV_TEST_SMTP: smtp.url };
      const typo = await runCli(["config", "check", "--config", c.configPath], { env });
      expect(typo.code).toBe(1);
      expect(typo.stdout).toContain(`  intake ERROR: The mail server at 127.0.0.1:${new URL(smtp.url).port} refuses the recipient registrator@haparnda.se: 550 <registrator@haparnda.se>: Recipient address rejected: no such mailbox. Records sent there would not arrive: check the intake's to: address in the configuration`);
      expect(typo.stdout).toContain("  intake WARNING: intake (1st, e-mail), to, is registrator@haparnda.se, whose domain haparnda.se is a letter or two from haparanda.se, organisation.registrar's (registrator@haparanda.se): one of them is most likely mistyped. Correct it:");
      expect(typo.stdout).not.toContain("intake ok");
      // A mail server that takes any recipient at submission: the warning alone says it.
      write("registratr@haparanda.se");
      const taken = await runCli(["config", "check", "--config", c.configPath], { env });
      expect(taken.code).toBe(0);
      expect(taken.stdout).toContain("which it takes as a recipient (asked without sending anything)");
      expect(taken.stdout).toContain("  intake WARNING: intake (1st, e-mail), to, is registratr@haparanda.se, a letter or two from organisation.registrar, registrator@haparanda.se: if they are meant to be the same mailbox, one of them is mistyped.");
      // A functional mailbox of its own is no typo.
      write("diarium@haparanda.se");
      expect((await runCli(["config", "check", "--config", c.configPath], { env })).stdout).not.toContain("intake WARNING");
      expect(smtp.attempts).toBe(0);
    } finally {
      c.cleanup();
      await smtp.stop();
    }
  });

  it("config check warns when the registrar's replies with diary numbers would go back to the registrar's own mailbox", async () => {
    const c = makeWorkspace({ organisation: { name: "X" } });
    try {
      const write = (email: Record<string, string>) => c.write({ organisation: { name: "Haparanda stad", registrar: "registrator@haparanda.se" }, intake: [{ type: "email", to: "diarium@haparanda.se", from: "somarkiv@haparanda.se", smtpUrlEnv: "SOMARKIV_TEST_UNSET_SMTP", ...email }] });
      const check = async () => unnamed((await runCli(["config", "check", "--config", c.configPath], { env: { SOMARKIV_TEST_UNSET_SMTP: undefined } })).stdout, c);
      write({ replyTo: "Diarium@haparanda.se" });
      expect(await check()).toContain(`intake WARNING: intake (1st, e-mail), replyTo, is Diarium@haparanda.se, the same address as its to address: the registrar's replies with diary numbers would go back to the registrar's own mailbox, and nobody would record them with "somarkiv registered". Set the intake's replyTo to the mailbox of whoever records them.`);
      write({ from: "registrator@haparanda.se" });
      expect(await check()).toContain("intake WARNING: intake (1st, e-mail), from, is registrator@haparanda.se, the same address as organisation.registrar:");
      write({ replyTo: "it-drift@haparanda.se" });
      expect(await check()).not.toContain("the same address as");
    } finally {
      c.cleanup();
    }
  });

  it("config check finds what captures need on this machine: the browser, each saved login session, a time bound a page fits in", async () => {
    const c = makeWorkspace({ organisation: { name: "X" } });
    try {
      const open = path.join(c.dir, "open-session.json");
      fs.writeFileSync(open, "{}", { mode: 0o644 });
      fs.chmodSync(open, 0o644);
      const kept = path.join(c.dir, "kept-session.json");
      fs.writeFileSync(kept, "{}", { mode: 0o600 });
      c.write({
        organisation: { name: "X" },
        accounts: [
          account("utan-session", "https://www.facebook.com/a", { login: { storageState: "missing-session.json" } }),
          account("oppen-session", "https://www.facebook.com/b", { login: { storageState: "open-session.json" } }),
          account("privat-session", "https://www.facebook.com/c", { login: { storageState: "kept-session.json" } }),
        ],
      });
      const ok = await runCli(["config", "check", "--config", c.configPath]);
      expect(ok.code).toBe(0);
      expect(ok.stdout).toMatch(/capture ok: Captures run in \/\S+chromium/);
      expect(unnamed(ok.stdout, c)).toContain(`capture WARNING: Account "utan-session": its saved login session ${path.join(c.dir, "missing-session.json")} does not exist, so its captures would fail. Sign in with: somarkiv login --account utan-session`);
      expect(ok.stdout).toContain(`capture WARNING: Account "oppen-session": its saved login session ${open} can be read by other users of this machine (mode 644)`);
      expect(ok.stdout).not.toContain("privat-session");
      c.write({ organisation: { name: "X" }, capture: { browser: path.join(c.dir, "no-chromium"), timeoutSeconds: 5 } });
      const bad = await runCli(["config", "check", "--config", c.configPath]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`capture ERROR: The browser named in the configuration (capture.browser: ${path.join(c.dir, "no-chromium")}) does not exist or cannot be run.`);
      expect(bad.stdout).toContain("capture WARNING: capture.timeoutSeconds is 5");
    } finally {
      c.cleanup();
    }
  });

  it("capture --final takes a closing snapshot, marked as such, whatever the period", async () => {
    const r = await runCli(["capture", "--account", "facebook-kommun", "--final", ...cfg()]);
    expect(r.code).toBe(0);
    // What is left to do is said where it is done: the configuration, with the date to write.
    const today = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
    expect(r.stdout).toContain(`This is the account's closing record. Once the account is closed on the platform, set it in the configuration: status: closed and closedOn: ${today}.`);
    expect((await runCli(["records", ...cfg()])).stdout).toMatch(/^Record id +Status +Captured +Details\nfacebook-kommun_\d{4}-H[12]_v1 +delivered .*, closing record\n$/);
    // Until the configuration says closed, status and config check remind of it.
    expect((await runCli(["status", ...cfg()])).stdout).toMatch(/\n {6}closing record taken \(facebook-kommun_\d{4}-H[12]_v1\), its last snapshot: no more are taken of it\. Once the account is closed on the platform, set status: closed and closedOn in the configuration\n/);
    expect((await runCli(["config", "check", ...cfg()])).stdout).toMatch(/Account "facebook-kommun" \(.*\) has its closing record \(facebook-kommun_\d{4}-H[12]_v1\) but its status is still active/);
    const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout);
    expect(rec).toMatchObject({ final: true, status: "delivered", flags: ["final"] });
    const text = execFileSync("pdftotext", [path.join(ws.objects, rec.storageKey), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("Slutlig ögonblicksbild Facebook");
    expect(text).toContain("kontot stängs och detta är dess sista ögonblicksbild");
    const bad = await runCli(["capture", "--final", ...cfg()]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--final needs --account ID");
    // A closed account named without --final is almost always a forgotten --final: nothing is captured.
    const plain = await runCli(["capture", "--account", "x-kommun", ...cfg()]);
    expect(plain.code).toBe(2);
    expect(unnamed(plain.stderr, ws)).toContain(`Account "x-kommun" is closed (since 2025-06-30). Its last snapshot is its closing record: somarkiv capture --account x-kommun --final.`);
    expect(JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout)).toHaveLength(1);
  });

  it("after the closing record, a second one or a snapshot after it is refused, naming it; --reopen takes the account again, and the record says so", async () => {
    const [closing] = JSON.parse((await runCli(["records", "--json", "--account", "facebook-kommun", ...cfg()])).stdout);
    const again = await runCli(["capture", "--account", "facebook-kommun", "--final", ...cfg()]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`Account "facebook-kommun" already has its closing record, ${closing.recordId} (taken `);
    expect(unnamed(again.stderr, ws)).toContain("somarkiv capture --account facebook-kommun --final --force");
    const forced = await runCli(["capture", "--account", "facebook-kommun", "--force", ...cfg()]);
    expect(forced.code).toBe(2);
    expect(forced.stderr).toContain(`Account "facebook-kommun" has its closing record, ${closing.recordId} (taken `);
    expect(unnamed(forced.stderr, ws)).toContain(`If it is kept after all, take it again with: somarkiv capture --account facebook-kommun --reopen, and tell the registrar that ${closing.recordId} was not its last snapshot.`);
    expect(forced.stderr).not.toContain("no --reason was given"); // refused before anything was to be taken
    // A half-year missed before it, made up now, would be taken after it and show the same page.
    const before = previousPeriod(periodOf(new Date(), "Europe/Stockholm"));
    const makeUp = await runCli(["capture", "--account", "facebook-kommun", "--period", before, ...cfg()]);
    expect(makeUp.code).toBe(2);
    expect(makeUp.stderr).toContain(`A snapshot for ${before} taken now would be taken after it and show the same page. Tell the registrar that the closing record stands for ${before} too`);
    // Capturing every account (the worker's way too) passes it by, saying why, also when making up a half-year.
    const all = await runCli(["capture", ...cfg()]);
    expect(all.stdout).toContain(`facebook-kommun: skipped, its closing record ${closing.recordId} is its last snapshot`);
    const allBefore = await runCli(["capture", "--period", before, ...cfg()]);
    expect(allBefore.stdout).toContain(`facebook-kommun: skipped, its closing record ${closing.recordId} is its last snapshot`);
    expect(JSON.parse((await runCli(["records", "--json", "--account", "facebook-kommun", ...cfg()])).stdout)).toHaveLength(1);
    const st = JSON.parse((await runCli(["status", "--json", ...cfg()])).stdout);
    expect(st.missing ?? []).not.toContain("facebook-kommun");

    // --reopen is for an account with a closing record, in use in the configuration.
    const none = await runCli(["capture", "--account", "instagram-ungdom", "--reopen", ...cfg()]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`Account "instagram-ungdom" has no closing record, so there is nothing to reopen`);
    const reopened = await runCli(["capture", "--account", "facebook-kommun", "--reopen", ...cfg()]);
    expect(reopened.code, reopened.stderr).toBe(0);
    const recs = JSON.parse((await runCli(["records", "--json", "--account", "facebook-kommun", ...cfg()])).stdout);
    expect(recs.map((r: { version: number; final: boolean; flags: string[] }) => [r.version, r.final, r.flags])).toEqual([[1, true, ["final"]], [2, false, ["reopened"]]]);
    const text = execFileSync("pdftotext", [path.join(ws.objects, recs[1].storageKey), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(text).toContain("kontot stängdes inte ändå: ögonblicksbilden är tagen efter en tidigare slutlig ögonblicksbild av kontot");
    expect((await runCli(["status", ...cfg()])).stdout).not.toContain("closing record taken");
    // Taken back, it is no closed account in the making: config check says nothing of a closing record.
    expect((await runCli(["config", "check", ...cfg()])).stdout).not.toContain('"facebook-kommun" (');
    // Reopened without --reason, the sheet's reason says what it was taken for, not that nobody said.
    expect(text).toContain("Skäl kontot behålls: det togs upp igen efter sin slutliga ögonblicksbild");
  });
});

describe("a version asked for while another process captures the account", () => {
  it("is not taken, and the command that asked for it exits 1 saying so; a plain capture's skip is its due course", async () => {
    const site = await startFixtureServer();
    const ws = makeWorkspace({ organisation: ORGANISATION, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("langsam", site.at("pipeline/kommun.html?delay=5000"))] });
    try {
      const first = runCli(["capture", "--account", "langsam", "--force", "--config", ws.configPath]);
      await new Promise((r) => setTimeout(r, 2000));
      const [forced, plain] = await Promise.all([
        runCli(["capture", "--account", "langsam", "--force", "--reason", "en andra version", "--config", ws.configPath]),
        runCli(["capture", "--account", "langsam", "--config", ws.configPath]),
      ]);
      expect((await first).code).toBe(0);
      expect(forced.stdout).toContain("langsam: skipped, another somarkiv process is capturing this account right now");
      expect(forced.code).toBe(1);
      expect(plain.stdout).toContain("langsam: skipped, another somarkiv process is capturing this account right now");
      // Its first line already says so: "capturing 1 account" read as work begun.
      for (const r of [forced, plain]) {
        expect(r.stderr).toContain(`nothing to capture for ${periodOf(new Date(), "Europe/Stockholm")}: the account asked for is skipped, for the reason given below`);
        expect(r.stderr).not.toContain("capturing 1 account");
      }
      expect(plain.code).toBe(0);
    } finally {
      await site.close();
      ws.cleanup();
    }
  });
});

describe("config check on a log whose account was renamed in the configuration", () => {
  it("names the old id, the new one with its address, and how to keep one series", async () => {
    const ws = await syntheticArchive();
    try {
      ws.write({
        organisation: ORGANISATION,
        accounts: [account("konto-ny", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")],
      });
      const r = await runCli(["config", "check", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      // A policy warning: the series splits (Dokumentera).
      expect(r.stdout).toContain(`  - The log has records of account "konto-a", which is no longer in the configuration, and account "konto-ny" has its address (https://example.se/konto-a).`);
      expect(r.stdout).toContain(`to keep one series, add this line to account "konto-ny" in the file before the next capture, so that the records under "konto-a" are read as its series (they keep their ids): formerIds: [konto-a]. Or change the id back to "konto-a".`);
      expect(r.stdout).not.toContain(`"konto-b", which is no longer`);
      // Taken out of the file with no closing record: said, with what to do either way.
      ws.write({ organisation: ORGANISATION, accounts: [account("konto-ny", "https://example.se/konto-a")] });
      const gone = await runCli(["config", "check", "--config", ws.configPath]);
      expect(gone.stdout).toContain(`  - The log has records of account "konto-b" (https://example.se/konto-b), which is no longer in the configuration and has no closing record. Until it is back in the file nothing is captured of it and the public list of accounts leaves it out. Put it back first`);
      // Closed with its closing record, then deleted from the file: the public list no longer names
      // it among the closed accounts, which was said nowhere.
      const log = RecordLog.open(ws.database);
      log.records.insertCaptured({
        recordId: "konto-b_2026-H1_v2", accountId: "konto-b", period: "2026-H1", version: 2, final: true, capturedAt: "2026-06-20T06:00:00.000Z",
        url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200, sha256: "c".repeat(64), bytes: 10, pages: 1,
        pdfName: "konto-b_2026-H1_v2.pdf", manifestName: "konto-b_2026-H1_v2.json", manifestSha256: "d".repeat(64), manifestBytes: 10,
        spoolDir: ws.dir, consent: "none-found", flags: [], previousRecordId: "konto-b_2026-H1_v1", textFingerprint: null, imageFingerprint: null, runId: null,
      }, []);
      log.close();
      const closedGone = await runCli(["config", "check", "--config", ws.configPath]);
      expect(closedGone.stdout).not.toContain(`"konto-b" (https://example.se/konto-b), which is no longer in the configuration and has no closing record`);
      expect(closedGone.stdout).toContain(`  - The log has records of account "konto-b" (https://example.se/konto-b), closed with its closing record konto-b_2026-H1_v2, which is no longer in the configuration: the public list of accounts leaves it out, though a closed account stays on it (with when it was closed) as long as its records are kept. Put it back with status: closed and closedOn. [Redovisa sociala medier]`);
      const status = await runCli(["status", "--config", ws.configPath]);
      expect(status.stdout).toContain(`WARNING: The log has records of account "konto-b" (https://example.se/konto-b), closed with its closing record konto-b_2026-H1_v2`);
      // And to whoever publishes the list the account is missing from.
      const html = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(html.code).toBe(0);
      expect(html.stdout).not.toContain("konto-b");
      expect(html.stderr).toContain(`WARNING: The log has records of account "konto-b" (https://example.se/konto-b), closed with its closing record konto-b_2026-H1_v2, which is no longer in the configuration: the public list of accounts leaves it out`);
    } finally {
      ws.cleanup();
    }
  });
});

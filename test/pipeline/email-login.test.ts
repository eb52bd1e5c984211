import { describe, it, expect, beforeAll, afterAll } from "vitest";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";
import { account, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { storedRecord } from "../log/archive.ts";

/**
 * A mail server that refuses the login (a wrong password in the environment) keeps refusing until a
 * person corrects it: the delivery is given up on, as a refused recipient is, status says what to
 * do, and `deliver` after the fix sends it once. No browser: the record is made through the log and store.
 */
describe("an e-mail intake whose mail server refuses the login", () => {
  let smtp: TestSmtp;
  let ws: Workspace;
  const id = "konto-a_2026-H1_v1";
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    smtp = await startSmtp({ auth: { user: "somarkiv", pass: "rätt-lösen" } });
    ws = makeWorkspace({
      organisation: { name: "Överkalix kommun" },
      intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      accounts: [account("konto-a", "https://example.se/konto-a")],
    });
    const log = RecordLog.open(ws.database);
    try {
      await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: path.join(ws.dir, "spool", id), targets: ["email:registrator@overkalix.se"], manifest: { accountName: "Konto konto-a" } });
    } finally {
      log.close();
    }
  });
  afterAll(async () => {
    await smtp.stop();
    ws.cleanup();
  });

  it("is given up until a person corrects the password in the variable, status says to run deliver, and deliver then sends it once", async () => {
    const port = new URL(smtp.url).port;
    const wrong = { SOMARKIV_TEST_SMTP: smtp.url.replace(encodeURIComponent("rätt-lösen"), "fel-l%C3%B6sen") };
    const refused = await runCli(["deliver", ...cfg()], { env: wrong });
    expect(refused.code).toBe(1);
    expect(unnamed(refused.stderr, ws)).toContain(`NOT DELIVERED to registrator@overkalix.se by e-mail: the mail server at 127.0.0.1:${port} refused the login: 535 Authentication credentials invalid; check the user name (somarkiv) and the password in the environment variable SOMARKIV_TEST_SMTP, which holds the mail server address (smtp://user:password@host:port) — this needs a person to act; then run "somarkiv deliver"`);
    expect(`${refused.stdout}${refused.stderr}`).not.toMatch(/fel-l|lösen/);

    const status = await runCli(["status", ...cfg()], { env: wrong });
    expect(unnamed(status.stdout, ws)).toContain(`pending: ${id} delivery to registrator@overkalix.se by e-mail (given up: needs a person) — last error: the mail server at 127.0.0.1:${port} refused the login: 535 Authentication credentials invalid; check the user name (somarkiv) and the password in the environment variable SOMARKIV_TEST_SMTP, which holds the mail server address (smtp://user:password@host:port) — nothing tries it again by itself: a person must act on the error, then run "somarkiv deliver", which sends it once`);
    const [pending] = JSON.parse((await runCli(["status", "--json", ...cfg()], { env: wrong })).stdout).accounts[0].pending;
    expect(pending).toMatchObject({ recordId: id, nextAttemptAt: null, givenUp: true });

    const fixed = await runCli(["deliver", ...cfg()], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
    expect([fixed.code, fixed.stdout]).toEqual([0, `delivered: ${id} to registrator@overkalix.se by e-mail\n`]);
    expect((await runCli(["deliver", ...cfg()], { env: { SOMARKIV_TEST_SMTP: smtp.url } })).stdout).toBe("Nothing was waiting: every record is stored and delivered.\n");
    expect(smtp.messages).toHaveLength(1);
  });
});

/**
 * A delivery given up because the mail server refused the login (a wrong password: 535, which a
 * person must mend) and retried by `somarkiv deliver` before the password was corrected: refused
 * again for the same reason, `deliver` said only what it said the first time ("then run somarkiv
 * deliver"), which the operator had just done. Now it says the refusal is the same, that running it
 * again does not help, and which setting a person must correct. A real SMTP server on 127.0.0.1 that
 * takes one login, the real command line on a real log; no browser.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { ORGANISATION, storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const TO = "registrator@overkalix.se";
const CLOCK = path.join(import.meta.dirname, "../helpers/clock-at.mjs");

describe("a delivery given up for a refused login, retried by deliver", () => {
  it("is said refused again for the same reason, with the setting a person must correct, and goes once it is corrected", async () => {
    const smtp = await startSmtp({ auth: { user: "somarkiv", pass: "rätt-lösen" } });
    cleanups.push(() => smtp.stop());
    const ws = makeWorkspace({
      organisation: ORGANISATION,
      accounts: [account("konto-a", "https://example.se/konto-a")],
      intake: [{ type: "email", to: TO, from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
    });
    cleanups.push(() => ws.cleanup());
    const log = RecordLog.open(ws.database);
    const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: path.join(ws.dir, "src"), targets: [`email:${TO}`], manifest: { accountName: "Konto A" } });
    log.close();
    // The password with a word more: the login the server refuses.
    const wrong = smtp.url.replace("@", "-fel@");
    expect(wrong).not.toBe(smtp.url);
    const cli = async (url: string, ...args: string[]) => {
      const r = await runCli([...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: url, NODE_OPTIONS: `--import ${CLOCK}`, CLOCK_AT: "2026-06-20T10:00:00Z" } });
      return { ...r, stdout: unnamed(r.stdout, ws), stderr: unnamed(r.stderr, ws) };
    };
    const setting = "the user name (somarkiv) and the password in the environment variable SOMARKIV_TEST_SMTP";

    const first = await cli(wrong, "deliver");
    expect(first.code, first.stdout + first.stderr).toBe(1);
    expect(first.stderr).toContain('— this needs a person to act; then run "somarkiv deliver"');
    expect(first.stdout).not.toContain("refused again");

    // Run again before the password is corrected: the same refusal, said as such, with what to correct.
    const again = await cli(wrong, "deliver");
    expect(again.code, again.stdout + again.stderr).toBe(1);
    const said = `refused again for the same reason, so given up again: running "somarkiv deliver" again is refused the same way until a person has corrected ${setting}; then run "somarkiv deliver", which sends it once`;
    expect(again.stdout).toContain(`not done: ${id}: not delivered to ${TO} by e-mail: the mail server at `);
    expect(again.stdout).toContain(`refused the login: 535 Authentication credentials invalid; check ${setting}, which holds the mail server address (smtp://user:password@host:port) — ${said}\n`);
    expect(again.stderr).toContain(`— ${said}\n`);
    expect(again.stderr).not.toContain("this needs a person to act; then run");
    const st = await cli(wrong, "status");
    expect(st.stdout).toContain(`pending: ${id} delivery to ${TO} by e-mail (given up: needs a person)`);
    expect(st.stdout).not.toContain("next try");

    // Corrected: it goes.
    const sent = await cli(smtp.url, "deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(sent.stdout).toContain(`delivered: ${id} to ${TO} by e-mail`);
    expect(smtp.messages).toHaveLength(1);
  }, 600_000);
});

/**
 * The registrar's mail server refusing the machine somarkiv runs on for now (450 4.7.1 Client host
 * rejected: cannot find your hostname, at RCPT TO, from a real SMTP server on 127.0.0.1): deliver and
 * status say what the server said, that the record waits and is tried again, and what IT must mend,
 * where it was "nothing needs doing"; once the server takes this machine the record is delivered.
 * "454 4.7.0 TLS required" to the login is said by config check and deliver as the encrypted
 * connection the server asks for, where it was a user name and password to check.
 * The real command line; no browser.
 */
import { afterEach, describe, expect, it } from "vitest";
import { unnamed } from "../helpers/cli.ts";
import { MAIL_TO, recordWaitingForMail } from "../helpers/mail-waiting.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const TO = MAIL_TO;

describe("the mail server refusing this machine", () => {
  it("is said by deliver and status with what IT must mend, and the record waits and is delivered once the server takes the machine", async () => {
    const { smtp, ws, id, cli } = await recordWaitingForMail(cleanups);
    const said = `450 4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]: it finds no DNS name for the address of the machine somarkiv runs on (no reverse DNS), and that does not pass by itself; each try is refused until this is mended: give the machine's address a DNS name (a PTR record that leads back to the address), or ask whoever runs the mail server to add this machine's address to the senders it trusts; the record waits, and it will be tried again by "somarkiv deliver" or the worker`;

    smtp.refuseRecipients({ code: 450, text: "4.7.1 Client host rejected: cannot find your hostname, [10.1.2.3]" });
    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const out = unnamed(refused.stdout, ws);
    expect(out).toContain(`${id}: not delivered to ${TO} by e-mail: the mail server did not take the record for now: ${said}`);
    expect(out).not.toContain("nothing needs doing");
    expect(smtp.messages).toHaveLength(0);

    const waits = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; deliveries: Array<{ status: string }> }>;
    expect(waits.find((r) => r.recordId === id)!.deliveries).toMatchObject([{ status: "pending" }]);
    const st = await cli("status");
    // Its next try is said by the line, once: not also by the error's own "it will be tried again".
    const pending = unnamed(st.stdout, ws).split("\n").find((l) => l.includes(`pending: ${id}`))!;
    expect(pending).toContain(`pending: ${id} delivery to ${TO} by e-mail — last error: the mail server did not take the record for now: ${said.replace('; the record waits, and it will be tried again by "somarkiv deliver" or the worker', "")} — next try after `);
    expect(pending).not.toContain("it will be tried again");

    smtp.refuseRecipients(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  }, 120_000);

  it("a 454 TLS required to the login is said by config check and deliver as the encrypted connection asked for, not a password to check, and the record waits", async () => {
    const { smtp, ws, id, cli, address } = await recordWaitingForMail(cleanups, { auth: { user: "somarkiv", pass: "lösen" } });
    const what = "454 4.7.0 TLS required: it takes mail only over an encrypted connection, and this one was not encrypted, and that does not pass by itself";
    const mend = "write smtps:// and its port (usually 465) in SOMARKIV_TEST_SMTP, or ask whoever runs the mail server to offer STARTTLS on the port given (smtp://, usually 587)";

    smtp.refuseLogins({ code: 454, text: "4.7.0 TLS required" });
    const check = await cli("config", "check");
    expect(check.stdout).toContain(`intake WARNING: The mail server at ${address} did not take the login for now: ${what}; records wait and are refused until this is mended: ${mend}.`);
    expect(check.stdout).not.toContain("check the user name");

    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const out = unnamed(refused.stdout, ws);
    expect(out).toContain(`${id}: not delivered to ${TO} by e-mail: the mail server at ${address} did not take the login for now: ${what}; each try is refused until this is mended: ${mend}; the record waits, and it will be tried again by "somarkiv deliver" or the worker`);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain("password");
    const waits = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; deliveries: Array<{ status: string }> }>;
    expect(waits.find((r) => r.recordId === id)!.deliveries).toMatchObject([{ status: "pending" }]);

    smtp.refuseLogins(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  }, 120_000);
});

/**
 * The registrar's mail server refusing for good what no address or password mends (from a real SMTP
 * server on 127.0.0.1): a 530 that asks for an encrypted connection, where it was "takes mail only
 * after a login … put them in it", and a 5xx relay refusal, where it was "rejected the recipient …;
 * check the intake address". deliver, status and config check say what the server refuses and what
 * to mend; the delivery is given up until a person acts, and deliver sends it once the server takes it.
 * The real command line; no browser.
 */
import { afterEach, describe, expect, it } from "vitest";
import { unnamed } from "../helpers/cli.ts";
import { MAIL_TO, recordWaitingForMail } from "../helpers/mail-waiting.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const TO = MAIL_TO;

const setUp = () => recordWaitingForMail(cleanups);

describe("the mail server refusing for good what no address or password mends", () => {
  it("a 530 asking for TLS is said by deliver, status and config check as the encrypted connection it asks for, given up until a person acts", async () => {
    const { smtp, ws, id, cli, address } = await setUp();
    const said = `the mail server at ${address} refuses mail from somarkiv: 530 5.7.0 Must issue a STARTTLS command first: it takes mail only over an encrypted connection, and this one was not encrypted, a rule of the server that does not pass by itself; no record is sent until this is mended: write smtps:// and its port (usually 465) in SOMARKIV_TEST_SMTP, or ask whoever runs the mail server to offer STARTTLS on the port given (smtp://, usually 587)`;

    smtp.refuseSenders({ code: 530, text: "5.7.0 Must issue a STARTTLS command first" });
    const check = await cli("config", "check");
    expect(check.stdout).toContain(`intake ERROR: T${said.slice(1)}.`);
    expect(check.stdout).not.toContain("takes mail only after a login");

    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(unnamed(refused.stderr, ws)).toContain(`NOT DELIVERED to ${TO} by e-mail: ${said} — this needs a person to act; then run "somarkiv deliver"`);
    expect(unnamed(refused.stdout, ws)).toContain(`${id}: not delivered to ${TO} by e-mail: ${said}`);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain("login");
    const st = await cli("status");
    expect(unnamed(st.stdout, ws)).toContain(`pending: ${id} delivery to ${TO} by e-mail (given up: needs a person) — last error: ${said} — nothing tries it again by itself`);
    expect(smtp.messages).toHaveLength(0);

    smtp.refuseSenders(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  }, 120_000);

  it("a 5xx relay refusal is said by deliver, status and config check as the server not passing mail on for this sender, given up until a person acts, not as a wrong recipient", async () => {
    const { smtp, ws, id, cli, address } = await setUp();
    const said = `the mail server at ${address} refuses mail from somarkiv: 554 5.7.1 <${TO}>: Relay access denied: it does not pass mail on to ${TO} for this sender (relay access), and somarkiv does not sign in to it, a rule of the server that does not pass by itself; no record is sent until this is mended: put the mail server's login in SOMARKIV_TEST_SMTP (smtp://user:password@host:587), as a mail server passes mail on for a sender that signs in, or ask whoever runs the mail server to add this machine's address to the senders it trusts; and check that the intake's to: address is the registrar's (its domain one the mail server takes mail for)`;

    smtp.refuseRecipients({ code: 554, text: `5.7.1 <${TO}>: Relay access denied` });
    const check = await cli("config", "check");
    expect(check.stdout).toContain(`intake ERROR: T${said.slice(1)}.`);
    expect(check.stdout).not.toContain("Records sent there would not arrive");

    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(unnamed(refused.stderr, ws)).toContain(`NOT DELIVERED to ${TO} by e-mail: ${said} — this needs a person to act; then run "somarkiv deliver"`);
    expect(unnamed(refused.stdout, ws)).toContain(`${id}: not delivered to ${TO} by e-mail: ${said}`);
    expect(`${refused.stdout}${refused.stderr}`).not.toContain("rejected the recipient");
    const st = await cli("status");
    expect(unnamed(st.stdout, ws)).toContain(`pending: ${id} delivery to ${TO} by e-mail (given up: needs a person) — last error: ${said} — nothing tries it again by itself`);
    expect(smtp.messages).toHaveLength(0);

    smtp.refuseRecipients(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
  }, 120_000);
});

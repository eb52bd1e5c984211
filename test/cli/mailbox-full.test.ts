/**
 * The registrar's mailbox full (452 4.2.2 at RCPT TO, from a real SMTP server on 127.0.0.1): deliver
 * says whose mailbox and what to do, the delivery waits (not given up), status says it above the
 * accounts, where it was one waiting delivery's "last error" among others that pass by themselves,
 * and status --json gives it as fullMailboxes; once the mailbox takes mail again the record is delivered. The real command line; no browser.
 */
import { afterEach, describe, expect, it } from "vitest";
import { unnamed } from "../helpers/cli.ts";
import { MAIL_TO, recordWaitingForMail } from "../helpers/mail-waiting.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const TO = MAIL_TO;

describe("the registrar's mailbox full", () => {
  it("is said by deliver and status as a full mailbox someone must empty, and the record waits and is delivered once it takes mail again", async () => {
    const { smtp, ws, id, cli } = await recordWaitingForMail(cleanups);

    smtp.refuseRecipients({ code: 452, text: "4.2.2 Mailbox full" });
    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(unnamed(refused.stdout, ws)).toContain(`${id}: not delivered to ${TO} by e-mail: the registrar's mailbox ${TO} is full (the mail server answered 452 4.2.2 Mailbox full); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: the record waits, and it will be tried again by "somarkiv`);
    expect(smtp.messages).toHaveLength(0);

    const waits = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; deliveries: Array<{ status: string }> }>;
    expect(waits.find((r) => r.recordId === id)!.deliveries).toMatchObject([{ status: "pending" }]);
    const st = await cli("status");
    expect(unnamed(st.stdout, ws)).toContain(`WARNING: the registrar's mailbox ${TO} is full, and 1 record waits to be delivered to it (${id}); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by "somarkiv deliver".`);
    // For a monitoring script: a field of its own, not only the waiting delivery's error text.
    const json = JSON.parse((await cli("status", "--json")).stdout) as { fullMailboxes: unknown };
    expect(json.fullMailboxes).toEqual([{ mailbox: TO, records: [id], message: `the registrar's mailbox ${TO} is full, and 1 record waits to be delivered to it (${id}); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by "somarkiv deliver"` }]);

    // Emptied: the record goes, and nothing is said of the mailbox any more.
    smtp.refuseRecipients(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.attachments.map((a) => a.filename)).toContain(`${id}.pdf`);
    expect((await cli("status")).stdout).not.toContain("is full");
    expect((JSON.parse((await cli("status", "--json")).stdout) as { fullMailboxes: unknown }).fullMailboxes).toEqual([]);
  }, 120_000);
});

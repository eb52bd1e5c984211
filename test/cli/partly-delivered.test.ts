/**
 * A record delivered to one of two intakes and waiting for the other: the folder takes it, the
 * registrar's mail server (a real SMTP server on 127.0.0.1) answers 451 at RCPT TO. Its status in the
 * log stays "stored" until both have it, and status and records said only that, as if it were at
 * neither; now they say which intake has it, which waits, since when, the last error and what comes
 * next. Once the server takes mail, deliver sends it and it is "delivered". The real command line at
 * a day of the record's half-year (helpers/clock-at.mjs), so that status shows it as the account's
 * record of the half-year; no browser.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseCsv } from "../helpers/csv.ts";
import { MAIL_TO as TO, recordAtFolderWaitingForMail } from "../helpers/mail-waiting.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

// A day of 2026-H1, the record's half-year, in Swedish summer time (UTC+2).
const DAY = "2026-06-20";

interface Delivery { target: string; intake: string; status: string; attempts: number; waitingSince: string | null; next: string | null; error: string | null }
interface Listed { recordId: string; status: string; partlyDelivered: boolean; deliveries: Delivery[] }

describe("a record at the folder intake and waiting for e-mail", () => {
  it("is said by status and records as delivered to the folder and waiting for e-mail, since when, why and what comes next, and as delivered once the mail server takes it", async () => {
    const { smtp, ws, id, cli, folder, refused } = await recordAtFolderWaitingForMail(cleanups, DAY);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(true);
    expect(smtp.messages).toHaveLength(0);
    const error = "the mail server did not take the record for now: 451 4.3.0 Temporary server error, try again later";

    // status: the account's line says where the record is and is not; its pending line since when and what next.
    const st = await cli("status");
    expect(st.code, st.stdout + st.stderr).toBe(0);
    expect(st.stdout).toContain(`  konto-a (Konto konto-a): ${id} stored, delivered to the folder ${ws.intake}, not yet to ${TO} by e-mail (pending below)\n`);
    const pending = st.stdout.split("\n").find((l) => l.includes(`pending: ${id}`));
    expect(pending).toContain(`pending: ${id} delivery to ${TO} by e-mail (the folder ${ws.intake} has it already) — last error: ${error}`);
    expect(pending).toMatch(new RegExp(` — tried again by the worker after ${DAY} 12:0\\d:\\d\\d CEST, or at once by "somarkiv deliver" — waiting since ${DAY} 12:00:\\d\\d CEST$`));

    const json = JSON.parse((await cli("status", "--json")).stdout) as { accounts: Array<{ currentRecord: Listed; pending: Array<{ recordId: string; deliveredTo: string[]; waitingSince: string | null; next: string | null }> }> };
    const [acct] = json.accounts;
    expect(acct!.currentRecord).toMatchObject({ recordId: id, status: "stored", partlyDelivered: true });
    expect(acct!.pending).toHaveLength(1);
    expect(acct!.pending[0]).toMatchObject({ recordId: id, deliveredTo: [folder] });
    expect(acct!.pending[0]!.waitingSince).toMatch(new RegExp(`^${DAY}T10:00:`));
    expect(acct!.pending[0]!.next).toMatch(/^tried again by the worker after .* CEST, or at once by "somarkiv deliver"$/);

    // records --json: the status field as before, and beside it what is delivered in part.
    const listed = (JSON.parse((await cli("records", "--json")).stdout) as Listed[]).find((r) => r.recordId === id)!;
    expect(listed).toMatchObject({ status: "stored", partlyDelivered: true });
    expect(listed.deliveries).toMatchObject([
      { target: folder, intake: `the folder ${ws.intake}`, status: "delivered", waitingSince: null, next: null },
      { target: `email:${TO}`, intake: `${TO} by e-mail`, status: "pending", attempts: 1 },
    ]);
    expect(listed.deliveries[1]!.waitingSince).toBe(acct!.pending[0]!.waitingSince);
    expect(listed.deliveries[1]!.error).toContain(error);
    expect(listed.deliveries[1]!.next).toMatch(/^tried again by the worker after .* CEST, or at once by "somarkiv deliver"$/);

    const text = (await cli("records")).stdout.split("\n").find((l) => l.startsWith(id))!;
    expect(text).toMatch(new RegExp(`^${id} {2}partly {5}`));
    expect(text).toMatch(new RegExp(`delivered to the folder ${ws.intake}, not yet to every intake, waits for delivery to ${TO} by e-mail \\(1 try since ${DAY} 12:00:\\d\\d CEST, next ${DAY} 12:0\\d:\\d\\d CEST\\): ${error}`));
    expect(text).toContain(`; tried again by the worker after ${DAY} 12:0`);

    // The registrar's CSV: in part, and the intake that waits since when.
    const [head, ...rows] = parseCsv((await cli("records", "--csv")).stdout.replace(/^\uFEFF/, ""));
    const row = rows.find((r) => r[0] === id)!;
    expect(row[head!.indexOf("Status")]).toBe("delvis levererad");
    expect(row[head!.indexOf("Leveranser")]).toMatch(new RegExp(`^mappen ${ws.intake}: levererad, e-post till ${TO}: väntar sedan ${DAY} 12:00:\\d\\d CEST \\(försöks igen vid somarkivs nästa leverans\\)$`));

    // The server takes mail again: deliver sends it, and it is delivered, said so everywhere.
    smtp.refuseRecipients(undefined);
    const sent = await cli("deliver");
    expect(sent.code, sent.stdout + sent.stderr).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(sent.stdout).toContain(`delivered: ${id} to ${TO} by e-mail`);
    const after = await cli("status");
    expect(after.stdout).toContain(`  konto-a (Konto konto-a): ${id} delivered\n`);
    expect(after.stdout).not.toContain("pending:");
    const done = (JSON.parse((await cli("records", "--json")).stdout) as Listed[]).find((r) => r.recordId === id)!;
    expect(done).toMatchObject({ status: "delivered", partlyDelivered: false });
    expect(done.deliveries.map((d) => [d.status, d.waitingSince, d.next])).toEqual([["delivered", null, null], ["delivered", null, null]]);
    const [head2, ...rows2] = parseCsv((await cli("records", "--csv")).stdout.replace(/^\uFEFF/, ""));
    const row2 = rows2.find((r) => r[0] === id)!;
    expect(row2[head2!.indexOf("Status")]).toBe("levererad");
    expect(row2[head2!.indexOf("Leveranser")]).toBe(`mappen ${ws.intake}: levererad, e-post till ${TO}: levererad`);
    // Ten commands, each a Node process of its own: on a machine busy with other tests they take minutes.
  }, 600_000);
});

/**
 * What `status` and `records` say of records that wait: a record the folder intake has and the
 * registrar's mail server (a real SMTP server on 127.0.0.1) refuses for now is counted as partly
 * delivered, not "stored" as if at no intake; the summary line says what each account waits for (to
 * be stored, or delivery to which intake), not "stored or delivered" of all; and the next try is said
 * once, not by the error's own "it will be tried again" and again by the line. The real command line
 * on a real log, at a day of the records' half-year (helpers/clock-at.mjs); no browser.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MAIL_TO as TO, recordAtFolderWaitingForMail } from "../helpers/mail-waiting.ts";
import { RecordLog } from "../../src/log/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const DAY = "2026-06-20";
const RETRIED = 'it will be tried again by "somarkiv deliver" or the worker';

describe("records waiting for an intake, in status and records", () => {
  it("counts one at the folder and waiting for e-mail as partly delivered, names what each account waits for, and says the next try once", async () => {
    const { ws, id, cli, refused } = await recordAtFolderWaitingForMail(cleanups, DAY, ["konto-a", "konto-b", "konto-c"]);
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    // Said by deliver, where no line of its own says when it is tried again.
    expect(refused.stdout).toContain(RETRIED);

    // A record of konto-b captured, not yet stored (its spool folder is not here: the store never had it).
    const log2 = RecordLog.open(ws.database);
    const b = "konto-b_2026-H1_v1";
    log2.records.insertCaptured({
      recordId: b, accountId: "konto-b", period: "2026-H1", version: 1, final: false, capturedAt: "2026-06-10T06:00:00.000Z",
      url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200,
      sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${b}.pdf`, manifestName: `${b}.json`,
      manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: path.join(ws.dir, "gone"), consent: "none-found", flags: [],
      previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, [`directory:${ws.intake}`, `email:${TO}`]);
    log2.close();

    const st = await cli("status");
    expect(st.code, st.stdout + st.stderr).toBe(0);
    const summary = st.stdout.split("\n").find((l) => l.startsWith("Accounts: "))!;
    // 1: counted as what it is, as its line and records say it, not as "stored".
    expect(summary).toContain("for 2026-H1: 1 partly delivered (at some intakes, waiting for others), 1 captured, 1 without a snapshot yet.");
    expect(summary).not.toContain("1 stored");
    // 2: each account with what it waits for.
    expect(summary).toContain(` Waiting: konto-a for delivery to ${TO} by e-mail; konto-b to be stored.`);
    expect(summary).not.toContain("stored or delivered");
    const json = JSON.parse((await cli("status", "--json")).stdout) as { summary: { counts: Record<string, number> }; accounts: Array<{ pending: Array<{ target?: string }> }> };
    expect(json.summary.counts).toMatchObject({ partlyDelivered: 1, stored: 0, captured: 1, missing: 1 });
    expect(json.accounts[0]!.pending.map((p) => p.target)).toEqual([`email:${TO}`]);
    expect(json.accounts[1]!.pending.map((p) => p.target)).toEqual([undefined, `directory:${ws.intake}`, `email:${TO}`]);

    // 3: the pending line says the next try once, with its time.
    const pending = st.stdout.split("\n").find((l) => l.includes(`pending: ${id}`))!;
    expect(pending).toContain("— last error: the mail server did not take the record for now: 451 4.3.0 Temporary server error, try again later: it has a passing trouble of its own (its system, storage or network), not a wrong address; nothing needs doing — tried again by the worker after ");
    expect(pending).not.toContain("it will be tried again");
    // 4: a delivery not tried yet (or cut off by a stop) says what sends it, where its line said nothing of it.
    const untried = st.stdout.split("\n").find((l) => l.includes(`pending: ${b} delivery to the folder`))!;
    // No worker has run with this log: its next wake is none to name.
    expect(untried).toMatch(/ — sent by "somarkiv (--config \S+ )?deliver" \(no worker has run with this log\)$/);
    expect(pending).not.toContain("at the worker's next wake, or now by");
    // Once one has, it is the worker's next wake, or deliver now.
    const withWorker = RecordLog.open(ws.database);
    withWorker.addWake("ok", {}, null);
    withWorker.close();
    const later = (await cli("status")).stdout.split("\n").find((l) => l.includes(`pending: ${b} delivery to the folder`))!;
    expect(later).toMatch(/ — sent at the worker's next wake, or now by "somarkiv (--config \S+ )?deliver"$/);
    const line = (await cli("records")).stdout.split("\n").find((l) => l.startsWith(id))!;
    expect(line).toContain("not a wrong address; nothing needs doing; tried again by the worker after ");
    expect(line).not.toContain("it will be tried again");
  }, 600_000);
});

/**
 * A delivery's error keeps its fact, what a person should do and what happens next apart in the log,
 * so that `status` and `records`, which say the next try on their own line, show the fact and the
 * mend without the error's own "it will be tried again", and cut nothing out of the fact: an intake
 * whose answer says "it will be tried again later" in its own words is quoted whole, where those words
 * were cut out of its answer by the pattern that took the error's own retry words away. An error an
 * older somarkiv kept as one text is still shown without its retry words. The real command line on a
 * real log and a real HTTP intake on 127.0.0.1, at a day of the records' half-year; no browser.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { startHttpIntake } from "../helpers/httpIntake.ts";
import { ORGANISATION, storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const CLOCK = path.join(import.meta.dirname, "../helpers/clock-at.mjs");
const DAY = "2026-06-20";

describe("a delivery's last error beside the next try", () => {
  it("is the intake's answer whole, without the error's own retry words, in status and records; and an older log's one-text error still loses only its retry words", async () => {
    // The intake's own words say what the error's own advice says: they are the intake's, and stay.
    const answer = "Intake paused: it will be tried again later.";
    const intake = await startHttpIntake({ always: { status: 503, body: answer, headers: { "content-type": "text/plain" } } });
    cleanups.push(() => intake.stop());
    const ws = makeWorkspace({
      organisation: ORGANISATION,
      accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", "https://example.se/konto-b")],
      intake: [{ type: "http", url: intake.url }],
    });
    cleanups.push(() => ws.cleanup());
    const target = `http:${intake.url}`;
    const log = RecordLog.open(ws.database);
    const store = new FilesystemStore(ws.objects);
    const id = await storedRecord(log, store, { accountId: "konto-a", folder: path.join(ws.dir, "src-a"), targets: [target], manifest: { accountName: "Konto A" } });
    const old = await storedRecord(log, store, { accountId: "konto-b", folder: path.join(ws.dir, "src-b"), targets: [target], manifest: { accountName: "Konto B" } });
    log.close();
    const cli = async (...args: string[]) => {
      const r = await runCli([...args, "--config", ws.configPath], { env: { NODE_OPTIONS: `--import ${CLOCK}`, CLOCK_AT: `${DAY}T10:00:00Z` } });
      return { ...r, stdout: unnamed(r.stdout, ws), stderr: unnamed(r.stderr, ws) };
    };

    const refused = await cli("deliver");
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    const fact = `the registrar's intake at ${intake.url} failed: HTTP 503 Service Unavailable (${answer})`;
    // Said by deliver, where no line of its own says when it is tried again: the fact and what happens next.
    expect(refused.stdout).toContain(`${id}: not delivered to the HTTP intake ${intake.url}: ${fact}; it will be tried again later`);
    // As an older somarkiv kept a failure: one text, its retry words in it, no parts in its event.
    const older = RecordLog.open(ws.database);
    older.records.markDeliveryFailed(old, target, `could not reach the registrar's intake at ${intake.url} (the connection was refused); it will be tried again later`, new Date(`${DAY}T12:00:00Z`));
    older.close();

    const st = await cli("status");
    expect(st.code, st.stdout + st.stderr).toBe(0);
    const pending = st.stdout.split("\n").find((l) => l.includes(`pending: ${id}`))!;
    expect(pending).toContain(`— last error: ${fact} — next try after `);
    const oldPending = st.stdout.split("\n").find((l) => l.includes(`pending: ${old}`))!;
    expect(oldPending).toContain(`— last error: could not reach the registrar's intake at ${intake.url} (the connection was refused) — next try after `);

    const lines = (await cli("records")).stdout.split("\n");
    const line = lines.find((l) => l.startsWith(id))!;
    expect(line).toMatch(new RegExp(`\\): ${escaped(fact)}(,|$)`));
    expect(line.replace(answer, "")).not.toContain("tried again later");
    expect(lines.find((l) => l.startsWith(old))).toMatch(new RegExp(`\\): could not reach the registrar's intake at ${escaped(intake.url)} \\(the connection was refused\\)(,|$)`));

    // --json keeps each delivery's whole error, as SPEC §5 has it.
    const json = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; deliveries: Array<{ error: string }> }>;
    expect(json.find((r) => r.recordId === id)!.deliveries[0]!.error).toBe(`${fact}; it will be tried again later`);
    // status --json is as it was: the parts are for the text.
    const status = JSON.parse((await cli("status", "--json")).stdout) as { accounts: Array<{ pending: Array<Record<string, unknown>> }> };
    expect(Object.keys(status.accounts[0]!.pending[0]!)).not.toContain("errorFact");
  }, 600_000);
});

function escaped(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

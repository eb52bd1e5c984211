import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { startHttpIntake, type TestHttpIntake } from "../helpers/httpIntake.ts";
import { ORGANISATION, sha, tamper } from "../log/archive.ts";

/**
 * What an HTTP intake answers to a delivery, as `deliver`, `status` and `records` say it: a 409 to a
 * repeat of the record's key, a diary number the log cannot keep, one another record has. Stored
 * records made through somarkiv's own log and store (no browser), delivered by the real command line
 * to a real HTTP intake on 127.0.0.1.
 */
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

async function intakeOf(opts: Parameters<typeof startHttpIntake>[0]): Promise<TestHttpIntake> {
  const intake = await startHttpIntake(opts);
  cleanups.push(() => intake.stop());
  return intake;
}

/** A record of each account, stored and waiting for its delivery to the HTTP intake at `url`. */
async function waitingFor(url: string, accountIds: string[]) {
  const ws = makeWorkspace({ organisation: ORGANISATION, intake: [{ type: "http", url }], accounts: accountIds.map((a) => account(a, `https://example.se/${a}`)) });
  cleanups.push(() => ws.cleanup());
  const log = RecordLog.open(ws.database);
  const store = new FilesystemStore(ws.objects);
  const src = path.join(ws.dir, "src");
  fs.mkdirSync(src);
  const ids: string[] = [];
  for (const [i, accountId] of accountIds.entries()) {
    const period = "2026-H1";
    const id = `${accountId}_${period}_v1`;
    const pdf = Buffer.from(`%PDF-1.7\n% ögonblicksbild av ${accountId}\n%%EOF\n`, "utf8");
    const manifest = Buffer.from(JSON.stringify({ recordId: id, accountId, accountName: `Konto ${accountId}`, period }) + "\n", "utf8");
    fs.writeFileSync(path.join(src, `${id}.pdf`), pdf);
    fs.writeFileSync(path.join(src, `${id}.json`), manifest);
    log.records.insertCaptured({
      recordId: id, accountId, period, version: 1, final: false, capturedAt: `2026-06-10T06:0${i}:00.000Z`,
      url: `https://example.se/${accountId}`, finalUrl: `https://example.se/${accountId}`, httpStatus: 200,
      sha256: sha(pdf), bytes: pdf.length, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
      manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: src, consent: "none-found", flags: [],
      previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null,
    }, [`http:${url}`]);
    const p = await store.put(recordKey(period, accountId, 1, "pdf"), path.join(src, `${id}.pdf`), sha(pdf));
    const m = await store.put(recordKey(period, accountId, 1, "json"), path.join(src, `${id}.json`), sha(manifest));
    log.records.markStored(id, p.fullKey, m.fullKey, p.sha256);
    // Delivered from the store, as a record whose spool copy is gone is.
    log.records.clearSpool(id);
    ids.push(id);
  }
  log.close();
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, "--config", ws.configPath]);
    return { ...r, stdout: unnamed(r.stdout, ws), stderr: unnamed(r.stderr, ws) };
  };
  return { ws, ids, cli };
}

describe("an HTTP intake's answer to a delivery", () => {
  it("409 to a repeat of the record's key, after an answer lost on the way: the intake has it, so it is delivered, with the diary number of the answer, and not sent again", async () => {
    const intake = await intakeOf({ answerLost: 1, repeatConflict: true, dnr: () => "KS 2026/100" });
    const { cli, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    const lost = await cli("deliver");
    expect(lost.code).toBe(1);
    expect(lost.stderr).toContain(`NOT DELIVERED to the HTTP intake ${intake.url}: the registrar's intake at ${intake.url} failed: HTTP 500`);

    const again = await cli("deliver");
    expect([again.code, again.stdout]).toEqual([0, `delivered: ${id} to the HTTP intake ${intake.url}\n`]);
    expect(again.stderr).toContain(`delivered to the HTTP intake ${intake.url} (diary number KS 2026/100): the intake already had it (HTTP 409)`);
    expect(again.stderr).not.toContain("NOT DELIVERED");
    const [rec] = JSON.parse((await cli("records", "--json")).stdout);
    expect(rec).toMatchObject({ status: "registered", dnr: "KS 2026/100" });
    expect(rec.deliveries[0]).toMatchObject({ status: "delivered", error: null });

    expect((await cli("deliver")).stdout).toBe("Nothing was waiting: every record is stored and delivered.\n");
    expect(intake.requests).toHaveLength(2);
    expect(intake.registered.size).toBe(1);
    expect((await cli("verify")).code).toBe(0);
  });

  it("a diary number the log cannot keep is said by status and records, with the command to record the right one, until it is recorded", async () => {
    // A line break with more after it, and a whole sentence of 88 characters.
    const long = `KS 2026/55 ${"mottagen och registrerad i diariet ".repeat(3)}`.slice(0, 88);
    const intake = await intakeOf({ dnr: (n) => (n === 1 ? "KS 2026/55\nrm -rf" : long) });
    const { cli, ids: [a, b] } = await waitingFor(intake.url, ["konto-a", "konto-b"]);
    const run = await cli("deliver");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`delivered to the HTTP intake ${intake.url}, but the diary number it answered with was not recorded`);

    const notRecorded = (id: string) => `the diary number the HTTP intake ${intake.url} answered with for ${id} was not recorded:`;
    const command = (id: string) => `Ask the registrar for the number and record it with: somarkiv registered ${id} --dnr "…"`;
    for (const listing of [(await cli("status")).stdout, (await cli("records")).stdout]) {
      expect(listing).toContain(`${notRecorded(a)} the diary number "KS 2026/55⏎rm -rf" holds a line break or another control character`);
      expect(listing).toContain(`${notRecorded(b)} the diary number is 88 characters long`);
      expect(listing).toContain(command(a));
      expect(listing).toContain(command(b));
    }

    expect((await cli("registered", a, "--dnr", "KS 2026/55")).code).toBe(0);
    for (const listing of [(await cli("status")).stdout, (await cli("records")).stdout]) {
      expect(listing).not.toContain(notRecorded(a));
      expect(listing).toContain(notRecorded(b));
    }
  });

  it("a receipt whose keys are in PascalCase ({\"Successful\": true, \"Dnr\": …}, as a .NET intake answers) is delivered with its diary number, in records and the log", async () => {
    const body = JSON.stringify({ Successful: true, Dnr: "KS 2026/45" });
    const intake = await intakeOf({ always: { status: 200, body, headers: { "content-type": "application/json; charset=utf-8" } } });
    const { cli, ws, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    const run = await cli("deliver");
    expect([run.code, run.stdout]).toEqual([0, `delivered: ${id} to the HTTP intake ${intake.url}\n`]);
    const [rec] = JSON.parse((await cli("records", "--json")).stdout);
    expect(rec).toMatchObject({ recordId: id, status: "registered", dnr: "KS 2026/45" });
    const log = RecordLog.open(ws.database);
    try {
      expect(log.records.get(id)?.dnr).toBe("KS 2026/45");
    } finally {
      log.close();
    }
  });

  it("a diary number the intake gives that another record has already is noted, as registered notes it", async () => {
    const intake = await intakeOf({ dnr: () => "KS 2026/100" });
    const { cli, ids: [a, b] } = await waitingFor(intake.url, ["konto-a", "konto-b"]);
    const run = await cli("deliver");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`[konto-b] Obs: KS 2026/100 är också diarienummer för ${a}. Har varje ögonblicksbild ett eget nummer är ett av dem felskrivet; rätta det med: somarkiv registered HANDLINGENS_ID --dnr "RÄTT NUMMER" --correct "skälet".`);
    expect(run.stderr).toContain(`[konto-b] Note: KS 2026/100 is also the diary number of ${a}. If each snapshot has a number of its own, one of them is mistyped; correct it with: somarkiv registered RECORD_ID --dnr "RIGHT NUMBER" --correct "the reason".`);
    expect(run.stderr).not.toContain(`diarienummer för ${b}`);
    const records = JSON.parse((await cli("records", "--json")).stdout);
    expect(records.map((r: { dnr: string }) => r.dnr)).toEqual(["KS 2026/100", "KS 2026/100"]);
  });

  it("a record's id the intake answers with as its number is not taken: the record is delivered, and status says the intake gave no usable number, as registered refuses it typed", async () => {
    const intake = await intakeOf({ dnr: () => "konto-a_2026-H1_v1" });
    const { cli, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    const run = await cli("deliver");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`delivered to the HTTP intake ${intake.url}, but the diary number it answered with was not recorded: it is a record's id (konto-a_2026-H1_v1), not a diary number, so the intake gave no usable number`);
    const [rec] = JSON.parse((await cli("records", "--json")).stdout);
    expect(rec).toMatchObject({ recordId: id, status: "delivered", dnr: null });
    expect((await cli("status")).stdout).toContain(`the diary number the HTTP intake ${intake.url} answered with for ${id} was not recorded: it is a record's id (konto-a_2026-H1_v1), not a diary number, so the intake gave no usable number; the record is delivered all the same. Ask the registrar for the number and record it with: somarkiv registered ${id} --dnr "…"`);
  });

  it("a number answered for a record whose row was changed by hand is not taken, and the message sends to verify, not to a backup that would lose what came after it", async () => {
    const intake = await intakeOf({ dnr: () => "KS 2026/2" });
    const { ws, cli, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    expect((await cli("registered", id, "--dnr", "KS 2026/1")).code).toBe(0);
    tamper(ws.database, `UPDATE records SET dnr = NULL WHERE record_id = '${id}'`);
    const run = await cli("deliver");
    expect(run.code).toBe(1);
    const said = `delivered to the HTTP intake ${intake.url}, which gave it diary number KS 2026/2, which the log did not take: the record's row in the log does not match its events (it was changed outside somarkiv; its events register KS 2026/1). Run "somarkiv verify", which says what was changed and how to put it right, or ask IT to; then ask the registrar which is right; if it is KS 2026/2: somarkiv registered ${id} --dnr "KS 2026/2" --correct "the number the intake gave"`;
    expect(run.stdout + run.stderr).toContain(said);
    expect(run.stdout + run.stderr).not.toContain("backup");
    const verify = await cli("verify");
    expect(verify.stdout).toContain(`${id}: the record in the log disagrees with its events: the diary number (none) is not the one registered (KS 2026/1)`);
  });

  it("a number whose year is still to come, far from the year the record was taken, is taken with the note registered gives", async () => {
    const intake = await intakeOf({ dnr: () => "KS 2062/120" });
    const { cli, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    const run = await cli("deliver");
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`[konto-a] Obs: KS 2062/120 har årtalet 2062, ett år som inte har kommit än, men ${id} togs 2026. Är numret felskrivet, rätta det med: somarkiv registered ${id} --dnr "RÄTT NUMMER" --correct "skälet".`);
    expect(run.stderr).toContain(`[konto-a] Note: KS 2062/120 has the year 2062 in it, a year still to come, but ${id} was taken in 2026.`);
    const [rec] = JSON.parse((await cli("records", "--json")).stdout);
    expect(rec).toMatchObject({ status: "registered", dnr: "KS 2062/120" });
  });
});

describe("an HTTP intake that answers 200 with a failure", () => {
  it("(Public 360's {\"Successful\": false}) is not delivered: deliver holds the record back with exit 1 quoting the answer, and status says its delivery is pending, with the answer and the next try", async () => {
    const intake = await intakeOf({ always: { status: 200, body: JSON.stringify({ Successful: false, ErrorMessage: "Sak KS 2026/45 finns inte", ErrorDetails: "CaseNumber not found" }), headers: { "content-type": "application/json; charset=utf-8" } } });
    const { cli, ids: [id] } = await waitingFor(intake.url, ["konto-a"]);
    const run = await cli("deliver");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`NOT DELIVERED to the HTTP intake ${intake.url}: the registrar's intake at ${intake.url} answered HTTP 200 OK, but its answer says the record was not taken ("Sak KS 2026/45 finns inte"); if it keeps happening, ask whoever runs the intake what the answer means; it will be tried again later`);
    expect(run.stdout).not.toContain(`delivered: ${id}`);
    const status = await cli("status");
    expect(status.stdout).toContain(`pending: ${id} delivery to the HTTP intake ${intake.url} — last error: the registrar's intake at ${intake.url} answered HTTP 200 OK, but its answer says the record was not taken ("Sak KS 2026/45 finns inte")`);
    expect(status.stdout).toContain("— next try after");
    const [rec] = JSON.parse((await cli("records", "--json")).stdout);
    expect(rec.status).toBe("stored");
    expect(rec.deliveries[0]).toMatchObject({ status: "pending" });
    expect(rec.deliveries[0].error).toContain("Sak KS 2026/45 finns inte");
  });
});

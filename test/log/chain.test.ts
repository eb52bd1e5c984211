import { describe, it, expect, afterEach } from "vitest";
import Database from "better-sqlite3";
import fs from "node:fs";
import { runCli } from "../helpers/cli.ts";
import { sha, spoolSecondVersion, syntheticArchive } from "./archive.ts";
import path from "node:path";
import { RecordLog, checkChain, openDb } from "../../src/log/index.ts";
import { eventHash } from "../../src/log/events.ts";

/**
 * Tampering with the log as someone with write access to the database file would: with the sqlite3
 * library, dropping the append-only triggers first. Each change must make `somarkiv verify` exit 1 and name
 * what was touched.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

async function archive() {
  const ws = await syntheticArchive();
  cleanups.push(() => ws.cleanup());
  return ws;
}

function tamper(file: string, sql: string): void {
  const db = new Database(file);
  db.exec("DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS events_no_delete;");
  // As a byte changed in the file would: the table's own checks (a status it knows) do not stop it.
  db.pragma("ignore_check_constraints = ON");
  db.exec(sql);
  db.close();
}

const verify = (configPath: string, json = false) => runCli(["verify", "--config", configPath, ...(json ? ["--json"] : [])]);

describe("the event log is append-only and its chain shows tampering", () => {
  it("an untouched archive verifies, and the verification is itself an event", async () => {
    const ws = await archive();
    const r = await verify(ws.configPath);
    expect(r.stderr).not.toMatch(/Error|at .*\.ts:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/All good: 2 snapshots, 4 objects/);
    const db = openDb(ws.database);
    const last = db.prepare("SELECT type, data FROM events ORDER BY seq DESC LIMIT 1").get() as { type: string; data: string };
    expect(last.type).toBe("verified");
    expect(JSON.parse(last.data)).toMatchObject({ records: 2, objects: 4 });
    expect(checkChain(db).problems).toEqual([]);
    db.close();
  });

  it("the triggers refuse ordinary edits and deletions of events", async () => {
    const ws = await archive();
    const db = new Database(ws.database);
    expect(() => db.prepare("UPDATE events SET data = '{}' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM events WHERE seq = 1").run()).toThrow(/append-only/);
    db.close();
  });

  it("an edited event is named by its number", async () => {
    const ws = await archive();
    // The attacker changes the checksum the capture event recorded for the first record.
    tamper(ws.database, `UPDATE events SET data = replace(data, '"pages":2', '"pages":3') WHERE seq = 1`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/event 1 \(captured, record konto-a_2026-H1_v1\) was changed after it was written/);
    const j = JSON.parse((await verify(ws.configPath, true)).stdout);
    expect(j.ok).toBe(false);
    expect(j.problems).toContainEqual(expect.objectContaining({ seq: 1 }));
  });

  it("a deleted event is named, and so is the record whose state no event explains any more", async () => {
    const ws = await archive();
    const db = new Database(ws.database);
    const delivered = db.prepare("SELECT seq FROM events WHERE type = 'delivered' AND record_id = ?").get(ws.ids[0]) as { seq: number };
    db.close();
    tamper(ws.database, `DELETE FROM events WHERE seq = ${delivered.seq}`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`event ${delivered.seq} is missing before event ${delivered.seq + 1}`);
    expect(r.stdout).toMatch(new RegExp(`${ws.ids[0]}: the record in the log disagrees with its events: delivery to the folder intake is marked done but was never recorded`));
  });

  it("an inserted event is named", async () => {
    const ws = await archive();
    const db = new Database(ws.database);
    const last = db.prepare("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; hash: string };
    db.close();
    // A made-up registration, chained to the real head but with a hash the attacker did not compute right.
    tamper(ws.database, `INSERT INTO events (seq, at, record_id, type, data, prev_hash, hash) VALUES (${last.seq + 1}, '2026-07-01T00:00:00.000Z', '${ws.ids[1]}', 'registered', '{"dnr":"KS 2026/1"}', '${last.hash}', '${"ab".repeat(32)}');
      UPDATE records SET dnr = 'KS 2026/1', status = 'registered' WHERE record_id = '${ws.ids[1]}'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`event ${last.seq + 1} (registered, record ${ws.ids[1]}) was changed after it was written`);

    // An event pushed in with a number out of sequence.
    tamper(ws.database, `INSERT INTO events (seq, at, record_id, type, data, prev_hash, hash) VALUES (${last.seq + 5}, '2026-07-01T00:00:00.000Z', NULL, 'verified', '{}', 'x', 'y')`);
    const r2 = await verify(ws.configPath);
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain(`events ${last.seq + 2}–${last.seq + 4} are missing before event ${last.seq + 5}`);
  });

  it("an event rewritten with its own hash computed anew is named where the next event no longer follows it", async () => {
    const ws = await archive();
    const db = new Database(ws.database);
    const e = db.prepare("SELECT * FROM events WHERE seq = 2").get() as { seq: number; at: string; record_id: string | null; type: string; data: string; prev_hash: string };
    const next = db.prepare("SELECT type FROM events WHERE seq = 3").get() as { type: string };
    db.close();
    // Whoever knows how the hash is made can make the edited event agree with itself; not the next one with it.
    const data = e.data.replace(/"[0-9a-f]{64}"/, `"${"0".repeat(64)}"`);
    expect(data).not.toBe(e.data);
    const hash = eventHash(e.prev_hash, e.seq, e.at, e.record_id, e.type, data);
    tamper(ws.database, `UPDATE events SET data = '${data}', hash = '${hash}' WHERE seq = 2`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`event 3 (${next.type}) does not follow the event before it: the chain is broken there`);
    expect(r.stdout).not.toMatch(/event 2 .*was changed after it was written/);
  });

  it("an event whose kind alone was changed (a store made a failed one) is named by its number", async () => {
    const ws = await archive();
    const db = new Database(ws.database);
    const { seq } = db.prepare("SELECT seq FROM events WHERE type = 'stored' AND record_id = ?").get(ws.ids[0]) as { seq: number };
    db.close();
    tamper(ws.database, `UPDATE events SET type = 'store-failed' WHERE seq = ${seq}`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`event ${seq} (store-failed, record ${ws.ids[0]}) was changed after it was written: its content does not match its hash`);
  });

  it("a record row changed so it disagrees with its events names the record and what differs", async () => {
    const ws = await archive();
    tamper(ws.database, `UPDATE records SET sha256 = '${"0".repeat(64)}' WHERE record_id = '${ws.ids[0]}';
      UPDATE records SET dnr = 'KS 2026/99' WHERE record_id = '${ws.ids[1]}'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${ws.ids[0]}: the record in the log disagrees with its events: the PDF checksum in the record \\(0{64}\\) is not the one captured \\([0-9a-f]{64}\\)`));
    // The stored PDF is as captured: the row was changed, not the PDF, and verify says which.
    expect(r.stdout).toContain(`${ws.ids[0]}: only the log's row for this record was changed by hand (the PDF checksum), not the record: its PDF and manifest are in the store as its capture event gives them.`);
    expect(r.stdout).not.toContain("the PDF has changed");
    expect(r.stdout).not.toContain("can be put back from a copy");
    expect(r.stdout).toContain(`${ws.ids[1]}: the record in the log disagrees with its events: the diary number KS 2026/99 is not the one registered (none)`);
  });

  it("the time of capture, the address reached, the pages, the closing mark, the remarks and the state are each checked against the events", async () => {
    const ws = await archive();
    const [a, b] = ws.ids;
    tamper(ws.database, `UPDATE records SET captured_at = '2026-06-10T06:01:00.000Z', final_url = 'https://example.se/annan', pages = 3, final = 1, flags = '["truncated"]' WHERE record_id = '${a}';
      UPDATE records SET status = 'degistered' WHERE record_id = '${b}'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    const about = (id: string, what: string) => expect(r.stdout).toContain(`${id}: the record in the log disagrees with its events: ${what}`);
    about(a, "the time of capture in the record (2026-06-10T06:01:00.000Z) is not the one captured (2026-06-10T06:00:00.000Z)");
    about(a, "the address reached in the record (https://example.se/annan) is not the one captured (https://example.se/konto-a)");
    about(a, "the number of pages in the record (3) is not the one captured (2)");
    about(a, "whether it is a closing record in the record (true) is not the one captured (false)");
    about(a, "the remarks (flags) in the record (truncated) is not the one captured ()");
    about(b, "it is marked degistered, but its events make it delivered");
  });

  it("the HTTP status, the previous snapshot, and why a capture failed are checked against the events too", async () => {
    const ws = await archive();
    const [a, b] = ws.ids;
    const log = RecordLog.open(ws.database);
    log.records.insertFailed({
      recordId: "konto-a_2026-H2_f1", accountId: "konto-a", period: "2026-H2", final: false, capturedAt: "2026-12-01T06:00:00.000Z",
      url: "https://example.se/konto-a", finalUrl: null, httpStatus: null, reason: "timeout", error: "The page did not finish loading.",
      consent: null, flags: [], failureScreenshot: null, runId: null,
    });
    log.close();
    tamper(ws.database, `UPDATE records SET http_status = 404, previous_record_id = 'konto-a_2025-H2_v1' WHERE record_id = '${a}';
      UPDATE records SET reason = 'not-found', error = 'Kontot finns inte' WHERE record_id = '${b}';
      UPDATE records SET reason = 'login-wall', error = 'Sidan kräver inloggning' WHERE record_id = 'konto-a_2026-H2_f1'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    const about = (id: string, what: string) => expect(r.stdout).toContain(`${id}: the record in the log disagrees with its events: ${what}`);
    about(a, "the HTTP status in the record (404) is not the one captured (200)");
    about(a, "the previous snapshot in the record (konto-a_2025-H2_v1) is not the one captured (null)");
    about(b, "it is a snapshot, but the record gives a reason for failing (not-found: Kontot finns inte)");
    about("konto-a_2026-H2_f1", "the reason it failed in the record (login-wall) is not the one recorded (timeout)");
    // One line for the failed attempt, with what puts it right.
    expect(r.stdout).toContain(`; the error in the record (Sidan kräver inloggning) is not the one recorded (The page did not finish loading.): only the log's row for this failed attempt was changed by hand; its chained failure event still says what was recorded`);
  });

  it("an object with other content under the name of a record still waiting in the spool is named: the record can never be stored over it", async () => {
    const ws = await archive();
    const { id, pdf } = spoolSecondVersion(ws);
    // Someone else's file, under the name version 2 is to be stored as.
    fs.mkdirSync(path.join(ws.objects, "2026-H1", "konto-a"), { recursive: true });
    fs.writeFileSync(path.join(ws.objects, "2026-H1", "konto-a", `${id}.pdf`), "not this record");
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`holds an object under this record's PDF name that is not its (SHA-256 ${sha(Buffer.from("not this record"))}, 15 bytes; the record's, waiting in the spool, is ${sha(pdf)}, ${pdf.length} bytes), so the record cannot be stored.`);
  });

  it("a delivered record set back to stored, as if the registrar never had it, is named by what its events make it", async () => {
    const ws = await archive();
    tamper(ws.database, `UPDATE records SET status = 'stored' WHERE record_id = '${ws.ids[0]}'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${ws.ids[0]}: the record in the log disagrees with its events: it is marked stored, but its events make it delivered`);
  });

  it("a record removed from the log is named, and its objects become unknown to the log", async () => {
    const ws = await archive();
    tamper(ws.database, `DELETE FROM deliveries WHERE record_id = '${ws.ids[1]}'; DELETE FROM records WHERE record_id = '${ws.ids[1]}'`);
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${ws.ids[1]}: the event log has events for this record, but the record itself is gone`);
    expect(r.stdout).toMatch(/2026-H1\/konto-b\/konto-b_2026-H1_v1\.pdf: an object in the folder .* that the log does not know/);
  });

  it("a log put back from a copy whose head an earlier verification proved passes, its proof already in the store", async () => {
    const ws = await archive();
    const copy = `${ws.database}.copy`;
    const db = new Database(ws.database);
    await db.backup(copy);
    db.close();
    expect((await verify(ws.configPath)).code).toBe(0);
    for (const f of [ws.database, `${ws.database}-wal`, `${ws.database}-shm`]) fs.rmSync(f, { force: true });
    fs.copyFileSync(copy, ws.database);
    const r = await verify(ws.configPath);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).not.toContain("could not be written");
  });

  it("a proof of the log's head that a verification left, removed from the store, is named: without it a rewritten log would pass", async () => {
    const ws = await archive();
    expect((await verify(ws.configPath)).code).toBe(0);
    const dir = path.join(ws.objects, "_log-anchors");
    const [proof] = fs.readdirSync(dir);
    expect(proof).toMatch(/^\d{10}-[0-9a-f]{64}\.json$/);
    const kept = fs.readFileSync(path.join(dir, proof!));
    fs.rmSync(path.join(dir, proof!));
    const r = await verify(ws.configPath);
    expect(r.code, r.stdout).toBe(1);
    expect(r.stdout).toContain(`the proof of the log's head that the verification of `);
    expect(r.stdout).toContain(`is gone from it; somarkiv never removes these`);
    expect(r.stdout).toContain(proof);
    // Put back from a copy, all is well again.
    fs.writeFileSync(path.join(dir, proof!), kept);
    expect((await verify(ws.configPath)).code).toBe(0);
  });

  it("a log rewritten whole, every hash computed anew after an edit, is caught by the head anchored in the store at the last verification", async () => {
    const ws = await archive();
    expect((await verify(ws.configPath)).code).toBe(0);
    // The time of the first capture moved back a second, and the chain made whole again from there on:
    // the chain alone shows nothing, only the proof a verification left outside the database does.
    const db = new Database(ws.database);
    const rows = db.prepare("SELECT seq, at, record_id, type, data FROM events ORDER BY seq").all() as Array<{ seq: number; at: string; record_id: string | null; type: string; data: string }>;
    db.close();
    let prev = "0".repeat(64);
    const sql: string[] = [];
    for (const e of rows) {
      const at = e.seq === 1 ? new Date(Date.parse(e.at) - 1000).toISOString() : e.at;
      const hash = eventHash(prev, e.seq, at, e.record_id, e.type, e.data);
      sql.push(`UPDATE events SET at = '${at}', prev_hash = '${prev}', hash = '${hash}' WHERE seq = ${e.seq};`);
      prev = hash;
    }
    tamper(ws.database, sql.join("\n"));
    const check = openDb(ws.database);
    expect(checkChain(check).problems).toEqual([]);
    check.close();
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the event log was rewritten: event \d+ is not the one an earlier verification proved/);
  });

  it("a log cut short at its end is caught by the head anchored in the store at the last verification", async () => {
    const ws = await archive();
    expect((await verify(ws.configPath)).code).toBe(0);
    // The attacker removes the last record's delivery and everything after it (the verification too),
    // and sets the rows back so records and events agree again: the chain alone is consistent.
    const db = new Database(ws.database);
    const cut = db.prepare("SELECT seq FROM events WHERE type = 'delivered' AND record_id = ?").get(ws.ids[1]) as { seq: number };
    const last = db.prepare("SELECT MAX(seq) AS n FROM events").get() as { n: number };
    db.close();
    tamper(ws.database, `DELETE FROM events WHERE seq >= ${cut.seq};
      UPDATE deliveries SET status = 'pending', delivered_at = NULL, receipt = NULL, attempts = 0 WHERE record_id = '${ws.ids[1]}';
      UPDATE records SET status = 'stored' WHERE record_id = '${ws.ids[1]}'`);
    const check = openDb(ws.database);
    expect(checkChain(check).problems).toEqual([]);
    check.close();
    const r = await verify(ws.configPath);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`the event log has been cut short: an earlier verification proved it had ${last.n - 1} events`);
    expect(r.stdout).toContain(`now it ends at event ${cut.seq - 1}`);
    // A proof is an object in the store, which whoever may write there can plant: said as a possibility, not passed as fact.
    expect(r.stdout).toContain("were removed, or the log was put back from an older backup. A proof is only as good as the store it is in: if neither happened, that object was not left by somarkiv's verify");
  });
});

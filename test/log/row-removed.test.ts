import { describe, it, expect, afterEach } from "vitest";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { runCli, unnamed } from "../helpers/cli.ts";
import { syntheticArchive } from "./archive.ts";

/**
 * A record's row (and its deliveries) deleted from the log by hand, its chained events left: `recover`,
 * as verify points to, writes the row again as those events make it, diary number and deliveries made
 * included. Through the real command line on a real log and folder store; no browser.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

describe("a record's row removed by hand, then recover", () => {
  it("keeps its diary number and its delivery: nothing is delivered again, and verify passes saying what happened", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const id = ws.ids[0]!;
    expect((await cli("registered", id, "--dnr", "KS 2026/501")).code).toBe(0);
    const db = new Database(ws.database);
    db.exec(`DELETE FROM deliveries WHERE record_id = '${id}'; DELETE FROM records WHERE record_id = '${id}'`);
    db.close();
    const before = await cli("verify");
    expect(before.code).toBe(1);
    expect(unnamed(before.stdout, ws)).toContain(`${id}: the event log has events for this record, but the record itself is gone from the log (deleted by hand?): "somarkiv recover" writes it again from its events`);
    // The advice at the end leads to recover, not "keep the log as it is".
    expect(unnamed(before.stdout, ws)).toContain(`Keep the store as it is, run "somarkiv recover" as said above, then verify again`);
    expect(before.stdout).not.toContain("Keep the log and the store as they are");

    const rec = await cli("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(rec.stdout).toContain(`Wrote again the row of 1 record removed from the log by hand, as their own events make them: ${id} (registered, diary number KS 2026/501).`);
    expect(rec.stdout).not.toContain("Took back");
    const row = (JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; status: string; dnr: string | null }>).find((r) => r.recordId === id);
    expect(row).toMatchObject({ status: "registered", dnr: "KS 2026/501" });

    // Delivered once already, as its events say: the registrar's folder gets no second copy.
    expect((await cli("deliver")).code).toBe(0);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
    const ok = await cli("verify");
    expect(ok.code, ok.stdout).toBe(0);
    expect(unnamed(ok.stdout, ws)).toMatch(new RegExp(`Note: The log's row of ${id} had been removed by hand: "somarkiv recover" \\(event \\d+, [^)]+\\) wrote them again from their own events`));
    expect(ok.stdout).not.toContain("restored from a backup");
    expect((await cli("registered", id, "--dnr", "KS 2026/501")).code).toBe(0);
  });
});

describe("a record's row changed by hand in what its capture recorded, then recover", () => {
  it("verify names one changed row, not objects missing and unknown, and recover writes it back from its events", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const [a, b] = ws.ids as [string, string];
    expect((await cli("registered", a, "--dnr", "KS 2026/501")).code).toBe(0);
    const db = new Database(ws.database);
    db.exec(`UPDATE records SET account_id = 'konto-c', version = 7 WHERE record_id = '${a}'; UPDATE records SET period = '2025-H2' WHERE record_id = '${b}'`);
    db.close();

    const before = await cli("verify");
    expect(before.code).toBe(1);
    const said = unnamed(before.stdout, ws);
    expect(said).toContain(`${a}: the record in the log disagrees with its events: the account in the record (konto-c) is not the one captured (konto-a)`);
    expect(said).toContain(`${a}: only the log's row for this record was changed by hand (the account, the version), not the record: its PDF and manifest are in the store as its capture event gives them. "somarkiv recover" writes the row again from its chained events (and records that it did), and delivers nothing`);
    expect(said).toContain(`${b}: only the log's row for this record was changed by hand (the period), not the record`);
    for (const wrong of ["is missing from", "that the log does not know", "can be put back from a copy", "Keep the log and the store as they are"]) expect(said).not.toContain(wrong);
    expect(said).toContain(`Keep the store as it is, run "somarkiv recover" as said above, then verify again`);

    const rec = await cli("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(unnamed(rec.stdout, ws)).toContain(`Wrote back into the rows of 2 records changed in the log by hand what their chained capture events hold: ${b} (the period); ${a} (the account, the version). Nothing was delivered again.`);
    expect(rec.stdout).not.toContain("NOT taken back");
    expect(rec.stdout).not.toContain("Took back");
    const rows = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; accountId: string; period: string; version: number; dnr: string | null }>;
    expect(rows.map((r) => [r.recordId, r.accountId, r.period, r.version, r.dnr])).toEqual([[a, "konto-a", "2026-H1", 1, "KS 2026/501"], [b, "konto-b", "2026-H1", 1, null]]);
    expect((await cli("records", "--csv")).stderr).toBe("");

    const after = await cli("verify");
    expect(after.code, after.stdout).toBe(0);
    expect(unnamed(after.stdout, ws)).toContain(`Note: The log's rows of ${b} (the period); ${a} (the account, the version) had been changed by hand: "somarkiv recover" (event `);
    // Delivered once already, as its events say: the registrar's folder gets no second copy.
    expect((await cli("deliver")).code).toBe(0);
    for (const id of [a, b]) expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
  });
});

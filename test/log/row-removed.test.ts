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
    expect(rec.stdout).toContain(`Wrote again the row(s) of 1 record(s) removed from the log by hand, as their own events make them: ${id} (registered, diary number KS 2026/501).`);
    expect(rec.stdout).not.toContain("Took back");
    const row = (JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; status: string; dnr: string | null }>).find((r) => r.recordId === id);
    expect(row).toMatchObject({ status: "registered", dnr: "KS 2026/501" });

    // Delivered once already, as its events say: the registrar's folder gets no second copy.
    expect((await cli("deliver")).code).toBe(0);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);
    const ok = await cli("verify");
    expect(ok.code, ok.stdout).toBe(0);
    expect(unnamed(ok.stdout, ws)).toMatch(new RegExp(`Note: The log's row\\(s\\) of ${id} had been removed by hand: "somarkiv recover" \\(event \\d+, [^)]+\\) wrote them again from their own events`));
    expect(ok.stdout).not.toContain("restored from a backup");
    expect((await cli("registered", id, "--dnr", "KS 2026/501")).code).toBe(0);
  });
});

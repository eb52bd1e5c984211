/**
 * A failed attempt's row changed by hand (why it failed, the error) while its chained failure event
 * is not: verify names it, recover writes it back from that event as it does a snapshot's row from its
 * capture event, and verify is clean after. A real capture that fails (the site answers 500), the real
 * command line and a real log.
 */
import { describe, it, expect } from "vitest";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { tamper } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";

const site = siteAndWorkspaces({ routes: { "/fel": (_req, res) => { res.writeHead(500, { "content-type": "text/html" }); res.end("<h1>Internt fel</h1>"); } } });

describe("a failed attempt's row changed by hand", () => {
  it("is named by verify, written back by recover from its failure event (said so), and verify is clean after", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.server.at("fel"))] }));
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    expect((await cli("capture")).code).toBe(1);
    const log = RecordLog.open(ws.database);
    const failed = log.records.list().filter((r) => r.status === "failed");
    log.close();
    expect(failed).toHaveLength(1);
    const { recordId: id, reason, error } = failed[0]!;
    expect(reason).toBe("http-error");
    tamper(ws.database, `UPDATE records SET reason = 'login-wall', error = 'ändrat för hand' WHERE record_id = '${id}'`);

    const named = await cli("verify");
    expect(named.code).toBe(1);
    const said = `the reason it failed in the record (login-wall) is not the one recorded (${reason}); the error in the record (ändrat för hand) is not the one recorded (${error})`;
    expect(unnamed(named.stdout, ws)).toContain(`${id}: the record in the log disagrees with its events: ${said}: only the log's row for this failed attempt was changed by hand; its chained failure event still says what was recorded, and "somarkiv recover" writes the row back from it`);
    expect(unnamed(named.stdout, ws)).toContain(`run "somarkiv recover" as said above, then verify again`);

    const recovered = await cli("recover");
    expect(recovered.code, recovered.stdout + recovered.stderr).toBe(0);
    expect(unnamed(recovered.stdout, ws)).toContain(`Wrote back into the row of 1 failed attempt changed in the log by hand what their chained failure events hold: ${id} (the reason it failed, the error). A failed attempt has no files, so nothing was stored or delivered.`);
    expect(recovered.stdout).not.toContain("nothing to take back");
    const after = RecordLog.open(ws.database);
    expect(after.records.get(id)).toMatchObject({ reason, error, status: "failed" });
    after.close();

    const clean = await cli("verify");
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain("All good: 0 snapshots and 1 failed attempt");
    expect(unnamed(clean.stdout, ws)).toMatch(new RegExp(`Note: The log's row of the failed attempt ${id} \\(the reason it failed, the error\\) had been changed by hand: "somarkiv recover" \\(event \\d+, [^)]+\\) wrote back what their chained failure events hold\\.`));
    const records = await cli("records");
    expect(records.stdout).not.toContain("WARNING");
  }, 300_000);
});

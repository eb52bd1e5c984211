import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { startHttpIntake, type TestHttpIntake } from "../helpers/httpIntake.ts";

/**
 * An intake that is busy says how long to wait (HTTP Retry-After). The outbox waits that long rather
 * than its own one minute, and status shows when the next try is; `deliver` still tries at once.
 */
describe("a busy HTTP intake's Retry-After sets the next delivery attempt", () => {
  let site: FixtureServer;
  let intake: TestHttpIntake;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    intake = await startHttpIntake({ failFirst: 1, failStatus: 429, failHeaders: { "Retry-After": "7200" } });
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      intake: [{ type: "http", url: intake.url }],
      accounts: [account("facebook-test", site.at("pipeline/kommun.html"))],
    });
  });
  afterAll(async () => {
    await site.close();
    await intake.stop();
    ws.cleanup();
  });

  it("waits two hours when the intake asks for two hours, then delivers once on request, also when the registrar numbered the record meanwhile", async () => {
    const started = Date.now();
    const r = await runCli(["capture", ...cfg()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is busy: HTTP 429");
    expect(r.stderr).toContain("it asked to wait 2 hours");
    expect(intake.requests).toHaveLength(1);

    const status = JSON.parse((await runCli(["status", "--json", ...cfg()])).stdout);
    const [pending] = status.accounts[0].pending;
    expect(pending.what).toBe(`delivery to the HTTP intake ${intake.url}`);
    const next = Date.parse(pending.nextAttemptAt);
    expect(next - started).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    expect(next - Date.now()).toBeLessThanOrEqual(2 * 3600_000 + 1000);

    // The registrar gave the record a number by hand while its delivery waited.
    const id = status.accounts[0].lastRecord?.recordId ?? JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout)[0].recordId;
    expect((await runCli(["registered", id, "--dnr", "KS 2026/500", ...cfg()])).code).toBe(0);

    // The intake takes it and answers with a number of its own: the delivery is done (sending it
    // again would register it again), the log keeps the first number, and the clash is said once.
    const d = await runCli(["deliver", ...cfg()]);
    expect(d.code).toBe(1);
    expect(unnamed(d.stdout, ws)).toContain(`not done: ${id}: delivered to the HTTP intake ${intake.url}, which gave it diary number KS 2026/123, but it already has KS 2026/500 (given with "somarkiv registered"); the log keeps KS 2026/500. Ask the registrar which is right; if it is KS 2026/123: somarkiv registered ${id} --dnr "KS 2026/123" --correct "the number the intake gave"`);
    expect(intake.requests).toHaveLength(2);
    expect(intake.registered.size).toBe(1);
    const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout);
    expect(rec).toMatchObject({ status: "registered", dnr: "KS 2026/500" });
    expect(rec.deliveries[0].status).toBe("delivered");
    // Not said once only: the intake's number stays in view wherever the records are listed.
    expect(rec.deliveries[0].intakeDnr).toBe("KS 2026/123");
    expect((await runCli(["records", ...cfg()])).stdout).toContain(`the HTTP intake ${intake.url} gave diary number KS 2026/123, which the log does not have (it has KS 2026/500): ask the registrar which is right`);
    const again = await runCli(["deliver", ...cfg()]);
    expect([again.code, again.stdout]).toEqual([0, "Nothing was waiting: every record is stored and delivered.\n"]);
    expect(intake.requests).toHaveLength(2);
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);

    // A record the intake numbers with nothing given by hand takes the intake's number.
    expect((await runCli(["capture", "--force", ...cfg()])).code).toBe(0);
    const v2 = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout)[1];
    expect(v2).toMatchObject({ version: 2, status: "registered", dnr: "KS 2026/124" });
  });
});

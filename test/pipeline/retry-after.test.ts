import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
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

  it("waits two hours when the intake asks for two hours, then delivers once on request", async () => {
    const started = Date.now();
    const r = await runCli(["capture", ...cfg()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("is busy: HTTP 429");
    expect(r.stderr).toContain("it asked to wait 2 hours");
    expect(intake.requests).toHaveLength(1);

    const status = JSON.parse((await runCli(["status", "--json", ...cfg()])).stdout);
    const [pending] = status.accounts[0].pending;
    expect(pending.what).toBe(`delivery to http:${intake.url}`);
    const next = Date.parse(pending.nextAttemptAt);
    expect(next - started).toBeGreaterThanOrEqual(2 * 3600_000 - 1000);
    expect(next - Date.now()).toBeLessThanOrEqual(2 * 3600_000 + 1000);

    const d = await runCli(["deliver", ...cfg()]);
    expect(d.code).toBe(0);
    expect(intake.requests).toHaveLength(2);
    expect(intake.registered.size).toBe(1);
    const [rec] = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout);
    expect(rec.status).toBe("registered"); // the intake gave a diary number
    expect(rec.dnr).toBe("KS 2026/123");
  });
});

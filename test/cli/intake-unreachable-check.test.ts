/**
 * A new installation's wrong port: config check of an HTTP intake and a mail server where nothing
 * listens says what to check (that it runs, and the host and port where the configuration or the
 * variable gives them), where it said only "Could not reach … (connection refused)." with nothing to
 * do. Real ports on 127.0.0.1 that were just closed; the real command line; no browser.
 */
import { afterEach, describe, expect, it } from "vitest";
import net from "node:net";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

/** A port on 127.0.0.1 that nothing listens on: taken and let go again. */
const closedPort = () => new Promise<number>((resolve) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
});

describe("config check of intakes where nothing answers", () => {
  it("says for each that nothing answers there and what to check, naming the setting or variable", async () => {
    const httpPort = await closedPort();
    const smtpPort = await closedPort();
    const ws = makeWorkspace({
      organisation: { name: "Överkalix kommun" }, accounts: [account("konto-a", "https://www.facebook.com/konto-a")],
      intake: [{ type: "http", url: `http://127.0.0.1:${httpPort}/api/intake` }, { type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
    });
    cleanups.push(() => ws.cleanup());
    const check = await runCli(["config", "check", "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: `smtp://somarkiv:hemligt@127.0.0.1:${smtpPort}` } });
    expect(check.code, check.stdout + check.stderr).toBe(1);
    expect(check.stdout).toContain(`  intake ERROR: Could not reach the registrar's intake at http://127.0.0.1:${httpPort}/api/intake (the connection was refused): nothing answers at that address and port; check that the intake is running and that its url: in the configuration has the right host and port.\n`);
    expect(check.stdout).toContain(`  intake ERROR: Could not reach the mail server at 127.0.0.1:${smtpPort} (connection refused): nothing answers at that address and port; check that the mail server is running and that the host and port in the environment variable SOMARKIV_TEST_SMTP are its (smtp:// is usually port 587, smtps:// 465).\n`);
    expect(check.stdout + check.stderr).not.toContain("hemligt");
  }, 120_000);
});

/**
 * An HTTP intake listed first answers with a diary number, so the record is "registered", while the
 * e-mail to the registrar is refused (a wrong password, as a new operator types it): the capture's
 * summary says the record was registered but not yet e-mailed, where it said "stored, delivered and
 * registered" right above the line saying it was not delivered. Real Chromium, a real HTTP intake and
 * a real SMTP server that asks for a login, on 127.0.0.1; the real command line.
 */
import { afterEach, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { startHttpIntake } from "../helpers/httpIntake.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { periodOf } from "../../src/schedule/index.ts";

const site = siteAndWorkspaces();
const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

const TO = "registrator@overkalix.se";

/** A real mail server that asks for a login, and its address with a wrong password, as a new operator types it. */
async function mailServerWithLogin() {
  const smtp = await startSmtp({ auth: { user: "somarkiv", pass: "Ratt-losen" } });
  cleanups.push(() => smtp.stop());
  const wrongPassword = new URL(smtp.url);
  wrongPassword.password = "fel-losen";
  return { smtp, wrongPassword };
}

/** One account, and the registrar's e-mail after `first`, the intake listed first. */
const workspace = (first: Record<string, unknown>) => site.keep(makeWorkspace({
  organisation: { name: "Överkalix kommun" }, capture: { timeoutSeconds: 60 }, accounts: [account("konto-a", site.server.at("capture/simple.html"))],
  intake: [first, { type: "email", to: TO, from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
}));

describe("a capture registered by an HTTP intake whose e-mail was refused", () => {
  it("says in its summary that the record is registered but not yet delivered by e-mail, not that it was delivered", async () => {
    const intake = await startHttpIntake({ token: "tok-1" });
    cleanups.push(() => intake.stop());
    const { smtp, wrongPassword } = await mailServerWithLogin();
    const ws = workspace({ type: "http", url: intake.url, tokenEnv: "SOMARKIV_TEST_TOKEN" });
    const env = { SOMARKIV_TEST_TOKEN: "tok-1", SOMARKIV_TEST_SMTP: wrongPassword.href };
    const id = `konto-a_${periodOf(new Date(), "Europe/Stockholm")}_v1`;

    const capture = await runCli(["capture", "--config", ws.configPath], { env, timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(1);
    expect(intake.registered.has(id)).toBe(true);
    expect(smtp.messages).toHaveLength(0);
    expect(capture.stdout).toContain(`  konto-a: ${id} stored and registered (by an intake's diary number), but not yet delivered to ${TO} by e-mail\n`);
    expect(capture.stdout).not.toContain("delivered and registered");
    expect(capture.stdout).toContain(`problem: ${id}: not delivered to ${TO} by e-mail: the mail server at`);

    // With both intakes done, the summary's words for a registered record are as before.
    const right = new URL(smtp.url);
    const again = await runCli(["capture", "--force", "--reason", "Provtagning", "--config", ws.configPath], { env: { ...env, SOMARKIV_TEST_SMTP: right.href }, timeoutMs: 240_000 });
    expect(again.stdout).toContain(`  konto-a: konto-a_${periodOf(new Date(), "Europe/Stockholm")}_v2 stored, delivered and registered\n`);
  }, 300_000);

  it("says a record delivered to the registrar's folder while the e-mail waits as delivered there, not as delivery pending", async () => {
    const { smtp, wrongPassword } = await mailServerWithLogin();
    const ws = workspace({ type: "directory", path: "intake" });
    const id = `konto-a_${periodOf(new Date(), "Europe/Stockholm")}_v1`;
    const capture = await runCli(["capture", "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: wrongPassword.href }, timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(1);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(true);
    expect(smtp.messages).toHaveLength(0);
    expect(capture.stdout).toContain(`  konto-a: ${id} stored and delivered to the folder ${ws.intake}, but not yet to ${TO} by e-mail\n`);
    expect(capture.stdout).not.toContain("delivery to the registrar pending");
  }, 300_000);
});

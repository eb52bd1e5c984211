import { describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { startSmtp } from "../helpers/smtp.ts";
import { periodOf, previousPeriod } from "../../src/schedule/period.ts";

const site = siteAndWorkspaces();

/**
 * The e-mail to the registrar says when the snapshot was taken as the record knows it: with capture
 * months January and July the half-year's snapshot is taken at its start, not at the half-year
 * change, and a half-year made up after it ended was taken afterwards. "Tagen vid halvårsskiftet"
 * of either was false.
 */
describe("the e-mail's words of when a snapshot was taken, through capture and a real mail server", () => {
  it("calls the half-year's own the period's snapshot, and a made-up one taken afterwards, never taken at the half-year change", async () => {
    const smtp = await startSmtp();
    try {
      const ws = site.keep(makeWorkspace({
        organisation: { name: "Överkalix kommun" },
        schedule: { timezone: "Europe/Stockholm", months: [1, 7] },
        capture: { timeoutSeconds: 60, concurrency: 1 },
        intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
        accounts: [account("kommun", site.server.at("pipeline/kommun.html"))],
      }));
      const env = { SOMARKIV_TEST_SMTP: smtp.url };
      const now = await runCli(["capture", "--config", ws.configPath], { env, timeoutMs: 180_000 });
      expect(now.code, now.stdout + now.stderr).toBe(0);
      const past = previousPeriod(periodOf(new Date(), "Europe/Stockholm"));
      const late = await runCli(["capture", "--account", "kommun", "--period", past, "--config", ws.configPath], { env, timeoutMs: 180_000 });
      expect(late.code, late.stdout + late.stderr).toBe(0);
      expect(smtp.messages).toHaveLength(2);
      const [own, madeUp] = smtp.messages.map((m) => m.text.replace(/\s+/g, " "));
      expect(own).toContain("för ett av Överkalix kommuns konton i sociala medier, tagen som periodens ögonblicksbild.");
      expect(madeUp).toContain("för ett av Överkalix kommuns konton i sociala medier, tagen i efterhand, efter periodens slut.");
      for (const text of [own, madeUp]) expect(text).not.toContain("halvårsskiftet");
    } finally {
      await smtp.stop();
    }
  }, 400_000);
});

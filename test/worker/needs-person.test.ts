import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, unnamed } from "../helpers/cli.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { months, records, SE, startRun, status, waitFor } from "./helpers.ts";

let smtp: TestSmtp;

const site = siteAndWorkspaces();
beforeAll(async () => {
  smtp = await startSmtp();
});

afterAll(async () => {
  await smtp?.stop();
});

describe("somarkiv run: a delivery given up for a person", () => {
  it("says at every wake until it is done that the record needs a person and what to run then, and the wake ends problems", async () => {
    const { current } = months();
    smtp.rejectRecipient("registrator@overkalix.se");
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      intake: [{ type: "email", to: "registrator@overkalix.se", from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    });
    site.keep(ws);
    const w = startRun(ws, "run", ["run"], { SOMARKIV_TEST_SMTP: smtp.url });
    try {
      const after = () => w.stderr().split("NOT DELIVERED to registrator@overkalix.se")[1] ?? "";
      await waitFor("three wakes after the delivery was given up", () => after().split("\n").filter((l) => l.includes("worker: wake done")).length >= 3, 120_000, w.stderr);
      const [rec] = await records(ws);
      expect(rec!.deliveries).toMatchObject([{ status: "failed" }]);
      const wakes = unnamed(after(), ws).split("\n").filter((l) => l.includes("worker: wake done"));
      // The wake that gave it up, and each after it: not "ok", and saying what and what to do.
      for (const line of wakes) {
        expect(line).toContain("wake done (problems)");
        expect(line).toContain(`problems: 1 record(s) need a person (${rec!.recordId} not delivered to registrator@overkalix.se by e-mail: `);
        expect(line).toContain('"somarkiv status" says what each needs; put that right, then run "somarkiv deliver")');
      }
      const st = await status(ws);
      expect(st.lastWake!.outcome).toBe("problems");
      expect(st.lastWake!.detail).toMatchObject({ needPerson: 1 });
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  });
});

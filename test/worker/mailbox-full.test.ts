import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, unnamed } from "../helpers/cli.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { months, records, SE, startRun, waitFor } from "./helpers.ts";

let smtp: TestSmtp;

const site = siteAndWorkspaces();
beforeAll(async () => {
  smtp = await startSmtp();
});

afterAll(async () => {
  await smtp?.stop();
});

describe("somarkiv run: the registrar's mailbox full", () => {
  it("says at each wake whose mailbox is full and that someone must empty it, and keeps the record waiting, not given up", async () => {
    const { current } = months();
    // 552 5.2.2 at the message's data, as a server that counts the quota only then answers.
    smtp.refuseData({ code: 552, text: "5.2.2 Mailbox full: registrator@overkalix.se is over quota" });
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
      await waitFor("two wakes after the mailbox was found full", () => after().split("\n").filter((l) => l.includes("worker: wake done")).length >= 2, 120_000, w.stderr);
      const [rec] = await records(ws);
      // Waiting, to be sent again by itself: nothing given up.
      expect(rec!.deliveries).toMatchObject([{ status: "pending" }]);
      const lines = unnamed(after(), ws).split("\n");
      const warned = lines.filter((l) => l.includes(`WARNING: the registrar's mailbox registrator@overkalix.se is full, and 1 record(s) wait to be delivered to it (${rec!.recordId}); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent by themselves once it takes mail again.`));
      expect(warned.length).toBeGreaterThanOrEqual(2);
      expect(lines.filter((l) => l.includes("worker: wake done")).every((l) => l.includes("wake done (problems)"))).toBe(true);
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  });
});

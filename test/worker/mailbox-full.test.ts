import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { unnamed } from "../helpers/cli.ts";
import type { TestSmtp } from "../helpers/smtp.ts";
import { records } from "./helpers.ts";
import { workerRefusedByMail } from "./mail-refused.ts";

const site = siteAndWorkspaces();

describe("somarkiv run: the registrar's mailbox full", () => {
  it("says at each wake whose mailbox is full and that someone must empty it, and keeps the record waiting, not given up", async () => {
    // 552 5.2.2 at the message's data, as a server that counts the quota only then answers.
    const refuse = (smtp: TestSmtp) => smtp.refuseData({ code: 552, text: "5.2.2 Mailbox full: registrator@overkalix.se is over quota" });
    await workerRefusedByMail(site, refuse, 2, "two wakes after the mailbox was found full", async (ws, after) => {
      const [rec] = await records(ws);
      // Waiting, to be sent again by itself: nothing given up.
      expect(rec!.deliveries).toMatchObject([{ status: "pending" }]);
      const lines = unnamed(after(), ws).split("\n");
      const warned = lines.filter((l) => l.includes(`WARNING: the registrar's mailbox registrator@overkalix.se is full, and 1 record waits to be delivered to it (${rec!.recordId}); someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room). Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by "somarkiv deliver".`));
      expect(warned.length).toBeGreaterThanOrEqual(2);
      expect(lines.filter((l) => l.includes("worker: wake done")).every((l) => l.includes("wake done (problems)"))).toBe(true);
    });
  });
});

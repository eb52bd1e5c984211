import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { unnamed } from "../helpers/cli.ts";
import { records, status } from "./helpers.ts";
import { workerRefusedByMail } from "./mail-refused.ts";

const site = siteAndWorkspaces();

describe("somarkiv run: a delivery given up for a person", () => {
  it("says at every wake until it is done that the record needs a person and what to run then, and the wake ends problems", async () => {
    await workerRefusedByMail(site, (smtp) => smtp.rejectRecipient("registrator@overkalix.se"), 3, "three wakes after the delivery was given up", async (ws, after) => {
      const [rec] = await records(ws);
      expect(rec!.deliveries).toMatchObject([{ status: "failed" }]);
      const wakes = unnamed(after(), ws).split("\n").filter((l) => l.includes("worker: wake done"));
      // The wake that gave it up, and each after it: not "ok", and saying what and what to do.
      for (const line of wakes) {
        expect(line).toContain("wake done (problems)");
        expect(line).toContain(`problems: 1 record needs a person (${rec!.recordId} not delivered to registrator@overkalix.se by e-mail: `);
        expect(line).toContain('"somarkiv status" says what each needs; put that right, then run "somarkiv deliver")');
      }
      const st = await status(ws);
      expect(st.lastWake!.outcome).toBe("problems");
      expect(st.lastWake!.detail).toMatchObject({ needPerson: 1 });
    });
  });
});

import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";

/**
 * A capture killed after it wrote its record to the spool and before the log had it: "No records yet"
 * alone read as nothing made, while the next run takes that record into the log and delivers it.
 */
describe("records with a record in the spool the log does not have yet", () => {
  it("says so after \"No records yet\", naming it, and what takes it in", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommun" }, accounts: [account("konto-a", "https://example.se/a")] });
    try {
      const spool = path.join(path.dirname(ws.database), "spool");
      fs.mkdirSync(path.join(spool, "konto-a_2026-H2_v1"), { recursive: true });
      fs.writeFileSync(path.join(spool, "konto-a_2026-H2_v1", "konto-a_2026-H2_v1.pdf"), "%PDF-1.7\n%%EOF\n");
      // Half written when it was cut off: no record.
      fs.mkdirSync(path.join(spool, ".konto-b_2026-H2_v1.partial"), { recursive: true });
      fs.mkdirSync(path.join(spool, "konto-b_2026-H2_v1.tmp-4711"), { recursive: true });
      const r = await runCli(["records", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(unnamed(r.stdout, ws)).toContain(`No records yet. The spool beside the log holds a record that a capture made but did not get into the log (cut off, or the process killed): konto-a_2026-H2_v1. The next "somarkiv capture", "somarkiv deliver" or worker wake takes it into the log, stores it and delivers it.`);
      expect(r.stdout).not.toContain("konto-b");
      // And nothing when the spool is empty.
      fs.rmSync(spool, { recursive: true });
      expect((await runCli(["records", "--config", ws.configPath])).stdout.trim()).toBe("No records yet.");
    } finally {
      ws.cleanup();
    }
  });
});

import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { makeWorkspace, account, runCli } from "../helpers/cli.ts";
import { storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

/**
 * The store's folder gone (renamed, a share not mounted) under an archive of many records: verify says
 * first that the store itself looks gone, and names a few of its objects, not every one before it.
 */
describe("verify of an archive whose store folder is gone", () => {
  it("says first that the store looks gone and names ten of its missing objects, counting the rest; --json names them all", async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => `konto-${String(i + 1).padStart(2, "0")}`);
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: accounts.map((id) => account(id, `https://example.se/${id}`)) });
    try {
      const log = RecordLog.open(ws.database);
      const store = new FilesystemStore(ws.objects);
      const src = path.join(ws.dir, "src");
      fs.mkdirSync(src);
      for (const accountId of accounts) {
        const id = await storedRecord(log, store, { accountId, folder: src, targets: ["directory:intake"] });
        log.records.clearSpool(id);
      }
      log.close();
      expect((await runCli(["verify", "--config", ws.configPath])).code).toBe(0);
      fs.renameSync(ws.objects, `${ws.objects}-flyttad`);

      const v = await runCli(["verify", "--config", ws.configPath]);
      expect(v.code).toBe(1);
      const lines = v.stdout.trim().split("\n");
      // The 24 objects, and the proof of the log's head that the first verify left in the store.
      expect(lines[0], v.stdout).toBe("Kontrollen hittade 25 fel; de beskrivs på engelska nedan, med vad som ska göras.");
      expect(lines[1], v.stdout).toBe("25 problems found:");
      expect(lines[2]).toContain(`Note: None of the 24 stored objects is in the folder ${ws.objects}: the store itself looks gone`);
      expect(lines.filter((l) => / is missing from the folder /.test(l))).toHaveLength(10);
      expect(v.stdout).toContain(`  … and 14 more objects missing from the folder ${ws.objects} in the same way ("somarkiv --config ${ws.configPath} verify --json" names every one).`);
      expect(lines.length).toBeLessThan(18);
      // On a copy handed over, the command named writes nothing either.
      const copy = await runCli(["verify", "--read-only", "--config", ws.configPath]);
      expect(copy.code).toBe(1);
      expect(copy.stdout).toContain(`in the same way ("somarkiv --config ${ws.configPath} verify --read-only --json" names every one).`);
      expect(v.stdout).not.toContain("can be put back from a copy");

      const json = JSON.parse((await runCli(["verify", "--json", "--config", ws.configPath])).stdout) as { problems: Array<{ problem: string }>; storeLooksMoved?: boolean };
      expect(json.storeLooksMoved).toBe(true);
      expect(json.problems.filter((p) => /is missing from/.test(p.problem))).toHaveLength(24);
      expect(json.problems).toHaveLength(25);
    } finally {
      ws.cleanup();
    }
  });
});

// What somarkiv writes of its own (the log, its backups, the spool, failed captures' screenshots)
// holds citizens' words and faces: run by hand, with a shell's umask of 022, it is still not for others.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { account, makeLog, makeWorkspace, runCli } from "../helpers/cli.ts";

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe("backup", () => {
  it("gives the copy the log's own mode: a private log's backup is private, though the umask is 022", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      makeLog(ws);
      fs.chmodSync(ws.database, 0o600);
      const dest = path.join(ws.dir, "backups", "copy.sqlite");
      fs.mkdirSync(path.dirname(dest));
      const r = await runCli(["backup", "--config", ws.configPath, dest], { umask: "022" });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`Backed up the log (0 records) to ${dest}`);
      expect(modeOf(dest).toString(8)).toBe("600");
      // A log an operator shares with a group keeps it so in its backup.
      fs.chmodSync(ws.database, 0o640);
      const shared = path.join(ws.dir, "backups", "shared.sqlite");
      expect((await runCli(["backup", "--config", ws.configPath, shared], { umask: "022" })).code).toBe(0);
      expect(modeOf(shared).toString(8)).toBe("640");
    } finally {
      ws.cleanup();
    }
  });
});

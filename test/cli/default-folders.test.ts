/**
 * An operator who sets database: (as README's "moving the log … moves the local working data with it"
 * reads) and leaves storage: and intake: out has the records stored and delivered in archive/ beside the
 * configuration file (/etc/somarkiv/archive on a server), not beside the log. config check says so.
 */
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { describe, it, expect } from "vitest";
import { makeWorkspace, runCli } from "../helpers/cli.ts";

describe("database: set, storage: and intake: left out", () => {
  it("config check warns that the store and the registrar's folder stay in archive/ beside the file, naming both", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [] });
    const etc = path.join(ws.dir, "etc");
    const data = path.join(ws.dir, "var", "somarkiv");
    fs.mkdirSync(etc);
    fs.mkdirSync(data, { recursive: true });
    const file = path.join(etc, "somarkiv.yaml");
    const write = (extra: Record<string, unknown>) =>
      fs.writeFileSync(file, YAML.stringify({ organisation: { name: "Testkommunen" }, database: path.join(data, "somarkiv.sqlite"), accounts: [], ...extra }));
    try {
      write({});
      const check = await runCli(["config", "check", "--config", file]);
      expect(check.code, check.stdout + check.stderr).toBe(0);
      expect(check.stdout).toContain(`log WARNING: database: puts the log in ${data}, but storage: and intake: are left out, so the records are stored in ${path.join(etc, "archive", "objects")} and delivered to the registrar's folder ${path.join(etc, "archive", "intake")}, in ${path.join(etc, "archive")} beside the configuration file, not beside the log (database: moves only the spool and failed/ with the log).`);

      // Only the store left out: only the store named.
      write({ intake: [{ type: "directory", path: path.join(data, "inkorg") }] });
      const storeOnly = await runCli(["config", "check", "--config", file]);
      expect(storeOnly.stdout).toContain(`log WARNING: database: puts the log in ${data}, but storage: is left out, so the records are stored in ${path.join(etc, "archive", "objects")}, in ${path.join(etc, "archive")} beside`);

      // The log put in archive/ beside the file itself: the store and the folder are beside it, nothing to say.
      fs.writeFileSync(file, YAML.stringify({ organisation: { name: "Testkommunen" }, database: path.join(etc, "archive", "somarkiv.sqlite"), accounts: [] }));
      expect((await runCli(["config", "check", "--config", file])).stdout).not.toContain("beside the configuration file, not beside the log");

      // Both set: nothing to say.
      write({ storage: { type: "filesystem", path: path.join(data, "objects") }, intake: [{ type: "directory", path: path.join(data, "inkorg") }] });
      expect((await runCli(["config", "check", "--config", file])).stdout).not.toContain("beside the configuration file, not beside the log");
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * `npm run demo` captures its demo site's three accounts with the embedded defaults into archive/,
 * the log the example configuration (config/somarkiv.yaml) reads too, as README says ("records …
 * show the demo's records right away"). `status` with that file then warned at length of each demo
 * account as one taken out of the configuration. Now it notes them once as the demo's; an account
 * that was in a configuration file and was taken out of it is warned of as before. The real demo
 * (real Chromium, the demo site) and the real command line, in a copy of the project, so that the
 * demo's archive/ is the test's own.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { afterEach, describe, expect, it } from "vitest";
import { account, PROJECT } from "../helpers/cli.ts";
import { storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

/** The project as an installation has it (its sources, compiled copy, demo site and example file), its packages shared. */
function projectCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-demo-"));
  for (const p of ["bin", "src", "dist", "config", "scripts/demo-site", "scripts/build.mjs", "tsconfig.json", "package.json"]) fs.cpSync(path.join(PROJECT, p), path.join(dir, p), { recursive: true });
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(dir, "node_modules"));
  fs.mkdirSync(path.join(dir, "archive"));
  return dir;
}

describe("status after npm run demo, with the example configuration", () => {
  it("notes the demo's accounts once, and still warns of an account taken out of a configuration file", async () => {
    const dir = projectCopy();
    cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const demo = await runCliAt(dir, ["demo"]);
    expect(demo.code, demo.stdout + demo.stderr).toBe(0);
    expect(demo.stdout).toContain("facebook-demokommunen: record ");

    // An account of another file on the same log, whose records stay when it is taken out of that file.
    fs.writeFileSync(path.join(dir, "config", "other.yaml"), YAML.stringify({ organisation: { name: "Överkalix kommun" }, accounts: [account("gammalt-konto", "https://example.se/gammalt-konto")] }));
    const seen = await runCliAt(dir, ["deliver", "--config", "config/other.yaml"]);
    expect(seen.code, seen.stdout + seen.stderr).toBe(0);
    const log = RecordLog.open(path.join(dir, "archive", "somarkiv.sqlite"));
    try {
      await storedRecord(log, new FilesystemStore(path.join(dir, "archive", "objects")), { accountId: "gammalt-konto", folder: path.join(dir, "src-gammalt"), targets: [] });
    } finally {
      log.close();
    }

    const st = await runCliAt(dir, ["status"]);
    expect(st.code, st.stdout + st.stderr).toBe(0);
    const ids = ["facebook-demokommunen", "instagram-demokommunen", "youtube-demokommunen"];
    for (const id of ids) expect(st.stdout).not.toContain(`account "${id}"`);
    expect(st.stdout).toContain(`Note: The log also holds the records of the demo (npm run demo) of ${ids.join(", ")}: the demo's own accounts, in no configuration file, so nothing more is taken of them.`);
    expect(st.stdout).toContain(`WARNING: The log has records of account "gammalt-konto" (https://example.se/gammalt-konto), which is no longer in the configuration and has no closing record.`);
  }, 600_000);
});

/** The command line of the copy at `dir`, run in that folder as `npx somarkiv` is: config/somarkiv.yaml unless --config. */
function runCliAt(dir: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [path.join(dir, "bin", "somarkiv.mjs"), ...args], { cwd: dir, env: { ...process.env, SOMARKIV_CONFIG: undefined }, timeout: 290_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") return reject(error);
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}

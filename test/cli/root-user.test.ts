/**
 * An operator logged in as root types "somarkiv capture" on the server where the worker runs as its own
 * user. What root made would belong to root (a spool folder the worker cannot empty, a store folder it
 * cannot add to), and the worker would fail weeks later. The command is refused before anything is
 * written, with the line to run instead; commands that only read still work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { account, makeWorkspace, runCli, type Workspace, makeLog } from "../helpers/cli.ts";

const NOBODY = 65534;

// Run as root, as CI runs (it installs Debian packages); as another user chown below fails, loudly.
describe("root over data that belongs to the service's user", () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    // The log exists, made by the service's user (here the log is made and then given to that user).
    makeLog(ws); // the log, as the first command that writes makes it
    for (const f of [ws.dir, ws.database]) fs.chownSync(f, NOBODY, NOBODY);
  });
  afterAll(() => ws.cleanup());

  it("refuses the commands that write, names the owner and the line to run, and writes nothing", async () => {
    const before = fs.readdirSync(ws.dir).sort();
    const sum = fs.readFileSync(ws.database);
    for (const args of [["capture"], ["deliver"], ["run"], ["preflight"], ["verify"], ["registered", "kommun_2026-H2_v1", "--dnr", "KS 2026/1"], ["recover"]]) {
      const r = await runCli([...args, "--config", ws.configPath]);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`You are running somarkiv as root, but its log ${ws.database} belongs to the user nobody, which the worker runs as.`);
      expect(r.stderr).toMatch(new RegExp(`Nothing was done\\. Run the command as nobody \\(as root, runuser needs no sudo\\):\\n {4}runuser -u nobody -- \\S*node \\S*somarkiv\\.mjs ${args[0]} `));
    }
    expect(fs.readdirSync(ws.dir).sort()).toEqual(before);
    expect(fs.readFileSync(ws.database).equals(sum)).toBe(true);
  });

  it("lets the commands that only read run", async () => {
    for (const args of [["status"], ["records"], ["accounts"]]) {
      const r = await runCli([...args, "--config", ws.configPath]);
      expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(0);
    }
  });

  it("runs as usual where root owns the data, as in a container or on a developer's machine", async () => {
    for (const f of [ws.dir, ws.database]) fs.chownSync(f, 0, 0);
    const r = await runCli(["deliver", "--config", ws.configPath]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("running somarkiv as root");
    expect(path.isAbsolute(ws.database)).toBe(true);
  });
});

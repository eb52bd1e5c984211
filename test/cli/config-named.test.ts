import { afterAll, describe, expect, it } from "vitest";
import path from "node:path";
import { account, makeLog, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import fs from "node:fs";
import { nameConfigInCommands, withConfigNamed } from "../../src/cli/progress.ts";

const workspaces: Workspace[] = [];
afterAll(() => { for (const ws of workspaces) ws.cleanup(); });

describe("the commands a message tells its reader to run", () => {
  it("name the configuration file the run used, when somarkiv would not find it by itself", () => {
    nameConfigInCommands("/etc/somarkiv/kommun.yaml");
    expect(withConfigNamed(`take it again with: somarkiv capture --account fb --force; or "somarkiv registered fb_2026-H2_v1 --dnr "KS 1""`))
      .toBe(`take it again with: somarkiv --config /etc/somarkiv/kommun.yaml capture --account fb --force; or "somarkiv --config /etc/somarkiv/kommun.yaml registered fb_2026-H2_v1 --dnr "KS 1""`);
    // A message's own heading is not a command to run; a line that names a configuration already is left as it is.
    expect(withConfigNamed("somarkiv capture stopped: the disk is full")).toBe("somarkiv capture stopped: the disk is full");
    expect(withConfigNamed("somarkiv registered: Det finns ingen handling")).toBe("somarkiv registered: Det finns ingen handling");
    expect(withConfigNamed("somarkiv status --config /x.yaml")).toBe("somarkiv status --config /x.yaml");
    // A path a shell would split is quoted.
    nameConfigInCommands("/srv/Överkalix kommun/somarkiv.yaml");
    expect(withConfigNamed("run somarkiv verify")).toBe(`run somarkiv --config "/srv/Överkalix kommun/somarkiv.yaml" verify`);
    // The file found without --config is not named.
    nameConfigInCommands(path.resolve("config/somarkiv.yaml"));
    expect(withConfigNamed("run somarkiv verify")).toBe("run somarkiv verify");
  });

  it("as printed by a command run with --config, work when pasted as they are", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommun" }, accounts: [account("kommun", "http://127.0.0.1:9/")] });
    workspaces.push(ws);
    makeLog(ws);
    // A record id the log does not have: the refusal's advice names the file, and following it reads the same log.
    const r = await runCli(["registered", "kommun_2026-H2_v1", "--dnr", "KS 2026/1", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`"somarkiv --config ${ws.configPath} records"`);
    const pasted = await runCli(["--config", ws.configPath, "records"]);
    expect(pasted.code, pasted.stderr).toBe(0);
  });

  it("pasted without the configuration, a diary number is refused where there is no log, and no empty log is made", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommun" }, accounts: [account("kommun", "http://127.0.0.1:9/")] });
    workspaces.push(ws);
    const r = await runCli(["registered", "kommun_2026-H2_v1", "--dnr", "KS 2026/1", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Det finns ingen logg i ${ws.database}, där somarkiv med konfigurationen ${ws.configPath} letar. Kör kommandot med arkivets konfigurationsfil (--config FIL`);
    expect(r.stderr).toContain(`There is no log at ${ws.database}`);
    expect(fs.existsSync(ws.database)).toBe(false);
    // An emptied log is no log either: said so, and left empty, not made a new log by the look.
    fs.writeFileSync(ws.database, "");
    const emptied = await runCli(["registered", "kommun_2026-H2_v1", "--dnr", "KS 2026/1", "--config", ws.configPath]);
    expect(emptied.code).toBe(2);
    expect(emptied.stderr).toContain(`Loggen ${ws.database} är tom (0 byte), där somarkiv med konfigurationen ${ws.configPath} letar.`);
    expect(fs.statSync(ws.database).size).toBe(0);
  });
});

describe("a slip in config's subcommand", () => {
  it("is named, with the one there is, exit 2; config with none is told it needs one", async () => {
    const slip = await runCli(["config", "chek"]);
    expect(slip.code).toBe(2);
    expect(slip.stderr).toContain(`"somarkiv config" has no subcommand "chek"; the one it has is: somarkiv config check`);
    const none = await runCli(["config"]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain(`"somarkiv config" needs a subcommand: somarkiv config check`);
  });
});

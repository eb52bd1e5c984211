import { describe, it, expect, beforeEach, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { account, runCli } from "../helpers/cli.ts";
import { spoolSecondVersion, syntheticArchive } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { Spool } from "../../src/spool/index.ts";

/**
 * Two configurations whose logs are in one folder (a municipal company's beside the municipality's,
 * both under /var/lib/somarkiv) share the spool beside them. The company's configuration, with an
 * account of the same id, took the municipality's record waiting there as one of its own cut off
 * before its log entry: stored it in its store, sent it to its registrar, and the municipality's log
 * then marked it lost. A spool belongs to one log: the other configuration is refused, plainly, and
 * the waiting record stays the municipality's. No browser: the capture is refused before it opens one.
 */
let ws: Awaited<ReturnType<typeof syntheticArchive>>;
let bolag: string;
const SAID = "Two configurations share one data folder: the spool";

function writeBolag(): void {
  bolag = path.join(ws.dir, "bolag.yaml");
  fs.writeFileSync(bolag, YAML.stringify({
    organisation: { name: "Överkalix Bostäder AB" },
    storage: { type: "filesystem", path: "objects-bolag" },
    intake: [{ type: "directory", path: "intake-bolag" }],
    database: "bolag.sqlite",
    accounts: [account("konto-a", "https://example.se/bolagets-sida")],
  }));
}

describe("two configurations with their logs in one folder", () => {
  beforeEach(async () => { ws = await syntheticArchive(); writeBolag(); });
  afterEach(() => ws.cleanup());

  it("the second never takes the first's waiting record: deliver, capture and config check refuse, and the first delivers it", async () => {
    // The municipality's log uses its spool first (named for it then), and its record waits there.
    expect((await runCli(["deliver", "--config", ws.configPath])).code).toBe(0);
    const { id, folder } = spoolSecondVersion(ws);

    const check = await runCli(["config", "check", "--config", bolag]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(`log ERROR: ${SAID} ${path.join(ws.dir, "spool")} belongs to another log, ${ws.database}`);
    expect(check.stdout).toContain(`Give each configuration its own data folder: set "database:" in ${bolag}`);

    for (const args of [["deliver"], ["capture", "--account", "konto-a"]]) {
      const r = await runCli([...args, "--config", bolag]);
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(SAID);
      expect(r.stderr).toContain("Nothing was done here, and the other log's records were left alone.");
      expect(r.stderr).not.toContain("found whole in the spool");
    }
    expect(fs.existsSync(folder)).toBe(true);
    // The log the refused commands opened is not left behind, empty, beside the other's.
    expect(fs.readdirSync(ws.dir).filter((n) => n.startsWith("bolag.sqlite"))).toEqual([]);
    expect(fs.existsSync(path.join(ws.dir, "intake-bolag"))).toBe(false);
    // Nothing is stored in the company's store: config check looks at it and makes nothing, and the refused commands store nothing.
    expect(fs.existsSync(path.join(ws.dir, "objects-bolag"))).toBe(false);
    const st = await runCli(["status", "--config", bolag]);
    expect(st.stdout).toContain(`ERROR: ${SAID}`);

    const d = await runCli(["deliver", "--config", ws.configPath]);
    expect(d.code, d.stderr).toBe(0);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
    expect((await runCli(["status", "--config", ws.configPath])).stdout).not.toContain(SAID);
  });

  it("a spool from before spools named their log, holding only the other log's records, is not taken by the second", async () => {
    const { id, folder } = spoolSecondVersion(ws);
    const r = await runCli(["deliver", "--config", bolag]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${SAID} ${path.join(ws.dir, "spool")} holds records the log ${path.join(ws.dir, "bolag.sqlite")} never knew (${id}) and none it wrote there`);
    expect(fs.existsSync(folder)).toBe(true);
    // The log whose record it is adopts it, and stores and delivers it.
    const d = await runCli(["deliver", "--config", ws.configPath]);
    expect(d.code, d.stderr).toBe(0);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
    expect((await runCli(["deliver", "--config", bolag])).stderr).toContain(`${SAID} ${path.join(ws.dir, "spool")} belongs to another log, ${ws.database}`);
  });

  it("a spool not yet named for a log, that this log wrote its record to, is this log's, though it holds a folder this log never knew and another log is beside it", async () => {
    // The municipality's record spooled (its capture names the spool's id), and a folder of the company's beside it.
    const { id, folder } = spoolSecondVersion(ws);
    const theirs = path.join(ws.dir, "spool", "konto-a_2026-H1_v7");
    fs.mkdirSync(theirs);
    fs.writeFileSync(path.join(theirs, "konto-a_2026-H1_v7.pdf"), "%PDF-1.7\n% bolagets\n%%EOF\n");
    RecordLog.open(path.join(ws.dir, "bolag.sqlite")).close();
    const d = await runCli(["deliver", "--config", ws.configPath]);
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stderr).not.toContain(SAID);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
    expect(fs.existsSync(folder)).toBe(false);
    // The folder it never knew is left as it was.
    expect(fs.readdirSync(theirs)).toEqual(["konto-a_2026-H1_v7.pdf"]);
  });

  it("a data folder moved with its log is said to be that log's to a second configuration there before its first capture, naming the log where it is now, and the log names its spool anew", async () => {
    expect((await runCli(["deliver", "--config", ws.configPath])).code).toBe(0);
    // The folder moved, as an operator moves /var/lib/somarkiv: the log and its spool, and "database:" set to the new place.
    const moved = path.join(ws.dir, "flyttad");
    fs.mkdirSync(moved);
    fs.renameSync(ws.database, path.join(moved, "somarkiv.sqlite"));
    for (const name of ["spool", ".somarkiv-spool-id"]) fs.renameSync(path.join(ws.dir, name), path.join(moved, name));
    fs.writeFileSync(ws.configPath, fs.readFileSync(ws.configPath, "utf8").replace("database: somarkiv.sqlite", "database: flyttad/somarkiv.sqlite"));
    fs.writeFileSync(bolag, fs.readFileSync(bolag, "utf8").replace("database: bolag.sqlite", "database: flyttad/bolag.sqlite"));

    const check = await runCli(["config", "check", "--config", bolag]);
    expect(check.code, check.stdout).toBe(1);
    expect(check.stdout).toContain(`log ERROR: ${SAID} ${path.join(moved, "spool")} belongs to another log, ${path.join(moved, "somarkiv.sqlite")}, not to this configuration's log ${path.join(moved, "bolag.sqlite")}`);

    // The moved log goes on with its spool, and names it for its new place.
    expect((await runCli(["deliver", "--config", ws.configPath])).code).toBe(0);
    expect(new Spool(path.join(moved, "spool")).owner()?.file).toBe(path.join(moved, "somarkiv.sqlite"));
  });
});

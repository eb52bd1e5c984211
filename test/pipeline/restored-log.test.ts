/**
 * The disk with the log is lost and the log is restored from last week's backup. The store still holds
 * the records made since, which the restored log does not know. verify says what it sees (and that a
 * restored log is one reading of it), and a new capture of such an account must not take a name the
 * store already holds (objects are never overwritten, so it would wait in the spool for ever): it
 * becomes the next version, and is stored and delivered. Real Chromium, real files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

interface Rec { recordId: string; version: number; status: string; sha256: string; storageKey: string }

describe("a log lost, or restored from a backup that lacks the newest records", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");
  const records = async () => JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout) as Rec[];
  const removeLog = () => { for (const f of fs.readdirSync(ws.dir).filter((n) => n.startsWith("somarkiv.sqlite"))) fs.rmSync(path.join(ws.dir, f)); };

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("verify names the loss; a new capture takes the next version the store has not used, and is stored and delivered", async () => {
    expect((await runCli(["capture", ...cfg()])).code).toBe(0);
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);
    const backup = path.join(ws.dir, "backup.sqlite");
    expect((await runCli(["backup", backup, ...cfg()])).code).toBe(0);
    // After the backup: version 2, and a verification that anchors the longer log in the store.
    expect((await runCli(["capture", "--force", ...cfg()])).code).toBe(0);
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);
    const second = (await records()).find((r) => r.version === 2)!;
    const secondPdf = path.join(ws.objects, ...second.storageKey.split("/"));

    // The disk is lost. Without a log, verify does not say "nothing to verify" over a store of records.
    removeLog();
    const none = await runCli(["verify", ...cfg()]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(new RegExp(`There is no log at ${ws.database}, but the folder ${ws.objects} holds \\d+ object\\(s\\)`));
    expect(fs.existsSync(ws.database)).toBe(false);

    // The log comes back from the backup, without version 2.
    fs.copyFileSync(backup, ws.database);
    const v = await runCli(["verify", ...cfg()]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${second.storageKey}: an object in the folder ${ws.objects} that the log does not know`);
    expect(v.stdout).toContain("the event log has been cut short");
    expect(v.stdout).toContain("Note: A log cut short, with objects in the store that it does not know, is also what a log restored from an older backup looks like");

    const again = await runCli(["capture", "--force", ...cfg()]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stderr).toContain("already holds version 2, which the log does not know (a log restored from a backup?); this record becomes version 3");
    const third = (await records()).find((r) => r.version === 3)!;
    expect(third.status).toBe("delivered");
    expect(sha(path.join(ws.objects, ...third.storageKey.split("/")))).toBe(third.sha256);
    expect(sha(path.join(ws.intake, `${third.recordId}.pdf`))).toBe(third.sha256);
    // The record the log lost is untouched in the store.
    expect(sha(secondPdf)).toBe(second.sha256);
  }, 180_000);
});

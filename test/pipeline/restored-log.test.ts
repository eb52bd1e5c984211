/**
 * The disk with the log is lost and the log is restored from last week's backup. The store still holds
 * the records made since, which the restored log does not know. A new capture of such an account must
 * not take a name the store already holds (objects are never overwritten, so it would wait in the spool
 * for ever): it becomes the next version, and is stored and delivered. Real Chromium, real files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

interface Rec { recordId: string; version: number; status: string; sha256: string; storageKey: string }

describe("a log restored from a backup that lacks the newest records", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("gives a new capture the next version the store has not used, and stores and delivers it", async () => {
    // The backup was taken before this capture.
    expect((await runCli(["capture", ...cfg()])).code).toBe(0);
    const [first] = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout) as Rec[];
    expect(first).toMatchObject({ version: 1, status: "delivered" });
    const firstPdf = path.join(ws.objects, ...first.storageKey.split("/"));
    expect(sha(firstPdf)).toBe(first.sha256);

    // The disk is lost; the log comes back from the backup, without the record just made.
    for (const f of fs.readdirSync(ws.dir).filter((n) => n.startsWith("somarkiv.sqlite"))) fs.rmSync(path.join(ws.dir, f));
    const again = await runCli(["capture", ...cfg()]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stderr).toContain("already holds version 1, which the log does not know (a log restored from a backup?); this record becomes version 2");
    const [second] = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout) as Rec[];
    expect(second).toMatchObject({ version: 2, status: "delivered" });
    expect(sha(path.join(ws.objects, ...second.storageKey.split("/")))).toBe(second.sha256);
    expect(sha(path.join(ws.intake, `${second.recordId}.pdf`))).toBe(second.sha256);
    // The record the log lost is untouched in the store.
    expect(sha(firstPdf)).toBe(first.sha256);
  }, 120_000);
});

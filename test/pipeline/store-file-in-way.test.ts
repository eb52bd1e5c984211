/**
 * A file inside the folder store where somarkiv keeps a folder (one named as an account's, put there by
 * a person or another program): storage.path is right, and the file is what is to be moved, named.
 * Real captures of a real page into a real folder; the record waits in the spool, and deliver stores it
 * once the file is moved.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

describe("a file in the folder store where a folder of records goes", () => {
  let site: FixtureServer;
  beforeAll(async () => { site = await startFixtureServer(); });
  afterAll(async () => { await site.close(); });

  it("capture names the file and says to move it, not to check the path; deliver stores the record once it is moved", async () => {
    const first = account("facebook-test", site.at("pipeline/kommun.html"));
    const config = (accounts: unknown[]) => ({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts });
    const ws = makeWorkspace(config([first]));
    try {
      // A store that already holds a record, as one in use does.
      const before = await runCli(["capture", "--config", ws.configPath]);
      expect(before.code, before.stdout + before.stderr).toBe(0);
      const stray = path.join(ws.objects, periodOf(new Date(), "Europe/Stockholm"), "facebook-andra");
      fs.writeFileSync(stray, "");
      ws.write(config([first, account("facebook-andra", site.at("pipeline/kommun.html"))]));
      const r = await runCli(["capture", "--config", ws.configPath]);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`${stray} is a file, where somarkiv keeps a folder of records in the folder ${ws.objects}. The store's folder is right: move that file out of it, or rename it (a person or another program put it there; somarkiv never makes a file of that name, and makes the folder itself).`);
      expect(r.stdout + r.stderr).not.toContain("part of the path");
      expect(r.stdout + r.stderr).not.toMatch(/check the path/i);
      fs.renameSync(stray, path.join(ws.dir, "moved-away"));
      const d = await runCli(["deliver", "--config", ws.configPath]);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      const records = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ accountId: string; status: string }>;
      expect(records.map((x) => [x.accountId, x.status]).sort()).toEqual([["facebook-andra", "delivered"], ["facebook-test", "delivered"]]);
    } finally {
      ws.cleanup();
    }
  }, 300_000);

  it("a store holding only stray files beside no log is no lost log: the first capture goes on, and the file in a record's way is named", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("facebook-test", site.at("pipeline/kommun.html"))] });
    try {
      // Put there by a person or another program before somarkiv ever stored a record: no log knew them.
      fs.mkdirSync(ws.objects, { recursive: true });
      const stray = path.join(ws.objects, periodOf(new Date(), "Europe/Stockholm"));
      fs.writeFileSync(stray, "");
      fs.writeFileSync(path.join(ws.objects, "notes.txt"), "Arkivets anteckningar\n");
      const st = await runCli(["status", "--config", ws.configPath]);
      expect(st.stdout + st.stderr).not.toContain("records that a log once knew");
      // Nor does verify count them as objects a log once knew.
      const v = await runCli(["verify", "--config", ws.configPath]);
      expect(v.code, v.stdout + v.stderr).toBe(0);
      expect(v.stdout).toContain(`There is no log at ${ws.database} yet, and the folder ${ws.objects} holds no records, only 2 files somarkiv did not put there (`);
      expect(v.stdout).toContain("notes.txt");
      expect(v.stdout).toContain(`Det finns ingen logg i ${ws.database} ännu, och lagringen har inga handlingar, bara 2 filer som somarkiv inte har lagt där (`);
      expect(v.stdout + v.stderr).not.toContain("a log once knew");
      const r = await runCli(["capture", "--config", ws.configPath]);
      expect(r.stdout + r.stderr).not.toContain("records that a log once knew");
      expect(r.stdout + r.stderr).not.toContain("recover");
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`${stray} is a file, where somarkiv keeps a folder of records in the folder ${ws.objects}. The store's folder is right: move that file out of it, or rename it`);
      fs.renameSync(stray, path.join(ws.dir, "moved-away"));
      const d = await runCli(["deliver", "--config", ws.configPath]);
      expect(d.code, d.stdout + d.stderr).toBe(0);
      const records = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ accountId: string; status: string }>;
      expect(records.map((x) => [x.accountId, x.status])).toEqual([["facebook-test", "delivered"]]);
      expect(fs.readFileSync(path.join(ws.objects, "notes.txt"), "utf8")).toBe("Arkivets anteckningar\n");
    } finally {
      ws.cleanup();
    }
  }, 300_000);
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { foldersOverlapping } from "../../src/config/folders-apart.ts";
import { runCli, makeWorkspace, type Workspace } from "../helpers/cli.ts";

/**
 * The registrar's intake folder, the store's folder and the log's kept apart: one inside another is
 * refused by config check (exit 2), at the setting to move, and nothing is captured or written.
 */
const set = { intake: true, storage: true, database: true };
const config = (intake: string, store: string, database: string) => ({
  intake: [{ type: "directory" as const, path: intake }], storage: { type: "filesystem" as const, path: store }, database, dataDir: path.dirname(database),
});

describe("foldersOverlapping", () => {
  it("takes the defaults' layout, the store and the intake beside each other in the data folder, and an e-mail intake, as apart", () => {
    expect(foldersOverlapping(config("/srv/a/intake", "/srv/a/objects", "/srv/a/somarkiv.sqlite"), { intake: false, storage: false, database: false })).toEqual([]);
    expect(foldersOverlapping(config("/mnt/reg/inkorg", "/srv/a/objects", "/var/lib/somarkiv/somarkiv.sqlite"), set)).toEqual([]);
    expect(foldersOverlapping({ ...config("/x", "/srv/objects", "/srv/s.sqlite"), intake: [{ type: "email", to: "r@k.se", from: "s@k.se", smtpUrlEnv: "X" } as never] }, set)).toEqual([]);
    // A name that begins as another's is no folder inside it.
    expect(foldersOverlapping(config("/srv/objects-registrator", "/srv/objects", "/srv/s.sqlite"), set)).toEqual([]);
  });

  it("names an intake folder that is the store's, lies in it or holds it, at the intake's path", () => {
    for (const [intake, how] of [["/srv/objects", "is the store's folder (/srv/objects)"], ["/srv/objects/reg", "lies inside the store's folder (/srv/objects)"], ["/srv", "holds the store's folder (/srv/objects)"]] as const) {
      const found = foldersOverlapping(config(intake, "/srv/objects", "/var/lib/s/s.sqlite"), set);
      expect(found, intake).toEqual([{ place: ["intake", 0, "path"], says: `the registrar's intake folder ${intake} ${how}: the copies delivered to the registrar would lie among the archive's own objects, where verify takes them for objects the log does not know. Give each a folder of its own, neither inside the other.` }]);
    }
  });

  it("names a log in the intake folder or in the store's, at database when the file sets it", () => {
    expect(foldersOverlapping(config("/srv/reg", "/srv/objects", "/srv/reg/s.sqlite"), set).map((p) => p.place)).toEqual([["database"]]);
    expect(foldersOverlapping(config("/srv/reg", "/srv/objects", "/srv/objects/log/s.sqlite"), set).map((p) => p.place)).toEqual([["database"]]);
    expect(foldersOverlapping(config("/srv/reg", "/srv/objects", "/srv/objects/log/s.sqlite"), { ...set, database: false }).map((p) => p.place)).toEqual([["storage", "path"]]);
  });
});

describe("config check of folders inside each other", () => {
  let ws: Workspace | undefined;
  afterEach(() => { ws?.cleanup(); ws = undefined; });

  it("refuses an intake folder that is the store's folder (exit 2), naming the line, and captures nothing", async () => {
    ws = makeWorkspace({ organisation: { name: "X" } });
    const text = fs.readFileSync(ws.configPath, "utf8");
    const edited = text.replace(/intake:\n(\s+)- type: directory\n(\s+)path: intake/, "intake:\n$1- type: directory\n$2path: objects");
    expect(edited).not.toBe(text);
    fs.writeFileSync(ws.configPath, edited);
    const line = edited.split("\n").findIndex((l) => /path: objects/.test(l) && l.startsWith(" ".repeat(4))) + 1;
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ws.configPath}:${line}: intake (1st, folder), path: the registrar's intake folder ${ws.objects} is the store's folder (${ws.objects})`);
    const c = await runCli(["capture", "--config", ws.configPath]);
    expect(c.code).toBe(2);
    expect(fs.existsSync(ws.database)).toBe(false);
  });
});

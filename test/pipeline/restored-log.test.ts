/**
 * The disk with the log is lost and the log is restored from last week's backup. The store still holds
 * the records made since, which the restored log does not know. verify says what it sees (and that a
 * restored log is one reading of it), and a new capture of such an account must not take a name the
 * store already holds (objects are never overwritten, so it would wait in the spool for ever): it
 * becomes the next version, and is stored and delivered. Real Chromium, real files.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { account, makeWorkspace, runCli, type Workspace, unnamed } from "../helpers/cli.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

interface Rec { recordId: string; version: number; status: string; sha256: string; storageKey: string; dnr: string | null }

const sha = (f: string) => crypto.createHash("sha256").update(fs.readFileSync(f)).digest("hex");

/** A site and a workspace with one account, for one describe, and what its tests ask of them. */
function archiveScene() {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });
  const cfg = () => ["--config", ws.configPath];
  return {
    get ws() { return ws; },
    cfg,
    records: async () => JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout) as Rec[],
    removeLog: () => { for (const f of fs.readdirSync(ws.dir).filter((n) => n.startsWith("somarkiv.sqlite"))) fs.rmSync(path.join(ws.dir, f)); },
  };
}

describe("a log lost, or restored from a backup that lacks the newest records", () => {
  const scene = archiveScene();
  const { cfg, records, removeLog } = scene;

  it("verify names the loss; a new capture takes the next version the store has not used, and is stored and delivered", async () => {
    expect((await runCli(["capture", ...cfg()])).code).toBe(0);
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);
    const backup = path.join(scene.ws.dir, "backup.sqlite");
    expect((await runCli(["backup", backup, ...cfg()])).code).toBe(0);
    // A Windows path is refused, not made a folder of that name here while the copy is never on D:.
    const windows = await runCli(["backup", "D:\\backup\\", ...cfg()], { cwd: scene.ws.dir });
    expect(windows.code).toBe(2);
    expect(windows.stderr).toContain("D:\\backup\\ is a Windows path (it begins with the drive D:)");
    expect(fs.readdirSync(scene.ws.dir).filter((n) => n.startsWith("D:"))).toEqual([]);
    // After the backup: version 2, and a verification that anchors the longer log in the store.
    expect((await runCli(["capture", "--force", ...cfg()])).code).toBe(0);
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);
    const second = (await records()).find((r) => r.version === 2)!;
    const secondPdf = path.join(scene.ws.objects, ...second.storageKey.split("/"));
    // Its manifest names the log that made it: what tells another installation's record from one this log lost.
    const madeBy = JSON.parse(fs.readFileSync(secondPdf.replace(/\.pdf$/, ".json"), "utf8")).madeBy;
    expect(madeBy).toEqual({ log: expect.stringMatching(/^[0-9a-f]{16,}$/), installation: `${os.hostname()}:${scene.ws.database}` });

    // The disk is lost. Without a log, verify does not say "nothing to verify" over a store of records.
    removeLog();
    const none = await runCli(["verify", ...cfg()]);
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(new RegExp(`There is no log at ${scene.ws.database}, but the folder ${scene.ws.objects} holds \\d+ objects?`));
    expect(none.stdout.split("\n")[0]).toMatch(new RegExp(`^Det finns ingen logg i ${scene.ws.database}, men lagringen \\(the folder ${scene.ws.objects}\\) har \\d+ objekt: .* Ingenting har ändrats; låt lagringen vara som den är och berätta för arkivansvarig`));
    expect(fs.existsSync(scene.ws.database)).toBe(false);

    // The log comes back from the backup, without version 2.
    fs.copyFileSync(backup, scene.ws.database);
    const v = await runCli(["verify", ...cfg()]);
    expect(v.code).toBe(1);
    expect(v.stdout).toContain(`${second.storageKey}: an object in the folder ${scene.ws.objects} that the log does not know`);
    expect(v.stdout).toContain("the event log has been cut short");
    expect(v.stdout).toContain("Note: A log cut short, with objects in the store that it does not know, is also what a log restored from an older backup looks like");
    expect(unnamed(v.stdout, scene.ws)).toContain('"somarkiv recover" takes them back into the log');

    const again = await runCli(["capture", "--force", ...cfg()]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stderr).toContain("already holds version 2, which the log does not know (a log restored from a backup?); this record becomes version 3");
    const third = (await records()).find((r) => r.version === 3)!;
    expect(third.status).toBe("delivered");
    // Its previous snapshot is version 2, which the store holds, not version 1, the log's latest; and
    // the sheet says the log did not know it.
    const thirdManifest = JSON.parse(fs.readFileSync(path.join(scene.ws.objects, ...third.storageKey.replace(/\.pdf$/, ".json").split("/")), "utf8"));
    expect(thirdManifest).toMatchObject({ previousRecordId: second.recordId, previousRecordNotInLog: true });
    expect(thirdManifest.previousRecordDnr).toBeUndefined();
    expect(sha(path.join(scene.ws.objects, ...third.storageKey.split("/")))).toBe(third.sha256);
    expect(sha(path.join(scene.ws.intake, `${third.recordId}.pdf`))).toBe(third.sha256);
    // The record the log lost is untouched in the store.
    expect(sha(secondPdf)).toBe(second.sha256);

    // recover takes it back into the log from its manifest and PDF, and sets aside the proofs of the lost log.
    const rec = await runCli(["recover", ...cfg()]);
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(rec.stdout).toContain(`Took back 1 record from the folder ${scene.ws.objects} into the log, as stored: ${second.recordId}.`);
    expect(rec.stdout).toMatch(/Set aside \d+ proofs? in the store of the longer log that was lost/);
    const back = (await records()).find((r) => r.version === 2)!;
    expect(back).toMatchObject({ recordId: second.recordId, status: "stored", sha256: second.sha256, storageKey: second.storageKey });
    // verify passes again, and says what happened each time.
    const ok = await runCli(["verify", ...cfg()]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(unnamed(ok.stdout, scene.ws)).toMatch(/Note: The log was restored from a backup: "somarkiv recover" \(event \d+, [^)]+\) took back 1 record from the store into it and set aside \d+ proofs? of the longer log that was lost\./);
    // Delivered again (the registrar's folder already had it: the same file), and its diary number can be recorded.
    expect((await runCli(["deliver", ...cfg()])).code).toBe(0);
    expect((await records()).find((r) => r.version === 2)!.status).toBe("delivered");
    expect(sha(path.join(scene.ws.intake, `${second.recordId}.pdf`))).toBe(second.sha256);
    expect((await runCli(["registered", second.recordId, "--dnr", "KS 2026/77", ...cfg()])).code).toBe(0);
    // Run again, it finds nothing more to take back or set aside.
    const again2 = await runCli(["recover", ...cfg()]);
    expect(again2.stdout).toContain("The log knows every record in the folder");
    expect(JSON.parse((await runCli(["recover", "--json", ...cfg()])).stdout)).toEqual({ takenBack: [], notTaken: [], anchorsSetAside: [], rowsRebuilt: [], rowsRewritten: [], failedRowsRewritten: [] });
  });

  it("recover takes back nothing its objects do not prove, names each, and leaves them in the store", async () => {
    const [one] = await records();
    const dir = path.join(scene.ws.objects, ...one.storageKey.split("/").slice(0, -1));
    // A manifest whose PDF is not the one it holds the checksum of, and a PDF with no manifest.
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, `${one.recordId}.json`), "utf8"));
    const v8 = one.recordId.replace(/_v\d+$/, "_v8");
    fs.writeFileSync(path.join(dir, `${v8}.json`), JSON.stringify({ ...manifest, recordId: v8, version: 8, files: { [`${v8}.pdf`]: { sha256: "0".repeat(64), bytes: 1 } } }));
    fs.copyFileSync(path.join(dir, `${one.recordId}.pdf`), path.join(dir, `${v8}.pdf`));
    const v9 = one.recordId.replace(/_v\d+$/, "_v9");
    fs.copyFileSync(path.join(dir, `${one.recordId}.pdf`), path.join(dir, `${v9}.pdf`));
    const before = (await records()).length;

    const r = await runCli(["recover", ...cfg()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Could not take back 2 objects; they stay in the store as they are");
    expect(r.stdout).toContain(`${v8}.json: its PDF does not match the checksum its manifest holds`);
    expect(r.stdout).toContain(`${v9}.pdf: a record's PDF without its manifest`);
    expect(await records()).toHaveLength(before);
    expect(fs.existsSync(path.join(dir, `${v9}.pdf`))).toBe(true);
  }, 300_000);
});

describe("a log lost with no backup left", () => {
  const scene = archiveScene();
  const { cfg, records, removeLog } = scene;

  it("capture and the worker stop before capturing anything, deleted or emptied; verify writes nothing; recover --new-log takes every record back", async () => {
    expect((await runCli(["capture", ...cfg()])).code).toBe(0);
    const [first] = await records();
    expect((await runCli(["registered", first!.recordId, "--dnr", "KS 2026/45-1", ...cfg()])).code).toBe(0);
    const delivered = fs.readdirSync(scene.ws.intake).sort();

    for (const lose of ["deleted", "emptied"] as const) {
      removeLog();
      if (lose === "emptied") fs.writeFileSync(scene.ws.database, "");
      const state = lose === "deleted" ? "is not there" : "is empty";
      for (const command of [["capture"], ["capture", "--account", "kommun", "--force"], ["run"]]) {
        const r = await runCli([...command, ...cfg()], { timeoutMs: 60_000 });
        expect(r.code, `${lose} ${command.join(" ")}: ${r.stdout}${r.stderr}`).toBe(1);
        expect(r.stderr).toContain(`somarkiv ${command[0]}: The log ${scene.ws.database} ${state}, but the folder ${scene.ws.objects} already holds records that a log once knew`);
        expect(r.stderr).toContain("Nothing was captured");
        expect(unnamed(r.stderr, scene.ws)).toContain('"somarkiv recover --new-log"');
      }
      // Nothing new in the registrar's folder, no second version in the store, and no log made.
      expect(fs.readdirSync(scene.ws.intake).sort()).toEqual(delivered);
      expect(fs.readdirSync(path.join(scene.ws.objects, ...first!.storageKey.split("/").slice(0, -1))).filter((n) => n.endsWith(".pdf"))).toEqual([`${first!.recordId}.pdf`]);
      expect(lose === "deleted" ? fs.existsSync(scene.ws.database) : fs.statSync(scene.ws.database).size).toBe(lose === "deleted" ? false : 0);
      // status, the operator's first look, says so before it shows an empty log's accounts.
      const st = await runCli(["status", ...cfg()]);
      expect(st.stdout).toContain(`WARNING: The log ${scene.ws.database} ${state}, but the folder ${scene.ws.objects} already holds records that a log once knew`);
      expect(st.stdout).toContain("What status shows below is of an empty log.");
      // verify says so, and writes no new log into the empty file.
      const v = await runCli(["verify", ...cfg()]);
      expect(v.code).toBe(1);
      expect(v.stdout).toContain(lose === "deleted" ? `There is no log at ${scene.ws.database}, but` : `The log ${scene.ws.database} is empty, but`);
      expect(lose === "deleted" ? fs.existsSync(scene.ws.database) : fs.statSync(scene.ws.database).size).toBe(lose === "deleted" ? false : 0);
    }

    // recover without --new-log asks for the backup first; with it, every record comes back as stored.
    const ask = await runCli(["recover", ...cfg()]);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain("Put back the latest backup of the log there first");
    expect(unnamed(ask.stderr, scene.ws)).toContain('"somarkiv recover --new-log" makes a new log');
    const rec = await runCli(["recover", "--new-log", ...cfg()]);
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    expect(rec.stdout).toContain(`Took back 1 record from the folder ${scene.ws.objects} into the log, as stored: ${first!.recordId}.`);
    // No backup was put back: the new log is said as one, not as "a backup that ends at event 0".
    expect(rec.stdout).toContain("The log is a new one, made when no log was left: the diary numbers and deliveries the lost log recorded are missing from it.");
    expect(rec.stdout).not.toContain("put back from a backup that ends");
    expect((await records())[0]).toMatchObject({ recordId: first!.recordId, sha256: first!.sha256, status: "stored", dnr: null });
    expect((await runCli(["verify", ...cfg()])).code).toBe(0);
    // The account has its snapshot again: a capture skips it; --new-log is refused over a log that knows records.
    const skip = await runCli(["capture", ...cfg()]);
    expect(skip.code, skip.stdout + skip.stderr).toBe(0);
    expect(skip.stdout).toContain("kommun: skipped");
    const twice = await runCli(["recover", "--new-log", ...cfg()]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain("--new-log is for when no log is left");
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { runCli, unnamed } from "../helpers/cli.ts";
import { sha, syntheticArchive } from "./archive.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";
import { RecordLog } from "../../src/log/index.ts";

/**
 * Two installations on one store at once (the old server left running after the log was copied to the
 * new one): the old one's log ends where the copy was made, and the new one's proofs and records are
 * past it, which is what a log put back from a backup looks like too. verify, status and recover on the
 * old one name the other installation, and recover takes nothing of it unless told. Through the real
 * command line on real logs and a folder store both write to; no browser.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

/** A record the new installation made that the old one's log never knew, as capture leaves it in the store. */
async function newServersRecord(objects: string, dir: string, madeBy?: { log: string; installation: string }, id = "konto-b_2026-H1_v2"): Promise<string> {
  const version = Number(id.split("_v")[1]);
  const xmp = `<x:xmpmeta><dc:subject><rdf:Bag><rdf:li>facebook</rdf:li><rdf:li>konto-b</rdf:li><rdf:li>2026-H1</rdf:li></rdf:Bag></dc:subject><somarkiv:recordId>${id}</somarkiv:recordId></x:xmpmeta>`;
  const pdf = Buffer.from(`%PDF-1.7\n${xmp}\n% konto-b tagen på den nya servern\n%%EOF\n`, "utf8");
  const manifest = Buffer.from(JSON.stringify({
    schema: "somarkiv-manifest/1", recordId: id, accountId: "konto-b", period: "2026-H1", version, final: false,
    capturedAt: "2026-06-20T06:00:00.000Z", url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200,
    pdf: { pages: 2 }, consent: "none-found", flags: [], files: { [`${id}.pdf`]: { sha256: sha(pdf), bytes: pdf.length } }, ...(madeBy ? { madeBy } : {}),
  }) + "\n", "utf8");
  fs.writeFileSync(path.join(dir, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(dir, `${id}.json`), manifest);
  const store = new FilesystemStore(objects);
  await store.put(recordKey("2026-H1", "konto-b", version, "pdf"), path.join(dir, `${id}.pdf`), sha(pdf));
  await store.put(recordKey("2026-H1", "konto-b", version, "json"), path.join(dir, `${id}.json`), sha(manifest));
  return id;
}

describe("two installations writing to one store", () => {
  it("verify and status on the old one say another installation writes to the store, not a backup put back, and recover takes none of its records unless told", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    // The new server: the log copied as the README says, the same store, its own intake.
    const newDir = path.join(ws.dir, "ny-server");
    fs.mkdirSync(newDir);
    fs.copyFileSync(ws.database, path.join(newDir, "somarkiv.sqlite"));
    const config = YAML.parse(fs.readFileSync(ws.configPath, "utf8")) as Record<string, unknown>;
    const newConfig = path.join(newDir, "somarkiv.yaml");
    fs.writeFileSync(newConfig, YAML.stringify({ ...config, storage: { type: "filesystem", path: ws.objects }, intake: [{ type: "directory", path: "intake" }] }));
    const old = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const fresh = (...args: string[]) => runCli([...args, "--config", newConfig]);
    const [a, b] = ws.ids as [string, string];

    // The new one goes on: numbers, verifications (proofs of its longer chain), a new record.
    expect((await fresh("registered", a, "--dnr", "KS 2026/11")).code).toBe(0);
    expect((await fresh("verify")).code).toBe(0);
    expect((await fresh("registered", b, "--dnr", "KS 2026/22")).code).toBe(0);
    expect((await fresh("verify")).code).toBe(0);
    const theirs = await newServersRecord(ws.objects, newDir);

    const v = await old("verify");
    expect(v.code).toBe(1);
    const said = unnamed(v.stdout, ws);
    expect(said).toContain(`another somarkiv installation writes to this store (`);
    expect(said).toContain(`its log ${os.hostname()}:${path.join(newDir, "somarkiv.sqlite")} had`);
    expect(said).toContain(`Stop one of them (its worker and its timers)`);
    expect(said).toContain(`most likely the records of the other installation`);
    expect(said).not.toContain(`Run "somarkiv recover" first`);
    expect(said).not.toContain("the event log has been cut short");

    const status = unnamed((await old("status")).stdout, ws);
    expect(status).toContain("WARNING: Another somarkiv installation writes to this store (");
    expect(status).not.toContain("the log was put back from an older backup");

    const rec = await old("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(1);
    expect(unnamed(rec.stdout, ws)).toContain(`Nothing was taken back: another somarkiv installation writes to`);
    expect(unnamed(rec.stdout, ws)).toContain(`"somarkiv recover --from-other-installation"`);
    expect((await old("records")).stdout).not.toContain(theirs);

    // Told that the other one is gone for good (its disk died), recover takes its records as a restore's.
    const told = await old("recover", "--from-other-installation");
    expect(told.code, told.stdout + told.stderr).toBe(0);
    expect(told.stdout).toContain(`Took back 1 record`);
    expect((await old("records")).stdout).toContain(theirs);
    // Its proofs set aside then, a later recover does not refuse again.
    const again = await old("recover");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).not.toContain("another somarkiv installation");
  });

  it("a second installation with a log of its own (a trial server given the archive's bucket) is known by its records' manifests, with no proof of its head: verify says so, and recover takes none of its records unless told", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const trial = path.join(ws.dir, "testservern");
    fs.mkdirSync(trial);
    const theirs = await newServersRecord(ws.objects, trial, { log: "0f1e2d3c4b5a69788796a5b4c3d2e1f0", installation: "testservern:/var/lib/somarkiv/somarkiv.sqlite" });
    const old = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

    const v = await old("verify");
    expect(v.code).toBe(1);
    const said = unnamed(v.stdout, ws);
    expect(said).toContain(`that the log does not know (`);
    expect(said).toContain(`bytes): a record's manifest that names another log as its maker, testservern:/var/lib/somarkiv/somarkiv.sqlite, so it is another somarkiv installation's record`);
    expect(said).toContain(`most likely the records of another somarkiv installation (testservern:/var/lib/somarkiv/somarkiv.sqlite), with a log of its own, that was given this store too`);
    expect(said).toContain(`do not run "somarkiv recover"`);
    expect(said).not.toContain(`If the log was put back from a backup, the objects it does not know are most likely the records made after that backup`);

    const rec = await old("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(1);
    expect(unnamed(rec.stdout, ws)).toContain(`Nothing was taken back: another somarkiv installation writes to the folder ${ws.objects} (its log testservern:/var/lib/somarkiv/somarkiv.sqlite; the manifest ${recordKey("2026-H1", "konto-b", 2, "json")}, which names its log as the maker)`);
    expect((await old("records")).stdout).not.toContain(theirs);

    // Its records moved out of the store, one the log lost from a backup (made by this log, on another
    // server after a move) is a restore's, and taken back.
    for (const ext of ["pdf", "json"] as const) fs.rmSync(path.join(ws.objects, ...recordKey("2026-H1", "konto-b", 2, ext).split("/")));
    const log = RecordLog.open(ws.database, { readonly: true });
    const own = log.identity()!;
    log.close();
    const lost = await newServersRecord(ws.objects, trial, { log: own, installation: "nya-servern:/var/lib/somarkiv/somarkiv.sqlite" }, "konto-b_2026-H1_v3");
    const back = await old("recover");
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect(back.stdout).toContain(`Took back 1 record`);
    expect((await old("records")).stdout).toContain(lost);
  });

  it("a copy of this log left running on the old server, which never ran verify, is known by its records' manifests when this installation captured meanwhile: verify says so, and recover takes none of its records unless told", async () => {
    const ws = await syntheticArchive({ madeHere: true });
    cleanups.push(() => ws.cleanup());
    const log = RecordLog.open(ws.database, { readonly: true });
    const own = log.identity()!;
    log.close();
    // The old server, where this log was copied from, went on capturing: its record names this log's id,
    // and its own place; made on 2026-06-20, after this installation's records of 2026-06-10.
    const oldServer = path.join(ws.dir, "gamla-servern");
    fs.mkdirSync(oldServer);
    const theirs = await newServersRecord(ws.objects, oldServer, { log: own, installation: "gamla-servern:/var/lib/somarkiv/somarkiv.sqlite" });
    const here = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

    const v = await here("verify");
    expect(v.code).toBe(1);
    const said = unnamed(v.stdout, ws);
    expect(said).toContain(`a record's manifest that names a copy of this log at gamla-servern:/var/lib/somarkiv/somarkiv.sqlite as its maker, made while this installation was capturing too, so it is that installation's record`);
    expect(said).toContain(`most likely the records of the other installation (gamla-servern:/var/lib/somarkiv/somarkiv.sqlite), made since it and this one parted`);
    expect(said).not.toContain(`"somarkiv recover" takes back into the log each one`);

    const rec = await here("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(1);
    expect(rec.stdout).toContain(`Nothing was taken back: another somarkiv installation writes to`);
    expect((await here("records")).stdout).not.toContain(theirs);
    const told = await here("recover", "--from-other-installation");
    expect(told.code, told.stdout + told.stderr).toBe(0);
    expect((await here("records")).stdout).toContain(theirs);
  });
});

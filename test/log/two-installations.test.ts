import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";
import { runCli, unnamed } from "../helpers/cli.ts";
import { sha, syntheticArchive } from "./archive.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";

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
async function newServersRecord(objects: string, dir: string): Promise<string> {
  const id = "konto-b_2026-H1_v2";
  const xmp = `<x:xmpmeta><dc:subject><rdf:Bag><rdf:li>facebook</rdf:li><rdf:li>konto-b</rdf:li><rdf:li>2026-H1</rdf:li></rdf:Bag></dc:subject><somarkiv:recordId>${id}</somarkiv:recordId></x:xmpmeta>`;
  const pdf = Buffer.from(`%PDF-1.7\n${xmp}\n% konto-b tagen på den nya servern\n%%EOF\n`, "utf8");
  const manifest = Buffer.from(JSON.stringify({
    schema: "somarkiv-manifest/1", recordId: id, accountId: "konto-b", period: "2026-H1", version: 2, final: false,
    capturedAt: "2026-06-20T06:00:00.000Z", url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200,
    pdf: { pages: 2 }, consent: "none-found", flags: [], files: { [`${id}.pdf`]: { sha256: sha(pdf), bytes: pdf.length } },
  }) + "\n", "utf8");
  fs.writeFileSync(path.join(dir, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(dir, `${id}.json`), manifest);
  const store = new FilesystemStore(objects);
  await store.put(recordKey("2026-H1", "konto-b", 2, "pdf"), path.join(dir, `${id}.pdf`), sha(pdf));
  await store.put(recordKey("2026-H1", "konto-b", 2, "json"), path.join(dir, `${id}.json`), sha(manifest));
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
    expect(told.stdout).toContain(`Took back 1 record(s)`);
    expect((await old("records")).stdout).toContain(theirs);
    // Its proofs set aside then, a later recover does not refuse again.
    const again = await old("recover");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).not.toContain("another somarkiv installation");
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runCli, unnamed } from "../helpers/cli.ts";
import { sha, syntheticArchive } from "./archive.ts";
import Database from "better-sqlite3";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";

/**
 * The log put back from a backup older than what somarkiv wrote: a diary number recorded after the
 * backup is gone from it. recover, verify and status say so, with when the backup ends and what to do,
 * and name a number the store's later record gives as its previous snapshot's. Through the real
 * command line on a real log and folder store; no browser.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

/** A second version of konto-b, made after the backup, as capture makes it: its manifest names its previous snapshot's number. */
async function laterVersion(ws: { database: string; objects: string; dir: string }, previous: { recordId: string; dnr: string }): Promise<string> {
  const id = "konto-b_2026-H1_v2";
  const xmp = `<x:xmpmeta><dc:subject><rdf:Bag><rdf:li>facebook</rdf:li><rdf:li>konto-b</rdf:li><rdf:li>2026-H1</rdf:li></rdf:Bag></dc:subject><somarkiv:recordId>${id}</somarkiv:recordId></x:xmpmeta>`;
  const pdf = Buffer.from(`%PDF-1.7\n${xmp}\n% ny version av konto-b\n%%EOF\n`, "utf8");
  const manifest = Buffer.from(JSON.stringify({
    schema: "somarkiv-manifest/1", recordId: id, accountId: "konto-b", period: "2026-H1", version: 2, final: false,
    capturedAt: "2026-06-20T06:00:00.000Z", url: "https://example.se/konto-b", finalUrl: "https://example.se/konto-b", httpStatus: 200,
    pdf: { pages: 2 }, consent: "none-found", flags: [], previousRecordId: previous.recordId, previousRecordDnr: previous.dnr,
    files: { [`${id}.pdf`]: { sha256: sha(pdf), bytes: pdf.length } },
  }) + "\n", "utf8");
  const src = path.join(ws.dir, "src");
  fs.writeFileSync(path.join(src, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(src, `${id}.json`), manifest);
  const store = new FilesystemStore(ws.objects);
  await store.put(recordKey("2026-H1", "konto-b", 2, "pdf"), path.join(src, `${id}.pdf`), sha(pdf));
  await store.put(recordKey("2026-H1", "konto-b", 2, "json"), path.join(src, `${id}.json`), sha(manifest));
  return id;
}

describe("a log put back from a backup older than what somarkiv wrote", () => {
  it("recover, verify and status say that numbers recorded after the backup are missing, name the one the store gives, and verify says no \"All good\"", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    const [a, b] = ws.ids as [string, string];
    expect((await cli("registered", a, "--dnr", "KS 2026/11")).code).toBe(0);
    const backup = path.join(ws.dir, "backup.sqlite");
    expect((await cli("backup", backup)).code).toBe(0);
    const copy = new Database(backup, { readonly: true });
    const last = copy.prepare("SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; at: string };
    copy.close();
    // After the backup: B's number, a verification that proves the longer log, and a new version of B.
    expect((await cli("registered", b, "--dnr", "KS 2026/22")).code).toBe(0);
    expect((await cli("verify")).code).toBe(0);
    const later = await laterVersion(ws, { recordId: b, dnr: "KS 2026/22" });
    for (const f of fs.readdirSync(ws.dir).filter((n) => n.startsWith("somarkiv.sqlite"))) fs.rmSync(path.join(ws.dir, f));
    fs.copyFileSync(backup, ws.database);

    const when = `event ${last.seq}, written ${last.at.replace(/\.\d+Z$/, "").replace("T", " ")} UTC`;
    const cut = await cli("verify");
    expect(cut.code).toBe(1);
    expect(unnamed(cut.stdout, ws)).toContain(`Note: If the log was put back from a backup, that backup ends at ${when}: diary numbers and deliveries recorded after that are missing from the log. Run "somarkiv recover" first`);

    // status, before recover, from the proof in the store of a longer log.
    const early = unnamed((await cli("status")).stdout, ws);
    expect(early).toContain(`WARNING: the log ends at ${when}, but a verification proved it had ${last.seq + 1} events (its proof is in the store): the log was put back from an older backup, or events were removed from it. Diary numbers and deliveries recorded after event ${last.seq} are missing from it.`);

    const rec = await cli("recover");
    expect(rec.code, rec.stdout + rec.stderr).toBe(0);
    const said = unnamed(rec.stdout, ws);
    expect(said).toContain(`The log was put back from a backup that ends at ${when}: diary numbers and deliveries recorded after that are missing from it. Compare "somarkiv records --csv" with the registrar's diary`);
    expect(said).toContain(`${b} has KS 2026/22 (named by ${later})`);
    expect(said).toContain(`somarkiv registered ${b} --dnr "KS 2026/22"`);

    const v = await cli("verify");
    expect(v.code).toBe(1);
    expect(v.stdout).not.toContain("All good");
    expect(unnamed(v.stdout, ws)).toContain(`${b}: the store's record ${later} names KS 2026/22 as this record's diary number, and the log has none`);
    const status = unnamed((await cli("status")).stdout, ws);
    expect(status).toContain(`WARNING: The log was put back from a backup that ends at ${when}`);
    expect(status).toContain(`${b} has KS 2026/22 (named by ${later})`);
    expect(status).not.toContain("the log ends at event");

    // Recorded again: the number is no longer missing, but the log still lacks whatever else came after the backup.
    expect((await cli("registered", b, "--dnr", "KS 2026/22")).code).toBe(0);
    const after = await cli("verify");
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).not.toContain("All good");
    expect(after.stdout).toContain(`But the log was put back from an older backup (event ${last.seq})`);
  });
});

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execSync } from "node:child_process";
import { S3Client, GetObjectCommand, PutObjectCommand, DeleteObjectCommand } from "@aws-sdk/client-s3";
import { startS3, type TestS3 } from "../helpers/s3.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import type { Workspace } from "../helpers/cli.ts";
import { account, makeWorkspace, unnamed } from "../helpers/cli.ts";
import { CRASH_FIXTURES, crashWorkspace, cli } from "../crash/harness.ts";
import { spoolSecondVersion, syntheticArchive } from "../log/archive.ts";

/**
 * `somarkiv verify` through the real command line, on the folder store and on a real S3 server: an intact
 * archive passes; a flipped byte, a missing object and an object the log does not know each fail, named.
 */
const verify = (ws: Workspace) => cli(["verify", "--config", ws.configPath]);
const flip = (b: Buffer, at: number) => { const c = Buffer.from(b); c[at] ^= 0x01; return c; };

describe("verify on the folder store", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("an intact archive: exit 0", async () => {
    const r = await verify(ws);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("All good: 2 snapshots, 4 objects");
    // The archivist's verdict first in Swedish, as verify FILE and registered speak.
    expect(r.stdout.split("\n")[0]).toMatch(/^Allt stämmer: 2 ögonblicksbilder och 4 objekt \(0,0 MB\) stämmer med loggen, och loggens \d+ händelser bildar en obruten kedja \(varje händelse bär ett fingeravtryck av den före, så ingen av dem har ändrats i efterhand/);
  });

  it("a flipped byte in a stored PDF: exit 1 naming the record and the key", async () => {
    const file = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v1.pdf");
    const original = fs.readFileSync(file);
    fs.chmodSync(file, 0o644);
    fs.writeFileSync(file, flip(original, 20));
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/konto-a_2026-H1_v1 2026-H1\/konto-a\/konto-a_2026-H1_v1\.pdf: the PDF has changed: its SHA-256 is [0-9a-f]{64}, the log says [0-9a-f]{64}/);
      expect(r.stdout).toContain("A PDF or manifest that has changed or is missing can be put back from a copy whose SHA-256 is the one the log gives: the registrar's copy (the intake) or a backup of the store.");
      expect(r.stdout).toContain("1 problem found");
      const lines = r.stdout.split("\n");
      expect(lines[0]).toBe("Kontrollen hittade ett fel; det beskrivs på engelska nedan, med vad som ska göras.");
      // Not "keep the store as it is" above the advice to put the file back into it.
      expect(r.stdout).toContain("Kontrollen ändrade ingenting. Ändra inte loggen, och berätta för arkivansvarig vad kontrollen fann; filen kan läggas tillbaka som sägs nedan.");
      expect(r.stdout).not.toContain("Keep the log and the store as they are");
      expect(r.stdout).toContain(`Put it back under the same name in the folder ${ws.objects}, and run verify again.`);
      expect(r.stdout).toContain("En PDF eller metadatafil som har ändrats eller saknas kan läggas tillbaka från en kopia vars SHA-256 är den som loggen anger");
    } finally {
      fs.writeFileSync(file, original);
    }
    expect((await verify(ws)).code).toBe(0);
  });

  it("a stored PDF replaced by a link to a copy elsewhere, right in content: exit 1 naming where it points and how to put the file back", async () => {
    const file = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v1.pdf");
    const original = fs.readFileSync(file);
    const elsewhere = path.join(ws.dir, "writable-copy.pdf");
    fs.writeFileSync(elsewhere, original);
    fs.chmodSync(file, 0o644);
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    try {
      const r = await verify(ws);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`konto-a_2026-H1_v1 2026-H1/konto-a/konto-a_2026-H1_v1.pdf: the PDF in the folder ${ws.objects} is not a file but a link to ${elsewhere}: its content is right today, but it can be changed or removed there`);
      expect(r.stdout).toContain(`cp --remove-destination "${elsewhere}" "${file}" && chmod 444 "${file}"`);
      expect(r.stdout).toContain("1 problem found");
      // What it says to do mends it.
      execSync(`cp --remove-destination "${elsewhere}" "${file}" && chmod 444 "${file}"`);
      expect((await verify(ws)).code).toBe(0);
    } finally {
      if (fs.lstatSync(file).isSymbolicLink()) { fs.rmSync(file); fs.writeFileSync(file, original); }
    }
  });

  it("a deleted object: exit 1 naming it", async () => {
    const file = path.join(ws.objects, "2026-H1", "konto-b", "konto-b_2026-H1_v1.json");
    const original = fs.readFileSync(file);
    fs.rmSync(file);
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/konto-b_2026-H1_v1 2026-H1\/konto-b\/konto-b_2026-H1_v1\.json: the manifest is missing from the folder /);
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it("an object the log does not know: exit 1 naming it; a hidden temporary of an interrupted write is not one", async () => {
    const extra = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v2.pdf");
    fs.writeFileSync(extra, "%PDF-1.7\n");
    // What a crash in the middle of a write leaves: never taken for a record, never reported as one.
    const temp = path.join(ws.objects, "2026-H1", "konto-a", ".konto-a_2026-H1_v3.pdf.123.abcdef.somarkiv-tmp");
    fs.writeFileSync(temp, "%PDF-1.7\n% half");
    // What file browsers leave in a folder a person opened (Finder, Windows Explorer): not records either.
    for (const junk of [".DS_Store", "._konto-a_2026-H1_v1.pdf", "Thumbs.db", "desktop.ini"]) fs.writeFileSync(path.join(ws.objects, "2026-H1", "konto-a", junk), "x");
    fs.writeFileSync(path.join(ws.objects, ".DS_Store"), "x");
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/2026-H1\/konto-a\/konto-a_2026-H1_v2\.pdf: an object in the folder .* that the log does not know \(9 bytes\)/);
      expect(r.stdout).not.toContain("v3");
      expect(r.stdout).toContain("1 problem found");
      // With no proof of a longer log in the store, what a restored log looks like is said all the same.
      expect(unnamed(r.stdout, ws)).toContain('If the log was put back from a backup, the objects it does not know are most likely the records made after that backup: keep them, and "somarkiv recover" takes back');
    } finally {
      fs.rmSync(extra);
    }
    const ok = await cli(["verify", "--config", ws.configPath, "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, records: 2, objects: 4, problems: [] });
  });

  it("a file whose name is no record's (a text made from a PDF, saved beside it): exit 1 naming it as none of the records, not sent to recover", async () => {
    const text = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v1.txt");
    fs.writeFileSync(text, "ögonblicksbild av konto-a\n");
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(unnamed(r.stdout, ws)).toMatch(/2026-H1\/konto-a\/konto-a_2026-H1_v1\.txt: an object in the folder .* whose name is not a record's \(27 bytes\): somarkiv names a record's files <period>\/<account>\/<record id>\.pdf and \.json, and did not put this one there\. It is none of the records, and "somarkiv recover" does not take it; if it does not belong in the archive \(a copy, a note, a text made from a PDF\), move it out of the store/);
      expect(r.stdout).not.toContain("that the log does not know");
      expect(r.stdout).not.toContain("If the log was put back from a backup");
      expect(r.stdout).toContain("1 problem found");
    } finally {
      fs.rmSync(text);
    }
  });
});

describe("verify on a real S3 server, after a real capture", () => {
  let s3: TestS3;
  let server: FixtureServer;
  let ws: Workspace;
  let client: S3Client;
  const PREFIX = "sociala-medier/";
  const PDF = `${PREFIX}2026-H1/konto-a/konto-a_2026-H1_v1.pdf`;
  const JSON_KEY = `${PREFIX}2026-H1/konto-a/konto-a_2026-H1_v1.json`;

  beforeAll(async () => {
    s3 = await startS3();
    server = await startFixtureServer({ root: CRASH_FIXTURES });
    ws = crashWorkspace(server.at("konto.html"), {
      storage: { type: "s3", bucket: s3.bucket, prefix: PREFIX, endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true },
    });
    client = new S3Client({ region: "eu-north-1", endpoint: s3.endpoint, forcePathStyle: true });
    const r = await cli(["capture", "--config", ws.configPath, "--period", "2026-H1"]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await s3?.destroy();
    ws?.cleanup();
  });

  const get = async (Key: string) => Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: s3.bucket, Key }))).Body!.transformToByteArray());
  const put = (Key: string, Body: Buffer) => client.send(new PutObjectCommand({ Bucket: s3.bucket, Key, Body }));

  it("an intact archive: exit 0, with the head of the log anchored in the bucket", async () => {
    const r = await verify(ws);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("All good: 1 snapshot, 2 objects");
    expect(r.stderr).toMatch(/verify: 2 of about 2 objects read/);
    const j = JSON.parse((await cli(["verify", "--config", ws.configPath, "--json"])).stdout);
    expect(j.anchorsChecked).toBe(1);
    expect(j.anchor.key).toMatch(/^sociala-medier\/_log-anchors\/\d{10}-[0-9a-f]{64}\.json$/);
  });

  it("a flipped byte in the stored PDF: exit 1 naming the record and the key", async () => {
    const original = await get(PDF);
    await put(PDF, flip(original, Math.floor(original.length / 2)));
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`konto-a_2026-H1_v1 ${PDF}: the PDF has changed`);
    } finally {
      await put(PDF, original);
    }
  });

  it("a deleted object: exit 1", async () => {
    const original = await get(JSON_KEY);
    await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: JSON_KEY }));
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`konto-a_2026-H1_v1 ${JSON_KEY}: the manifest is missing from S3 bucket ${s3.bucket}`);
    } finally {
      await put(JSON_KEY, original);
    }
  });

  it("an unknown object: exit 1 naming it", async () => {
    const extra = `${PREFIX}2026-H1/konto-a/okänd.pdf`;
    await put(extra, Buffer.from("%PDF-1.7\n"));
    try {
      const r = await verify(ws);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`${extra}: an object in S3 bucket ${s3.bucket}`);
      expect(r.stdout).toContain("whose name is not a record's (9 bytes)");
    } finally {
      await client.send(new DeleteObjectCommand({ Bucket: s3.bucket, Key: extra }));
    }
    expect((await verify(ws)).code).toBe(0);
  });
});

describe("verify with a store that will not let an object be read", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("a stored object that cannot be read: exit 1 naming the record as not checked, with the store's reason, not as missing; the other records are still checked", async () => {
    // What the store cannot read (root reads through chmod 000): a folder where the manifest's file is.
    const file = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v1.json");
    const original = fs.readFileSync(file);
    fs.chmodSync(file, 0o644);
    fs.rmSync(file);
    fs.mkdirSync(file);
    // And konto-b's PDF changed, to show the records after it are still checked.
    const other = path.join(ws.objects, "2026-H1", "konto-b", "konto-b_2026-H1_v1.pdf");
    const otherOriginal = fs.readFileSync(other);
    fs.chmodSync(other, 0o644);
    fs.writeFileSync(other, flip(otherOriginal, 20));
    try {
      const r = await verify(ws);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout, r.stderr).toContain("konto-a_2026-H1_v1 2026-H1/konto-a/konto-a_2026-H1_v1.json: the manifest could not be checked: the folder");
      expect(r.stdout).toMatch(/could not be checked: .*EISDIR|could not be checked: .*directory/i);
      expect(r.stdout).not.toMatch(/konto-a_2026-H1_v1\.json: the manifest is missing/);
      expect(r.stdout).toMatch(/konto-b_2026-H1_v1 2026-H1\/konto-b\/konto-b_2026-H1_v1\.pdf: the PDF has changed/);
      expect(r.stdout).toContain("Note: 1 record could not be checked, as the store answered with an error for them (said above), not that they were gone: konto-a_2026-H1_v1. They are neither proven nor known to be missing or changed, so put nothing back for them");
    } finally {
      fs.rmdirSync(file);
      fs.writeFileSync(file, original);
      fs.writeFileSync(other, otherOriginal);
    }
    expect((await verify(ws)).code).toBe(0);
  });

  it("a record waiting in the spool whose name in the store cannot be read: exit 1 naming it as not checked in the store, where verify said all good", async () => {
    const { id } = spoolSecondVersion(ws);
    const key = path.join(ws.objects, "2026-H1", "konto-a", `${id}.pdf`);
    fs.mkdirSync(key);
    try {
      const r = await verify(ws);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`${id} 2026-H1/konto-a/${id}.pdf: the PDF could not be checked: the folder`);
      expect(r.stdout).toContain(`could not be checked, as the store answered with an error for them (said above), not that they were gone: ${id}.`);
      expect(r.stdout).not.toContain("All good");
    } finally {
      fs.rmdirSync(key);
    }
    const ok = await verify(ws);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
  });
});

describe("verify of a log whose records all wait in the spool", () => {
  it("says there is no object in the store to read yet, not \"0 of about 0 objects read\"", async () => {
    const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("konto-a", "https://example.se/konto-a")] });
    try {
      spoolSecondVersion(ws);
      const r = await verify(ws);
      expect(r.stderr).toContain("verify: no record is stored yet, so there is no object in the store to read");
      expect(r.stderr).not.toContain("of about 0");
    } finally {
      ws.cleanup();
    }
  });
});

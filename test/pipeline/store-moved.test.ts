import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { S3Client, CreateBucketCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { runCli, type Workspace } from "../helpers/cli.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";
import { spoolSecondVersion, syntheticArchive } from "../log/archive.ts";
import { S3Store, recordKey } from "../../src/storage/index.ts";
import { RecordLog } from "../../src/log/index.ts";

/**
 * An S3 store whose configuration was changed to another bucket (a typo, a new empty bucket): the
 * records stored so far are in the old one. Storing in the new one split the archive without a word,
 * and verify then called every earlier record missing. Real s3rver on loopback; no browser: the
 * records are made through somarkiv's own log and store, and one waits in the spool as a capture leaves it.
 */
describe("an S3 store pointed at another bucket than the records were stored in", () => {
  let s3: TestS3;
  let client: S3Client;
  const storage = (bucket: string) => ({ type: "s3", bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true });
  const env = { AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" };
  const keysIn = async (bucket: string) => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((c) => c.Key!).sort();
  /** The archive's configuration with `bucket` as its store. */
  const pointAt = (ws: Workspace, bucket: string) => {
    const yaml = fs.readFileSync(ws.configPath, "utf8");
    fs.writeFileSync(ws.configPath, yaml.replace(/bucket: \S+/, `bucket: ${bucket}`));
  };

  beforeAll(async () => {
    s3 = await startS3({ bucket: "somarkiv-ks" });
    client = new S3Client({ endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
    await client.send(new CreateBucketCommand({ Bucket: "somarkiv-ky" }));
    await client.send(new CreateBucketCommand({ Bucket: "somarkiv-kz" }));
  });
  afterAll(async () => {
    client.destroy();
    await s3.destroy();
  });

  it("stores nothing in it: the record waits in the spool, config check, status and verify say why, and set back it is stored once", async () => {
    const old = new S3Store(storage("somarkiv-ks") as never);
    const ws = await syntheticArchive({ storage: storage("somarkiv-ks"), store: old });
    await old.close();
    const cfg = ["--config", ws.configPath];
    try {
      const { id } = spoolSecondVersion(ws);
      pointAt(ws, "somarkiv-ky");
      const moved = `S3 bucket somarkiv-ky at ${s3.endpoint} (prefix sociala-medier/) holds none of the 2 records the log says were stored last (konto-b_2026-H1_v1, konto-a_2026-H1_v1; the newest as sociala-medier/2026-H1/konto-b/konto-b_2026-H1_v1.pdf in S3 bucket somarkiv-ks at ${s3.endpoint} (prefix sociala-medier/)): the configuration probably names another bucket, prefix or endpoint than the one they were stored in.`;
      const todo = `Set storage.bucket, storage.prefix or storage.endpoint back to where the records are`;

      const check = await runCli(["config", "check", ...cfg], { env });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`store ERROR: ${moved}`);
      expect(check.stdout).toContain(todo);
      // Not "is valid" over the error: the file is right, what it names is not.
      expect(check.stdout.split("\n")[0]).toBe(`${ws.configPath} is written right (2 accounts, storage: s3, intake: directory), but 1 problem in what it names must be mended before records can be taken and kept (ERROR below):`);

      const status = await runCli(["status", ...cfg], { env });
      expect(status.stdout).toContain(`WARNING: ${moved}`);

      const deliver = await runCli(["deliver", ...cfg], { env });
      expect(deliver.code).toBe(1);
      expect(deliver.stdout + deliver.stderr).toContain(`NOT STORED YET: ${moved}`);
      expect(deliver.stdout + deliver.stderr).toContain("nothing is lost, and the records wait in the spool");
      const recs = JSON.parse((await runCli(["records", "--json", ...cfg], { env })).stdout) as Array<{ recordId: string; status: string }>;
      expect(recs.find((r) => r.recordId === id)?.status).toBe("captured");
      expect(fs.existsSync(path.join(ws.dir, "spool", id, `${id}.pdf`))).toBe(true);
      expect(await keysIn("somarkiv-ky")).toEqual([]);
      expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(false);

      // verify: not "put back from a copy", but that the store itself is not where the records were stored.
      const verify = await runCli(["verify", ...cfg], { env });
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(`Note: None of the 4 stored objects is in S3 bucket somarkiv-ky at ${s3.endpoint} (prefix sociala-medier/): the store itself looks gone, not the records one by one (a share not mounted, a folder moved or renamed, or the configuration naming another folder, bucket, prefix or endpoint than the one they were stored in: the log says the last was stored in S3 bucket somarkiv-ks`);
      expect(verify.stdout).not.toContain("can be put back from a copy");

      // Set back: stored once, in the bucket that holds the rest, and delivered.
      pointAt(ws, "somarkiv-ks");
      expect((await runCli(["config", "check", ...cfg], { env })).stdout).not.toContain("holds none of");
      const back = await runCli(["deliver", ...cfg], { env });
      expect(back.code, back.stdout + back.stderr).toBe(0);
      expect(back.stdout).toContain(`stored: ${id}`);
      expect((await runCli(["deliver", ...cfg], { env })).stdout).toContain("Nothing was waiting");
      expect(await keysIn("somarkiv-ky")).toEqual([]);
      expect(await keysIn("somarkiv-ks")).toContain(`sociala-medier/${recordKey("2026-H1", "konto-a", 2, "pdf")}`);
      // The three records' six objects, and the description of their format the deliver wrote beside them.
      expect((await keysIn("somarkiv-ks")).filter((k) => !k.startsWith("sociala-medier/_format/"))).toHaveLength(6);
      expect((await keysIn("somarkiv-ks")).filter((k) => k.startsWith("sociala-medier/_format/"))).toHaveLength(1);
      expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
      expect((await runCli(["verify", ...cfg], { env })).code).toBe(0);
    } finally {
      ws.cleanup();
    }
  });

  it("a bucket that does not exist is said beside the one the log's records are in, and config check does not advise creating it for them", async () => {
    const old = new S3Store(storage("somarkiv-ks") as never);
    const ws = await syntheticArchive({ storage: storage("somarkiv-ks"), store: old });
    await old.close();
    try {
      // A letter mistyped in the bucket's name: no such bucket at all.
      pointAt(ws, "somarkiv-kss");
      const check = await runCli(["config", "check", "--config", ws.configPath], { env });
      expect(check.code).toBe(1);
      const line = check.stdout.split("\n").find((l) => l.includes("store ERROR:"))!;
      expect(line).toContain(`The bucket somarkiv-kss does not exist at ${s3.endpoint}. The log says the records were stored in S3 bucket somarkiv-ks at ${s3.endpoint} (prefix sociala-medier/) (the newest, konto-b_2026-H1_v1, as sociala-medier/2026-H1/konto-b/konto-b_2026-H1_v1.pdf): storage.bucket (or storage.endpoint) was most likely changed by mistake. Set it back to where the records are. Do not create this bucket for them`);
      expect(line).not.toContain("Create it (with Object Lock");
      // A new installation, with no log yet, is still told to create the bucket.
      fs.rmSync(ws.database);
      const fresh = await runCli(["config", "check", "--config", ws.configPath], { env });
      expect(fresh.stdout).toContain(`store ERROR: The bucket somarkiv-kss does not exist at ${s3.endpoint}. Create it (with Object Lock, see the README) or correct storage.bucket.`);
    } finally {
      ws.cleanup();
    }
  });

  it("verify, where only the records stored after the change are in the bucket, says the setting changed, not to put the rest back", async () => {
    const old = new S3Store(storage("somarkiv-ks") as never);
    const ws = await syntheticArchive({ storage: storage("somarkiv-ks"), store: old });
    await old.close();
    const cfg = ["--config", ws.configPath];
    // As a somarkiv without the guard left it: the first records in one bucket, the one stored since in another.
    const { id, folder } = spoolSecondVersion(ws);
    const other = new S3Store(storage("somarkiv-kz") as never);
    const log = RecordLog.open(ws.database);
    try {
      const rec = log.records.get(id)!;
      const p = await other.put(recordKey("2026-H1", "konto-a", 2, "pdf"), path.join(folder, `${id}.pdf`), rec.sha256!);
      const m = await other.put(recordKey("2026-H1", "konto-a", 2, "json"), path.join(folder, `${id}.json`), rec.manifestSha256!);
      log.records.markStored(id, p.fullKey, m.fullKey, p.sha256, other.description);
      log.close();
      pointAt(ws, "somarkiv-kz");

      const verify = await runCli(["verify", ...cfg], { env });
      expect(verify.code).toBe(1);
      expect(verify.stdout).toContain(`Note: None of the 2 records stored before ${id} is in S3 bucket somarkiv-kz at ${s3.endpoint} (prefix sociala-medier/), only the 1 stored since: the configuration's storage (the folder, or the bucket, prefix or endpoint) was probably changed after them, and the records since went to the new place. They are likely not lost: the log says the last of them was stored in S3 bucket somarkiv-ks at ${s3.endpoint} (prefix sociala-medier/).`);
      expect(verify.stdout).not.toContain("can be put back from a copy");
    } finally {
      if (log.db.open) log.close();
      await other.close();
      ws.cleanup();
    }
  });

  it("a store folder that is there but empty (storage.path changed) is refused the same way", async () => {
    const ws = await syntheticArchive();
    const cfg = ["--config", ws.configPath];
    try {
      const { id } = spoolSecondVersion(ws);
      const empty = `${ws.objects}-ny`;
      fs.mkdirSync(empty);
      fs.writeFileSync(ws.configPath, fs.readFileSync(ws.configPath, "utf8").replace("path: objects", "path: objects-ny"));
      const deliver = await runCli(["deliver", ...cfg]);
      expect(deliver.code).toBe(1);
      expect(deliver.stdout + deliver.stderr).toContain(`NOT STORED YET: the folder ${empty} holds none of the 2 records the log says were stored last (konto-b_2026-H1_v1, konto-a_2026-H1_v1; the newest as 2026-H1/konto-b/konto-b_2026-H1_v1.pdf): the configuration probably names another folder than the one they were stored in.`);
      expect(deliver.stdout + deliver.stderr).toContain("Set storage.path back to where the records are");
      expect(deliver.stdout + deliver.stderr).toContain(`or, if the archive really moved, copy every object to the folder ${empty} first: each half-year's folder, _log-anchors/ (the proofs of the log's head) and _format/ (the description of the records' format).`);
      // Said once, with what to do: a retry by deliver or the worker cannot help until the setting is back.
      const line = (deliver.stdout + deliver.stderr).split("\n").find((l) => l.includes("NOT STORED YET"))!;
      expect(line.match(/in the spool/g)).toHaveLength(1);
      expect(line).not.toContain("is retried by");
      expect(fs.readdirSync(empty)).toEqual([]);
      expect(fs.existsSync(path.join(ws.dir, "spool", id, `${id}.pdf`))).toBe(true);
    } finally {
      ws.cleanup();
    }
  });

  it("a store folder gone: config check says so and makes no empty one in its place, so that storing still says the folder is gone", async () => {
    const ws = await syntheticArchive();
    const cfg = ["--config", ws.configPath];
    try {
      const { id } = spoolSecondVersion(ws);
      const away = `${ws.objects}-flyttad`;
      fs.renameSync(ws.objects, away);
      const check = await runCli(["config", "check", ...cfg]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`store ERROR: the folder ${ws.objects} is not there, though the log has records stored in it: a share that is not mounted, a folder moved or renamed, or storage.path in the configuration names the wrong folder.`);
      expect(check.stdout).not.toContain("store ok");
      expect(check.stdout).not.toContain("holds none of");
      expect(fs.existsSync(ws.objects)).toBe(false);
      const deliver = await runCli(["deliver", ...cfg]);
      expect(deliver.code).toBe(1);
      expect(deliver.stdout + deliver.stderr).toContain(`the folder ${ws.objects} is not there, though the log has records stored in it`);
      // The store's words say the records wait in the spool: the line does not say it again.
      const line = (deliver.stdout + deliver.stderr).split("\n").find((l) => l.includes("NOT STORED YET"))!;
      expect(line).toContain("records wait in the spool until the folder is back");
      expect(line).not.toContain("the record waits in the spool and is");
      expect(fs.existsSync(ws.objects)).toBe(false);
      // Put back, it is checked as it was, and the record waiting is stored there.
      fs.renameSync(away, ws.objects);
      expect((await runCli(["config", "check", ...cfg])).stdout).toContain(`store ok: Records are stored in the folder ${ws.objects}, which somarkiv can write to.`);
      expect((await runCli(["deliver", ...cfg])).stdout).toContain(`stored: ${id}`);
    } finally {
      ws.cleanup();
    }
  });

  it("a store that lacks only the newest of the records stored last (taken out under a retention decision) is the right one: the waiting record is stored", async () => {
    const ws = await syntheticArchive();
    const cfg = ["--config", ws.configPath];
    try {
      const { id } = spoolSecondVersion(ws);
      // The newest stored record's files removed from the folder store, as gallring does; the other is there.
      fs.rmSync(path.join(ws.objects, "2026-H1", "konto-b"), { recursive: true });
      const deliver = await runCli(["deliver", ...cfg]);
      expect(deliver.stdout + deliver.stderr).not.toContain("holds none of");
      expect(deliver.stdout + deliver.stderr).toContain(`stored: ${id}`);
      expect(fs.existsSync(path.join(ws.objects, recordKey("2026-H1", "konto-a", 2, "pdf")))).toBe(true);
    } finally {
      ws.cleanup();
    }
  });

  it("objects copied into the bucket without the prefix: the message says the newest is at the bucket's root and what to do", async () => {
    await client.send(new CreateBucketCommand({ Bucket: "somarkiv-rot" }));
    // The records as an operator's copy left them: at the bucket's root, while the configuration keeps its prefix.
    const copied = new S3Store({ ...storage("somarkiv-rot"), prefix: "" } as never);
    // The prefix as an operator may write it, without its trailing "/": the message still says the copy's place under it.
    const ws = await syntheticArchive({ storage: { ...storage("somarkiv-rot"), prefix: "sociala-medier" }, store: copied });
    await copied.close();
    const cfg = ["--config", ws.configPath];
    try {
      spoolSecondVersion(ws);
      const said = `S3 bucket somarkiv-rot at ${s3.endpoint} (prefix sociala-medier/) holds none of the 2 records the log says were stored last (konto-b_2026-H1_v1, konto-a_2026-H1_v1), but the bucket holds the newest without the prefix: 2026-H1/konto-b/konto-b_2026-H1_v1.pdf is at the bucket's root, not under sociala-medier/. The objects were copied into the bucket without the prefix.`;
      const todo = `Copy every object under the prefix (each half-year's folder, _log-anchors/ with the proofs of the log's head, and _format/ with the description of the records' format, e.g. aws s3 cp --recursive s3://somarkiv-rot/2026-H1/ s3://somarkiv-rot/sociala-medier/2026-H1/), or take storage.prefix out of the configuration so that it names where they are`;
      const check = await runCli(["config", "check", ...cfg], { env });
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`store ERROR: ${said}`);
      expect(check.stdout).toContain(todo);
      const deliver = await runCli(["deliver", ...cfg], { env });
      expect(deliver.code).toBe(1);
      expect(deliver.stdout + deliver.stderr).toContain(`NOT STORED YET: ${said}`);
      expect(await keysIn("somarkiv-rot")).not.toContain(`sociala-medier/${recordKey("2026-H1", "konto-a", 2, "pdf")}`);
    } finally {
      ws.cleanup();
    }
  });

  it("a store that cannot be reached is said by status, text and --json, where status read as for a store that answers", async () => {
    const old = new S3Store(storage("somarkiv-ks") as never);
    const ws = await syntheticArchive({ storage: storage("somarkiv-ks"), store: old });
    await old.close();
    try {
      // The S3 server down: nothing listens at its address.
      fs.writeFileSync(ws.configPath, fs.readFileSync(ws.configPath, "utf8").replace(s3.endpoint, "http://127.0.0.1:9"));
      const st = await runCli(["status", "--config", ws.configPath], { env });
      expect(st.stdout).toMatch(/WARNING: S3 bucket somarkiv-ks at http:\/\/127\.0\.0\.1:9 \(prefix sociala-medier\/\) could not be asked whether it holds the records \(Could not reach the S3 store at http:\/\/127\.0\.0\.1:9: connection refused: nothing answers at that address and port[^)]*\), so status could not check the store; records captured meanwhile wait in the spool, and nothing is lost\. "somarkiv .*config check" asks the store and says what is wrong\./);
      const json = JSON.parse((await runCli(["status", "--json", "--config", ws.configPath], { env })).stdout) as { storeNotAnswering: string | null };
      expect(json.storeNotAnswering).toMatch(/^S3 bucket somarkiv-ks at http:\/\/127\.0\.0\.1:9 .* could not be asked whether it holds the records/);
      // Reached again: nothing said.
      fs.writeFileSync(ws.configPath, fs.readFileSync(ws.configPath, "utf8").replace("http://127.0.0.1:9", s3.endpoint));
      const ok = await runCli(["status", "--json", "--config", ws.configPath], { env });
      expect((JSON.parse(ok.stdout) as { storeNotAnswering: string | null }).storeNotAnswering).toBeNull();
    } finally {
      ws.cleanup();
    }
  });
});

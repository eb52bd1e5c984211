import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { syntheticArchive } from "../log/archive.ts";
import type { Workspace } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore, StorageError, type ObjectStore } from "../../src/storage/index.ts";
import { describeS3Error } from "../../src/storage/s3-errors.ts";
import { missingBucketSaid, storeMovedProblem } from "../../src/record/store-moved.ts";

/**
 * A store that refuses the look for the records stored before (a wrong key), made while a new version
 * was being stored: its refusal says what the look was for, so that the operator does not take the record
 * it names for the one being stored. s3rver refuses an access key it does not know (InvalidAccessKeyId),
 * but keeps no rights a known key could lack, so the refusal here is the SDK's AccessDenied, put into
 * words by somarkiv's own translation, on a real log.
 */
describe("a store that refuses the look for the records stored before", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("says it refused while somarkiv made sure the store holds the records stored before, naming the one looked for", async () => {
    const real = new FilesystemStore(ws.objects);
    const fullKey = (key: string) => `sociala-medier/${key}`;
    const refusing = {
      description: "S3 bucket somarkiv at https://s3.example.se (prefix sociala-medier/)",
      fullKey,
      has: async (key: string) => {
        throw describeS3Error(Object.assign(new Error("Access Denied"), { name: "AccessDenied", $metadata: { httpStatusCode: 403 } }), { what: `look for ${fullKey(key)}`, bucket: "somarkiv", endpoint: "https://s3.example.se" });
      },
    } as unknown as ObjectStore;
    const log = RecordLog.open(ws.database);
    try {
      const newest = log.records.latestStored(1)[0]!;
      const name = `${newest.recordId}.pdf`;
      const e = await storeMovedProblem(log, refusing, { type: "s3", bucket: "somarkiv", prefix: "sociala-medier/", endpoint: "https://s3.example.se", region: "eu-north-1" } as never).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(StorageError);
      expect((e as StorageError).problem).toBe("access-denied");
      expect((e as StorageError).message).toContain(`does not allow somarkiv to look for sociala-medier/${newest.period}/${newest.accountId}/${name} while making sure this store holds the records stored before (${name}), before storing a new one (bucket somarkiv). The store knows the access key`);
      // A store that answers is looked in as before.
      expect(await storeMovedProblem(log, real, { type: "filesystem", path: ws.objects } as never)).toBeUndefined();
    } finally {
      log.close();
    }
  });

  it("a folder store names the file it looked for, with the why after it, as the S3 store names the key", async () => {
    // A real folder where a file stands in the place of the newest record's half-year folder.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-looked-"));
    const log = RecordLog.open(ws.database);
    try {
      const newest = log.records.latestStored(1)[0]!;
      const name = `${newest.recordId}.pdf`;
      fs.writeFileSync(path.join(root, newest.period), "");
      const e = await storeMovedProblem(log, new FilesystemStore(root), { type: "filesystem", path: root } as never).then(() => null, (x: unknown) => x);
      expect(e).toBeInstanceOf(StorageError);
      expect((e as StorageError).message).toBe(`Could not look for ${path.join(root, newest.period, newest.accountId, name)} while making sure this store holds the records stored before (${name}), before storing a new one: ${path.join(root, newest.period)} is a file, where somarkiv keeps a folder of records in the folder ${root}. The store's folder is right: move that file out of it, or rename it (a person or another program put it there; somarkiv never makes a file of that name, and makes the folder itself).`);
    } finally {
      log.close();
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

/** config check's words for a configured bucket that is not there while the log has records stored before. */
describe("missingBucketSaid", () => {
  const fact = "The bucket somarkiv-kss does not exist at http://127.0.0.1:4569.";
  const newest = { recordId: "konto-b_2026-H1_v1", storageKey: "sociala-medier/2026-H1/konto-b/konto-b_2026-H1_v1.pdf" };

  it("says nothing of its own where the log has no record stored: the store's own advice (create it) stands", () => {
    expect(missingBucketSaid(fact, undefined)).toBeUndefined();
  });

  it("says the records were stored in another store where the log of an older version did not note which, never that they were stored in this one", () => {
    const said = missingBucketSaid(fact, { ...newest, store: null })!;
    expect(said).toContain(`${fact} The log says the records were stored in another store (the newest, konto-b_2026-H1_v1, as ${newest.storageKey}): storage.bucket (or storage.endpoint) was most likely changed by mistake.`);
    expect(missingBucketSaid(fact, { ...newest, store: "S3 bucket somarkiv-ks at http://127.0.0.1:4569" })).toContain("The log says the records were stored in S3 bucket somarkiv-ks at http://127.0.0.1:4569 (the newest,");
  });
});

import { describe, expect, it } from "vitest";
import { storedLater } from "../../src/record/pipeline.ts";
import { StorageError } from "../../src/storage/index.ts";
import { describeS3Error } from "../../src/storage/s3-errors.ts";
import { storeError } from "../../src/storage/filesystem.ts";

const ctx = { what: "upload sociala-medier/x.pdf", bucket: "somarkiv", endpoint: "https://s3.example.se" };
const sdkError = (name: string, status: number) => Object.assign(new Error("UnknownError"), { name, $metadata: { httpStatusCode: status } });
const fsError = (code: string) => Object.assign(new Error(`${code}: failed`), { code });
const store = { root: "/srv/somarkiv/objects", description: "the folder /srv/somarkiv/objects" };
const said = (e: StorageError) => `${e.message}${storedLater(e, e.message)}`;

/** What a command's summary adds to a record the store did not take: decided by the error's kind, never by its words. */
describe("storedLater", () => {
  it("a store that did not answer: the record waits and is stored at a later try", () => {
    const e = describeS3Error(Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }), ctx);
    expect(said(e)).toBe(`Could not reach the S3 store at https://s3.example.se: connection refused: nothing answers at that address and port. Check that the store is running and that storage.endpoint is its address and port. The record waits in the spool and is stored by "somarkiv deliver" or the worker's next wake.`);
  });

  it("a store that refuses (keys, rights, no bucket): safe in the spool, stored once a person has mended it", () => {
    const later = `The record is safe in the spool, and "somarkiv deliver" or the worker's next wake stores it once this is mended; until then every try is refused.`;
    expect(said(describeS3Error(sdkError("NoSuchBucket", 404), ctx))).toBe(`The bucket somarkiv does not exist at https://s3.example.se. Create it (see the README) or correct storage.bucket. ${later}`);
    expect(said(describeS3Error(sdkError("InvalidAccessKeyId", 403), ctx))).toBe(`The S3 store at https://s3.example.se does not know the access key somarkiv used (AWS_ACCESS_KEY_ID). Check the credentials. ${later}`);
    expect(said(describeS3Error(sdkError("Forbidden", 403), ctx))).toMatch(/^Access denied: .*s3:PutObjectRetention\)\. The record is safe in the spool/);
    expect(said((storeError(fsError("EACCES"), "store x.pdf", store) as StorageError))).toMatch(/permission denied.*\. Give the user that runs somarkiv write access to the folder\. The record is safe in the spool/);
    // Refusals of kind "other" that only a setting or another bucket mends are said the same way.
    expect(said(describeS3Error(sdkError("PermanentRedirect", 301), ctx))).toBe(`The S3 store says bucket somarkiv is in another region than storage.region. Correct storage.region. ${later}`);
    const noLock = describeS3Error(Object.assign(new Error("Bucket is missing Object Lock Configuration"), { name: "InvalidRequest", $metadata: { httpStatusCode: 400 } }), ctx);
    expect(noLock).toMatchObject({ problem: "other", needsPerson: true, retryable: false, mend: "Remove storage.retention or use a bucket created with Object Lock." });
    expect(said(noLock)).toBe(`Bucket somarkiv refused the retention lock: it has no Object Lock. Remove storage.retention or use a bucket created with Object Lock. ${later}`);
    // Said before a sentence of its own even where the store's words end without a stop.
    expect(storedLater(new StorageError("no-bucket", "no bucket here"), "no bucket here")).toBe(`; the record is safe in the spool, and "somarkiv deliver" or the worker's next wake stores it once this is mended; until then every try is refused`);
  });

  it("nothing where the store's own words already say the record waits in the spool, whatever they say", () => {
    // A share not mounted is unreachable, a read-only disk a refusal, a full disk neither: each says the spool itself.
    expect(storedLater((storeError(fsError("EROFS"), "store x.pdf", store) as StorageError), "")).toBe("");
    expect(storedLater((storeError(fsError("ENOSPC"), "store x.pdf", store) as StorageError), "")).toBe("");
    expect(storedLater(new StorageError("unreachable", "The share is not mounted; records wait in the spool until it is.", { spoolSaid: true }), "x")).toBe("");
    // The word alone decides nothing: a store's words that name a folder called spool are not the record's fate.
    const named = new StorageError("unreachable", "Could not reach the store at https://spool.example.se.");
    expect(storedLater(named, named.message)).toContain("The record waits in the spool");
  });

  it("nothing for troubles where neither waiting nor a setting is the way (a damaged upload, a local copy, others)", () => {
    expect(storedLater(describeS3Error(sdkError("BadDigest", 400), ctx), "x.")).toBe("");
    expect(storedLater(new StorageError("local-file", "The local file is missing."), "x.")).toBe("");
    expect(storedLater(describeS3Error(sdkError("InvalidStorageClass", 400), ctx), "x.")).toBe("");
  });
});

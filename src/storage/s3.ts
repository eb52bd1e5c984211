import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import * as fsp from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
// The SDK is loaded when the store is first asked something: commands that never reach the store, and
// installations with the folder store, do not pay for loading it (a third of a CPU-second a command).
import type { CompletedPart, ObjectLockMode, S3Client } from "@aws-sdk/client-s3";
type Sdk = typeof import("@aws-sdk/client-s3");
import type { StorageConfig } from "../config/schema.ts";
import { ObjectConflictError, type ObjectStore, type StoreFinding, type StoredObject } from "./types.ts";
import { StorageError } from "./errors.ts";
import { base64ToHex, hexToBase64, sha256Stream } from "./hash.ts";
import { assertSafeKey } from "./keys.ts";
import { localFileAsRecorded } from "./local-file.ts";
import { describeS3Error, isNotFound, isS3Code, s3ErrorCode } from "./s3-errors.ts";
import { makeFolder } from "./folder.ts";
import { addressBlanked } from "../intake/secrets.ts";

export type S3StorageConfig = Extract<StorageConfig, { type: "s3" }>;

export interface S3StoreOptions {
  /** Files larger than this go up in parts. */
  multipartThreshold?: number;
  /** Size of each part (S3 requires at least 5 MiB for all but the last). */
  partSize?: number;
  /** How long a connection may go without a byte either way before it counts as hung (ms). */
  idleTimeoutMs?: number;
  /** Told, in plain words, as a request is tried again after the one before it failed (a progress line). */
  onRetry?: (line: string) => void;
}

/**
 * Without these the SDK waits for ever: a store (or a proxy in front of it) that takes the
 * connection and never answers held the upload, the capture run, and a worker's every later wake.
 * The idle bound, not a bound on the whole request, so that a large upload on a slow line still goes through.
 */
const CONNECT_TIMEOUT_MS = 30_000;
const IDLE_TIMEOUT_MS = 60_000;

const MiB = 1024 * 1024;

/**
 * The pause before the 2nd and the 3rd try: a store answering 500 was asked three times within the
 * second, which a store busy for a moment cannot have got over. Growing, and short: a manual command waits them out.
 */
export const RETRY_PAUSES_MS = [1_000, 3_000];

/**
 * Records kept in an S3-compatible bucket (AWS, MinIO, Ceph, StorageGRID, Swedish providers). Credentials come
 * only from the AWS SDK's default chain; nothing secret is read from or written to the configuration.
 */
export class S3Store implements ObjectStore {
  readonly description: string;
  readonly bucket: string;
  readonly prefix: string;
  /** The address used in messages: the configured endpoint (its query's values blanked), or AWS's regional one. */
  readonly endpointLabel: string;
  private connection?: Promise<{ sdk: Sdk; client: S3Client }>;
  private readonly clientOptions: NonNullable<ConstructorParameters<Sdk["S3Client"]>[0]>;
  private readonly onRetry: ((line: string) => void) | undefined;
  private readonly idleMs: number;
  private readonly multipartThreshold: number;
  private readonly partSize: number;
  /** Becomes false once the store has said it does not understand If-None-Match; the HEAD check still guards. */
  private conditionalWrites = true;
  /** Set by close(): no request is tried again after it. */
  private closed = false;

  constructor(readonly config: S3StorageConfig, options: S3StoreOptions = {}) {
    this.bucket = config.bucket;
    // A prefix written without its trailing slash ("sociala-medier") would glue onto the period; nobody means that.
    this.prefix = config.prefix && !config.prefix.endsWith("/") ? `${config.prefix}/` : (config.prefix ?? "");
    // Its query may carry a key (a SAS-style ?sig=…), blanked as an intake's is.
    this.endpointLabel = config.endpoint ? addressBlanked(config.endpoint) : `https://s3.${config.region}.amazonaws.com`;
    this.description = `S3 bucket ${config.bucket} at ${this.endpointLabel}${this.prefix ? ` (prefix ${this.prefix})` : ""}`;
    // The SDK warns on stderr, once, that future versions will need Node 22. somarkiv's operators cannot act
    // on that (the project targets Node 20), and it reads like a failure in the worker's log; the SDK's own switch turns it off.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
    this.multipartThreshold = options.multipartThreshold ?? 16 * MiB;
    this.partSize = Math.max(5 * MiB, options.partSize ?? 8 * MiB);
    this.clientOptions = {
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      // The SDK's automatic checksums stream the body in aws-chunked framing, which several S3-compatible
      // stores save as part of the object. somarkiv sends its own SHA-256 instead.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
      maxAttempts: 3,
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, socketTimeout: options.idleTimeoutMs ?? IDLE_TIMEOUT_MS },
    };
    this.onRetry = options.onRetry;
    this.idleMs = options.idleTimeoutMs ?? IDLE_TIMEOUT_MS;
  }

  /** The SDK and the client, made at the first request. */
  private connect(): Promise<{ sdk: Sdk; client: S3Client }> {
    this.connection ??= import("@aws-sdk/client-s3").then((sdk) => {
      const client = new sdk.S3Client(this.clientOptions);
      this.watchTries(client, this.onRetry, this.idleMs);
      return { sdk, client };
    });
    return this.connection;
  }

  /**
   * Each try after the first is said as it starts: a store that takes the connection and never
   * answers costs a minute a try, and the command was silent for minutes between "storing" and its end.
   * No try starts once the store is closed: a question given up on (the look for records before a
   * capture) went on trying for minutes after, and held the command from ending. Between the SDK's
   * retries and the request itself, so it sees every try and why the one before failed.
   */
  private watchTries(client: S3Client, say: ((line: string) => void) | undefined, idleMs: number): void {
    const lastError = new WeakMap<object, unknown>();
    type Stack = S3Client["middlewareStack"];
    const sayEach = (next: (args: unknown) => Promise<unknown>, context: object) => async (args: { request: unknown; input: unknown }) => {
      const request = args.request as { headers?: Record<string, string> };
      const tries = /attempt=(\d+); max=(\d+)/.exec(request.headers?.["amz-sdk-request"] ?? "");
      if (this.closed) throw new StorageError("unreachable", `${this.description} was not asked again: somarkiv had finished with it.`);
      if (tries && Number(tries[1]) > 1) {
        const pauseMs = RETRY_PAUSES_MS[Math.min(Number(tries[1]) - 2, RETRY_PAUSES_MS.length - 1)]!;
        if (say) {
          const e = lastError.get(context);
          const what = (args.input as { Key?: string }).Key ?? `bucket ${this.bucket}`;
          const why = e !== undefined && (e as Error).name === "TimeoutError"
            ? `no answer from the store yet (${what})`
            : `${this.translate(e, `reach ${what}`).message.replace(/[.;]$/, "")}`;
          say(`${this.description}: ${why}; trying again in ${pauseMs / 1000} s (${tries[1]} of ${tries[2]}), waiting up to ${Math.round(idleMs / 1000)} s`);
        }
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
        if (this.closed) throw new StorageError("unreachable", `${this.description} was not asked again: somarkiv had finished with it.`);
      }
      try {
        return await next(args);
      } catch (e) {
        lastError.set(context, e);
        throw e;
      }
    };
    client.middlewareStack.addRelativeTo(sayEach as unknown as Parameters<Stack["addRelativeTo"]>[0], { relation: "after", toMiddleware: "retryMiddleware", name: "somarkivWatchTries", override: true });
  }

  fullKey(key: string): string {
    assertSafeKey(key);
    return this.prefix + key;
  }

  async put(key: string, localPath: string, sha256: string): Promise<StoredObject> {
    const Key = this.fullKey(key);
    const expected = sha256.toLowerCase();
    const local = await localFileAsRecorded(localPath, sha256, "uploaded");

    // Not every store honours If-None-Match (some ignore it silently), so look first; the conditional
    // write then closes the gap between this look and the upload where the store supports it.
    const existing = await this.headIfExists(key);
    if (existing) return this.sameOrConflict(key, expected, local.bytes);

    try {
      if (local.bytes > this.multipartThreshold) await this.putMultipart(Key, localPath, local.bytes, expected);
      else await this.putSingle(Key, localPath, expected);
    } catch (e) {
      if (isS3Code(e, ["PreconditionFailed", "ConditionalRequestConflict"], [412, 409])) {
        // Someone stored this key between our look and our write (a parallel worker, or a retry).
        return this.sameOrConflict(key, expected, local.bytes);
      }
      throw this.translate(e, `upload ${Key}`, this.config.retention ? "s3:PutObject and s3:PutObjectRetention" : "s3:PutObject");
    }

    // A store may show a new object whole only a moment after it answered the upload (one with
    // eventual read-after-write; s3rver on a busy machine answered 0 bytes): looked at again, a few
    // times over about two seconds, before the upload is taken for a failure.
    let confirmed = await this.confirm(key, expected, local.bytes);
    for (let look = 1; !confirmed.matches && look <= 3; look++) {
      await new Promise((r) => setTimeout(r, 250 * look));
      confirmed = await this.confirm(key, expected, local.bytes);
    }
    if (!confirmed.matches) {
      throw new StorageError("checksum", `After uploading ${Key} to ${this.description}, reading it back gave other content (${confirmed.detail}). The record is not counted as stored; it stays in the spool and will be tried again.`, { spoolSaid: true });
    }
    return { key, fullKey: Key, sha256: expected, bytes: local.bytes };
  }

  async has(key: string, opts: { signal?: AbortSignal } = {}): Promise<boolean> {
    return (await this.headIfExists(key, opts.signal)) !== null;
  }

  async hash(key: string): Promise<StoredObject | null> {
    const Key = this.fullKey(key);
    let body: Readable;
    try {
      const res = await (await this.connect()).client.send(new (await this.connect()).sdk.GetObjectCommand({ Bucket: this.bucket, Key }));
      body = res.Body as Readable;
    } catch (e) {
      if (isS3Code(e, ["NoSuchKey"], [])) return null;
      throw this.translate(e, `read ${Key}`, "s3:GetObject");
    }
    try {
      const d = await sha256Stream(body);
      return { key, fullKey: Key, sha256: d.sha256, bytes: d.bytes };
    } catch (e) {
      throw this.translate(e, `read ${Key}`, "s3:GetObject");
    }
  }

  async *list(under?: string): AsyncIterable<{ key: string; bytes: number }> {
    let ContinuationToken: string | undefined;
    do {
      let res;
      try {
        res = await (await this.connect()).client.send(new (await this.connect()).sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: `${this.prefix}${under ?? ""}` || undefined, ContinuationToken }));
      } catch (e) {
        throw this.translate(e, "list the objects", "s3:ListBucket");
      }
      for (const o of res.Contents ?? []) {
        if (!o.Key || o.Key.endsWith("/")) continue;
        yield { key: o.Key.slice(this.prefix.length), bytes: o.Size ?? 0 };
      }
      ContinuationToken = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  async download(key: string, localPath: string): Promise<void> {
    const Key = this.fullKey(key);
    const dir = path.dirname(localPath);
    await makeFolder(dir);
    const temp = path.join(dir, `.${path.basename(localPath)}.${process.pid}.${randomBytes(6).toString("hex")}.somarkiv-tmp`);
    try {
      const res = await (await this.connect()).client.send(new (await this.connect()).sdk.GetObjectCommand({ Bucket: this.bucket, Key }));
      await pipeline(res.Body as Readable, createWriteStream(temp, { flags: "wx" }));
      const fh = await fsp.open(temp, "r+");
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await fsp.rename(temp, localPath);
    } catch (e) {
      await fsp.unlink(temp).catch(() => undefined);
      if (isS3Code(e, ["NoSuchKey"], [])) throw new StorageError("missing", `There is no object named ${Key} in ${this.description}.`, { cause: e });
      throw this.translate(e, `download ${Key}`, "s3:GetObject");
    }
  }

  /**
   * What `config check` reports about the bucket: can it be reached, is versioning on, does it have Object
   * Lock (needed for retention, and what a records manager wants so that no one can delete a record early).
   * Never throws; every problem is a finding.
   */
  async check(): Promise<StoreFinding[]> {
    const findings: StoreFinding[] = [];
    try {
      await (await this.connect()).client.send(new (await this.connect()).sdk.HeadBucketCommand({ Bucket: this.bucket }));
      findings.push({ level: "ok", message: `${this.description} is reachable.` });
    } catch (e) {
      const err = isNotFound(e)
        ? new StorageError("no-bucket", `The bucket ${this.bucket} does not exist at ${this.endpointLabel}.`, { mend: "Create it (with Object Lock, see the README) or correct storage.bucket." })
        : this.translate(await this.refusalWithCode(e, async ({ sdk, client }) =>
          client.send(new sdk.ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.prefix || undefined, MaxKeys: 1 }))), "reach the bucket", "s3:ListBucket");
      // Marked, so that config check can say it beside the bucket the log's records are in.
      findings.push({ level: "error", message: err.message, ...(err instanceof StorageError && err.problem === "no-bucket" ? { problem: err.problem, fact: err.fact } : {}) });
      return findings;
    }

    try {
      const v = await (await this.connect()).client.send(new (await this.connect()).sdk.GetBucketVersioningCommand({ Bucket: this.bucket }));
      if (v.Status === "Enabled") findings.push({ level: "ok", message: `Versioning is on for bucket ${this.bucket}.` });
      else findings.push({ level: "warning", message: `Versioning is ${v.Status === "Suspended" ? "suspended" : "off"} for bucket ${this.bucket}. Turn it on, so that an overwritten or deleted record can still be recovered.` });
    } catch (e) {
      findings.push({ level: "warning", message: `Could not find out whether bucket ${this.bucket} keeps versions: ${this.unsupportedOr(e, "the store does not support versioning")}.` });
    }

    findings.push(await this.checkRetention());
    return findings;
  }

  /**
   * Whether the bucket has Object Lock, in plain words. An error when retention is configured but the
   * bucket cannot honour it (uploads with a retention date would be refused or not locked).
   */
  async checkRetention(): Promise<StoreFinding> {
    const wanted = this.config.retention;
    try {
      const res = await (await this.connect()).client.send(new (await this.connect()).sdk.GetObjectLockConfigurationCommand({ Bucket: this.bucket }));
      const cfg = res.ObjectLockConfiguration;
      if (cfg?.ObjectLockEnabled !== "Enabled") return this.noLock(wanted, "Object Lock is not enabled on it");
      const def = cfg.Rule?.DefaultRetention;
      const defText = def ? ` Its default retention is ${def.Mode} for ${def.Years ? `${def.Years} years` : `${def.Days} days`}.` : " It has no default retention.";
      const ours = wanted ? ` somarkiv locks each record (${wanted.mode}) for ${wanted.years} years.` : " somarkiv sets no retention of its own (storage.retention is not set).";
      return { level: "ok", message: `Object Lock is enabled on bucket ${this.bucket}.${defText}${ours}` };
    } catch (e) {
      if (isS3Code(e, ["ObjectLockConfigurationNotFoundError"], [])) return this.noLock(wanted, "it was created without Object Lock");
      return this.noLock(wanted, this.unsupportedOr(e, "the store does not support Object Lock"));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.connection) (await this.connection).client.destroy();
  }

  private noLock(wanted: S3StorageConfig["retention"], why: string): StoreFinding {
    const base = `Bucket ${this.bucket} has no Object Lock (${why}), so an administrator of the store can delete records early.`;
    if (wanted) {
      return { level: "error", message: `${base} storage.retention asks for ${wanted.mode} retention of ${wanted.years} years, which this bucket cannot keep. Create a bucket with Object Lock enabled (it can only be turned on when the bucket is created on most stores), or remove storage.retention.` };
    }
    return { level: "warning", message: `${base} A records manager will usually want a bucket with Object Lock; see the README.` };
  }

  private unsupportedOr(e: unknown, unsupported: string): string {
    if (isS3Code(e, ["NotImplemented"], [501])) return unsupported;
    return this.translate(e, "ask").message;
  }

  private lockParams(): { ObjectLockMode?: ObjectLockMode; ObjectLockRetainUntilDate?: Date } {
    const r = this.config.retention;
    if (!r) return {};
    const until = new Date();
    until.setUTCFullYear(until.getUTCFullYear() + r.years);
    return { ObjectLockMode: r.mode, ObjectLockRetainUntilDate: until };
  }

  private async putSingle(Key: string, localPath: string, sha256: string): Promise<void> {
    // Records below the multipart threshold are small enough to hold in memory, which lets the SDK sign the payload.
    const Body = await fsp.readFile(localPath);
    const send = async (conditional: boolean) =>
      (await this.connect()).client.send(new (await this.connect()).sdk.PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body,
        ContentLength: Body.length,
        ContentType: contentType(Key),
        ChecksumAlgorithm: "SHA256",
        ChecksumSHA256: hexToBase64(sha256),
        Metadata: { sha256 },
        ...(conditional ? { IfNoneMatch: "*" } : {}),
        ...this.lockParams(),
      }));
    await this.withConditionalFallback(send);
  }

  private async putMultipart(Key: string, localPath: string, bytes: number, sha256: string): Promise<void> {
    let UploadId: string | undefined;
    try {
      const created = await (await this.connect()).client.send(new (await this.connect()).sdk.CreateMultipartUploadCommand({
        Bucket: this.bucket,
        Key,
        ContentType: contentType(Key),
        ChecksumAlgorithm: "SHA256",
        Metadata: { sha256 },
        ...this.lockParams(),
      }));
      UploadId = created.UploadId;
      if (!UploadId) throw new StorageError("other", `${this.description} did not start a multipart upload for ${Key} (no upload id).`);

      const parts: CompletedPart[] = [];
      const fh = await fsp.open(localPath, "r");
      try {
        for (let offset = 0, PartNumber = 1; offset < bytes; offset += this.partSize, PartNumber++) {
          const len = Math.min(this.partSize, bytes - offset);
          const buf = Buffer.alloc(len);
          const { bytesRead } = await fh.read(buf, 0, len, offset);
          if (bytesRead !== len) throw new StorageError("local-file", `The local file ${localPath} changed size while it was being uploaded.`);
          const partSum = createHash("sha256").update(buf).digest("base64");
          const res = await (await this.connect()).client.send(new (await this.connect()).sdk.UploadPartCommand({
            Bucket: this.bucket, Key, UploadId, PartNumber, Body: buf, ContentLength: len,
            ChecksumAlgorithm: "SHA256", ChecksumSHA256: partSum,
          }));
          parts.push({ PartNumber, ETag: res.ETag, ChecksumSHA256: partSum });
        }
      } finally {
        await fh.close();
      }

      const uploadId = UploadId;
      await this.withConditionalFallback(async (conditional) =>
        (await this.connect()).client.send(new (await this.connect()).sdk.CompleteMultipartUploadCommand({
          Bucket: this.bucket, Key, UploadId: uploadId,
          MultipartUpload: { Parts: parts },
          ...(conditional ? { IfNoneMatch: "*" } : {}),
        })));
      UploadId = undefined;
    } finally {
      if (UploadId) {
        // Leaving the parts would cost storage forever on stores without a lifecycle rule for them.
        await (await this.connect()).client.send(new (await this.connect()).sdk.AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId })).catch(() => undefined);
      }
    }
  }

  /** Sends with If-None-Match: * and, if the store rejects that header as unsupported, once more without it. */
  private async withConditionalFallback<T>(send: (conditional: boolean) => Promise<T>): Promise<T> {
    if (!this.conditionalWrites) return send(false);
    try {
      return await send(true);
    } catch (e) {
      if (isS3Code(e, ["NotImplemented"], [501])) {
        this.conditionalWrites = false;
        return send(false);
      }
      throw e;
    }
  }

  private async headIfExists(key: string, abortSignal?: AbortSignal): Promise<{ bytes: number; checksum?: string; metaSha256?: string } | null> {
    const Key = this.fullKey(key);
    try {
      const h = await (await this.connect()).client.send(new (await this.connect()).sdk.HeadObjectCommand({ Bucket: this.bucket, Key, ChecksumMode: "ENABLED" }), { abortSignal });
      return { bytes: h.ContentLength ?? -1, checksum: h.ChecksumSHA256, metaSha256: h.Metadata?.sha256 };
    } catch (e) {
      if (isNotFound(e)) return null;
      throw this.translate(await this.refusalWithCode(e, async ({ sdk, client }) =>
        client.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key, Range: "bytes=0-0" }), { abortSignal }), abortSignal), `look for ${Key}`, "s3:GetObject");
    }
  }

  /**
   * A HEAD's refusal has no body, so its 403 does not say why: a wrong secret key (every capture and
   * config check begin with HEADs) was said as "the access key may be unknown", and its 400 (AWS's
   * answer to a request signed for another region than the bucket's) as "UnknownError". The same question is
   * asked once more as one whose refusal has a body (a read of one byte, a listing of one key), and its
   * code is said as a read's refusal is. A second question that learns nothing leaves the first refusal as it was.
   */
  private async refusalWithCode(e: unknown, askWithBody: (c: { sdk: Sdk; client: S3Client }) => Promise<object>, abortSignal?: AbortSignal): Promise<unknown> {
    if (!isS3Code(e, [], [400, 403]) || s3ErrorCode(e) !== undefined || abortSignal?.aborted) return e;
    try {
      const answer = await askWithBody(await this.connect());
      // The byte itself is not wanted: the connection goes back to the pool.
      ((answer as { Body?: Readable }).Body)?.destroy?.();
      return e;
    } catch (learned) {
      return isS3Code(learned, [], [301, 400, 403]) && s3ErrorCode(learned) !== undefined ? learned : e;
    }
  }

  /**
   * Reads the stored object back. A whole-object SHA-256 from the store is proof enough; otherwise (stores
   * without checksums, or a multipart object whose checksum is a checksum of parts) the bytes are fetched and hashed.
   */
  private async confirm(key: string, sha256: string, bytes: number): Promise<{ matches: boolean; detail: string }> {
    const head = await this.headIfExists(key);
    if (!head) return { matches: false, detail: "the object is not there" };
    if (head.bytes !== bytes) return { matches: false, detail: `${head.bytes} bytes instead of ${bytes}` };
    if (head.metaSha256 && head.metaSha256.toLowerCase() !== sha256) {
      return { matches: false, detail: `its recorded SHA-256 is ${head.metaSha256}, not ${sha256}` };
    }
    if (head.checksum && !head.checksum.includes("-")) {
      const got = base64ToHex(head.checksum);
      return got === sha256 ? { matches: true, detail: "" } : { matches: false, detail: `the store's SHA-256 is ${got}, not ${sha256}` };
    }
    const read = await this.hash(key);
    if (!read) return { matches: false, detail: "the object is not there" };
    if (read.sha256 !== sha256 || read.bytes !== bytes) return { matches: false, detail: `SHA-256 ${read.sha256} (${read.bytes} bytes) instead of ${sha256} (${bytes} bytes)` };
    return { matches: true, detail: "" };
  }

  private async sameOrConflict(key: string, sha256: string, bytes: number): Promise<StoredObject> {
    const Key = this.fullKey(key);
    const same = await this.confirm(key, sha256, bytes);
    if (same.matches) return { key, fullKey: Key, sha256, bytes };
    throw new ObjectConflictError(key, `${this.description} already holds ${Key} with other content (${same.detail}); somarkiv never overwrites a record, so the existing object was left as it is.`);
  }

  /** `needs`: the permission the request asks for, said where the store knows the key but refuses it. */
  private translate(e: unknown, what: string, needs?: string): Error {
    if (e instanceof StorageError || e instanceof ObjectConflictError) return e;
    return describeS3Error(e, { what, bucket: this.bucket, endpoint: this.endpointLabel, endpointSet: this.config.endpoint !== undefined, needs, region: this.config.region });
  }
}

function contentType(key: string): string {
  if (key.endsWith(".pdf")) return "application/pdf";
  if (key.endsWith(".json")) return "application/json";
  return "application/octet-stream";
}


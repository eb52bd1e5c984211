import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createHash, randomBytes } from "node:crypto";
import * as fsp from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createStore, ObjectConflictError, recordKey, S3Store, StorageError, type S3StorageConfig } from "../../src/storage/index.ts";
import { startS3, type TestS3 } from "../helpers/s3.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");
const base64Hex = (b64: string) => Buffer.from(b64, "base64").toString("hex");
const MiB = 1024 * 1024;

let s3: TestS3;
let raw: S3Client;
let tmp: string;
const stores: S3Store[] = [];

function config(over: Partial<S3StorageConfig> = {}): S3StorageConfig {
  return { type: "s3", bucket: s3.bucket, prefix: "sociala-medier/", endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true, ...over };
}

function store(over: Partial<S3StorageConfig> = {}, opts?: ConstructorParameters<typeof S3Store>[1]): S3Store {
  const s = opts ? new S3Store(config(over), opts) : (createStore(config(over)) as S3Store);
  stores.push(s);
  return s;
}

async function localFile(content: Buffer): Promise<string> {
  const p = path.join(tmp, `${randomBytes(4).toString("hex")}.pdf`);
  await fsp.writeFile(p, content);
  return p;
}

/** The bytes as the bucket holds them, fetched with a plain client, independent of somarkiv's code. */
async function rawGet(fullKey: string): Promise<Buffer> {
  const res = await raw.send(new GetObjectCommand({ Bucket: s3.bucket, Key: fullKey }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

/**
 * A pass-through HTTP proxy in front of s3rver that notes each request line, so a test can see which S3
 * operations the store really used (s3rver's ETags do not reveal a multipart upload).
 */
type Intercept = (req: { method: string; url: string; headers: http.IncomingHttpHeaders }) => Promise<{ status: number; body: string; headers?: http.OutgoingHttpHeaders } | undefined>;

async function recordingProxy(target: string, opts: { corruptPuts?: boolean; intercept?: Intercept } = {}): Promise<{
  endpoint: string;
  requests: string[];
  headers: http.IncomingHttpHeaders[];
  close(): Promise<void>;
}> {
  const requests: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const t = new URL(target);
  const server = http.createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    headers.push(req.headers);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const answer = await opts.intercept?.({ method: req.method ?? "", url: req.url ?? "", headers: req.headers });
    if (answer) {
      res.writeHead(answer.status, { "content-type": "application/xml", ...answer.headers });
      res.end(answer.body);
      return;
    }
    // Imitates a bit flipped on the way, on a store that does not check the SHA-256 it is sent.
    if (opts.corruptPuts && req.method === "PUT" && body.length > 0) body[body.length - 1] ^= 0xff;
    const up = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on("error", () => res.destroy());
    up.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    headers,
    close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
  };
}

beforeAll(async () => {
  s3 = await startS3();
  tmp = await fsp.mkdtemp(path.join(os.tmpdir(), "somarkiv-s3test-"));
  raw = new S3Client({ endpoint: s3.endpoint, region: "eu-north-1", forcePathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
});

afterEach(async () => {
  // A test that stopped the store must not leave it down for the next one.
  await s3.start();
});

afterAll(async () => {
  for (const s of stores) await s.close();
  raw?.destroy();
  await s3?.destroy();
  if (tmp) await fsp.rm(tmp, { recursive: true, force: true });
});

describe("S3 store against s3rver", () => {
  it("uploads a record under <prefix><period>/<account>/..., with its SHA-256, and reads it back", async () => {
    const st = store();
    const content = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(200_000)]);
    const key = recordKey("2026-H2", "facebook-kommun", 1, "pdf");
    const stored = await st.put(key, await localFile(content), sha(content));

    expect(stored).toEqual({
      key,
      fullKey: "sociala-medier/2026-H2/facebook-kommun/facebook-kommun_2026-H2_v1.pdf",
      sha256: sha(content),
      bytes: content.length,
    });
    // Exactly the bytes, with no SDK chunk framing stored around them.
    const got = await rawGet(stored.fullKey);
    expect(sha(got)).toBe(sha(content));
    const head = await raw.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: stored.fullKey }));
    expect(head.Metadata?.sha256).toBe(sha(content));
    expect(head.ContentType).toBe("application/pdf");
    expect(st.description).toBe(`S3 bucket somarkiv at ${s3.endpoint} (prefix sociala-medier/)`);
    // Whether a name is taken, without reading the object (a new record's version is chosen by it).
    expect(await st.has(key)).toBe(true);
    expect(await st.has(recordKey("2026-H2", "facebook-kommun", 2, "pdf"))).toBe(false);
  });

  it("sends the SHA-256 with every upload, in the header the store verifies and in the metadata, conditionally", async () => {
    const proxy = await recordingProxy(s3.endpoint);
    try {
      const st = store({ endpoint: proxy.endpoint });
      const content = randomBytes(40_000);
      const key = recordKey("2026-H2", "threads-kommun", 1, "pdf");
      await st.put(key, await localFile(content), sha(content));
      const puts = proxy.headers.filter((_, i) => proxy.requests[i].startsWith("PUT "));
      expect(puts).toHaveLength(1);
      expect(puts[0]["x-amz-checksum-sha256"]).toBe(createHash("sha256").update(content).digest("base64"));
      expect(puts[0]["x-amz-meta-sha256"]).toBe(sha(content));
      expect(puts[0]["if-none-match"]).toBe("*");
      // The body is sent as it is, not in aws-chunked framing.
      expect(puts[0]["content-encoding"] ?? "").not.toContain("aws-chunked");
      expect(Number(puts[0]["content-length"])).toBe(content.length);
    } finally {
      await proxy.close();
    }
  });

  it("asks the store to lock each record for the configured retention", async () => {
    const proxy = await recordingProxy(s3.endpoint);
    try {
      const st = store({ endpoint: proxy.endpoint, retention: { mode: "COMPLIANCE", years: 10 } });
      const small = randomBytes(1_000);
      await st.put(recordKey("2026-H2", "retention-kommun", 1, "pdf"), await localFile(small), sha(small));
      const put = proxy.headers[proxy.requests.findIndex((r) => r.startsWith("PUT "))];
      expect(put["x-amz-object-lock-mode"]).toBe("COMPLIANCE");
      const until = new Date(String(put["x-amz-object-lock-retain-until-date"]));
      expect(until.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 10);
    } finally {
      await proxy.close();
    }
  });

  it("locks a record sent in parts for the retention too: the multipart upload is started with the lock", async () => {
    const proxy = await recordingProxy(s3.endpoint);
    try {
      const st = store({ endpoint: proxy.endpoint, retention: { mode: "COMPLIANCE", years: 10 } }, { multipartThreshold: 5 * MiB });
      const large = randomBytes(6 * MiB);
      await st.put(recordKey("2026-H2", "retention-stor", 1, "pdf"), await localFile(large), sha(large));
      const started = proxy.requests.findIndex((r) => /^POST .*\?uploads/.test(r));
      expect(started).toBeGreaterThanOrEqual(0);
      expect(proxy.headers[started]["x-amz-object-lock-mode"]).toBe("COMPLIANCE");
      const until = new Date(String(proxy.headers[started]["x-amz-object-lock-retain-until-date"]));
      expect(until.getUTCFullYear()).toBe(new Date().getUTCFullYear() + 10);
    } finally {
      await proxy.close();
    }
  });

  it("does not count an upload as stored when the bytes read back differ", async () => {
    const proxy = await recordingProxy(s3.endpoint, { corruptPuts: true });
    try {
      const st = store({ endpoint: proxy.endpoint });
      const content = randomBytes(20_000);
      const key = recordKey("2026-H2", "flickr-kommun", 1, "pdf");
      const err = await st.put(key, await localFile(content), sha(content)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).problem).toBe("checksum");
      expect((err as Error).message).toContain("reading it back gave other content");
      expect((err as Error).message).toContain("not counted as stored");
    } finally {
      await proxy.close();
    }
  });

  /**
   * AWS and MinIO answer the look after an upload with the object's length and its whole SHA-256
   * (s3rver gives no checksum): the proxy answers that look as such a store would, with one thing wrong.
   */
  async function putWhereTheStoreAnswers(account: string, content: Buffer, answer: (right: { bytes: number; hex: string; base64: string }) => http.OutgoingHttpHeaders): Promise<unknown> {
    let uploaded = false;
    const right = { bytes: content.length, hex: sha(content), base64: createHash("sha256").update(content).digest("base64") };
    const proxy = await recordingProxy(s3.endpoint, {
      intercept: async ({ method, url }) => {
        if (method === "PUT" && url.includes(account)) uploaded = true;
        else if (method === "HEAD" && uploaded) return { status: 200, body: "", headers: { "content-type": "application/pdf", ...answer(right) } };
        return undefined;
      },
    });
    try {
      const st = store({ endpoint: proxy.endpoint });
      return await st.put(recordKey("2026-H2", account, 1, "pdf"), await localFile(content), right.hex).catch((e: unknown) => e);
    } finally {
      await proxy.close();
    }
  }

  it("does not count an upload as stored when the store's own SHA-256 of it differs", async () => {
    const content = randomBytes(3_000);
    const wrong = createHash("sha256").update("something else").digest("base64");
    const err = await putWhereTheStoreAnswers("summa-kommun", content, (right) => ({ "content-length": String(right.bytes), "x-amz-meta-sha256": right.hex, "x-amz-checksum-sha256": wrong }));
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("checksum");
    expect((err as Error).message).toContain(`the store's SHA-256 is ${base64Hex(wrong)}`);
  });

  it("does not count an upload as stored when the store holds another number of bytes, though its checksums are right", async () => {
    const content = randomBytes(3_000);
    const err = await putWhereTheStoreAnswers("langd-kommun", content, (right) => ({ "content-length": String(right.bytes - 1), "x-amz-meta-sha256": right.hex, "x-amz-checksum-sha256": right.base64 }));
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("checksum");
    expect((err as Error).message).toContain(`${content.length - 1} bytes instead of ${content.length}`);
  });

  it("counts an upload as stored when the store shows the object only a moment after answering it (read-after-write that lags)", async () => {
    let uploaded = false;
    let stale = 1;
    const proxy = await recordingProxy(s3.endpoint, {
      intercept: async ({ method }) => {
        if (method === "PUT") uploaded = true;
        else if (method === "HEAD" && uploaded && stale-- > 0) return { status: 404, body: "" };
        return undefined;
      },
    });
    try {
      const st = store({ endpoint: proxy.endpoint });
      const content = randomBytes(5_000);
      const stored = await st.put(recordKey("2026-H2", "lag-kommun", 1, "pdf"), await localFile(content), sha(content));
      expect(stored.sha256).toBe(sha(content));
      expect(proxy.requests.filter((r) => r.startsWith("HEAD ")).length).toBeGreaterThanOrEqual(3);
    } finally {
      await proxy.close();
    }
  });

  it("treats a refused conditional write as a parallel writer and decides by content", async () => {
    const key = recordKey("2026-H2", "bluesky-kommun", 1, "pdf");
    const theirs = randomBytes(8_000);
    // Between somarkiv's look and its write, another writer stores other bytes; the store (as AWS does) refuses ours with 412.
    const proxy = await recordingProxy(s3.endpoint, {
      intercept: async ({ method, headers, url }) => {
        if (method !== "PUT" || headers["if-none-match"] !== "*" || !url.includes("bluesky")) return undefined;
        await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: `sociala-medier/${key}`, Body: theirs }));
        return { status: 412, body: "<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>" };
      },
    });
    try {
      const st = store({ endpoint: proxy.endpoint });
      const ours = randomBytes(8_000);
      const err = await st.put(key, await localFile(ours), sha(ours)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ObjectConflictError);
      expect(sha(await rawGet(st.fullKey(key)))).toBe(sha(theirs));
      // The same bytes as the other writer's count as stored.
      expect((await st.put(key, await localFile(theirs), sha(theirs))).sha256).toBe(sha(theirs));
    } finally {
      await proxy.close();
    }
  });

  it("falls back to a plain upload when the store does not implement If-None-Match", async () => {
    let refused = 0;
    const proxy = await recordingProxy(s3.endpoint, {
      intercept: async ({ method, headers }) => {
        if (method !== "PUT" || !headers["if-none-match"]) return undefined;
        refused++;
        return { status: 501, body: "<Error><Code>NotImplemented</Code><Message>A header you provided implies functionality that is not implemented</Message></Error>" };
      },
    });
    try {
      const st = store({ endpoint: proxy.endpoint });
      for (const n of [1, 2]) {
        const content = randomBytes(4_000);
        const stored = await st.put(recordKey("2026-H1", "vimeo-kommun", n, "pdf"), await localFile(content), sha(content));
        expect(sha(await rawGet(stored.fullKey))).toBe(sha(content));
      }
      // Asked once, then remembered.
      expect(refused).toBe(1);
    } finally {
      await proxy.close();
    }
  });

  it("adds the slash a prefix was written without", async () => {
    const st = store({ prefix: "arkiv" });
    expect(st.fullKey("2026-H1/a/a_2026-H1_v1.pdf")).toBe("arkiv/2026-H1/a/a_2026-H1_v1.pdf");
    expect(store({ prefix: "" }).fullKey("2026-H1/a/a_2026-H1_v1.pdf")).toBe("2026-H1/a/a_2026-H1_v1.pdf");
  });

  it("never overwrites: the same bytes again succeed, other bytes are a conflict and the original stays", async () => {
    const st = store();
    const key = recordKey("2026-H1", "instagram-kommun", 1, "pdf");
    const original = randomBytes(50_000);
    await st.put(key, await localFile(original), sha(original));

    const retried = await st.put(key, await localFile(original), sha(original));
    expect(retried.sha256).toBe(sha(original));

    const other = randomBytes(50_000);
    const err = await st.put(key, await localFile(other), sha(other)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectConflictError);
    expect((err as ObjectConflictError).key).toBe(key);
    expect((err as Error).message).toContain("never overwrites");

    expect(sha(await rawGet(st.fullKey(key)))).toBe(sha(original));
  });

  it("refuses to upload a local file that does not match its checksum", async () => {
    const st = store();
    const key = recordKey("2026-H1", "bad-spool", 1, "pdf");
    const err = await st.put(key, await localFile(Buffer.from("changed in the spool")), sha(Buffer.from("as captured"))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("local-file");
    // In the S3 store's own word: the folder store's "stored" would say a step it never takes.
    expect((err as StorageError).message).toMatch(/; it was not uploaded\.$/);
    expect(await st.hash(key)).toBeNull();
  });

  it("uploads a file above the multipart threshold in parts, and the whole object has the right checksum", async () => {
    const proxy = await recordingProxy(s3.endpoint);
    try {
      const st = store({ endpoint: proxy.endpoint });
      const content = randomBytes(17 * 1024 * 1024 + 12345);
      const key = recordKey("2026-H2", "youtube-kommun", 1, "pdf");
      const stored = await st.put(key, await localFile(content), sha(content));
      expect(stored.bytes).toBe(content.length);

      // 8 MiB parts make three here: one create, three parts, one complete, and no single PUT of the whole file.
      const ops = proxy.requests.filter((r) => r.includes("youtube-kommun_2026-H2_v1.pdf"));
      expect(ops.filter((r) => /^POST .*\?uploads/.test(r))).toHaveLength(1);
      expect(ops.filter((r) => /^PUT .*partNumber=/.test(r))).toHaveLength(3);
      expect(ops.filter((r) => /^POST .*uploadId=/.test(r))).toHaveLength(1);
      expect(ops.filter((r) => /^PUT /.test(r) && !r.includes("partNumber="))).toHaveLength(0);
      // Each part with its own SHA-256, which the store checks as the part arrives.
      const partSums = proxy.requests.flatMap((r, i) => (/^PUT .*partNumber=/.test(r) ? [proxy.headers[i]["x-amz-checksum-sha256"]] : []));
      expect(partSums).toEqual([0, 1, 2].map((n) => createHash("sha256").update(content.subarray(n * 8 * MiB, (n + 1) * 8 * MiB)).digest("base64")));

      const head = await raw.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: stored.fullKey }));
      expect(head.ContentLength).toBe(content.length);
      expect(sha(await rawGet(stored.fullKey))).toBe(sha(content));
      expect((await st.hash(key))?.sha256).toBe(sha(content));

      // A retried multipart upload of the same file is recognised as already stored.
      expect((await st.put(key, await localFile(content), sha(content))).sha256).toBe(sha(content));
    } finally {
      await proxy.close();
    }
  });

  it("abandons a multipart upload whose part the store refuses, so no parts are left costing storage", async () => {
    const proxy = await recordingProxy(s3.endpoint, {
      intercept: async ({ method, url }) => method === "PUT" && url.includes("partNumber=2")
        ? { status: 400, body: "<Error><Code>InvalidRequest</Code><Message>The part was refused</Message></Error>" }
        : undefined,
    });
    try {
      const st = store({ endpoint: proxy.endpoint }, { multipartThreshold: 5 * MiB, partSize: 5 * MiB });
      const content = randomBytes(6 * MiB);
      const key = recordKey("2026-H2", "avbruten-kommun", 1, "pdf");
      const err = await st.put(key, await localFile(content), sha(content)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(proxy.requests.filter((r) => /^DELETE .*avbruten-kommun.*uploadId=/.test(r))).toHaveLength(1);
      expect(await st.has(key)).toBe(false);
    } finally {
      await proxy.close();
    }
  });

  it("hash() re-reads the object, notices a changed object, and is null for a missing one", async () => {
    const st = store();
    const key = recordKey("2025-H2", "x-kommun", 1, "json");
    const content = Buffer.from('{"recordId":"r1","sha256":"…"}');
    await st.put(key, await localFile(content), sha(content));
    expect(await st.hash(key)).toEqual({ key, fullKey: st.fullKey(key), sha256: sha(content), bytes: content.length });

    // Someone with write access replaces it behind somarkiv's back (s3rver has no Object Lock): verify must see it.
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: st.fullKey(key), Body: Buffer.from('{"recordId":"r2"}') }));
    const after = await st.hash(key);
    expect(after?.sha256).not.toBe(sha(content));

    expect(await st.hash(recordKey("2025-H2", "nobody", 1, "pdf"))).toBeNull();
  });

  it("lists the objects under its prefix as logical keys, and nothing else", async () => {
    const st = store({ prefix: "list-test/" });
    const keys = [recordKey("2026-H1", "a", 1, "pdf"), recordKey("2026-H1", "a", 1, "json"), recordKey("2026-H2", "b", 2, "pdf")];
    for (const [i, k] of keys.entries()) {
      const c = Buffer.from(`object ${i}`);
      await st.put(k, await localFile(c), sha(c));
    }
    await raw.send(new PutObjectCommand({ Bucket: s3.bucket, Key: "elsewhere/2026-H1/a/a_2026-H1_v9.pdf", Body: Buffer.from("not ours") }));

    const listed: { key: string; bytes: number }[] = [];
    for await (const o of st.list()) listed.push(o);
    expect(listed.map((o) => o.key).sort()).toEqual([...keys].sort());
    expect(listed.find((o) => o.key === keys[0])?.bytes).toBe(Buffer.from("object 0").length);
  });

  it("downloads a stored object to a local file", async () => {
    const st = store();
    const key = recordKey("2026-H2", "linkedin-kommun", 1, "pdf");
    const content = randomBytes(30_000);
    await st.put(key, await localFile(content), sha(content));
    const target = path.join(tmp, "restored", "copy.pdf");
    await st.download(key, target);
    expect(sha(await fsp.readFile(target))).toBe(sha(content));

    const err = await st.download(recordKey("2026-H2", "none", 1, "pdf"), path.join(tmp, "none.pdf")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("missing");
  });

  it("gives up on a store that takes the connection and never answers, saying so, instead of waiting for ever", async () => {
    // A hung store, or a proxy in front of it: it reads what it is sent and answers nothing.
    const sockets = new Set<import("node:net").Socket>();
    const silent = (await import("node:net")).createServer((sock) => { sockets.add(sock); sock.on("data", () => undefined); });
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", () => resolve()));
    try {
      const endpoint = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
      const said: string[] = [];
      const st = store({ endpoint }, { idleTimeoutMs: 500, onRetry: (line) => said.push(line) });
      const content = randomBytes(1_000);
      const err = await st.put(recordKey("2026-H2", "tyst-lager", 1, "pdf"), await localFile(content), sha(content)).catch((e: unknown) => e);
      // Each try that waits again is said as it starts, so minutes of silence are not taken for a hang of somarkiv's own.
      expect(said).toEqual([2, 3].map((n) => `${st.description}: no answer from the store yet (sociala-medier/2026-H2/tyst-lager/tyst-lager_2026-H2_v1.pdf); trying again in ${n === 2 ? 1 : 3} s (${n} of 3), waiting up to 1 s`));
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).problem).toBe("unreachable");
      expect((err as StorageError).retryable).toBe(true);
      expect((err as Error).message).toBe(`Could not reach the S3 store at ${endpoint}: no answer in time — check the network and any firewall`);
    } finally {
      for (const sock of sockets) sock.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it("pauses before each new try of a store answering 500, longer each time, and says so", async () => {
    // Three tries within the second (as before) gave a store busy for a moment no time to get over it.
    const asked: number[] = [];
    const failing = http.createServer((req, res) => { asked.push(performance.now()); req.resume(); req.on("end", () => { res.writeHead(500); res.end(); }); });
    await new Promise<void>((resolve) => failing.listen(0, "127.0.0.1", () => resolve()));
    try {
      const said: string[] = [];
      const st = store({ endpoint: `http://127.0.0.1:${(failing.address() as AddressInfo).port}` }, { onRetry: (line) => said.push(line) });
      const content = randomBytes(1_000);
      const err = await st.put(recordKey("2026-H2", "upptaget", 1, "pdf"), await localFile(content), sha(content)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(said.map((l) => /trying again in (\d+) s \((\d) of 3\)/.exec(l)?.slice(1))).toEqual([["1", "2"], ["3", "3"]]);
      expect(asked).toHaveLength(3);
      // Lower bounds only: a busy machine makes the pauses longer, never shorter.
      expect(asked[1]! - asked[0]!).toBeGreaterThanOrEqual(950);
      expect(asked[2]! - asked[1]!).toBeGreaterThanOrEqual(2_950);
    } finally {
      await new Promise<void>((resolve) => failing.close(() => resolve()));
    }
  });

  it("says plainly, naming the endpoint, when nothing is listening; works again once the store is back", async () => {
    const st = store();
    const key = recordKey("2026-H2", "tiktok-kommun", 1, "pdf");
    const content = randomBytes(10_000);
    const local = await localFile(content);

    await s3.stop();
    const err = await st.put(key, local, sha(content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("unreachable");
    expect((err as StorageError).retryable).toBe(true);
    expect((err as Error).message).toBe(`Could not reach the S3 store at ${s3.endpoint}: connection refused: nothing answers at that address and port. Check that the store is running and that storage.endpoint is its address and port.`);

    const checks = await st.check();
    expect(checks).toEqual([{ level: "error", message: `Could not reach the S3 store at ${s3.endpoint}: connection refused: nothing answers at that address and port. Check that the store is running and that storage.endpoint is its address and port.` }]);

    // The helper restarts on the same port with the same data.
    await s3.start();
    const stored = await st.put(key, local, sha(content));
    expect(sha(await rawGet(stored.fullKey))).toBe(sha(content));
    expect(s3.endpoint).toBe(st.endpointLabel);
  });

  it("keeps the objects across a stop and start of the store", async () => {
    const st = store();
    const key = recordKey("2026-H1", "mastodon-kommun", 1, "pdf");
    const content = randomBytes(5_000);
    await st.put(key, await localFile(content), sha(content));
    await s3.stop();
    await s3.stop(); // twice is harmless
    await s3.start();
    expect((await st.hash(key))?.sha256).toBe(sha(content));
  });

  it("a second startS3 on the same port and directory serves the objects the first one stored", async () => {
    const first = await startS3();
    const st = new S3Store({ ...config(), endpoint: first.endpoint });
    stores.push(st);
    const key = recordKey("2026-H1", "restart-kommun", 1, "pdf");
    const content = randomBytes(3_000);
    await st.put(key, await localFile(content), sha(content));
    await first.stop();

    const second = await startS3({ port: first.port, dir: first.dir });
    try {
      expect(second.endpoint).toBe(first.endpoint);
      expect((await st.hash(key))?.sha256).toBe(sha(content));
    } finally {
      await second.stop();
      await fsp.rm(first.dir, { recursive: true, force: true });
    }
  });

  it("names the bucket when it does not exist", async () => {
    const st = store({ bucket: "finns-inte" });
    const c = Buffer.from("x");
    const err = await st.put(recordKey("2026-H1", "a", 1, "pdf"), await localFile(c), sha(c)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("no-bucket");
    expect((err as Error).message).toContain("The bucket finns-inte does not exist at");

    const checks = await st.check();
    expect(checks[0].level).toBe("error");
    expect(checks[0].message).toContain("The bucket finns-inte does not exist");
  });

  it("says access is refused when the store does not know the access key, without printing the secret", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = "OKAND-NYCKEL";
    process.env.AWS_SECRET_ACCESS_KEY = "hemlig-nyckel-som-aldrig-visas";
    try {
      const st = store();
      const c = Buffer.from("x");
      const err = await st.put(recordKey("2026-H1", "a", 1, "pdf"), await localFile(c), sha(c)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).problem).toBe("access-denied");
      expect((err as Error).message).not.toContain("hemlig-nyckel-som-aldrig-visas");
      expect((err as Error).message).not.toContain("OKAND-NYCKEL");
      expect((err as Error).message).toMatch(/does not know the access key|Access denied/);
    } finally {
      process.env.AWS_ACCESS_KEY_ID = saved.id;
      process.env.AWS_SECRET_ACCESS_KEY = saved.secret;
    }
  });

  it("says to check the secret key of that access key when the store rejects the signature", async () => {
    // s3rver checks no signatures: a store on 127.0.0.1 that answers every request as S3 does to a wrong secret key.
    const refusing = http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        res.writeHead(403, { "content-type": "application/xml" });
        res.end(req.method === "HEAD" ? undefined : "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we calculated does not match the signature you provided. Check your key and signing method.</Message></Error>");
      });
    });
    await new Promise<void>((r) => refusing.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}`;
    try {
      // A HEAD's answer has no body, so only a request with one (a read, a listing) can name the signature.
      const st = store({ endpoint });
      const err = await st.hash(recordKey("2026-H1", "a", 1, "pdf")).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect(err).toMatchObject({ problem: "access-denied", needsPerson: true, mend: "Check that AWS_SECRET_ACCESS_KEY is the secret key of the access key in AWS_ACCESS_KEY_ID (the store knows that access key), and that storage.region is the store's region." });
      expect((err as Error).message).toBe(`The S3 store at ${endpoint} rejected somarkiv's signature: the secret key (AWS_SECRET_ACCESS_KEY) is wrong, or the region (storage.region) does not match the store. Check that AWS_SECRET_ACCESS_KEY is the secret key of the access key in AWS_ACCESS_KEY_ID (the store knows that access key), and that storage.region is the store's region.`);
      expect((err as Error).message).not.toContain(process.env.AWS_SECRET_ACCESS_KEY!);
    } finally {
      await new Promise<void>((r) => { refusing.close(() => r()); refusing.closeAllConnections(); });
    }
  });

  /** A store on 127.0.0.1 that refuses every request with 403, as S3 does: a HEAD without a body, others with `code` in the XML (none: no body either). */
  async function refusingStore(code: string | undefined): Promise<{ endpoint: string; requests: string[]; close(): Promise<void> }> {
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}${req.headers.range ? ` ${req.headers.range}` : ""}`);
      req.resume();
      req.on("end", () => {
        res.writeHead(403, { "content-type": "application/xml" });
        res.end(req.method === "HEAD" || !code ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>Refused.</Message></Error>`);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    return {
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      requests,
      close: () => new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); }),
    };
  }

  it("says a wrong secret key as such where the store refuses a HEAD, whose answer has no body to name it", async () => {
    const refusing = await refusingStore("SignatureDoesNotMatch");
    const signature = `The S3 store at ${refusing.endpoint} rejected somarkiv's signature: the secret key (AWS_SECRET_ACCESS_KEY) is wrong, or the region (storage.region) does not match the store. Check that AWS_SECRET_ACCESS_KEY is the secret key of the access key in AWS_ACCESS_KEY_ID (the store knows that access key), and that storage.region is the store's region.`;
    try {
      const st = store({ endpoint: refusing.endpoint });
      const key = recordKey("2026-H1", "a", 1, "pdf");
      const looked = await st.has(key).catch((e: unknown) => e);
      expect(looked).toBeInstanceOf(StorageError);
      expect(looked).toMatchObject({ problem: "access-denied", needsPerson: true, message: signature });
      // The HEAD, then the same key asked once as a read of one byte, whose refusal names the code.
      expect(refusing.requests).toEqual([`HEAD /somarkiv/sociala-medier/${key}`, `GET /somarkiv/sociala-medier/${key}?x-id=GetObject bytes=0-0`]);

      const c = Buffer.from("x");
      const stored = await st.put(key, await localFile(c), sha(c)).catch((e: unknown) => e);
      expect(stored).toMatchObject({ problem: "access-denied", message: signature });

      // config check's first question is a HEAD of the bucket; a listing of one key names the code.
      refusing.requests.length = 0;
      expect(await st.check()).toEqual([{ level: "error", message: signature }]);
      expect(refusing.requests).toEqual(["HEAD /somarkiv/", "GET /somarkiv/?list-type=2&max-keys=1&prefix=sociala-medier%2F"]);
    } finally {
      await refusing.close();
    }
  });

  it("says an access key the store does not know, or one without the rights, as the store's code names it after a HEAD", async () => {
    const unknown = await refusingStore("InvalidAccessKeyId");
    try {
      const err = await store({ endpoint: unknown.endpoint }).has(recordKey("2026-H1", "a", 1, "pdf")).catch((e: unknown) => e);
      expect((err as Error).message).toBe(`The S3 store at ${unknown.endpoint} does not know the access key somarkiv used (AWS_ACCESS_KEY_ID). Check the credentials.`);
    } finally {
      await unknown.close();
    }
    // AccessDenied, and a store whose every answer is bodiless, are said as a refusal of that look, as before.
    for (const code of ["AccessDenied", undefined]) {
      const denied = await refusingStore(code);
      try {
        const err = await store({ endpoint: denied.endpoint }).has(recordKey("2026-H1", "a", 1, "pdf")).catch((e: unknown) => e);
        expect(err).toMatchObject({ problem: "access-denied", asked: "look for sociala-medier/2026-H1/a/a_2026-H1_v1.pdf" });
        expect((err as Error).message).toMatch(new RegExp(`^Access denied: the S3 store at ${denied.endpoint} does not allow somarkiv to look for sociala-medier/2026-H1/a/a_2026-H1_v1\\.pdf \\(bucket somarkiv\\)\\. `));
        expect(denied.requests).toHaveLength(2);
      } finally {
        await denied.close();
      }
    }
  });

  it("a request signed for another region than the bucket's: names the bucket's region after a HEAD, whose 400 has no body to say it", async () => {
    // As AWS answers a request signed for us-east-1 to a bucket in eu-north-1: a HEAD with 400 and the
    // bucket's region in a header only, others with AuthorizationHeaderMalformed and the region in the XML.
    const requests: string[] = [];
    const server = http.createServer((req, res) => {
      requests.push(`${req.method} ${req.url}`);
      req.resume();
      req.on("end", () => {
        res.writeHead(400, { "content-type": "application/xml", "x-amz-bucket-region": "eu-north-1" });
        res.end(req.method === "HEAD" ? undefined : `<?xml version="1.0" encoding="UTF-8"?><Error><Code>AuthorizationHeaderMalformed</Code><Message>The authorization header is malformed; the region 'us-east-1' is wrong; expecting 'eu-north-1'</Message><Region>eu-north-1</Region></Error>`);
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const st = store({ endpoint, region: "us-east-1" });
      const said = "The S3 store says bucket somarkiv is in the region eu-north-1, not the one somarkiv signed its request for (storage.region is us-east-1). Set storage.region to eu-north-1.";
      const looked = await st.has(recordKey("2026-H1", "a", 1, "pdf")).catch((e: unknown) => e);
      expect(looked).toBeInstanceOf(StorageError);
      expect(looked).toMatchObject({ needsPerson: true, message: said });
      expect(requests).toHaveLength(2);
      expect(await st.check()).toEqual([{ level: "error", message: said }]);
    } finally {
      await new Promise<void>((r) => { server.close(() => r()); server.closeAllConnections(); });
    }
  });

  it("a region no one knows, without storage.endpoint: says to check storage.region, the setting that makes the address", async () => {
    // AWS's address for a region that does not exist is a host name no DNS knows, here as on any machine.
    const st = store({ endpoint: undefined, forcePathStyle: undefined, region: "eu-nort-1" });
    const err = await st.has(recordKey("2026-H1", "a", 1, "pdf")).catch((e: unknown) => e);
    expect(err).toMatchObject({ problem: "unreachable" });
    expect((err as Error).message).toBe("Could not reach the S3 store at https://s3.eu-nort-1.amazonaws.com: the host name is unknown — without storage.endpoint, somarkiv uses AWS's address for storage.region: check that storage.region is a region of AWS (eu-north-1 for Stockholm), or set storage.endpoint to your store's address, and check the DNS");
    expect((await st.check())[0]).toMatchObject({ level: "error", message: expect.stringContaining("check that storage.region is a region of AWS") });
  });

  it("says where to put credentials when there are none", async () => {
    const names = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_CONFIG_FILE", "AWS_EC2_METADATA_DISABLED", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"];
    const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]));
    for (const n of names) delete process.env[n];
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(tmp, "no-credentials");
    process.env.AWS_CONFIG_FILE = path.join(tmp, "no-config");
    process.env.AWS_EC2_METADATA_DISABLED = "true";
    try {
      const st = store();
      const c = Buffer.from("x");
      const err = await st.put(recordKey("2026-H1", "a", 1, "pdf"), await localFile(c), sha(c)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).problem).toBe("access-denied");
      expect((err as Error).message).toContain("No S3 credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    } finally {
      for (const n of names) {
        if (saved[n] === undefined) delete process.env[n];
        else process.env[n] = saved[n];
      }
    }
  });

  it("tells the user when the bucket has no Object Lock; an error when retention is configured", async () => {
    const plain = await store().check();
    expect(plain[0]).toEqual({ level: "ok", message: `S3 bucket somarkiv at ${s3.endpoint} (prefix sociala-medier/) is reachable.` });
    const lock = plain.find((f) => f.message.includes("Object Lock"));
    expect(lock?.level).toBe("warning");
    expect(lock?.message).toContain("Bucket somarkiv has no Object Lock");

    const wanted = await store({ retention: { mode: "COMPLIANCE", years: 10 } }).checkRetention();
    expect(wanted.level).toBe("error");
    expect(wanted.message).toContain("COMPLIANCE retention of 10 years, which this bucket cannot keep");
  });
});

import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import type { Readable } from "node:stream";

/** 1 MiB reads: hashing with the default 64 KiB chunks spends more time in stream overhead than in SHA-256. */
export const READ_CHUNK = 1 << 20;

/**
 * Pairs of read buffers, kept for the next file. A read stream allocates a fresh 1 MiB buffer per
 * read; in a process with a large heap (a worker after a run of captures) that memory outside the
 * heap makes V8 run a full garbage collection every few dozen megabytes, and verify ran at a third
 * of its speed. Reusing the buffers allocates nothing per read.
 */
const bufferPairs: Buffer[][] = [];

export interface FileDigest {
  /** Lower-case hex SHA-256. */
  sha256: string;
  bytes: number;
}

/**
 * SHA-256 and size of a file, read 1 MiB at a time so a large PDF never sits in memory whole.
 * The next chunk is read while the current one is hashed.
 */
export async function sha256File(path: string): Promise<FileDigest> {
  const file = await open(path, "r");
  const pair = bufferPairs.pop() ?? [Buffer.allocUnsafeSlow(READ_CHUNK), Buffer.allocUnsafeSlow(READ_CHUNK)];
  let reading = file.read(pair[0]!, 0, READ_CHUNK, null);
  try {
    const h = createHash("sha256");
    let bytes = 0;
    let which = 0;
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) break;
      which ^= 1;
      reading = file.read(pair[which]!, 0, READ_CHUNK, null);
      h.update(buffer.subarray(0, bytesRead));
      bytes += bytesRead;
    }
    return { sha256: h.digest("hex"), bytes };
  } finally {
    // A read still under way would write into a buffer the next file gets.
    await reading.catch(() => undefined);
    await file.close();
    if (bufferPairs.length < 4) bufferPairs.push(pair);
  }
}

/** SHA-256 and size of everything a stream yields (a file, or an object body read back from a store). */
export async function sha256Stream(stream: Readable | AsyncIterable<Uint8Array>): Promise<FileDigest> {
  const h = createHash("sha256");
  let bytes = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    h.update(buf);
    bytes += buf.length;
  }
  return { sha256: h.digest("hex"), bytes };
}

/** hex SHA-256 → base64, the form S3 uses in x-amz-checksum-sha256. */
export function hexToBase64(hex: string): string {
  return Buffer.from(hex, "hex").toString("base64");
}

export function base64ToHex(b64: string): string {
  return Buffer.from(b64, "base64").toString("hex");
}

export function isSha256Hex(s: string): boolean {
  return /^[0-9a-f]{64}$/.test(s);
}

import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/** 1 MiB reads: hashing with the default 64 KiB chunks spends more time in stream overhead than in SHA-256. */
export const READ_CHUNK = 1 << 20;

export interface FileDigest {
  /** Lower-case hex SHA-256. */
  sha256: string;
  bytes: number;
}

/** SHA-256 and size of a file, read as a stream so a large PDF never sits in memory whole. */
export function sha256File(path: string): Promise<FileDigest> {
  return sha256Stream(createReadStream(path, { highWaterMark: READ_CHUNK }));
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

import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { ObjectStore } from "../storage/types.ts";

/**
 * The description of the records' format (docs/format.md), kept in the store beside the records, so that
 * an archive that takes them over can read and check them without somarkiv: the manifest's fields and
 * codes, the log's tables and hash chain, the proofs of the log's head. Named by its content, so it is
 * written once and never overwritten; a somarkiv whose description differs adds its own beside it.
 */
export const FORMAT_PREFIX = "_format/";
const FORMAT_NAME = /^_format\/somarkiv-format-([0-9a-f]{16})\.md$/;
export const FORMAT_FILE = path.resolve(import.meta.dirname, "../../docs/format.md");

export function formatDescription(file = FORMAT_FILE): { key: string; file: string; sha256: string } {
  const sha256 = crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
  return { key: `${FORMAT_PREFIX}somarkiv-format-${sha256.slice(0, 16)}.md`, file, sha256 };
}

/** The start of the SHA-256 a description's name gives, or undefined for a name that is not one. */
export function parseFormatKey(key: string): { sha256Start: string } | undefined {
  const m = FORMAT_NAME.exec(key);
  return m ? { sha256Start: m[1]! } : undefined;
}

/** Puts this somarkiv's description in the store unless it is there already; gives its full key. */
export async function describeFormatIn(store: ObjectStore): Promise<string> {
  const d = formatDescription();
  const there = await store.hash(d.key);
  if (there?.sha256 === d.sha256) return there.fullKey;
  return (await store.put(d.key, d.file, d.sha256)).fullKey;
}

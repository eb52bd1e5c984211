import { StorageError } from "./errors.ts";

/**
 * The logical key of a record file, as SPEC §6 lays it out:
 * `<period>/<accountId>/<accountId>_<period>_v<version>.<ext>`. The store adds its own prefix.
 */
export function recordKey(period: string, accountId: string, version: number, ext: "pdf" | "json"): string {
  return `${period}/${accountId}/${accountId}_${period}_v${version}.${ext}`;
}

const RECORD_KEY = /^(\d{4}-H[12])\/([a-z0-9-]+)\/\2_\1_v(\d+)\.(pdf|json)$/;

/** The parts of a record file's logical key (the inverse of recordKey); undefined for any other key. */
export function parseRecordKey(key: string): { period: string; accountId: string; version: number; ext: "pdf" | "json" } | undefined {
  const m = RECORD_KEY.exec(key);
  return m ? { period: m[1], accountId: m[2], version: Number(m[3]), ext: m[4] as "pdf" | "json" } : undefined;
}

/**
 * Refuses keys that could escape the store's folder or prefix (`..`, absolute paths, backslashes, empty
 * segments). Keys come from account ids and periods, which the config already restricts; this is the
 * last guard before a path on disk or an S3 key is formed.
 */
export function assertSafeKey(key: string): void {
  const bad =
    key.length === 0 ||
    key.startsWith("/") ||
    key.includes("\\") ||
    key.includes("\0") ||
    key.split("/").some((seg) => seg === "" || seg === "." || seg === "..");
  if (bad) throw new StorageError("other", `"${key}" is not a valid object name for somarkiv's store (no empty parts, "..", or leading "/").`);
}

import { agreeing, counted } from "../words/counted.ts";
import fs from "node:fs";
import type { StorageConfig, StoreSetting } from "../config/schema.ts";
import { unsetSettingSaid } from "../config/data-place.ts";
import type { RecordLog } from "../log/index.ts";
import { createStore, recordKey, StorageError, type ObjectStore } from "../storage/index.ts";

/**
 * How many of the records stored last are looked for. More than one, so that a record taken out
 * under a retention decision does not stop storing; few, so that the look costs a request or two.
 */
const LOOKED_FOR = 3;

/**
 * What to say when the configured store holds none of the records the log says were stored last:
 * the configuration names another bucket, prefix or folder than before (a typo, a new empty bucket).
 * Storing there would split the archive without a word, and verify would later call every earlier
 * record missing. Undefined when the store holds them, or the log has none stored. Throws as the
 * store does when it cannot be asked.
 */
export async function storeMovedProblem(log: RecordLog, store: ObjectStore, storage: StoreSetting, signal?: AbortSignal): Promise<string | undefined> {
  // A folder that is not there at all is the folder store's own guard, which says so in its words.
  if (storage.type === "filesystem" && !fs.existsSync(storage.path)) return undefined;
  const latest = log.records.latestStored(LOOKED_FOR);
  if (latest.length === 0) return undefined;
  for (const r of latest) {
    const key = recordKey(r.period, r.accountId, r.version, "pdf");
    try {
      if (await store.has(key, { signal })) return undefined;
    } catch (e) {
      if (e instanceof StorageError) throw new StorageError(e.problem, lookingForStoredSaid(e, store.fullKey(key)), { cause: e, mend: e.mend, spoolSaid: e.spoolSaid, needsPerson: e.needsPerson });
      throw e;
    }
  }
  const newest = latest[0]!;
  const atRoot = await foundAtBucketRoot(storage, recordKey(newest.period, newest.accountId, newest.version, "pdf"), signal);
  if (atRoot) return `${store.description} holds none of the ${counted(latest.length, "record")} the log says ${agreeing(latest.length, "was", "were")} stored last (${latest.map((r) => r.recordId).join(", ")}), but the bucket holds the newest without the prefix: ${atRoot.key} is at the bucket's root, not under ${atRoot.prefix}. The objects were copied into the bucket without the prefix. Nothing is stored under the prefix, so that the archive is not split in two places; nothing is lost, and the records wait in the spool. Copy every object under the prefix (each half-year's folder, _log-anchors/ with the proofs of the log's head, and _format/ with the description of the records' format, e.g. aws s3 cp --recursive s3://${atRoot.bucket}/${newest.period}/ s3://${atRoot.bucket}/${atRoot.prefix}${newest.period}/), or take storage.prefix out of the configuration so that it names where they are; "somarkiv config check" says when the store holds them. Then run "somarkiv deliver".`;
  const settings = storage.type === "s3" ? "storage.bucket, storage.prefix or storage.endpoint" : "storage.path";
  const other = storage.type === "s3" ? "another bucket, prefix or endpoint" : "another folder";
  const where = newest.store && newest.store !== store.description ? ` in ${newest.store}` : "";
  // Without "storage:" the folder follows from where the configuration file is: there is no setting to set back.
  const why = storage.type === "filesystem" && storage.unset
    ? `${unsetSettingSaid("storage", "the records", storage.path)}: the configuration file moved, or the records' folder was moved or emptied`
    : `the configuration probably names ${other} than the one they were stored in`;
  const mend = storage.type === "filesystem" && storage.unset
    ? `Set storage.path in the configuration (storage: { type: filesystem, path: /the/folder }) to the folder where the records are`
    : `Set ${settings} back to where the records are`;
  return `${store.description} holds none of the ${counted(latest.length, "record")} the log says ${agreeing(latest.length, "was", "were")} stored last (${latest.map((r) => r.recordId).join(", ")}; the newest as ${newest.storageKey}${where}): ${why}. Nothing is stored there, so that the archive is not split in two places; nothing is lost, and the records wait in the spool. ${mend} ("somarkiv config check" says when the store holds them); or, if the archive really moved, copy every object to ${store.description} first: each half-year's folder, _log-anchors/ (the proofs of the log's head) and _format/ (the description of the records' format). Then run "somarkiv deliver".`;
}

/**
 * A store's refusal of the look for a record stored before, said as that look: "does not allow somarkiv to
 * look for …_v2.pdf" while version 3 was being stored sent the operator looking at the wrong record.
 * The why goes right after the request where the fact names one (the store says it again with the why
 * beside it: the folder store names the file's path, not the key), else before the fact (a store that
 * did not answer names no request).
 */
export function lookingForStoredSaid(e: StorageError, fullKey: string): string {
  const name = fullKey.slice(fullKey.lastIndexOf("/") + 1);
  const why = `while making sure this store holds the records stored before (${name}), before storing a new one`;
  return e.factWithRequest(why) ?? `${why[0]!.toUpperCase()}${why.slice(1)}: ${e.fact}`;
}

/**
 * Whether an S3 store with a prefix holds the record at the bucket's root instead: objects copied into
 * the bucket without the prefix, which is one mistake to name, not a store that moved.
 */
async function foundAtBucketRoot(storage: StorageConfig, key: string, signal?: AbortSignal): Promise<{ key: string; prefix: string; bucket: string } | undefined> {
  if (storage.type !== "s3" || !storage.prefix) return undefined;
  const root = createStore({ ...storage, prefix: "" });
  try {
    return (await root.has(key, { signal })) ? { key, prefix: storage.prefix.endsWith("/") ? storage.prefix : `${storage.prefix}/`, bucket: storage.bucket } : undefined;
  } catch {
    // The look is a help to the message; a question the bucket refuses leaves the message as it was.
    return undefined;
  } finally {
    await root.close?.();
  }
}

/**
 * Storing refused because the store holds none of the records stored last. Its message already says
 * that the records wait in the spool and what to set back: no retry by deliver or the worker helps
 * until a person has done so, so nothing is added to it.
 */
export class StoreMovedError extends StorageError {
  constructor(message: string) {
    super("other", message);
    this.name = "StoreMovedError";
  }
}

/**
 * config check's words for a configured bucket that does not exist while the log has records stored
 * elsewhere: most often a bucket's name mistyped. Its own advice, "create it", would lead an operator to
 * a new empty bucket, which nothing is stored in (storeMovedProblem) and which splits the archive if the
 * records are then copied by halves. `bucketMissing` is the store's fact without its advice, which this
 * advice takes the place of; undefined when the log has no record stored.
 */
export function missingBucketSaid(bucketMissing: string, newestStored: { recordId: string; storageKey: string; store: string | null } | undefined): string | undefined {
  if (!newestStored) return undefined;
  const where = newestStored.store ? ` in ${newestStored.store}` : "";
  return `${bucketMissing} The log says the records were stored${where || " in another store"} (the newest, ${newestStored.recordId}, as ${newestStored.storageKey}): storage.bucket (or storage.endpoint) was most likely changed by mistake. Set it back to where the records are. Do not create this bucket for them: somarkiv stores nothing in a bucket that holds none of the records stored before, so that the archive is not split in two; only if the archive really moves there, create it and copy every object into it first (each half-year's folder, _log-anchors/ and _format/).`;
}

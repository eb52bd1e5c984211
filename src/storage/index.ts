import type { StoreSetting } from "../config/schema.ts";
import type { ObjectStore } from "./types.ts";
import { FilesystemStore } from "./filesystem.ts";
import { S3Store } from "./s3.ts";

export { ObjectConflictError } from "./types.ts";
export type { ObjectStore, StoredObject, StoreFinding } from "./types.ts";
export { StorageError, type StorageProblem, type FactOfRequest } from "./errors.ts";
export { sha256File, sha256Stream, type FileDigest } from "./hash.ts";
export { silenceOf } from "./silence.ts";
export { recordKey, parseRecordKey, assertSafeKey } from "./keys.ts";
export { FilesystemStore, fsyncDir } from "./filesystem.ts";
export { makeFolder, makeFolderSync, readOnlyHint, ownerHint, ownerNote, foreignOwner, foreignOwnerFix, userName, type ForeignOwner } from "./folder.ts";
export { S3Store, type S3StorageConfig, type S3StoreOptions } from "./s3.ts";

/** The store the configuration names. Filesystem paths are absolute already (the config loader resolves them). */
export function createStore(config: StoreSetting, opts: { holdsRecords?: () => boolean; onRetry?: (line: string) => void } = {}): ObjectStore {
  switch (config.type) {
    case "filesystem":
      return new FilesystemStore(config.path, { ...opts, storageUnset: config.unset === true });
    case "s3":
      return new S3Store(config, { onRetry: opts.onRetry });
  }
}

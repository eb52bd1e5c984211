import type { StorageConfig } from "../config/schema.ts";
import type { ObjectStore } from "./types.ts";
import { FilesystemStore } from "./filesystem.ts";

export { ObjectConflictError } from "./types.ts";
export type { ObjectStore, StoredObject } from "./types.ts";
export { StorageError, type StorageProblem } from "./errors.ts";
export { sha256File, sha256Stream, type FileDigest } from "./hash.ts";
export { recordKey, assertSafeKey } from "./keys.ts";
export { FilesystemStore, fsyncDir } from "./filesystem.ts";

/** The store the configuration names. Filesystem paths are absolute already (the config loader resolves them). */
export function createStore(config: StorageConfig): ObjectStore {
  switch (config.type) {
    case "filesystem":
      return new FilesystemStore(config.path);
    case "s3":
      throw new Error("S3 storage is not available yet.");
  }
}

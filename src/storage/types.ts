import type { StorageProblem } from "./errors.ts";

/**
 * Where records are kept for good. Keys are logical ("2026-H2/facebook-kommun/facebook-kommun_2026-H2_v1.pdf");
 * a store adds its own prefix. Objects are never overwritten or deleted by somarkiv.
 */
export interface ObjectStore {
  /** Plain description for messages, e.g. "the folder /srv/archive/objects" or "S3 bucket somarkiv (prefix sociala-medier/)". */
  readonly description: string;
  /** The full key as the store names it (with prefix); what the log records as storageKey. */
  fullKey(key: string): string;
  /**
   * Store the local file under key and confirm it: after the write the stored bytes are checked against sha256.
   * Idempotent: if the key already holds the same bytes, this succeeds. If it holds other bytes, it throws
   * ObjectConflictError and changes nothing.
   */
  put(key: string, localPath: string, sha256: string): Promise<StoredObject>;
  /** Whether an object exists under key, without reading it; `signal` gives up the question (a store that does not answer). */
  has(key: string, opts?: { signal?: AbortSignal }): Promise<boolean>;
  /** Re-read the object in a stream and hash it; null when it does not exist. */
  hash(key: string): Promise<StoredObject | null>;
  /** Every object under the store's prefix, as logical keys; `under`, a folder ("_log-anchors/"), lists only that one. */
  list(under?: string): AsyncIterable<{ key: string; bytes: number }>;
  /** Copy the object to a local file (used to deliver a record whose spool copy is gone). */
  download(key: string, localPath: string): Promise<void>;
  close?(): Promise<void>;
  /** What `config check` should say about the store (reachable, versioning, Object Lock). Never throws. */
  check?(): Promise<StoreFinding[]>;
}

/** One line of a store check, for `config check`. */
export interface StoreFinding {
  level: "ok" | "warning" | "error";
  message: string;
  /** Why an error is one, where config check says more of it (a bucket that does not exist, beside the one the log's records are in). */
  problem?: StorageProblem;
  /** The error's fact without its advice, where config check gives advice of its own in its place (a bucket the log's records are not in). */
  fact?: string;
}

export interface StoredObject {
  key: string;
  fullKey: string;
  sha256: string;
  bytes: number;
  /**
   * A folder store's object that is a symbolic link, not a file: where it points. Its bytes are read
   * through the link, so they may be right today and changed tomorrow where the store's read-only file
   * would not be; verify says so.
   */
  link?: { path: string; target: string };
}

export class ObjectConflictError extends Error {
  constructor(readonly key: string, message?: string) {
    super(message ?? `An object named ${key} already exists with other content; somarkiv never overwrites a record.`);
    this.name = "ObjectConflictError";
  }
}

/**
 * Why a store operation failed, so that the spool can tell a store that is down (retry later) from
 * one that refuses for good (tell the operator). The message is already in plain words.
 */
export type StorageProblem =
  | "unreachable"      // nothing answered: retry later
  | "access-denied"    // credentials missing or not allowed: the operator must act
  | "no-bucket"        // configuration names a bucket that does not exist
  | "checksum"         // the stored bytes did not match what was sent
  | "local-file"       // the local copy is missing or does not match its expected checksum
  | "missing"          // the object asked for is not in the store
  | "other";

export class StorageError extends Error {
  constructor(readonly problem: StorageProblem, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StorageError";
  }

  /** True when trying again later may well succeed (the store was down or busy). */
  get retryable(): boolean {
    return this.problem === "unreachable" || this.problem === "other" || this.problem === "checksum";
  }
}

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

export interface StorageErrorOptions {
  cause?: unknown;
  /**
   * What a person must do, said after the fact in the message. Kept apart so that a caller with better
   * advice (config check, for a bucket the log's records are not in) can give its own after the fact.
   */
  mend?: string;
  /** The message already says that the record waits in the spool, so a summary does not say it twice. */
  spoolSaid?: boolean;
  /**
   * A refusal no later try gets past until a person has acted, though its kind is not one that says so
   * (a bucket in another region, a bucket without the Object Lock the configuration asks for).
   */
  needsPerson?: boolean;
  /**
   * The request the fact names, word for word as it stands in it ("look for sociala-medier/…_v2.pdf"),
   * so that a caller can say beside it why it was asked, without reading the words to find it.
   */
  asked?: string;
}

export class StorageError extends Error {
  /** What went wrong, without the advice: the message is this, then the mend. */
  readonly fact: string;
  readonly mend: string | undefined;
  readonly spoolSaid: boolean;
  readonly asked: string | undefined;
  private readonly person: boolean | undefined;

  constructor(readonly problem: StorageProblem, fact: string, options: StorageErrorOptions = {}) {
    super(options.mend ? `${fact} ${options.mend}` : fact, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StorageError";
    this.fact = fact;
    this.mend = options.mend;
    this.spoolSaid = options.spoolSaid ?? false;
    this.person = options.needsPerson;
    this.asked = options.asked;
  }

  /** True when trying again later may well succeed (the store was down or busy). */
  get retryable(): boolean {
    return !this.needsPerson && (this.problem === "unreachable" || this.problem === "other" || this.problem === "checksum");
  }

  /** True when no try succeeds until a person has acted (keys, rights, a bucket): waiting alone does not help. */
  get needsPerson(): boolean {
    return this.person ?? (this.problem === "access-denied" || this.problem === "no-bucket");
  }
}

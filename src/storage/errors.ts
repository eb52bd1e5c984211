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
}

/**
 * A fact that names the request it is of ("look for sociala-medier/…_v2.pdf"): the request, and the
 * sentence said around it, so that a caller can say the fact again with why it was asked beside the
 * request, built from these parts rather than spliced into the words.
 */
export interface FactOfRequest {
  request: string;
  said: (request: string) => string;
}

export class StorageError extends Error {
  /** What went wrong, without the advice: the message is this, then the mend. */
  readonly fact: string;
  readonly mend: string | undefined;
  readonly spoolSaid: boolean;
  /** The request the fact names and the sentence around it, when it names one: see factWithRequest. */
  private readonly ofRequest: FactOfRequest | undefined;
  private readonly person: boolean | undefined;

  constructor(readonly problem: StorageProblem, fact: string | FactOfRequest, options: StorageErrorOptions = {}) {
    const said = typeof fact === "string" ? fact : fact.said(fact.request);
    super(options.mend ? `${said} ${options.mend}` : said, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StorageError";
    this.fact = said;
    this.mend = options.mend;
    this.spoolSaid = options.spoolSaid ?? false;
    this.person = options.needsPerson;
    this.ofRequest = typeof fact === "string" ? undefined : fact;
  }

  /** The request the fact names, word for word ("look for sociala-medier/…_v2.pdf"); undefined for a fact that names none. */
  get asked(): string | undefined {
    return this.ofRequest?.request;
  }

  /** The fact said with `beside` right after the request it names; undefined for a fact that names none. */
  factWithRequest(beside: string): string | undefined {
    return this.ofRequest ? this.ofRequest.said(`${this.ofRequest.request} ${beside}`) : undefined;
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

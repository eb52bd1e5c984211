/** One record on its way to the registrar. */
export interface DeliveryItem {
  recordId: string;
  accountId: string;
  accountName: string;
  period: string;
  version: number;
  pdfPath: string;
  manifestPath: string;
  /** File names as the registrar sees them: <accountId>_<period>_v<version>.pdf / .json */
  pdfName: string;
  manifestName: string;
  sha256: string;
  /** The record's metadata (the manifest object), for message bodies. */
  manifest: Record<string, unknown>;
  /**
   * The configuration file somarkiv ran with, when it is not the one found without --config: the
   * command the message gives for recording the diary number must name it to find the record.
   */
  configPath?: string;
  /** The diary number the record has already been given, when it has one before this delivery. */
  dnr?: string;
  /**
   * When an earlier send of this delivery began and was cut off before the intake answered (the
   * process killed): the intake may have it already. A folder and an HTTP intake know the record by
   * its name and key; an e-mail says to the registrar that it may be a second copy.
   */
  earlierSendCutOff?: string;
  /**
   * Called once, as the intake hands the record over (an e-mail's DATA): from then on the intake may
   * have it though no answer comes. Before it (a mail server not reached, or that never greeted) the
   * record cannot have arrived, and a send cut off there is no possible second copy.
   */
  handingOver?: () => void;
  /**
   * Set for a record `somarkiv recover` took back from the store after the log was lost: whether it
   * reached the intake before is not known. An e-mail says to the registrar that it may be a second copy.
   */
  takenBackAfterLoss?: true;
  /**
   * Set for a record a person asked to have delivered again (deliver --again), as the intake lost its
   * copy: the registrar may have filed it already. An e-mail and an HTTP intake are told it may be a repeat.
   */
  deliveredAgain?: true;
  /** The accounts with no record of the half-year yet, as the folder's LÄS MIG says them. */
  notYetTaken?: NotYetTaken;
}

/**
 * The active accounts with no record of the half-year (its capture failed, or it has not been taken
 * yet): the registrar, who works from the intake folder, sees nothing there of an account that failed.
 */
export interface NotYetTaken {
  period: string;
  /** How many active accounts somarkiv keeps, so that the registrar knows how many records to expect. */
  active: number;
  /** The month the half-year's snapshot is taken in, in Swedish ("juni"), when the schedule has one. */
  takenIn?: string;
  /** Whether the half-year's capture month is still to come: no account is due, and none is listed unless it failed. */
  beforeCaptureMonth?: boolean;
  /** Each with its last failed attempt's day and why in Swedish (reasonSv): the technical error is for status. */
  accounts: Array<{ name: string; url: string; failed?: { day: string; why: string } }>;
}

/** What the folder's LÄS MIG is written from, when no delivery gives it (after a capture run or a wake). */
export interface GuideFacts {
  organisation?: string;
  /** The record delivered last to the folder, for the examples; none before the first delivery. */
  recordId?: string;
  configPath?: string;
  notYetTaken?: NotYetTaken;
  /**
   * How many records taken are not in this folder yet: the folder's LÄS MIG said every account had its
   * snapshot while the PDF had not come, its disk full.
   */
  notHereYet?: NotHereYet;
}

/** Records taken that have not come to a folder: their delivery there waits for a next try, or was given up until a person acts. */
export interface NotHereYet {
  waiting: number;
  givenUp: number;
}

export interface DeliveryReceipt {
  /** What the target said, e.g. the file path, the SMTP response, the HTTP reply. */
  receipt: string;
  /** A diary number, when the target gave one back. */
  dnr?: string;
  /** Why a diary number the target gave back could not be taken (a line break in it, a whole page), for a person to register it by hand. */
  dnrRefused?: string;
  /** How the target said it had the record already (a repeat of its key, e.g. "HTTP 409"), when it said so rather than take it. */
  alreadyHad?: string;
  /**
   * What went wrong beside the record, which was delivered all the same (a folder's LÄS MIG that could
   * not be written): said to the operator; the delivery stands and is not tried again for it.
   */
  aside?: string;
}

/** Where the registrar receives records: a folder, a mailbox, an HTTP API. */
export interface IntakeTarget {
  /** Stable name of the target, stored with each delivery: "directory:/path", "email:to@x", "http:https://…". */
  readonly name: string;
  /** Deliver the record. Must be safe to call again for the same record (idempotency key = recordId). */
  deliver(item: DeliveryItem): Promise<DeliveryReceipt>;
  /** What `config check` says about the target, without delivering anything. Never throws. */
  check?(): Promise<IntakeFinding[]>;
  /** Brings what the intake tells the registrar outside a delivery up to date (the folder's LÄS MIG). */
  refreshGuide?(facts: GuideFacts): Promise<void>;
}

export interface IntakeFinding {
  level: "ok" | "warning" | "error";
  message: string;
}

/**
 * A delivery's failure in its parts, as StorageError keeps its fact and its mend: what happened, what
 * a person should do (when anything), and what happens next (the retry words, when the error says
 * them itself). A listing that says the next try on its own line shows the fact and the mend and
 * leaves the error's own next out, where it was cut out of the whole text by pattern.
 */
export interface DeliveryFailure {
  /** What happened, in plain words (lower case, no full stop: it is built into longer lines). */
  fact: string;
  /** What a person should do about it: the setting to correct, whom to ask; none where nothing is to be done. */
  mend?: string;
  /**
   * What happens to the record next, as the error says it ("it will be tried again later"): a clause,
   * or a sentence of its own when it begins with a capital ("Nothing is lost: the record waits, …").
   */
  next?: string;
}

/** The whole failure in one line: the fact, then what to do, then what happens next. Pure. */
export function failureSaid({ fact, mend, next }: DeliveryFailure): string {
  const withMend = mend ? `${fact}; ${mend}` : fact;
  if (!next) return withMend;
  return /^[A-ZÅÄÖ]/.test(next) ? `${withMend}. ${next}` : `${withMend}; ${next}`;
}

/** The failure without what happens next: for a line that says the next try itself. Pure. */
export function failureWithoutNext({ fact, mend }: DeliveryFailure): string {
  return mend ? `${fact}; ${mend}` : fact;
}

/** A failure whose message is already plain words for the operator: its fact, mend and next, said in that order. */
export class DeliveryError extends Error implements DeliveryFailure {
  readonly fact: string;
  readonly mend: string | undefined;
  readonly next: string | undefined;

  /**
   * @param fact what happened; with `advice` left out, the whole message as the intake says it
   * @param permanent a person must act before another attempt can succeed
   * @param retryAfterMs how long the intake asked us to wait (HTTP Retry-After), when it said
   * @param advice what a person should do (`mend`), and what happens to the record next (`next`)
   */
  constructor(fact: string, readonly permanent = false, readonly retryAfterMs?: number, advice: { mend?: string; next?: string } = {}) {
    super(failureSaid({ fact, ...advice }));
    this.name = "DeliveryError";
    this.fact = fact;
    this.mend = advice.mend;
    this.next = advice.next;
  }

  /**
   * Set when the intake may have the record though it did not say so: a mail server whose connection
   * was lost after it was reached, perhaps while it had the whole message and had not yet answered.
   * The next try then says it may be a second copy.
   */
  mayHaveArrived = false;

  /**
   * Of a failure a person must mend: the setting to correct, in words ("the user name and password in
   * the environment variable SOMARKIV_SMTP_URL"), said when a retry is refused again for the same
   * reason, where "run somarkiv deliver" alone read as one more try to make.
   */
  setting?: string;
}

/** A DeliveryError's message (lower case, no full stop: it is built into longer lines) as a finding's sentence. */
export function asSentence(message: string): string {
  return `${message.charAt(0).toUpperCase()}${message.slice(1)}.`;
}

/**
 * An intake's kind and address from the name the log keeps it by ("email:registrator@kommun.se",
 * "directory:/srv/inkorg", "http:https://…"): the one reading of that name, for what knows an
 * intake only from the log.
 */
export function intakeName(name: string): { kind: "email" | "directory" | "http" | "other"; where: string } {
  const at = name.indexOf(":");
  const kind = at < 0 ? "" : name.slice(0, at);
  return { kind: kind === "email" || kind === "directory" || kind === "http" ? kind : "other", where: at < 0 ? name : name.slice(at + 1) };
}

import type { Platform } from "../config/schema.ts";

/** One line of the public register (förteckning) of the organisation's official accounts. */
export interface RegisterEntry {
  id: string;
  name: string;
  platform: Platform;
  /** The platform as the public knows it, e.g. "X (Twitter)". */
  platformName: string;
  url: string;
  status: "active" | "closed";
  /** ISO date (YYYY-MM-DD) the account was closed; null for active accounts or when not recorded. */
  closedOn: string | null;
  /** The responsible unit (förvaltning/enhet). */
  unit: string | null;
  /** Name of the person responsible for the account. */
  responsible: string | null;
  /**
   * A contact address, published only when it is a functional address (e.g. webb@, kultur@) and
   * never when it looks like a named employee's own mailbox. See publicContact() for why.
   */
  contactEmail: string | null;
  purpose: string | null;
  audience: string | null;
}

/** The whole public register as the JSON export gives it. */
export interface PublicRegister {
  organisation: { name: string; website: string | null; switchboard: string | null; registrar: string | null };
  generatedAt: string | null;
  /** Active accounts, in configuration order. */
  accounts: RegisterEntry[];
  /** Closed accounts, listed apart with the date they were closed. */
  closedAccounts: RegisterEntry[];
}

/** What the image and the text of one stored snapshot look like, for passive-account detection. */
export interface SnapshotFingerprint {
  recordId: string;
  period: string;
  /** textFingerprint() of the start page's visible text as the log keeps it, or that text itself (a log written before fingerprints). */
  text: string;
  /** imageFingerprint() of the snapshot's screenshot, hex. */
  image: string;
}

export interface SnapshotComparison {
  /** True when nothing visible changed between the two snapshots except dates, times and counters. */
  passive: boolean;
  /** 0..1, 1 = the same words (after dates, times and counters are set aside). */
  textSimilarity: number;
  /** 0..1, the share of perceptual-hash bits that differ; 0 = the top of the page looks the same. */
  imageDistance: number;
  /** Plain-English explanation of the verdict. */
  reason: string;
  /**
   * Not passive by the thresholds, but only a few words differ (the top of the page alike): a
   * platform's box of suggestions, or a short post, for a person to judge. Null otherwise.
   */
  probablyPassive: {
    /** The words gone or new, whichever are more, and the newer snapshot's words. */
    wordsDiffering: number;
    words: number;
    /** How many lines are new and how many gone; which, the two records show (the log keeps no text of the page). */
    newLines: number;
    goneLines: number;
  } | null;
}

/** An account whose latest snapshot shows no visible change since the previous period's. */
export interface PassiveFinding extends SnapshotComparison {
  accountId: string;
  previous: { recordId: string; period: string };
  current: { recordId: string; period: string };
}

/**
 * Facts from the log that some policy checks need. Every field is optional so that `config check`
 * can run on a configuration alone (without a log); the checks that need a missing fact are skipped.
 */
export interface PolicyFacts {
  now?: Date;
  /** The most recent period whose capture month is over, e.g. "2026-H1". */
  lastFinishedPeriod?: string;
  /** For each account id, the periods that have a stored snapshot (status stored, delivered or registered). */
  storedPeriodsByAccount?: Map<string, Set<string>>;
  /**
   * The earliest period of any record in the log (failed ones too): when somarkiv began. A period
   * that ended before it was never somarkiv's to capture, so its missing snapshots are not warned of.
   */
  firstLoggedPeriod?: string;
  /**
   * Each account's first period in the log (of any record). An account whose first record is of a
   * later half-year was added since the last half-year ended, and owes no snapshot of it.
   */
  firstPeriodByAccount?: Map<string, string>;
  /**
   * Each account's half-years with no snapshot between its first record and lastFinishedPeriod (see
   * gapsInSeries): the gaps in its series, also those the next half-year's ending hid.
   */
  gapsByAccount?: Map<string, string[]>;
  /** Accounts found passive, by account id (from detectPassive()). */
  passive?: Map<string, PassiveFinding>;
  /** For each account id with a closing record (capture --final) that was stored, its record id. */
  closingRecords?: Map<string, string>;
  /**
   * For each account id, its newest snapshot (not a failed attempt): the last day the archive saw its
   * page still there (YYYY-MM-DD, the schedule's time zone), and whether it is its closing record.
   */
  lastSnapshots?: Map<string, { recordId: string; day: string; closing: boolean }>;
  /**
   * Accounts whose page was gone when their closing record was asked for (a failed capture --final,
   * not found, after their last snapshot; see RecordStore.goneAtClosing): the day, and that attempt's record id.
   */
  goneAtClosing?: Map<string, { day: string; recordId: string }>;
}

export type PolicyWarningCode =
  | "organisation-no-website"
  | "organisation-no-switchboard"
  | "half-year-without-capture"
  | "capture-before-half-year-change"
  | "too-few-administrators"
  | "no-web-manager"
  | "no-substitute"
  | "substitute-is-responsible"
  | "missing-purpose"
  | "missing-audience"
  | "missing-responsible"
  | "missing-unit"
  | "duplicate-url"
  | "account-address"
  | "closed-without-date"
  | "closing-date-ahead"
  | "closed-without-closing-record"
  | "closed-before-last-snapshot"
  | "closing-date-on-active-account"
  | "closing-record-on-active-account"
  | "missing-snapshot"
  /** Half-years before the last that ended with no snapshot: no longer to be taken, a gap for the registrar to know of. */
  | "gap-in-series"
  /** Two accounts with the same platform and name: records with the same title, links with the same text. */
  | "same-title"
  | "passive-account"
  | "probably-passive-account"
  | "private-email-address"
  /** An id the log has records of that the file no longer names: left out of the public list, or its series split by a new id. */
  | "account-not-in-configuration";

export interface PolicyWarning {
  /** The account the warning is about; absent for warnings about the organisation. */
  accountId?: string;
  code: PolicyWarningCode;
  /** Plain English: names the account, what is wrong and how to fix it. */
  message: string;
  /** The section of the policy (Policy för sociala medier) the duty comes from, in Swedish as it is titled there. */
  policy: string;
}

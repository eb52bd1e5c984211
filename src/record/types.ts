import type { ConsentOutcome, PageFindings } from "../capture/types.ts";

export type { RecordStatus } from "../log/index.ts";

/** The JSON manifest stored and delivered beside each PDF. Field names in English; values as the registrar reads them. */
export interface Manifest extends PageFindings {
  schema: "somarkiv-manifest/1";
  recordId: string;
  accountId: string;
  accountName: string;
  platform: string;
  period: string;
  version: number;
  final: boolean;
  title: string;                       // ärendemening / titel
  organisation: { name: string; website?: string; switchboard?: string };
  creator: string;                     // arkivbildare
  documentType: string;                // handlingstyp
  classification?: string;             // klassificering
  collectiveCase?: string;             // samlingsärende
  retention: string;                   // bevaras / gallras
  personalData: boolean;               // personuppgifter
  unit?: string;
  responsible?: { name: string; email?: string };
  purpose?: string;
  audience?: string;
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  capturedAt: string;                  // ISO 8601 UTC
  capturedAtLocal: string;             // in Europe/Stockholm whatever schedule.timezone is, e.g. "2026-12-01 07:00:12 CET"
  previousRecordId?: string | null;
  /**
   * The log that recorded it: its id (the same in every copy and backup of that log) and where it was,
   * server and file. A record of another log in the store is another installation's, not one this
   * log lost. Not there in records made before 2026-12.
   */
  madeBy?: { log: string; installation: string };
  /** The previous record's diary number, when the registrar had given it by the time this one was taken. */
  previousRecordDnr?: string;
  /**
   * Set when the previous snapshot named is one the log did not know when this record was made: the
   * store (or the spool) held it, after the log was restored from an older backup. Its diary number is
   * not known then either.
   */
  previousRecordNotInLog?: true;
  /** The address the previous snapshot was taken at, when it is not this one's (the account moved). */
  previousRecordUrl?: string;
  /**
   * The half-years between the previous snapshot's and this one's of which no snapshot was taken (a
   * worker not running all of a capture month): the gap in the series, said beside the previous.
   */
  periodsMissingBefore?: string[];
  /**
   * Why this snapshot was taken when it was, in the words of whoever took it (capture --reason):
   * a second version of a half-year, a closing record. Not there when nobody said.
   */
  takenBecause?: string;
  /**
   * Taken before its half-year's capture month (a trial in September for the December snapshot): a record of
   * its day, which does not stand in for the half-year's; that is taken in the capture month as a new version.
   */
  beforeHalfYearChange?: true;
  /** The half-year's own snapshot, taken as a new version because the period's earlier one (this id) was taken before its capture month. */
  afterEarlySnapshot?: string;
  /** For a closing record of an account the configuration already has as closed: the day it closed. */
  closedOn?: string;
  /**
   * Taken with the account's saved login session (login.storageState): the page may show what the
   * public does not see (the feed as a signed-in administrator sees it, "Inloggad som …"). Absent in
   * records made before somarkiv said it either way.
   */
  signedIn?: boolean;
  consent: ConsentOutcome;
  /** The words of the consent button whose press gave `consent` ("Godkänn alla"), when a button did. */
  consentButton?: string;
  /**
   * true where the cookie question was a page of its own (the site's consent page, as YouTube's), answered
   * before the account's page was reached, not a dialog over it; the sheet says it so.
   */
  consentPage?: true;
  /** The labels of the buttons of a cookie dialog left over the page (not-dismissed), as it showed them; the sheet says them. */
  consentButtonsSeen?: string[];
  flags: string[];
  // Here, in the manifest's order, what the capture found on the page, carried as it was found:
  // pageDialogs … glyphsMissing, declared once in PageFindings.
  /**
   * The first words of the box left over the page (flag box-over-page) or of one that came over it only
   * after it was taken (box-came-after), on one line, up to 120 characters: the sheet quotes them.
   */
  boxWords?: string;
  /**
   * The host names in the internal network the page asked for and was refused (flag
   * internal-address-refused), each once, up to 10: names, not whole addresses, which may hold secrets.
   */
  internalHostsRefused?: string[];
  /** Where each link shown on the page leads, with its words, in page order. */
  links?: Array<{ text: string; url: string }>;
  /** Each shown picture's alternative text (alt), with its address, in page order. */
  pictures?: Array<{ alt: string; url: string; missing?: true }>;
  tool: { name: "somarkiv"; version: string };
  browser: string;
  /** The user agent the page was told (a person's Chrome of the browser's version). */
  userAgent?: string;
  viewport: { width: number; height: number };
  /**
   * The page as taken: its size in CSS pixels, its height before it was cut at the maximum height
   * (only when it was), its own title and language (as the page gives them).
   */
  page: { width: number; height: number; fullHeight?: number; title?: string; language?: string; darkLook?: "also" | "only" };
  pdf: { conformance: string; pages: number };
  /** SHA-256 of every file of the record, by file name (the manifest itself cannot hash itself). */
  files: Record<string, { sha256: string; bytes: number }>;
  /** SHA-256 of the snapshot images embedded in the PDF, in page order. */
  screenshotSha256: string[];
}

/** One visible word on the page, in CSS pixels of the full page (origin top-left of the document). */
export interface WordBox {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Set in a vertical writing mode: the word runs down its box, its letters' tops to the right. */
  vertical?: true;
}

/** A horizontal band of the full-page screenshot. Bands follow each other with no gap and no overlap. */
export interface Slice {
  /** Encoded image bytes (JPEG or PNG, no alpha channel). */
  image: Buffer;
  format: "jpeg" | "png";
  /** Top edge of the band in CSS pixels of the full page. */
  top: number;
  /** Height of the band in CSS pixels. */
  height: number;
  /** Width of the band in CSS pixels (the page width). */
  width: number;
  /** Image size in device pixels. */
  pixelWidth: number;
  pixelHeight: number;
}

export type ConsentOutcome = "declined" | "accepted" | "none-found" | "not-dismissed";

export interface CaptureTimings {
  navigation: number;
  /** Load, quiet network and layout, consent. */
  settle: number;
  /** Of `settle`: finding and answering consent dialogs and login prompts. */
  consent: number;
  /** The whole lazy-content part, from the first scroll to the page back at the top. */
  scroll: number;
  /** Of `scroll`: waiting at the bottom for the page to bring more content or go quiet. */
  lazyWait: number;
  screenshot: number;
}

export interface CaptureResult extends PageFindings {
  url: string;
  finalUrl: string;
  httpStatus: number | null;
  capturedAt: Date;
  title: string;
  browserVersion: string;
  /** The user agent the page was told. */
  userAgent: string;
  viewport: { width: number; height: number };
  /** Full page size in CSS pixels (after any truncation). */
  pageWidth: number;
  pageHeight: number;
  /** The page's height before it was cut at the maximum height; only when it was cut. */
  fullPageHeight?: number;
  /** The page's own language (its html lang attribute), when it names one. */
  language?: string;
  /**
   * The page's dark look: "also" beside its light one, for visitors whose system asks for it (it was
   * taken in its light look), or "only", the one every visitor sees.
   */
  darkLook?: "also" | "only";
  slices: Slice[];
  words: WordBox[];
  /** The page's visible text, in reading order, for search and passive-account comparison. */
  text: string;
  consent: ConsentOutcome;
  /** The words of the consent dialog's button whose press gave `consent` ("Godkänn alla"), when a button did. */
  consentButton?: string;
  /**
   * true where that button was a consent page's of its own (CONSENT_DOCUMENT: the whole document is the
   * question, as YouTube's "Innan du fortsätter"), before the account's page, not a dialog's over it.
   */
  consentPage?: true;
  /**
   * The labels of the buttons of a consent dialog left over the page (consent not-dismissed), as it
   * showed them (at most 6, each cut at 40 characters): words somarkiv may not know.
   */
  consentButtonsSeen?: string[];
  /**
   * The first words (up to 120 characters) of the box left over the page (with the flag box-over-page)
   * or of one that came over it only after it was taken (box-came-after), as the page said them.
   */
  boxWords?: string;
  /** The host names in the internal network the page asked for and was refused (flag internal-address-refused), each once, in the order asked. */
  internalHostsRefused?: string[];
  /** e.g. consent-not-dismissed, login-prompt-closed, truncated */
  flags: string[];
  /** Where the page's shown links lead, and its pictures' addresses and alternative texts (see PAGE_REFERENCES). */
  references?: PageReferences;
  timings: CaptureTimings;
}

/**
 * What the capture found on the page beyond its picture and text, each beside the flag it explains: the
 * record carries them as they were found, as the manifest's fields of the same names, and its sheet says them.
 */
export interface PageFindings {
  /**
   * What the page's own dialogs (alert, confirm, prompt) said before they were dismissed, in order:
   * words a person read on the page that the picture cannot hold. Absent when there were none.
   */
  pageDialogs?: string[];
  /** How many more dialogs the page showed than pageDialogs quotes (it keeps the first five). */
  pageDialogsNotQuoted?: number;
  /**
   * What a feed that keeps only the posts near the screen showed while it was scrolled and took away
   * (up to 500 texts of up to 200 characters): missing from the picture. Present with the flag
   * content-removed-while-scrolling.
   */
  textRemovedWhileScrolling?: string[];
  /**
   * Posts of rows that show a few at a time, less than half of each in view: beyond the edge of a box
   * that scrolls by itself (with box-scrolls-separately), or in a row moved with arrow buttons or a
   * slideshow's slides not shown (with carousel-hidden-items). Absent when there were none.
   */
  itemsOutOfView?: { inScrollingBoxes: number; inCarousels: number };
  /** Those posts' words (up to 200 texts of up to 200 characters), missing from the picture and its searchable text. */
  textOutOfView?: string[];
  /** The video and audio players shown on the page (with the flag media-not-kept): what they play is not in the record, only their picture. */
  mediaOnPage?: { videos: number; audio: number };
  /**
   * How many texts the page cuts to their first lines behind a "Visa mer" (a caption with a line clamp,
   * or in a box that hides what overflows its foot), with the flag text-cut-short: the picture and its
   * searchable text hold their first lines only.
   */
  postTextsCutShort?: number;
  /** Those texts' whole words (up to 100 texts of up to 2,000 characters), as the page holds them. */
  textCutShort?: string[];
  /**
   * Posts whose text a visitor sees hidden behind a content warning ("Visa mer"), and pictures or videos
   * under a cover for sensitive content (flag content-behind-warning): the picture shows them covered.
   */
  behindWarnings?: { posts: number; media: number };
  /** Their hidden words (a covered picture's alternative text): up to 200 texts of 200 characters. */
  textBehindWarnings?: string[];
  /** The words of the button the feed goes on behind (with the flag more-behind-button), as the page said them. */
  moreButton?: string;
  /** Where the page tried to go (or reload) while it was held (with the flag navigation-held): the first such address. */
  heldNavigationTo?: string;
  /**
   * Characters of the page's words that no font on the machine draws (up to 10, in the order the
   * page has them), with the flag glyphs-missing: empty boxes in the picture, in the text layer as they are.
   */
  glyphsMissing?: string[];
}

export interface PageReferences {
  links: Array<{ text: string; url: string }>;
  pictures: Array<{ alt: string; url: string; missing?: true }>;
}

export type CaptureFailureReason =
  | "login-wall"
  | "blank"
  | "not-loaded"
  | "consent-not-kept"
  | "consent-not-answered"
  | "led-to-internal-address"
  | "http-error"
  | "network-error"
  | "timeout"
  | "redirect-loop"
  | "unsupported-url"
  | "not-found"
  | "region-blocked"
  | "site-error"
  | "page-crashed"
  | "suspended"
  | "browser-error";

/**
 * A password in an address the page led to (a redirect to "https://user:secret@host/…") taken out, in
 * an address or in a message quoting one: the log, the manifest and the terminal never hold a
 * credential, whoever put it there. The user name stays, so that the reader sees one was given.
 */
export function withoutPassword(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/[^\s\/?#@:"'”]*):[^\s\/?#@"'”]*@/gi, "$1:***@");
}

/** A capture that did not give a snapshot. The reason is a stable code; message is plain English for the operator. */
/**
 * Text for a terminal, the log and a spreadsheet, with the controls a page's own words may carry
 * taken out: terminal escapes (which clear the screen or colour a line "ALLT ÄR OK"), other control
 * characters, and the marks that turn the direction of what follows ("\u202etxt.exe"). Line breaks stay.
 */
export function withoutControls(text: string): string {
  return text
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .replace(/\r(?!\n)/g, " ")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "");
}

export class CaptureFailure extends Error {
  constructor(
    readonly reason: CaptureFailureReason,
    message: string,
    readonly details: {
      finalUrl?: string;
      httpStatus?: number | null;
      /** A screenshot for the administrator (never sent to the registrar). */
      screenshot?: Buffer;
      consent?: ConsentOutcome;
      flags?: string[];
    } = {},
  ) {
    // The message may quote the page (its notice, its title): a page's controls stay out of the log.
    super(withoutPassword(withoutControls(message)));
    if (details.finalUrl) this.details = { ...details, finalUrl: withoutPassword(details.finalUrl) };
    this.name = "CaptureFailure";
  }
}

export interface CaptureOptions {
  url: string;
  viewport: { width: number; height: number };
  locale: string;
  timezone: string;
  /** Hard bound for the whole capture, everything included. */
  timeoutMs: number;
  /** Cut the page at this height (CSS px) and flag it truncated. */
  maxHeight: number;
  /** Playwright storage state file for logged-in capture. */
  storageStatePath?: string;
  /** Progress lines for stderr. */
  onProgress?: (step: string) => void;
  /**
   * PNG bands, pixel for pixel as Chromium painted them, instead of JPEG (quality 85). About six
   * times bigger and slower to take; for checks that compare pixels exactly.
   */
  lossless?: boolean;
  /**
   * A page that never finished loading (only a loading indicator where its content should be) is
   * filed as it shows, flagged not-loaded, instead of failing: asked for one named account by a
   * person (capture --as-shown), never by the worker, which tries such a page again.
   */
  asShown?: boolean;
  /**
   * Whether another capture follows in this browser (the default): a context for it is made ready
   * while this one works. The last capture of a run says false, so that no renderer is started,
   * and its page set up, for nothing.
   */
  anotherFollows?: boolean;
}

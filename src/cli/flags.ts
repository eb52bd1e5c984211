import { fontAdvice } from "../capture/font-packages.ts";
import { captureCommandLine } from "../config/index.ts";
import { asksToLogIn, boxSaid, buttonsSaid } from "../capture/decisions.ts";

/**
 * Flags that say the snapshot may not show the page as a person sees it, and what each means;
 * the record is filed, and the operator decides whether to take it again. Flags that only
 * describe the page (wider than the window, no text to read) are not among them; a page cut at
 * capture.maxHeight is, as only the operator can raise it.
 */
const WORTH_A_LOOK: Record<string, string> = {
  truncated: "the page was longer than capture.maxHeight and was cut there; the part below is missing from the record (a feed that goes on for as long as it is scrolled is always cut somewhere). If the whole page is needed, raise capture.maxHeight in the configuration (up to 200000 px)",
  // The dialog is another's site, or in words somarkiv does not know: the line says what can be done of each.
  "consent-not-dismissed": "the cookie dialog could not be closed (no answer somarkiv found, declining or accepting, closed it) and shows over the page. somarkiv knows its buttons by their words (in Swedish, English, Finnish, Norwegian, Danish and North Sami): if the dialog's buttons say decline or accept in other words, tell whoever keeps somarkiv which words they are, so that they are added; if not, the site builds it so and only its owner can change that, so tell them, as a later try may find it changed",
  "document-incomplete": "the site had not finished sending the page; the snapshot shows what had come",
  // Filed on request (capture --as-shown): a new try may find the content come.
  "not-loaded": "the page had not finished loading: where its content (the feed) should be it showed only a loading indicator, and the record, filed as it showed on request (--as-shown), holds only what the page showed",
  "still-loading": "the page still showed that it was loading when it was taken (a loading indicator still turning), so something it was loading may be missing from the record",
  "bot-check-over-page": "a check for automated visitors lay over the page",
  "box-over-page": "a box (a notice, a question, an offer) lay over the page and could not be closed; what it covers is not in the picture",
  // The record is right (the page as a visitor sees it before the box comes): said, so that a reader is not surprised by the page.
  "box-came-after": "a box came over the page only after it was taken: a visitor who stays on the page gets it, and the snapshot shows the page without it",
  "bot-check-shown": "the site showed a check for automated visitors instead of the page",
  // Said as known: a wall a timer opens comes while the page is taken, not only with the scroll.
  "login-wall-hidden": "a login wall came over the page while it was being taken and was hidden; the snapshot shows what a visitor sees without logging in",
  "lazy-content-incomplete": "content that loads on scrolling may not all have come",
  "content-removed-while-scrolling": "the page removed posts while it was scrolled, so some are missing from the picture (their words are in the record's manifest); the page is built so, and taking it again gives the same",
  "frames-left-out": "the page shows more frames from other sites (embedded posts, videos, advertisements) than the 20 that are drawn and read; those past them may be blank in the picture and their words are missing from the searchable text; the page is built so, and taking it again gives the same",
  "frame-not-responding": "an embedded frame did not answer; its words are missing from the searchable text",
  "glyphs-missing": "some characters of the page have no font on this machine and are empty boxes in the picture (their words are in the searchable text). Install fonts for them (as root: apt-get install fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-color-emoji for emoji, fonts-noto-core for most other scripts)",
  // Nothing a new try mends by itself: the address, or who holds the site, has changed.
  "reached-other-site": "the page led on to another site than the account's address (the reached address is on the record sheet), so the snapshot shows that site's page, not the account: the account may have moved, or its site or domain changed hands. Open the account's address in a browser; if the account has moved, put its new address in url in the configuration",
  "reached-other-page": "the page led on to another page of the same site than the account's address (the site's front page, or another account's; the reached address is on the record sheet), so the snapshot shows that page: an account renamed, removed or taken over looks so. Open the account's address in a browser; if the account has a new address, put it in url in the configuration",
  "reached-internal-address": "the page led on to an address in an internal network, not to the account's site, so the snapshot shows that page, not the account. Open the account's address in a browser to see where it leads, and correct url in the configuration",
  // Said, not mended by a new try: the page asks for them each time, and is refused each time.
  "internal-address-refused": "the page asked for addresses in the internal network (frames, fetches or pictures of an intranet site or the cloud's metadata service, which a page on the internet has no business asking for); they were refused, and the record does not show them. If the account's page is its own, tell the account's responsible that it does so",
  "images-not-loaded": "some pictures of the page had not come when it was taken, and are missing",
  "text-beyond-page-end": "the page holds words below its end that no scroll reaches (it moves its content itself, at a turn of the wheel); the record shows what is in view; the page is built so, and taking it again gives the same",
  "carousel-hidden-items": "a row of posts on the page shows a few at a time (a visitor moves it with arrow buttons, or its slides change by themselves); the record shows those in view, and the others' words are in the record's manifest (textOutOfView); the page is built so, and taking it again gives the same",
  "box-scrolls-separately": "a box in the page scrolls by itself (sideways, or fixed to the screen) and holds more than it shows; the record shows what is in view in it; the page is built so, and taking it again gives the same",
};

/** Flags of how the page is built, not of a moment: taking it again gives the same record. */
const BUILT_SO = new Set(["internal-address-refused", "content-removed-while-scrolling", "box-scrolls-separately", "carousel-hidden-items", "text-beyond-page-end", "frames-left-out"]);

/**
 * What is known of the page beyond its flags, when the capture is at hand: how many px of it were cut
 * off below, which characters no font drew, and what the buttons of a cookie dialog left over it said.
 */
export interface PageCut { missingPx?: number; glyphs?: string[]; consentButtons?: string[]; boxWords?: string }

/** A flag's meaning, with how much is missing when that is known. */
function meaning(flag: string, cut: PageCut): string {
  // What had loaded below the cut when it was made, not all there is: "its last 157 px" of an endless feed read as almost all taken.
  if (flag === "truncated" && cut.missingPx) return WORTH_A_LOOK[flag]!.replace("the part below is missing from the record (", `the part below is missing from the record (${cut.missingPx} px of it had loaded when it was cut, and more may follow; `);
  // The packages these characters need, where the general line lists them all.
  // Its own words show whether they are decline or accept in a language somarkiv has no words for.
  if (flag === "consent-not-dismissed" && cut.consentButtons?.length) return WORTH_A_LOOK[flag]!.replace("and shows over the page.", `and shows over the page; its buttons said: ${buttonsSaid(cut.consentButtons)}.`);
  // Which box: a login wall, an age question or an offer each need something else done.
  if (flag === "box-over-page" && cut.boxWords) return WORTH_A_LOOK[flag]!.replace("could not be closed;", `could not be closed (it said: ${boxSaid({ words: cut.boxWords })});`);
  if (flag === "box-came-after" && cut.boxWords) return WORTH_A_LOOK[flag]!.replace("only after it was taken:", `only after it was taken (it said: ${boxSaid({ words: cut.boxWords })}):`);
  if (flag === "glyphs-missing" && cut.glyphs?.length) return `some characters of the page (${cut.glyphs.join(" ")}) have no font on this machine and are empty boxes in the picture (their words are in the searchable text). ${fontAdvice(cut.glyphs)}`;
  return WORTH_A_LOOK[flag]!;
}

/** The line for a snapshot with such flags, or null: what each means, and how to take it again when that can help. */
export function lookAtIt(accountId: string, flags: string[], period?: string, cut: PageCut = {}): string | null {
  const worth = flags.filter((f) => f in WORTH_A_LOOK);
  if (!worth.length) return null;
  const look = `look at it: ${worth.map((f) => meaning(f, cut)).join("; ")}.`;
  const login = loginAdvice(accountId, worth, cut.boxWords);
  // A box that came after the picture leaves a right record: only signing in past it would change it.
  if (worth.every((f) => BUILT_SO.has(f) || (f === "box-came-after" && !login))) return look;
  // A box no visitor can close (an age question, a notice) is no fault of the moment: a new try shows
  // it again until somarkiv knows how to answer it, which only its words can tell.
  const box = worth.includes("box-over-page") && !login
    ? " Open the page in a browser to see what the box is: if a visitor can close or answer it, tell whoever keeps somarkiv its words and how it is closed, so that somarkiv learns to; if no visitor can, the snapshot shows the page as every visitor sees it, and taking it again gives the same."
    : "";
  // A half-year made up with --period is taken again for that half-year, not for the current one; a
  // closing record with --final, as a plain --force after it is refused (the account is closed by it).
  const again = captureCommandLine({ accounts: [accountId], period, final: flags.includes("final"), force: true, reasonToType: true });
  const toFix = worth.some((f) => !BUILT_SO.has(f) && !NOT_A_FAULT.has(f));
  const then = toFix ? "Once the cause is fixed, take" : box ? "Once somarkiv can close the box, take" : worth.includes("truncated") && !login ? "Having raised it, take" : "Then take";
  return `${look}${login}${box} ${then} it again with: ${again} (a new version; this one is kept; the reason is on its record sheet for the registrar)`;
}

/** Flags whose remedy lookAtIt names itself (raising maxHeight, signing in, a box's words), not "the cause". */
const NOT_A_FAULT = new Set(["login-wall-hidden", "truncated", "consent-not-dismissed", "box-over-page", "box-came-after"]);

/**
 * Signing in, when the page asks visitors to log in: a login wall that was hidden, or a box over the
 * page (or one that came after it) whose words ask to log in. A login box is no fault to fix, and a
 * saved login session shows what lies behind it.
 */
export function loginAdvice(accountId: string, flags: string[], boxWords?: string): string {
  const box = (flags.includes("box-over-page") || flags.includes("box-came-after")) && asksToLogIn(boxWords);
  if (!flags.includes("login-wall-hidden") && !box) return "";
  return ` The page asks visitors to log in: to take what lies behind ${box && !flags.includes("login-wall-hidden") ? "the box" : "the wall"}, sign in with "somarkiv login --account ${accountId}" and name the saved session in the account's login.storageState.`;
}

/** What each flag worth a look means, for a line that names them (preflight's "ready"). */
export function flagMeanings(flags: string[], cut: PageCut = {}): string[] {
  return flags.filter((f) => f in WORTH_A_LOOK).map((f) => meaning(f, cut));
}

/**
 * Pure decisions of a capture, kept apart from the browser so they can be unit-tested:
 * how to cut a tall page into bands, how to name a navigation error, when a page is a
 * login wall, when a screenshot is blank, which consent button to press, where a page that
 * announces a move is going.
 */
import type { CaptureFailureReason, ConsentOutcome } from "./types.ts";
import { captureCommandLine, type CaptureAsked } from "../config/command.ts";

/** Chromium cannot paint a surface taller than about 16,384 device pixels; bands stay well below. */
export const MAX_BAND_HEIGHT = 8000;

export interface Band {
  top: number;
  height: number;
}

/** Cuts [0, pageHeight) into bands that follow each other with no gap and no overlap. */
export function planBands(pageHeight: number, maxBand = MAX_BAND_HEIGHT): Band[] {
  const total = Math.max(1, Math.ceil(pageHeight));
  const bands: Band[] = [];
  for (let top = 0; top < total; top += maxBand) bands.push({ top, height: Math.min(maxBand, total - top) });
  return bands;
}

/** The height to capture, and whether the page had to be cut. */
export function captureHeight(pageHeight: number, maxHeight: number): { height: number; truncated: boolean } {
  const h = Math.max(1, Math.ceil(pageHeight));
  return h > maxHeight ? { height: maxHeight, truncated: true } : { height: h, truncated: false };
}

export function isCapturableUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "http:" || u.protocol === "https:";
  } catch {
    return false;
  }
}

/** How long an announced move may take and still be waited out: a visitor stays that long. */
export const MOVE_WITHIN_SECONDS = 15;

/**
 * Where a page sends its visitor with a meta refresh ("Sidan har flyttat, du skickas vidare om
 * 3 sekunder"): the address, when one of the refresh tags names another page and a delay a
 * visitor would wait out; null otherwise. A refresh of the page itself (no address, or its own)
 * is no move: that page is held as it is (see holdPage). `contents` are the tags' content
 * attributes, `base` the document's base URL, `here` its address.
 */
export function announcedMove(contents: string[], base: string, here: string, withinSeconds = MOVE_WITHIN_SECONDS): string | null {
  for (const content of contents) {
    // HTML's syntax: a delay, then optionally ";" or ",", "url=" and the address, maybe quoted.
    const m = /^\s*(\d+(?:\.\d*)?)[\s;,]*(?:url\s*=\s*)?(["']?)(.*?)\2\s*$/i.exec(content);
    if (!m || !m[3] || Number(m[1]) > withinSeconds) continue;
    let to: URL;
    try { to = new URL(m[3], base); } catch { continue; }
    if (to.protocol !== "http:" && to.protocol !== "https:") continue;
    if (sameAddress(to.href, here)) continue;
    return to.href;
  }
  return null;
}

/**
 * How many times a page moved on by itself while it was waited for: 0 when the document marked
 * before the wait (`marked`) is still the page. `documents` is how many new documents arrived in
 * the page during the wait. One reload of the same address is no move (a page that reloads once,
 * after setting a cookie, is held as it is); two or more are a loop, wherever they lead, since a
 * loop between two pages can be back at its first address at the moment it is looked at. A move
 * to another address whose document has not yet arrived is one move. `marked` null: the look
 * itself was cut off, as a page is when it is leaving its document at that moment (a loaded
 * machine's timing puts it there), so the page is moving on: at least one move, wherever it goes.
 */
export function movesBySelf(o: { marked: boolean | null; sameAddress: boolean; documents: number }): number {
  if (o.marked === null) return Math.max(1, o.documents);
  if (o.marked) return 0;
  if (!o.sameAddress) return Math.max(1, o.documents);
  return o.documents >= 2 ? o.documents : 0;
}

/** Whether two addresses are the same page (a fragment does not make another page). */
export function sameAddress(a: string, b: string): boolean {
  try {
    const x = new URL(a), y = new URL(b);
    return x.origin === y.origin && x.pathname === y.pathname && x.search === y.search;
  } catch {
    return a === b;
  }
}

/** Names a navigation error from Playwright/Chromium with a stable reason and a plain message. */
export function classifyNavigationError(message: string, url: string): { reason: CaptureFailureReason; message: string } {
  if (/ERR_TOO_MANY_REDIRECTS/i.test(message)) {
    return { reason: "redirect-loop", message: `The address ${url} redirects in a loop and never reaches a page. Check the account's address in the configuration.` };
  }
  // Chromium downloads what it cannot show (a file sent as an attachment, a PDF in the headless
  // shell): there is no page there to take a snapshot of, and another try will not change that.
  if (/Download is starting/i.test(message)) {
    return { reason: "unsupported-url", message: `The address ${url} leads to a file to download, not to a web page, so there is no start page to capture. Check the account's address in the configuration.` };
  }
  if (/Timeout|timed out|ERR_TIMED_OUT/i.test(message)) {
    return { reason: "timeout", message: `The site at ${url} did not answer in time. Try again later; if it keeps happening, check the address or the network.` };
  }
  const net = /net::(ERR_[A-Z_]+)/.exec(message);
  const certificate = net && certificateProblem(net[1]);
  if (certificate) {
    // Not the network: the site answered, and the browser refused it as a person's would, with a
    // warning page. Whoever runs the site (or the machine in between) must act; another try won't help.
    return { reason: "network-error", message: `Could not open ${url} securely: ${certificate} (${net[1]}). A person's browser warns about this site too. Ask whoever runs the site to renew or correct its certificate; if this network inspects secure connections (a proxy or firewall that does so), its certificate must be trusted on this machine.` };
  }
  if (net?.[1] === "ERR_UNSAFE_PORT") {
    // Not the network: Chromium, as every browser, never opens ports kept for other services (mail, FTP, …).
    let port = "";
    try { port = new URL(url).port; } catch { /* the url was checked when the configuration was read */ }
    return { reason: "unsupported-url", message: `The browser does not open ${url}: port ${port || "in the address"} is kept for other services, and browsers refuse it, as a person's would. Check the account's address in the configuration; a web page is on the usual port (no port in the address) or on one such as 8080.` };
  }
  if (net?.[1] === "ERR_UNSAFE_REDIRECT") {
    // The site answered, with a redirect to what is no web page (a file on this machine, data in the address).
    return { reason: "unsupported-url", message: `The site at ${url} sends the browser on to an address that is not a web page (such as a file on this machine); browsers refuse to follow it, as a person's would (${net[1]}). Check the account's address in the configuration, and open it in a browser to see where it leads.` };
  }
  // The site took the connection and then answered wrongly or not at all: the fault is at the site
  // (or a machine in between), not in this machine's network, which reached it.
  const siteSide: Record<string, string> = {
    ERR_EMPTY_RESPONSE: "the site took the connection and closed it without answering",
    ERR_CONNECTION_RESET: "the site broke off the connection",
    ERR_CONNECTION_CLOSED: "the site closed the connection before it had answered",
    ERR_INVALID_RESPONSE: "the site's answer was not one a browser can read",
    ERR_INVALID_HTTP_RESPONSE: "the site's answer was not one a browser can read",
    ERR_RESPONSE_HEADERS_TRUNCATED: "the site's answer broke off",
    ERR_CONTENT_LENGTH_MISMATCH: "the site's answer broke off before it was whole",
    ERR_ABORTED: "the site gave no page to show (an answer without content, such as 204 No Content), or the page's loading was broken off",
  };
  if (net && siteSide[net[1]!]) {
    return { reason: "network-error", message: `Could not open ${url}: ${siteSide[net[1]!]} (${net[1]}). The site was reached, so this machine's network is not the cause; it will be tried again on the next run. If it keeps happening, open the address in a browser, and tell whoever runs the site.` };
  }
  if (net || /ECONNREFUSED|ENOTFOUND|NS_ERROR|connection/i.test(message)) {
    const code = net?.[1] ?? "";
    const what =
      code === "ERR_NAME_NOT_RESOLVED" ? "its name could not be found (DNS)" :
      code === "ERR_CONNECTION_REFUSED" ? "the connection was refused" :
      code === "ERR_INTERNET_DISCONNECTED" ? "this machine is not connected to the network" :
      code.startsWith("ERR_SSL") ? "the secure connection could not be set up" :
      "the connection failed";
    return { reason: "network-error", message: `Could not reach ${url}: ${what}${code ? ` (${code})` : ""}. Check the address and this machine's network access.` };
  }
  return { reason: "browser-error", message: `The browser could not open ${url}: ${firstLine(message)}` };
}

/** What is wrong with a site's certificate, in plain words, for Chromium's certificate errors; null for other errors. */
function certificateProblem(code: string): string | null {
  if (!code.startsWith("ERR_CERT")) return null;
  switch (code) {
    case "ERR_CERT_DATE_INVALID": return "its security certificate has expired or is not valid yet (check this machine's clock too)";
    case "ERR_CERT_COMMON_NAME_INVALID": return "its security certificate is made out for another address";
    case "ERR_CERT_AUTHORITY_INVALID": return "its security certificate is not issued by an authority the browser trusts (it may be self-made)";
    case "ERR_CERT_REVOKED": return "its security certificate has been revoked";
    default: return "its security certificate is not valid";
  }
}

/**
 * How platforms say, on a page they answer with 200 OK, that the account or page is not there: it
 * was removed or renamed, or the address has a typo. Lower case, straight apostrophes.
 */
const PLATFORM_NOT_FOUND = [
  "this content isn't available", // Facebook
  "det här innehållet är inte tillgängligt",
  "sorry, this page isn't available", // Instagram
  "tyvärr är den här sidan inte tillgänglig",
  "sidan är tyvärr inte tillgänglig",
  "this account doesn't exist", // X
  "det här kontot finns inte",
  "kontot finns inte",
  "this page doesn't exist",
  "this channel does not exist", // YouTube
  "den här kanalen finns inte",
  "this page isn't available. sorry about that",
  "couldn't find this account", // TikTok
  "det gick inte att hitta det här kontot",
  "the page you are looking for isn't here", // Mastodon
  "sorry, we couldn't find that page", // Vimeo
  "this user has been removed", // Flickr
  "this account has been suspended", // X, Bluesky, Mastodon
  "account suspended",
  "det här kontot har stängts av",
];
/** Words any site may use, and a post may quote: they count in the title, or on a page of little more. */
const GENERIC_NOT_FOUND = [
  "profile not found", "page not found", "account not found", "user not found",
  "profilen hittades inte", "kontot hittades inte", "användaren hittades inte", // Bluesky and others, in Swedish
  "sidan hittades inte", "sidan kunde inte hittas", "sidan finns inte", "den här sidan finns inte",
];

/**
 * How platforms say that the account or its content is held back in the visitor's country: the
 * account is there, but not for a browser in Sweden (a legal demand, local law). Checked before the
 * not-found words, which Facebook's notice begins with ("Det här innehållet är inte tillgängligt i
 * ditt land"): advice to close an account that is only blocked here would be wrong.
 */
const REGION_BLOCKED = [
  "inte tillgängligt i ditt land", "inte tillgänglig i ditt land", "inte tillgängligt i din region", "inte tillgänglig i din region",
  "not available in your country", "not available in your region", "unavailable in your country", "unavailable in your region",
  "not available in your location", "blocked in your country",
  "account is withheld in", "account has been withheld in", "has been withheld in", "tweet is withheld in", "post is withheld in",
  "har undanhållits i", "undanhålls i",
];

/** Longer than these, a page is content that may quote such words, not a notice. */
export const NOT_FOUND_MAX_TEXT = 1500;
const GENERIC_MAX_TEXT = 300;

/**
 * The words, as the page has them, by which a page says that the account or page is not there;
 * null for any other page.
 */
export function notFoundNotice(pageText: string, title = ""): string | null {
  const text = normNotice(pageText);
  if (text.length > NOT_FOUND_MAX_TEXT || regionBlockedNotice(pageText)) return null;
  return find(text, PLATFORM_NOT_FOUND)
    ?? find(normNotice(title), GENERIC_NOT_FOUND)
    ?? (text.length <= GENERIC_MAX_TEXT ? find(text, GENERIC_NOT_FOUND) : null);
}

/**
 * The sentence by which a page says the account or its content is not shown in the visitor's
 * country or region, as the page has it; null for any other page. Only a page of little text
 * counts, as for notFoundNotice: a post may speak of such blocks.
 */
export function regionBlockedNotice(pageText: string): string | null {
  // Lines kept: the notice's sentence is taken whole, and a heading above it is not part of it.
  const text = normNotice(pageText);
  const words = noticeOnShortPage(text, REGION_BLOCKED);
  if (!words) return null;
  const at = text.indexOf(words);
  const stop = text.lastIndexOf(". ", at);
  const start = Math.max(stop < 0 ? 0 : stop + 2, text.lastIndexOf("\n", at) + 1);
  const end = text.slice(at).search(/[.!\n]/);
  return text.slice(start, end < 0 ? text.length : at + end).trim().slice(0, 200);
}

/**
 * The first of `phrases` that stands as a notice in `text` (normNotice's), as the text has it; null
 * when the text is longer than a notice's page: that is content, and a post may quote the words.
 */
function noticeOnShortPage(text: string, phrases: string[]): string | null {
  return text.length > NOT_FOUND_MAX_TEXT ? null : find(text, phrases);
}

/** Straight apostrophes, one space for a run of spaces, one line break for a run of lines: a line is a block of the page. */
const normNotice = (t: string) => t.replace(/[\u2018\u2019]/g, "'").replace(/[^\S\n]+/g, " ").replace(/ ?\n\s*/g, "\n").trim();

/**
 * The first of `phrases` in `text` that stands as a notice, whatever its case, as the text has it.
 * A platform's notice is a line or a sentence of its own; words quoted in a post ("it only said
 * "Det här innehållet är inte tillgängligt"") or told within a longer sentence are not one.
 */
function find(text: string, phrases: string[]): string | null {
  const lower = text.toLowerCase();
  for (const phrase of phrases) {
    for (let at = lower.indexOf(phrase); at >= 0; at = lower.indexOf(phrase, at + 1)) {
      if (standsAlone(text, at, phrase.length)) return text.slice(at, at + phrase.length);
    }
  }
  return null;
}

/** Room in a notice's sentence for words around the phrase ("Hmm…", "just nu", "@konto's … in SE in response to a legal demand"). */
const NOTICE_SENTENCE_SLACK = 60;
const QUOTE_MARKS = /["\u201c\u201d\u201e\u00ab\u00bb]$/;

function standsAlone(text: string, at: number, length: number): boolean {
  if (QUOTE_MARKS.test(text.slice(Math.max(0, at - 3), at).trimEnd())) return false;
  // Inside a quotation that opened earlier on its line (X visade ”account has been withheld in SE” …):
  // an odd number of quotation marks before it.
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  if ((text.slice(lineStart, at).match(/["\u201c\u201d\u201e\u00ab\u00bb]/g) ?? []).length % 2 === 1) return false;
  const boundary = (i: number) => text[i] === "\n" || (/[.!?]/.test(text[i]!) && /\s/.test(text[i + 1] ?? " "));
  let start = at;
  while (start > 0 && !boundary(start - 1)) start--;
  let end = at + length;
  while (end < text.length && !boundary(end)) end++;
  return end - start <= length + NOTICE_SENTENCE_SLACK;
}

/**
 * How platforms say, on a page answered with 200 OK, that they failed to show it: X's timeline
 * that did not load, Facebook's and Instagram's "Sorry, something went wrong", YouTube's "An
 * error occurred". Lower case, straight apostrophes.
 */
const PLATFORM_ERROR = [
  "something went wrong. try reloading", // X
  "något gick fel. försök att läsa in igen",
  "något gick fel. försök ladda om",
  "sorry, something went wrong", // Facebook, Instagram
  "tyvärr, något gick fel",
  "an error occurred. please try again later", // YouTube
  "ett fel har uppstått. försök igen senare",
  "ett fel inträffade. försök igen senare",
];

/**
 * The words by which a page says the site failed to show it; null for any other page. As for
 * notFoundNotice, only a page of little text counts: a post may quote the words.
 */
export function siteErrorNotice(pageText: string): string | null {
  return noticeOnShortPage(normNotice(pageText), PLATFORM_ERROR);
}

/**
 * How an app page says it could not reach its own server ("Du är offline", beside a "Försök igen"
 * button), though the browser was online: the page came, its posts did not. Lower case, straight apostrophes.
 */
const OFFLINE_NOTICE = [
  "du är offline",
  "du verkar vara offline",
  "ingen internetanslutning",
  "du är inte ansluten till internet",
  "you're offline",
  "you are offline",
  "you appear to be offline",
  "no internet connection",
];

/** The words by which a page of little text says it is offline; null for any other page (see siteErrorNotice). */
export function offlineNotice(pageText: string): string | null {
  return noticeOnShortPage(normNotice(pageText), OFFLINE_NOTICE);
}

/**
 * When the answer is a data file or a picture rather than a page (a feed's RSS or Atom, an API's
 * JSON, a profile's photo), the message saying so; null for a page (SVG too, which can be one) or
 * an unknown type. The browser shows such a file as text, a tree or the picture alone, which is
 * no snapshot of the account's start page: the address is wrong. A picture of one colour would
 * otherwise fail as blank, "tried again on the next run", which no run mends.
 */
export function notAPageMessage(contentType: string | undefined, url: string): string | null {
  const type = (contentType ?? "").split(";")[0]!.trim().toLowerCase();
  const picture = /^image\/[\w.+-]+$/.test(type) && type !== "image/svg+xml";
  if (!picture && !/^(application\/(json|xml|rss\+xml|atom\+xml|[\w.+-]+\+json)|text\/(xml|plain|csv))$/.test(type)) return null;
  const what = picture ? "a picture" : /rss|atom/.test(type) ? "a news feed" : /json/.test(type) ? "data for programs" : "a text or data file";
  return `The address ${url} gives ${what} (${type}), not a web page, so there is no start page to capture. Check the account's address in the configuration: it should be the account's page as a visitor opens it.`;
}

/**
 * How long a site asked to be left alone (a Retry-After header: seconds, or a date), in words; null
 * when it did not say, or said nonsense. Pure: `now` is given.
 */
export function retryAfterSaid(header: string | undefined, now = Date.now()): string | null {
  if (!header) return null;
  const seconds = /^\s*\d+\s*$/.test(header) ? Number(header) : (Date.parse(header) - now) / 1000;
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 30 * 86_400) return null;
  // "30 seconds", not "1 minute": rounded up, a short wait read as one twice as long.
  if (seconds < 90) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return minutes < 90 ? `${minutes} minute${minutes === 1 ? "" : "s"}` : `${Math.round(minutes / 60)} hours`;
}

/**
 * The scheme of a sign-in the browser itself is asked for (HTTP authentication: a 401 with
 * WWW-Authenticate "Basic", "Digest", "NTLM", "Negotiate"), or null. A page's own sign-in form comes
 * with a 200 and is the login session's to answer; this one no saved session can.
 */
export function browserSignIn(status: number, wwwAuthenticate: string | undefined): string | null {
  if (status !== 401 || !wwwAuthenticate) return null;
  const scheme = /^\s*([A-Za-z][\w-]*)/.exec(wwwAuthenticate)?.[1];
  return scheme && !/^bearer$/i.test(scheme) ? scheme : null;
}

export function httpErrorMessage(status: number, url: string, botCheck = false, retryAfter: string | null = null, signIn: string | null = null): string {
  if (signIn) {
    return `Could not capture ${url}: the site asks for a user name and password in the browser's own sign-in box (HTTP authentication, "${signIn}", 401), which somarkiv cannot give: a saved login session holds cookies, not such a password. `
      + "An official account's page is public: check the account's address in the configuration; if the page really is behind such a password, take its snapshot by hand and send it to the registrar.";
  }
  if (botCheck) {
    return `Could not capture ${url}: the site showed a check for automated visitors instead of the page (HTTP ${status}) and did not let the browser through. ` +
      "It may let it through another time; if it keeps happening, take this account's snapshot by hand and send it to the registrar.";
  }
  const what =
    status === 404 ? "the page does not exist (404). The account may have been renamed or removed: open the address in a browser, correct the account's url in the configuration if it has a new one<if-open>, or mark the account closed (status: closed, with closedOn) if it is gone</if-open>" :
    status === 410 ? "the site says the page is gone for good (410). The account has most likely been removed; check its address<if-open>, and close it in the configuration if it is gone</if-open>" :
    status === 401 || status === 403 ? `the site refused access (${status}). The account may need a login session: if the site shows it only to signed-in visitors, sign in with "somarkiv login --account <id>" and name the saved session in the account's login.storageState; otherwise check the address` :
    status === 429 ? `the site says there were too many requests (429). Try again later${retryAfter ? `; it asked to be left alone for ${retryAfter}` : ""}` :
    status === 451 ? "the site withholds the page for legal reasons (451)" :
    status >= 500 ? `the site had an error (${status}). Try again later${retryAfter ? `; it asked to be left alone for ${retryAfter}` : ""}` :
    status >= 400 ? `the site refused the request (${status}). Check the account's address in the configuration` :
    `the site answered with an error (${status})`;
  return `Could not capture ${url}: ${what}.`;
}

/** What a failed capture was asked for beyond its account, which the command taking it again repeats. */
export type AskedAgain = Omit<CaptureAsked, "accounts" | "asShown">;

/**
 * The advice a capture of a page that never loaded ends with: the command that files it as it shows,
 * carrying what the failed capture was asked for (without it the command filed another half-year,
 * or no closing record), and worded for that: a closing record, or a new version beside the
 * half-year's snapshot, is no record the half-year lacks. Pure.
 */
export function asShownAdvice(accountId: string, asked: AskedAgain = {}): string {
  const needed = asked.final ? "the account needs its closing record"
    : asked.force ? "a new version of its snapshot is needed"
    : `the half-year${asked.period ? ` ${asked.period}` : ""} needs a record of the account`;
  return `If it never does and ${needed} all the same, file the page as it shows (its record sheet says that its content never came): ${captureCommandLine({ ...asked, accounts: [accountId], asShown: true })}`;
}

/**
 * A capture's message, which knows the address but not the account, with the account's id where
 * it tells the administrator what to type ("somarkiv login --account <id>"), and advice for an
 * account still open (<if-open>…</if-open>: to mark it closed) left out for one already closed.
 * `asked` is what the failed capture was asked for beyond the account (--period 2026-H1, --final),
 * carried by the advice to file the page as it shows (<as-shown>, see asShownAdvice).
 */
export function forAccount(message: string, accountId: string, closed = false, asked: AskedAgain = {}): string {
  return message.replaceAll("--account <id>", `--account ${accountId}`)
    .replaceAll("<as-shown>", asShownAdvice(accountId, asked))
    .replace(/<if-open>(.*?)<\/if-open>/gs, closed ? "" : "$1");
}

/**
 * The words a short page asks a person to prove they are one with ("Jag är inte en robot"). Not a
 * captcha's name alone: a login page says "protected by reCAPTCHA" under its form.
 */
const ASKS_FOR_HUMAN = /jag är inte en robot|i'?m not a robot|i am not a robot|(verifiera|bekräfta|visa) att du är en människa|verify (that )?you are (a )?human|confirm (that )?you are (a )?human|slutför säkerhetskontrollen|complete the security check|(solve|complete|lös) (the |a |en )?captcha/i;

/** How many characters a page may show and still be only a check: an account's page has more. */
export const CHECK_PAGE_CHARS = 1_500;

/**
 * Whether a page (or an error answer) is a check for automated visitors rather than the account's
 * page or the site's own refusal: Cloudflare marks its challenges with a header; others are known by
 * the page's title, or by a short page's words (`text`, the words a page of fewer than
 * CHECK_PAGE_CHARS shows) asking the visitor to prove they are a person, in Swedish or English.
 */
export function looksLikeBotCheck(headers: Record<string, string>, title: string, text = ""): boolean {
  if (/challenge/i.test(headers["cf-mitigated"] ?? "")) return true;
  if (/just a moment|checking your browser|verify(ing)? you are (a )?human|are you a robot|är du en robot|attention required|ddos protection|bot protection|ett ögonblick|kontrollerar (din )?webbläsare|säkerhetskontroll|(verifiera|bekräfta) att du är en människa|human verification/i.test(title)) return true;
  return text.length > 0 && text.length < CHECK_PAGE_CHARS && ASKS_FOR_HUMAN.test(text);
}

function firstLine(s: string): string {
  return s.split("\n")[0]!.replace(/^page\.\w+:\s*/, "").trim();
}

const LOGIN_PATH = /(^|[/._-])(login|log-in|signin|sign-in|sign_in|logga-in|loggain|auth|authwall|authenticate|accounts\/login|checkpoint|session\/new)([/._?-]|$)/i;

export interface LoginFacts {
  requestedUrl: string;
  finalUrl: string;
  /** A visible password field outside any closable dialog. */
  passwordFieldVisible: boolean;
  /** Characters of visible text outside forms. */
  textOutsideForms: number;
}

/**
 * A login wall is a page that shows sign-in instead of the account: a redirect to a
 * login-like address, or a password form as the main content with little else around it.
 */
export function isLoginWall(f: LoginFacts): boolean {
  let redirectedToLogin = false;
  try {
    const req = new URL(f.requestedUrl);
    const fin = new URL(f.finalUrl);
    const finPath = fin.pathname + fin.search;
    redirectedToLogin = (req.pathname + req.search) !== finPath && LOGIN_PATH.test(fin.pathname) && !LOGIN_PATH.test(req.pathname);
  } catch {
    /* an unparsable address is not a redirect to a login page */
  }
  if (redirectedToLogin) return true;
  return f.passwordFieldVisible && f.textOutsideForms < 400;
}

export interface PixelFacts {
  /** Share (0–1) of pixels within a small distance of the most common colour. */
  dominantShare: number;
  /** Visible words on the page. */
  wordCount: number;
  /** Share (0–1) of the first screen covered by canvases (a page drawn like an app, words and all). */
  canvasShare?: number;
  /** The page's words, when known: a few words that say it is loading are no page, a few others are. */
  text?: string;
}

/** The words of a page still loading ("Laddar…", "Loading", "Ett ögonblick"). */
const LOADING_WORDS = /laddar|läser in|hämtar|vänta|ett ögonblick|loading|please wait|one moment|just a moment|ladataan|odota|hetki/i;

/**
 * A snapshot that is (nearly) one colour, or a spinner with no text, is not a record. A page with
 * words on it is, however much empty space surrounds them: on a tall sparse page a few lines of
 * text are a tiny share of the pixels.
 */
export function isBlank(f: PixelFacts): boolean {
  // A page drawn on a canvas has its words in pixels: sparse lines on a plain ground are a few per cent
  // of them. A canvas still empty, or showing only a spinner, is (nearly) all one colour.
  if (f.wordCount === 0 && (f.canvasShare ?? 0) >= 0.5) return f.dominantShare >= 0.995;
  if (f.wordCount === 0 && f.dominantShare >= 0.95) return true;
  // "Loading…" beside a spinner is still not the account's page; a heading alone on a white page
  // ("Sidan är stängd") is, however little of the picture it covers.
  if (f.text !== undefined && /\p{L}{2}/u.test(f.text) && !LOADING_WORDS.test(f.text)) return false;
  return f.wordCount <= 3 && f.dominantShare >= 0.97;
}

/** What is known, as the page is taken, of the loading indicators it still showed when the wait for its content ended. */
export interface LoadingPlaceFacts {
  /** The wait for content ended with a loading indicator in the first screen (the still-loading flag). */
  stillLoading: boolean;
  /** One of those indicators is still shown as the page is taken (none: the content came after the wait). */
  placeFound: boolean;
  /** The largest share (0–1) of the first screen taken by a box that holds only a loading indicator (no words, no picture). */
  placeShare: number;
  /** Such a box is, or holds, the page's main region or feed (main, role=main, role=feed). */
  mainRegion: boolean;
  /** Words the page shows outside its shell (header, navigation, side panels, footer, forms), loading words left out; counted up to 200. */
  contentWords: number;
  /** Such words that its frames show in the part of them the picture holds (an embedded feed, a page plugin, a post); counted up to 200. */
  frameWords?: number;
  /** The area of the frames that show words or a picture, in the part the picture holds, as a share of the window's. */
  frameShare?: number;
}

/**
 * How much of the first screen a box of nothing but a loading indicator must take to be where the
 * account's content was to come: a feed's column (600 of 1280 × 900 px, about half) is well above
 * it; a side panel's widget (300 × 600 px, a sixth) or a "loading more" at a feed's end well below.
 */
export const CONTENT_PLACE_SHARE = 0.3;
/** Words outside a page's shell that are still no content of its own: a line of description, a link or two. */
export const SHELL_WORDS = 20;
/** Fewer words than this beside an empty feed column are a shell's (its panels, its notices), not posts. */
export const SHELL_WORDS_BESIDE_EMPTY_FEED = 150;
/**
 * Frames showing words or pictures over this share of a window's area are the account's content
 * (an embedded wall of 500 × 600 px is a quarter of a 1280 × 900 window), whatever spinner the page
 * around them shows; an advertisement's 300 × 250 px (under a tenth) is not.
 */
export const FRAME_CONTENT_SHARE = 0.1;

/**
 * Whether a page still loading when taken holds nothing of the account's content: its indicator
 * still shows, and beside the page's shell there are a few words at most, or its main region or
 * feed, or a place the size of a feed's column in the first screen, is only a loading indicator (a
 * spinner, a progress bar, grey placeholders) with no more than a shell's words around it. Such a
 * picture (a side panel and a spinning circle) is no record of the half-year, as a blank page is
 * none: the attempt failed, and is tried again. A page still loading beside its posts is a record,
 * flagged still-loading, and so is one whose posts are in its frames: their words count as the
 * page's, and frames showing words or pictures over a tenth of a window's area are content.
 */
export function contentNeverCame(f: LoadingPlaceFacts): boolean {
  if (!f.stillLoading || !f.placeFound) return false;
  // A feed embedded as a frame (a page plugin, a wall of posts) is what the visitor came for; a
  // record lost is worse than one flagged, so frames that show something keep the record.
  if ((f.frameShare ?? 0) >= FRAME_CONTENT_SHARE) return false;
  const words = f.contentWords + (f.frameWords ?? 0);
  if (words <= SHELL_WORDS) return true;
  return (f.mainRegion || f.placeShare >= CONTENT_PLACE_SHARE) && words < SHELL_WORDS_BESIDE_EMPTY_FEED;
}

/** Button texts that decline optional cookies, strongest first. Lower case, whitespace collapsed. */
export const DECLINE_TEXTS = [
  "avvisa valfria cookies",
  "avvisa valfria kakor",
  "neka valfria cookies",
  "endast nödvändiga",
  "endast nödvändiga cookies",
  "endast nödvändiga kakor",
  "tillåt endast nödvändiga",
  "tillåt endast nödvändiga cookies",
  "använd endast nödvändiga cookies",
  "acceptera endast nödvändiga",
  "acceptera endast nödvändiga cookies",
  "avvisa icke nödvändiga",
  "avvisa icke-nödvändiga",
  "avvisa icke nödvändiga cookies",
  "avvisa icke-nödvändiga cookies",
  // X's words, and the same said with the other verbs.
  "neka icke-nödvändiga",
  "neka icke nödvändiga",
  "avböj icke-nödvändiga",
  "avböj icke nödvändiga",
  "avböj valfria",
  "avvisa alla",
  "avvisa",
  "avböj alla",
  "avböj",
  // A link in the dialog's sentence says it in the infinitive: "Du kan avböja eller läsa mer".
  "avböja",
  "tacka nej",
  "neka alla",
  "neka",
  "bara nödvändiga",
  "tillåt bara nödvändiga",
  "acceptera bara nödvändiga",
  "godkänn endast nödvändiga",
  "godkänn bara nödvändiga",
  "använd bara nödvändiga",
  "tillåt nödvändiga",
  "acceptera nödvändiga",
  "godkänn nödvändiga",
  // "Obligatoriska" and "grundläggande" are said for the necessary ones as often as "nödvändiga".
  "endast obligatoriska",
  "bara obligatoriska",
  "acceptera endast obligatoriska",
  "godkänn endast obligatoriska",
  "tillåt endast obligatoriska",
  "använd endast obligatoriska",
  "endast grundläggande",
  "bara grundläggande",
  "använd nödvändiga",
  "fortsätt utan att godkänna",
  "fortsätt utan att acceptera",
  "fortsätt utan samtycke",
  // A bare no to the question "may we use cookies?", as smaller sites word it ("Nej tack", "Godkänn inte").
  "fortsätt utan",
  "tillåt inte",
  "godkänn inte",
  "jag godkänner inte",
  "acceptera inte",
  "jag accepterar inte",
  "nej tack",
  "nej, tack",
  // The no and the necessary ones said in one ("Nej tack, bara nödvändiga").
  "nej tack, bara nödvändiga",
  "nej tack, endast nödvändiga",
  "nej, bara nödvändiga",
  // A site that asks about its statistics or analytics only (a public body's own banner): its no.
  "avvisa statistikkakor",
  "avvisa analyskakor",
  "neka statistikkakor",
  "neka analyskakor",
  "avvisa statistikcookies",
  "avvisa analyscookies",
  "neka statistikcookies",
  "neka analyscookies",
  // The confirmation some dialogs ask after a decline ("Är du säker?"): yes to declining.
  "ja, fortsätt utan",
  "ja, avvisa",
  "ja, avvisa alla",
  "ja, neka",
  "ja, neka alla",
  "ja, jag är säker",
  "samtyck inte",
  "jag samtycker inte",
  "decline optional cookies",
  "reject optional cookies",
  "only allow essential cookies",
  "allow essential cookies only",
  "only essential cookies",
  "necessary cookies only",
  "only necessary cookies",
  "use necessary cookies only",
  "accept only essential cookies",
  "accept only necessary cookies",
  "reject non-essential",
  "reject non-essential cookies",
  "reject optional",
  "reject all",
  "reject all cookies",
  "decline all",
  "decline",
  "reject",
  "reject additional",
  "reject analytics",
  "only necessary",
  "necessary only",
  "essential only",
  "only essential",
  "use only necessary",
  "deny all",
  "deny",
  "refuse all",
  "refuse non-essential",
  "refuse optional",
  "refuse",
  "decline non-essential",
  "only allow necessary",
  "allow necessary only",
  "use essential only",
  "use essential cookies only",
  "continue without accepting",
  "continue without agreeing",
  "continue without consent",
  "continue without",
  "no thanks",
  "no, thanks",
  "yes, continue without",
  "yes, reject",
  "yes, reject all",
  "yes, decline",
  "accept necessary",
  "accept essential",
  "disagree",
  "i do not agree",
  "i don't agree",
  "do not consent",
  "don't consent",
  "avvis alle",
  "avvis",
  "avslå alle",
  "avslå",
  "afvis alle",
  "afvis",
  // Norwegian and Danish dialogs whose no is to allow the necessary ones alone, as Swedish
  // "Endast nödvändiga" is; without them "Godta alle" was pressed and the sheet said no decline was found.
  "bare nødvendige",
  "berre nødvendige",
  "kun nødvendige",
  "godta bare nødvendige",
  "godta kun nødvendige",
  "tillat bare nødvendige",
  "tillat kun nødvendige",
  "bruk bare nødvendige",
  "bruk kun nødvendige",
  "tillad kun nødvendige",
  "accepter kun nødvendige",
  "brug kun nødvendige",
  // Said in the singular ("Kun nødvendig"), and in nynorsk, whose "necessary" is "naudsynt".
  "kun nødvendig",
  "bare nødvendig",
  "berre nødvendig",
  "godta bare nødvendig",
  "tillat bare nødvendig",
  "tillad kun nødvendig",
  "accepter kun nødvendig",
  "berre naudsynte",
  "berre naudsynt",
  "kun naudsynte",
  "tillat berre naudsynte",
  "godta berre naudsynte",
  "bruk berre naudsynte",
  "avvis valgfrie",
  "avslå valgfrie",
  "afvis valgfrie",
  "jeg godtar ikke",
  "ikke godta",
  "accepter ikke",
  "tillad ikke",
  "nei takk",
  "nej tak",
  "don't allow",
  "do not allow",
  "don't accept",
  "do not accept",
  // Finnish, as sites in Tornedalen and the Finnish-speaking municipalities' own pages word it.
  "hylkää valinnaiset",
  "salli vain välttämättömät",
  "hyväksy vain välttämättömät",
  "vain välttämättömät",
  "hyväksy välttämättömät",
  "kiellä kaikki",
  "jatka hyväksymättä",
  "hylkää kaikki",
  "hylkää",
  "kieltäydy kaikista",
  "kieltäydy",
  "en hyväksy",
  "ei kiitos",
  // North Sami (davvisámegiella), as the Sámi pages of Norrbotten's municipalities word it: "hilgut"
  // (to reject) and "biehttalit" (to refuse), with "buot" (all).
  "hilggon buot",
  "hilggo buot",
  "hilggut buot",
  "hilgo buot",
  "hilggon",
  "hilggo",
  "hilggut",
  "hilgut",
  "biehttalit",
  "biehttal buot",
  // German, as the pages of partner towns and German services show it: "ablehnen" (to reject) and
  // the necessary ones alone ("nur notwendige", "nur erforderliche", "nur essenzielle").
  "alle ablehnen",
  "alle cookies ablehnen",
  "optionale cookies ablehnen",
  "optionale ablehnen",
  "nur notwendige",
  "nur notwendige cookies akzeptieren",
  "nur notwendige akzeptieren",
  "nur notwendige cookies zulassen",
  "nur notwendige zulassen",
  "nur notwendige cookies erlauben",
  "nur notwendige erlauben",
  "nur notwendige cookies verwenden",
  "nur erforderliche",
  "nur erforderliche cookies akzeptieren",
  "nur erforderliche akzeptieren",
  "nur erforderliche cookies zulassen",
  "nur erforderliche zulassen",
  "nur essenzielle",
  "nur essentielle",
  "nur essenzielle cookies akzeptieren",
  "nur essenzielle akzeptieren",
  "nur technisch notwendige",
  "ablehnen",
  "alle verweigern",
  "verweigern",
  "nicht zustimmen",
  "nicht akzeptieren",
  "nicht einverstanden",
  "ich stimme nicht zu",
  "weiter ohne einwilligung",
  "weiter ohne zustimmung",
  "ohne einwilligung fortfahren",
  "ohne zustimmung fortfahren",
  "ohne zustimmung weiter",
  "nein danke",
  "nein, danke",
  // The yes to declining of the "Sind Sie sicher?" a German decline asks, as Swedish "Ja, neka".
  "ja, ablehnen",
  "ja, alle ablehnen",
  "ja, cookies ablehnen",
  "ja, ich lehne ab",
];

/** Last resort: texts that accept cookies to get the dialog out of the way. */
export const ACCEPT_TEXTS = [
  "acceptera alla",
  "acceptera alla cookies",
  "acceptera",
  "godkänn alla",
  "godkänn",
  "tillåt alla",
  "ja, tillåt alla",
  "ja, godkänn alla",
  "ja, acceptera alla",
  "tillåt statistikkakor",
  "acceptera statistikkakor",
  "godkänn statistikkakor",
  "tillåt analyskakor",
  "acceptera analyskakor",
  "godkänn analyskakor",
  "tillåt alla cookies",
  "jag godkänner",
  "ok",
  "accept all",
  "accept all cookies",
  "allow all cookies",
  "allow all",
  "accept",
  "accept cookies",
  "i agree",
  "agree",
  "got it",
  // Banners that only inform ("we use cookies") have one button that acknowledges.
  "jag förstår",
  "ok, jag förstår",
  "förstått",
  "okej",
  "i understand",
  "understood",
  "jag accepterar",
  "ja, jag godkänner",
  "jag godkänner alla",
  "acceptera rekommenderade",
  "samtyck",
  "jag samtycker",
  "i accept",
  "consent",
  "ok, got it",
  "accept & continue",
  "godta alle",
  "accepter alle",
  "tillat alle",
  "acceptera och stäng",
  "godkänn och stäng",
  "godkänn & stäng",
  "tillåt",
  "accept and close",
  "accept & close",
  // A dialog whose only way on is to go on: going on is agreeing ("Fortsätt till sidan").
  "fortsätt",
  "fortsätt till sidan",
  "fortsätt till webbplatsen",
  "fortsätt till tjänsten",
  "ok, fortsätt",
  "godkänn och fortsätt",
  "acceptera och fortsätt",
  "continue",
  "continue to site",
  "accept and continue",
  "agree and continue",
  // A pay-or-consent wall: the free way on is with advertising, which is the consent; paying is no answer a capture gives.
  "använd gratis med annonser",
  "fortsätt gratis med annonser",
  "använd med annonser",
  "use free of charge with ads",
  "use for free with ads",
  "continue with ads",
  "yes, i agree",
  "allow",
  "hyväksy kaikki",
  "hyväksy",
  "salli kaikki",
  "hyväksy ja sulje",
  "hyväksy ja jatka",
  "selvä",
  // North Sami: "dohkket" (to accept), with "buot" (all).
  "dohkkehan buot",
  "dohkket buot",
  "dohkkeh buot",
  "dohkkehan",
  "dohkket",
  "dohkkeh",
  // Lule Sami: an informing banner's "I understand" (Julev, the Lule Sami dictionary's site).
  "mån dádjadav",
  // German: "akzeptieren" and "zustimmen" (to agree), "zulassen" and "erlauben" (to allow).
  "alle akzeptieren",
  "alle cookies akzeptieren",
  "akzeptieren",
  "alle zulassen",
  "alle cookies zulassen",
  "alle erlauben",
  "allen zustimmen",
  "zustimmen",
  "einverstanden",
  "akzeptieren und schließen",
  "akzeptieren und weiter",
  "zustimmen und weiter",
  "verstanden",
];

/** Buttons that open a dialog's detailed choices, where declining is often possible when the first layer only offers "accept". */
export const SETTINGS_TEXTS = [
  "inställningar",
  "kakinställningar",
  "ändra kakinställningar",
  "visa preferenser",
  "hantera preferenser",
  "hantera mina val",
  "individuella sekretessinställningar",
  "näytä tiedot",
  "integritetsinställningar",
  "hantera alternativ",
  "options",
  "privacy settings",
  "cookieinställningar",
  "cookie-inställningar",
  "anpassa",
  "anpassa inställningar",
  "hantera inställningar",
  "hantera cookies",
  "hantera kakor",
  "hantera val",
  "fler alternativ",
  "visa inställningar",
  "visa detaljer",
  "manage options",
  "manage settings",
  "manage preferences",
  "manage cookies",
  "cookie settings",
  "customise",
  "customize",
  "more options",
  "settings",
  "preferences",
  "visa syften",
  "hantera samtycke",
  "inställningar för cookies",
  "ändra inställningar",
  "visa alternativ",
  "välj själv",
  "cookie preferences",
  "customize settings",
  "customise settings",
  "evästeasetukset",
  "asetukset",
  "muokkaa asetuksia",
  "hallitse asetuksia",
  // Norwegian and Danish, as consent tools shared across the Nordic countries word them.
  "innstillinger",
  "indstillinger",
  "administrer valg",
  "administrer",
  "administrer indstillinger",
  "tilpass",
  "tilpas",
  "tilpas valg",
  "tilpas indstillinger",
  // German.
  "einstellungen",
  "cookie-einstellungen",
  "cookie einstellungen",
  "datenschutzeinstellungen",
  "individuelle datenschutzeinstellungen",
  "einstellungen anpassen",
  "anpassen",
  "mehr optionen",
  "optionen verwalten",
  "cookies verwalten",
  "hantera",
  "manage",
];

/**
 * What a close button says, in the tongues the sites answer in: a capture runs in sv-SE, but
 * LinkedIn names its close "Avfärda", a Finnish site "Sulje", a German one "Schließen". The one
 * list the page scripts build their close patterns from (page-scripts.ts), and the cookie
 * notice's close below.
 */
export const CLOSE_WORDS = ["stäng", "close", "dismiss", "avfärda", "sulje", "lukk", "luk", "schließen", "schliessen", "fermer", "sluiten", "cerrar"];

/**
 * Words that close a login prompt or an offer but in a cookie dialog answer no ("Avvisa" is
 * LinkedIn's Swedish dismiss; "Ignorer", "Hylkää" and "Verwerfen" are dismiss in French and
 * Norwegian, Finnish and German): never in CLOSE_TEXTS, which presses them in one.
 */
export const DISMISS_WORDS = ["avvisa", "ignorer", "hylkää", "verwerfen"];

/** The close words as a pattern's alternatives, for the scripts that run in the page. */
export const CLOSE_ALTERNATIVES = [...CLOSE_WORDS, ...DISMISS_WORDS].join("|");

/**
 * The close button of a cookie notice that offers no choice at all ("Vi använder kakor. ×"): a
 * person closes it. Pressed only when nothing declines or accepts; it counts as accepting, as
 * "Jag förstår" does on such a notice. Matched on the button's words or, for a bare "×", its name.
 */
export const CLOSE_TEXTS = [...CLOSE_WORDS, "stäng meddelandet", "stäng rutan", "close banner", "close notice"];

/** Buttons that save the detailed choices (after optional categories are switched off). */
export const SAVE_TEXTS = [
  "spara mina val",
  "spara mina inställningar",
  "spara preferenser",
  "spara mina preferenser",
  "spara tjänster",
  "godkänn valda",
  "tillåt valda",
  "save & exit",
  "accept selected",
  "allow selected",
  "hyväksy valitut",
  "salli valitut",
  "spara val",
  "spara inställningar",
  "spara och stäng",
  "bekräfta mina val",
  "bekräfta val",
  "spara",
  "confirm",
  "save my choices",
  "save preferences",
  "save settings",
  "confirm my choices",
  "confirm choices",
  "tallenna valinnat",
  "tallenna asetukset",
  "vahvista valinnat",
  "save and exit",
  "save and close",
  "save",
  "tillåt urval",
  "spara urval",
  "bekräfta urval",
  "spara och avsluta",
  "bekräfta",
  "allow selection",
  "save selection",
  "confirm selection",
  "lagre valg",
  "lagre innstillinger",
  "lagre",
  "gem valg",
  "gem indstillinger",
  "gem mine valg",
  "gem",
  "bekræft valg",
  "bekræft mine valg",
  "bekræft",
  "auswahl speichern",
  "auswahl bestätigen",
  "auswahl erlauben",
  "auswahl akzeptieren",
  "einstellungen speichern",
  "speichern und schließen",
  "speichern",
  "bestätigen",
];

/**
 * A button label as the lists above are matched against it, in Node and in the page alike (the page
 * runs this same source): lower case, spaces collapsed, symbols and punctuation at the ends gone
 * ("✓ Godkänn!"), and a last word "cookies" or "kakor" (or the Norwegian "informasjonskapsler") left
 * out, so "Neka alla cookies" is "neka alla" and the lists need not name each button with and without it.
 */
export const LABEL_KEY = String.raw`(s) => String(s).toLowerCase().replace(/\s+/g, " ").trim()
  .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "")
  .replace(/ (cookies|cookie|kakor|kakorna|evästeet|evästeitä|gáhkkošiid|gáhkkošat|informasjonskapsler|informasjonskapslar)$/u, "")`;

export const labelKey = new Function(`return ${LABEL_KEY}`)() as (s: string) => string;

/**
 * A label's place in a list of keys (lower is stronger), or -1; in Node and in the page alike (the
 * page runs this same source). Besides the label itself: a link in the dialog's own sentence ("… kan
 * du neka här", "… kan du avvisa dem", "… you can reject them here") is its verb without the words
 * after it, and a no put before a decline ("Nej, neka", "Nein, nur notwendige") is that decline. With `declines`, the keys
 * of the decline list, a settings label that also names declining ("Inställningar eller avvisa", "Manage options or reject",
 * "Einstellungen oder ablehnen") is the
 * settings part's: it leads to the choices, where the no is, and pressing it is no answer yet.
 */
export const ANSWER_RANK = String.raw`(wanted, key, declines) => {
  let i = wanted.indexOf(key);
  if (i >= 0) return i;
  // "neka kakor här": the cookie word the key kept, before "här", goes with it.
  const bare = key.replace(/( (här|here|her|dem|them|dessa|these|all|alla|cookies|cookie|kakor|kakorna|evästeet|evästeitä))+$/u, "");
  if (bare !== key && (i = wanted.indexOf(bare)) >= 0) return i;
  // The no of a confirmation beside its "Ja, godkänn ändå": "Nej, neka", "No, reject all", "Nein, nur notwendige".
  const no = /^(nej|no|nei|ei|nein),? (.+)$/u.exec(bare);
  if (no && (i = wanted.indexOf(no[2])) >= 0) return i;
  if (!declines) return -1;
  const parts = key.split(/,? (?:eller|or|og|and|och|oder|und|&) |\s*\/\s*/u);
  if (parts.length !== 2) return -1;
  for (const [one, other] of [parts, [parts[1], parts[0]]]) {
    if ((i = wanted.indexOf(one)) >= 0 && declines.includes(other)) return i;
  }
  return -1;
}`;

const answerRank = new Function(`return ${ANSWER_RANK}`)() as (wanted: string[], key: string, declines?: string[] | null) => number;

function rankIn(list: string[], label: string, declines?: string[]): number | null {
  const i = answerRank(list.map(labelKey), labelKey(label), declines?.map(labelKey));
  return i < 0 ? null : i;
}

/** How strongly a button label declines (lower is better), or null when it is not a decline button. */
export function declineRank(label: string): number | null {
  return rankIn(DECLINE_TEXTS, label);
}

/** Whether a label opens a dialog's detailed choices (its place in SETTINGS_TEXTS), or null. */
export function settingsRank(label: string): number | null {
  return rankIn(SETTINGS_TEXTS, label, DECLINE_TEXTS);
}

/**
 * A plain yes, which answers a confirmation ("Är du säker?", "Sind Sie sicher?") only in a box where a decline was just
 * pressed: there it is yes to declining. Never "Ja, godkänn": that names its own answer.
 */
export const CONFIRM_TEXTS = ["ja", "ja, fortsätt", "ja, jag vill fortsätta", "yes", "yes, continue", "kyllä", "ja, fortfahren", "ja, weiter", "ja, ich bin sicher"];

/**
 * Whether a yes (its key) in a box where a decline was pressed confirms the decline; `prose` is the
 * box's words outside its buttons. Only as the answer to a question, and never to one that asks to
 * accept ("Vill du godkänna cookies i stället?", "Möchten Sie Cookies doch zulassen?"), where the same
 * "Ja" would tell the site yes. In Node and in the page alike.
 */
export const CONFIRMS_DECLINE = String.raw`(key, prose) => {
  if (!${JSON.stringify(CONFIRM_TEXTS)}.includes(key)) return false;
  const questions = String(prose).match(/[^.!?]*\?/g) || [];
  const asksToAccept = /godk[äa]nn|godkjenn|godkend|acceptera|till[åa]t|tillad|samtyck|samtykk|godta|accept|allow|agree|consent|enable|aktivera|sl[åa] p[åa]|hyväksy|salli|akzeptier|zustimm|zulass|erlaub|einwillig|einverstanden|aktivier|med (cookies|kakor|informasjonskaps)|mit cookies|with cookies/i;
  return questions.length > 0 && !questions.some((q) => asksToAccept.test(q));
}`;

const confirmsDeclineKey = new Function(`return ${CONFIRMS_DECLINE}`)() as (key: string, prose: string) => boolean;

export function confirmsDecline(label: string, prose: string): boolean {
  return confirmsDeclineKey(labelKey(label), prose);
}

export function acceptRank(label: string): number | null {
  return rankIn(ACCEPT_TEXTS, label);
}

/**
 * The outcome after a second look for consent dialogs (one that came late, or only after
 * scrolling): a dialog left on the page decides, accepting anywhere means accepted, and a
 * second look that found nothing changes nothing.
 */
export function laterConsent(first: ConsentOutcome, second: ConsentOutcome): ConsentOutcome {
  if (second === "none-found") return first;
  if (second === "not-dismissed") return "not-dismissed";
  if (first === "accepted" || second === "accepted") return "accepted";
  return "declined";
}

/**
 * Whether the page about to be taken is still, or again, the site's consent page after somarkiv
 * answered it: the answer did not stick (its cookie was not kept, the site's save failed, or the site
 * sent the visitor back to ask again), and the account's page never came. Filed, the record would be
 * the consent page under the account's name, "declined" and with no flag, as YouTube's
 * consent.youtube.com counts as the channel's own site. Only a consent page of its own (a short
 * document whose answer is in its own flow): a dialog left over the account's page is the account's
 * page, said as not-dismissed. And only where the page shows a document other than the one it was
 * asked for: a new document since the answer (the answer's form post came back to it) or another
 * address than the account's. The address alone is no sign: a page that reloads itself after the
 * answer is at the address it was answered at, and is the account's.
 */
export function consentNotKept(o: {
  consent: ConsentOutcome;
  /** The top document is a consent page of its own, with an answer still among its buttons. */
  consentDocument: boolean;
  /** A consent dialog is shown over the page (CONSENT_DIALOG_VISIBLE). */
  dialogOverPage: boolean;
  /** The top document is a new one since somarkiv began answering consent. */
  newDocumentSinceAnswer: boolean;
  requestedUrl: string;
  reachedUrl: string;
}): boolean {
  if (o.consent !== "declined" && o.consent !== "accepted") return false;
  if (!o.consentDocument || o.dialogOverPage) return false;
  const bare = (u: string) => u.replace(/#.*$/, "");
  return o.newDocumentSinceAnswer || bare(o.requestedUrl) !== bare(o.reachedUrl);
}

/**
 * Whether the question the rule set answered was asked on a consent page of its own (Google's "Innan du
 * fortsätter", which autoconsent knows and answers itself): the page it was found on was left for
 * another document at another address (its answer's form post led on to the account's page). A
 * dialog whose answer reloads the page is at the same address; one over an app whose address changes
 * as it draws (history.pushState) is still in the same document.
 */
export function ruleAnsweredOnItsOwnPage(o: {
  /** The top document's address when the rule set found the question, and its autoconsent instance there. */
  askedAt: string;
  askedIn: string | undefined;
  /** The top document's address now, and its autoconsent instance. */
  nowAt: string;
  nowIn: string | undefined;
}): boolean {
  if (!o.askedIn || !o.nowIn || o.askedIn === o.nowIn) return false;
  try {
    const before = new URL(o.askedAt), after = new URL(o.nowAt);
    return before.origin !== after.origin || before.pathname !== after.pathname;
  } catch {
    return false;
  }
}

/** A consent dialog's button labels as the operator's messages quote them: "Zorbla alla", "Nix alla". */
export function buttonsSaid(labels: string[]): string {
  return labels.map((l) => `"${l}"`).join(", ");
}

/** Combines what the rule set and the generic fallback did into the recorded outcome. */
export function consentOutcome(o: { clicked: "declined" | "accepted" | null; dialogStillVisible: boolean }): ConsentOutcome {
  if (o.dialogStillVisible) return "not-dismissed";
  return o.clicked ?? "none-found";
}

/**
 * The page's lang attribute as a language tag ("sv", "fi-FI", "sv_SE"): its first word, in the
 * letters a tag has. The attribute is the page's to write, and "sv\nDiarienummer KS 2026/1" put a
 * line of the page's choosing on the registrar's sheet.
 */
export function languageTag(lang: string): string {
  return (lang.trim().split(/\s+/)[0] ?? "").replace(/[^A-Za-z0-9_-]/g, "").slice(0, 35);
}

/** Characters written with CJK fonts: Han, kana, Hangul, Bopomofo, and the ideographic and full-width punctuation around them. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;
const EMOJI = /[\p{Extended_Pictographic}\p{Emoji_Modifier}\p{Regional_Indicator}]/u;

/**
 * The Debian packages whose fonts draw these characters, for the operator of a machine that lacks
 * them: CJK and emoji have their own; Noto's core set has most other scripts.
 */
export function fontPackagesFor(chars: string[]): string[] {
  return [...new Set(chars.map(fontPackageFor))].sort();
}

function fontPackageFor(c: string): string {
  return CJK.test(c) ? "fonts-noto-cjk" : EMOJI.test(c) ? "fonts-noto-color-emoji" : "fonts-noto-core";
}

/**
 * Up to `most` of the characters, in the page's order, with the first of each package's among them:
 * a Chinese post's many characters must not crowd out the one emoji that needs another package.
 */
export function glyphExamples(chars: string[], most: number): string[] {
  const first = new Map<string, string>();
  for (const c of chars) if (!first.has(fontPackageFor(c))) first.set(fontPackageFor(c), c);
  const kept = new Set([...first.values()].slice(0, most));
  for (const c of chars) if (kept.size < most) kept.add(c);
  return chars.filter((c) => kept.has(c));
}

/** A box over the page, as BOX_OVER_PAGE tells it: its first words, or that no script can read them. */
export interface BoxSeen { words: string; unreadable?: boolean }

/**
 * A box's words as a message quotes them, cut at a word, not inside one ("… för att se alla inlägg.
 * Öppna "), and said to be cut; or what is known when they cannot be quoted.
 */
export function boxSaid(box: BoxSeen): string {
  const words = box.words.replace(/\s+/g, " ").trim();
  if (box.unreadable) return "it is built so that no script can read its words, in a closed shadow root";
  if (!words) return "it has no words";
  return `"${words.length <= 80 ? words : `${words.slice(0, 80).replace(/\s+\S*$/, "")} …`}"`;
}

/**
 * Whether a box's words ask the visitor to log in or sign up ("Logga in för att se mer"): one no
 * visitor can close, which a saved login session (somarkiv login) takes the page past.
 */
export function asksToLogIn(words: string | undefined): boolean {
  return /logga in|log in|sign in|login|registrera dig|sign up|skapa konto|create (a |new )?account/i.test(words ?? "");
}

/** The cookie dialog's outcome in words, for the operator; every outcome has them. */
export const CONSENT_EN: Record<ConsentOutcome, string> = {
  declined: "cookie dialog declined",
  accepted: "cookie dialog accepted (no way to decline found)",
  "none-found": "no cookie dialog",
  "not-dismissed": "cookie dialog not closed",
};

/** How a record names a browser that is Chromium's headless shell; the sheet says it in Swedish by it. */
export const HEADLESS_SHELL_MARK = " (headless shell)";

/**
 * A consent page of its own (YouTube's consent.youtube.com, Google's "Before you continue") standing
 * where the account's page should be: its answer did not stick (the site sends the visitor back to
 * it, or keeps it, after somarkiv answered), or none of its answers is in words somarkiv knows. What
 * would be filed is the consent page under the account's name, so the capture fails, as a page that
 * never loaded does, and the worker tries again at its next wake.
 */
import type { Page } from "playwright-core";
import { ACCEPT_TEXTS, DECLINE_TEXTS, buttonsSaid, consentNotKept } from "./decisions.ts";
import { consentDialogVisible, dismissConsent, type ConsentResult } from "./consent.ts";
import { CONSENT_DOCUMENT, CONSENT_PAGE_UNKNOWN_ANSWERS, call } from "./page-scripts.ts";
import { CaptureFailure, withoutPassword, type CaptureOptions, type ConsentOutcome } from "./types.ts";
import type { Visit } from "./visit.ts";

/**
 * The answers a consent page asks for: its "Avvisa alla" or "Godkänn alla". Not a settings label: a
 * short account page's footer has its "Cookieinställningar" beside its own words on cookies.
 */
const ANSWER_TEXTS = [...DECLINE_TEXTS, ...ACCEPT_TEXTS];

/** A mark on the top document before consent is answered: a document without it came since. */
const MARK = "__somarkivBeforeConsent";

/** Marks the page's document as the one consent is answered on; false when the page did not take it. */
export async function markBeforeConsent(page: Page): Promise<boolean> {
  return await page.evaluate(`window.${MARK} = true`).catch(() => false) === true;
}

/**
 * Fails the capture when the page is still, or again, a consent page of its own after somarkiv
 * answered it (see consentNotKept). `marked` is markBeforeConsent's answer.
 */
export async function checkConsentKept(s: Visit, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome, marked: boolean): Promise<void> {
  if (consent !== "declined" && consent !== "accepted") return;
  const buttons = await s.page.evaluate(call(CONSENT_DOCUMENT, ANSWER_TEXTS)).catch(() => null) as string[] | null;
  if (!buttons) return;
  const newDocument = marked && await s.page.evaluate(`window.${MARK} === true`).catch(() => true) !== true;
  const reached = withoutPassword(s.documentUrl ?? s.page.url());
  if (!consentNotKept({
    consent, consentDocument: true, dialogOverPage: await consentDialogVisible(s.page), newDocumentSinceAnswer: newDocument,
    requestedUrl: opts.url, reachedUrl: reached,
  })) return;
  const { title, screenshot } = await consentPageForAdministrator(s);
  s.progress(`the page is still the site's consent page after it was answered (${consent}): its answer did not stick`);
  throw new CaptureFailure("consent-not-kept", consentNotKeptMessage(opts, reached, title, s.consentButton, buttons),
    { finalUrl: reached, httpStatus, screenshot, consent, flags: [...s.flags] });
}

/**
 * After a decline, the site's page of its own that goes on only with a yes or payment (a pay-or-accept
 * wall, "Godkänn eller prenumerera"): it is answered with its accept, the last resort, as a dialog that
 * offers no decline is, and the result says so (consent-decline-walled). Undefined when the page is no
 * such wall (one with a decline on it is the question again, which checkConsentKept says), or its
 * accept did not answer it. Was: the wall filed as the account's page, said as declined.
 */
export async function acceptWallAfterDecline(s: Visit, deadline: number): Promise<ConsentResult | undefined> {
  const accept = await s.page.evaluate(call(CONSENT_DOCUMENT, ACCEPT_TEXTS)).catch(() => null);
  if (!accept) return undefined;
  if (await s.page.evaluate(call(CONSENT_DOCUMENT, DECLINE_TEXTS)).catch(() => null)) return undefined;
  const again = await dismissConsent(s.page, s.consentTracker, deadline);
  if (again.outcome !== "accepted") return undefined;
  const flags = again.flags.includes("consent-decline-walled") ? again.flags : [...again.flags, "consent-decline-walled"];
  return { ...again, flags, how: `the decline led to a page that goes on only with an accept (or payment); ${again.how}` };
}

/**
 * Fails the capture when nothing was answered and the page is a consent page of its own whose
 * answers are in words somarkiv does not know (CONSENT_PAGE_UNKNOWN_ANSWERS): the record would have
 * been the consent page, said to have had no cookie question at all.
 */
export async function checkConsentPageAnswered(s: Visit, opts: CaptureOptions, httpStatus: number | null, consent: ConsentOutcome): Promise<void> {
  if (consent !== "none-found") return;
  const buttons = await s.page.evaluate(call(CONSENT_PAGE_UNKNOWN_ANSWERS)).catch(() => null) as string[] | null;
  if (!buttons?.length) return;
  const reached = withoutPassword(s.documentUrl ?? s.page.url());
  const { title, screenshot } = await consentPageForAdministrator(s);
  s.progress(`the page is the site's consent page, and none of its buttons (${buttonsSaid(buttons)}) is an answer somarkiv knows`);
  throw new CaptureFailure("consent-not-answered", consentNotAnsweredMessage(opts, reached, title, buttons),
    { finalUrl: reached, httpStatus, screenshot, consent: "not-dismissed", flags: [...s.flags, "consent-not-dismissed"] });
}

/** The consent page's title and the administrator's picture of it. */
async function consentPageForAdministrator(s: Visit): Promise<{ title: string; screenshot: Buffer | undefined }> {
  const title = (await s.page.title().catch(() => "")).replace(/\s+/g, " ").trim().slice(0, 120);
  const screenshot = await s.page.screenshot({ type: "png", timeout: Math.max(1, Math.min(10_000, s.remaining())) }).catch(() => undefined);
  return { title, screenshot };
}

/** How a message names the consent page shown: its title, its address and its buttons. */
function consentPageSaid(reached: string, title: string, buttons: string[]): string {
  return `${title ? `"${title}", ` : ""}at ${reached}${buttons.length ? `, with the buttons ${buttonsSaid(buttons)}` : ""}`;
}

/**
 * What gets past a consent page for good: a saved session holds the site's consent cookie as a
 * person's browser does, so an answer given once in "somarkiv login" is the one every capture then brings.
 */
function sessionAdvice(opts: Pick<CaptureOptions, "storageStatePath">): string {
  return opts.storageStatePath
    ? `The account's saved session (${opts.storageStatePath}) may no longer hold the site's answer: run "somarkiv login --account <id>" again, answer the consent page in the window it opens (decline), and sign in if the account needs it.`
    : `A saved session that holds the answer lets captures past the consent page: run "somarkiv login --account <id>", answer the consent page in the window it opens (decline; signing in is not needed) and name the saved session in the account's login.storageState.`;
}

/** The operator's message for a consent page none of whose answers somarkiv knows. */
export function consentNotAnsweredMessage(opts: Pick<CaptureOptions, "url" | "storageStatePath">, reached: string, title: string, buttons: string[]): string {
  return `The page at ${opts.url} showed the site's consent page in place of the account's page: ${consentPageSaid(reached, title, buttons)}. None of its buttons has words somarkiv knows as an answer to a cookie question (the page may be in a language somarkiv has no words for), so it was left unanswered. No record was made, as it would have been the consent page filed as the account's; it will be tried again on the next run. ${sessionAdvice(opts)} Meanwhile this half-year's snapshot can be taken by hand.`;
}

/** The operator's message: what was shown instead of the account, why no record was made, and what gets past it. */
export function consentNotKeptMessage(opts: Pick<CaptureOptions, "url" | "storageStatePath">, reached: string, title: string, answer: string | undefined, buttons: string[]): string {
  return `The page at ${opts.url} was still the site's consent page after somarkiv answered it${answer ? ` ("${answer}")` : ""}: it showed ${consentPageSaid(reached, title, buttons)}, not the account's page. The site did not keep the answer (it did not keep its cookie, or sent the browser back to ask again). No record was made, as it would have been the consent page filed as the account's; it will be tried again on the next run. If it keeps happening, open the address in a browser to see whether the site lets a visitor on to the account after answering. ${sessionAdvice(opts)} Meanwhile this half-year's snapshot can be taken by hand.`;
}

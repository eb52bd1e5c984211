import { serviceName, type Account, type Config } from "../config/schema.ts";
import { formatUtc, localDate, periodDescription, periodLabel } from "../schedule/period.ts";
import type { RecordSheet } from "../pdf/types.ts";
import type { Manifest } from "./types.ts";
import { NOT_IN_LOG_SV, consentSv, flagsSv, readableUrl } from "./metadata.ts";
import { HEADLESS_SHELL_MARK } from "../capture/decisions.ts";

/** An account detail the configuration does not give, as the public list of accounts says it. */
const MISSING = "Uppgift saknas";

/**
 * A record taken with the account's saved login session, as the sheet, the e-mail and records --csv
 * say it: without it the record reads as what the public saw.
 */
export const SIGNED_IN_SV = "Tagen inloggad, med kontots sparade inloggning; sidan kan visa det som allmänheten inte ser";

/** The record sheet, page 1 of every PDF: what the registrar needs to file the record without opening anything else. */
export function recordSheet(m: Manifest, account: Account, config: Config): RecordSheet {
  // A missing account detail is said in the public list's words ("Uppgift saknas"), where a bare dash
  // read as a value nobody could explain.
  const person = (p?: { name: string; email?: string }) => (p ? (p.email ? `${p.name} <${p.email}>` : p.name) : MISSING);
  const rows: Array<{ label: string; value: string }> = [
    { label: "Ärendemening/titel", value: m.title },
    { label: "Organisation", value: [config.organisation.name, config.organisation.website, config.organisation.switchboard ? `växel ${config.organisation.switchboard}` : undefined].filter(Boolean).join(", ") },
    { label: "Konto", value: account.name },
    { label: "Plattform", value: serviceName(account) },
    { label: "Begärd adress", value: readableUrl(m.url) },
    { label: "Nådd adress", value: readableUrl(m.finalUrl) },
    { label: "HTTP-status", value: m.httpStatus === null ? "okänd" : String(m.httpStatus) },
    ...(m.signedIn ? [{ label: "Inloggning", value: SIGNED_IN_SV }] : []),
    { label: "Tidpunkt (svensk tid)", value: m.capturedAtLocal },
    { label: "Tidpunkt (UTC)", value: formatUtc(m.capturedAt) },
    { label: "Period", value: `${periodLabel(m.period)}, ${periodDescription(m.period)}` },
    { label: "Ansvarig enhet", value: account.unit ?? MISSING },
    { label: "Ansvarig", value: person(account.responsible) },
    { label: "Syfte", value: account.purpose ?? MISSING },
    { label: "Målgrupp", value: account.audience ?? MISSING },
    { label: "Arkivbildare", value: m.creator },
    { label: "Handlingstyp", value: m.documentType },
    { label: "Klassificering", value: m.classification ?? "–" },
    { label: "Samlingsärende", value: m.collectiveCase ?? "–" },
    { label: "Bevaras/gallras", value: m.retention },
    { label: "Personuppgifter", value: m.personalData ? "Ja, sidan kan innehålla personuppgifter" : "Nej" },
    { label: "Diarienummer", value: "Tilldelas av registrator" },
    { label: "Handlingens id", value: `${m.recordId} (version ${m.version})` },
    { label: "Föregående ögonblicksbild", value: previousSv(m) ?? "ingen" },
    ...(reasonBesideClosing(m) ? [{ label: "Skäl", value: reasonBesideClosing(m)! }] : []),
    ...(m.final ? [{ label: "Slutlig ögonblicksbild", value: m.closedOn ? `Ja: kontot ${closingSv(m)}, och detta är dess sista ögonblicksbild` : "Ja: kontot stängs och detta är dess sista ögonblicksbild" }] : []),
    { label: "Cookie-dialog", value: consentSv(m.consent, m.consentButton, m.flags, m.consentButtonsSeen, m.consentPage === true) },
    // A closing record's own row says it is the account's last: not again among its remarks.
    { label: "Anmärkningar", value: flagsSv(m.final ? m.flags.filter((f) => f !== "final") : m.flags, m) },
    { label: "Verktyg", value: `${m.tool.name} ${m.tool.version}` },
    // "Chromium 156 (headless shell)": the registrar reads what the words mean.
    { label: "Webbläsare", value: m.browser.replace(HEADLESS_SHELL_MARK, " (varianten utan fönster, med samma motor)") },
    { label: "Fönsterstorlek", value: `${m.viewport.width} × ${m.viewport.height} px` },
    // A visitor's own settings change what some pages show; the record says which it was taken with.
    { label: "Visning", value: m.page.darkLook === "only"
      ? "ljust färgläge och minskad rörelse begärdes; sidan har bara ett mörkt färgläge, som alla besökare ser"
      : `ljust färgläge och minskad rörelse${m.page.darkLook ? "; sidan har också ett mörkt färgläge, som besökare med mörkt läge i sina inställningar ser i stället" : ""}` },
    ...(m.page.title ? [{ label: "Sidans titel", value: m.page.title }] : []),
    ...(m.page.language ? [{ label: "Sidans språk", value: languageSv(m.page.language) }] : []),
    // "At least": the height is what had loaded when the page was cut, and a feed that brings more
    // as it is scrolled may have had more below; the record claims no more than the capture saw.
    { label: "Sidans storlek", value: `${m.page.width} × ${m.page.height} px${m.page.fullHeight ? ` (kapad; sidan var ${m.page.fullHeight} px hög när den kapades, så minst ${m.page.fullHeight - m.page.height} px längst ned saknas)` : ""}` },
    // A long page is pictured in parts, each with its own checksum: numbered, where two run together read as one of 128 characters.
    m.screenshotSha256.length === 1
      ? { label: "SHA-256 för skärmbilden", value: m.screenshotSha256[0]! }
      : { label: `SHA-256 för skärmbildens ${m.screenshotSha256.length} delar`, value: m.screenshotSha256.map((h, i) => `del ${i + 1}: ${h}`).join("; ") },
  ];
  return { heading: m.title, rows };
}

/**
 * The previous snapshot as the sheet and the e-mail name it: its id, its diary number when it has
 * one, the address it was taken at when the account has moved since (a new handle), so that the
 * registrar files the two as one series, and the half-years between them of which none was taken,
 * so that a series with a gap is not filed as whole.
 */
export function previousSv(m: Pick<Manifest, "previousRecordId" | "previousRecordDnr" | "previousRecordNotInLog" | "previousRecordUrl" | "periodsMissingBefore">): string | undefined {
  if (!m.previousRecordId) return undefined;
  // Said of the moment this was taken, which stays true: the half-year just ended may still be made
  // up afterwards (capture --period), and a sheet that called its gap permanent could not be mended.
  const gap = m.periodsMissingBefore?.length ? `; när denna togs fanns ingen ögonblicksbild av ${m.periodsMissingBefore.join(", ")}, så serien hade ett glapp före denna` : "";
  return `${m.previousRecordId}${m.previousRecordDnr ? `, diarienummer ${m.previousRecordDnr}` : ""}${m.previousRecordNotInLog ? NOT_IN_LOG_SV : ""}${m.previousRecordUrl ? `, tagen på kontots tidigare adress ${readableUrl(m.previousRecordUrl)}` : ""}${gap}`;
}

/**
 * A closing record's day of closing, as the sheet and the e-mail say it: "stängdes 2026-11-15" when
 * the record was taken that day; "ska stängas 2026-12-31" when that day came after the day the record
 * was taken (in the schedule's time zone), since a record kept for good must not state a day still to
 * come as past; and when the day given was before the record was taken, the page the record shows
 * was still open after it: both are said, as the sheet cannot be corrected once filed.
 */
export function closingSv(m: Pick<Partial<Manifest>, "closedOn" | "capturedAtLocal" | "capturedAt">): string {
  const taken = dayTaken(m);
  if (m.closedOn && taken && m.closedOn > taken) return `ska stängas ${m.closedOn}`;
  if (m.closedOn && taken && m.closedOn < taken) return `angavs som stängt ${m.closedOn} men gick att öppna när ögonblicksbilden togs ${taken}`;
  return `stängdes ${m.closedOn}`;
}

/** The day it was taken in Swedish time, as its sheet gives it. */
export function dayTaken(m: Pick<Partial<Manifest>, "capturedAtLocal" | "capturedAt">): string | undefined {
  // capturedAtLocal starts with the day in Swedish time; a manifest without it is read in Sweden's.
  const taken = m.capturedAtLocal?.slice(0, 10) ?? (m.capturedAt ? localDate(new Date(m.capturedAt), "Europe/Stockholm") : undefined);
  return taken && /^\d{4}-\d{2}-\d{2}$/.test(taken) ? taken : undefined;
}

/** The month a half-year's snapshot is taken in, as the sheet names it: not the half-year change with other capture months. */
const CAPTURE_MONTH_SV = "den månad då periodens ögonblicksbild tas";

/**
 * That a record was taken before its half-year's capture month, as the sheet, the e-mail and records
 * --csv say it: "tagen före …" of the record, "togs före …" in a clause of its own. One wording, so
 * that the registrar reads the same month named the same way wherever it is said.
 */
export function beforeCaptureMonthSv(form: "tagen" | "togs"): string {
  return `${form} före ${CAPTURE_MONTH_SV}`;
}

/**
 * A record whose log entry does not say whether it was taken before its half-year's capture month
 * (takenEarly gives null: until December 2026 the log noted it only of one that was), as records
 * --csv's "Skäl" says it, the plain list's words in Swedish: neither the half-year's snapshot nor a
 * record of its day only, which it may be.
 */
export const EARLY_NOT_KNOWN_SV = `loggen säger inte om handlingen ${beforeCaptureMonthSv("togs")} (fram till december 2026 antecknade somarkiv det bara för handlingar som togs före den månaden); om den är periodens ögonblicksbild eller bara gäller sin dag framgår inte`;

/** A second version of an account reopened after its closing record, as the sheet's "Skäl" says it. */
const REOPENED_SV = "kontot behålls: det togs upp igen efter sin slutliga ögonblicksbild";

/**
 * Why the snapshot was taken, as the sheet's "Skäl" row says it; the e-mail and records --csv say the
 * same, so the registrar who works from them sees why a half-year has two records. The words given
 * with capture --reason; else, for a second version, why it must have been taken (a closing record,
 * a reopened account) or that nobody said. Undefined for a first version nobody said why of.
 */
export function takenBecauseSv(m: { takenBecause?: string | null; version?: number | null; final?: boolean; flags?: string[]; beforeHalfYearChange?: boolean; afterEarlySnapshot?: string | null; earlyNotKnown?: boolean }): string | undefined {
  // Read again from a log that does not say whether it was early (earlyNotKnown): said of every such
  // record, after the reason of its own it has. Not "ny version av periodens ögonblicksbild", which
  // it may not be.
  if (m.earlyNotKnown && !m.beforeHalfYearChange && !m.final) {
    const own = m.takenBecause || (!m.version || m.version <= 1 ? undefined : m.flags?.includes("reopened") ? REOPENED_SV : "ny version; inget skäl angavs");
    return own ? `${own} (${EARLY_NOT_KNOWN_SV})` : EARLY_NOT_KNOWN_SV;
  }
  // A trial before the capture month is a record of its day; the registrar must not take it for the
  // half-year's. Said of the capture month, as capture's note says it: with capture months other
  // than June and December the half-year's snapshot is not taken at the half-year change.
  const early = m.beforeHalfYearChange && !m.final ? `${beforeCaptureMonthSv("tagen")} och gäller bara sin dag; periodens ögonblicksbild tas den månaden, som en ny version` : undefined;
  if (m.takenBecause) return early ? `${m.takenBecause} (${early})` : m.takenBecause;
  if (early) return early;
  if (!m.version || m.version <= 1) return undefined;
  if (m.final) return "kontot stängs; detta är dess slutliga ögonblicksbild";
  if (m.flags?.includes("reopened")) return REOPENED_SV;
  // Not "at the half-year change": it may be taken in an earlier capture month, or made up after the half-year ended.
  if (m.afterEarlySnapshot) return `periodens ögonblicksbild; den tidigare versionen (${m.afterEarlySnapshot}) ${beforeCaptureMonthSv("togs")} och gäller bara sin dag`;
  return "ny version av periodens ögonblicksbild; inget skäl angavs";
}

/**
 * The "Skäl" row of the sheet and the e-mail, beside their row that says a closing record is the
 * account's last: that is not said again as its reason, unless someone gave one (records --csv, which
 * has no such row, keeps takenBecauseSv's words).
 */
export function reasonBesideClosing(m: Parameters<typeof takenBecauseSv>[0]): string | undefined {
  return m.final && !m.takenBecause ? undefined : takenBecauseSv(m);
}

/** The page's language as the registrar reads it ("fi (finska)"); a code no language is known by stays as given. */
export function languageSv(code: string): string {
  try {
    const name = new Intl.DisplayNames(["sv"], { type: "language", fallback: "none" }).of(code.trim().replace(/_/g, "-"));
    return name && name.toLowerCase() !== code.trim().toLowerCase() ? `${code} (${name})` : code;
  } catch {
    return code;
  }
}

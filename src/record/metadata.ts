import { behindWarningsSv } from "./behind-warnings.ts";
import { serviceName, type Account, type Config } from "../config/schema.ts";
import { accountSaid } from "../config/place.ts";
import { domainToUnicode } from "node:url";
import { parsePeriod, periodLabel, periodOf } from "../schedule/period.ts";
import { captureMonthOf } from "../schedule/due.ts";
import { intakeName } from "../intake/types.ts";
import type { PageFindings } from "../capture/types.ts";
import { SAVE_TEXTS, labelKey } from "../capture/decisions.ts";

/** The registrar's metadata for one account's records: configuration `records:` overridden per account. */
export interface RecordMetadata {
  creator: string;          // arkivbildare
  documentType: string;     // handlingstyp
  classification?: string;  // klassificering
  collectiveCase?: string;  // samlingsärende for the period's year
  retention: string;        // bevaras / gallras
  personalData: boolean;    // personuppgifter
}

export function recordMetadata(config: Config, account: Account, period: string): RecordMetadata {
  const m = { ...config.records, ...(account.records ?? {}) };
  const year = String(parsePeriod(period).year);
  return {
    creator: m.creator ?? config.organisation.name,
    documentType: m.documentType ?? "Ögonblicksbild av socialt medium",
    classification: m.classification,
    collectiveCase: m.collectiveCase?.[year],
    retention: m.retention ?? "Bevaras",
    // A social-media start page shows names and faces of the public: treat it as holding personal data unless told otherwise.
    personalData: m.personalData ?? true,
  };
}

/**
 * Each collective-case map (the organisation's, an active account's own) that lists years but not
 * the one the half-year now running is filed under, or, from July, the next year's: a snapshot
 * taken then is filed with "Samlingsärende –" on its PDF/A sheet, which cannot be corrected once
 * the record is made. A file without a map does not use collective cases and is not asked to.
 */
export function collectiveCaseGaps(config: Config, now: Date): string[] {
  const current = periodOf(now, config.schedule.timezone);
  const { year, half } = parsePeriod(current);
  const periods = half === 2 ? [current, `${year + 1}-H1`] : [current];
  const orgMap = config.records.collectiveCase;
  const maps: Array<{ place: string; target: string; map: Record<string, string> | undefined; note: string }> = [
    { place: "records.collectiveCase", target: "records.collectiveCase", map: orgMap, note: "" },
    ...config.accounts.flatMap((a, i) => (a.status === "active" && a.records?.collectiveCase
      ? [{ place: `${accountSaid(a, i)}, records.collectiveCase`, target: `the records.collectiveCase of account "${a.id}"`, map: a.records.collectiveCase, note: " (an account's own collectiveCase takes the place of the organisation's, for every year)" }]
      : [])),
  ];
  const out: string[] = [];
  for (const { place, target, map, note } of maps) {
    const listed = Object.keys(map ?? {}).sort();
    if (!listed.length) continue;
    const missing = periods.filter((p) => !map![String(parsePeriod(p).year)]);
    if (!missing.length) continue;
    const years = missing.map((p) => String(parsePeriod(p).year));
    const when = missing.map((p) => { const month = captureMonthOf(p, config.schedule.months); return month ? `${p} (taken in ${month})` : p; });
    // The example in the registrar's own series ("RS 2026/14" gives "RS 2027/…"), not another's.
    const series = /^(.*?)\s*\d{4}\s*\/\s*\S+$/.exec(map![listed.at(-1)!] ?? "")?.[1]?.trim() || "KS";
    out.push(`${place} lists ${listed.join(", ")} but not ${years.join(" or ")}${note}: the snapshots of ${when.join(" and ")} would be filed with no collective case ("Samlingsärende –" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of ${years.join(" and ")} and add ${years.map((y) => `"${y}": "${series} ${y}/…"`).join(" and ")} to ${target}.`);
  }
  for (const { place, target, map } of maps) out.push(...collectiveCaseYearSlips(place, target, map ?? {}, year));
  return out;
}

/**
 * A year filed under another year's case number ("2026": "KS 2025/45", a line copied and its key
 * changed but not its number), or one number given to several years: each year's snapshots belong in
 * that year's collective case, and the record sheet cannot be corrected once made. Only the years
 * still to be filed (this year and later) are said: the earlier ones' records are already made. Pure.
 */
export function collectiveCaseYearSlips(place: string, target: string, map: Record<string, string>, fromYear: number): string[] {
  const out: string[] = [];
  const ahead = Object.keys(map).filter((y) => Number(y) >= fromYear).sort();
  const yearOf = (c: string) => /(?:^|\D)((?:19|20)\d{2})\s*\/\s*\S/.exec(c)?.[1];
  const wrong = ahead.filter((y) => { const in_ = yearOf(map[y]!); return in_ !== undefined && in_ !== y; });
  if (wrong.length) {
    const said = wrong.map((y) => `${y} under "${map[y]}"`).join(" and ");
    const fix = wrong.map((y) => `"${y}": "${map[y]!.replace(/((?:19|20)\d{2})(\s*\/\s*)\S+$/, `${y}$2…`)}"`).join(" and ");
    out.push(`${place} files ${said}, ${wrong.length === 1 ? "a case number" : "case numbers"} of another year: the snapshots of ${wrong.join(" and ")} would be filed with that collective case ("Samlingsärende" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of ${wrong.join(" and ")} and write ${fix} in ${target}.`);
  }
  // A number without a year in it, given to several years: said here, as the year cannot be read from it.
  const byCase = new Map<string, string[]>();
  for (const y of Object.keys(map).sort()) {
    const key = map[y]!.trim().toLowerCase().replace(/\s+/g, " ");
    byCase.set(key, [...(byCase.get(key) ?? []), y]);
  }
  for (const years of byCase.values()) {
    if (years.length < 2 || yearOf(map[years[0]!]!) !== undefined || !years.some((y) => ahead.includes(y))) continue;
    out.push(`${place} gives ${years.join(", ")} the same collective case, "${map[years[0]!]}": each year's snapshots are filed in a collective case of that year, and the record sheet cannot be corrected once the record is made. Ask the registrar for each year's own case number and write it in ${target}.`);
  }
  return out;
}

/** "Ögonblicksbild Facebook Överkalix kommun 2026 H2" — the ärendemening the registrar files it under. */
export function recordTitle(account: Account, period: string, final: boolean): string {
  return `${final ? "Slutlig ögonblicksbild" : "Ögonblicksbild"} ${serviceName(account)} ${account.name} ${periodLabel(period)}`;
}

export function recordId(accountId: string, period: string, version: number): string {
  return `${accountId}_${period}_v${version}`;
}

/** Failed attempts are logged too, under an id that cannot be mistaken for a snapshot's. */
export function failedRecordId(accountId: string, period: string, at: Date): string {
  return `${accountId}_${period}_failed-${at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}`;
}

export const CONSENT_SV: Record<string, string> = {
  declined: "Cookie-dialogen stängdes; valfria cookies avvisades",
  // What somarkiv knows is that it found no way to decline, not that the page offered none.
  accepted: "Cookie-dialogen stängdes genom att godkänna; inget sätt att avvisa hittades",
  // A notice that only informs, with no choice and no close, may still be in the picture.
  // Said as known: a dialog a site opens only after the page was taken is not seen.
  "none-found": "Ingen cookie-dialog att svara på visades medan sidan togs",
  "not-dismissed": "Cookie-dialogen kunde inte stängas och kan skymma delar av sidan",
};

/**
 * A cookie question the site asked on a page of its own before the account's (its consent page, as
 * YouTube's "Innan du fortsätter"), said as what it was: "Cookie-dialogen" read as a box over the
 * account's page, which the registrar would look for in the picture.
 */
export const CONSENT_PAGE_SV: Record<string, string> = {
  declined: "Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; valfria cookies avvisades där",
  accepted: "Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; den besvarades genom att godkänna, eftersom inget sätt att avvisa hittades",
};

/**
 * The cookie dialog's outcome as the sheet says it, naming the button pressed where the manifest keeps
 * it; `onPage` (the manifest's consentPage) for a question asked on a consent page of its own.
 */
export function consentSv(consent: string, button?: string, flags: string[] = [], buttonsSeen: string[] = [], onPage = false): string {
  // Accepted where the dialog's more choices were a link to a page of their own, not followed: a no may
  // have been there, and "inget sätt att avvisa hittades" would not be true.
  if (consent === "accepted" && flags.includes("consent-choices-elsewhere")) {
    const where = onPage ? "Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; den besvarades" : "Cookie-dialogen stängdes";
    return `${where} genom att godkänna${button ? ` (knappen ”${button}”)` : ""}; dess fler val låg bakom en länk till en annan sida, som somarkiv inte följer, så ett sätt att avvisa kan ha funnits där`;
  }
  const page = onPage && !flags.includes("consent-decline-walled") ? CONSENT_PAGE_SV[consent] : undefined;
  if (page) return button ? `${page} (knappen ”${button}”)` : page;
  const said = CONSENT_SV[consent] ?? consent;
  // The dialog's own words tell a registrar, and whoever keeps somarkiv, which dialog it was and whether its language is one somarkiv lacks.
  if (consent === "not-dismissed" && buttonsSeen.length) return `${said}; knapparna: ${buttonsSeen.map((l) => `”${l}”`).join(", ")}`;
  // Declined, and the site then asked on a page of its own for a yes or payment: said before the page's own words.
  if (consent === "accepted" && flags.includes("consent-decline-walled")) {
    return `Valfria cookies avvisades först, men webbplatsen visade då en sida eller ruta som bara gick vidare om cookies godkändes (eller om man betalade); de godkändes där${button ? ` (knappen ”${button}”)` : ""}`;
  }
  // Declining was found and pressed, and did not close the dialog: not "no way to decline was found".
  if (consent === "accepted" && flags.includes("consent-decline-not-kept")) {
    return `Cookie-dialogen stängdes genom att godkänna${button ? ` (knappen ”${button}”)` : ""}, efter att dess knapp för att avvisa hade tryckts utan att stänga den`;
  }
  if (!button) return said;
  if (consent === "accepted") return `Cookie-dialogen stängdes genom att godkänna (knappen ”${button}”); inget sätt att avvisa hittades`;
  // A save button ("Tillåt urval", "Bekräfta") after the optional choices were switched off: said so,
  // where "avvisades (knappen ”Tillåt urval”)" read to a registrar as a contradiction.
  if (consent === "declined" && SAVED_CHOICES.has(labelKey(button))) return `${said}: de valfria valen slogs av och sparades (knappen ”${button}”)`;
  if (consent === "declined") return `${said} (knappen ”${button}”)`;
  return said;
}

const SAVED_CHOICES = new Set(SAVE_TEXTS.map(labelKey));

export { STATUS_SV } from "../log/index.ts";

/** A delivery's state, as the registrar reads it (records --csv). */
export const DELIVERY_SV: Record<string, string> = {
  pending: "väntar",
  delivered: "levererad",
  failed: "misslyckad, kräver åtgärd",
};

/**
 * An intake as the registrar knows it, from the log's name of it ("email:registrator@kommun.se"):
 * "e-post till registrator@kommun.se", "mappen /srv/diarium/inkorg", "HTTP-mottagningen https://…".
 */
export function intakeSv(target: string): string {
  const { kind, where } = intakeName(target);
  return kind === "email" ? `e-post till ${where}` : kind === "directory" ? `mappen ${where}` : kind === "http" ? `HTTP-mottagningen ${where}` : target;
}

/**
 * An intake as the operator's messages name it after "to" ("the folder /srv/intake", "the HTTP intake
 * https://…", "x@y by e-mail"), where the log's key ("http:https://…") read as a typing error.
 */
export function intakeEn(target: string): string {
  const { kind, where } = intakeName(target);
  return kind === "email" ? `${where} by e-mail` : kind === "directory" ? `the folder ${where}` : kind === "http" ? `the HTTP intake ${where}` : target;
}

/** Why a capture gave no snapshot, as the registrar reads it (records --csv); the log keeps the code. */
export const REASON_SV: Record<string, string> = {
  "login-wall": "sidan visas bara efter inloggning",
  blank: "sidan var tom",
  "not-loaded": "sidan hade inte laddat klart: flödet visade bara en laddningssymbol",
  "consent-not-kept": "webbplatsens samtyckessida om kakor visades igen efter svaret, i stället för kontots sida; den arkiverades inte",
  "consent-not-answered": "webbplatsens samtyckessida om kakor visades i stället för kontots sida, och inget av dess svar var känt för somarkiv; den arkiverades inte",
  "led-to-internal-address": "sidan ledde in i ett internt nätverk, inte till kontot; ingen ögonblicksbild togs",
  "http-error": "webbplatsen svarade med ett fel",
  "network-error": "webbplatsen kunde inte nås",
  timeout: "sidan blev inte klar i tid",
  "redirect-loop": "sidan skickade webbläsaren runt i en slinga",
  "unsupported-url": "adressen kan inte öppnas",
  "not-found": "kontot finns inte längre på adressen",
  "region-blocked": "innehållet visas inte i det land ögonblicksbilden togs från",
  "site-error": "webbplatsen visade ett felmeddelande",
  "page-crashed": "sidan fick webbläsarens flik att krascha",
  suspended: "plattformen har stängt av kontot",
  "browser-error": "webbläsaren slutade fungera medan ögonblicksbilden togs",
  error: "fel i somarkiv",
};

/**
 * Why a capture failed, in the registrar's words, with what the site's answer says of the account: a
 * 404 or 410 says the account may be gone, where "the site answered with an error" read as a passing
 * outage and hid the one thing a request for the account's records asks.
 */
export function reasonSv(reason: string, httpStatus?: number | null): string {
  if (reason === "http-error" && httpStatus) {
    if (httpStatus === 404) return "sidan finns inte på adressen (HTTP 404): kontot kan ha bytt adress eller tagits bort";
    if (httpStatus === 410) return "webbplatsen säger att sidan är borttagen för gott (HTTP 410): kontot har troligen tagits bort";
    if (httpStatus === 401 || httpStatus === 403) return `webbplatsen nekade åtkomst (HTTP ${httpStatus})`;
    if (httpStatus === 429) return "webbplatsen tog inte emot fler förfrågningar just då (HTTP 429)";
    if (httpStatus >= 500) return `webbplatsen hade ett fel (HTTP ${httpStatus}); ett senare försök kan lyckas`;
    return `${REASON_SV[reason]} (HTTP ${httpStatus})`;
  }
  return REASON_SV[reason] ?? reason;
}

// In the registrar's words: the record is "handlingen", its JSON file "metadatafilen (JSON)", as the
// e-mail's list of attachments names it, and a snapshot "togs", where "posten", "manifestet" and
// "fångades" were the program's own.
export const FLAG_SV: Record<string, string> = {
  truncated: "sidan var för lång och kapades vid högsta tillåtna höjd",
  "text-still-changing": "sidan ändrade fortfarande sin text när ögonblicksbilden togs (till exempel en siffra som räknades upp, en nyhetsrad eller en klocka); bilden och texten visar ett ögonblick av den",
  "cut-at-width": "sidan var bredare än 16 000 bildpunkter och kapades vid högerkanten; det som stod längre till höger saknas",
  "wider-than-window": "sidan är bredare än webbläsarens fönster: en besökare ser den del som ryms i fönstret (den vänstra, eller den högra på en sida som skrivs från höger till vänster) och rullar i sidled för resten; ögonblicksbilden visar hela bredden",
  "login-prompt-closed": "en inloggningsruta stängdes innan ögonblicksbilden togs",
  "login-wall-hidden": "sidan lade en inloggningsruta över sig medan ögonblicksbilden togs; rutan doldes, och ögonblicksbilden visar det som syns utan inloggning",
  "consent-not-dismissed": "cookie-dialogen kunde inte stängas",
  final: "slutlig ögonblicksbild av ett konto som stängs",
  reopened: "kontot stängdes inte ändå: ögonblicksbilden är tagen efter en tidigare slutlig ögonblicksbild av kontot, som därmed inte var den sista",
  "after-period": "ögonblicksbilden togs i efterhand, efter periodens slut, och visar sidan som den såg ut när den togs",
  "consent-decline-not-kept": "sidans knapp för att avvisa cookies stängde inte cookie-dialogen, så den godkändes för att inte skymma sidan",
  "consent-choices-elsewhere": "cookie-frågans fler val låg bakom en länk till en annan sida, som somarkiv inte följer (den kan leda bort från kontot); frågan besvarades därför genom att godkänna",
  "consent-decline-walled": "när cookies avvisades visade webbplatsen en sida eller ruta som krävde att de godkändes (eller att man betalade) för att gå vidare, så de godkändes där",
  "consent-hidden": "cookie-dialogen doldes utan att något samtycke gavs",
  "dialog-dismissed": "en dialogruta från sidan stängdes",
  "popup-closed": "ett eller flera popup-fönster som sidan öppnade stängdes",
  "lazy-content-incomplete": "allt innehåll som laddas vid rullning hann kanske inte visas",
  "inner-scroll-expanded": "sidans rullningsbara yta visas i full höjd",
  "bottom-bar-moved": "en list som ligger fast längst ned på skärmen visas under sidans innehåll, så att den inte skymmer något",
  "sticky-bar-in-place": "en list som följer med längst ned på skärmen tills man rullat fram till den visas på sin plats i sidan, så att den inte skymmer något",
  "faded-sections-shown": "avsnitt som tonar bort när sidan rullas förbi visas som de såg ut medan de syntes",
  "pictures-shown-again": "bilder som sidan tog bort när de rullats förbi visas som de såg ut medan de syntes",
  "navigation-held": "sidan försökte ladda om sig eller gå vidare medan ögonblicksbilden togs och hölls kvar som den var",
  "frames-left-out": "sidan visar fler inbäddade ramar (inlägg, videor, kartor eller annonser från andra webbplatser) än de 20 som tas med; de övriga kan vara tomma i bilden och deras text saknas i sökbar form",
  "frame-not-responding": "en inbäddad ram från en annan webbplats svarade inte; bilden visar den som den syntes, men dess text saknas i sökbar form",
  "bot-check-over-page": "webbplatsen lade en kontroll av automatiska besökare (ett pussel eller \"jag är inte en robot\") över kontots sida; ögonblicksbilden visar den över sidan",
  "box-over-page": "en ruta (ett meddelande, en fråga eller ett erbjudande) låg över sidan och kunde inte stängas; ögonblicksbilden visar den, och det den täcker syns inte",
  "box-came-after": "en ruta kom över sidan först efter att ögonblicksbilden tagits; en besökare som stannar på sidan får den över sig, men ögonblicksbilden visar sidan utan den",
  "bot-check-shown": "webbplatsen visade en kontroll av automatiska besökare i stället för kontots sida och släppte inte igenom webbläsaren; ögonblicksbilden visar kontrollen",
  "document-incomplete": "webbplatsen hade inte skickat färdigt sidan när ögonblicksbilden togs; ögonblicksbilden visar det som hade kommit fram",
  "not-loaded": "sidan hade inte laddat klart: där kontots innehåll (till exempel flödet) skulle stå visade den bara en laddningssymbol, och innehållet kom aldrig fram; ögonblicksbilden togs ändå, på begäran, och visar bara det sidan visade",
  "still-loading": "sidan visade fortfarande att den laddade när ögonblicksbilden togs (till exempel med en laddningssymbol som snurrade); något som den laddade kan därför saknas i ögonblicksbilden",
  "no-searchable-text": "sidan visade ingen text som kunde läsas ut (den kan vara ritad som bild); handlingen kan ses men inte sökas i",
  "canvas-not-searchable": "en stor del av sidan är ritad som bild (canvas); den syns i ögonblicksbilden, men texten i den kan inte sökas",
  "more-behind-button": "flödet fortsätter bakom en knapp som ”Visa fler inlägg”; ögonblicksbilden visar det som syns utan att trycka på den",
  "box-expanded": "en ruta på sidan som rullas för sig (ett eget flöde eller en inbäddad ram) visas utfälld i sin helhet, inte i den höjd en besökare ser den i",
  "text-beyond-page-end": "sidan har text nedanför det den visar, som ingen rullning når (sidan flyttar själv sitt innehåll, till exempel när besökaren vrider på mushjulet); ögonblicksbilden visar det som syns, och texten nedanför saknas i den",
  "box-scrolls-separately": "en ruta på sidan rullas för sig (nedåt eller i sidled) och har mer innehåll än det som syns i den; ögonblicksbilden visar det som syns i rutan",
  "media-not-kept": "sidan har videor eller ljudspelare; ljud och rörlig bild bevaras inte, bara deras bild på sidan",
  "text-cut-short": "texter på sidan är avkortade till sina första rader bakom en knapp som ”Visa mer”; ögonblicksbilden och dess sökbara text visar bara de första raderna, och hela texten finns i metadatafilen (JSON), under textCutShort",
  "content-behind-warning": "inlägg på sidan har sin text dold bakom en innehållsvarning eller sina bilder under ett skydd för känsligt innehåll; ögonblicksbilden visar dem så som en besökare ser dem innan hen trycker",
  "carousel-hidden-items": "en rad med inlägg på sidan visar bara några åt gången (besökaren bläddrar med pilknappar, eller bilderna byts av sig själva); ögonblicksbilden visar dem som syntes, och de andra saknas i den",
  "taken-screen-by-screen": "sidan visar bara inläggen nära skärmen och tar bort de andra när den rullas; ögonblicksbilden togs därför skärm för skärm medan sidan rullades uppifrån, och visar hela flödet",
  "content-removed-while-scrolling": "sidan visar bara inläggen nära skärmen och tog bort de andra medan den rullades; ögonblicksbilden saknar en del av dem, och en ny ögonblicksbild ger detsamma",
  "images-not-loaded": "en eller flera bilder på sidan hade inte laddats när ögonblicksbilden togs och saknas i den",
  "glyphs-missing": "en del tecken på sidan kunde inte visas eftersom typsnitt för dem saknas på datorn som tog ögonblicksbilden; de syns som tomma rutor i bilden men finns i den sökbara texten",
  "reached-other-site": "sidan ledde vidare till en annan webbplats än kontots adress; ögonblicksbilden visar den webbplatsens sida, inte kontot",
  "internal-address-refused": "sidan bad om adresser i ett internt nätverk (till exempel en ram eller en hämtning från en intern webbplats eller molnets metadatatjänst); de nekades, och ögonblicksbilden visar dem inte",
  "reached-internal-address": "sidan ledde vidare till en adress i ett internt nätverk, inte till kontots webbplats; ögonblicksbilden visar den sidan, inte kontot",
  "reached-other-page": "sidan ledde vidare till en annan sida på samma webbplats än kontots adress (webbplatsens startsida eller ett annat kontos sida); ögonblicksbilden visar den sidan",
  "images-broken": "en eller flera bilder på sidan kunde inte visas, eftersom webbplatsen inte lämnade ut dem; besökare ser dem inte heller, och i metadatafilen (JSON) som hör till handlingen är de märkta som saknade",
};

/**
 * The remarks in short English words for the operator's progress lines and the check before a run: what
 * each flag's code says, where the summary and the record sheet say it whole.
 */
export const FLAG_EN: Record<string, string> = {
  truncated: "cut at capture.maxHeight",
  "text-still-changing": "its text was still changing",
  "cut-at-width": "cut at 16,000 px wide",
  "wider-than-window": "wider than the window",
  "login-prompt-closed": "a login box closed",
  "login-wall-hidden": "a login wall hidden",
  "consent-not-dismissed": "the cookie dialog could not be closed",
  final: "closing record",
  reopened: "taken after a closing record",
  "after-period": "taken after its half-year ended",
  "consent-decline-not-kept": "declining did not close the cookie dialog, so it was accepted",
  "consent-choices-elsewhere": "the cookie choices were behind a link, so it was accepted",
  "consent-decline-walled": "declining cookies led to a wall, so they were accepted",
  "consent-hidden": "the cookie dialog hidden, no answer given",
  "dialog-dismissed": "a box of the page closed",
  "popup-closed": "pop-up windows closed",
  "lazy-content-incomplete": "what loads on scrolling may not all have come",
  "inner-scroll-expanded": "its scrolling area shown at full height",
  "bottom-bar-moved": "a bar fixed to the bottom shown below the content",
  "sticky-bar-in-place": "a bar that follows the bottom shown in its place",
  "faded-sections-shown": "parts that fade away shown as they were seen",
  "pictures-shown-again": "pictures the page took away shown as they were seen",
  "navigation-held": "the page tried to go elsewhere and was held",
  "frames-left-out": "more than 20 embedded frames; those past them left out",
  "frame-not-responding": "an embedded frame did not answer",
  "bot-check-over-page": "a check for automated visitors over the page",
  "box-over-page": "a box over the page that could not be closed",
  "box-came-after": "a box came over the page after it was taken",
  "bot-check-shown": "a check for automated visitors instead of the page",
  "document-incomplete": "the site had not sent all of the page",
  "not-loaded": "the page had not loaded (taken as it showed)",
  "still-loading": "still showed a loading indicator",
  "no-searchable-text": "no text to search",
  "canvas-not-searchable": "much of it drawn as a picture, not searchable",
  "more-behind-button": "the feed goes on behind a \"show more\" button",
  "box-expanded": "a box that scrolls by itself shown whole",
  "text-beyond-page-end": "words below its end that no scroll reaches",
  "box-scrolls-separately": "a box scrolls by itself; what shows in it taken",
  "media-not-kept": "videos or sound: only their picture kept",
  "text-cut-short": "texts cut short behind \"show more\"",
  "content-behind-warning": "posts behind content warnings, as a visitor sees them",
  "carousel-hidden-items": "a row of posts shows a few at a time",
  "taken-screen-by-screen": "taken screen by screen (it keeps only the posts near the screen)",
  "content-removed-while-scrolling": "posts removed while scrolling, some missing from the picture",
  "images-not-loaded": "some pictures had not come",
  "glyphs-missing": "characters with no font on this machine",
  "reached-other-site": "led on to another site",
  "internal-address-refused": "addresses in the internal network refused",
  "reached-internal-address": "led on to an internal address",
  "reached-other-page": "led on to another page of the site",
  "images-broken": "pictures the site did not serve",
};

/** Flags as the operator reads them: "noted: …", or nothing. */
export function flagsEn(flags: readonly string[]): string {
  return flags.length ? `noted: ${flags.map((f) => FLAG_EN[f] ?? f).join("; ")}` : "";
}

/** The remarks in Swedish; a dismissed dialog of the page's own with what it said, when known. */
/** "Överkalix kommuns", "Region Västernorrlands"; a name that ends in s, x or z takes no s ("Överkalix"). */
export function genitive(name: string): string {
  return /[sxz]$/i.test(name) ? name : `${name}s`;
}

/** Text kept to `max` characters, ending in "…" when it was cut, so that a reader sees it was. */
export function shortened(text: string, max: number): string {
  const chars = [...text];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : text;
}

/** What the remarks say beyond the flags' own words: what the capture found on the page, and these. */
export interface RemarkDetails extends PageFindings {
  finalUrl?: string;
  /** The account's address the capture asked for, which a remark of another site names beside finalUrl. */
  url?: string;
  /** The first words of the box over the page (box-over-page) or of the one that came after it was taken (box-came-after). */
  boxWords?: string;
  /** The internal network's host names the page was refused (internal-address-refused). */
  internalHostsRefused?: string[];
}

/** An address that asks its visitor to log in ("/login?next=…", "accounts/login", "logga-in"). */
const LOGIN_ADDRESS = /[/?#=._-](log-?in|sign-?in|logga-?in|inloggning|auth|authenticate|session)([/?#=._-]|$)/i;

export function flagsSv(flags: string[], details: RemarkDetails = {}): string {
  const { pageDialogs = [], pageDialogsNotQuoted: notQuoted = 0, textRemovedWhileScrolling: removed = [] } = details;
  const said = pageDialogs.map((d) => `”${d}”`).join(", ");
  // One box is "en dialogruta … (den sade …)"; several, each with its words, are said as several;
  // more than are quoted, as how many there were and which of them are quoted.
  const total = pageDialogs.length + notQuoted;
  const dialogs = notQuoted ? `${total} dialogrutor från sidan stängdes (de ${pageDialogs.length} första sade ${said})`
    : pageDialogs.length > 1 ? `${pageDialogs.length} dialogrutor från sidan stängdes (de sade ${said})` : `${FLAG_SV["dialog-dismissed"]} (den sade ${said})`;
  // How much is missing, and where its words are: "en del" read as a little when it was most of the feed.
  const removedSv = `${FLAG_SV["content-removed-while-scrolling"]}: minst ${removed.length} textstycken som sidan visade saknas i bilden; deras text finns i metadatafilen (JSON), under textRemovedWhileScrolling`;
  // How many posts are not in the picture, and where their words are: "mer innehåll" read as a little.
  const outOfView = details.itemsOutOfView;
  const carouselSv = outOfView?.inCarousels ? `en rad med inlägg på sidan visar bara några åt gången (besökaren bläddrar med pilknappar, eller bilderna byts av sig själva); ${outOfView.inCarousels} inlägg i den syns inte i ögonblicksbilden; deras text finns i metadatafilen (JSON), under textOutOfView` : undefined;
  const scrollBoxSv = outOfView?.inScrollingBoxes ? `${FLAG_SV["box-scrolls-separately"]}; ${outOfView.inScrollingBoxes} inlägg i rutan syns inte i ögonblicksbilden; deras text finns i metadatafilen (JSON), under textOutOfView` : undefined;
  const mediaSv = mediaSvOf(details.mediaOnPage);
  // How many, so that a registrar does not take the picture of a post for its whole text.
  const cutN = details.postTextsCutShort;
  const cutSv = cutN ? `${cutN} ${cutN === 1 ? "inläggstext är avkortad" : "inläggstexter är avkortade"} på sidan till sina första rader bakom en knapp som ”Visa mer”; ögonblicksbilden och dess sökbara text visar bara de första raderna, och hela texten finns i metadatafilen (JSON), under textCutShort` : undefined;
  // The button's own words, where the general remark gives "Visa fler inlägg" as an example only.
  const moreSv = details.moreButton ? `flödet fortsätter bakom knappen ”${details.moreButton}”; ögonblicksbilden visar det som syns utan att trycka på den` : undefined;
  // Where the page tried to go: to a login page is what a visitor who scrolls that far gets.
  const to = details.heldNavigationTo;
  const at = (u: string) => { try { const x = new URL(u); return { doc: x.origin + x.pathname + x.search, path: x.pathname + x.search }; } catch { return null; } };
  const where = to ? at(to) : null;
  const heldSv = !to || !where ? undefined : details.finalUrl && at(details.finalUrl)?.doc === where.doc ? "sidan försökte ladda om sig medan ögonblicksbilden togs och hölls kvar som den var"
    : LOGIN_ADDRESS.test(where.path) ? `sidan försökte skicka besökaren till en inloggningssida (${readableUrl(to)}) medan ögonblicksbilden togs och hölls kvar som den var; en besökare som rullar så långt möts av inloggningen`
    : `sidan försökte gå vidare till ${readableUrl(to)} medan ögonblicksbilden togs och hölls kvar som den var`;
  // Which characters, so that the registrar knows what to look for in the searchable text.
  const glyphsSv = details.glyphsMissing?.length ? `en del tecken på sidan (till exempel ${details.glyphsMissing.join(" ")}) kunde inte visas eftersom typsnitt för dem saknas på datorn som tog ögonblicksbilden; de syns som tomma rutor i bilden men finns i den sökbara texten` : undefined;
  // Each flag said with what this record knows of it, where it knows more than the flag's own words.
  const known = new Map<string, string | undefined>([
    ["dialog-dismissed", said ? dialogs : undefined],
    ["content-removed-while-scrolling", removed.length ? removedSv : undefined],
    ["more-behind-button", moreSv],
    ["carousel-hidden-items", carouselSv],
    ["media-not-kept", mediaSv],
    ["text-cut-short", cutSv],
    ["content-behind-warning", behindWarningsSv(details.behindWarnings, Boolean(details.textBehindWarnings?.length))],
    ["box-scrolls-separately", scrollBoxSv],
    ["navigation-held", heldSv],
    ["glyphs-missing", glyphsSv],
    // Put below the page's content, it is past the cut of a page cut at its greatest height: not in the picture.
    ["bottom-bar-moved", flags.includes("truncated") ? "en list som ligger fast längst ned på skärmen flyttades under sidans innehåll, så att den inte skymmer något; eftersom sidan kortades av kom listen inte med i ögonblicksbilden" : undefined],
    // What the box said, so that the registrar knows what came over the page (a login wall, an age question).
    ["box-over-page", details.boxWords ? boxRemarkSv("box-over-page", details.boxWords) : undefined],
    ["box-came-after", details.boxWords ? boxRemarkSv("box-came-after", details.boxWords) : undefined],
    // Which hosts, so that the registrar sees what the page asked for; names only, as the whole address may hold a secret.
    ["internal-address-refused", details.internalHostsRefused?.length ? `sidan bad om adresser i ett internt nätverk (hos ${hostsSv(details.internalHostsRefused)}); de nekades, och ögonblicksbilden visar dem inte` : undefined],
  ]);
  return flags.length ? flags.map((f) => known.get(f) ?? otherSiteSv(f, details) ?? FLAG_SV[f] ?? f).join("; ") : "inga";
}

/** "10.0.0.5, intranet och 2 till": the first few host names, and how many more. */
export function hostsSv(hosts: readonly string[], named = 3): string {
  const shown = hosts.slice(0, named);
  const more = hosts.length - shown.length;
  if (more > 0) return `${shown.join(", ")} och ${more} till`;
  return shown.length > 1 ? `${shown.slice(0, -1).join(", ")} och ${shown.at(-1)}` : shown.join("");
}

/** "sidan har 12 videor och 1 ljudspelare; …": how many, where the flag's own words say only that there are some. */
function mediaSvOf(media: { videos: number; audio: number } | undefined): string | undefined {
  if (!media || !(media.videos || media.audio)) return undefined;
  const parts = [media.videos ? `${media.videos} ${media.videos === 1 ? "video" : "videor"}` : "", media.audio ? `${media.audio} ljudspelare` : ""].filter(Boolean);
  return `sidan har ${parts.join(" och ")}; ljud och rörlig bild bevaras inte, bara deras bild på sidan`;
}

/** The remark of a box over the page, or of one that came after the picture, with its first words cut short. */
function boxRemarkSv(flag: "box-over-page" | "box-came-after", words: string): string {
  const one = words.replace(/\s+/g, " ").trim();
  const quoted = `”${one.length <= 80 ? one : `${one.slice(0, 80).replace(/\s+\S*$/, "")} …`}”`;
  return flag === "box-over-page"
    ? `en ruta låg över sidan och kunde inte stängas (den sade ${quoted}); ögonblicksbilden visar den, och det den täcker syns inte`
    : `en ruta kom över sidan först efter att ögonblicksbilden tagits (den sade ${quoted}); en besökare som stannar på sidan får den över sig, men ögonblicksbilden visar sidan utan den`;
}

/**
 * The remark of a page that led off the account's site, naming both addresses, so that the
 * registrar sees whose page the snapshot shows and does not file it as the account's unasked.
 */
function otherSiteSv(flag: string, details: RemarkDetails): string | undefined {
  if ((flag !== "reached-other-site" && flag !== "reached-internal-address" && flag !== "reached-other-page") || !details.url || !details.finalUrl) return undefined;
  // The same site: the page may still be the account's under a new name, which a person can tell.
  if (flag === "reached-other-page") return `sidan ledde vidare till en annan sida på samma webbplats: kontots adress är ${readableUrl(details.url)}, men ögonblicksbilden visar ${readableUrl(details.finalUrl)}; så ser ett konto ut som har bytt namn, tagits bort eller tagits över; kontrollera att det är kontots sida innan handlingen registreras som kontots`;
  const where = flag === "reached-internal-address" ? "en adress i ett internt nätverk" : "en annan webbplats";
  return `sidan ledde vidare till ${where}: kontots adress är ${readableUrl(details.url)}, men ögonblicksbilden visar ${readableUrl(details.finalUrl)}, inte kontot; kontot kan ha flyttat, eller webbplatsen eller domänen ha bytt ägare; fråga kontots ansvarige innan handlingen registreras som kontots`;
}

/**
 * An address as a browser's address bar shows it, for the pages a person reads: the browser
 * reports the address it reached in its transmitted form, so "youtube.com/@Överkalix" came back as
 * "youtube.com/@%C3%96verkalix" and "överkalix.se" as "xn--verkalix-m4a.se", which a registrar
 * would take for another address. Escapes of plain ASCII stay as they are (they may be part of
 * the address's syntax), and so do control, invisible and direction-changing characters, which
 * could make one address look like another. The manifest and the log keep the address as reached.
 */
export function readableUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return url;
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") return url;
  // A name in Latin letters (överkalix.se) is shown as written; one in other scripts stays in its
  // transmitted form, as browsers do for names that could imitate another ("аррӏе.com").
  const unicode = u.hostname.includes("xn--") ? domainToUnicode(u.hostname) : "";
  const host = unicode && /^[\p{Script=Latin}\p{Nd}.-]+$/u.test(unicode) ? unicode : u.hostname;
  // As the log and the manifest give it (README: the password as `***` everywhere), not "…", which read as an address cut short.
  const auth = u.username ? `${u.username}${u.password ? ":***" : ""}@` : "";
  return `${u.protocol}//${auth}${host}${u.port ? `:${u.port}` : ""}${unescapeText(u.pathname)}${unescapeText(u.search)}${unescapeText(u.hash)}`;
}

const UNSAFE_SHOWN = /[\u0000-\u001f\u007f-\u00a0\u00ad\u061c\u115f\u1160\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\u3164\ufeff\ufff0-\uffff]/u;

function unescapeText(part: string): string {
  return part.replace(/(?:%[89A-Fa-f][0-9A-Fa-f])+/g, (run) => {
    try {
      const text = decodeURIComponent(run);
      return UNSAFE_SHOWN.test(text) ? run : text;
    } catch {
      return run; // not UTF-8: shown as sent
    }
  });
}

/**
 * Said beside a previous snapshot the log did not know when this record was made (a log restored from
 * an older backup): the store held it, so it is named, but its diary number could not be.
 */
export const NOT_IN_LOG_SV = " (finns i arkivet men fanns inte i somarkivs logg när denna togs, så dess diarienummer är inte känt här)";

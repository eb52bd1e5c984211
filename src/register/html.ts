import { nameSaysService, type Config } from "../config/schema.ts";
import { publicRegister } from "./register.ts";
import type { RegisterEntry } from "./types.ts";
import { genitive, readableUrl } from "../record/metadata.ts";
import { MONTHS_SV } from "../schedule/period.ts";


/**
 * The public register as one standalone HTML page in Swedish, ready to publish on the website or to
 * embed: no scripts, no external resources, inline CSS only, so it works in any CMS and archives as is.
 */
export function renderRegisterHtml(config: Config, opts: { generatedAt?: Date } = {}): string {
  const generatedAt = opts.generatedAt ?? new Date();
  const reg = publicRegister(config, { generatedAt });
  const org = reg.organisation;
  const tz = config.schedule.timezone;
  const title = `Officiella konton i sociala medier – ${org.name}`;
  // The organisation by its name, as the rest of the page says it: a region or a company owned by the
  // municipality is no "kommunen".

  const contact: string[] = [];
  if (org.website && isWebUrl(org.website)) contact.push(`<li>Webbplats: <a href="${attr(org.website)}">${esc(displayUrl(org.website))}</a></li>`);
  if (org.switchboard) contact.push(`<li>Växel: <a href="tel:${attr(telHref(org.switchboard))}">${esc(org.switchboard)}</a></li>`);
  if (org.registrar) contact.push(`<li>Registrator: <a href="mailto:${attr(org.registrar)}">${esc(org.registrar)}</a></li>`);

  const active = reg.accounts.length
    ? `<div class="table-wrap">
<table>
<caption>Konton med ansvarig, syfte och målgrupp (${count(reg.accounts.length)})</caption>
<thead><tr><th scope="col">Konto</th><th scope="col">Tjänst</th><th scope="col">Ansvarig</th><th scope="col">Syfte</th><th scope="col">Målgrupp</th></tr></thead>
<tbody>
${reg.accounts.map(activeRow).join("\n")}
</tbody>
</table>
</div>`
    : `<p>${esc(org.name)} har just nu inga officiella konton i sociala medier.</p>`;

  // Only what is kept is promised: the policy keeps each account's start page at each half-year
  // change, not everything it published, and an account may have been closed before any was taken.
  // Closed accounts are not linked: a closed account's address can be taken over by someone else,
  // and a link from the municipality would lend that stranger its authority.
  const closed = reg.closedAccounts.length
    ? `<section aria-labelledby="avslutade">
<h2 id="avslutade">Avslutade konton</h2>
<p>De här kontona används inte längre. De ögonblicksbilder av kontonas startsidor som ${esc(org.name)} tog medan de användes (vid varje halvårsskifte) finns kvar som allmänna handlingar.</p>
<div class="table-wrap">
<table>
<caption>Avslutade konton och när de avslutades (${count(reg.closedAccounts.length)})</caption>
<thead><tr><th scope="col">Konto</th><th scope="col">Tjänst</th><th scope="col">Adress</th><th scope="col">Avslutat</th></tr></thead>
<tbody>
${reg.closedAccounts.map((e) => closedRow(e, tz)).join("\n")}
</tbody>
</table>
</div>
</section>`
    : "";

  const months = config.schedule.months.slice().sort((a, b) => a - b).map((m) => MONTHS_SV[m - 1]!);
  const requestWays: string[] = [];
  if (org.registrar) requestWays.push(`skriva till registrator på <a href="mailto:${attr(org.registrar)}">${esc(org.registrar)}</a>`);
  if (org.switchboard) requestWays.push(`ringa växeln på <a href="tel:${attr(telHref(org.switchboard))}">${esc(org.switchboard)}</a>`);
  const askText = requestWays.length
    ? `Du kan ${requestWays.join(" eller ")}.`
    : `Kontakta ${esc(org.name)}.`;

  return `<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="somarkiv">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>Officiella konton i sociala medier <span class="org">${esc(org.name)}</span></h1>
<p class="lead">Här är alla konton som ${esc(org.name)} har i sociala medier. För varje konto står vem som ansvarar för det, vad det ska användas till och vilka det vänder sig till. Konton som inte finns i förteckningen är inte ${esc(genitive(org.name))} officiella konton.</p>
${contact.length ? `<ul class="contact" aria-label="Kontaktuppgifter">\n${contact.join("\n")}\n</ul>` : ""}
<section aria-labelledby="aktiva">
<h2 id="aktiva">Aktiva konton</h2>
${active}
</section>
${closed}
<section aria-labelledby="arkivering">
<h2 id="arkivering">Så arkiveras kontona</h2>
<p>Vid varje halvårsskifte, i ${esc(joinSv(months))}, sparar ${esc(org.name)} en ögonblicksbild av startsidan på varje konto. Ögonblicksbilden sparas som en PDF-fil och skickas till registrator, som diarieför den. Det som publiceras på kontona är allmänna handlingar.</p>
<p>Du har rätt att ta del av allmänna handlingar, till exempel ögonblicksbilderna. ${askText} Du behöver inte tala om vem du är eller varför du vill ha handlingen.</p>
${org.website && isWebUrl(org.website) ? `<p>${esc(genitive(org.name))} webbplats <a href="${attr(org.website)}">${esc(displayUrl(org.website))}</a> är alltid den officiella kanalen för information och nyheter.</p>` : ""}
</section>
</main>
<footer>
<p>Förteckningen skapades <time datetime="${attr(isoDateIn(generatedAt, tz))}">${esc(longDateSv(generatedAt, tz))}</time>.</p>
</footer>
</body>
</html>
`;
}

function activeRow(e: RegisterEntry): string {
  const who: string[] = [];
  if (e.unit) who.push(`<span class="unit">${esc(e.unit)}</span>`);
  // The lead text promises who is responsible for every account: a missing name is said, as a missing purpose is.
  who.push(e.responsible ? `<span>${isolated(e.responsible)}</span>` : UNKNOWN);
  // The account's contact mailbox (a functional one), not the named person's: said so, so that it is not read as theirs.
  if (e.contactEmail) who.push(`Kontakt: <a href="mailto:${attr(e.contactEmail)}">${esc(e.contactEmail)}</a>`);
  return `<tr>
<th scope="row" data-label="Konto">${isWebUrl(e.url) ? `<a href="${attr(e.url)}">${linkText(e)}</a>` : isolated(e.name)}<span class="url">${esc(displayUrl(e.url))}</span></th>
<td data-label="Tjänst" class="platform">${esc(e.platformName)}</td>
<td data-label="Ansvarig">${who.join("<br>")}</td>
<td data-label="Syfte">${e.purpose ? lines(e.purpose) : UNKNOWN}</td>
<td data-label="Målgrupp">${e.audience ? lines(e.audience) : UNKNOWN}</td>
</tr>`;
}

/**
 * "Överkalix kommun på Facebook": the platform said after the name, unless the name already ends
 * with it ("Överkalix kommun på X", "Biblioteket (Instagram)"), which read "… på X på X (Twitter)"
 * (nameSaysService; the intake folder's LÄS MIG names an account the same way, accountOnService).
 */
function linkText(e: RegisterEntry): string {
  if (e.platform === "other") return isolated(e.name);
  return nameSaysService(e.name, e.platformName) ? isolated(e.name) : `${isolated(e.name)} på ${esc(e.platformName)}`;
}

function closedRow(e: RegisterEntry, tz: string): string {
  const when = e.closedOn
    ? `<time datetime="${attr(e.closedOn)}">${esc(longDateSv(new Date(`${e.closedOn}T12:00:00Z`), tz))}</time>`
    : "Datum saknas";
  return `<tr>
<th scope="row" data-label="Konto">${isolated(e.name)}</th>
<td data-label="Tjänst">${esc(e.platformName)}</td>
<td data-label="Adress" class="url-cell">${esc(displayUrl(e.url))}</td>
<td data-label="Avslutat">${when}</td>
</tr>`;
}

function count(n: number): string {
  return n === 1 ? "1 konto" : `${n} konton`;
}

const UNKNOWN = `<span class="missing">Uppgift saknas</span>`;

/** Escapes text for element content and attribute values alike. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A text written over several lines in the configuration (a purpose in two paragraphs) keeps its lines on the page. */
function lines(s: string): string {
  return s.trim().split(/\r?\n/).map(isolated).join("<br>");
}

const RIGHT_TO_LEFT = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}]/u;

/**
 * A text with right-to-left letters (a name or purpose in Arabic or Persian) in <bdi>, so the browser
 * sets it in its own direction, apart from the Swedish around it: in the page's left-to-right flow
 * the brackets of "کمون اوورکالیکس (فارسی)" stood on the wrong words, and " på Instagram" ran into it.
 * <bdi> takes its direction from the text's first letter, so a Swedish text with one Arabic word
 * stays left to right.
 */
function isolated(s: string): string {
  return RIGHT_TO_LEFT.test(s) ? `<bdi>${esc(s)}</bdi>` : esc(s);
}

function attr(s: string): string {
  return esc(s);
}

/** The configuration already refuses other schemes; this second guard keeps a javascript: URL from ever becoming a link. */
function isWebUrl(u: string): boolean {
  try {
    const p = new URL(u).protocol;
    return p === "http:" || p === "https:";
  } catch {
    return false;
  }
}

/** The address as a citizen reads it: without scheme and "www.", and "@ÄlvsåkraBibliotek" rather than its percent-escapes. */
function displayUrl(u: string): string {
  try {
    new URL(u);
  } catch {
    return u;
  }
  return readableUrl(u).replace(/^https?:\/\//i, "").replace(/^www\./i, "").replace(/\/$/, "");
}

function telHref(n: string): string {
  return n.replace(/[^\d+]/g, "");
}

function joinSv(items: string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} och ${items[items.length - 1]}`;
}

function longDateSv(d: Date, tz: string): string {
  const { y, m, day } = partsIn(d, tz);
  return `${day} ${MONTHS_SV[m - 1]} ${y}`;
}

function isoDateIn(d: Date, tz: string): string {
  const { y, m, day } = partsIn(d, tz);
  return `${y}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

function partsIn(d: Date, tz: string): { y: number; m: number; day: number } {
  const parts = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "numeric", day: "numeric" }).formatToParts(d);
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return { y: get("year"), m: get("month"), day: get("day") };
}

// Colours meet WCAG AA (text #1b1b1b on #fff ≈ 17:1, links #0a4f8f ≈ 8.6:1, muted #4a4a4a ≈ 8.9:1).
// Below 48em the tables become one card per account: a five-column table cannot be read on a phone.
const CSS = `
*,*::before,*::after{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;line-height:1.5;color:#1b1b1b;background:#fff;-webkit-text-size-adjust:100%}
body{margin:0}
main,footer{max-width:72rem;margin:0 auto;padding:1.5rem 1rem}
h1{font-size:1.75rem;line-height:1.25;margin:0 0 .75rem}
h1 .org{display:block;font-size:1.125rem;font-weight:600;color:#4a4a4a;margin-top:.25rem}
h2{font-size:1.375rem;margin:2rem 0 .75rem}
.lead{font-size:1.0625rem;max-width:45rem}
a{color:#0a4f8f;text-decoration:underline;text-underline-offset:.15em}
a:hover{color:#06335d}
a:focus-visible{outline:3px solid #1b1b1b;outline-offset:2px;background:#fff2b3}
.contact{list-style:none;padding:0;margin:1rem 0;display:flex;flex-wrap:wrap;gap:.5rem 2rem}
table{width:100%;border-collapse:collapse;font-size:.9375rem}
caption{text-align:left;font-weight:600;padding:.5rem 0;color:#4a4a4a}
th,td{text-align:left;vertical-align:top;padding:.625rem .75rem;border-bottom:1px solid #c4c4c4}
thead th{background:#eef1f4;border-bottom:2px solid #1b1b1b}
tbody th{font-weight:600;min-width:12rem}
tbody th a{font-weight:600}
.url{display:block;font-weight:400}
.url,.url-cell{color:#4a4a4a;font-size:.875rem;overflow-wrap:break-word}
.unit{font-weight:600}
.missing{color:#4a4a4a;font-style:italic}
section p{max-width:45rem}
footer{color:#4a4a4a;font-size:.875rem}
footer p{border-top:1px solid #c4c4c4;padding-top:1rem;margin:0}
.platform{white-space:nowrap}
@media (max-width:48em){
  table,thead,tbody,tr,th,td,caption{display:block}
  thead{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
  tr{border:1px solid #c4c4c4;border-radius:.375rem;margin:0 0 1rem;padding:.5rem .75rem}
  th,td{border:0;padding:.25rem 0}
  .platform{white-space:normal}
  tbody th{font-size:1.0625rem}
  td::before{content:attr(data-label) ": ";font-weight:600}
}
@media print{a{color:#1b1b1b}.contact{display:block}}
`;

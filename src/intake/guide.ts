import { shellWord } from "../config/index.ts";
import type { DeliveryItem, GuideFacts, NotHereYet, NotYetTaken } from "./types.ts";

/**
 * The command that records a diary number for a record, as the registrar (or whoever runs somarkiv
 * for them) types it: with --config when somarkiv runs with a file it does not find by itself, quoted
 * for a shell when the path needs it. "somarkiv", as every command somarkiv names: the installation
 * puts it on the PATH (scripts/deploy/README.md). Not "npx somarkiv": typed outside the program's
 * folder, npx asks the public npm registry for a package of that name, and would run whatever
 * anyone had published under it.
 */
export function registeredCommand(recordId: string, configPath?: string, dnr = exampleDnr(recordId)): string {
  const config = configPath ? ` --config ${shellWord(configPath)}` : "";
  return `somarkiv registered ${recordId} --dnr "${dnr}"${config}`;
}

/**
 * A diary number to show as an example, of the year the record was taken in: "KS 2026/123" beside a
 * record of 2028 read as the number to type, and registered then warns of a number of another year.
 */
export function exampleDnr(recordId: string): string {
  return `KS ${/_(\d{4})-H[12]_/.exec(recordId)?.[1] ?? new Date().getFullYear()}/123`;
}

/**
 * The command that delivers a record again from the archive, for a copy the registrar lost; to the
 * one `folder` it was lost from when named: without --intake it went to every intake again, a second
 * e-mail to the registrar and a second post to the case system.
 */
export function deliverAgainCommand(recordId: string, configPath?: string, folder?: string): string {
  const config = configPath ? ` --config ${shellWord(configPath)}` : "";
  return `somarkiv deliver --again ${recordId}${folder ? ` --intake ${shellWord(folder)}` : ""}${config}`;
}

/** The name of the instructions file in the registrar's folder: sorted among the records, it is seen first. */
export const FOLDER_GUIDE = "LÄS MIG – somarkiv.txt";

/**
 * What a delivery gives the folder's LÄS MIG. A record already numbered (by hand, or by an HTTP intake
 * that answered with a number) is not its example: "for the latest, register it with …" asked the
 * registrar to file it a second time.
 */
export function guideFacts(item: DeliveryItem): GuideFacts {
  const org = (item.manifest as { organisation?: { name?: string } }).organisation?.name;
  return { ...(item.dnr ? {} : { recordId: item.recordId }), ...(org ? { organisation: org } : {}), ...(item.configPath ? { configPath: item.configPath } : {}), ...(item.notYetTaken ? { notYetTaken: item.notYetTaken } : {}) };
}

/**
 * What the registrar who opens the intake folder needs to know, where an e-mail would say it: what
 * the files are, where the filing details are, how the diary number gets back to somarkiv, and which
 * accounts have no record of the half-year (a failed capture leaves nothing in the folder, and the
 * registrar would not know the account exists). In Windows' own form (a BOM, CRLF), since the folder
 * is most often opened on a registrar's PC. `folder`: the intake folder it is written in, as configured.
 */
export function folderGuide(facts: GuideFacts, folder?: string): string {
  const org = facts.organisation;
  const example = facts.recordId ?? "HANDLINGENS_ID";
  const lines = [
    `Den här mappen tar emot ögonblicksbilder från somarkiv${org ? `, som ${org} använder för att bevara startsidorna för sina konton i sociala medier` : ""}.`,
    "",
    ...(facts.notYetTaken ? [...notYetTakenLines(facts.notYetTaken), ""] : []),
    ...(facts.notHereYet && (facts.notHereYet.waiting || facts.notHereYet.givenUp) ? [...notHereYetLines(facts.notHereYet), ""] : []),
    "Varje handling är två filer med samma namn:",
    "  <konto>_<period>_v<version>.pdf   – ögonblicksbilden (PDF/A), med registreringsbladet som första sida",
    "  <konto>_<period>_v<version>.json  – metadata och kontrollsummor (SHA-256)",
    "",
    "Registreringsbladet har det som behövs för diarieföringen: ärendemening, konto, period,",
    "tidpunkt, ansvarig, arkivbildare, klassificering, samlingsärende och handlingens id.",
    "Handlingens id är filnamnet utan .pdf.",
    "",
    ...HOW_TO_READ_SV,
    "",
    "När en handling är diarieförd, för in diarienumret i somarkiv (eller be den som sköter somarkiv",
    facts.recordId ? `att göra det), till exempel för den senast levererade, ${facts.recordId}:` : "att göra det), till exempel:",
    `  ${registeredCommand(example, facts.configPath)}`,
    "",
    "somarkiv skriver aldrig över en fil här: en ny version av samma halvår får ett nytt namn (…_v2),",
    "och dess registreringsblad säger varför den togs. somarkiv har sina egna kopior i arkivet.",
    "",
    "Har en handling tagits bort härifrån av misstag, levererar den som sköter somarkiv den igen",
    "ur arkivet (kontrollerad mot sin kontrollsumma), till exempel:",
    `  ${deliverAgainCommand(example, facts.configPath, folder)}`,
    "",
    "Den här filen skrivs av somarkiv och skrivs om vid varje leverans och efter varje körning; den är ingen handling.",
  ];
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/**
 * The sheet's technical rows and the columns of records --csv that a registrar cannot read by their
 * names alone, said once in plain words: without it "SHA-256 för skärmbilden" or "Lagringsnyckel" read
 * as something to act on or to copy into the filing, which they are not.
 */
export const HOW_TO_READ_SV = [
  "Så läser du registreringsbladet och listan från \"somarkiv records --csv\":",
  "  HTTP-status – webbplatsens svar när sidan hämtades. 200 betyder att sidan visades som vanligt.",
  "  SHA-256 för skärmbilden – en kontrollsumma (ett fingeravtryck) av bilden av sidan. Den visar",
  "    att bilden är oförändrad; ändras en enda punkt blir summan en annan. Du behöver inte göra något med den.",
  "    En lång sida är avbildad i delar, och då har varje del sin egen summa (del 1, del 2 …).",
  "  Visning – de inställningar webbläsaren hade (ljust färgläge, minskad rörelse), eftersom vissa",
  "    sidor ser olika ut för olika besökare.",
  "  Sidans storlek – hela sidans bredd × höjd i bildpunkter (px). Står det \"kapad\" var sidan för",
  "    lång för att tas med hel, och raden säger hur mycket som saknas längst ned.",
  "  Cookie-dialog – hur webbplatsens fråga om cookies besvarades. Valfria cookies avvisas där det går.",
  "    \"Cookie-dialogen\" är en ruta över kontots sida. Står det att webbplatsen frågade på en egen sida",
  "    (en samtyckessida) visade den frågan före kontots sida; den syns inte i bilden av kontots sida.",
  "  Slutlig (i listan) – \"ja\" när kontot stängs och handlingen är dess sista ögonblicksbild.",
  "  Lagringsnyckel (i listan) – var somarkivs egen kopia ligger i arkivet. Den behövs inte i",
  "    diarieföringen, men den som sköter somarkiv hittar kopian med den.",
  "  Sökbar text – sidans ord går att söka och kopiera i PDF-filen. Ord som är en del av en bild",
  "    (en affisch, ett fotograferat anslag) syns i bilden men går inte att söka på.",
];

/**
 * The accounts of the half-year that have no record here, each with why when it is known: the
 * registrar otherwise learns of a failed account only if someone thinks to say so.
 */
function notYetTakenLines(n: NotYetTaken): string[] {
  // One account is said as one ("1 konto", "Det konto"): "somarkiv bevarar 1 konton" read as a slip.
  // Two are "båda", and all of them "inget av dem" when none has one: "Alla 2 konton" and "3 av dem" of three read as a form.
  if (!n.accounts.length) return [n.active === 1 ? `Det konto som somarkiv bevarar har en ögonblicksbild för halvåret ${n.period}.` : n.active === 2 ? `Båda kontona som somarkiv bevarar har en ögonblicksbild för halvåret ${n.period}.` : `Alla ${n.active} konton som somarkiv bevarar har en ögonblicksbild för halvåret ${n.period}.`];
  if (n.beforeCaptureMonth && n.takenIn) return beforeCaptureMonthLines(n, n.takenIn);
  return [
    n.active === 1
      ? `somarkiv bevarar 1 konto. Det har ännu ingen ögonblicksbild för halvåret ${n.period}, och syns därför inte här:`
      : `somarkiv bevarar ${n.active} konton. ${n.accounts.length === n.active ? "Inget av dem har ännu någon" : `${n.accounts.length === 1 ? "Ett" : n.accounts.length} av dem har ännu ingen`} ögonblicksbild för halvåret ${n.period}, och syns därför inte här:`,
    ...n.accounts.map((a) => `  – ${a.name}, ${a.url}: ${a.failed ? `försöket ${a.failed.day} misslyckades: ${a.failed.why}` : `inte tagen än${n.takenIn ? ` (den tas i ${n.takenIn})` : ""}`}`),
    // Not "somarkiv tries again by itself": true only where the worker runs; a next run is either.
    "somarkiv försöker igen vid sin nästa körning, och den som sköter somarkiv ser samma lista, med de tekniska",
    "detaljerna om varje fel, i \"somarkiv status\". Du behöver inte göra något nu. Står ett konto",
    "kvar här när halvåret är slut, eller finns kontot inte längre, säg det till den som sköter somarkiv.",
  ];
}

/**
 * Records taken whose files have not come to the folder: "has its snapshot" is of the archive, not of
 * the folder. One waiting comes by itself at a next try; one given up (a file of its name already here,
 * a name the folder cannot take) comes only after a person has acted, which "as soon as it can" hid.
 */
function notHereYetLines(n: NotHereYet): string[] {
  const lines: string[] = [];
  if (n.waiting) lines.push(
    n.waiting === 1 ? "En ögonblicksbild har tagits men har ännu inte kommit fram till den här mappen. somarkiv lämnar den här"
      : `${n.waiting} ögonblicksbilder har tagits men har ännu inte kommit fram till den här mappen. somarkiv lämnar dem här`,
    "så snart det går, och den som sköter somarkiv ser varför i \"somarkiv status\".",
  );
  if (n.givenUp) lines.push(
    n.givenUp === 1 ? "En ögonblicksbild har tagits men kunde inte lämnas i den här mappen, och somarkiv försöker inte igen av sig"
      : `${n.givenUp} ögonblicksbilder har tagits men kunde inte lämnas i den här mappen, och somarkiv försöker inte igen av sig`,
    `själv. Den som sköter somarkiv ser vad som hindrade ${n.givenUp === 1 ? "den" : "dem"} i "somarkiv status" och lämnar ${n.givenUp === 1 ? "den" : "dem"} här när det är ordnat.`,
  );
  return lines;
}

/**
 * Before the capture month no account has its snapshot, as it should be: said calmly, where a list of
 * every account "not taken yet, and so not seen here" read as an alarm. Only an account whose trial
 * capture already failed is named, as it may fail again in the capture month.
 */
function beforeCaptureMonthLines(n: NotYetTaken, month: string): string[] {
  const failed = n.accounts.filter((a) => a.failed);
  const calm = n.active === 1
    ? `Ögonblicksbilden för halvåret ${n.period} tas i ${month}, av det konto som somarkiv bevarar.`
    : `Ögonblicksbilderna för halvåret ${n.period} tas i ${month}, av de ${n.active} konton som somarkiv bevarar.`;
  if (!failed.length) return [calm];
  return [
    calm,
    n.active === 1 ? `Ett försök före ${month} misslyckades:` : `Ett försök före ${month} misslyckades för ${failed.length === 1 ? "ett av dem" : `${failed.length} av dem`}:`,
    ...failed.map((a) => `  – ${a.name}, ${a.url}: försöket ${a.failed!.day} misslyckades: ${a.failed!.why}`),
    `somarkiv försöker igen i ${month}, och den som sköter somarkiv ser samma lista, med de tekniska`,
    "detaljerna om varje fel, i \"somarkiv status\". Du behöver inte göra något nu.",
  ];
}

import path from "node:path";
import os from "node:os";
import { parse, periodsOption } from "../args.ts";
import { readConfig, noLogFile, openLogForReading, lostLogProblem, refuseRootOverServiceData, selectAccounts } from "../context.ts";
import { UsageError, EXIT, failureLine } from "../errors.ts";
import { Spool } from "../../spool/index.ts";
import { print, printData, withConfigNamed } from "../progress.ts";
import { flagMeanings } from "../flags.ts";
import { toCsv } from "../../register/index.ts";
import { RecordLog, RegisterError, type RowNotAsEvents, type RecordRow, type DeliveryRow, type RecordFiling } from "../../log/index.ts";
import { DELIVERY_SV, consentSv, FLAG_SV, STATUS_SV, reasonSv, intakeEn, intakeSv, readableUrl, recordMetadata, recordTitle } from "../../record/metadata.ts";
import { asPasted, checkDnr, farYearNote, holdsControl, looksLikeRecordId, sameNumberNote, unshowable } from "../../record/dnr.ts";
import { SIGNED_IN_SV, takenBecauseSv } from "../../record/sheet.ts";
import { takenEarly } from "../../record/early.ts";
import { deliveryNext, deliverySv, partlyDelivered, reachedEn } from "../../record/partly-delivered.ts";
import { localWriteFailure } from "../../record/local-failure.ts";
import { diaryNumber, errorBesideNextTry, refusedDiaryNumber } from "../../intake/index.ts";
import { TAKEN_BACK_EN, TAKEN_BACK_SV, type TakenBackFrom } from "../../record/taken-back.ts";

/** The diary number an intake's receipt ("HTTP 200 OK: {"dnr": …}") names, when it names one. */
function intakeNumber(receipt: string | null): string | undefined {
  const body = receipt?.replace(/^HTTP \d+[^:]*: /, "");
  return body ? diaryNumber(body) : undefined;
}

/**
 * Why the diary number an intake answered with was not taken: as its delivered event keeps it, or,
 * for a delivery made before the event kept it, as its receipt shows.
 */
export function intakeNumberRefused(d: DeliveryRow): string | undefined {
  const body = d.receipt?.replace(/^HTTP \d+[^:]*: /, "");
  return d.dnrRefused ?? (d.status === "delivered" && body ? refusedDiaryNumber(body) : undefined);
}

/**
 * A diary number an intake answered with that the log could not keep, said wherever the record is
 * listed until a number is recorded by hand: once in the run's progress, it was soon lost from view.
 */
export function intakeNumberRefusedSaid(recordId: string, target: string, why: string): string {
  return `the diary number ${intakeEn(target)} answered with for ${recordId} was not recorded: ${why}. Ask the registrar for the number and record it with: somarkiv registered ${recordId} --dnr "…"`;
}
import { failureErrorNow, formatLocal, formatUtc, gapsInSeries, lastFinishedPeriod, localDate, periodOf, SWEDISH_TIME } from "../../schedule/index.ts";
import { addedIntakesOf, intakeArgument, notReachedByRecord } from "../../record/added-intakes.ts";
import { createIntakeTargets } from "../../intake/index.ts";
import { accountSeries, captureCommandLine, seriesOwner, serviceName, type Config } from "../../config/index.ts";

/** The public shape of a record (SPEC §5), shared by records --json and status --json. */
export function recordJson(r: RecordRow, deliveries: DeliveryRow[], registrations: ReturnType<RecordLog["records"]["registrations"]> = [], takenBackFrom: TakenBackFrom | null = null, notDeliveredTo: string[] = [], timezone?: string) {
  // The next try's time in the organisation's time, as the listings give it.
  const when = timezone ? (iso: string) => formatLocal(new Date(iso), timezone) : undefined;
  return {
    recordId: r.recordId,
    accountId: r.accountId,
    period: r.period,
    version: r.version,
    status: r.status,
    final: r.final,
    capturedAt: r.capturedAt,
    url: r.url,
    finalUrl: r.finalUrl,
    httpStatus: r.httpStatus,
    sha256: r.sha256,
    bytes: r.bytes,
    pages: r.pages,
    storageKey: r.storageKey,
    manifestKey: r.manifestKey,
    manifestSha256: r.manifestSha256,
    // `intake`, `waitingSince` and `next` say a delivery that waits as status says it: to what, since its first failed try, and what becomes of it.
    deliveries: deliveries.map((d) => ({ target: d.target, intake: intakeEn(d.target), status: d.status, attempts: d.attempts, deliveredAt: d.deliveredAt, error: d.error, nextAttemptAt: d.nextAttemptAt, waitingSince: d.waitingSince ?? null, next: deliveryNext(d, when), receipt: d.receipt, ...(intakeNumber(d.receipt) ? { intakeDnr: intakeNumber(d.receipt) } : {}), ...(intakeNumberRefused(d) ? { intakeDnrRefused: intakeNumberRefused(d) } : {}) })),
    // Stored, at one intake and still waiting for another: "stored" alone read as at none.
    partlyDelivered: partlyDelivered(r.status, deliveries),
    // Intakes added to the configuration since it was made, which it has not reached (intakesNotReached):
    // its status "delivered" is of the intakes of its time. Only the half-year in progress is looked at.
    notDeliveredTo,
    dnr: r.dnr,
    // Each number given, and each correction with the number it replaced and why.
    registrations,
    reason: r.reason,
    error: r.error ?? r.storeError,
    consent: r.consent,
    flags: r.flags,
    previousRecordId: r.previousRecordId,
    failureScreenshot: r.failureScreenshot,
    // Not captured by this log: taken back from the spool ("spool") or the store by recover ("store").
    takenBackFrom,
  };
}

/**
 * Records a capture left in the spool before its log entry (cut off, killed), when the log has none:
 * "No records yet" alone hid one that the next run takes into the log and delivers.
 */
function spooledNotLogged(config: Config): string {
  let ids: string[];
  try {
    // Folders named as records only: a half-written one (cut off while its files were written) is no record.
    ids = new Spool(path.join(config.dataDir, "spool")).recordFolders().filter((n) => /^[a-z0-9][a-z0-9-]*_\d{4}-H[12]_v\d+$/.test(n));
  } catch {
    return "";
  }
  if (!ids.length) return "";
  return ` The spool beside the log holds ${ids.length === 1 ? "a record" : `${ids.length} records`} that a capture made but did not get into the log (cut off, or the process killed): ${ids.slice(0, 5).join(", ")}${ids.length > 5 ? ` and ${ids.length - 5} more` : ""}. The next "somarkiv capture", "somarkiv deliver" or worker wake takes ${ids.length === 1 ? "it" : "them"} into the log, stores ${ids.length === 1 ? "it" : "them"} and delivers ${ids.length === 1 ? "it" : "them"}.`;
}

export async function recordsCommand(args: string[]): Promise<number> {
  const { values } = parse("records", args, {
    account: { type: "string", multiple: true },
    period: { type: "string", multiple: true },
    json: { type: "boolean" },
    csv: { type: "boolean" },
  });
  if (values.json && values.csv) throw new UsageError("records: choose one of --json and --csv.");
  const periods = periodsOption(values.period);
  const config = readConfig(values);
  // A log that is not there, empty or knowing no record, beside a store that holds records: the log
  // was lost, and an empty list would read as "nothing was ever captured". Said, and nothing listed.
  const lostLog = await lostLogProblem(config);
  if (lostLog) {
    process.stderr.write(withConfigNamed(`somarkiv records: ${lostLog.situation} No records are listed, since this log has none of them. ${lostLog.remedy}\n`));
    return EXIT.failed;
  }
  const log = openLogForReading(config);
  const now = new Date();
  let rows: ReturnType<typeof recordJson>[];
  let gaps: SeriesGap[] = [];
  let filings = new Map<string, RecordFiling>();
  // The previous snapshot's diary number beside its id, as the sheet gives it: the registrar finds it by its number.
  let dnrOf = new Map<string, string>();
  let notAsEvents: ReturnType<RecordLog["records"]["rowsNotAsEvents"]> = [];
  // Each record's deliveries as the log gives them, with their last errors' parts, for the listing's lines.
  const deliveriesOf = new Map<string, DeliveryRow[]>();
  try {
    notAsEvents = log?.records.rowsNotAsEvents() ?? [];
    const takenBack = log?.records.takenBack();
    // An account's series takes in the records under the ids it had before (formerIds), each under its own id.
    const series = accountSeries(config.accounts);
    // Records of the half-year in progress made before an intake was added, as status names them.
    const notReached = log ? notReachedByRecord(addedIntakesOf(log, createIntakeTargets(config.intake).map((t) => t.name), periodOf(now, config.schedule.timezone))) : new Map<string, string[]>();
    // A failed attempt's error as status says it today: a not-loaded failure's note of the capture month
    // is of the day it was said, and read after that month had begun it told of a month already come.
    const said = (r: RecordRow): RecordRow => ({ ...r, error: failureErrorNow(r, now, config.schedule.months, config.schedule.timezone) });
    rows = log ? listedAsEvents(log, { accountId: values.account?.flatMap((id) => series.ids(id)), periods }, notAsEvents).map((r) => {
      const deliveries = log.records.deliveries(r.recordId);
      deliveriesOf.set(r.recordId, deliveries);
      return recordJson(said(r), deliveries, log.records.registrations(r.recordId), takenBack?.get(r.recordId), notReached.get(r.recordId), config.schedule.timezone);
    }) : [];
    if (log) filings = log.records.filings();
    if (values.csv && log) dnrOf = new Map(log.records.numbered().map((n) => [n.recordId, n.dnr]));
    if (log) gaps = seriesGaps(config, log.records.seriesFacts(accountSeries(config.accounts)), rows, { accountId: values.account, periods }, now);
    // An account taken out of the configuration still has its records in the log, and they are
    // listed; only an id that neither the configuration nor the log knows is a mistake.
    for (const id of values.account ?? []) {
      if (config.accounts.some((a) => a.id === id) || rows.some((r) => r.accountId === id)) continue;
      if (!log?.records.list({ accountId: [id] }).length) selectAccounts(config, [id]);
    }
  } finally {
    log?.close();
  }
  // Said before the rows, and beside the data of --csv and --json, so that no export is taken as fact unwarned.
  for (const line of rowsNotAsEventsSaid(notAsEvents)) {
    if (values.json || values.csv) process.stderr.write(withConfigNamed(`somarkiv records: ${line}\n`));
    else print(line);
  }
  // Taken before its half-year's capture month, as its filing says where the log kept one that says
  // it either way, whatever the schedule has become since. Of a record whose filing does not (made
  // before somarkiv noted it) the log keeps no schedule either: it is known only from its capture
  // time (takenEarly), and the list and the CSV's "Skäl" say what is not known, where they read as
  // the half-year's snapshot.
  const earliness = new Map(rows.filter((r) => r.status !== "failed").map((r) => {
    const filing = filings.get(r.recordId);
    return [r.recordId, takenEarly({ ...r, beforeHalfYearChange: filing?.beforeHalfYearChange }, false)] as const;
  }));
  if (values.json) {
    // What the sheet and the CSV file it under, in the same fields: `reason` is why a capture
    // failed, `takenBecause` why a snapshot was taken (capture --reason),
    // `signedIn` whether it was taken with the account's saved login session (null for a failed attempt,
    // and for a record made before somarkiv said it either way: unknown, not "no"), `consentButtonsSeen`
    // the labels of a cookie dialog's buttons left over the page, as the sheet names them (null where
    // none were kept: no dialog was left, or the record was made before somarkiv kept them).
    printData(JSON.stringify(rows.map((r) => {
      const filing = r.status === "failed" ? undefined : filings.get(r.recordId) ?? filingNow(config, r);
      // What the registrar files it by, as the CSV's columns Konto to Bevaras/gallras give it (filedBy): of a failed attempt the account's name and service only.
      const filed = filedBy(config, r, r.status === "failed" ? undefined : filings.get(r.recordId));
      return { ...r, title: filing?.title ?? null, accountName: filed.accountName ?? null, service: filed.service ?? null, creator: filed.creator ?? null, documentType: filed.documentType ?? null, collectiveCase: filing?.collectiveCase ?? null, classification: filing?.classification ?? null, retention: filed.retention ?? null, takenBecause: filing?.takenBecause ?? null, consentButton: filing?.consentButton ?? null, consentPage: filing ? filing.consentPage === true : null, consentButtonsSeen: filing?.consentButtonsSeen ?? null, signedIn: filing?.signedIn ?? null };
    }), null, 2));
    // The array holds records (SPEC §5) and a gap is none: said beside it, as the CSV and the listing
    // give it a row, so that a series read from --json is not taken as whole.
    for (const g of gaps) process.stderr.write(withConfigNamed(`somarkiv records: ${gapSaid(g)}\n`));
  } else if (values.csv) {
    const inDoubt = new Map(notAsEvents.map((n) => [n.recordId, n]));
    process.stdout.write(toCsv(
      ["Handlingens id", "Titel", "Konto", "Plattform", "Arkivbildare", "Handlingstyp", "Klassificering", "Samlingsärende", "Bevaras/gallras", "Kontots id", "Period", "Version", "Status", "Slutlig", "Tidpunkt (svensk tid)", "Tidpunkt (UTC)", "Begärd adress", "Nådd adress", "HTTP-status", "SHA-256 (PDF)", "SHA-256 (manifest)", "Storlek (byte)", "Sidor", "Lagringsnyckel", "Leveranser", "Diarienummer", "Rättelser av diarienummer", "Avvikelse i loggen", "Orsak", "Fel (för driften)", "Cookie-dialog", "Anmärkningar", "Föregående", "Skäl", "Inloggning", "Återtagen i loggen"],
      // In the words of the record sheet, for the registrar who opens it in Excel; --json keeps the codes.
      // The account by its id, called so: the sheet's and the public list's "Konto" is its name
      // ("Demokommunen"), and a column "Konto" holding "facebook-demokommunen" said the same word of another thing.
      // What the registrar files by (the sheet's rows Konto to Bevaras/gallras, in its order) comes next
      // to the title, before the technical columns: without them the registrar opened each PDF to file it.
      // The time as the record sheet gives it, in Swedish time whatever schedule.timezone, beside UTC in the
      // sheet's form too (to the second, "UTC" after it), where ISO with milliseconds read as another time.
      inSeriesOrder(rows, gaps).map((r) => {
        // A half-year with no snapshot has a row of its own, so that the registrar's listing shows the gap:
        // no record id nor anything of a record, as there is none.
        if ("gap" in r) return [undefined, undefined, ...filingColumns(config, { ...r, final: false }, undefined), r.accountId, r.period, undefined, "saknas", undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, gapSv(r), undefined, undefined, undefined, undefined, undefined, undefined, undefined];
        // A row changed outside somarkiv is listed as its chained events say (listedAsEvents), and the
        // row says so in a column of its own, where the file carried the hand-written values as fact.
        const doubt = inDoubt.get(r.recordId);
        const dnr = r.dnr;
        const filing = r.status === "failed" ? undefined : filings.get(r.recordId) ?? filingNow(config, r);
        return [r.recordId, filing?.title, ...filingColumns(config, r, filing), r.accountId, r.period, r.version, statusSv(r), r.final ? "ja" : "nej", formatLocal(new Date(r.capturedAt), SWEDISH_TIME), formatUtc(r.capturedAt), r.url && readableUrl(r.url), r.finalUrl && readableUrl(r.finalUrl), r.httpStatus, r.sha256, r.manifestSha256, r.bytes, r.pages, r.storageKey,
          [...r.deliveries.map((d) => deliverySv(d, DELIVERY_SV[d.status] ?? d.status, (iso) => formatLocal(new Date(iso), SWEDISH_TIME))), ...r.notDeliveredTo.map(notDeliveredSv)].join(", "), dnr, correctionsSv(r.registrations), doubt && doubtSv(doubt), r.reason && reasonSv(r.reason, r.httpStatus), operatorError(r), r.consent && consentSv(r.consent, filing?.consentButton, r.flags, filing?.consentButtonsSeen, filing?.consentPage === true), filing?.remarks ?? r.flags.map((f) => FLAG_SV[f] ?? f).join("; "), r.previousRecordId && (dnrOf.has(r.previousRecordId) ? `${r.previousRecordId}, diarienummer ${dnrOf.get(r.previousRecordId)}` : r.previousRecordId), r.status === "failed" ? undefined : takenBecauseSv({ ...r, takenBecause: filing?.takenBecause, beforeHalfYearChange: filing?.beforeHalfYearChange, afterEarlySnapshot: filing?.afterEarlySnapshot, earlyNotKnown: earliness.get(r.recordId) === null }),
          filing?.signedIn ? SIGNED_IN_SV : undefined, r.takenBackFrom && TAKEN_BACK_SV[r.takenBackFrom]];
      }),
    ));
  } else if (rows.length === 0 && gaps.length === 0) {
    // Said for what was asked: "no records yet" for a period or an account read as an empty log.
    const asked = [periods ? `for ${periods.join(", ")}` : "", values.account?.length ? `of ${values.account.join(", ")}` : ""].filter(Boolean).join(" ");
    // An emptied log file is named: "no records yet" of a log that once held some hid that it was emptied.
    const empty = noLogFile(config) === "empty";
    print(asked ? `No records ${asked}.` : empty ? `No records: the log ${config.database} is empty (0 bytes). If records were made before, it was emptied: put the latest backup of it back (made with "somarkiv backup").` : `No records yet.${spooledNotLogged(config)}`);
  } else {
    const { timezone } = config.schedule;
    const early = new Set([...earliness].filter(([, e]) => e === true).map(([id]) => id));
    const notKnown = new Set([...earliness].filter(([, e]) => e === null).map(([id]) => id));
    for (const line of recordLines(rows, timezone, gaps, early, notKnown, deliveriesOf)) print(line);
  }
  // A row that differs from its events is a fault of the log, whatever the format: a script exporting
  // the CSV for the registrar never sees the warning on stderr, and learns it by the exit code.
  return notAsEvents.length ? EXIT.failed : EXIT.ok;
}

/** An intake added since, in the CSV's "Leveranser": the registrar decides whether it is to have the record. */
function notDeliveredSv(target: string): string {
  return `${intakeSv(target)}: inte levererad (lades till i konfigurationen efter att handlingen gjordes; skickas dit bara om någon begär det)`;
}

/** The CSV's Status: "levererad" is every intake's, so a record an intake added since lacks is said to be delivered in part. */
function statusSv(r: { status: string; notDeliveredTo: string[]; partlyDelivered: boolean }): string {
  if ((r.status === "delivered" && r.notDeliveredTo.length) || r.partlyDelivered) return "delvis levererad";
  return STATUS_SV[r.status as keyof typeof STATUS_SV] ?? r.status;
}

/** The CSV's "Avvikelse i loggen" of a row changed outside somarkiv (or its events), for the registrar who reads it in Excel. */
function doubtSv({ sv, eventsChanged }: { sv: string; eventsChanged?: true }): string {
  if (eventsChanged) return `I tvivel: ${sv.replace(/^dess /, "handlingens ")}, utanför somarkiv; det som står här är loggens rad som den står, som händelserna inte kan bekräfta. Kör "somarkiv verify" och säg till arkivansvarig.`;
  return `I tvivel: loggens rad har ändrats utanför somarkiv (${sv}); det som står här är det som händelserna i loggen säger, inte raden. Kör "somarkiv verify" och säg till arkivansvarig.`;
}

/**
 * The log's records, each as its chained events say where its row was changed by hand (a checksum,
 * an account, a time): a listing gives those, not the row, so that a forged value is never read as
 * fact. A row whose account or period was changed is chosen by the account and period it was captured
 * for, not by the changed ones.
 */
export function listedAsEvents(log: RecordLog, filter: { accountId?: string[]; periods?: string[] }, notAsEvents: RowNotAsEvents[]): RecordRow[] {
  const moved = notAsEvents.some((n) => n.asEvents.accountId !== undefined || n.asEvents.period !== undefined);
  const rows = rowsAsEvents(log.records.list(moved ? {} : filter), notAsEvents);
  if (!moved) return rows;
  return rows.filter((r) => (!filter.accountId?.length || filter.accountId.includes(r.accountId)) && (!filter.periods?.length || filter.periods.includes(r.period)));
}

/** Rows read of the log, each as its chained events say it where they differ (listedAsEvents of rows read already). */
export function rowsAsEvents(rows: RecordRow[], notAsEvents: RowNotAsEvents[]): RecordRow[] {
  const asEvents = new Map(notAsEvents.map((n) => [n.recordId, n.asEvents]));
  return rows.map((r) => ({ ...r, ...asEvents.get(r.recordId) }));
}

/**
 * Rows of the log that do not say what their chained events say, for the registrar (Swedish first)
 * and the operator: what is listed for them may be a number or a state written by hand. Only verify
 * can say more, from the store, so it is named.
 */
export function rowsNotAsEventsSaid(all: Array<{ recordId: string; en: string; sv: string; eventsChanged?: true }>): string[] {
  if (!all.length) return [];
  const rows = all.filter((r) => !r.eventsChanged);
  const events = all.filter((r) => r.eventsChanged);
  const sv: string[] = [], en: string[] = [];
  if (rows.length) {
    sv.push(`loggens rader för ${rows.map((r) => `${r.recordId} (${r.sv})`).join("; ")} stämmer inte med deras händelser: de har ändrats utanför somarkiv. Det som visas för dem är det som händelserna säger, inte raderna.`);
    en.push(`the log's rows for ${rows.map((r) => `${r.recordId} (${r.en})`).join("; ")} do not match their events: they were changed outside somarkiv. What is shown for them is what their events say, not the rows.`);
  }
  // Their events say nothing of them any more: the rows are all there is to show, and are not to be taken as proven.
  if (events.length) {
    const many = events.length > 1;
    sv.push(`${events.map((r) => `${r.recordId}: ${r.sv}`).join("; ")}, utanför somarkiv. Det som visas för ${many ? "dem är deras rader som de står" : "den är dess rad som den står"}, som händelserna inte kan bekräfta.`);
    en.push(`${events.map((r) => `${r.recordId}: ${r.en}`).join("; ")}, outside somarkiv. What is shown for ${many ? "them is their rows as they stand" : "it is its row as it stands"}, which ${many ? "their" : "its"} events cannot confirm.`);
  }
  return [
    `VARNING: ${sv.join(" ")} Kör "somarkiv verify" och säg till arkivansvarig.`,
    `WARNING: ${en.join(" ")} Run "somarkiv verify" and tell the records manager.`,
  ];
}

/** Who runs this command, as the machine knows them: "anna@kommun-srv01"; kept with a diary number given by hand. */
export function whoRuns(): string {
  let user = process.env.USER ?? process.env.USERNAME ?? "";
  try { user = os.userInfo().username; } catch { /* a user without a name in the system's list */ }
  return `${user || "unknown"}@${os.hostname()}`;
}

/**
 * The column for the operator: why a capture failed, or why an upload or a delivery has not gone
 * through yet ("Leveranser" says only "misslyckad, kräver åtgärd"), each named with its intake.
 */
function operatorError(r: ReturnType<typeof recordJson>): string | undefined {
  if (r.error) return r.error;
  const open = r.deliveries.filter((d) => d.status !== "delivered" && d.error).map((d) => `${intakeEn(d.target)}: ${d.error}`);
  return open.length ? open.join("; ") : undefined;
}

/**
 * Each correction of the record's diary number, with the number it replaced and why, as the text
 * listing says them: "KS 2026/310 (rättat från KS 2026/301: skälet)". A column of its own beside
 * the number, which stays as it is for sorting.
 */
function correctionsSv(registrations: ReturnType<typeof recordJson>["registrations"]): string {
  return registrations.filter((g) => g.corrects).map((g) => `${g.dnr} (rättat från ${g.corrects}: ${g.reason})`).join("; ");
}

/** A half-year of an account's series with no snapshot (gapsInSeries), and whether a failed attempt at it is in the log. */
export interface SeriesGap { gap: true; accountId: string; period: string; tried: boolean; lastFinished: boolean }

/**
 * The gaps in the listed accounts' series, as asked for (--account, --period): each half-year since an
 * account's first record that ended with no snapshot. Once the next half-year had ended, one nobody
 * even tried (the worker not running) had no row here, and the listing read as a whole series. Pure:
 * the log's series facts (RecordLog.records.seriesFacts) and the time are passed in.
 */
export function seriesGaps(config: Pick<Config, "accounts" | "schedule">, facts: ReturnType<RecordLog["records"]["seriesFacts"]>, rows: Array<{ accountId: string; period: string; status: string }>, filter: { accountId?: string[]; periods?: string[] }, now: Date): SeriesGap[] {
  // The listing's own now, as its rows are read at: a clock read here could fall in the next half-year.
  const lastFinished = lastFinishedPeriod(now, config.schedule.timezone);
  return gapsInSeries({ lastFinished, accounts: config.accounts, ...facts })
    .filter((g) => !filter.accountId?.length || filter.accountId.includes(g.accountId))
    .flatMap((g) => g.periods.filter((p) => !filter.periods || filter.periods.includes(p))
      .map((period) => ({ gap: true as const, accountId: g.accountId, period, tried: rows.some((r) => seriesOwner(config.accounts, r.accountId) === g.accountId && r.period === period && r.status === "failed"), lastFinished: period === lastFinished })));
}

/** The records and the gaps between them in the listing's order: by half-year, then account, a gap after the failed attempts at it. */
function inSeriesOrder<R extends { accountId: string; period: string }>(rows: R[], gaps: SeriesGap[]): Array<R | SeriesGap> {
  const key = (x: { accountId: string; period: string }) => `${x.period}\u0000${x.accountId}`;
  // Array.sort is stable: the records keep the log's order within a half-year and an account.
  return [...rows, ...gaps].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** What the registrar reads of a gap, in the column "Orsak" and the listing. */
function gapSv(g: SeriesGap): string {
  return `ingen ögonblicksbild togs av ${g.period} (${g.tried ? "försöken misslyckades" : "inget försök finns i loggen"})`;
}

/** A gap as the listing and the stderr of --json say it, the registrar's Swedish first. */
function gapSaid(g: SeriesGap): string {
  return `${g.accountId} ${g.period}: saknas: ${gapSv(g)}. No snapshot of ${g.period} was taken (${g.tried ? "every attempt failed" : "nothing was tried"}): the series has a gap there; ${g.lastFinished ? `to make it up: ${captureCommandLine({ accounts: [g.accountId], period: g.period })}` : "it cannot be taken any more, as a snapshot now would show the account as it is today"}`;
}

/**
 * The operator's listing: a heading, then one line a record. A record stored but not yet with the
 * registrar names the intake it waits for and when the next try is, so the one line says what is
 * left to happen to it (status says the same per account; this is per record).
 */
/** `deliveriesOf`: each record's deliveries as the log gives them, whose last errors keep their parts apart. */
export function recordLines(rows: ReturnType<typeof recordJson>[], timezone: string, gaps: SeriesGap[] = [], early: ReadonlySet<string> = new Set(), earlyNotKnown: ReadonlySet<string> = new Set(), deliveriesOf: ReadonlyMap<string, DeliveryRow[]> = new Map()): string[] {
  const idWidth = Math.max("Record id".length, ...rows.map((r) => r.recordId.length));
  const line = (id: string, status: string, at: string, details: string) => `${id.padEnd(idWidth)}  ${status.padEnd(10)} ${at.padEnd(24)}  ${details}`;
  return [
    // In the organisation's time, as the sheet, the CSV and status give it: UTC alone was hours off.
    line("Record id", "Status", "Captured", "Details"),
    ...inSeriesOrder(rows, gaps).map((r) => {
      if ("gap" in r) return line("–", "missing", "–", gapSaid(r));
      const at = formatLocal(new Date(r.capturedAt), timezone);
      if (r.status === "failed") return line(r.recordId, r.status, at, `FAILED (${r.reason}): ${r.error}`);
      const details = [`${r.pages} pages`, `${r.bytes} bytes`, `sha256 ${r.sha256?.slice(0, 16)}…`];
      if (r.dnr) {
        const corrected = r.registrations.filter((g) => g.corrects).map((g) => `corrected from ${g.corrects}: ${g.reason}`);
        details.push(`dnr ${r.dnr}${corrected.length ? ` (${corrected.join("; ")})` : ""}`);
      }
      if (r.flags.includes("final")) details.push("closing record");
      // A made-up half-year (capture --period, or a run that went on past the half-year's end) is no
      // snapshot of that half-year's page: said here as its sheet says it, so the list is not read so.
      if (r.flags.includes("after-period")) details.push(`taken after ${r.period} ended: it shows the page as it was when taken, not as it was in ${r.period}`);
      // A trial before the capture month is a record of its day, as its sheet says ("tagen före den
      // månad då periodens ögonblicksbild tas"): its line must not read as the half-year's snapshot.
      if (early.has(r.recordId)) details.push(`taken before ${r.period}'s capture month: a record of that day only, not ${r.period}'s half-year snapshot, which is taken in that month`);
      if (earlyNotKnown.has(r.recordId)) details.push(`its log entry does not say whether it was taken before ${r.period}'s capture month (until December 2026 somarkiv noted it there only when it was): whether it is ${r.period}'s half-year snapshot or a record of that day only is not known`);
      if (r.takenBackFrom) details.push(TAKEN_BACK_EN[r.takenBackFrom]);
      // A number the intake gave that is not the record's (it had one given by hand, or the intake's could not be kept): said, every time.
      for (const d of r.deliveries) if (d.intakeDnr && d.intakeDnr !== r.dnr) details.push(`${intakeEn(d.target)} gave diary number ${d.intakeDnr}, which the log does not have${r.dnr ? ` (it has ${r.dnr})` : ""}: ask the registrar which is right`);
      if (!r.dnr) for (const d of r.deliveries) if (d.intakeDnrRefused) details.push(intakeNumberRefusedSaid(r.recordId, d.target, d.intakeDnrRefused));
      // What the record says it may not show as a person sees it, as status and capture say it.
      const worth = flagMeanings(r.flags);
      if (worth.length) details.push(`look at it: ${worth.join("; ")}`);
      if (r.notDeliveredTo.length) details.push(notDeliveredSaid(r));
      // The intakes that have it before those it waits for: the registrar may already have filed it from one.
      if (r.partlyDelivered) details.push(`delivered to ${reachedEn(r.deliveries)}, not yet to every intake`);
      for (const d of r.deliveries) {
        if (d.status === "delivered") continue;
        const tries = `${d.attempts === 1 ? "1 try" : `${d.attempts} tries`}${d.waitingSince ? ` since ${formatLocal(new Date(d.waitingSince), timezone)}` : ""}`;
        details.push(d.status === "failed"
          ? `NOT DELIVERED to ${intakeEn(d.target)} (${tries}; needs a person): ${d.error}`
          // The next try is said by the line (its time, and what tries it): not again by the error's own "it will be tried again".
          : `waits for delivery to ${intakeEn(d.target)}${d.attempts ? ` (${tries}${d.nextAttemptAt ? `, next ${formatLocal(new Date(d.nextAttemptAt), timezone)}` : ""})${d.error ? `: ${d.nextAttemptAt || r.partlyDelivered ? errorBesideNextTry(deliveriesOf.get(r.recordId)?.find((x) => x.target === d.target) ?? d) : d.error}` : ""}` : ""}${r.partlyDelivered ? `; ${deliveryNext(d, (iso) => formatLocal(new Date(iso), timezone))}` : ""}`);
      }
      if (r.status === "captured") details.push(r.error ? `not yet stored: ${r.error}` : "not yet stored");
      // "delivered" is every intake's (README): one an intake added since lacks, or one stored and at
      // some of its intakes only, is delivered in part.
      return line(r.recordId, (r.status === "delivered" && r.notDeliveredTo.length) || r.partlyDelivered ? "partly" : r.status, at, details.join(", "));
    }),
  ];
}

/** A record an intake added since lacks, in the listing: where it is, where not, and the command that sends it. */
function notDeliveredSaid(r: { recordId: string; deliveries: Array<{ target: string; status: string }>; notDeliveredTo: string[] }): string {
  const reached = r.deliveries.filter((d) => d.status === "delivered").map((d) => intakeEn(d.target));
  const send = r.notDeliveredTo.map((t) => `somarkiv deliver --again ${r.recordId} --intake ${intakeArgument(t)}`).join("; ");
  return `delivered ${reached.length ? `to ${reached.join(" and ")} ` : ""}but NOT to ${r.notDeliveredTo.map(intakeEn).join(" nor to ")}, added to the configuration since; nothing sends it there by itself (if that intake is to have it: ${send}; if the registrar filed it from the other intake, sending it would file it twice)`;
}

/**
 * A record from before the log kept its filing details: as its sheet would give them from the
 * configuration now, for an account the configuration still has; none for one it no longer has.
 */
function filingNow(config: Config, r: { accountId: string; period: string; final: boolean }): RecordFiling | undefined {
  const account = config.accounts.find((a) => a.id === r.accountId);
  if (!account) return undefined;
  const meta = recordMetadata(config, account, r.period);
  return { title: recordTitle(account, r.period, r.final), collectiveCase: meta.collectiveCase, classification: meta.classification, ...accountNow(config, r.accountId), creator: meta.creator, documentType: meta.documentType, retention: meta.retention };
}

/** The account's name and service as the sheet gives them, from the configuration now; none for an account it no longer has. */
function accountNow(config: Config, accountId: string): { accountName?: string; service?: string } {
  const account = config.accounts.find((a) => a.id === accountId);
  return account ? { accountName: account.name, service: serviceName(account) } : {};
}

/**
 * The CSV's filing columns, Konto to Bevaras/gallras, as the record's sheet gives them (`filing`: the
 * log's, else filingNow's). Those the log did not keep yet when it was made (before 2026-12) are the
 * configuration's now, for an account it still has; of one taken out of it since they are empty, as
 * only the record's sheet and its manifest in the store say them. A failed attempt and a gap are filed
 * by nobody and have no filing: the account's name and service only, so that the registrar knows whose.
 */
function filingColumns(config: Config, r: { accountId: string; period: string; final: boolean }, filing: RecordFiling | undefined): Array<string | undefined> {
  const f = filedBy(config, r, filing);
  return [f.accountName, f.service, f.creator, f.documentType, f.classification, f.collectiveCase, f.retention];
}

/** What the record is filed by, as filingColumns says: the CSV's columns Konto to Bevaras/gallras, and --json's fields of the same. */
function filedBy(config: Config, r: { accountId: string; period: string; final: boolean }, filing: RecordFiling | undefined): Pick<RecordFiling, "accountName" | "service" | "creator" | "documentType" | "classification" | "collectiveCase" | "retention"> {
  if (!filing) return accountNow(config, r.accountId);
  const now = filingNow(config, r);
  const kept = (k: "accountName" | "service" | "creator" | "documentType" | "retention") => filing[k] ?? now?.[k];
  // Classification and collective case were kept from the first filing on: one the log has without them had none on its sheet.
  return { accountName: kept("accountName"), service: kept("service"), creator: kept("creator"), documentType: kept("documentType"), classification: filing.classification, collectiveCase: filing.collectiveCase, retention: kept("retention") };
}

export async function registeredCommand(args: string[]): Promise<number> {
  const { values, positionals } = parse("registered", args, { dnr: { type: "string" }, correct: { type: "string" } }, true);
  // The registrar runs this command: what is wrong with it is said in Swedish first, then in English.
  if (positionals.length > 1 && values.dnr) {
    const whole = [values.dnr, ...positionals.slice(1)].join(" ");
    throw new UsageError(`diarienumret har mellanslag och ska stå inom citattecken: --dnr "${whole}"\nthe diary number has a space in it and goes in quotation marks: somarkiv registered ${positionals[0]} --dnr "${whole}"`);
  }
  if (positionals.length !== 1) throw new UsageError('registered behöver ett handlings-id: somarkiv registered HANDLINGENS_ID --dnr "KS 2026/123"\nregistered needs one record id: somarkiv registered RECORD_ID --dnr "KS 2026/123"');
  if (!values.dnr?.trim()) throw new UsageError('registered behöver diarienumret: --dnr "KS 2026/123"\nregistered needs the diary number: --dnr "KS 2026/123"');
  const checked = checkDnr(values.dnr);
  if ("problem" in checked) throw new UsageError(`registered: ${checked.sv}. Inget sparades.\nregistered: ${checked.problem}. Nothing was recorded.`);
  const { dnr } = checked;
  const reason = values.correct?.trim();
  if (values.correct !== undefined && !reason) throw new UsageError('--correct behöver skälet, för loggen: --correct "fel nummer skrevs in"\n--correct needs the reason, for the log: --correct "wrong number typed"');
  // The reason is one line in records and the CSV: a line break pasted into it split the record's line in two.
  if (reason && holdsControl(reason))
    throw new UsageError('skälet i --correct har en radbrytning; skriv det på en rad. Inget sparades.\nthe reason given with --correct holds a line break; write it on one line. Nothing was recorded.');
  // Kept in the log for good and shown in the CSV, where a direction mark makes the words read backwards.
  const odd = reason ? unshowable(reason) : undefined;
  if (odd) throw new UsageError(`skälet i --correct har ${odd.code}, ${odd.sv}; skriv skälet på nytt. Inget sparades.\nthe reason given with --correct holds ${odd.code}, ${odd.en}; type the reason anew. Nothing was recorded.`);
  const config = readConfig(values);
  refuseRootOverServiceData(config);
  // No log here: the command was run with another configuration than the archive's (pasted without
  // --config), or the log is lost. A new empty log made here said "no such record" of one that exists.
  const noLog = noLogFile(config);
  if (noLog) {
    const file = config.source.endsWith("(embedded defaults)") ? "utan konfigurationsfil (somarkivs inbyggda standard)" : `med konfigurationen ${config.source}`;
    const fileEn = config.source.endsWith("(embedded defaults)") ? "with no configuration file (somarkiv's embedded defaults)" : `with the configuration ${config.source}`;
    throw new UsageError(`${noLog === "empty" ? `Loggen ${config.database} är tom (0 byte)` : `Det finns ingen logg i ${config.database}`}, där somarkiv ${file} letar. Kör kommandot med arkivets konfigurationsfil (--config FIL, som i e-postmeddelandet med handlingen), eller be IT om hjälp. Inget sparades.\n`
      + `${noLog === "empty" ? `The log ${config.database} is empty (0 bytes)` : `There is no log at ${config.database}`}, where somarkiv ${fileEn} looks. Run the command with the archive's configuration file (--config FILE, as in the e-mail with the record). Nothing was recorded.`);
  }
  let log: RecordLog;
  try {
    log = RecordLog.open(config.database, { place: config });
  } catch (e) {
    const unusable = logUnusable(e);
    if (unusable === undefined) throw e;
    return unusable;
  }
  try {
    // The id as pasted from the e-mail or a list in Word: in curly quotes, with characters that show as nothing.
    const recordId = log.records.findId(asPasted(positionals[0]!)) ?? positionals[0]!;
    refuseRecordIdAsDnr(log, recordId, dnr);
    if (reason) {
      const before = log.records.get(recordId)?.dnr;
      const r = log.records.correctRegistration(recordId, dnr, reason, "cli", whoRuns());
      // The registrar runs this command (the e-mail with each record says how): what it did is said in
      // Swedish first, then in the operator's English.
      print(before === r.dnr
        ? `Handlingen ${r.recordId} har redan diarienummer ${r.dnr}; inget att rätta.\nRecord ${r.recordId} already has diary number ${r.dnr}; nothing to correct.`
        : `Handlingens ${r.recordId} diarienummer är rättat från ${before} till ${r.dnr}; ${before} och skälet finns kvar i handlingens historik.\nRecord ${r.recordId}'s diary number is corrected from ${before} to ${r.dnr}. The log keeps ${before} and the reason in the record's history.`);
      // The right number can be mistyped too: checked as a first one is.
      if (before !== r.dnr) for (const note of numberNotes(log, config, r.recordId, r.dnr!)) printNote(note);
      return EXIT.ok;
    }
    const r = log.records.register(recordId, dnr, "cli", whoRuns());
    print(`Handlingen ${r.recordId} är diarieförd med diarienummer ${r.dnr}.\nRecord ${r.recordId} is registered with diary number ${r.dnr}.`);
    for (const note of registrationNotes(log, config, r.recordId, r.dnr!)) printNote(note);
    return EXIT.ok;
  } catch (e) {
    // Each refusal is of what was typed (an id, a second number), as an unknown account id is for capture.
    if (e instanceof RegisterError) {
      // The registrar runs this command: the refusal in Swedish first, then in the operator's English.
      process.stderr.write(withConfigNamed(`somarkiv registered: ${e.sv}\n${e.message}\n`));
      return EXIT.usage;
    }
    const unusable = logUnusable(e);
    if (unusable !== undefined) return unusable;
    throw e;
  } finally {
    log.close();
  }
}

/**
 * A record's id given as its diary number (the next id in the list pasted for the number): refused, as
 * it would stand as the record's number on every listing. Said with the command as meant; when the
 * two were swapped (the number given as the record), with them in their places.
 */
function refuseRecordIdAsDnr(log: RecordLog, recordId: string, dnr: string): void {
  const asId = log.records.findId(dnr) ?? (looksLikeRecordId(dnr) ? dnr : undefined);
  if (!asId) return;
  const swapped = !log.records.findId(recordId) && !looksLikeRecordId(recordId);
  const meant = swapped ? `somarkiv registered ${asId} --dnr "${recordId}"` : `somarkiv registered ${recordId} --dnr "DIARIENUMMER"`;
  const meantEn = swapped ? meant : `somarkiv registered ${recordId} --dnr "DIARY NUMBER"`;
  throw new RegisterError(
    `the diary number given, ${dnr}, is a record's id, not a diary number${swapped ? " (the record id and the number are swapped)" : ""}. Nothing was recorded. Give the number from the diary: ${meantEn}`,
    `diarienumret som angavs, ${dnr}, är ett handlings-id, inte ett diarienummer${swapped ? " (handlings-id och nummer har bytt plats)" : ""}. Inget sparades. Ange numret från diariet: ${meant}`);
}

/**
 * The log cannot be used (damaged, not a log, on a full or read-only disk): the registrar, who runs
 * `registered`, cannot mend that, and is told so in Swedish first; the English line that follows
 * says IT what to do. Undefined for any other error.
 */
function logUnusable(e: unknown): number | undefined {
  if (!localWriteFailure(e)) return undefined;
  process.stderr.write(withConfigNamed(`somarkiv registered: diarienumret kunde inte sparas, eftersom somarkivs logg inte går att använda (meddelandet på engelska nedan säger varför och vad som ska göras). Inget sparades. Be IT om hjälp och kör sedan kommandot igen.\n${failureLine("registered", e)}\n`));
  return EXIT.failed;
}

/** A note in Swedish, then in English (the two lines of the note). */
function printNote(note: string): void {
  const [sv, en] = note.split("\n");
  print(`Obs: ${sv}`);
  print(`Note: ${en}`);
}

/**
 * What is noted of the number itself, given first or as a correction: the same number on another
 * snapshot, and a year still to come, far from the year the record was taken.
 */
function numberNotes(log: RecordLog, config: Config, recordId: string, dnr: string): string[] {
  const same = sameNumberNote(config, log.records.numbered(), recordId, dnr);
  const taken = log.records.get(recordId)?.capturedAt;
  const tz = config.schedule.timezone;
  const far = taken ? farYearNote(recordId, dnr, Number(localDate(new Date(taken), tz).slice(0, 4)), Number(localDate(new Date(), tz).slice(0, 4))) : undefined;
  return [same, far].filter((n): n is string => n !== undefined);
}

/**
 * What a registrar should look at after giving a number, though it is recorded: the same number on
 * another snapshot (one document's number typed for the next; the collective case's own number is
 * shared on purpose), and a record the registrar's intake has not received.
 */
function registrationNotes(log: RecordLog, config: Config, recordId: string, dnr: string): string[] {
  const notes = numberNotes(log, config, recordId, dnr);
  const open = log.records.deliveries(recordId).filter((d) => d.status !== "delivered");
  if (open.length) {
    // The intake that waits is named: the registrar has the record from another (the folder's copy),
    // and "your intake has not received it" read as if the number were given to a record she never had.
    const waiting = open.map((d) => `${intakeSv(d.target)} ${d.status === "failed" ? "har getts upp och kräver en person" : "väntar"}`).join("; ");
    notes.push(`leveransen av ${recordId} är inte klar: ${waiting}; "somarkiv status" säger varför. Se efter att numret gäller rätt handling.\nthe registrar's intake has not received ${recordId} yet (${open.map((d) => `${intakeEn(d.target)}: ${d.status === "failed" ? "given up, needs a person" : "waiting"}`).join("; ")}); "somarkiv status" says why. Check that the number is for this record.`);
  }
  return notes;
}

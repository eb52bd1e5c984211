import path from "node:path";
import { accountSeries, seriesIds, type Config, type Account } from "../../config/index.ts";
import { captureLease, holderIsGone, leaseHolder, parseHolder, restorations, type DeliveryRow, type RecordLog, type RecordRow, lastVerification } from "../../log/index.ts";
import { atHalfYearChange, comparePeriods, decideDue, failureErrorNow, formatLocal, gapsInSeries, isRunningLate, lastFinishedPeriod, localDate, missedWake, nextWake, periodOf, wakeGraceMs, wakeThatTries, wakesThrough, workerDied, workerStopped } from "../../schedule/index.ts";
import { createStore, silenceOf } from "../../storage/index.ts";
import { Spool } from "../../spool/index.ts";
import { ANCHOR_PREFIX, checkAnchor, parseAnchorKey } from "../../record/verify.ts";
import { anchorInstallation, installationOf, otherInstallationSaid } from "../../record/installation.ts";
import { sharedSpoolLook } from "../../record/spool-owner.ts";
import { unknownInSpool, unknownInSpoolSaid, type TakenBackFrom } from "../../record/taken-back.ts";
import { intakeEn } from "../../record/metadata.ts";
import { deliveryNext } from "../../record/partly-delivered.ts";
import { createIntakeTargets, intakeName } from "../../intake/index.ts";
import { intakeGoneSaid, intakeNow, intakesInstead } from "../../record/retarget.ts";
import { passiveFindings, passiveNotJudged } from "../passive.ts";
import { owedAt, owedFailures } from "../../schedule/owed.ts";
import { renamedAccounts } from "../renamed.ts";
import { intakeNumberRefused, recordJson, rowsAsEvents } from "../commands/records.ts";
import { chooseRecords } from "./chosen.ts";
import { halfYearSummary } from "./summary.ts";
import { addedIntakeSaid, addedIntakesOf, intakeArgument, type AddedIntake } from "../../record/added-intakes.ts";
import { storeMovedLook } from "../context.ts";
import { fullMailboxes, fullMailboxSaid } from "../../intake/full-mailbox.ts";
import { workerOverdue } from "./overdue.ts";
import { samePagesInUse } from "../same-address.ts";
import { policyWarnings } from "../../register/index.ts";

/**
 * What status knows, from the configuration, the log and the store's proofs, gathered once: the
 * operator's text (text.ts) and `status --json` (statusJson) are two views of it, so that they cannot
 * tell different stories. `log` is undefined when the log was lost (`lostLog` says how).
 */
export async function gatherStatus(config: Config, log: RecordLog | undefined, lostLog: { situation: string; remedy: string } | null, now: Date) {
  const tz = config.schedule.timezone;
  const period = periodOf(now, tz);
  const accountsSeries = accountSeries(config.accounts);
  const series = log?.records.seriesFacts(accountsSeries);
  const snapshots = series?.snapshots ?? [];
  const due = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots, failures: log?.records.failedAttempts(period, accountsSeries) ?? [], ended: log?.records.endedAccounts(accountsSeries) ?? [] });
  const wake = log?.lastWake();
  const preflight = log?.lastPreflight();
  const verification = log ? lastVerification(log.db) : undefined;
  const workerEvents = log ? log.workerEvents().map((e) => ({ ...e, gone: holderIsGone(e.holder) })) : [];
  // A worker running now keeps the schedule it started with; an edit of the file waits for its restart.
  const runningNow = workerEvents.find((e) => e.kind === "started" && !e.gone);
  // Its months are given only when they differ from the file's (a worker started before they were kept gives none).
  const runningMonths = Array.isArray(runningNow?.detail.months) && (runningNow.detail.months as unknown[]).every((m) => typeof m === "number")
    && (runningNow.detail.months as number[]).join(",") !== config.schedule.months.join(",") ? runningNow.detail.months as number[] : undefined;
  const runningSchedule = runningNow && typeof runningNow.detail.cron === "string" && typeof runningNow.detail.timezone === "string"
    && (runningNow.detail.cron !== config.schedule.cron || runningNow.detail.timezone !== tz || runningMonths)
    ? { cron: runningNow.detail.cron, timezone: runningNow.detail.timezone, ...(runningMonths ? { months: runningMonths } : {}) } : null;
  const next = runningSchedule ? nextWake(runningSchedule.cron, runningSchedule.timezone) : nextWake(config.schedule.cron, tz);
  const nextTries = wakesThatTry(due.resting, runningSchedule ?? { cron: config.schedule.cron, timezone: tz });
  const stopped = workerStopped(workerEvents);
  const died = workerDied(workerEvents);
  const active = config.accounts.filter((a) => a.status === "active").length;
  const grace = wakeGraceMs(active, config.capture.timeoutSeconds, config.capture.concurrency);
  const missed = stopped || died ? null : missedWake(wake, now, grace);
  const overdue = workerOverdue({ running: runningNow, inFirstWake: !!runningNow && (!wake || Date.parse(wake.at) < Date.parse(runningNow.at)), missed, now, graceMs: grace });
  const lastFinished = lastFinishedPeriod(now, tz);
  // The accounts owing the half-year just ended, decided as the worker's wake and a plain capture decide it.
  // From the facts read above: the log is asked once (each question read every wake of its years).
  const owed = series ? owedAt(series, config, now).owed : [];

  // Every record read once: as its row says (renamed, unregistered) and as its chained events say (each account's).
  const everyRecord = log?.records.list() ?? [];
  // Rows of the log changed outside somarkiv: what is shown of them may not be true.
  const notAsEvents = log?.records.rowsNotAsEvents(everyRecord) ?? [];
  const seen: AccountsSeen = {
    config, log: log!, period, now, due, nextTries,
    asEvents: byAccount(rowsAsEvents(everyRecord, notAsEvents)),
    deliveries: log?.records.deliveriesByRecord() ?? new Map(),
    passive: log ? passiveFindings(config, log) : new Map(),
    notJudged: log ? passiveNotJudged(config, log) : new Map<string, string>(),
    takenBack: log?.records.takenBack() ?? new Map<string, TakenBackFrom>(),
  };
  // Records of the half-year made before an intake was added: not there, and nothing sends them by itself.
  const addedIntakes = log ? addedIntakesOf(log, createIntakeTargets(config.intake).map((t) => t.name), period) : [];
  const accounts = config.accounts.map((a) => (log ? accountStatus(a, seen, addedIntakes) : accountWithoutLog(a, period)));
  const elsewhere = log ? waitingElsewhere(config, log) : [];
  const sharedSpool = sharedSpoolLook(config, log);
  let storeUnanswered: string | undefined;
  const storeMoved = log ? await storeMovedLook(config, log, (said) => { storeUnanswered = said; }) : undefined;
  return {
    period, now, due, lostLog, wake, preflight, verification, workerEvents, runningNow, runningSchedule, next, stopped, died, missed, overdue, lastFinished,
    late: isRunningLate(due),
    owed,
    // Why an owing account's attempts at that half-year failed: making it up fails the same way until that is put right.
    owedFailed: log ? owedFailures(log.records, lastFinished, owed, tz, accountsSeries) : [],
    // Every half-year of an account's series with no snapshot, also once the next has ended and owed says nothing.
    gaps: series ? gapsInSeries({ lastFinished, accounts: config.accounts, ...series }) : [],
    accounts,
    addedIntakes,
    preflights: log && preflight ? latestPreflights(config, log) : undefined,
    // Work waiting for records of accounts taken out of the configuration: deliver and the worker still do it.
    elsewhere,
    // The registrar's mailboxes that are full, with the records waiting for them: each waiting
    // delivery's own line gives it only as its last error, read as one more passing failure.
    fullMailboxes: fullMailboxes([...accounts.flatMap((a) => a.pending), ...elsewhere].filter((p) => !p.givenUp)),
    // Entries of one page among those in use (one account pasted twice, or a closed one's page under a
    // new id): each capture month makes a second record or series of it, which capture and the worker say.
    sameAddress: samePagesInUse(config),
    // The register's own gaps of each account (one administrator, no substitute, no responsible person):
    // config check says each; status, which a web manager may read alone, said none of them. Two
    // entries of one address are said above as sameAddress; the organisation's, by config check.
    registerWarnings: policyWarnings(config).filter((w) => w.accountId !== undefined && w.code !== "duplicate-url"),
    // An account whose id was changed, or that was taken out of the file: said here too, not only by config check.
    renamed: log ? renamedAccounts(config, everyRecord, log.demoAccounts()) : [],
    // Whole records in the spool that the log does not know: the next deliver takes them back into it.
    unknownSpooled: log && !sharedSpool ? unknownInSpool(log, new Spool(path.join(config.dataDir, "spool"))).map(unknownInSpoolSaid) : [],
    // The spool is another configuration's (one data folder for two): its records are not this log's to take back.
    sharedSpool,
    // Records of half-years gone by that were delivered and never given a diary number: the registrar's to do.
    unregistered: everyRecord.filter((r) => r.status === "delivered" && comparePeriods(r.period, period) < 0).map((r) => r.recordId),
    notAsEvents,
    // A log put back from an older backup lacks what was recorded after it: said as recover found it.
    olderThanWritten: log ? restorations(log.db).filter((r) => r.recordsTakenBack.length || r.anchorsSetAside.length).map((r) => ({
      lastEvent: r.lastEventBefore, lastEventAt: r.lastEventAt,
      dnrsMissing: r.dnrsMissing.filter((d) => !log.records.registrations(d.recordId).some((g) => g.dnr === d.dnr)),
    })) : [],
    pastEnd: log ? await provenPastEnd(config, log) : undefined,
    // A store that holds none of the records stored last: the next run would refuse to store there.
    storeMoved,
    // A store that could not be asked (down, hung): said, where status read as for a store that answers.
    storeUnanswered,
  };
}

export type StatusFacts = Awaited<ReturnType<typeof gatherStatus>>;
export type AccountStatus = ReturnType<typeof accountStatus>;

/** What `status --json` prints: the facts as data, in the shape SPEC and README give. */
export function statusJson(f: StatusFacts) {
  return {
    period: f.period,
    captureMonth: f.due.captureMonth,
    missing: f.due.missing,
    runningLate: f.late,
    // With the last failure of each owing account whose attempts at it failed: making it up fails again until that is put right.
    owedLastHalfYear: f.owed.length ? { period: f.lastFinished, accounts: f.owed, failures: f.owedFailed } : null,
    // Each account's half-years with no snapshot, the last that ended among them: the gaps in its series.
    gapsInSeries: f.gaps,
    lostLog: f.lostLog ? `${f.lostLog.situation} ${f.lostLog.remedy}` : null,
    lastWake: f.wake ?? null,
    // The wake the worker said would come next and that has not come: it does not seem to be running.
    missedWake: f.missed?.toISOString() ?? null,
    workerStopped: f.stopped,
    // A running worker that has not kept time: still in its first wake far past a wake's time, or a wake due that did not run.
    workerOverdue: f.overdue ? { ...f.overdue, ...Object.fromEntries(Object.entries(f.overdue).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v])) } : null,
    // Its process is gone from this machine, and it said no stop: killed, crashed, or the machine restarted.
    workerDied: f.died,
    lastPreflight: f.preflight ?? null,
    // The latest verify of the archive, in order or not; one that found problems is said until a later one finds none.
    lastVerification: f.verification ?? null,
    // None while the worker is stopped or has died, as the text says: the schedule's would read as if one were coming.
    nextWake: f.stopped || f.died ? null : f.next?.toISOString() ?? null,
    // The schedule the running worker keeps, when the file has been edited since it started.
    runningSchedule: f.runningSchedule,
    // Each account's latest preflight; one of an address it no longer has is marked addressChanged
    // and says nothing of the account now (its ok is of the old address).
    accounts: f.accounts.map((a) => ({ ...a, pending: a.pending.map(({ errorFact: _fact, errorMend: _mend, ...p }) => p), preflight: f.preflights?.of.get(a.accountId) ?? null })),
    // The half-year's records counted as the text's summary counts them: one an intake added since lacks is not "delivered".
    summary: halfYearSummary(f.accounts, f.period),
    // Each intake added since records of the half-year were made, with those it does not have and the command that sends them.
    intakesAddedSince: f.addedIntakes.map((a) => ({ ...a, command: `somarkiv deliver --again --all-missing --intake ${intakeArgument(a.intake)}`, message: addedIntakeSaid(a) })),
    pendingForAccountsNotConfigured: f.elsewhere,
    // Each full registrar's mailbox with the records that wait for it, and the warning the text gives: [] while none is.
    fullMailboxes: f.fullMailboxes.map((m) => ({ ...m, message: fullMailboxSaid(m) })),
    accountsNotConfigured: f.renamed.map((r) => r.message),
    // Each pair of entries in use of one address, with the warning the text gives: [] while there is none.
    sameAddress: f.sameAddress,
    // The policy's warnings about the configuration's register of accounts, as config check gives them.
    registerWarnings: f.registerWarnings.map((w) => ({ accountId: w.accountId ?? null, code: w.code, message: w.message })),
    earlierUnregistered: f.unregistered,
    spoolNotInLog: f.unknownSpooled,
    sharedDataFolder: f.sharedSpool ?? null,
    rowsNotAsEvents: f.notAsEvents.map(({ recordId, en, sv, eventsChanged }) => ({ recordId, en, sv, ...(eventsChanged ? { eventsChanged } : {}) })),
    restoredFromBackup: f.olderThanWritten,
    provenPastEnd: f.pastEnd ?? null,
    storeHoldsNoneOfTheLog: f.storeMoved ?? null,
    storeNotAnswering: f.storeUnanswered ?? null,
  };
}

/**
 * For each resting account, the scheduled wake at which the worker tries it again: a rest that ends
 * soon after a wake ends at it (decideDue), so the first wake after the rest's end could be a day late.
 */
function wakesThatTry(resting: Array<{ accountId: string; until: Date }>, schedule: { cron: string; timezone: string }): Map<string, Date> {
  if (!resting.length) return new Map();
  const wakes = wakesThrough(schedule.cron, schedule.timezone, new Date(Math.max(...resting.map((r) => r.until.getTime()))));
  return new Map(resting.flatMap((r) => { const at = wakeThatTries(r.until, wakes); return at ? [[r.accountId, at] as const] : []; }));
}

interface AccountsSeen {
  config: Config;
  log: RecordLog;
  period: string;
  now: Date;
  due: ReturnType<typeof decideDue>;
  nextTries: Map<string, Date>;
  passive: ReturnType<typeof passiveFindings>;
  notJudged: Map<string, string>;
  takenBack: Map<string, TakenBackFrom>;
  /** Every record as its chained events say it, a row changed by hand not (chooseRecords), by account. */
  asEvents: Map<string, Array<{ row: RecordRow; at: number }>>;
  /** Every record's deliveries (the log's deliveries()), read at once. */
  deliveries: Map<string, DeliveryRow[]>;
}

/**
 * The records by account, each with its place in the listing: an account's are then found without
 * going through every record of the log, and a series of several ids keeps the listing's order.
 */
function byAccount(rows: RecordRow[]): Map<string, Array<{ row: RecordRow; at: number }>> {
  const out = new Map<string, Array<{ row: RecordRow; at: number }>>();
  rows.forEach((row, at) => {
    const list = out.get(row.accountId);
    if (list) list.push({ row, at });
    else out.set(row.accountId, [{ row, at }]);
  });
  return out;
}

/** The records of a series of ids, in the listing's order: what chooseRecords would pick out of all of them. */
function recordsOfSeries(asEvents: Map<string, Array<{ row: RecordRow; at: number }>>, ids: readonly string[]): RecordRow[] {
  const found = [...new Set(ids)].flatMap((id) => asEvents.get(id) ?? []);
  if (ids.length > 1) found.sort((a, b) => a.at - b.at);
  return found.map((f) => f.row);
}

/**
 * Why a record waiting to be stored cannot be, when its spool files are not here: said before the last
 * upload's error, which told of the store (down on the old server) and not of the files a move left behind.
 */
function spoolMissing(log: RecordLog, config: Config, r: RecordRow): string | undefined {
  const where = new Spool(path.join(config.dataDir, "spool")).find({ ...r, spoolId: log.records.spoolAtCapture(r.recordId).spoolId });
  if (where.state === "here") return undefined;
  if (where.state === "away") return where.why;
  return `${where.why} before the store had confirmed it; unless the store already holds it, the next "somarkiv deliver" marks it failed (spool-lost)`;
}

/** One account as status shows it: its record of the half-year, what waits, and what needs a person. */
function accountStatus(a: Account, { config, log, period, now, due, nextTries, passive, notJudged, takenBack, asEvents, deliveries }: AccountsSeen, addedIntakes: AddedIntake[] = []) {
  const tz = config.schedule.timezone;
  // A not-loaded failure's note of the capture month is of the day it was said: composed for today, as records says it.
  const errorNow = (r: RecordRow) => failureErrorNow(r, now, config.schedule.months, tz);
  // Each chosen and shown as its chained events say: a row changed by hand is warned of above, and
  // neither shown as fact here nor taken for another account's, or another half-year's, newest.
  const { records, current, last, failure, takenLast } = chooseRecords(recordsOfSeries(asEvents, seriesIds(a)), seriesIds(a), period);
  const deliveriesOf = (recordId: string) => deliveries.get(recordId) ?? [];
  const configured = createIntakeTargets(config.intake).map((t) => t.name);
  const pending = records.flatMap((r) => {
    // `deliveredTo`, `waitingSince` and `next` of a delivery: the intakes that have the record already, since its first failed try, what becomes of it.
    // `target`: the intake a delivery waits for (none for an upload), which the summary line names.
        // `errorFact` and `errorMend`: the delivery's last error apart from its own retry words, for the text, which says the next try itself (not in --json).
    const out: Array<{ recordId: string; what: string; error: string | null; errorFact?: string | null; errorMend?: string | null; nextAttemptAt: string | null; givenUp: boolean; target?: string; deliveredTo?: string[]; waitingSince?: string | null; next?: string | null }> = [];
    if (r.status === "captured") out.push({ recordId: r.recordId, what: "upload to the store", error: spoolMissing(log, config, r) ?? r.storeError, nextAttemptAt: r.nextStoreAt, givenUp: false });
    const reached = deliveriesOf(r.recordId).filter((d) => d.status === "delivered").map((d) => d.target);
    for (const d of deliveriesOf(r.recordId)) {
      // A send begun and not ended: cut off (the process killed while the intake had it), or under way now.
      const cutOff = intakeName(d.target).kind === "email" ? log.records.sendCutOff(r.recordId, d.target) : undefined;
      const cut = cutOff ? `; a send begun ${formatLocal(new Date(cutOff), tz)} was cut off before the mail server answered: the registrar may have it already, and the next try says it may be a second copy` : "";
      const to = intakeSaid(deliveriesOf(r.recordId), d.target, configured);
      if (d.status !== "delivered") out.push({ recordId: r.recordId, what: `delivery to ${to}${d.status === "failed" ? " (given up: needs a person)" : ""}${cut}`, error: d.error, errorFact: d.errorFact ?? null, errorMend: d.errorMend ?? null, nextAttemptAt: d.nextAttemptAt, givenUp: d.status === "failed", target: d.target, deliveredTo: reached, waitingSince: d.waitingSince ?? null, next: deliveryNext(d, (iso) => formatLocal(new Date(iso), tz)) });
    }
    return out;
  });
  // A diary number an intake answered with that the log could not keep: said until one is recorded by hand.
  const dnrNotRecorded = records.filter((r) => !r.dnr && r.status !== "failed").flatMap((r) => deliveriesOf(r.recordId)
    .flatMap((d) => { const why = intakeNumberRefused(d); return why ? [{ recordId: r.recordId, target: d.target, why }] : []; }));
  const state = a.status === "closed" ? "closed" : current ? current.status : failure ? "failed" : "missing";
  const closing = log.records.closingRecord(seriesIds(a));
  // Its page gone when its closing record was asked for: its last snapshot is its last record.
  const gone = a.status === "closed" && !closing ? log.records.goneAtClosing(seriesIds(a)) : undefined;
  // The newest snapshot, a closing record or not, shows the page still there the day it was taken.
  const seen = a.status === "closed" && a.closedOn ? takenLast : undefined;
  const seenDay = seen ? localDate(new Date(seen.capturedAt), tz) : undefined;
  const notDelivered = current ? addedIntakes.filter((x) => x.records.includes(current.recordId)).map((x) => x.intake) : [];
  return {
    accountId: a.id,
    name: a.name,
    accountStatus: a.status,
    period,
    state,
    // The intakes added since its record of the half-year was made, which do not have it: its state is of the others.
    notDeliveredTo: notDelivered,
    currentRecord: current ? recordJson(current, deliveriesOf(current.recordId), undefined, takenBack.get(current.recordId), notDelivered, tz) : null,
    // The labels of the buttons of a cookie dialog left over it, which its sheet names: the advice says them.
    consentButtonsSeen: current ? log.records.filing(current.recordId)?.consentButtonsSeen ?? null : null,
    lastFailure: !current && failure ? { recordId: failure.recordId, reason: failure.reason, error: errorNow(failure), at: failure.capturedAt } : null,
    // A new version asked for (--force, --reopen) that failed leaves the snapshot standing, and nothing tries it again.
    failedAfterSnapshot: current && failure && failure.capturedAt > current.capturedAt ? { recordId: failure.recordId, reason: failure.reason, error: errorNow(failure), at: failure.capturedAt, closing: failure.final } : null,
    lastSnapshot: last ? { recordId: last.recordId, period: last.period, capturedAt: last.capturedAt, status: last.status, dnr: last.dnr } : null,
    pending,
    dnrNotRecorded,
    passive: passive.get(a.id) ?? null,
    passiveNotJudged: notJudged.get(a.id) ?? null,
    // Closed in the configuration with records in the log but no closing record among them.
    closedWithoutClosingRecord: a.status === "closed" && last !== undefined && !records.some((r) => r.final && r.status !== "failed") && !gone,
    goneAtClosing: gone ? { recordId: gone.recordId, at: gone.capturedAt, reason: gone.reason, httpStatus: gone.httpStatus } : null,
    // A closing date before the day a snapshot showed it still open: the date is wrong.
    closedBeforeLastSnapshot: a.closedOn && seen && seenDay && a.closedOn < seenDay ? { closedOn: a.closedOn, recordId: seen.recordId, takenOn: seenDay, closingRecord: seen.final } : null,
    // A capture in progress holds the account's lease: the worker at work, or a manual capture.
    capturingNow: capturingProcess(log, a.id),
    // Taken before the capture month (a trial run): kept, but the half-year snapshot is still to come.
    // A closing record is the account's last whenever it was taken: no half-year snapshot follows it.
    beforeHalfYearChange: current && !current.final ? !atHalfYearChange(new Date(current.capturedAt), period, config.schedule.months, tz) : false,
    // After failing, the worker leaves the account alone for a while (schedule/due.ts, retryPauseMs).
    restingUntil: due.resting.find((r) => r.accountId === a.id)?.until.toISOString() ?? null,
    // The wake that ends the rest, as the worker decides it; null when the schedule does not say (see wakesThatTry).
    nextTryAt: nextTries.get(a.id)?.toISOString() ?? null,
    // An account still active after its closing record: the configuration is the half of closing left to do.
    closingRecord: a.status === "active" ? closing?.recordId ?? null : null,
  };
}

/** An account when the log was lost: nothing is known of its records. */
function accountWithoutLog(a: Account, period: string): AccountStatus {
  return {
    accountId: a.id, name: a.name, accountStatus: a.status, period, state: a.status === "closed" ? "closed" : "missing",
    notDeliveredTo: [], currentRecord: null, consentButtonsSeen: null, lastFailure: null, failedAfterSnapshot: null, lastSnapshot: null, pending: [], dnrNotRecorded: [],
    passive: null, passiveNotJudged: null, closedWithoutClosingRecord: false, goneAtClosing: null, closedBeforeLastSnapshot: null,
    capturingNow: null, beforeHalfYearChange: false, restingUntil: null, nextTryAt: null, closingRecord: null,
  };
}

/**
 * Each account as its latest preflight found it: checking one account again (preflight --account)
 * does not hide what an earlier check of all of them found for the others. A check of an address the
 * account no longer has says nothing of the account now (the URL corrected after it found a 404): not
 * a problem of it, nor "ready", but a check still to make (`moved`).
 */
function latestPreflights(config: Config, log: RecordLog) {
  const of = new Map<string, { at: string; url: string | null; ok: boolean; problems: string[]; addressChanged: boolean }>();
  const problems = new Map<string, string[]>();
  const moved = new Map<string, { at: string; url: string }>();
  let checked = 0;
  const latest = new Map<string, { at: string; url?: string; ok: boolean; problems: string[] }>();
  for (const p of log.recentPreflights()) {
    for (const r of p.results as Array<{ accountId?: string; url?: string; ok?: boolean; problems?: string[] }>) {
      if (r.accountId && !latest.has(r.accountId)) latest.set(r.accountId, { at: p.at, url: r.url, ok: r.ok !== false, problems: r.problems ?? [] });
    }
  }
  // An id no longer in the file is no account of it (the renamed one is warned of apart): not counted;
  // nor is a closed account, which no capture will take (its closing record is said apart).
  const inFile = new Map(config.accounts.filter((a) => a.status === "active").map((a) => [a.id, a.url]));
  for (const [id, r] of latest) {
    if (!inFile.has(id)) continue;
    const addressChanged = r.url !== undefined && r.url !== inFile.get(id);
    of.set(id, { at: r.at, url: r.url ?? null, ok: r.ok, problems: r.problems, addressChanged });
    if (addressChanged) { moved.set(id, { at: r.at, url: r.url! }); continue; }
    checked++;
    if (!r.ok) problems.set(id, r.problems);
  }
  // An account added since: neither ready nor a problem, but not checked.
  const unchecked = [...inFile.keys()].filter((id) => !latest.has(id));
  return { of, problems, moved, checked, unchecked };
}

/**
 * The intake a delivery goes to now: the one recorded at capture may have been replaced (a server
 * moved, an address corrected), and deliver sends it to the one that took its place.
 */
function intakeSaid(deliveries: DeliveryRow[], target: string, configured: string[]): string {
  const recorded = deliveries.map((x) => x.target);
  const now = intakeNow(target, recorded, configured);
  if (now === target) return intakeEn(target);
  if (now) return `${intakeEn(now)} (recorded to ${intakeEn(target)}, which is no longer in the configuration; this one took its place)`;
  return `${intakeEn(target)} (no longer in the configuration: ${intakeGoneSaid(target, intakesInstead(target, recorded, configured))})`;
}

/** Records of accounts taken out of the configuration are still the log's: work on them that waits (an upload, a delivery). */
function waitingElsewhere(config: Config, log: RecordLog): Array<{ recordId: string; accountId: string; what: string; error: string | null; givenUp: boolean }> {
  const configured = new Set(config.accounts.flatMap(seriesIds));
  const intakes = createIntakeTargets(config.intake).map((t) => t.name);
  return [
    ...log.records.pendingStores().filter((r) => !configured.has(r.accountId)).map((r) => ({ recordId: r.recordId, accountId: r.accountId, what: "upload to the store", error: r.storeError, givenUp: false })),
    ...log.records.openDeliveries().map((d) => ({ d, r: log.records.get(d.recordId) })).filter((x): x is { d: typeof x.d; r: NonNullable<typeof x.r> } => x.r !== undefined && !configured.has(x.r.accountId))
      .map(({ d, r }) => ({ recordId: r.recordId, accountId: r.accountId, what: `delivery to ${intakeSaid(log.records.deliveries(r.recordId), d.target, intakes)}${d.status === "failed" ? " (given up: needs a person)" : ""}`, error: d.error, givenUp: d.status === "failed" })),
  ];
}

/** The process capturing the account now, from its lease; none when the lease ran out or its process is gone. */
function capturingProcess(log: RecordLog, accountId: string): { host: string; pid: number } | null {
  const holder = leaseHolder(log.db, captureLease(accountId));
  return holder && !holderIsGone(holder) ? parseHolder(holder) : null;
}

/** How long status waits for the store's list of proofs; one that does not answer leaves status as it was. */
const PROOFS_LOOK_MS = 10_000;

/**
 * Whether the store holds a proof, left by a verification, of an event past the log's end (and not set
 * aside by recover): then the log is older than what somarkiv wrote, and what was recorded after its
 * end is missing from it. Only the proofs' folder is listed.
 */
async function provenPastEnd(config: Config, log: RecordLog): Promise<{ lastEvent: number; lastEventAt: string | null; provenTo: number; otherInstallation?: string } | undefined> {
  const last = log.db.prepare("SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; at: string } | undefined;
  const setAside = new Set(restorations(log.db).flatMap((r) => r.anchorsSetAside.map((k) => k.slice(k.lastIndexOf(ANCHOR_PREFIX)))));
  const store = createStore(config.storage);
  try {
    const provenTo = await Promise.race([
      (async () => {
        let most = 0;
        let other: string | undefined;
        for await (const o of store.list(ANCHOR_PREFIX)) {
          const a = parseAnchorKey(o.key);
          if (!a || setAside.has(o.key) || !checkAnchor(log, last?.seq ?? 0, a)) continue;
          // A proof of another installation's log is not a backup put back: said as that.
          const by = await anchorInstallation(store, o.key);
          if (by && by.installation !== installationOf(log)) other ??= otherInstallationSaid(store.description, by.installation, a.seq, by.verifiedAt);
          else most = Math.max(most, a.seq);
        }
        return { most, other };
      })(),
      silenceOf(PROOFS_LOOK_MS).then(() => { throw new Error("no answer"); }),
    ]);
    if (provenTo.other) return { lastEvent: last?.seq ?? 0, lastEventAt: last?.at ?? null, provenTo: provenTo.most, otherInstallation: provenTo.other };
    return provenTo.most > (last?.seq ?? 0) ? { lastEvent: last?.seq ?? 0, lastEventAt: last?.at ?? null, provenTo: provenTo.most } : undefined;
  } catch {
    return undefined;
  } finally {
    void store.close?.();
  }
}

import type { Account } from "../config/schema.ts";
import { comparePeriods, localTime, monthName, parsePeriod, periodOf, periodOfDay, periodsFromTo, previousPeriod, type Period } from "./period.ts";

export interface DueInput {
  now: Date;
  timezone: string;
  months: number[];
  accounts: Account[];
  /**
   * Every (account, period) that already has a snapshot (failed attempts do not count), with when
   * the newest was taken: one taken before the period's capture month does not count (see atHalfYearChange).
   */
  snapshots: Array<{ accountId: string; period: Period; capturedAt?: string }>;
  /**
   * Failed attempts (any period; those of the current one count), so that an account that keeps
   * failing is tried again after a pause that grows with each failure, not at every wake. Given the
   * address each tried (`url`), only those at the account's present address count: an operator who
   * corrects a wrong address wants it tried at the next wake, not after the old address's pause.
   */
  failures?: Array<{ accountId: string; period: Period; capturedAt: string; url?: string }>;
  /**
   * Accounts whose closing record (capture --final) stands, not followed by capture --reopen: it is
   * their last snapshot. None is due again, though the configuration has not been told they are closed yet.
   */
  ended?: string[];
  /**
   * At a scheduled wake, the scheduled wake after it. A rest that ends between the two, nearer to this
   * one, ends at this one: a failure at the start-up wake a minute before the daily wake rested the
   * account until an hour after it, and the account waited a whole day where an hour was meant.
   */
  nextScheduled?: Date | null;
}

export interface DueDecision {
  period: Period;
  /** Whether `now` falls in a capture month (the half-year change). */
  captureMonth: boolean;
  /** Active accounts still without a snapshot for the period, to capture now. Empty outside capture months. */
  due: string[];
  /** Active accounts without a snapshot whatever the month, for status. */
  missing: string[];
  /** Accounts that would be due but rest after failing, each until when (see retryPauseMs). */
  resting: Array<{ accountId: string; until: Date }>;
  /** Days left of the capture month, counted in the organisation's time zone (0 on the last day). */
  daysLeftInMonth: number | null;
}

/**
 * What the worker must capture at this moment. Pure: the same inputs give the same answer, so it is
 * tested over many clocks without a browser. A failed capture earlier in the month leaves the account
 * due, which is how a missed or failed day is made up on the next wake.
 */
export function decideDue(input: DueInput): DueDecision {
  const local = localTime(input.now, input.timezone);
  const period = periodOf(input.now, input.timezone);
  const have = new Set(input.snapshots
    .filter((s) => s.period === period && (!s.capturedAt || atHalfYearChange(new Date(s.capturedAt), period, input.months, input.timezone)))
    .map((s) => s.accountId));
  const ended = new Set(input.ended ?? []);
  const missing = input.accounts.filter((a) => a.status === "active" && !have.has(a.id) && !ended.has(a.id)).map((a) => a.id);
  const captureMonth = input.months.includes(local.month);
  const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
  const resting: DueDecision["resting"] = [];
  if (captureMonth) {
    const urlOf = new Map(input.accounts.map((a) => [a.id, a.url]));
    for (const id of missing) {
      const times = (input.failures ?? [])
        .filter((f) => f.accountId === id && f.period === period && (f.url === undefined || f.url === urlOf.get(id)))
        .map((f) => Date.parse(f.capturedAt)).filter(Number.isFinite);
      if (!times.length) continue;
      const until = new Date(Math.max(...times) + retryPauseMs(times.length));
      if (until > input.now && !restEndsNow(until, input.now, input.nextScheduled)) resting.push({ accountId: id, until });
    }
  }
  const rests = new Set(resting.map((r) => r.accountId));
  return {
    period,
    captureMonth,
    due: captureMonth ? missing.filter((id) => !rests.has(id)) : [],
    missing,
    resting,
    daysLeftInMonth: captureMonth ? lastDay - local.day : null,
  };
}

/**
 * The accounts still missing in a capture month whose capture of the half-year failed (at their present
 * address): resting before the next try, they are unresolved failures, not accounts merely not taken yet.
 */
export function missingAfterFailure(input: { missing: string[]; accounts: Account[]; period: Period; failures: Array<{ accountId: string; period: Period; url?: string }> }): string[] {
  const urlOf = new Map(input.accounts.map((a) => [a.id, a.url]));
  return input.missing.filter((id) => input.failures.some((f) => f.accountId === id && f.period === input.period && (f.url === undefined || f.url === urlOf.get(id))));
}

const HOUR = 3_600_000;

/** Whether a rest ending at `until` ends at this scheduled wake: it ends before the next, and nearer to this one. */
function restEndsNow(until: Date, now: Date, nextScheduled: Date | null | undefined): boolean {
  if (!nextScheduled || until > nextScheduled) return false;
  return until.getTime() - now.getTime() <= nextScheduled.getTime() - until.getTime();
}

/**
 * The scheduled wake at which the worker tries again an account resting until `until`, as decideDue
 * decides at each wake: the first at or after the rest's end, or the one before it when the rest ends
 * nearer to that one (restEndsNow). `wakes` are the scheduled wakes to come, in order, through the
 * first at or after `until`; null when they do not reach it. Pure, so that status says what the worker does.
 */
export function wakeThatTries(until: Date, wakes: Date[]): Date | null {
  for (const [i, wake] of wakes.entries()) if (wake >= until || restEndsNow(until, wake, wakes[i + 1])) return wake;
  return null;
}

/**
 * How long the worker leaves an account alone after its `failures`-th failed attempt of the period:
 * an hour, then twice as long each time, at most 20 hours. A worker that wakes every hour (or every
 * minute) then does not hammer a site that is down, nor fill the log with a failed record each time;
 * one that wakes once a day, as shipped, tries a failing account at every wake, since the pause is
 * never longer than a day less the time a wake of every account may take, and a pause that ends
 * soon after a scheduled wake ends at it (DueInput.nextScheduled).
 */
export function retryPauseMs(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(HOUR * 2 ** (failures - 1), 20 * HOUR);
}

/**
 * Whether a snapshot taken at `at` is the period's half-year snapshot: taken in the period's
 * capture month or later (a missed one made up afterwards counts). One taken earlier in the
 * half-year, a trial run in March, is a record of that day, three months short of the half-year
 * change; it stood in for June's, and the worker then took none. A period without a capture month
 * in it takes any snapshot. Pure, in the organisation's time zone.
 */
export function atHalfYearChange(at: Date, period: Period, months: number[], timezone: string): boolean {
  const { year, half } = parsePeriod(period);
  const inPeriod = months.filter((m) => (half === 1 ? m <= 6 : m >= 7));
  if (inPeriod.length === 0) return true;
  const local = localTime(at, timezone);
  return local.year > year || (local.year === year && local.month >= Math.min(...inPeriod));
}

/**
 * The note beside a command that files a page as it shows (capture --as-shown) of `period`, before
 * that half-year's capture month: such a capture is kept as a record of the day, not as the
 * half-year's snapshot, which the worker still takes in that month (and fails again if the page has
 * still not loaded). Null in the capture month and after it, of a half-year with none, and of a
 * closing record (--final), which is no half-year snapshot. Pure, in the organisation's time zone.
 */
export function asShownBeforeCaptureMonth(now: Date, period: Period, months: number[], timezone: string, final = false): string | null {
  const month = captureMonthOf(period, months);
  if (final || month === null || atHalfYearChange(now, period, months, timezone)) return null;
  return `Note: it is before ${period}'s capture month, so the page filed as it shows now is kept as a record of today, not as the half-year snapshot for ${period}, which is still taken in ${month}; if the page has still not loaded then, the same command files that snapshot as it shows`;
}

/**
 * A not-loaded failure's message, as the log keeps it, read at `now`: its note of the capture month
 * (asShownBeforeCaptureMonth) was true the day it was said, and status showed it on after the month
 * had begun, until the next attempt replaced it. The note is taken off and composed anew for `now`:
 * none once the capture month has come, or of a half-year over. Pure.
 */
export function asShownNoteNow(message: string, period: Period, final: boolean, now: Date, months: number[], timezone: string): string {
  const bare = withoutAsShownNote(message);
  if (!/--as-shown$/.test(bare)) return bare;
  const note = asShownBeforeCaptureMonth(now, period, months, timezone, final);
  return note ? `${bare}. ${note}` : bare;
}

/**
 * A failed attempt's error as status and records say it at `now`: a not-loaded failure's note of the
 * capture month composed for `now` (asShownNoteNow), every other error as the log keeps it. One
 * function for both, so that status, records --json and records --csv never disagree. Pure.
 */
export function failureErrorNow(r: { reason: string | null; error: string | null; period: Period; final: boolean }, now: Date, months: number[], timezone: string): string | null {
  return r.reason === "not-loaded" && r.error ? asShownNoteNow(r.error, r.period, r.final, now, months, timezone) : r.error;
}

/** The message without the note asShownBeforeCaptureMonth put after it when it was said. */
export function withoutAsShownNote(message: string): string {
  return message.replace(/\. Note: it is before \S+'s capture month, so the page filed as it shows now is kept as a record of today[\s\S]*$/, "");
}

/**
 * Whether the period's capture months are all behind `now` (months [3, 9] in December): an account
 * still without a snapshot is then not captured by the worker before the period ends, which its
 * wakes would not say until the next half-year. Pure, in the organisation's time zone.
 */
export function captureMonthsOver(now: Date, months: number[], timezone: string): boolean {
  const local = localTime(now, timezone);
  const inPeriod = months.filter((m) => (local.month <= 6 ? m <= 6 : m >= 7));
  return inPeriod.length > 0 && inPeriod.every((m) => m < local.month);
}

/**
 * Whether `now` comes before its half-year's capture month (March, when the snapshots are taken in
 * June): every account is then without its snapshot, as it should be, and nothing is due. False in
 * the capture month and after it, and in a half-year with no capture month. Pure, in the
 * organisation's time zone.
 */
export function beforeCaptureMonth(now: Date, months: number[], timezone: string): boolean {
  const local = localTime(now, timezone);
  const inPeriod = months.filter((m) => (local.month <= 6 ? m <= 6 : m >= 7));
  return inPeriod.length > 0 && local.month < Math.min(...inPeriod);
}

/** The first capture month within a period, as "juni 2027", for messages; null when it has none. */
export function captureMonthOf(period: Period, months: number[]): string | null {
  const { year, half } = parsePeriod(period);
  const inPeriod = months.filter((m) => (half === 1 ? m <= 6 : m >= 7));
  if (inPeriod.length === 0) return null;
  return `${monthName(Math.min(...inPeriod))} ${year}`;
}

/** The worker calls this loudly when a capture month is nearly over with accounts still missing. */
export function isRunningLate(d: DueDecision, warnDays = 5): boolean {
  return d.captureMonth && d.missing.length > 0 && d.daysLeftInMonth !== null && d.daysLeftInMonth < warnDays;
}

/**
 * The wake the worker has missed, when it has: the worker said at its last wake when it would wake
 * next, and that moment is more than `graceMs` past. A stopped worker (a machine rebooted without the
 * service enabled, a crash the service manager gave up on) shows nowhere else: the log keeps its last
 * wake, and `status` would read as if all were well. `graceMs` covers a wake that is still working
 * (the worker writes its wake when it is done) and wakes skipped while it was busy. Pure.
 */
export function missedWake(lastWake: { nextWake: string | null } | undefined, now: Date, graceMs: number): Date | null {
  if (!lastWake?.nextWake) return null;
  const expected = new Date(lastWake.nextWake);
  if (Number.isNaN(expected.getTime())) return null;
  return now.getTime() - expected.getTime() > graceMs ? expected : null;
}

/** A worker process's last word in the log (its start or its stop), as status reads them. */
export interface WorkerWord {
  kind: "started" | "stopped";
  at: string;
  /** The process (`HOLDER`'s form) the word is of. */
  holder?: string;
  detail?: Record<string, unknown>;
  /** Whether its process is certainly gone from this machine. */
  gone: boolean;
}

/**
 * Which worker ended last, of the words of each worker process (newest first), none still running: a
 * stop is of its own process only. One that died without a word (SIGKILL, a crash) ended after a stop
 * when it started after it, or when the stop names it among the workers still running then
 * (`alongside`): a second worker started by mistake and stopped said nothing of the first one, killed
 * later, whose death its stop had hidden.
 */
function lastEnded(events: WorkerWord[]): { died: WorkerWord } | { stopped: WorkerWord } | null {
  if (events.some((e) => e.kind === "started" && !e.gone)) return null;
  const stop = events.find((e) => e.kind === "stopped");
  const alongside = Array.isArray(stop?.detail?.alongside) ? (stop!.detail!.alongside as unknown[]) : [];
  const died = events.find((e) => e.kind === "started" && e.gone && (!stop || e.at > stop.at || (e.holder !== undefined && alongside.includes(e.holder))));
  if (died) return { died };
  return stop ? { stopped: stop } : null;
}

/**
 * Whether the worker was stopped on purpose and is not running: no worker process whose last word
 * was its start is still alive, and the worker that ended last said its stop. A worker that died
 * (SIGKILL, power) said no stop: that is for workerDied to find, or missedWake for one on another
 * machine. Pure: whether a process is gone is given.
 */
export function workerStopped(events: WorkerWord[]): { at: string; signal: string | null } | null {
  const last = lastEnded(events);
  if (!last || !("stopped" in last)) return null;
  const { at, detail } = last.stopped;
  return { at, signal: typeof detail?.signal === "string" ? detail.signal : null };
}

/**
 * The worker that ended without a word (SIGKILL, a crash, the machine restarted): a start whose
 * process is gone from this machine, that ended after any stop (lastEnded), and no started worker is
 * alive. It is found at once, not only when the wake it announced is missed (missedWake), which may be
 * a day away. null while one runs, after a stop, or for a worker on another machine, whose
 * processes cannot be seen from here. Pure: whether a process is gone is given.
 */
export function workerDied(events: WorkerWord[]): { startedAt: string } | null {
  const last = lastEnded(events);
  return last && "died" in last ? { startedAt: last.died.at } : null;
}

/**
 * How long a wake may take before its lateness means something: every active account captured to its
 * time bound, with a minute each for its record, `concurrency` at once, and an hour besides.
 */
export function wakeGraceMs(accounts: number, timeoutSeconds: number, concurrency: number): number {
  const lanes = Math.max(1, concurrency);
  return 60 * 60_000 + Math.ceil(accounts / lanes) * (timeoutSeconds + 60) * 1000;
}

export interface PreflightInput {
  now: Date;
  timezone: string;
  months: number[];
  /** schedule.preflightDaysBefore: how many days before a capture month the pre-flight window opens; 0 turns it off. */
  daysBefore: number;
  /** Periods that already had a complete pre-flight. */
  done: Period[];
}

export interface PreflightDecision {
  /** Whether the worker should run the pre-flight now. */
  due: boolean;
  /** The period of the coming capture month; null when `now` is in a capture month itself. */
  period: Period | null;
  /** The coming capture month as "2026-12". */
  captureMonth: string | null;
  /** Whole calendar days (organisation's time zone) from today to the first day of that month. */
  daysUntil: number | null;
}

/**
 * Whether to open every account once before the coming capture month, so a login wall or a stuck consent
 * dialog is found while an administrator still has weeks to fix it. The window opens at local midnight
 * `daysBefore` days before the month starts and closes when it starts; counted in calendar days, so a
 * daylight-saving change inside the window moves nothing. Once per period.
 */
export function decidePreflight(input: PreflightInput): PreflightDecision {
  const local = localTime(input.now, input.timezone);
  if (input.months.includes(local.month)) return { due: false, period: null, captureMonth: null, daysUntil: null };
  let year = local.year;
  let month = local.month;
  for (let i = 0; i < 12; i++) {
    month++;
    if (month > 12) { month = 1; year++; }
    if (input.months.includes(month)) break;
  }
  const period = `${year}-H${month <= 6 ? 1 : 2}`;
  const daysUntil = Math.round((Date.UTC(year, month - 1, 1) - Date.UTC(local.year, local.month - 1, local.day)) / 86_400_000);
  const due = input.daysBefore > 0 && daysUntil <= input.daysBefore && !input.done.includes(period);
  return { due, period, captureMonth: `${year}-${String(month).padStart(2, "0")}`, daysUntil };
}

/**
 * Accounts that owe a snapshot of the last half-year that has ended: active, not ended by a closing
 * record, in use then (their first half-year in `firstPeriods`, of a record in the log or of the
 * configuration holding them at a wake or a command, is that half-year or earlier; one added since
 * owes none, nor does any on a log that began after it), and with no snapshot of it. A capture month missed whole (the machine off all December) shows here,
 * after it, where nothing else says so. Pure.
 */
export function owedLastHalfYear(input: {
  lastFinished: Period;
  accounts: Array<Pick<Account, "id" | "status">>;
  snapshots: Array<{ accountId: string; period: string }>;
  firstPeriods: Map<string, string>;
  ended?: string[];
}): string[] {
  const have = new Set(input.snapshots.filter((s) => s.period === input.lastFinished).map((s) => s.accountId));
  const ended = new Set(input.ended ?? []);
  return input.accounts
    .filter((a) => a.status === "active" && !ended.has(a.id) && !have.has(a.id))
    .filter((a) => { const first = input.firstPeriods.get(a.id); return first !== undefined && comparePeriods(first, input.lastFinished) <= 0; })
    .map((a) => a.id);
}

/** What capture was asked for, as its flags say it. */
export interface CaptureAsk {
  final?: boolean;
  force?: boolean;
  reopen?: boolean;
  /** --period given: a closed account is named with it to make up a missed half-year. */
  periodNamed?: boolean;
}

/** A record as the decision needs it; the caller's own rows pass through to the answer. */
export interface TakenRecord { recordId: string; capturedAt: string }

export interface CaptureInput<R extends TakenRecord> {
  account: Pick<Account, "id" | "status">;
  period: Period;
  asked: CaptureAsk;
  /** The account's closing record that stands (capture --final, not followed by --reopen). */
  closing?: R;
  /** The period's newest snapshot (failed attempts do not count). */
  existing?: R;
  now: Date;
  months: number[];
  timezone: string;
}

/**
 * Why an account is not captured now:
 * - second-closing: --final, and its closing record stands (--force takes another);
 * - reopen-closed: --reopen of an account closed in the configuration;
 * - nothing-to-reopen: --reopen of an account without a closing record;
 * - made-up-after-closing: the half-year before, made up after the closing record (--force takes it);
 * - closed: closed in the configuration, named without --final (nor --period, while it has no closing record);
 * - after-closing: this half-year, after the closing record (--reopen takes it; --force does not);
 * - has-snapshot: the period has its snapshot (--force adds a version).
 */
export type NotCapturedWhy = "second-closing" | "reopen-closed" | "nothing-to-reopen" | "made-up-after-closing" | "closed" | "after-closing" | "has-snapshot";

/**
 * Captured or not, and why, with the record the answer stands on: the closing record, the period's
 * snapshot, or (afterEarly) the snapshot from before the capture month that does not stand in for the half-year's.
 */
export type CaptureDecision<R extends TakenRecord> =
  | { capture: true; afterEarly?: R }
  | { capture: false; why: NotCapturedWhy; record?: R };

/**
 * Whether an account is captured now: the one answer capture's refusal, the pipeline's skip and the
 * command a stop names all give. Where each had its own, capture --period (this half-year) after a
 * closing record advised --force, and the pipeline, given --force, skipped it and advised --reopen.
 * The closing record is the account's last snapshot: only --reopen takes this half-year after it;
 * the half-year before, missed before it, is made up with --force only, as it shows the same page.
 * Pure.
 */
export function decideCapture<R extends TakenRecord>(input: CaptureInput<R>): CaptureDecision<R> {
  const { account, asked, closing, existing, period } = input;
  const no = (why: NotCapturedWhy, record?: R): CaptureDecision<R> => ({ capture: false, why, record });
  if (asked.final) return closing && !asked.force ? no("second-closing", closing) : { capture: true };
  if (asked.reopen) {
    if (account.status === "closed") return no("reopen-closed", closing);
    return closing ? { capture: true } : no("nothing-to-reopen");
  }
  if (period !== periodOf(input.now, input.timezone)) {
    if (closing && !asked.force) return no("made-up-after-closing", closing);
  } else {
    if (account.status === "closed" && (closing || !asked.periodNamed)) return no("closed", closing);
    if (closing) return no("after-closing", closing);
  }
  if (!existing || asked.force) return { capture: true };
  const early = !atHalfYearChange(new Date(existing.capturedAt), period, input.months, input.timezone) && atHalfYearChange(input.now, period, input.months, input.timezone);
  return early ? { capture: true, afterEarly: existing } : no("has-snapshot", existing);
}

/**
 * Each account's half-years with no snapshot (failed attempts do not count), from its first half-year in
 * use (its first record, a snapshot or a failed attempt, or in the configuration as a wake or a command
 * saw it; see RecordStore.firstInConfiguration) to the half-year `lastFinished`:
 * the gaps in its series. owedLastHalfYear says only the last half-year, and only until the next has
 * ended; a half-year nobody even tried (the worker not running) left no row, and the series read as
 * whole. Left out: an account without a record, and the half-years after its end: after its newest
 * snapshot when its closing record stands (capture --final) or it is closed without a date, and from
 * the half-year it was closed in (closedOn), whose snapshot falls after it was closed. Pure.
 */
export function gapsInSeries(input: {
  lastFinished: Period;
  accounts: Array<Pick<Account, "id" | "status" | "closedOn">>;
  snapshots: Array<{ accountId: string; period: string }>;
  firstPeriods: Map<string, string>;
  ended?: string[];
}): Array<{ accountId: string; periods: Period[] }> {
  const ended = new Set(input.ended ?? []);
  const out: Array<{ accountId: string; periods: Period[] }> = [];
  for (const a of input.accounts) {
    const first = input.firstPeriods.get(a.id);
    if (!first) continue;
    const have = new Set(input.snapshots.filter((s) => s.accountId === a.id).map((s) => s.period));
    const ends = [input.lastFinished];
    if (ended.has(a.id) || (a.status === "closed" && !a.closedOn)) ends.push([...have].sort().at(-1) ?? first);
    if (a.status === "closed" && a.closedOn) ends.push(previousPeriod(periodOfDay(a.closedOn)));
    const last = ends.sort(comparePeriods)[0]!;
    const periods = periodsFromTo(first, last).filter((p) => !have.has(p));
    if (periods.length) out.push({ accountId: a.id, periods });
  }
  return out;
}

import { agreeing, counted } from "../words/counted.ts";
import cron, { type ScheduledTask } from "node-cron";
import type { PipelineContext } from "../record/index.ts";
import { captureAccounts, collectiveCaseGaps, finishPending, refreshGuides, localWriteFailure, logLocked, pendingRecords, TOOL_VERSION } from "../record/index.ts";
import { captureMonthsOver, decideDue, decidePreflight, isRunningLate, missingAfterFailure } from "./due.ts";
import { clockChangeSkipsWake, monthsWithoutWake, nextWake, sixFieldsSaid } from "./cron.ts";
import { formatLocal, localDate, otherZoneSaid, periodOf } from "./period.ts";
import { preflightAccounts, preflightWarnings } from "./preflight.ts";
import type { Config } from "../config/schema.ts";
import { accountSeries, seriesOwner } from "../config/series.ts";
import { captureCommandLine } from "../config/command.ts";
import { renamedAccounts } from "../cli/renamed.ts";
import { policyWarnings } from "../register/policy.ts";
import { givenUpSaid } from "./given-up.ts";
import { fullMailboxesSaid } from "../intake/full-mailbox.ts";
import { addedIntakeSaid, addedIntakesOf } from "../record/added-intakes.ts";
import { owedNotice } from "./owed.ts";
import { lateWakeSaid, RUN_LATE_WAKES } from "./late-wake.ts";

/**
 * What changed between the configuration the worker runs with and the file now: the accounts in
 * words ("added x; closed y"), and the sections that only a restart can take (they are set up once).
 * Null when nothing that matters changed.
 */
export function configChange(running: Config, fresh: Config): ConfigChange | null {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const { source: _a, ...r } = running;
  const { source: _b, ...f } = fresh;
  if (same(r, f)) return null;
  const byId = (c: Config) => new Map(c.accounts.map((a) => [a.id, a]));
  const before = byId(running), after = byId(fresh);
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const closed = [...after.values()].filter((a) => a.status === "closed" && before.get(a.id)?.status === "active").map((a) => a.id);
  const changed = [...after.values()].filter((a) => before.has(a.id) && !closed.includes(a.id) && !same(a, before.get(a.id))).map((a) => a.id);
  const accounts = [
    added.length ? `added ${added.join(", ")}` : "",
    closed.length ? `closed ${closed.join(", ")}` : "",
    removed.length ? `removed ${removed.join(", ")}` : "",
    changed.length ? `changed ${changed.join(", ")}` : "",
  ].filter(Boolean).join("; ");
  const restart = RESTART_SECTIONS.filter((k) => !same(running[k], fresh[k]));
  return { accounts, restart, settings: settingsChanged(r, f), removed, closed };
}

export interface ConfigChange {
  /** The accounts in words: "added x; closed y". */
  accounts: string;
  /** The sections that only a restart takes (see RESTART_SECTIONS). */
  restart: string[];
  /** The other settings that changed, each as "capture.timeoutSeconds 60 → 90". */
  settings: string[];
  /** Accounts taken out of the file, and those closed in it, for what their records still ask. */
  removed: string[];
  closed: string[];
}

/** Set up once, when the worker starts: a change to them waits for a restart. */
const RESTART_SECTIONS = ["storage", "intake", "database", "schedule"] as const;

/**
 * The settings that changed outside the accounts and the sections a restart takes (those are said
 * apart), by their path in the file and with the old and new value: "the configuration has changed"
 * alone left the operator to guess whether the change they made was the one taken. The file holds no
 * secret (the schema refuses them), and the sections with addresses of stores and intakes are left out.
 */
function settingsChanged(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const out: string[] = [];
  const shown = (v: unknown) => (v === undefined ? "(not set)" : clip(JSON.stringify(v)));
  const walk = (path: string, a: unknown, b: unknown) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const plain = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
    if (plain(a) && plain(b)) {
      const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
      for (const k of keys) walk(`${path}.${k}`, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
      return;
    }
    out.push(`${path} ${shown(a)} → ${shown(b)}`);
  };
  const skip = new Set<string>(["accounts", "source", "baseDir", "dataDir", ...RESTART_SECTIONS]);
  const keys = new Set([...Object.keys(before), ...Object.keys(after)].filter((k) => !skip.has(k)));
  for (const k of keys) walk(k, before[k], after[k]);
  return out;
}

/** A value as the journal gives it: on one line, and short. */
function clip(text: string): string {
  const one = text.replace(/^"(.*)"$/, "$1").replace(/\s+/g, " ");
  return one.length > 60 ? `${one.slice(0, 57)}…` : one;
}

/**
 * What an account closed in the file, or taken out of it, still asks for, as status and config check
 * say it: no closing record, and the public list leaving it out. Said at the wake that sees the change,
 * where the worker's journal gave only "(removed x)" and the wake read "ok".
 */
function endedAccountsSaid(ctx: PipelineContext, change: ConfigChange): string[] {
  if (!change.removed.length && !change.closed.length) return [];
  const records = ctx.log.records.list();
  const removed = new Set(change.removed);
  const gone = renamedAccounts(ctx.config, records).filter((f) => f.level === "warning" && [...removed].some((id) => f.message.includes(`account "${id}"`)));
  return [...gone.map((f) => f.message), ...closedWithoutClosingRecordSaid(ctx, change.closed)];
}

/**
 * Of the accounts `closed` in the file, those with snapshots and no closing record (capture --final
 * was never run), in the words of config check: take it if the page is still up, nothing if it is gone.
 */
function closedWithoutClosingRecordSaid(ctx: PipelineContext, closedIds: string[]): string[] {
  if (!closedIds.length) return [];
  const { config, log } = ctx;
  const records = log.records.list();
  const change = { closed: closedIds };
  const closingRecords = new Map<string, string>();
  const goneAtClosing = new Map<string, { day: string; recordId: string }>();
  const storedPeriodsByAccount = new Map<string, Set<string>>();
  const series = accountSeries(config.accounts);
  for (const id of change.closed) {
    const closing = log.records.closingRecord(series.ids(id));
    if (closing && closing.status !== "captured") closingRecords.set(id, closing.recordId);
    const g = log.records.goneAtClosing(series.ids(id));
    if (g) goneAtClosing.set(id, { day: localDate(new Date(g.capturedAt), config.schedule.timezone), recordId: g.recordId });
    storedPeriodsByAccount.set(id, new Set(records.filter((r) => seriesOwner(config.accounts, r.accountId) === id && r.status !== "failed" && r.status !== "captured").map((r) => r.period)));
  }
  const closed = policyWarnings({ ...config, accounts: config.accounts.filter((a) => change.closed.includes(a.id)) }, { closingRecords, goneAtClosing, storedPeriodsByAccount })
    .filter((w) => w.code === "closed-without-closing-record");
  return closed.map((w) => w.message);
}

/**
 * When the earliest upload or delivery that waits is due to be tried again (null: none waits). One
 * with no time set is due now. The worker wakes for it, so that "next try after" in status holds
 * between its scheduled wakes, which are a day apart as shipped.
 */
export function earliestRetry(waiting: Array<string | null>, now: Date): Date | null {
  let at: number | null = null;
  for (const w of waiting) {
    const t = w ? Date.parse(w) : now.getTime();
    if (Number.isFinite(t) && (at === null || t < at)) at = t;
  }
  return at === null ? null : new Date(at);
}

/** A retry wake is never sooner than this after the last wake: what failed a moment ago fails again. */
const RETRY_MIN_DELAY_MS = 30_000;
/**
 * How often the idle worker looks in the log for work another process left waiting (a manual
 * capture while the intake was down), so that it is tried at the time status gives for it.
 */
const RETRY_LOOK_MS = 60_000;
/**
 * A wake stopped by another program holding the log's lock is tried again after this, doubling while
 * the lock stays, up to LOCKED_RETRY_MAX_MS: such a lock is seldom held for long, and the next
 * scheduled wake, a day away as shipped, left the accounts it had not reached uncaptured until then.
 */
const LOCKED_RETRY_MS = RETRY_MIN_DELAY_MS;
const LOCKED_RETRY_MAX_MS = 30 * 60_000;

/**
 * The accounts a wake left to another somarkiv process (a second worker, a capture by hand) that are
 * still missing when it ends: said, so the missing ones do not alarm. One the other process has taken
 * by then has its snapshot, and "being captured now" of it read as if it were still in doubt.
 */
export function takenByOthers(outcomes: Array<{ accountId: string; outcome: string; busy?: boolean }>, stillMissing: string[]): string[] {
  return outcomes.filter((o) => o.outcome === "skipped" && o.busy && stillMissing.includes(o.accountId)).map((o) => o.accountId);
}

/**
 * When the worker next captures, and when it opens every account before that (the pre-flight), for the
 * line of a wake outside the capture months: "not a capture month" alone left the operator to count.
 */
function comingCaptures(config: Config, log: PipelineContext["log"], now: Date): string {
  const { months, timezone, preflightDaysBefore } = config.schedule;
  const p = decidePreflight({ now, timezone, months, daysBefore: preflightDaysBefore, done: [] });
  if (!p.captureMonth || !p.period) return "no capture month is set";
  const first = `${p.captureMonth}-01`;
  const [y, m] = p.captureMonth.split("-").map(Number) as [number, number];
  const from = new Date(Date.UTC(y, m - 1, 1 - preflightDaysBefore)).toISOString().slice(0, 10);
  const preflight = preflightDaysBefore === 0 ? "" : log.lastPreflight(p.period) ? "; its pre-flight is done"
    : p.due ? "; its pre-flight (every account opened once) is not done yet, and the next wake tries it" : `; the pre-flight (every account opened once) from ${from}`;
  return `captures for ${p.period} start ${first}${preflight}`;
}

/**
 * How a wake ended, for its heartbeat and its line: "problems" when anything it should have done is
 * not done (a capture failed, a record not stored or delivered, or still waiting to be, a pre-flight
 * that found problems, an account of the half-year still missing after its capture failed, resting
 * before the next try: the wake after the failure said "ok" though nothing was resolved); "interrupted"
 * when the worker was asked to stop in it, so it did not do all it would have; "late" when only the
 * capture month is running out; "ok" otherwise.
 */
export function wakeOutcome(w: { failed: number; problems: number; waiting: number; preflightOk: boolean | null; late: boolean; owed?: number; stopped?: boolean; missingAfterFailure?: number }): "ok" | "problems" | "late" | "interrupted" {
  if (w.failed || w.problems || w.waiting || w.preflightOk === false || w.owed || w.missingAfterFailure) return "problems";
  // Not "stopped": that word is the worker's own stop among the wakes in the log (addWorkerEvent).
  if (w.stopped) return "interrupted";
  return w.late ? "late" : "ok";
}

export interface WorkerStopped {
  /** True when the wake in progress did not finish within the bound and was left behind (see stop()). */
  abandoned: boolean;
  /** Set when the worker stopped itself because its log was deleted or replaced under it: what it said. */
  logGone?: string;
}

export interface WorkerHandle {
  /** Resolves when the worker has stopped: after stop() and the wake in progress, or after the bound. */
  done: Promise<WorkerStopped>;
  /** Stop waking; the wake in progress finishes its current capture and starts no new one. */
  stop(): void;
  /** Resolves when the wake started at start-up has finished (for tests and for the first heartbeat). */
  firstWake: Promise<void>;
}

export interface WorkerOptions {
  /**
   * How long stop() waits for the wake in progress. A capture is bounded by capture.timeoutSeconds; the
   * PDF, the upload and the delivery after it get a minute more. Past this the wake is abandoned: safe,
   * because a record only counts once it is in the log and a half-written spool folder is cleaned later.
   */
  shutdownBoundMs?: number;
  /**
   * Reads the configuration file again (throws when it is not valid). Each wake takes the accounts
   * and what a record says of them as the file has them now, so an account added in November is
   * captured in December without a restart.
   */
  reloadConfig?: () => Config;
}

/**
 * The long-running worker (SPEC §4): wakes on the cron expression in the organisation's time zone and once
 * at start, captures what decideDue() says is due, retries what waits, and opens every account once a
 * few weeks before a capture month (decidePreflight()). A wake that comes while the previous one still
 * works is skipped, not queued, so a slow run never piles up.
 */
export function startWorker(ctx: PipelineContext, abort: AbortController, opts: WorkerOptions = {}): WorkerHandle {
  const { log } = ctx;
  // The schedule, the store, the intake and the log are set up once; the rest is read at each wake.
  const config = ctx.config;
  const tz = config.schedule.timezone;
  let lastProblem = "";
  // The file as last read: a change is said once, not at every wake after it.
  let seen = ctx.config;
  // The sections the file has unlike the worker's start (see configChange), as last said.
  let waitsForRestart: string[] = [];
  const takeConfigChanges = () => {
    if (!opts.reloadConfig) return;
    let fresh: Config;
    try {
      fresh = opts.reloadConfig();
    } catch (e) {
      const problem = String((e as Error)?.message ?? e);
      // Said once per problem, not at every wake.
      if (problem !== lastProblem) ctx.progress(`worker: WARNING: the configuration file has errors now, so the worker goes on with the configuration it has: ${problem.split("\n").slice(0, 3).map((l) => (/[.!?]$/.test(l) ? l : `${l}.`)).join(" ")} Fix the file; "somarkiv config check" lists every error.`);
      lastProblem = problem;
      return;
    }
    if (lastProblem) ctx.progress(`worker: the configuration file is valid again; this wake takes it.`);
    lastProblem = "";
    const change = configChange(seen, fresh);
    if (!change) return;
    seen = fresh;
    ctx.config = { ...fresh, storage: config.storage, intake: config.intake, database: config.database, dataDir: config.dataDir, schedule: config.schedule };
    const settings = change.settings.length ? `; settings changed: ${change.settings.join(", ")}` : "";
    ctx.progress(`worker: the configuration has changed; this wake takes its accounts and record details as they are now${change.accounts ? ` (${change.accounts})` : ""}${settings}.`);
    for (const line of endedAccountsSaid(ctx, change)) ctx.progress(`worker: WARNING: ${line}`);
    // What needs a restart is what the file has unlike the worker's start, not unlike the file read
    // before: a store changed and then put back is what the worker runs with again.
    const restart = configChange(config, fresh)?.restart ?? [];
    const back = waitsForRestart.filter((k) => !restart.includes(k));
    if (back.length) ctx.progress(`worker: ${back.join(", ")} in the configuration is again what the worker runs with; no restart is needed for it.`);
    if (change.restart.some((k) => restart.includes(k))) ctx.progress(`worker: WARNING: ${restart.join(", ")} changed in the configuration too; that takes effect only when the worker is restarted (with systemd: systemctl restart somarkiv; in a container: restart its container).`);
    waitsForRestart = restart;
  };
  const boundMs = opts.shutdownBoundMs ?? config.capture.timeoutSeconds * 1000 + 60_000;
  let busy: Promise<void> | undefined;
  let stopped = false;
  const next = () => nextWake(config.schedule.cron, tz);
  const nextText = () => { const at = next(); return at ? formatLocal(at, tz) : "?"; };

  let lastResting = "";
  // A closed account with no closing record is said at the first wake, as a change closing one is
  // said at the wake that sees it: a worker started with it closed in the file said nothing of it.
  let closedSaid = false;
  // The log deleted or replaced under the running worker (by hand, or a backup copied over it): what
  // it records would go into a file nobody can read while status says the log is lost. It stops.
  let logGone: string | undefined;
  const wake = async (scheduled: boolean): Promise<void> => {
    const away = log.notAtItsPath();
    if (away) {
      logGone = logGoneSaid(log.file, away);
      ctx.progress(`worker: STOPPED: ${logGone}`);
      stopWorker();
      return;
    }
    takeConfigChanges();
    if (!closedSaid) {
      closedSaid = true;
      const closed = ctx.config.accounts.filter((a) => a.status === "closed").map((a) => a.id);
      for (const line of closedWithoutClosingRecordSaid(ctx, closed)) ctx.progress(`worker: WARNING: ${line}`);
    }
    // A store that did not answer at the last wake is asked again at this one.
    ctx.storeSilent = undefined;
    // And looked at again for the records stored so far: its setting may have been put right since.
    ctx.storeHoldsLog = undefined;
    const config = ctx.config;
    const now = new Date();
    const series = accountSeries(config.accounts);
    // An account added to the file owes this half-year from now, even if no capture reaches it before it ends.
    log.noteAccountsSeen(config.accounts, periodOf(now, tz), "wake");
    // What waits from earlier wakes is found first (a record the log lost taken back from the spool counts
    // as its account's snapshot in what is due), and sent after the captures: a store that took the
    // connection and never answered held the half-year's captures for minutes a waiting record.
    const waitingBefore = pendingRecords(ctx);
    const decision = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots: log.records.snapshotPeriods(series), failures: log.records.failedAttempts(periodOf(now, tz), series), ended: log.records.endedAccounts(series), nextScheduled: scheduled ? next() : null });
    let captured = 0;
    let failed = 0;
    let skipped = 0;
    let outcomes: Awaited<ReturnType<typeof captureAccounts>> = [];
    // Said when it changes, not at every wake: a worker woken every minute would repeat it sixty times an hour.
    const resting = decision.resting.map((r) => `${r.accountId} rests until ${formatLocal(r.until, tz)}`).join(", ");
    if (resting && resting !== lastResting) {
      // The command with an id of those resting in it, as status gives it: the placeholder ID beside one named account read as a word to type.
      const first = decision.resting[0]!.accountId;
      const now = decision.resting.length === 1 ? "tries it now" : `tries ${first} now, and so with the id of another`;
      ctx.progress(`worker: ${resting}, after failing (the pause grows with each failure, at most 20 hours); "${captureCommandLine({ accounts: [first] })}" ${now}`);
    }
    lastResting = resting;
    if (decision.due.length && !abort.signal.aborted) {
      ctx.progress(`worker: ${decision.period} is due for ${counted(decision.due.length, "account")}: ${decision.due.join(", ")}`);
      const accounts = config.accounts.filter((a) => decision.due.includes(a.id));
      const runId = log.startRun("worker");
      outcomes = await captureAccounts(ctx, { accounts, period: decision.period, runId });
      captured = outcomes.filter((o) => o.outcome === "captured").length;
      failed = outcomes.filter((o) => o.outcome === "failed").length;
      skipped = outcomes.filter((o) => o.outcome === "skipped" && !o.stopped).length;
      log.endRun(runId, failed ? "failed" : abort.signal.aborted ? "interrupted" : "ok", { outcomes });
    }

    const pending = await finishPending(ctx, { only: waitingBefore });
    await refreshGuides(ctx);
    const preflight = await maybePreflight();

    // Read once after the captures, for what is still missing and for the half-year owed: of the
    // half-year the wake began in. Looked up at the time it ends, a wake that ran past midnight at
    // the half-year change said the accounts it had just taken for the old half-year were missing
    // (of the new one, under the old one's name).
    const facts = log.records.seriesFacts(series);
    const after = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots: facts.snapshots, ended: facts.ended });
    const late = isRunningLate(after);
    if (late) {
      ctx.progress(`WARNING: only ${counted(after.daysLeftInMonth ?? 0, "day")} of the capture month ${agreeing(after.daysLeftInMonth ?? 0, "is", "are")} left after today and ${counted(after.missing.length, "account")} still ${agreeing(after.missing.length, "has", "have")} no snapshot for ${after.period}: ${after.missing.join(", ")}. Check the failures with "somarkiv status" and capture them by hand if needed ("somarkiv capture --account ID").`);
    }
    // A half-year that ended with accounts never taken (the machine off all December) is said at every
    // wake after it, until it is made up: nothing else would, and the wakes would read "ok".
    const { owed, said: owedWords } = owedNotice(log.records, config, facts);
    if (owedWords) ctx.progress(`WARNING: ${owedWords}`);
    // A record made but not yet stored or delivered (the store or the intake is down) is a problem of this wake too.
    const recordProblems = outcomes.flatMap((o) => (o.outcome === "captured" ? o.problems : []));
    // Counted after the captures: one made this wake that the store or an intake did not take waits too.
    const waitingNow = new Set([
      ...log.records.pendingStores().map((r) => r.recordId),
      ...log.records.openDeliveries().filter((d) => d.status === "pending").map((d) => d.recordId),
    ]).size;
    // Given up (a 550, a login refused): no wake tries it again, so each says so until a person has acted.
    const givenUp = log.records.openDeliveries().filter((d) => d.status === "failed");
    // A full mailbox waits like a server that is down, but does not empty by itself: each wake says
    // whose it is and what to do until it takes mail again, where the line counted it among those waiting.
    for (const full of fullMailboxesSaid(log.records.openDeliveries().filter((d) => d.status === "pending"))) ctx.progress(`WARNING: ${full}.`);
    const stopping = abort.signal.aborted;
    const failedMissing = after.captureMonth ? missingAfterFailure({ missing: after.missing, accounts: config.accounts, period: after.period, failures: log.records.failedAttempts(after.period, series) }) : [];
    const outcome = wakeOutcome({ failed, problems: pending.problems.length + recordProblems.length + givenUp.length + (lastProblem ? 1 : 0), waiting: waitingNow, preflightOk: preflight ? preflight.ok : null, late, owed: owed.length, stopped: stopping, missingAfterFailure: failedMissing.length });
    // A worker that is stopping wakes no more: a next wake would read as if one were coming.
    const nextAt = stopping ? null : next();
    log.addWake(outcome, {
      period: decision.period, captureMonth: decision.captureMonth, due: decision.due, captured, failed, skipped,
      stored: pending.stored.length, delivered: pending.delivered.length, waiting: waitingNow, needPerson: givenUp.length,
      problems: pending.problems.map((p) => p.message), missing: after.missing, missingAfterFailure: failedMissing, late,
      daysLeftInMonth: after.daysLeftInMonth, preflight, stopping, notStarted: outcomes.flatMap((o) => (o.outcome === "skipped" && o.stopped ? [o.accountId] : [])),
    }, nextAt);
    const needPerson = givenUp.length ? `; ${givenUpSaid(givenUp)}` : "";
    // Said at every wake while it lasts, not only once: a journal read a day later showed "ok" wakes
    // that had taken none of the edits made since.
    const oldConfig = lastProblem ? `; ${olderConfigSaid(lastProblem)}` : "";
    const waiting = waitingNow ? `; ${counted(waitingNow, "record")} ${agreeing(waitingNow, "waits", "wait")} to be stored or delivered, tried again at their time ("somarkiv status" says when)` : "";
    // The one line a journal shows of the wake: which accounts are missing and which failed now, and why.
    const names = (ids: string[]) => (ids.length > 20 ? `${ids.slice(0, 20).join(", ")} and ${ids.length - 20} more` : ids.join(", "));
    const failedNow = outcomes.flatMap((o) => (o.outcome === "failed" ? [`${o.accountId} (${o.reason})`] : []));
    const busyNow = takenByOthers(outcomes, after.missing);
    const busy = busyNow.length ? `; being captured by another somarkiv process now: ${names(busyNow)}` : "";
    const over = !decision.captureMonth && after.missing.length > 0 && captureMonthsOver(new Date(), config.schedule.months, config.schedule.timezone);
    // Those resting after failing at an earlier wake are counted apart: the journal's reader sees they
    // wait on a failure, not on their turn (one failed in this wake is said with its reason below).
    const restingNow = failedMissing.filter((id) => !outcomes.some((o) => o.outcome === "failed" && o.accountId === id));
    const afterFailing = restingNow.length ? `, ${restingNow.length} of them after a failed capture, resting until the worker tries again ("somarkiv status" says why each failed and when)` : "";
    const missing = decision.captureMonth ? `${counted(after.missing.length, "account")} still missing for ${decision.period}${after.missing.length ? ` (${names(after.missing)})` : ""}${afterFailing}`
      : over ? `not a capture month; WARNING: the capture month of ${decision.period} is over and ${counted(after.missing.length, "account")} ${agreeing(after.missing.length, "has", "have")} no snapshot for it (${names(after.missing)}): the worker takes none before the half-year ends, so take them now with "somarkiv capture"`
      : `not a capture month; ${comingCaptures(config, log, new Date())}`;
    // Accounts left because of the stop are said as the capture command says them: still due, taken at the next start.
    const notStarted = outcomes.flatMap((o) => (o.outcome === "skipped" && o.stopped ? [o.accountId] : []));
    const left = notStarted.length ? `; stopped before ${names(notStarted)}, which the worker takes when it is started again` : "";
    const then = stopping ? "; no next wake, the worker is stopping" : `; next wake ${nextAt ? formatLocal(nextAt, tz) : "?"}`;
    // A wake that ran past the half-year's end (begun on 31 December, captures after midnight): its
    // records are that half-year's made up afterwards, as their sheets say; the line says so too.
    const afterEnd = outcomes.flatMap((o) => (o.outcome === "captured" && o.flags.includes("after-period") ? [o.accountId] : []));
    const madeUp = afterEnd.length ? `; taken after ${decision.period} had ended, and marked so on their sheets: ${names(afterEnd)}` : "";
    ctx.progress(`worker: ${stopping ? `wake cut short by the stop${outcome === "interrupted" ? "" : ` (${outcome})`}` : `wake done (${outcome})`}; ${missing}${madeUp}${failedNow.length ? `; failed this wake: ${names(failedNow)}` : ""}${left}${busy}${needPerson}${oldConfig}${waiting}${then}`);
  };

  /** The pre-flight part of a wake: at most once per coming period, never in a capture month. */
  const maybePreflight = async () => {
    if (abort.signal.aborted) return null;
    const config = ctx.config;
    const probe = decidePreflight({ now: new Date(), timezone: tz, months: config.schedule.months, daysBefore: config.schedule.preflightDaysBefore, done: [] });
    if (!probe.due || !probe.period) return null;
    const done = log.lastPreflight(probe.period) ? [probe.period] : [];
    const p = decidePreflight({ now: new Date(), timezone: tz, months: config.schedule.months, daysBefore: config.schedule.preflightDaysBefore, done });
    if (!p.due || !p.period) return null;
    const accounts = config.accounts.filter((a) => a.status === "active");
    ctx.progress(`worker: pre-flight for ${p.period}: the capture month ${p.captureMonth} starts in ${counted(p.daysUntil ?? 0, "day")}; opening ${counted(accounts.length, "account")} once, no records are made`);
    const results = await preflightAccounts(config, accounts, ctx.progress, abort.signal);
    const complete = results.length === accounts.length;
    const ok = results.every((r) => r.ok);
    // An interrupted pre-flight is not recorded for the period, so the next wake does it again in full.
    log.addPreflight("worker", complete ? p.period : null, ok, results);
    for (const line of preflightWarnings(results, p.captureMonth)) ctx.progress(line);
    for (const gap of collectiveCaseGaps(config, new Date())) ctx.progress(`PREFLIGHT WARNING: ${gap}`);
    if (complete && ok) ctx.progress(`worker: pre-flight for ${p.period}: ${results.length === 1 ? "" : "all "}${counted(results.length, "account")} ${agreeing(results.length, "opens as it", "open as they")} should`);
    return { period: p.period, captureMonth: p.captureMonth, ok, checked: results.length, problems: results.filter((r) => !r.ok).map((r) => ({ accountId: r.accountId, problems: r.problems })) };
  };

  const trigger = (why: string) => {
    if (stopped) return;
    if (busy) {
      ctx.progress(`worker: ${why} wake skipped, the previous wake is still working`);
      return;
    }
    busy = wake(why === "scheduled")
      .then(() => { lockedWakes = 0; })
      .catch((e) => {
        // The wake's failure goes into the log's heartbeat and stderr; the worker keeps running for the next wake.
        const msg = (e as Error)?.message ?? String(e);
        const local = localWriteFailure(e, config);
        lockedWakes = logLocked(e) ? lockedWakes + 1 : 0;
        const again = lockedWakes ? `The worker tries the wake again in ${wordsFor(lockedRetryMs())}` : "The worker tries again at its next wake";
        const said = local ? `${local.what}. ${local.fix} ${again}; nothing already recorded is lost.` : msg;
        ctx.progress(`worker: the wake failed: ${said}`);
        // In plain words in the log too: status shows it to the operator who was not watching stderr.
        try { log.addWake("error", { error: said }, next()); } catch { /* the log itself is unusable; stderr has it */ }
      })
      .finally(() => {
        busy = undefined;
        lastWakeEnded = Date.now();
        scheduleRetry();
      });
  };

  // Uploads and deliveries that wait are tried again at their time, not only at the next scheduled
  // wake: the worker's own, and those another process left (looked for every RETRY_LOOK_MS).
  let retryTimer: NodeJS.Timeout | undefined;
  let lastWakeEnded = 0;
  // Wakes in a row stopped by another program's lock on the log (see LOCKED_RETRY_MS).
  let lockedWakes = 0;
  const lockedRetryMs = () => Math.min(LOCKED_RETRY_MS * 2 ** Math.max(0, lockedWakes - 1), LOCKED_RETRY_MAX_MS);
  const scheduleRetry = () => {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    if (stopped) return;
    let at: Date | null = null;
    try {
      at = earliestRetry([...log.records.pendingStores().map((r) => r.nextStoreAt), ...log.records.pendingDeliveries().map((d) => d.nextAttemptAt)], new Date());
    } catch {
      at = null; // the log cannot be read now; the scheduled wake tries everything, and the next look again
    }
    const scheduled = next();
    const waits = at ? Math.max(at.getTime(), lastWakeEnded + RETRY_MIN_DELAY_MS) : null;
    const retryAt = lockedWakes ? Math.min(waits ?? Infinity, lastWakeEnded + lockedRetryMs()) : waits;
    const beforeWake = retryAt !== null && (!scheduled || retryAt < scheduled.getTime());
    if (beforeWake && retryAt <= Date.now() + RETRY_LOOK_MS) retryTimer = setTimeout(() => trigger("retry"), Math.max(0, retryAt - Date.now()));
    else retryTimer = setTimeout(scheduleRetry, RETRY_LOOK_MS);
  };

  for (const m of monthsWithoutWake(config.schedule.cron, config.schedule.months, tz)) {
    ctx.progress(`WARNING: schedule.cron "${config.schedule.cron}" never wakes the worker in month ${m}, a capture month; that half-year is only captured if the worker starts in it. Make the cron's month and day fields include it (e.g. "0 6 * * *").`);
  }
  const skipped = clockChangeSkipsWake(config.schedule.cron, tz, config.schedule.months);
  const zone = otherZoneSaid(tz);
  if (zone) ctx.progress(`worker: WARNING: ${zone}`);
  if (skipped) ctx.progress(`worker: WARNING: ${skipped}`);
  const six = sixFieldsSaid(config.schedule.cron, tz);
  if (six) ctx.progress(`worker: WARNING: ${six}`);
  // Said where the operator of an unattended worker reads, not only by config check: a record made
  // without its collective case says "Samlingsärende –" for good.
  for (const gap of collectiveCaseGaps(config, new Date())) ctx.progress(`worker: WARNING: ${gap}`);
  // An intake added to the file since records of the half-year were made: the worker does not send them there by itself.
  for (const a of addedIntakesOf(log, ctx.targets.map((t) => t.name), periodOf(new Date(), tz))) ctx.progress(`worker: WARNING: ${addedIntakeSaid(a)}.`);
  // Times due that a pause went past (node-cron reports them as missed): said with the wake that runs for them.
  let passedOver: Date[] = [];
  const scheduledWake = (due: Date) => {
    const said = lateWakeSaid(due, new Date(), tz, passedOver.filter((d) => d < due));
    passedOver = [];
    if (said) ctx.progress(`worker: ${said}`);
    trigger("scheduled");
  };
  // A late wake still runs (node-cron drops one more than a second late), and a listener for the
  // missed times keeps node-cron's own coloured English line out of the journal.
  const task: ScheduledTask = cron.schedule(config.schedule.cron, (c) => scheduledWake(c.date), { timezone: tz, noOverlap: false, missedExecutionTolerance: RUN_LATE_WAKES });
  task.on("execution:missed", (c) => { passedOver.push(c.date); });
  let resolveDone!: (s: WorkerStopped) => void;
  const done = new Promise<WorkerStopped>((r) => (resolveDone = r));
  // The release is named: after an upgrade, the journal shows whether the worker was restarted onto it.
  ctx.progress(`worker: started (somarkiv ${TOOL_VERSION}; cron "${config.schedule.cron}" in ${tz}, capture months ${config.schedule.months.join(", ")}); next wake ${nextText()}`);
  trigger("start-up");
  const firstWake = busy ?? Promise.resolve();

  function stopWorker(): void {
    if (stopped) return;
    stopped = true;
    clearTimeout(retryTimer);
    abort.abort();
    // Stop node-cron's timer first, so no new wake starts and nothing keeps the process alive.
    void task.stop();
    void task.destroy();
    const gone = logGone ? { logGone } : {};
    const inProgress = busy;
    if (!inProgress) {
      resolveDone({ abandoned: false, ...gone });
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<WorkerStopped>((r) => { timer = setTimeout(() => r({ abandoned: true, ...gone }), boundMs); });
    void Promise.race([inProgress.then(() => ({ abandoned: false, ...gone })), bound]).then((s) => {
      clearTimeout(timer);
      resolveDone(s);
    });
  }

  return { done, firstWake, stop: stopWorker };
}

/** Why the worker stopped itself when its log was deleted or replaced, and what to do. */
export function logGoneSaid(file: string, how: "gone" | "replaced"): string {
  const what = how === "gone" ? `the log ${file} was deleted while the worker ran` : `the log ${file} was replaced by another file while the worker ran (a backup copied over it, say)`;
  return `${what}, so what it records would go into a file nobody can read. Nothing more was captured, stored or delivered. ${how === "gone" ? `If it was deleted by mistake, put back the latest backup of the log there (made with "somarkiv backup"); "somarkiv recover" then takes back the records made since. ` : `If a backup was put back on purpose, run "somarkiv recover" to take back the records made since it. `}Then start the worker again.`;
}

/**
 * A wake's words while the configuration file has errors: the worker runs on the configuration it
 * read last, and where the file's first error is. Its first line names the file and the line.
 */
export function olderConfigSaid(problem: string): string {
  const first = problem.split("\n")[0]!.trim().replace(/[.;:]$/, "");
  const where = first.length > 200 ? `${first.slice(0, 197)}…` : first;
  return `WARNING: still runs on the configuration it read before, as the file has errors now (${where}); edits to it are not taken until it is fixed ("somarkiv config check" lists every error)`;
}

/** "30 s", "4 minutes": a wait as the operator reads it. */
function wordsFor(ms: number): string {
  return ms < 120_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 60_000)} minutes`;
}

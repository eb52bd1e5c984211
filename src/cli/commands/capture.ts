import { agreeing, counted } from "../../words/counted.ts";
import os from "node:os";
import { parse, periodOption } from "../args.ts";
import { readConfig, openPipeline, refuseLostLog, selectAccounts } from "../context.ts";
import type { RecordLog } from "../../log/index.ts";
import { captureCommandLine, accountSeries, seriesIds } from "../../config/index.ts";
import { CaptureCutShort, UsageError, EXIT } from "../errors.ts";
import { progressLine, print, printData } from "../progress.ts";
import { lookAtIt } from "../flags.ts";
import { renamedAccounts } from "../renamed.ts";
import { sayFileSlips } from "../slips.ts";
import { saySameAddresses } from "../same-address.ts";
import { captureAccounts, captureDecision, capturedElsewhere, finishPending, pendingRecords, intakeEn, refreshGuides, type AccountOutcome } from "../../record/index.ts";
import { unshowable } from "../../record/dnr.ts";
import { deliverAgain } from "../../record/deliver-again.ts";
import { addedIntakesOf } from "../../record/added-intakes.ts";
import { chooseIntake } from "../../intake/choose.ts";
import type { PipelineContext } from "../../record/pipeline.ts";
import { whoRuns } from "./records.ts";
import { atHalfYearChange, captureMonthOf, comparePeriods, formatLocal, localDate, periodOf, previousPeriod, type CaptureAsk } from "../../schedule/index.ts";
import { owedNotice } from "../../schedule/owed.ts";
import type { Account, Config } from "../../config/index.ts";

export async function captureCommand(args: string[]): Promise<number> {
  const { values } = parse("capture", args, {
    account: { type: "string", multiple: true },
    period: { type: "string" },
    force: { type: "boolean" },
    final: { type: "boolean" },
    reopen: { type: "boolean" },
    reason: { type: "string" },
    "as-shown": { type: "boolean" },
    json: { type: "boolean" },
  });
  const config = readConfig(values);
  const ids = values.account ?? [];
  const asked = periodOption(values.period);
  if (values.final && ids.length === 0) throw new UsageError("--final needs --account ID: the closing snapshot is taken of one named account.");
  if (values.reopen && (ids.length === 0 || values.final)) throw new UsageError("--reopen takes a named account again after its closing record, when it is kept after all: somarkiv capture --account ID --reopen (without --final).");
  // A person who has seen the page decides to file it unloaded; the worker and a capture of all keep trying.
  const asShown = values["as-shown"] === true;
  if (asShown && ids.length === 0) throw new UsageError("--as-shown needs --account ID: a page that never finished loading is filed as it shows only for an account named, after its capture failed as not-loaded (somarkiv capture --account ID --as-shown).");
  const reason = captureReason(values.reason);
  const accounts = selectAccounts(config, ids, { includeClosed: ids.length > 0 });
  if (accounts.length === 0) {
    print("There are no active accounts in the configuration; nothing to capture.");
    return EXIT.ok;
  }
  const current = periodOf(new Date(), config.schedule.timezone);
  const period = asked ?? current;
  // A snapshot for a period that has not begun would stand in for the one its capture month takes:
  // the worker would find the period done and never take the real one.
  if (comparePeriods(period, current) > 0)
    throw new UsageError(`--period ${period} has not begun (it is ${current} now); its snapshot is taken at the end of that half-year. To capture now, leave out --period or give ${current}.`);
  // A half-year long past cannot be taken now: the snapshot shows the page as it is today, and filed
  // under a year such as 2016 (a slip for 2026) it would be delivered and kept for good. The one just
  // ended can, for a capture month the worker missed.
  const previous = previousPeriod(current);
  if (comparePeriods(period, previous) < 0)
    throw new UsageError(`--period ${period} ended long ago: a snapshot taken now shows the account as it is today, not as it was then, and would be filed and delivered under ${period} for good. Only this half-year (${current}) and the one before it (${previous}) can be captured; check the period you typed.`);
  await refuseLostLog(config);
  // Before the records are made that would carry a cut text: said where the one capturing reads.
  sayFileSlips(config, progressLine);
  // An account named whose page another entry has is said too: the worker and a capture of all take
  // that entry, so a capture of one of them begins a second series of one page. So is one whose page
  // a closed entry has: its records begin a second series of that account's page.
  saySameAddresses(config, accounts, progressLine);
  // Ctrl-C (or SIGTERM, SIGHUP) stops a manual capture at once, whether or not the browser has
  // started yet: the process ends, and Playwright takes its browser with it. Heard before Playwright's
  // own handler, so that a capture it cuts off meanwhile is not recorded as the page's failure. What
  // was recorded is safe: the log and the spool are written so that a process killed at any moment
  // loses nothing (see test/crash).
  const stop = new AbortController();
  // What the stop leaves: the accounts with an outcome, or a record of this run in the log, are done.
  const finished: AccountOutcome[] = [];
  let runId: number | undefined;
  let log: RecordLog | undefined;
  // What a stop leaves (Ctrl-C, or an error such as a full disk): which accounts the same command would
  // still take, and the command that takes those only.
  const leftSaid = (): string => {
    let made: Array<{ accountId: string }> = [];
    try {
      made = runId === undefined || !log ? [] : log.records.list({ accountId: accounts.map((a) => a.id), period }).filter((r) => r.runId === runId);
    } catch {
      // The log cannot be read now (its disk full, its lock held): what this run finished is known all the same.
    }
    const done = new Set([...finished.map((o) => o.accountId), ...made.map((r) => r.accountId)]);
    // Left are those the same command would still take, as the capture itself decides it.
    const decides = (a: Account) => { try { return !log || captureDecision(log, config, a, period, askedFor).capture; } catch { return true; } };
    const left = accounts.filter((a) => !done.has(a.id) && decides(a));
    const failedBefore = finished.filter((o) => o.outcome === "failed").length;
    return stopLeaves(left, { ...values, asShown, period: asked, named: ids.length > 0, failedBefore }, reason);
  };
  // What was done before the stop, as a run that ended would have said it: stdout was left empty.
  // In the configuration's order, as a run that ended says them, and counted against all asked for.
  const sayFinished = () => {
    const inOrder = accounts.flatMap((a) => finished.filter((o) => o.accountId === a.id));
    if (finished.length && !values.json) for (const line of outcomeLines(period, inOrder, [], config.schedule.timezone, new Set(accounts.filter((a) => a.status === "closed").map((a) => a.id)), asked !== undefined && period !== current, new Set(accounts.map((a) => a.id)).size)) print(line);
  };
  const onStop = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) return;
    stop.abort();
    progressLine(`${signal} received: stopping. The captures in progress are given up and nothing is recorded of them; ${leftSaid()}. Records already made are kept.${log ? waitingAtStop(log) : ""}`);
    sayFinished();
    setImmediate(() => process.exit(128 + (os.constants.signals[signal] ?? 2)));
  };
  const askedFor: CaptureAsk = { final: values.final, force: values.force, reopen: values.reopen, periodNamed: asked !== undefined };
  for (const s of STOP_SIGNALS) process.prependListener(s, onStop);
  const ctx = openPipeline(config, progressLine, stop.signal, stop.signal);
  log = ctx.log;
  try {
    // After the look for a lost log, in the log the capture uses.
    if (ids.length) refuseAfterClosing(ctx.log, config, accounts, period, askedFor);
  } catch (e) {
    for (const s of STOP_SIGNALS) process.removeListener(s, onStop);
    await ctx.close();
    throw e;
  }
  runId = ctx.log.startRun(values.final ? "capture-final" : "capture");
  try {
    // What waits from earlier runs is found first (a record the log lost taken back from the spool, so
    // it counts as the account's snapshot), and sent after the captures: a store that takes the
    // connection and never answers held a manual capture for minutes before it began.
    const waiting = pendingRecords(ctx);
    // An account whose id was changed starts a new series, and its half-year is taken again: said before it is.
    const taking = new Set(accounts.map((a) => a.id));
    for (const f of renamedAccounts(config, ctx.log.records.list())) if (f.newId && f.level === "warning" && taking.has(f.newId)) progressLine(`WARNING: ${f.message}`);
    // A second version without a reason leaves the registrar "no reason was given" on its sheet.
    // Only where a version is added: an account with no snapshot of the half-year gets its first, whose sheet says nothing of a reason.
    if (values.force && !reason && !values.final && accounts.some((a) => ctx.log.records.latestSnapshot(seriesIds(a), period))) progressLine(`Note: no --reason was given, so the new version's record sheet says that none was; --reason "…" tells the registrar why it was taken.`);
    // The closing record names closedOn as the day the account closes: a day still to come is said so there, and here.
    if (values.final) for (const a of accounts) {
      const today = localDate(new Date(), config.schedule.timezone);
      if (a.status === "closed" && a.closedOn && a.closedOn > today) progressLine(`Note: closedOn of "${a.id}" is ${a.closedOn}, a day still to come, so its closing record says the account is to be closed then ("ska stängas ${a.closedOn}"). If it closes on another day, correct closedOn in the configuration and take the closing record again: ${captureCommandLine({ accounts: [a.id], final: true, force: true })}`);
    }
    // As the capture will decide it: "capturing 11 accounts" before skipping all 11 read as work begun,
    // and so did "capturing 1 account" of one another process was taking.
    const due = new Set(accounts.filter((a) => !capturedElsewhere(ctx.log, a.id) && captureDecision(ctx.log, config, a, period, askedFor).capture).map((a) => a.id)).size;
    progressLine(capturingSaid(new Set(accounts.map((a) => a.id)).size, period, config.capture.concurrency, due));
    // Before the capture month a snapshot is a record of today, not the half-year snapshot: the
    // worker still takes that one in the capture month. Said, so a trial run is not mistaken for it.
    const month = captureMonthOf(period, config.schedule.months);
    const early = !values.final && month !== null && !atHalfYearChange(new Date(), period, config.schedule.months, config.schedule.timezone);
    const note = early ? `Note: it is before ${period}'s capture month. What was taken now is kept as a record of today; the half-year snapshot for ${period} is still taken in ${month}, by the worker or by "somarkiv capture" then.` : null;
    if (note) progressLine(note);
    // A plain capture on 1 July takes the new half-year; the one just ended, never taken, is said here
    // too, with the command that makes it up, as the worker and status say it.
    const owed = asked === undefined && !values.final ? owedNotice(ctx.log.records, config).said : null;
    if (owed) progressLine(`WARNING: ${owed}`);
    const outcomes = await captureAccounts(ctx, { accounts, period, ...askedFor, reason, asShown, runId, onOutcome: (o) => finished.push(o) });
    // Only what waited before: a record of this run that could not be stored now waits its turn, as the pipeline said.
    const pending = await finishPending(ctx, { only: waiting });
    await refreshGuides(ctx);
    const failed = outcomes.filter((o) => o.outcome === "failed");
    const problems = outcomes.flatMap((o) => (o.outcome === "captured" ? o.problems : []));
    ctx.log.endRun(runId, failed.length || problems.length ? "failed" : "ok", { outcomes });
    if (values.json) printData(JSON.stringify({ period, outcomes, pendingProblems: pending.problems, note }, null, 2));
    else {
      for (const line of outcomeLines(period, outcomes, pending.problems.map((p) => p.message), config.schedule.timezone, new Set(accounts.filter((a) => a.status === "closed").map((a) => a.id)), asked !== undefined && period !== current)) print(line);
      if (note && outcomes.some((o) => o.outcome === "captured")) print(note);
      if (owed) print(owed);
    }
    // A version asked for by name (--force, --final, --reopen) that another process kept from being
    // taken is not done: a script that asked for it must hear so. A plain capture's skip is its due course.
    const versionAsked = values.force || values.final || values.reopen;
    const notTaken = versionAsked && outcomes.some((o) => o.outcome === "skipped" && o.busy);
    return failed.length || problems.length || pending.problems.length || notTaken ? EXIT.failed : EXIT.ok;
  } catch (e) {
    // Stopped by an error (a full disk, the log's lock held past the wait) after some accounts were
    // done: those are listed, and the command named takes the others only (see CaptureCutShort).
    if (stop.signal.aborted || !finished.length) throw e;
    sayFinished();
    throw new CaptureCutShort(e, leftSaid());
  } finally {
    for (const s of STOP_SIGNALS) process.removeListener(s, onStop);
    await ctx.close();
  }
}

const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * The line a capture begins with, as a person says it: "capturing 1 account(s) …, 2 at a time" of
 * one account named spoke of a concurrency it never had. The lanes are never more than the accounts
 * to take (`due`, of the `accounts` asked for; the others are skipped).
 */
export function capturingSaid(accounts: number, period: string, concurrency: number, due = accounts): string {
  if (due === 0) return `nothing to capture for ${period}: ${accounts === 1 ? "the account asked for is skipped, for the reason" : `the ${accounts} accounts asked for are skipped, each for the reason`} given below`;
  const atOnce = Math.min(concurrency, due);
  const pace = due === 1 ? "" : `, ${atOnce === 1 ? "one" : atOnce} at a time`;
  if (due < accounts) return `capturing ${due} of ${accounts} accounts for ${period}${pace}; the other ${accounts - due === 1 ? "is skipped, for the reason" : `${accounts - due} are skipped, each for the reason`} given below`;
  return accounts === 1 ? `capturing 1 account for ${period}` : `capturing ${accounts} accounts for ${period}${pace}`;
}

/**
 * The command that takes what a stopped capture left, and only that: the accounts not yet done by
 * name, the same --period, and --force, --final, --reopen, --as-shown and --reason as asked. A plain "capture"
 * took the current half-year instead of the one named, and the same --force command, run again,
 * made new versions of the accounts already done.
 */
function stopLeaves(left: Account[], asked: { period?: string; force?: boolean; final?: boolean; reopen?: boolean; asShown?: boolean; named: boolean; failedBefore: number }, reason: string | undefined): string {
  if (!left.length) return "every account asked for was done before the stop, so nothing is left to take";
  // Of many, a few are named: a stop half-way through 250 accounts named 227 in one line of 10 kB.
  const ids = left.length <= STOP_NAMES_AT_MOST ? left.map((a) => a.id).join(", ") : `${left.slice(0, 5).map((a) => a.id).join(", ")} and ${left.length - 5} more`;
  const again = { period: asked.period, reason };
  // A capture of every account skips those that have their snapshot, so the same command takes what is left.
  if (!asked.named && !asked.force && !asked.final && !asked.reopen) {
    const retried = asked.failedBefore ? `, tries again the ${asked.failedBefore} that failed` : "";
    return `${counted(left.length, "account")} ${agreeing(left.length, "is", "are")} not yet done (${ids}); the same command again takes them${retried} and skips those done: ${captureCommandLine(again)}`;
  }
  return `the ${agreeing(left.length, "account", "accounts")} not yet done (${ids}) ${agreeing(left.length, "is", "are")} taken with: ${captureCommandLine({ ...again, accounts: left.map((a) => a.id), final: asked.final, reopen: asked.reopen, force: asked.force, asShown: asked.asShown })}`;
}

/**
 * What a stop leaves to be stored or delivered, records of this run or earlier ones: "nothing is left
 * to take" alone read as all done, while a record stored a moment before the stop had not reached the
 * registrar. Empty when nothing waits.
 */
function waitingAtStop(log: RecordLog): string {
  let stores: number, deliveries: number;
  try {
    stores = log.records.pendingStores().length;
    deliveries = new Set(log.records.pendingDeliveries().map((d) => d.recordId)).size;
  } catch {
    return "";
  }
  if (!stores && !deliveries) return "";
  const parts = [stores ? `${counted(stores, "record")} not yet stored` : "", deliveries ? `${counted(deliveries, "record")} not yet delivered to the registrar` : ""].filter(Boolean).join(" and ");
  // One record in all ("1 record not yet stored") waits; two parts, or more records, wait.
  const one = (stores === 1 && !deliveries) || (!stores && deliveries === 1);
  return ` ${parts[0]!.toUpperCase()}${parts.slice(1)} ${one ? "waits" : "wait"} in the spool: "somarkiv deliver" sends ${one ? "it" : "them"} now (the worker's next wake does too).`;
}

/** How many accounts a stop names by id; more are counted. */
const STOP_NAMES_AT_MOST = 10;

/** Longest --reason kept: a sentence or two for the sheet, not a report. */
const REASON_MAX = 300;

/**
 * Why the snapshots are taken now, as the registrar will read it on each record's sheet ("Skäl"):
 * one line, runs of spaces made one. Refused when empty, too long, or holding a character that does
 * not show as itself, before anything is captured.
 */
export function captureReason(typed: string | undefined): string | undefined {
  if (typed === undefined) return undefined;
  const reason = typed.replace(/\s+/g, " ").trim();
  if (!reason) throw new UsageError('--reason needs the words the registrar will read on the record sheet, e.g. --reason "the first snapshot showed the cookie dialog"');
  // Kept, such a character went raw into the manifest, the e-mail and the CSV.
  const odd = unshowable(reason);
  if (odd) {
    throw new UsageError(`--reason holds ${odd.code}, ${odd.en}: it would go as it is into the record's manifest, the e-mail to the registrar and the CSV. Type the reason anew, in plain words; nothing was captured.`);
  }
  if (reason.length > REASON_MAX) throw new UsageError(`--reason is ${reason.length} characters; at most ${REASON_MAX} fit the record sheet. Say it shorter; the details can go to the registrar with the record.`);
  return reason;
}

/**
 * A named account's closing record (capture --final) is its last snapshot. A plain half-year record
 * of a closed account is almost always a forgotten --final; a second closing record, or a snapshot
 * after it, would leave the registrar two "last" snapshots or one that is not. A missed half-year
 * is still made up when its period is named. Which is refused is decideCapture's answer, the one
 * the capture itself then gives; a period that has its snapshot is skipped there, not refused.
 */
function refuseAfterClosing(log: RecordLog, config: Config, accounts: Account[], period: string, asked: CaptureAsk): void {
  for (const a of accounts) {
    const decision = captureDecision(log, config, a, period, asked);
    if (decision.capture || decision.why === "has-snapshot") continue;
    const closing = decision.record;
    const taken = closing ? `${closing.recordId} (taken ${formatLocal(new Date(closing.capturedAt), config.schedule.timezone)}${closing.dnr ? `, diary number ${closing.dnr}` : ""})` : "";
    // A closedOn still to come is the day it is to close: "closed (since 2026-12-20)" read as a day gone by.
    const today = localDate(new Date(), config.schedule.timezone);
    const closedSince = `Account "${a.id}" is closed${a.closedOn ? (a.closedOn > today ? ` in the configuration (to be closed on ${a.closedOn})` : ` (since ${a.closedOn})`) : ""}`;
    switch (decision.why) {
      case "second-closing":
        throw new UsageError(`Account "${a.id}" already has its closing record, ${taken}. A second one would give the registrar two last snapshots of it. If that one is not right, take another with: ${captureCommandLine({ accounts: [a.id], final: true, force: true })}`);
      // Said of the record, "taken after a closing record that was not the last": only true after one.
      case "reopen-closed":
        throw new UsageError(`Account "${a.id}" is closed in the configuration. If it is kept after all, set status: active (and remove closedOn) first, then: ${captureCommandLine({ accounts: [a.id], reopen: true })}`);
      case "nothing-to-reopen":
        throw new UsageError(`Account "${a.id}" has no closing record, so there is nothing to reopen; capture it as usual: ${captureCommandLine({ accounts: [a.id] })}`);
      // A half-year missed before the closing record, made up now, would be a snapshot taken after it:
      // the same page the closing record shows, and no longer the account's last record.
      case "made-up-after-closing":
        throw new UsageError(`Account "${a.id}" has its closing record, ${taken}, its last snapshot. A snapshot for ${period} taken now would be taken after it and show the same page. Tell the registrar that the closing record stands for ${period} too; if a separate record is needed all the same: ${captureCommandLine({ accounts: [a.id], period, force: true })}`);
      // After its closing record only the half-year before this can be made up: this one's would be taken after it.
      case "closed": {
        // The half-year before is named only when it is missed: one with its snapshot, or before the
        // account's first record, sent the reader to a refusal with other advice.
        const before = previousPeriod(period);
        const first = log.records.firstPeriods(accountSeries(config.accounts)).get(a.id);
        const missed = !log.records.latestSnapshot(seriesIds(a), before) && first !== undefined && comparePeriods(first, before) <= 0;
        throw new UsageError(closing
          ? `${closedSince}, and its closing record is ${taken}: nothing more is taken of it.${missed ? ` To make up its missed snapshot of ${before}, name that period: --period ${before}.` : ""}`
          : `${closedSince}. Its last snapshot is its closing record: ${captureCommandLine({ accounts: [a.id], final: true })}. To make up a missed half-year snapshot of it, name the period with --period.`);
      }
      case "after-closing":
        throw new UsageError(`Account "${a.id}" has its closing record, ${taken}, its last snapshot; a snapshot after it would say otherwise. Once the account is closed on the platform, set status: closed and closedOn in the configuration. If it is kept after all, take it again with: ${captureCommandLine({ accounts: [a.id], reopen: true })}, and tell the registrar that ${closing?.recordId} was not its last snapshot.`);
    }
  }
}

/**
 * The lines a finished (or stopped) capture prints on stdout; `stoppedOf`, for a stopped one, how many accounts were asked for. `madeUp`: the period was named with
 * --period and is over, so each record was taken to make up its missed snapshot; a run that went on
 * past the half-year's end flags only the records taken after it, and only those are said to be.
 */
export function outcomeLines(period: string, outcomes: AccountOutcome[], earlier: string[], timezone: string, closedIn: Set<string>, madeUp: boolean, stoppedOf?: number): string[] {
  const out: string[] = [];
  const print = (line: string) => out.push(line);
  print(`Period ${period}:`);
  // Said once for all, not under each of forty accounts.
  const late = madeUpSaid(period, outcomes, madeUp);
  if (late) print(`  ${late}`);
  // Accounts skipped for one reason are named on one line when there are many of them.
  // ("already has a snapshot for 2026-H2 (konto-01_2026-H2_v1); …" is one reason, its record named beside its account.)
  const skippedFor = new Map<string, string[]>();
  for (const o of outcomes) if (o.outcome === "skipped") {
    const why = o.recordId ? o.why.replace(` (${o.recordId})`, "") : o.why;
    skippedFor.set(why, [...(skippedFor.get(why) ?? []), o.recordId && why !== o.why ? `${o.accountId} (${o.recordId})` : o.accountId]);
  }
  const grouped = new Set(outcomes.filter((o) => o.outcome === "skipped" && [...skippedFor.values()].some((ids) => ids.length > 3 && ids.some((i) => i === o.accountId || i.startsWith(`${o.accountId} (`)))).map((o) => o.accountId));
  for (const o of outcomes) {
    if (o.outcome === "captured") {
      const waits = (o.notYetDeliveredTo ?? []).map(intakeEn);
      // Registered by an intake's diary number (an HTTP intake) while another intake, the registrar's
      // e-mail say, still waits: "delivered" alone would say the registrar has it everywhere.
      // Delivered to one intake (the folder) while another (the e-mail) waits: "delivery pending" alone
      // read as if the registrar had it nowhere, where status and records said "partly".
      const done = (o.deliveredTo ?? []).map(intakeEn);
      const state = o.status === "registered" && waits.length
        ? `stored and registered (by an intake's diary number), but not yet delivered to ${waits.join(" and ")}`
        : o.status === "stored" && waits.length && done.length
        ? `stored and delivered to ${done.join(" and ")}, but not yet to ${waits.join(" and ")}`
        : { captured: "captured, waiting in the spool to be stored", stored: "stored, delivery to the registrar pending", delivered: "stored and delivered to the registrar", registered: "stored, delivered and registered", failed: "failed" }[o.status];
      print(`  ${o.accountId}: ${o.recordId} ${state}`);
      // Taken again for its own half-year: one taken after it ended (a run past midnight at the
      // half-year change too) needs --period, as the plain command would take the new half-year.
      const look = lookAtIt(o.accountId, o.flags, o.flags.includes("after-period") ? period : undefined, { missingPx: o.missingPx, glyphs: o.glyphsMissing, consentButtons: o.consentButtonsSeen, boxWords: o.boxWords });
      if (look) print(`      ${look}`);
      // The closing record is the first half of closing an account; the configuration is the second.
      if (o.flags.includes("final")) {
        print(closedIn.has(o.accountId)
          ? `      This is the account's closing record; the configuration already has it as closed.`
          : `      This is the account's closing record. Once the account is closed on the platform, set it in the configuration: status: closed and closedOn: ${localDate(new Date(), timezone)}. The public list then shows it as closed, and no more snapshots are taken of it.`);
      }
      for (const p of o.problems) print(`      problem: ${p}`);
    } else if (o.outcome === "skipped") {
      if (!grouped.has(o.accountId)) print(`  ${o.accountId}: skipped, ${o.why}`);
    } else {
      print(`  ${o.accountId}: FAILED (${o.reason}): ${o.message}`);
    }
  }
  for (const [why, ids] of skippedFor) if (ids.length > 3) print(`  ${ids.length} accounts skipped, ${why}: ${ids.join(", ")}`);
  for (const p of earlier) print(`  earlier record: ${p}`);
  // With many accounts the list is long: what needs a person is gathered at its end.
  if (outcomes.length > 1 || stoppedOf !== undefined) {
    const n = (k: AccountOutcome["outcome"]) => outcomes.filter((o) => o.outcome === k);
    const failed = n("failed").map((o) => o.accountId);
    const problems = outcomes.filter((o) => o.outcome === "captured" && o.problems.length).map((o) => o.accountId);
    // Stopped (Ctrl-C): of those done before the stop, among all asked for; "of 2 account(s)" read as all there were.
    const of = stoppedOf === undefined ? `of ${counted(outcomes.length, "account")}` : `of the ${counted(outcomes.length, "account")} done before the stop, of ${stoppedOf} asked for`;
    print(`In all: ${n("captured").length} captured, ${failed.length} failed, ${n("skipped").length} skipped, ${of}.${failed.length ? ` Failed: ${failed.join(", ")}.` : ""}${problems.length ? ` Not yet stored or delivered: ${problems.join(", ")}.` : ""}`);
  }
  return out;
}

/**
 * The notice over the list of a run whose records were taken after the half-year ended, said once for
 * all: it counts and names only the records flagged after-period, as their sheets say it, so that the
 * others of a run that went on past midnight at the half-year change are not taken for made up.
 */
export function madeUpSaid(period: string, outcomes: AccountOutcome[], madeUp: boolean): string | null {
  const captured = outcomes.filter((o) => o.outcome === "captured");
  const late = captured.filter((o) => o.flags.includes("after-period"));
  if (!late.length) return null;
  const why = madeUp ? "to make up its missed snapshot" : "as this run went on into the next half-year";
  const which = late.length === captured.length
    ? (late.length === 1 ? "The snapshot below was" : `The ${late.length} snapshots below were`)
    : `Of the ${captured.length} snapshots below, ${late.length === 1 ? `the one of ${late[0]!.accountId} was` : `those of ${late.map((o) => o.accountId).join(", ")} were`}`;
  return `${which} taken after ${period} ended, ${why}: the record sheet says so (and the e-mail to the registrar, where one is sent), so that it is not read as the page at the half-year change.`;
}

export async function deliverCommand(args: string[]): Promise<number> {
  // "--again --all-missing": every record the intake is missing, in place of one record's id.
  const at = args.indexOf("--again");
  const allMissing = at >= 0 && args[at + 1] === "--all-missing";
  if (allMissing) args = [...args.slice(0, at), ...args.slice(at + 2)];
  const { values } = parse("deliver", args, { json: { type: "boolean" }, again: { type: "string" }, intake: { type: "string" } });
  if (allMissing) {
    if (values.again !== undefined) throw new UsageError("deliver --again --all-missing takes no record id: it sends every record of the half-year the intake is missing. For one record: somarkiv deliver --again RECORD_ID --intake NAME");
    if (values.intake === undefined) throw new UsageError("deliver --again --all-missing needs the intake to send them to: somarkiv deliver --again --all-missing --intake NAME (\"somarkiv status\" names it)");
    const config = readConfig(values);
    const ctx = openPipeline(config, progressLine);
    try {
      return await allMissingCommand(ctx, values.intake, values.json === true);
    } finally {
      await ctx.close();
    }
  }
  if (values.again !== undefined && !values.again.trim()) throw new UsageError("deliver --again needs the record's id: somarkiv deliver --again facebook-kommun_2026-H1_v1");
  if (values.intake !== undefined && values.again === undefined) throw new UsageError("--intake names the intake a record is delivered again to: somarkiv deliver --again RECORD_ID --intake folder; a plain \"somarkiv deliver\" sends what waits to every intake it waits for.");
  const config = readConfig(values);
  const ctx = openPipeline(config, progressLine);
  // Ctrl-C during a send ended the command without a word: what was cut off, and what to run, is said.
  const onStop = (signal: NodeJS.Signals) => {
    progressLine(`${signal} received: stopping. A delivery under way is cut off; nothing is lost.${waitingAtStop(ctx.log) || " Nothing else waits."}`);
    setImmediate(() => process.exit(128 + (os.constants.signals[signal] ?? 2)));
  };
  for (const s of STOP_SIGNALS) process.prependListener(s, onStop);
  try {
    if (values.again !== undefined) return await againCommand(ctx, values.again, values.json === true, values.intake);
    const out = await finishPending(ctx, { ignoreBackoff: true });
    if (values.json) printData(JSON.stringify(out, null, 2));
    else {
      if (!out.stored.length && !out.delivered.length && !out.problems.length && !out.waiting) print("Nothing was waiting: every record is stored and delivered.");
      for (const id of out.stored) print(`stored: ${id}`);
      for (const d of out.delivered) print(`delivered: ${d.recordId} to ${intakeEn(d.target)}`);
      for (const p of out.problems) print(`not done: ${p.message}`);
      // A record another somarkiv process is working on right now is left to it; say so rather than "nothing".
      const quiet = out.waiting - new Set(out.problems.map((p) => p.recordId)).size;
      if (quiet > 0) print(`${counted(quiet, "record")} still ${agreeing(quiet, "waits", "wait")} without a new error: another somarkiv process (the worker?) is handling them now. "somarkiv status" shows them.`);
    }
    return out.problems.length ? EXIT.failed : EXIT.ok;
  } finally {
    for (const s of STOP_SIGNALS) process.removeListener(s, onStop);
    await ctx.close();
  }
}


/**
 * deliver --again --all-missing --intake NAME: each record of the half-year made before that intake was
 * added to the configuration, sent to it as deliver --again sends one (from the archive, checked, a
 * chained event each). Only at a person's asking: the registrar may have filed them from another intake.
 */
async function allMissingCommand(ctx: PipelineContext, intake: string, json: boolean): Promise<number> {
  const chosen = chooseIntake(ctx.targets.map((t) => t.name), intake, process.cwd());
  if ("problem" in chosen) throw new UsageError(`deliver --again --all-missing: ${chosen.problem}. Nothing was delivered.`);
  const period = periodOf(new Date(), ctx.config.schedule.timezone);
  const missing = addedIntakesOf(ctx.log, ctx.targets.map((t) => t.name), period).find((a) => a.intake === chosen.target)?.records ?? [];
  const results: Array<{ recordId: string; delivered: boolean; problem?: string; dnrClash?: string }> = [];
  for (const id of missing) {
    const out = await deliverAgain(ctx, id, whoRuns(), chosen.target);
    const problem = "refused" in out ? out.refused : "notMatching" in out ? out.notMatching : out.failed.map((f) => f.error).join("; ") || undefined;
    const clash = "delivered" in out ? out.delivered.find((d) => d.dnrClash)?.dnrClash : undefined;
    results.push({ recordId: id, delivered: !problem, ...(problem ? { problem } : {}), ...(clash ? { dnrClash: clash } : {}) });
  }
  if (json) printData(JSON.stringify({ intake: chosen.target, period, records: results }, null, 2));
  else {
    if (!missing.length) print(`Nothing to send: ${intakeEn(chosen.target)} has every record of ${period} (or it is owed and waits: "somarkiv deliver" sends what waits).`);
    for (const r of results) print(r.delivered ? `delivered again: ${r.recordId} to ${intakeEn(chosen.target)}, from the archive (checksum confirmed)${r.dnrClash ? `, which ${r.dnrClash}` : ""}` : `not done: ${r.recordId}: ${r.problem}`);
  }
  return results.some((r) => !r.delivered || r.dnrClash) ? EXIT.failed : EXIT.ok;
}

/**
 * deliver --again RECORD_ID [--intake NAME]: the record sent anew from the archive to every intake (or the one named), for a registrar
 * whose copy was lost (deleted from the folder by mistake). Exit 2 for a record that cannot be sent
 * (none by that id, a failed capture), 1 when the archive's copy does not match its checksum or an
 * intake did not take it.
 */
async function againCommand(ctx: PipelineContext, typed: string, json: boolean, intake?: string): Promise<number> {
  let only: string | undefined;
  if (intake !== undefined) {
    const chosen = chooseIntake(ctx.targets.map((t) => t.name), intake, process.cwd());
    if ("problem" in chosen) throw new UsageError(`deliver --again: ${chosen.problem}. Nothing was delivered.`);
    only = chosen.target;
  }
  const out = await deliverAgain(ctx, typed, whoRuns(), only);
  if ("refused" in out) throw new UsageError(`deliver --again: ${out.refused}. Nothing was delivered.`);
  if ("notMatching" in out) {
    if (json) printData(JSON.stringify({ recordId: typed, delivered: [], failed: [], problem: out.notMatching }, null, 2));
    else print(`not done: ${out.notMatching}`);
    return EXIT.failed;
  }
  if (json) printData(JSON.stringify({ recordId: typed, ...out }, null, 2));
  else {
    for (const d of out.delivered) print(`delivered again: ${typed} to ${intakeEn(d.target)}, from the archive (checksum confirmed)${d.alreadyHad ? `; the intake already had it (${d.alreadyHad})` : ""}${d.dnrClash ? `, which ${d.dnrClash}` : d.dnr ? ` (diary number ${d.dnr})` : ""}`);
    for (const f of out.failed) print(`not done: ${f.error}; run the command again when it is mended`);
  }
  // A number the intake gave beside the one the record has is for a person to settle, as after a first delivery.
  return out.failed.length || out.delivered.some((d) => d.dnrClash) ? EXIT.failed : EXIT.ok;
}

import { agreeing, counted } from "../../words/counted.ts";
import { parseHolder } from "../../log/index.ts";
import { captureCommandLine, type Config } from "../../config/index.ts";
import { captureMonthOf, captureMonthsOver, formatLocal, localDate, monthName } from "../../schedule/index.ts";
import { owedSaid } from "../../schedule/owed.ts";
import { COMPARE_WITH_DIARY, lastEventSaid, logOlderSaid } from "../../record/taken-back.ts";
import { TOOL_VERSION } from "../../record/version.ts";
import { lookAtIt } from "../flags.ts";
import { intakeNumberRefusedSaid, rowsNotAsEventsSaid } from "../commands/records.ts";
import type { AccountStatus, StatusFacts } from "./facts.ts";
import { probablyPassiveSaid } from "../../register/passive.ts";
import { POLICY_WARNING_SAID } from "../../register/index.ts";
import { goneAtClosingSaid } from "../gone.ts";
import { addedIntakeSaid } from "../../record/added-intakes.ts";
import { intakeEn } from "../../record/metadata.ts";
import { reachedEn } from "../../record/partly-delivered.ts";
import { fullMailboxSaid } from "../../intake/full-mailbox.ts";
import { countsSaid, halfYearSummary } from "./summary.ts";
import { errorBesideNextTry } from "../../intake/index.ts";

/** A delivery given up on waits for no try of its own: the step that takes it up again, as capture says it. */
const GIVEN_UP_NEXT = ' — nothing tries it again by itself: a person must act on the error, then run "somarkiv deliver", which sends it once';

/**
 * What status says to the operator, in English as the rest of the operator's view (records says it to
 * the registrar in Swedish too): the log's health, the worker, the last preflight, the capture month,
 * then each account with what needs a person under it, then work the accounts' lines leave out.
 */
export function statusText(f: StatusFacts, config: Config): string[] {
  // Accounts whose "passive or not" the summary said for many at once, not said again under each.
  const saidOnce = new Set<string>();
  return [
    ...logLines(f, config),
    ...workerLines(f, config),
    ...preflightLines(f, config),
    ...captureMonthLines(f, config),
    ...accountsSummary(f, saidOnce),
    ...f.addedIntakes.map((a) => `WARNING: ${addedIntakeSaid(a)}.`),
    // Said above the accounts, as the worker's wake says it: each waiting delivery's own line below gave
    // the full mailbox only as its last error, read as one more passing failure.
    ...f.fullMailboxes.map((m) => `WARNING: ${fullMailboxSaid(m)}.`),
    // Above the accounts, once for each pair, as the worker says it at its start: a pair is of two entries, not of one account's line.
    ...f.sameAddress.map((p) => `WARNING: ${p.message}`),
    ...f.accounts.flatMap((a) => accountLines(a, f, config, saidOnce.has(a.accountId))),
    ...leftOverLines(f),
  ];
}

/**
 * The latest verification of the archive: one that found problems is a warning until a later one finds
 * none, as it was said once by verify and then by nothing; one in order is said with its date.
 */
function verificationLines(v: StatusFacts["verification"], tz: string): string[] {
  if (!v) return [];
  const when = formatLocal(new Date(v.at), tz);
  if (v.ok) return [`Last verification: ${when}: all in order (${counted(v.objects, "object")} in the store ${agreeing(v.objects, "matches", "match")} the log, and its chain is unbroken).`];
  const first = v.firstProblems[0]?.replace(/\.+$/, "");
  const quoted = first ? `: ${first.length > 300 ? `${first.slice(0, 299)}…` : first}${v.problems > 1 ? " …" : ""}` : "";
  return [`WARNING: the last verification (${when}) found ${counted(v.problems, "problem")} in the archive${quoted}. Run "somarkiv verify" to see ${agreeing(v.problems, "it", "them")} with what to do; status says this until a verification finds all in order.`];
}

function logLines({ period, due, lostLog, verification, notAsEvents, pastEnd, storeMoved, storeUnanswered, olderThanWritten, owed, owedFailed, lastFinished, gaps, accounts }: StatusFacts, config: Config): string[] {
  const out: string[] = [];
  out.push(`Period ${period}${due.captureMonth ? " — this is a capture month" : ""}. Log: ${config.database}`);
  if (lostLog) out.push(`WARNING: ${lostLog.situation} What status shows below is of an empty log. ${lostLog.remedy}`);
  if (storeMoved) out.push(`WARNING: ${storeMoved}`);
  if (storeUnanswered) out.push(`WARNING: ${storeUnanswered}.`);
  if (notAsEvents.length) out.push(rowsNotAsEventsSaid(notAsEvents)[1]!);
  if (pastEnd?.otherInstallation) out.push(`WARNING: ${pastEnd.otherInstallation.charAt(0).toUpperCase()}${pastEnd.otherInstallation.slice(1)}.`);
  else if (pastEnd) out.push(`WARNING: the log ends at ${lastEventSaid(pastEnd.lastEvent, pastEnd.lastEventAt)}, but a verification proved it had ${pastEnd.provenTo} events (its proof is in the store): the log was put back from an older backup, or events were removed from it. Diary numbers and deliveries recorded after event ${pastEnd.lastEvent} are missing from it. Run "somarkiv verify"; after a restore, "somarkiv recover" takes back the records made since. ${COMPARE_WITH_DIARY}`);
  for (const o of olderThanWritten) {
    const [lost, named] = logOlderSaid(o);
    out.push(`${named ? "WARNING" : "Note"}: ${lost}`);
    if (named) out.push(`WARNING: ${named}`);
  }
  out.push(...verificationLines(verification, config.schedule.timezone));
  if (owed.length) out.push(`WARNING: ${owedSaid(lastFinished, owed, owedFailed)}.`);
  // The half-year the line above names is not said twice.
  const earlier = gaps.map((g) => ({ ...g, periods: g.periods.filter((p) => p !== lastFinished || !owed.includes(g.accountId)) })).filter((g) => g.periods.length);
  // A closed account whose page was gone when its closing record was asked for: a capture now fails the same way.
  const gone = new Set(accounts.filter((a) => a.goneAtClosing).map((a) => a.accountId));
  if (earlier.length) out.push(`WARNING: ${gapsSaid(earlier, lastFinished, gone)}.`);
  return out;
}

/**
 * What status says of the gaps in accounts' series (gapsInSeries): each account with its half-years,
 * that the registrar's series lacks them, and what can still be done: only the half-year just ended
 * can be made up (capture refuses one further back, as a snapshot now shows the page as it is today).
 */
function gapsSaid(gaps: Array<{ accountId: string; periods: string[] }>, lastFinished: string, gone: ReadonlySet<string>): string {
  const makeUp = gaps.find((g) => g.periods.includes(lastFinished) && !gone.has(g.accountId));
  const goneToo = gaps.filter((g) => g.periods.includes(lastFinished) && gone.has(g.accountId)).map((g) => g.accountId);
  return `the series of snapshots has half-years that ended with none taken: ${gaps.map((g) => `${g.accountId} has none of ${g.periods.join(", ")}`).join("; ")}. `
    + `The registrar's series is not complete there: tell the registrar, so that it is filed with the gap said (somarkiv records lists each as "saknas"). A half-year before ${lastFinished} cannot be taken any more: a snapshot now would show the account as it is today`
    + (makeUp ? `; ${lastFinished} can still be made up (the record says it was taken afterwards): ${captureCommandLine({ accounts: [makeUp.accountId], period: lastFinished })}` : "")
    + (goneToo.length ? `; of ${goneToo.join(", ")}, whose page was gone when its closing record was asked for, not even ${lastFinished} can be made up` : "");
}

function workerLines({ stopped, died, next, workerEvents, wake, runningNow, runningSchedule, due, missed, overdue, now, accounts }: StatusFacts, config: Config): string[] {
  const tz = config.schedule.timezone;
  const out: string[] = [];
  // A stopped worker has no next wake; the schedule's would read as if it were coming.
  // One that hangs in its first wake keeps the wake it announced, if it ever goes on: a recomputed one read as if it were coming.
  const announced = overdue?.kind === "first-wake-hangs" ? overdue.announcedNext : null;
  const nextText = stopped ? "none while it is stopped" : died ? "none while it is not running" : announced ? `${formatLocal(announced, tz)}, as it announced at its start` : next ? formatLocal(next, tz) : "unknown (check schedule.cron)";
  // A worker started and not stopped, that has not finished a wake since: it is in the middle of one.
  const running = workerEvents.find((e) => e.kind === "started" && !e.gone);
  const inWake = running && (!wake || Date.parse(wake.at) < Date.parse(running.at));
  // A worker that ran and ended in its first wake (killed, stopped) did wake, and may have made records.
  // One stopped in its first wake (a second signal stops it at once) ran too: its start is not its newest event.
  const lastStart = workerEvents.find((e) => e.kind === "started");
  const lastStop = workerEvents.find((e) => e.kind === "stopped");
  const woke = wake ? `last woke ${formatLocal(new Date(wake.at), tz)} (${wake.outcome})`
    : lastStart ? `started ${formatLocal(new Date(lastStart.at), tz)} and ended before it finished a wake`
    : lastStop ? `was stopped ${formatLocal(new Date(lastStop.at), tz)} before it finished a wake (records it made are kept)` : "has not woken yet";
  // Never started with this log: a "next wake" would read as if one were coming.
  const never = !wake && workerEvents.length === 0;
  if (never) out.push(`Worker: has never run with this log; once started, it wakes by its schedule (next: ${nextText}).`);
  else out.push(`Worker: ${inWake ? `started ${formatLocal(new Date(running.at), tz)}, in its first wake now${wake ? `; before that ${woke}` : ""}` : woke}; next wake ${nextText}`);
  if (wake?.outcome === "error" && typeof wake.detail.error === "string") out.push(`  the last wake failed: ${wake.detail.error}`);
  // Two workers on one log share the work (leases), but one is almost always started by mistake (a
  // service and a terminal): only its own start said so, where status, the operator's look, said nothing.
  const alive = workerEvents.filter((e) => e.kind === "started" && !e.gone && !workerEvents.some((s) => s.kind === "stopped" && s.holder === e.holder));
  if (alive.length > 1) {
    const who = alive.map((e) => { const h = parseHolder(e.holder); return h ? `process ${h.pid} on ${h.host}, started ${formatLocal(new Date(e.at), tz)}` : e.holder; });
    out.push(`Note: ${alive.length} workers run on this log now (${who.join("; ")}). They share the work and never capture an account twice, but one of them was most likely started by mistake (a service and a terminal, say): stop the one not meant to run.`);
  }
  // Upgraded while the worker ran: it goes on with the release it started with until it is restarted.
  if (runningNow && runningNow.detail.version !== TOOL_VERSION) out.push(`Note: the worker running now is ${typeof runningNow.detail.version === "string" ? `somarkiv ${runningNow.detail.version}` : "a release before somarkiv 0.2.0"}, and this is somarkiv ${TOOL_VERSION}: it runs the release it started with until it is restarted (with systemd: systemctl restart somarkiv; in a container: restart its container).`);
  if (runningSchedule) {
    // "June and December", "March, June and December".
    const months = (m: number[]) => m.map(monthName).join(", ").replace(/, ([^,]*)$/, " and $1");
    const started = [
      ...(runningSchedule.cron !== config.schedule.cron || runningSchedule.timezone !== tz ? [`cron "${runningSchedule.cron}"${runningSchedule.timezone !== tz ? ` in ${runningSchedule.timezone}` : ""}`] : []),
      ...(runningSchedule.months ? [`the capture months ${months(runningSchedule.months)}`] : []),
    ];
    const now = [
      ...(runningSchedule.cron !== config.schedule.cron || runningSchedule.timezone !== tz ? [`cron "${config.schedule.cron}"${runningSchedule.timezone !== tz ? ` in ${tz}` : ""}`] : []),
      ...(runningSchedule.months ? [`the capture months ${months(config.schedule.months)}`] : []),
    ];
    // Its months, not the file's, decide whether it captures this month; what status says of the month is the file's.
    out.push(`Note: the worker running now started with the schedule ${started.join(" and ")}, and ${runningSchedule.months ? "keeps it" : "wakes by it"}; the file now says ${now.join(" and ")}, which takes effect once the worker is restarted (with systemd: systemctl restart somarkiv; in a container: restart its container).`);
  }
  const notStarted = never ? neverStartedWarning(due, accounts.filter((a) => a.state === "failed").map((a) => a.accountId)) : undefined;
  if (notStarted) out.push(notStarted);
  if (stopped) {
    const how = `the worker was stopped at ${formatLocal(new Date(stopped.at), tz)}${stopped.signal ? ` (${stopped.signal})` : ""} and has not been started again`;
    if (due.captureMonth) out.push(`WARNING: ${how}, and in a capture month the accounts are captured only while it runs. Start it (with systemd: systemctl start somarkiv; in a container: start its container).`);
    else out.push(`Note: ${how}; it wakes no more, nor retries what is pending, until it is started (with systemd: systemctl start somarkiv; in a container: start its container).`);
  }
  if (died) {
    out.push(`WARNING: the worker started at ${formatLocal(new Date(died.startedAt), tz)} is no longer running, and its stop is not in the log: it was killed, it crashed, or the machine restarted (or, if its disk was full or read-only then, it could not write its stop)${due.captureMonth ? `. In a capture month the accounts are captured only while it runs` : `. It wakes no more, nor retries what is pending, until it is started`}. Start it (with systemd: systemctl start somarkiv; in a container: start its container) and look at its log (with systemd: journalctl -u somarkiv; in a container: its container's log) for why it ended.`);
  }
  const restart = "Look at its log (with systemd: journalctl -u somarkiv; in a container: its container's log); if it says nothing new, restart it (with systemd: systemctl restart somarkiv; in a container: restart its container): what it had not finished is taken at its start";
  if (overdue?.kind === "first-wake-hangs") {
    out.push(`WARNING: the worker started at ${formatLocal(overdue.startedAt, tz)} is still in its first wake after ${hoursSince(overdue.startedAt, now)}, far longer than a wake may take: it hangs, or it or this machine is stopped or paused (SIGSTOP, a suspended virtual machine)${due.captureMonth ? `, and in a capture month the accounts are captured only while it runs` : ""}. Its process is still there, so starting another is not the answer. ${restart}.`);
  } else if (overdue?.kind === "wake-did-not-run") {
    out.push(`WARNING: the wake due at ${formatLocal(overdue.due, tz)} did not run, though the worker started at ${formatLocal(overdue.startedAt, tz)} is still running (it has not woken since ${formatLocal(new Date(wake!.at), tz)}): it hangs in a wake, or it or this machine was stopped or paused past it${due.captureMonth ? `, and in a capture month the accounts are captured only while it wakes` : ""}. ${restart}.`);
  } else if (missed) {
    out.push(`WARNING: the worker should have woken at ${formatLocal(missed, tz)} and has not woken since ${formatLocal(new Date(wake!.at), tz)}: it does not seem to be running${due.captureMonth ? `, and in a capture month the accounts are captured only while it runs` : ""}. Start it (with systemd: systemctl start somarkiv; in a container: start its container) and look at its log (with systemd: journalctl -u somarkiv; in a container: its container's log) for why it stopped.`);
  }
  return out;
}

/**
 * A worker never started in a capture month, while accounts still lack the half-year's snapshot: said
 * as a warning. Not once every account has it, where the warning read as work left undone. Accounts
 * whose capture failed (`failed`) are said apart: starting the worker does not mend a 404 or a login
 * wall, and the warning sent the operator to start it for them.
 */
export function neverStartedWarning(due: { captureMonth: boolean; missing: string[] }, failed: string[] = []): string | undefined {
  if (!due.captureMonth || !due.missing.length) return undefined;
  const which = due.missing.length === 1 ? "1 account still lacks its snapshot of the half-year" : `${due.missing.length} accounts still lack their snapshot of the half-year`;
  const start = "Start it (with systemd: systemctl start somarkiv; in a container: start its container).";
  const tried = due.missing.filter((id) => failed.includes(id));
  if (!tried.length) return `WARNING: this is a capture month, and ${which}; accounts are captured only while the worker runs, or by "somarkiv capture". ${start}`;
  const failedSaid = `${tried.length === due.missing.length ? (tried.length === 1 ? "Its capture" : "Their captures") : `The capture${tried.length === 1 ? "" : "s"} of ${tried.length}`} failed (${tried.join(", ")}): the reason is said under ${tried.length === 1 ? "the account" : "each account"}; once it is mended, take ${tried.length === 1 ? "it" : "them"} with "somarkiv capture --account ID" (the worker, not started, would try ${tried.length === 1 ? "it" : "them"} again, but not mend the cause).`;
  const untried = due.missing.filter((id) => !failed.includes(id));
  if (!untried.length) return `WARNING: this is a capture month, and ${which}. ${failedSaid}`;
  return `WARNING: this is a capture month, and ${which}. ${untried.length} not tried yet (${untried.join(", ")}): accounts are captured only while the worker runs, or by "somarkiv capture". ${start} ${failedSaid}`;
}

/** "3 hours", "2 days": how long a worker has been in its wake. */
function hoursSince(at: Date, now: Date): string {
  const h = Math.floor((now.getTime() - at.getTime()) / 3_600_000);
  return h >= 48 ? `${Math.floor(h / 24)} days` : `${h} hour${h === 1 ? "" : "s"}`;
}

/** Each account's problems go under that account, one per line, where the operator looks for it; here only how many. */
function preflightLines({ preflight, preflights }: StatusFacts, config: Config): string[] {
  const tz = config.schedule.timezone;
  const out: string[] = [];
  if (preflight && preflights) {
    const each = preflights.checked > preflight.results.length ? ", each as its latest preflight found it" : "";
    const moved = (preflights.moved.size ? `; ${counted(preflights.moved.size, "account")} ${agreeing(preflights.moved.size, "has", "have")} another address now than when checked (${[...preflights.moved.keys()].join(", ")}), said under each` : "")
      + (preflights.unchecked.length ? `; ${counted(preflights.unchecked.length, "active account")} no preflight has checked yet (${preflights.unchecked.join(", ")}): somarkiv preflight --account ID` : "");
    out.push(`Last preflight: ${formatLocal(new Date(preflight.at), tz)}${preflight.period ? ` for ${preflight.period}` : ""}: ${preflights.problems.size === 0
      ? `${preflights.checked ? `${preflights.checked === 1 ? "" : "all "}${counted(preflights.checked, "account")} ready${each}` : "no account checked at the address it has now"}${moved}`
      : `PROBLEMS with ${preflights.problems.size} of ${counted(preflights.checked, "account")}${each}${moved}; each is shown under its account. Check again after fixing with: somarkiv preflight --account ID`}`);
  }
  return out;
}

function captureMonthLines({ due, now, period, late }: StatusFacts, config: Config): string[] {
  const tz = config.schedule.timezone;
  const out: string[] = [];
  if (!due.captureMonth && due.missing.length && captureMonthsOver(now, config.schedule.months, tz)) {
    out.push(`WARNING: the capture month of ${period} (${captureMonthOf(period, config.schedule.months)}) is over, and ${counted(due.missing.length, "account")} ${agreeing(due.missing.length, "has", "have")} no snapshot for it: ${due.missing.join(", ")}. The worker captures only in a capture month, so it takes none of them before the half-year ends; take them now with "somarkiv capture" (a snapshot taken after the capture month still counts as the half-year's).`);
  }
  if (late) out.push(`WARNING: the capture month is nearly over and ${counted(due.missing.length, "account")} still ${agreeing(due.missing.length, "has", "have")} no snapshot for ${period}: ${due.missing.join(", ")}. Run "somarkiv capture" or check the worker.`);
  return out;
}

function accountsSummary({ accounts, period }: StatusFacts, saidOnce: Set<string>): string[] {
  const out: string[] = [];
  // With many accounts, what needs a person is named first; each account's line below says why.
  const inUse = accounts.filter((a) => a.accountStatus === "active");
  const failing = inUse.filter((a) => a.state === "failed").map((a) => a.accountId);
  // Waiting work of any half-year, each account's named with the half-years it is of when not this one's.
  const periodsOf = (a: (typeof accounts)[number]) => [...new Set(a.pending.map((p) => /_(\d{4}-H[12])_v\d+$/.exec(p.recordId)?.[1]).filter((p): p is string => !!p && p !== period))];
  // Each named with what it waits for: a record stored and waiting only for an e-mail read as one not yet stored.
  const waiting = accounts.filter((a) => a.pending.length).map((a) => `${a.accountId} ${waitsFor(a.pending)}${periodsOf(a).length ? ` (${periodsOf(a).join(", ")})` : ""}`);
  // Counted as each account's line says its record, as status --json's summary counts it.
  const counts = countsSaid(halfYearSummary(accounts, period), intakeEn);
  if (accounts.length > 1) {
    out.push(`Accounts: ${inUse.length} active${accounts.length > inUse.length ? `, ${accounts.length - inUse.length} closed` : ""}; for ${period}: ${counts.join(", ") || "none yet"}.${failing.length ? ` Failed: ${failing.join(", ")}.` : ""}${waiting.length ? ` Waiting: ${waiting.join("; ")}.` : ""}`);
  }
  // The same "cannot be told yet" of many accounts (all made up on the day somarkiv was installed) is said once.
  const notJudgedFor = new Map<string, string[]>();
  for (const a of accounts) if (a.passiveNotJudged && a.state !== "closed") notJudgedFor.set(a.passiveNotJudged, [...(notJudgedFor.get(a.passiveNotJudged) ?? []), a.accountId]);
  for (const [why, ids] of notJudgedFor) if (ids.length > 3) {
    out.push(`Passive or not: cannot be told yet of ${ids.length} accounts (${ids.join(", ")}): ${why.replace(/^its snapshots/, "their snapshots")}.`);
    for (const id of ids) saidOnce.add(id);
  }
  return out;
}

/**
 * What an account's waiting work waits for, in the summary line: "to be stored", "for delivery to
 * registrator@kommun.se by e-mail", one given up said as such; each said once, and "to be stored" of a
 * record also for the deliveries that follow it.
 */
function waitsFor(pending: AccountStatus["pending"]): string {
  // A record not yet stored goes to no intake before it is: its deliveries are said by "to be stored".
  const unstored = new Set(pending.filter((p) => !p.target).map((p) => p.recordId));
  const what = pending.filter((p) => !p.target || !unstored.has(p.recordId))
    .map((p) => (!p.target ? "to be stored" : `for delivery to ${intakeEn(p.target)}${p.givenUp ? " (given up: needs a person)" : ""}`));
  return [...new Set(what)].join(" and ");
}

/**
 * A record's state, where an intake added since does not have it: "delivered" is every intake's, and
 * said alone it claimed the record was where it is not.
 */
function stateSaid(a: AccountStatus): string {
  // Stored and at some of its intakes: the registrar has it from those, and "stored" alone read as at none.
  if (a.currentRecord?.partlyDelivered) {
    const waiting = a.currentRecord.deliveries.filter((d) => d.status !== "delivered").map((d) => intakeEn(d.target));
    return `stored, delivered to ${reachedEn(a.currentRecord.deliveries)}, not yet to ${waiting.join(" nor to ")} (pending below)`;
  }
  if (!a.notDeliveredTo.length || !a.currentRecord) return a.state;
  const reached = a.currentRecord.deliveries.filter((d) => d.status === "delivered").map((d) => intakeEn(d.target));
  const not = `not to ${a.notDeliveredTo.map(intakeEn).join(" nor to ")}, added to the configuration since`;
  if (a.state === "delivered" || a.state === "registered") return `${a.state === "registered" ? "registered; " : ""}delivered to ${reached.join(" and ") || "the intakes of its time"} (${not})`;
  return `${a.state} (${not})`;
}

function accountLines(a: AccountStatus, f: StatusFacts, config: Config, notJudgedSaidOnce: boolean): string[] {
  const tz = config.schedule.timezone;
  const period = f.period;
  const out: string[] = [];
  const head = `${a.accountId} (${a.name})`;
  const detail = a.state === "closed" ? `closed${a.lastSnapshot ? `; its last snapshot ${a.lastSnapshot.recordId} (${formatLocal(new Date(a.lastSnapshot.capturedAt), tz)})${a.lastSnapshot.dnr ? `, diary number ${a.lastSnapshot.dnr}` : ""}` : ""}`
    : a.currentRecord ? `${a.currentRecord.recordId} ${stateSaid(a)}${a.currentRecord.dnr ? `, diary number ${a.currentRecord.dnr}` : ""}`
    : a.lastFailure ? `no snapshot yet; last attempt FAILED (${a.lastFailure.reason}): ${a.lastFailure.error}`
    : "no snapshot yet for this period";
  out.push(`  ${head}: ${detail}`);
  if (a.restingUntil && !a.capturingNow) out.push(`      the worker tries it again at ${a.nextTryAt ? `its wake at ${formatLocal(new Date(a.nextTryAt), tz)}` : `its first wake after ${formatLocal(new Date(a.restingUntil), tz)}`} (it waits longer after each failure); "${captureCommandLine({ accounts: [a.accountId] })}" tries it now`);
  if (a.capturingNow) out.push(`      being captured now (or its record stored and delivered) by somarkiv process ${a.capturingNow.pid} on ${a.capturingNow.host}`);
  // A closed account's line names its last snapshot already.
  if (a.lastSnapshot && a.lastSnapshot.recordId !== a.currentRecord?.recordId && a.state !== "closed") out.push(`      last snapshot: ${a.lastSnapshot.recordId} (${formatLocal(new Date(a.lastSnapshot.capturedAt), tz)})`);
  if (a.beforeHalfYearChange && a.currentRecord) out.push(`      taken ${formatLocal(new Date(a.currentRecord.capturedAt), tz)}, before ${period}'s capture month: kept as a record of that day; the half-year snapshot is still to be taken in ${captureMonthOf(period, config.schedule.months)}`);
  const look = lookAtIt(a.accountId, a.currentRecord?.flags ?? [], undefined, { consentButtons: a.consentButtonsSeen ?? undefined });
  if (look) out.push(`      ${look}`);
  // Not of a closing record asked for when the page was gone: the line below says what stands then.
  // A failed closing record is taken again with --final: --force would make an ordinary version, and the closing record would never be taken.
  if (a.failedAfterSnapshot && !a.goneAtClosing) out.push(a.failedAfterSnapshot.closing
    ? `      its closing record, asked for ${formatLocal(new Date(a.failedAfterSnapshot.at), tz)}, FAILED (${a.failedAfterSnapshot.reason}): ${a.failedAfterSnapshot.error?.replace(/\.$/, "")}; the snapshot above stands, and nothing tries the closing record again: "${captureCommandLine({ accounts: [a.accountId], final: true })}" takes it`
    : `      a new version taken ${formatLocal(new Date(a.failedAfterSnapshot.at), tz)} FAILED (${a.failedAfterSnapshot.reason}): ${a.failedAfterSnapshot.error?.replace(/\.$/, "")}; the snapshot above stands, and nothing tries the new version again; take it with: ${captureCommandLine({ accounts: [a.accountId], force: true, reasonToType: true })}`);
  if (a.goneAtClosing) out.push(`      ${a.lastSnapshot ? "" : "WARNING: "}${goneAtClosingSaid({ day: localDate(new Date(a.goneAtClosing.at), tz), recordId: a.goneAtClosing.recordId, lastSnapshot: a.lastSnapshot?.recordId }).replace(/^has /, "")}`);
  const early = a.closedBeforeLastSnapshot;
  if (early) out.push(`      WARNING: closedOn is ${early.closedOn}, before its ${early.closingRecord ? "closing record" : "snapshot"} ${early.recordId}, taken ${early.takenOn} with the account still open: correct closedOn in the configuration to the day it was closed on the platform (${early.takenOn} or later)${early.closingRecord ? "" : `; if it is still open, set status: active again, or take its closing record (${captureCommandLine({ accounts: [a.accountId], final: true })}) before closing it`}`);
  if (a.closedWithoutClosingRecord) out.push(`      closed, but the log has no closing record of it: if the account can still be opened, take its last snapshot with "${captureCommandLine({ accounts: [a.accountId], final: true })}"; if it is already gone from the platform, nothing is to be done: its last half-year snapshot is its last record`);
  if (a.closingRecord) out.push(`      closing record taken (${a.closingRecord}), its last snapshot: no more are taken of it. Once the account is closed on the platform, set status: closed and closedOn in the configuration`);
  for (const n of a.dnrNotRecorded) out.push(`      ${intakeNumberRefusedSaid(n.recordId, n.target, n.why)}`);
  for (const p of a.pending) {
    const next = p.deliveredTo?.length && p.next && !p.givenUp ? ` — ${p.next}` : p.nextAttemptAt ? ` — next try after ${formatLocal(new Date(p.nextAttemptAt), tz)}` : "";
    // The next try is said once, by the line: the error's own "it will be tried again" before it was a second saying.
    const error = p.error && next && p.target ? errorBesideNextTry(p) : p.error;
    // Not tried yet, or cut off (a stop during the send): no next try is set, and the line said nothing of what sends it.
    // With no worker ever run on this log, "the worker's next wake" named one that does not come.
    const noWorker = !f.wake && f.workerEvents.length === 0;
    const untried = !next && !p.givenUp && !p.error ? ` — ${p.target ? "sent" : "stored"} ${noWorker ? `by "somarkiv deliver" (no worker has run with this log)` : `at the worker's next wake, or now by "somarkiv deliver"`}` : "";
    out.push(`      pending: ${p.recordId} ${p.what}${p.deliveredTo?.length ? ` (${p.deliveredTo.map(intakeEn).join(" and ")} has it already)` : ""}${error ? ` — last error: ${error}` : ""}${next}${untried}${p.givenUp ? GIVEN_UP_NEXT : ""}${p.waitingSince ? ` — waiting since ${formatLocal(new Date(p.waitingSince), tz)}` : ""}`);
  }
  for (const p of f.preflights?.problems.get(a.accountId) ?? []) out.push(`      preflight PROBLEM: ${p}`);
  const moved = f.preflights?.moved.get(a.accountId);
  if (moved) out.push(`      preflight: its address has changed since the preflight of ${formatLocal(new Date(moved.at), tz)}, which checked ${moved.url}; check the address it has now with: somarkiv preflight --account ${a.accountId}`);
  // A closed account has been closed: the policy's advice to close it is done.
  // Not once its closing record stands: the account is being closed, as the policy asks.
  if (a.passive?.passive && a.state !== "closed" && !a.closingRecord) out.push(`      passive: ${a.passive.current.recordId} shows ${a.passive.reason.replace(/[.;:]?$/, "")}, against ${a.passive.previous.recordId}. The policy ("Stäng passiva konton") says accounts that are not updated regularly are to be closed: ask whoever is responsible for it; to close it, take its last snapshot (${captureCommandLine({ accounts: [a.accountId], final: true })}), close it on the platform, then set status: closed and closedOn in the configuration.`);
  else if (a.passive?.probablyPassive && a.state !== "closed" && !a.closingRecord) out.push(`      passive or not: cannot be told by somarkiv; ${probablyPassiveSaid(a.passive)}: ask whoever is responsible for it; to close it, take its last snapshot (${captureCommandLine({ accounts: [a.accountId], final: true })}), close it on the platform, then set status: closed and closedOn in the configuration.`);
  if (a.passiveNotJudged && a.state !== "closed" && !notJudgedSaidOnce) out.push(`      passive or not: cannot be told yet; ${a.passiveNotJudged}.`);
  return out;
}

/** Work and warnings that belong to no configured account's line. */
function leftOverLines({ renamed, unknownSpooled, sharedSpool, unregistered, elsewhere, registerWarnings }: StatusFacts): string[] {
  const out: string[] = [];
  if (registerWarnings.length) {
    // Each named with the part of the policy it is of: "such as too few administrators" left the reader to guess which.
    const by = new Map<string, string[]>();
    for (const w of registerWarnings) by.set(w.accountId!, [...(by.get(w.accountId!) ?? []), `${POLICY_WARNING_SAID[w.code]} ("${w.policy}")`]);
    out.push(`Note: the configuration has ${counted(registerWarnings.length, "policy warning")} about the accounts in its register: ${[...by].map(([who, said]) => `${who}: ${said.join(", ")}`).join("; ")}. "somarkiv config check" says each with what to do.`);
  }
  if (sharedSpool) out.push(`ERROR: ${sharedSpool}`);
  for (const f of renamed) out.push(`${f.level === "ok" ? "Note" : "WARNING"}: ${f.message}`);
  for (const u of unknownSpooled) out.push(`WARNING: ${u.charAt(0).toUpperCase()}${u.slice(1)}.`);
  if (unregistered.length) {
    out.push(`Note: ${counted(unregistered.length, "record")} of earlier half-years ${agreeing(unregistered.length, "was", "were")} delivered to the registrar and have no diary number in the log: ${unregistered.slice(0, 5).join(", ")}${unregistered.length > 5 ? ", …" : ""}. Once registered, record the number with: somarkiv registered RECORD_ID --dnr DNR ("somarkiv records" lists them).`);
  }
  if (elsewhere.length) {
    out.push(`Accounts no longer in the configuration, with work still waiting (deliver and the worker still do it):`);
    for (const p of elsewhere) out.push(`  ${p.accountId}: pending: ${p.recordId} ${p.what}${p.error ? ` — last error: ${p.error}` : ""}${p.givenUp ? GIVEN_UP_NEXT : ""}`);
  }
  return out;
}

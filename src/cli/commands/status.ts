import { parse } from "../args.ts";
import { readConfig, openLogForReading } from "../context.ts";
import { EXIT } from "../errors.ts";
import { print, printData } from "../progress.ts";
import { intakeNumberRefused, intakeNumberRefusedSaid, recordJson, rowsNotAsEventsSaid } from "./records.ts";
import { atHalfYearChange, captureMonthOf, captureMonthsOver, comparePeriods, decideDue, formatLocal, localDate, isRunningLate, lastFinishedPeriod, missedWake, nextWake, owedLastHalfYear, periodOf, wakeGraceMs, workerDied, workerStopped } from "../../schedule/index.ts";
import { owedSaid } from "../../schedule/worker.ts";
import { lostLogProblem } from "../context.ts";
import { createStore } from "../../storage/index.ts";
import { ANCHOR_PREFIX, parseAnchorKey } from "../../record/verify.ts";
import type { Config } from "../../config/index.ts";
import { passiveFindings, passiveNotJudged } from "../passive.ts";
import { renamedAccounts } from "../renamed.ts";
import { lookAtIt } from "../flags.ts";
import { holderIsGone, leaseHolder, parseHolder, restorations, type RecordLog } from "../../log/index.ts";
import path from "node:path";
import { Spool } from "../../spool/index.ts";
import { COMPARE_WITH_DIARY, lastEventSaid, logOlderSaid, unknownInSpool, unknownInSpoolSaid, type TakenBackFrom } from "../../record/taken-back.ts";
import { TOOL_VERSION } from "../../record/version.ts";
import { intakeEn } from "../../record/metadata.ts";

export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parse("status", args, { json: { type: "boolean" } });
  const config = readConfig(values);
  const now = new Date();
  const tz = config.schedule.timezone;
  const period = periodOf(now, tz);
  // A log that is not there, empty or knowing no record, beside a store that holds records: the log
  // was lost. Looked at first, so that an empty file is not opened (and made a log) by a look.
  const lostLog = await lostLogProblem(config);
  const log = lostLog ? undefined : openLogForReading(config);
  try {
    const snapshots = log?.records.snapshotPeriods() ?? [];
    const due = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots, failures: log?.records.failedAttempts(period) ?? [], ended: log?.records.endedAccounts() ?? [] });
    const wake = log?.lastWake();
    const preflight = log?.lastPreflight();
    // A worker running now keeps the schedule it started with; an edit of the file waits for its restart.
    const runningNow = log?.workerEvents().find((e) => e.kind === "started" && !holderIsGone(e.holder));
    const runningSchedule = runningNow && typeof runningNow.detail.cron === "string" && typeof runningNow.detail.timezone === "string"
      && (runningNow.detail.cron !== config.schedule.cron || runningNow.detail.timezone !== tz)
      ? { cron: runningNow.detail.cron, timezone: runningNow.detail.timezone } : null;
    const next = runningSchedule ? nextWake(runningSchedule.cron, runningSchedule.timezone) : nextWake(config.schedule.cron, tz);
    const passive = log ? passiveFindings(config, log) : new Map();
    const notJudged = log ? passiveNotJudged(config, log) : new Map<string, string>();
    const takenBack = log?.records.takenBack() ?? new Map<string, TakenBackFrom>();
    // Whole records in the spool that the log does not know: the next deliver takes them back into it.
    const unknownSpooled = log ? unknownInSpool(log, new Spool(path.join(config.dataDir, "spool"))).map(unknownInSpoolSaid) : [];
    const accounts = config.accounts.map((a) => {
      const current = log?.records.latestSnapshot(a.id, period);
      const last = log?.records.newestInSeries(a.id);
      const failure = log?.records.latestFailure(a.id, period);
      const records = log ? log.records.list({ accountId: [a.id] }) : [];
      const pending = records.flatMap((r) => {
        const out: Array<{ recordId: string; what: string; error: string | null; nextAttemptAt: string | null }> = [];
        if (r.status === "captured") out.push({ recordId: r.recordId, what: "upload to the store", error: r.storeError, nextAttemptAt: r.nextStoreAt });
        for (const d of log!.records.deliveries(r.recordId)) {
          // A send begun and not ended: cut off (the process killed while the intake had it), or under way now.
          const cutOff = d.target.startsWith("email:") ? log!.records.sendCutOff(r.recordId, d.target) : undefined;
          const cut = cutOff ? `; a send begun ${formatLocal(new Date(cutOff), tz)} was cut off before the mail server answered: the registrar may have it already, and the next try says it may be a second copy` : "";
          if (d.status !== "delivered") out.push({ recordId: r.recordId, what: `delivery to ${intakeEn(d.target)}${d.status === "failed" ? " (given up: needs a person)" : ""}${cut}`, error: d.error, nextAttemptAt: d.nextAttemptAt });
        }
        return out;
      });
      // A diary number an intake answered with that the log could not keep: said until one is recorded by hand.
      const dnrNotRecorded = records.filter((r) => !r.dnr && r.status !== "failed").flatMap((r) => log!.records.deliveries(r.recordId)
        .flatMap((d) => { const why = intakeNumberRefused(d); return why ? [{ recordId: r.recordId, target: d.target, why }] : []; }));
      const state = a.status === "closed" ? "closed" : current ? current.status : failure ? "failed" : "missing";
      const closing = log?.records.closingRecord(a.id);
      // Its page gone when its closing record was asked for: its last snapshot is its last record.
      const gone = a.status === "closed" && !closing ? log?.records.goneAtClosing(a.id) : undefined;
      const closingDay = closing ? localDate(new Date(closing.capturedAt), tz) : undefined;
      return {
        accountId: a.id,
        name: a.name,
        accountStatus: a.status,
        period,
        state,
        currentRecord: current ? recordJson(current, log!.records.deliveries(current.recordId), undefined, takenBack.get(current.recordId)) : null,
        lastFailure: !current && failure ? { recordId: failure.recordId, reason: failure.reason, error: failure.error, at: failure.capturedAt } : null,
        // A new version asked for (--force, --reopen) that failed leaves the snapshot standing, and nothing tries it again.
        failedAfterSnapshot: current && failure && failure.capturedAt > current.capturedAt ? { recordId: failure.recordId, reason: failure.reason, error: failure.error, at: failure.capturedAt } : null,
        lastSnapshot: last ? { recordId: last.recordId, period: last.period, capturedAt: last.capturedAt, status: last.status, dnr: last.dnr } : null,
        pending,
        dnrNotRecorded,
        passive: passive.get(a.id) ?? null,
        passiveNotJudged: notJudged.get(a.id) ?? null,
        // Closed in the configuration with records in the log but no closing record among them.
        closedWithoutClosingRecord: a.status === "closed" && last !== undefined && !records.some((r) => r.final && r.status !== "failed") && !gone,
        goneAtClosing: gone ? { recordId: gone.recordId, at: gone.capturedAt, reason: gone.reason, httpStatus: gone.httpStatus } : null,
        // A closing date before the day its closing record showed it still open: the date is wrong.
        closedBeforeClosingRecord: a.status === "closed" && a.closedOn && closing && closingDay && a.closedOn < closingDay ? { closedOn: a.closedOn, recordId: closing.recordId, takenOn: closingDay } : null,
        // A capture in progress holds the account's lease: the worker at work, or a manual capture.
        capturingNow: log ? capturingProcess(log, a.id) : null,
        // Taken before the capture month (a trial run): kept, but the half-year snapshot is still to come.
        // A closing record is the account's last whenever it was taken: no half-year snapshot follows it.
        beforeHalfYearChange: current && !current.final ? !atHalfYearChange(new Date(current.capturedAt), period, config.schedule.months, tz) : false,
        // After failing, the worker leaves the account alone for a while (schedule/due.ts, retryPauseMs).
        restingUntil: due.resting.find((r) => r.accountId === a.id)?.until.toISOString() ?? null,
        // An account still active after its closing record: the configuration is the half of closing left to do.
        closingRecord: a.status === "active" ? closing?.recordId ?? null : null,
      };
    });
    // Records of an account taken out of the configuration are still the log's: work on them that
    // waits (an upload, a delivery) is shown, since deliver and the worker still do it.
    const configured = new Set(config.accounts.map((a) => a.id));
    const elsewhere = log ? [
      ...log.records.pendingStores().filter((r) => !configured.has(r.accountId)).map((r) => ({ recordId: r.recordId, accountId: r.accountId, what: "upload to the store", error: r.storeError })),
      ...log.records.openDeliveries().map((d) => ({ d, r: log.records.get(d.recordId) })).filter((x): x is { d: typeof x.d; r: NonNullable<typeof x.r> } => x.r !== undefined && !configured.has(x.r.accountId))
        .map(({ d, r }) => ({ recordId: r.recordId, accountId: r.accountId, what: `delivery to ${intakeEn(d.target)}${d.status === "failed" ? " (given up: needs a person)" : ""}`, error: d.error })),
    ] : [];
    // An account whose id was changed, or that was taken out of the file: said here too, not only by config check.
    const everyRecord = log?.records.list() ?? [];
    const renamed = log ? renamedAccounts(config, everyRecord) : [];
    // Records of half-years gone by that were delivered and never given a diary number: the registrar's to do.
    const notAsEvents = log?.records.rowsNotAsEvents() ?? [];
    // A log put back from an older backup lacks what was recorded after it: said as recover found it.
    const olderThanWritten = log ? restorations(log.db).filter((r) => r.recordsTakenBack.length || r.anchorsSetAside.length).map((r) => ({
      lastEvent: r.lastEventBefore, lastEventAt: r.lastEventAt,
      dnrsMissing: r.dnrsMissing.filter((d) => !log.records.registrations(d.recordId).some((g) => g.dnr === d.dnr)),
    })) : [];
    const pastEnd = log ? await provenPastEnd(config, log) : undefined;
    const unregistered = log ? everyRecord.filter((r) => r.status === "delivered" && comparePeriods(r.period, period) < 0).map((r) => r.recordId) : [];
    const late = isRunningLate(due);
    const lastFinished = lastFinishedPeriod(now, tz);
    const owed = log ? owedLastHalfYear({ lastFinished, accounts: config.accounts, snapshots, firstPeriods: log.records.firstPeriods(), ended: log.records.endedAccounts() }) : [];
    const active = config.accounts.filter((a) => a.status === "active").length;
    const workerEvents = log ? log.workerEvents().map((e) => ({ ...e, gone: holderIsGone(e.holder) })) : [];
    const stopped = workerStopped(workerEvents);
    const died = workerDied(workerEvents);
    const missed = stopped || died ? null : missedWake(wake, now, wakeGraceMs(active, config.capture.timeoutSeconds, config.capture.concurrency));
    // Each account as its latest preflight found it: checking one account again (preflight --account)
    // does not hide what an earlier check of all of them found for the others.
    const preflightProblems = new Map<string, string[]>();
    // A check of an address the account no longer has says nothing of the account now (the URL
    // corrected after it found a 404): not a problem of it, nor "ready", but a check still to make.
    const preflightMoved = new Map<string, { at: string; url: string }>();
    const preflightOf = new Map<string, { at: string; url: string | null; ok: boolean; problems: string[]; addressChanged: boolean }>();
    let checked = 0;
    if (preflight && log) {
      const latest = new Map<string, { at: string; url?: string; ok: boolean; problems: string[] }>();
      for (const p of log.recentPreflights()) {
        for (const r of p.results as Array<{ accountId?: string; url?: string; ok?: boolean; problems?: string[] }>) {
          if (r.accountId && !latest.has(r.accountId)) latest.set(r.accountId, { at: p.at, url: r.url, ok: r.ok !== false, problems: r.problems ?? [] });
        }
      }
      // An id no longer in the file is no account of it (the renamed one is warned of below): not counted.
      const inFile = new Map(config.accounts.map((a) => [a.id, a.url]));
      for (const [id, r] of latest) {
        if (!inFile.has(id)) continue;
        const addressChanged = r.url !== undefined && r.url !== inFile.get(id);
        preflightOf.set(id, { at: r.at, url: r.url ?? null, ok: r.ok, problems: r.problems, addressChanged });
        if (addressChanged) { preflightMoved.set(id, { at: r.at, url: r.url! }); continue; }
        checked++;
        if (!r.ok) preflightProblems.set(id, r.problems);
      }
    }
    const out = {
      period,
      captureMonth: due.captureMonth,
      missing: due.missing,
      runningLate: late,
      owedLastHalfYear: owed.length ? { period: lastFinished, accounts: owed } : null,
      lostLog: lostLog ? `${lostLog.situation} ${lostLog.remedy}` : null,
      lastWake: wake ?? null,
      // The wake the worker said would come next and that has not come: it does not seem to be running.
      missedWake: missed?.toISOString() ?? null,
      workerStopped: stopped,
      // Its process is gone from this machine, and it said no stop: killed, crashed, or the machine restarted.
      workerDied: died,
      lastPreflight: preflight ?? null,
      // None while the worker is stopped or has died, as the text says: the schedule's would read as if one were coming.
      nextWake: stopped || died ? null : next?.toISOString() ?? null,
      // The schedule the running worker keeps, when the file has been edited since it started.
      runningSchedule,
      // Each account's latest preflight; one of an address it no longer has is marked addressChanged
      // and says nothing of the account now (its ok is of the old address).
      accounts: accounts.map((a) => ({ ...a, preflight: preflightOf.get(a.accountId) ?? null })),
      pendingForAccountsNotConfigured: elsewhere,
      accountsNotConfigured: renamed.map((f) => f.message),
      earlierUnregistered: unregistered,
      spoolNotInLog: unknownSpooled,
      // Rows of the log changed outside somarkiv: what is shown of them above may not be true.
      rowsNotAsEvents: notAsEvents,
      restoredFromBackup: olderThanWritten,
      provenPastEnd: pastEnd ?? null,
    };
    if (values.json) {
      printData(JSON.stringify(out, null, 2));
      return EXIT.ok;
    }
    print(`Period ${period}${due.captureMonth ? " — this is a capture month" : ""}. Log: ${config.database}`);
    if (lostLog) print(`WARNING: ${lostLog.situation} What status shows below is of an empty log. ${lostLog.remedy}`);
    // The operator's view, in English as the rest of it; records says it to the registrar in Swedish too.
    if (notAsEvents.length) print(rowsNotAsEventsSaid(notAsEvents)[1]!);
    if (pastEnd) print(`WARNING: the log ends at ${lastEventSaid(pastEnd.lastEvent, pastEnd.lastEventAt)}, but a verification proved it had ${pastEnd.provenTo} events (its proof is in the store): the log was put back from an older backup, or events were removed from it. Diary numbers and deliveries recorded after event ${pastEnd.lastEvent} are missing from it. Run "somarkiv verify"; after a restore, "somarkiv recover" takes back the records made since. ${COMPARE_WITH_DIARY}`);
    for (const o of olderThanWritten) {
      const [lost, named] = logOlderSaid(o);
      print(`${named ? "WARNING" : "Note"}: ${lost}`);
      if (named) print(`WARNING: ${named}`);
    }
    if (owed.length) print(`WARNING: ${owedSaid(lastFinished, owed)}.`);
    // A stopped worker has no next wake; the schedule's would read as if it were coming.
    const nextText = stopped ? "none while it is stopped" : died ? "none while it is not running" : next ? formatLocal(next, tz) : "unknown (check schedule.cron)";
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
    if (never) print(`Worker: has never run with this log; once started, it wakes by its schedule (next: ${nextText}).`);
    else print(`Worker: ${inWake ? `started ${formatLocal(new Date(running.at), tz)}, in its first wake now${wake ? `; before that ${woke}` : ""}` : woke}; next wake ${nextText}`);
    if (wake?.outcome === "error" && typeof wake.detail.error === "string") print(`  the last wake failed: ${wake.detail.error}`);
    // Upgraded while the worker ran: it goes on with the release it started with until it is restarted.
    if (runningNow && runningNow.detail.version !== TOOL_VERSION) print(`Note: the worker running now is ${typeof runningNow.detail.version === "string" ? `somarkiv ${runningNow.detail.version}` : "a release before somarkiv 0.2.0"}, and this is somarkiv ${TOOL_VERSION}: it runs the release it started with until it is restarted (for example: systemctl restart somarkiv).`);
    if (runningSchedule) print(`Note: the worker running now started with the schedule cron "${runningSchedule.cron}"${runningSchedule.timezone !== tz ? ` in ${runningSchedule.timezone}` : ""}, and wakes by it; the file now says cron "${config.schedule.cron}"${runningSchedule.timezone !== tz ? ` in ${tz}` : ""}, which takes effect once the worker is restarted (for example: systemctl restart somarkiv).`);
    if (never && due.captureMonth) print(`WARNING: this is a capture month, and the accounts are captured only while the worker runs, or by "somarkiv capture". Start it (on a server: systemctl start somarkiv).`);
    if (stopped) {
      const how = `the worker was stopped at ${formatLocal(new Date(stopped.at), tz)}${stopped.signal ? ` (${stopped.signal})` : ""} and has not been started again`;
      if (due.captureMonth) print(`WARNING: ${how}, and in a capture month the accounts are captured only while it runs. Start it (on a server: systemctl start somarkiv).`);
      else print(`Note: ${how}; it wakes no more, nor retries what is pending, until it is started (on a server: systemctl start somarkiv).`);
    }
    if (died) {
      print(`WARNING: the worker started at ${formatLocal(new Date(died.startedAt), tz)} is no longer running, and its stop is not in the log: it was killed, it crashed, or the machine restarted (or, if its disk was full or read-only then, it could not write its stop)${due.captureMonth ? `. In a capture month the accounts are captured only while it runs` : `. It wakes no more, nor retries what is pending, until it is started`}. Start it (on a server: systemctl start somarkiv) and look at its log (journalctl -u somarkiv) for why it ended.`);
    }
    if (missed) {
      print(`WARNING: the worker should have woken at ${formatLocal(missed, tz)} and has not woken since ${formatLocal(new Date(wake!.at), tz)}: it does not seem to be running${due.captureMonth ? `, and in a capture month the accounts are captured only while it runs` : ""}. Start it (on a server: systemctl start somarkiv) and look at its log (journalctl -u somarkiv) for why it stopped.`);
    }
    // Each account's problems go under that account, one per line, where the operator looks for it.
    if (preflight && log) {
      const each = checked > preflight.results.length ? ", each as its latest preflight found it" : "";
      const moved = preflightMoved.size ? `; ${preflightMoved.size} account(s) have another address now than when checked (${[...preflightMoved.keys()].join(", ")}), said under each` : "";
      print(`Last preflight: ${formatLocal(new Date(preflight.at), tz)}${preflight.period ? ` for ${preflight.period}` : ""}: ${preflightProblems.size === 0
        ? `${checked ? `all ${checked} account(s) ready${each}` : "no account checked at the address it has now"}${moved}`
        : `PROBLEMS with ${preflightProblems.size} of ${checked} account(s)${each}${moved}; each is shown under its account. Check again after fixing with: somarkiv preflight --account ID`}`);
    }
    if (!due.captureMonth && due.missing.length && captureMonthsOver(now, config.schedule.months, tz)) {
      print(`WARNING: the capture month of ${period} (${captureMonthOf(period, config.schedule.months)}) is over, and ${due.missing.length} account(s) have no snapshot for it: ${due.missing.join(", ")}. The worker captures only in a capture month, so it takes none of them before the half-year ends; take them now with "somarkiv capture" (a snapshot taken after the capture month still counts as the half-year's).`);
    }
    if (late) print(`WARNING: the capture month is nearly over and ${due.missing.length} account(s) still have no snapshot for ${period}: ${due.missing.join(", ")}. Run "somarkiv capture" or check the worker.`);
    // With many accounts, what needs a person is named first; each account's line below says why.
    const inUse = accounts.filter((a) => a.accountStatus === "active");
    const failing = inUse.filter((a) => a.state === "failed").map((a) => a.accountId);
    // Waiting work of any half-year, each account's named with the half-years it is of when not this one's.
    const periodsOf = (a: (typeof accounts)[number]) => [...new Set(a.pending.map((p) => /_(\d{4}-H[12])_v\d+$/.exec(p.recordId)?.[1]).filter((p): p is string => !!p && p !== period))];
    const waiting = accounts.filter((a) => a.pending.length).map((a) => (periodsOf(a).length ? `${a.accountId} (${periodsOf(a).join(", ")})` : a.accountId));
    const counts = (["registered", "delivered", "stored", "captured", "failed", "missing"] as const)
      .map((s) => [s, inUse.filter((a) => a.state === s).length] as const).filter(([, n]) => n > 0).map(([s, n]) => `${n} ${s === "missing" ? "without a snapshot yet" : s}`);
    if (accounts.length > 1) {
      print(`Accounts: ${inUse.length} active${accounts.length > inUse.length ? `, ${accounts.length - inUse.length} closed` : ""}; for ${period}: ${counts.join(", ") || "none yet"}.${failing.length ? ` Failed: ${failing.join(", ")}.` : ""}${waiting.length ? ` Waiting to be stored or delivered: ${waiting.join(", ")}.` : ""}`);
    }
    // The same "cannot be told yet" of many accounts (all made up on the day somarkiv was installed) is said once.
    const notJudgedFor = new Map<string, string[]>();
    for (const a of accounts) if (a.passiveNotJudged && a.state !== "closed") notJudgedFor.set(a.passiveNotJudged, [...(notJudgedFor.get(a.passiveNotJudged) ?? []), a.accountId]);
    for (const [why, ids] of notJudgedFor) if (ids.length > 3) {
      print(`Passive or not: cannot be told yet of ${ids.length} accounts (${ids.join(", ")}): ${why.replace(/^its snapshots/, "their snapshots")}.`);
      for (const a of accounts) if (ids.includes(a.accountId)) a.passiveNotJudged = null;
    }
    for (const a of accounts) {
      const head = `${a.accountId} (${a.name})`;
      const detail = a.state === "closed" ? `closed${a.lastSnapshot ? `; its last snapshot ${a.lastSnapshot.recordId}${a.lastSnapshot.dnr ? `, diary number ${a.lastSnapshot.dnr}` : ""}` : ""}`
        : a.currentRecord ? `${a.currentRecord.recordId} ${a.state}${a.currentRecord.dnr ? `, diary number ${a.currentRecord.dnr}` : ""}`
        : a.lastFailure ? `no snapshot yet; last attempt FAILED (${a.lastFailure.reason}): ${a.lastFailure.error}`
        : "no snapshot yet for this period";
      print(`  ${head}: ${detail}`);
      if (a.restingUntil && !a.capturingNow) print(`      the worker tries it again at its first wake after ${formatLocal(new Date(a.restingUntil), tz)} (it waits longer after each failure); "somarkiv capture --account ${a.accountId}" tries it now`);
      if (a.capturingNow) print(`      being captured now (or its record stored and delivered) by somarkiv process ${a.capturingNow.pid} on ${a.capturingNow.host}`);
      if (a.lastSnapshot && a.lastSnapshot.recordId !== a.currentRecord?.recordId) print(`      last snapshot: ${a.lastSnapshot.recordId} (${formatLocal(new Date(a.lastSnapshot.capturedAt), tz)})`);
      if (a.beforeHalfYearChange && a.currentRecord) print(`      taken ${formatLocal(new Date(a.currentRecord.capturedAt), tz)}, before the half-year change: kept as a record of that day; the half-year snapshot is still to be taken in ${captureMonthOf(period, config.schedule.months)}`);
      const look = lookAtIt(a.accountId, a.currentRecord?.flags ?? []);
      if (look) print(`      ${look}`);
      if (a.failedAfterSnapshot) print(`      a new version taken ${formatLocal(new Date(a.failedAfterSnapshot.at), tz)} FAILED (${a.failedAfterSnapshot.reason}): ${a.failedAfterSnapshot.error}; the snapshot above stands, and nothing tries the new version again: "somarkiv capture --account ${a.accountId} --force --reason TEXT" takes it`);
      if (a.goneAtClosing) print(`      no closing record: its page was gone when one was asked for on ${localDate(new Date(a.goneAtClosing.at), tz)} (${a.goneAtClosing.recordId}), so its last half-year snapshot${a.lastSnapshot ? `, ${a.lastSnapshot.recordId},` : ""} stands as its last record`);
      if (a.closedBeforeClosingRecord) print(`      WARNING: closedOn is ${a.closedBeforeClosingRecord.closedOn}, before its closing record ${a.closedBeforeClosingRecord.recordId}, taken ${a.closedBeforeClosingRecord.takenOn} with the account still open: correct closedOn in the configuration to the day it was closed on the platform (${a.closedBeforeClosingRecord.takenOn} or later)`);
      if (a.closedWithoutClosingRecord) print(`      closed, but the log has no closing record of it: if the account can still be opened, take its last snapshot with "somarkiv capture --account ${a.accountId} --final"`);
      if (a.closingRecord) print(`      closing record taken (${a.closingRecord}), its last snapshot: no more are taken of it. Once the account is closed on the platform, set status: closed and closedOn in the configuration`);
      for (const n of a.dnrNotRecorded) print(`      ${intakeNumberRefusedSaid(n.recordId, n.target, n.why)}`);
      for (const p of a.pending) print(`      pending: ${p.recordId} ${p.what}${p.error ? ` — last error: ${p.error}` : ""}${p.nextAttemptAt ? ` — next try after ${formatLocal(new Date(p.nextAttemptAt), tz)}` : ""}`);
      for (const p of preflightProblems.get(a.accountId) ?? []) print(`      preflight PROBLEM: ${p}`);
      const moved = preflightMoved.get(a.accountId);
      if (moved) print(`      preflight: its address has changed since the preflight of ${formatLocal(new Date(moved.at), tz)}, which checked ${moved.url}; check the address it has now with: somarkiv preflight --account ${a.accountId}`);
      // A closed account has been closed: the policy's advice to close it is done.
      // Not once its closing record stands: the account is being closed, as the policy asks.
      if (a.passive?.passive && a.state !== "closed" && !a.closingRecord) print(`      passive: ${a.passive.current.recordId} shows ${a.passive.reason.replace(/[.;:]?$/, "")}, against ${a.passive.previous.recordId}. The policy ("Stäng passiva konton") says accounts that are not updated regularly are to be closed: ask whoever is responsible for it; to close it, take its last snapshot (somarkiv capture --account ${a.accountId} --final), close it on the platform, then set status: closed and closedOn in the configuration.`);
      if (a.passiveNotJudged && a.state !== "closed") print(`      passive or not: cannot be told yet; ${a.passiveNotJudged}.`);
    }
    for (const f of renamed) print(`WARNING: ${f.message}`);
    for (const u of unknownSpooled) print(`WARNING: ${u.charAt(0).toUpperCase()}${u.slice(1)}.`);
    if (unregistered.length) {
      print(`Note: ${unregistered.length} record(s) of earlier half-years were delivered to the registrar and have no diary number in the log: ${unregistered.slice(0, 5).join(", ")}${unregistered.length > 5 ? ", …" : ""}. Once registered, record the number with: somarkiv registered RECORD_ID --dnr DNR ("somarkiv records" lists them).`);
    }
    if (elsewhere.length) {
      print(`Accounts no longer in the configuration, with work still waiting (deliver and the worker still do it):`);
      for (const p of elsewhere) print(`  ${p.accountId}: pending: ${p.recordId} ${p.what}${p.error ? ` — last error: ${p.error}` : ""}`);
    }
    return EXIT.ok;
  } finally {
    log?.close();
  }
}

/** The process capturing the account now, from its lease; none when the lease ran out or its process is gone. */
function capturingProcess(log: RecordLog, accountId: string): { host: string; pid: number } | null {
  const holder = leaseHolder(log.db, `capture:${accountId}`);
  return holder && !holderIsGone(holder) ? parseHolder(holder) : null;
}

/** How long status waits for the store's list of proofs; one that does not answer leaves status as it was. */
const PROOFS_LOOK_MS = 10_000;

/**
 * Whether the store holds a proof, left by a verification, of an event past the log's end (and not set
 * aside by recover): then the log is older than what somarkiv wrote, and what was recorded after its
 * end is missing from it. Only the proofs' folder is listed.
 */
async function provenPastEnd(config: Config, log: RecordLog): Promise<{ lastEvent: number; lastEventAt: string | null; provenTo: number } | undefined> {
  const last = log.db.prepare("SELECT seq, at FROM events ORDER BY seq DESC LIMIT 1").get() as { seq: number; at: string } | undefined;
  const setAside = new Set(restorations(log.db).flatMap((r) => r.anchorsSetAside.map((k) => k.slice(k.lastIndexOf(ANCHOR_PREFIX)))));
  const store = createStore(config.storage);
  try {
    const provenTo = await Promise.race([
      (async () => {
        let most = 0;
        for await (const o of store.list(ANCHOR_PREFIX)) {
          const a = parseAnchorKey(o.key);
          if (a && !setAside.has(o.key)) most = Math.max(most, a.seq);
        }
        return most;
      })(),
      new Promise<number>((_, reject) => setTimeout(() => reject(new Error("no answer")), PROOFS_LOOK_MS).unref()),
    ]);
    return provenTo > (last?.seq ?? 0) ? { lastEvent: last?.seq ?? 0, lastEventAt: last?.at ?? null, provenTo } : undefined;
  } catch {
    return undefined;
  } finally {
    void store.close?.();
  }
}

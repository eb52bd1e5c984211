import { agreeing, counted } from "../../words/counted.ts";
import os from "node:os";
import { parse } from "../args.ts";
import { readConfig, openPipeline, refuseLostLog, refuseRootOverServiceData, selectAccounts } from "../context.ts";
import { EXIT } from "../errors.ts";
import { clockInTimezone, print, printData, progressLine } from "../progress.ts";
import { renamedAccounts } from "../renamed.ts";
import { flagMeanings, loginAdvice } from "../flags.ts";
import { startWorker } from "../../schedule/worker.ts";
import { preflightAccounts, preflightWarnings, type AccountPreflight } from "../../schedule/preflight.ts";
import { shellWord, type Config } from "../../config/index.ts";
import { dataFoldersNotWritable } from "../../spool/writable.ts";
import { tempFolderNotWritable } from "../../capture/temp-folder.ts";
import { decidePreflight, nextWake } from "../../schedule/index.ts";
import { collectiveCaseGaps, flagsEn, TOOL_VERSION } from "../../record/index.ts";
import { CONSENT_EN, leaveSignalsToCaller } from "../../capture/index.ts";
import { HOLDER, RecordLog, holderIsGone, parseHolder } from "../../log/index.ts";
import { formatLocal } from "../../schedule/index.ts";
import { sayFileSlips } from "../slips.ts";
import { saySameAddresses } from "../same-address.ts";

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parse("run", args, {});
  const config = readConfig(values);
  // The worker decides when the browser closes: after the capture in progress, not the moment a signal comes.
  leaveSignalsToCaller();
  const abort = new AbortController();
  // A stop asked for while starting (the store may take seconds to answer whether it holds records
  // a lost log knew): nothing has begun, so it stops at once, saying so, not killed without a word.
  const stopWhileStarting = (sig: string) => {
    progressLine(`worker: ${sig} received while starting; stopped before its first wake, nothing was captured`);
    process.exit(EXIT.ok);
  };
  // One listener per signal for the whole run, its meaning changed once the worker has started: Node
  // drops a signal that came while the process was busy if its listener is removed before the signal is
  // dispatched, and a SIGTERM in the start's seconds of work (the log opened, the first wake begun) was
  // lost, the worker capturing on until a second one, or until a service manager's SIGKILL.
  let onStop: (sig: string) => void = stopWhileStarting;
  for (const s of SIGNALS) process.on(s, () => onStop(s));
  // Said once at the start, and a slip edited in later once at the wake that reads it, each kept by
  // what it is about while the file has it: one mended and typed in again is said again. The entries
  // of one page apart, kept by the pair they are about.
  const slipsSaid = new Set<string>();
  const pairsSaid = new Set<string>();
  const saySlips = (c: typeof config) => {
    sayFileSlips(c, (line) => progressLine(`worker: ${line}`), slipsSaid);
    saySameAddresses(c, c.accounts.filter((a) => a.status === "active"), (line) => progressLine(`worker: ${line}`), pairsSaid);
  };
  saySlips(config);
  progressLine("worker: starting: checking the log and the record store");
  await refuseLostLog(config);
  // Found now, not after the first capture's page was taken: the log's own folder is found by opening it.
  const denied = dataFoldersNotWritable(config.dataDir, config)[0];
  if (denied?.inPlace) throw denied.inPlace;
  if (denied) throw Object.assign(new Error(`the folder ${denied.folder} (${denied.what}) cannot be written: ${denied.why}`), { code: denied.code, path: denied.path });
  const noTemp = tempFolderNotWritable();
  if (noTemp) throw new Error(noTemp);
  const ctx = openPipeline(config, progressLine, abort.signal);
  // Two workers on one log share the work safely (leases), but a second one is almost always started
  // by mistake (a service and a terminal): the operator is told, and may stop this one.
  for (const other of ctx.log.workerEvents().filter((e) => e.kind === "started" && !holderIsGone(e.holder))) {
    const who = parseHolder(other.holder);
    progressLine(`worker: NOTE: another worker already runs on this log${who ? ` (process ${who.pid} on ${who.host})` : ""}, started at ${formatLocal(new Date(other.at), config.schedule.timezone)}. The two share the work and never capture an account twice; if this one was started by mistake, stop it (Ctrl-C).`);
  }
  // An id changed or an account taken out of the file splits or ends a series: said where the operator looks.
  // An id changed whose series has gone on under the new one is a note for status and config check, not a warning here.
  for (const f of renamedAccounts(config, ctx.log.records.list(), ctx.log.demoAccounts())) if (f.level === "warning") progressLine(`worker: WARNING: ${f.message}`);
  // Its schedule as it started with it: status gives the next wake this worker keeps, not the file's if edited since.
  // And its release: status tells an operator who upgraded that the worker still runs the one before.
  // And the next wake it announces: status gives that one for a worker that hangs in its first wake, not one recomputed.
  // And its capture months: an edit of them, too, waits for its restart, which status says.
  ctx.log.addWorkerEvent("started", { cron: config.schedule.cron, timezone: config.schedule.timezone, months: config.schedule.months, version: TOOL_VERSION, nextWake: nextWake(config.schedule.cron, config.schedule.timezone)?.toISOString() ?? null });
  // A schedule edited while it runs takes effect at its restart (the worker says so), and so does the
  // zone of its lines' clock: read again, the file set it at once, and a line's time stood in UTC beside
  // a next wake in CET.
  const worker = startWorker(ctx, abort, { reloadConfig: () => { const fresh = readConfig(values); clockInTimezone(config.schedule.timezone); saySlips(fresh); return fresh; } });
  const boundS = config.capture.timeoutSeconds + 60;
  let signals = 0;
  let stopSignal: string | undefined;
  // So that status says the worker was stopped, not that it seems to have died.
  const noteStop = (cutShort: boolean) => {
    // The other workers still running as this one stops: should one of them die without a word later,
    // status must not take this stop for theirs.
    try {
      const alongside = ctx.log.workerEvents().filter((e) => e.kind === "started" && e.holder !== HOLDER && !holderIsGone(e.holder)).map((e) => e.holder);
      ctx.log.addWorkerEvent("stopped", { signal: stopSignal ?? null, cutShort, alongside });
    } catch { /* the log itself is unusable; stderr has it */ }
  };
  const onSignal = (sig: string) => {
    signals++;
    stopSignal ??= sig;
    if (signals > 1) {
      progressLine(`worker: ${sig} again, stopping at once; what was not finished is completed by the next run`);
      noteStop(true);
      process.exit(EXIT.failed);
    }
    progressLine(`worker: ${sig} received, stopping: no new wake or capture starts; the captures in progress finish (each within capture.timeoutSeconds, ${config.capture.timeoutSeconds} s) and their records are made, and it stops after ${boundS} s at most. A second ${sig} stops it at once.`);
    worker.stop();
  };
  onStop = onSignal;
  const stopped = await worker.done;
  // Its log deleted or replaced under it: nothing more is written into the old file; exit 1, so that a
  // service manager shows it failed (and one that starts it again finds the log as it is now).
  if (stopped.logGone) {
    await ctx.close();
    return EXIT.failed;
  }
  noteStop(stopped.abandoned);
  if (stopped.abandoned) {
    // The wake still works (a hung upload, say) and uses the log: exit now rather than close it under it.
    // Nothing is lost: a record counts only once it is in the log, a half-written spool folder is cleaned
    // by the next run, leases of this dead process are taken over, and the browser is killed at exit.
    progressLine(`worker: the wake in progress did not finish within ${boundS} s; leaving it, the next run completes what is missing`);
    process.exit(EXIT.ok);
  }
  await ctx.close();
  progressLine("worker: stopped cleanly");
  // Something left open by a library (an idle keep-alive socket) must not keep a stopped worker alive.
  setTimeout(() => process.exit(process.exitCode ?? EXIT.ok), 5000).unref();
  return EXIT.ok;
}

export async function preflightCommand(args: string[]): Promise<number> {
  const { values } = parse("preflight", args, { account: { type: "string", multiple: true }, json: { type: "boolean" } });
  const config = readConfig(values);
  refuseRootOverServiceData(config);
  const accounts = selectAccounts(config, values.account ?? []);
  sayFileSlips(config, progressLine);
  // Checked before the capture month, where an entry pasted twice is still mended before it makes two
  // records of one account: said as capture says it, where preflight said "ready" of both.
  saySameAddresses(config, accounts, progressLine);
  // Filled in as each account is checked, so that a stop still gives what was found.
  const found: Array<AccountPreflight | undefined> = [];
  const stop = new AbortController();
  // After a stop, the browser closing under a check is not news ("the browser stopped unexpectedly").
  const progress = (line: string) => { if (!stop.signal.aborted) progressLine(line); };
  // Ctrl-C half-way through 250 accounts gave nothing of the 146 checked, and the browser's end read as a crash.
  const onStop = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) return;
    stop.abort();
    const results = found.filter((r): r is AccountPreflight => r !== undefined);
    const left = accounts.filter((_, i) => !found[i]);
    const rest = left.length <= 10
      ? `the rest are checked with: somarkiv preflight ${left.map((a) => `--account ${shellWord(a.id)}`).join(" ")}`
      : `"somarkiv preflight" checks them all again (or --account ID, one)`;
    progressLine(`${signal} received: preflight stopped after ${results.length} of ${counted(accounts.length, "account")}, the pages being checked given up; what was found is below and in status. ${left.length ? `${counted(left.length, "account")} ${agreeing(left.length, "was", "were")} not checked; ${rest}.` : ""}`.trim());
    reportPreflight(config, values.json === true, results, accounts.length);
    setImmediate(() => process.exit(128 + (os.constants.signals[signal] ?? 2)));
  };
  for (const s of SIGNALS) process.prependListener(s, onStop);
  try {
    const results = await preflightAccounts(config, accounts, progress, stop.signal, found);
    if (stop.signal.aborted) return await new Promise<number>(() => undefined); // the stop reports and exits
    return reportPreflight(config, values.json === true, results, accounts.length);
  } finally {
    if (!stop.signal.aborted) for (const s of SIGNALS) process.removeListener(s, onStop);
  }
}

/** Records what was checked in the log, and says it: stderr's loud lines, stdout's list (or --json). */
function reportPreflight(config: Config, json: boolean, results: AccountPreflight[], asked: number): number {
  // Recorded in the log so the worker knows it was done: a check of every active account inside the
  // window counts for the coming period, and the worker does not repeat it.
  const active = config.accounts.filter((a) => a.status === "active");
  const complete = results.length === asked && active.every((a) => results.some((r) => r.accountId === a.id));
  const window = decidePreflight({ now: new Date(), timezone: config.schedule.timezone, months: config.schedule.months, daysBefore: config.schedule.preflightDaysBefore, done: [] });
  if (results.length) {
    const log = RecordLog.open(config.database, { place: config });
    try {
      log.addPreflight("manual", complete && window.due ? window.period : null, results.every((r) => r.ok), results);
    } finally {
      log.close();
    }
  }
  for (const line of preflightWarnings(results, window.captureMonth)) progressLine(line);
  for (const gap of collectiveCaseGaps(config, new Date())) progressLine(`PREFLIGHT WARNING: ${gap}`);
  if (json) printData(JSON.stringify(results, null, 2));
  else {
    // Among 250 "ready" lines the few problems were hard to find: they are counted and named first.
    const problems = results.filter((r) => !r.ok).map((r) => r.accountId);
    const ofAsked = results.length < asked ? ` of the ${asked} asked for` : "";
    const summary = results.length > 1 ? (problems.length ? ` ${problems.length} with a problem: ${problems.join(", ")}.` : " No problems.") : "";
    print(`Preflight of ${counted(results.length, "account")}${ofAsked}; no records were made.${summary}`);
    // Ready, but a record of it would say something the operator should know first (posts missing, a box over it).
    // A box that comes after the page is taken and asks to log in: signing in is what takes the page past it.
    const notes = (r: AccountPreflight) => { const m = flagMeanings(r.flags, { boxWords: r.boxWords }); const login = loginAdvice(r.accountId, r.flags, r.boxWords); return m.length ? `; note: ${m.join("; ")}${login ? `.${login}` : ""}` : ""; };
    for (const r of results) print(`  ${r.accountId}: ${r.ok ? `ready (${CONSENT_EN[r.consent]}${r.flags.length ? `; ${flagsEn(r.flags)}` : ""})${notes(r)}` : `PROBLEM: ${r.problems.join("; ")}`}`);
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
}

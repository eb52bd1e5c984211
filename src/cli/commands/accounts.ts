import { agreeing, counted } from "../../words/counted.ts";
import { envNameSaid } from "../../config/env-name.ts";
import { parse } from "../args.ts";
import { readConfig, openLogForReading, storeMovedLook } from "../context.ts";
import { UsageError, EXIT } from "../errors.ts";
import { print, printData, withConfigNamed } from "../progress.ts";
import { passiveFindings } from "../passive.ts";
import { renamedAccounts, type NotConfigured } from "../renamed.ts";
import { renderRegisterHtml, renderRegisterJson, renderRegisterCsv, contactsGuessed, policyWarnings, formatPolicyWarning, POLICY, type PolicyWarning, type PolicyWarningCode } from "../../register/index.ts";
import { clockChangeSkipsWake, comparePeriods, gapsInSeries, lastFinishedPeriod, localDate, monthName, monthsWithoutWake, otherZoneSaid, periodOf, sixFieldsSaid, wakeDaysInMonths } from "../../schedule/index.ts";
import { addedIntakeSaid, addedIntakesOf } from "../../record/added-intakes.ts";
import { createStore, silenceOf, type StorageProblem } from "../../storage/index.ts";
import { missingBucketSaid } from "../../record/store-moved.ts";
import { createIntakeTargets, type IntakeFinding } from "../../intake/index.ts";
import { displayUrl } from "../../intake/secrets.ts";
import { sessionReadableByOthers } from "../../capture/session-file.ts";
import { whyNotWritable, type RecordLog } from "../../log/index.ts";
import { dataFoldersNotWritable } from "../../spool/writable.ts";
import { sharedSpoolLook } from "../../record/spool-owner.ts";
import { findChromiums } from "../../capture/browser.ts";
import { tempFolderNotWritable } from "../../capture/temp-folder.ts";
import fs from "node:fs";
import path from "node:path";
import { collectiveCaseGaps, readableUrl } from "../../record/metadata.ts";
import { accountSeries, intakeSaid, seriesIds, seriesOwner, type Config, type DataPlace } from "../../config/index.ts";
import { fileSlips, sayFileSlips } from "../slips.ts";
import { editDistance } from "../../config/nearest.ts";
import { goneAtClosingSaid } from "../gone.ts";

/** How long `config check` waits for the store's answers before saying it did not answer. */
const STORE_CHECK_MS = 15_000;

export async function accountsCommand(args: string[]): Promise<number> {
  const { values } = parse("accounts", args, { html: { type: "boolean" }, json: { type: "boolean" }, csv: { type: "boolean" } });
  if ([values.html, values.json, values.csv].filter(Boolean).length > 1) throw new UsageError("accounts: choose one of --html, --json and --csv.");
  const config = readConfig(values);
  if (values.html || values.json || values.csv) {
    if (values.html) process.stdout.write(renderRegisterHtml(config, { generatedAt: new Date() }));
    else if (values.json) process.stdout.write(renderRegisterJson(config, { generatedAt: new Date() }));
    else process.stdout.write(renderRegisterCsv(config));
    // A list published straight away is published with its gaps and its cut texts: said on stderr, stdout staying the document.
    sayFileSlips(config, (line) => process.stderr.write(withConfigNamed(`${line}\n`)));
    for (const line of gapsSaid(config)) process.stderr.write(withConfigNamed(`${line}\n`));
    const guessed = contactsGuessed(config.accounts);
    // Published for anyone to write to: an address chosen by how it looks is named, for a person to confirm.
    if (guessed.length) process.stderr.write(withConfigNamed(`Note: the list gives ${guessed.length === 1 ? "this address" : "these addresses"} as the contact ("Kontakt"), taken from the configuration because ${guessed.length === 1 ? "it does" : "they do"} not look like a person's own mailbox: ${guessed.map((g) => `${g.accountId}: ${g.email} (${g.of === "responsible" ? "the responsible's" : "the web manager's"})`).join(", ")}. Check that each is a shared mailbox the public may write to; to choose the address yourself, give the account publicEmail: with the address (or publicEmail: null for none), and make the list again.\n`));
  } else {
    const active = config.accounts.filter((a) => a.status === "active");
    const closed = config.accounts.length - active.length;
    print(`${config.organisation.name}: ${counted(active.length, "active official account")}${closed ? `, and ${closed} closed, listed as closed` : ""}`);
    for (const a of config.accounts) {
      print(`  ${a.id.padEnd(24)} ${a.status === "closed" ? `closed ${a.closedOn ?? ""}`.padEnd(18) : "active".padEnd(18)} ${a.platform.padEnd(10)} ${readableUrl(a.url)}`);
    }
    print(`Publish the list with: somarkiv accounts --html > forteckning.html`);
  }
  return EXIT.ok;
}

/** The policy warnings of the list's gaps in full, and a count of the others, with where to see them all. */
function gapsSaid(config: Config): string[] {
  let warnings: PolicyWarning[];
  let renamed: ReturnType<typeof policyCheck>["renamed"];
  try {
    ({ warnings, renamed } = policyCheck(config));
  } catch (e) {
    // The list is written; a log that cannot be read now is config check's and status's to say.
    return [`Note: the policy warnings could not be checked (${(e as Error).message}); "somarkiv config check" says what is wrong.`];
  }
  const shown = warnings.filter((w) => LIST_GAPS.has(w.code));
  const rest = warnings.length - shown.length;
  // An account the log has records of and the file no longer names is missing from this list: said to
  // whoever publishes it, the web manager, who may never run status or config check.
  const missing = renamed.filter((f) => f.level === "warning").map((f) => `WARNING: ${f.message}`);
  // "none a gap in the list itself" under a warning that the list leaves an account out contradicted it.
  if (!shown.length) return [...missing, ...(rest ? [`Note: ${counted(rest, "policy warning")} about the accounts${missing.length ? "" : ", none a gap in the list itself"}; "somarkiv config check" shows ${agreeing(rest, "it", "them")} with what to do.`] : [])];
  return [...missing, ...shown.map(formatPolicyWarning),
    `Note: the list has ${counted(shown.length, "gap")} the policy asks to fill (said above)${rest ? `; ${counted(rest, "more policy warning")} ${agreeing(rest, "concerns", "concern")} the accounts behind it` : ""}. Fill the gaps in the configuration and make the list again; "somarkiv config check" shows every warning with what to do.`];
}

/**
 * A closed account whose page was gone when its closing record was asked for: no closing record can
 * be taken, and its last snapshot stands as its last record. Said as a note, not a warning to act on.
 */
function goneSaid(config: Config, gone: Map<string, { day: string; recordId: string }>, log: RecordLog | undefined): Finding[] {
  return config.accounts.filter((a) => a.status === "closed" && gone.has(a.id) && !log?.records.closingRecord(seriesIds(a))).map((a) => {
    const g = gone.get(a.id)!;
    const last = log?.records.newestInSeries(seriesIds(a));
    // With no snapshot at all, nothing of the account is archived: a warning, where "ok" said its last one stood.
    return { level: last ? "ok" : "warning", message: `account "${a.id}" (${a.name}) ${goneAtClosingSaid({ ...g, lastSnapshot: last?.recordId })}.` };
  });
}

/** The policy warnings whose gap shows in the public list itself (a missing name, purpose, date, an address twice). */
const LIST_GAPS = new Set<PolicyWarningCode>([
  "organisation-no-website", "organisation-no-switchboard", "missing-responsible", "missing-unit", "missing-purpose",
  "missing-audience", "duplicate-url", "account-address", "closed-without-date", "closing-date-ahead", "closing-date-on-active-account",
]);

export async function configCheckCommand(args: string[]): Promise<number> {
  const { values } = parse("config check", args, { json: { type: "boolean" } });
  const config = readConfig(values); // a ConfigError here is exit 2 with one line per problem
  const { warnings: policy, renamed, goneAtClosing } = policyCheck(config);
  // An account the public list loses, or whose series a changed id splits, falls short of the policy:
  // counted among its warnings, where "No policy warnings" followed it said under the log.
  const warnings = [...policy, ...renamed.filter((f) => f.level === "warning").map(notConfiguredWarning)];

  // The store is asked too: a bucket that cannot be reached or has no Object Lock is better found now than in June.
  // Told whether the log has records stored, so that a store folder gone since is said so, not made anew.
  const store = createStore(config.storage, { holdsRecords: () => logHoldsStored(config) });
  // A store that takes the connection and never answers held the check for three minutes, saying nothing.
  const storeFindings = await Promise.race([
    store.check?.() ?? Promise.resolve([]),
    silenceOf(STORE_CHECK_MS).then((): Finding[] => [{ level: "error", message: `${store.description} took the connection but did not answer within ${STORE_CHECK_MS / 1000} s. Check that the store is running and that no proxy or firewall in front of it holds the connection.` }]),
  ]);
  await store.close?.();
  // A store that answers may still not be the one the records went to (another bucket, a prefix changed).
  if (!storeFindings.some((f) => f.level === "error")) storeFindings.push(...(await storeHoldsTheLog(config)));
  else withTheLogsBucket(config, storeFindings);
  const captureFindings = captureSetup(config);
  const scheduleFindings = scheduleSetup(config);
  // Each intake is asked too (a folder that takes a file, a mail server that answers), and the log's folder.
  // With what the log delivered to each: a folder gone since is said so, not "ok, the first delivery creates it".
  const intakeLog = openLogForReading(config);
  let intakeChecks: IntakeFinding[];
  try {
    const targets = createIntakeTargets(config.intake, process.env, { ownFolder: config.dataDir, ...(intakeLog ? { deliveredTo: (t) => intakeLog.records.deliveredTo(t) } : {}) });
    intakeChecks = (await Promise.all(targets.map((t) => t.check?.() ?? Promise.resolve([])))).flat();
    // An intake added after records of the half-year were made does not have them, and nothing sends them by itself.
    if (intakeLog) intakeChecks.push(...addedIntakesOf(intakeLog, targets.map((t) => t.name), periodOf(new Date(), config.schedule.timezone)).map((a): IntakeFinding => ({ level: "warning", message: `${addedIntakeSaid(a)}.` })));
  } finally {
    intakeLog?.close();
  }
  const intakeFindings = [...intakeChecks, ...registrarTypos(config), ...repliesToTheRegistrar(config)];
  const logFindings = [...logSetup(config.database, config), ...dataFoldersSetup(config), ...sharedDataFolderSetup(config), ...defaultsApartFromLog(config)];
  // An id changed whose series goes on under the new one: a note for the registrar, with nothing to change in the file.
  const recordsFindings: Finding[] = [...collectiveCaseGaps(config, new Date()).map((message): Finding => ({ level: "warning", message })), ...goneAtClosing, ...renamed.filter((f) => f.level === "ok")];
  const fileFindings = slipsOf(config);
  const errors = [...scheduleFindings, ...logFindings, ...storeFindings, ...intakeFindings, ...captureFindings].filter((f) => f.level === "error");
  if (values.json) {
    printData(JSON.stringify({ valid: true, file: config.source, accounts: config.accounts.length, text: fileFindings, schedule: scheduleFindings, log: logFindings, store: storeFindings.map(({ fact: _, ...f }) => f), intake: intakeFindings, records: recordsFindings, capture: captureFindings, warnings }, null, 2));
    return errors.length ? EXIT.failed : EXIT.ok;
  }
  // "is valid" over an ERROR below read as all set: the file is written right, and what it names is not.
  const summary = `${counted(config.accounts.length, "account")}, storage: ${config.storage.type}, intake: ${config.intake.map((i) => i.type).join(", ")}`;
  print(errors.length
    ? `${config.source} is written right (${summary}), but ${errors.length === 1 ? "1 problem" : `${errors.length} problems`} in what it names must be mended before records can be taken and kept (ERROR below):`
    : `${config.source} is valid: ${summary}.`);
  const show = (what: string, f: Finding) => print(`  ${what} ${f.level === "ok" ? "ok" : f.level.toUpperCase()}: ${f.message}`);
  for (const f of fileFindings) show("text", f);
  for (const f of scheduleFindings) show("schedule", f);
  for (const f of logFindings) show("log", f);
  for (const f of storeFindings) show("store", f);
  for (const f of intakeFindings) show("intake", f);
  for (const f of recordsFindings) show("records", f);
  for (const f of captureFindings) show("capture", f);
  for (const line of missingSecrets(config)) print(`  intake WARNING: ${line}`);
  // Said with its bounds: an inspector read "No policy warnings" as the whole policy kept.
  if (!warnings.length) print(`No policy warnings among what somarkiv checks (the register, the snapshots, passive accounts); README's "What the policy asks that somarkiv does not check" lists the points left to people.`);
  else {
    print(`${counted(warnings.length, "policy warning")}:`);
    for (const w of warnings) print(`  - ${w.message} [${w.policy}]`);
  }
  return errors.length ? EXIT.failed : EXIT.ok;
}

interface Finding { level: "ok" | "warning" | "error"; message: string; problem?: StorageProblem; fact?: string }

/** The file's texts that YAML reads otherwise than they were meant (a "#" in a purpose), as warnings. */
function slipsOf(config: Config): Finding[] {
  return fileSlips(config).map((message): Finding => ({ level: "warning", message }));
}

/** An id only the log knows, as a policy warning: a renamed one splits the series (Dokumentera), a removed one leaves the list (Redovisa). */
function notConfiguredWarning(f: NotConfigured): PolicyWarning {
  return { accountId: f.accountId, code: "account-not-in-configuration", message: f.message, policy: f.newId ? POLICY.dokumentera : POLICY.redovisa };
}

function logHoldsStored(config: Config): boolean {
  const log = openLogForReading(config);
  try {
    return log?.records.anyStored() ?? false;
  } finally {
    log?.close();
  }
}

/** An error when the store holds none of the records the log says were stored last: storing would refuse it. */
async function storeHoldsTheLog(config: Config): Promise<Finding[]> {
  const log = openLogForReading(config);
  if (!log) return [];
  try {
    const moved = await storeMovedLook(config, log);
    return moved ? [{ level: "error", message: moved }] : [];
  } finally {
    log.close();
  }
}

/**
 * A configured bucket that does not exist, said beside the bucket the log's records are in: "create it"
 * alone sent an operator who had mistyped the name to make a new empty bucket.
 */
function withTheLogsBucket(config: Config, findings: Finding[]): void {
  const missing = findings.find((f) => f.level === "error" && f.problem === "no-bucket");
  if (!missing?.fact) return;
  const log = openLogForReading(config);
  if (!log) return;
  try {
    missing.message = missingBucketSaid(missing.fact, log.records.latestStored(1)[0]) ?? missing.message;
  } finally {
    log.close();
  }
}

/**
 * database: set and storage: or intake: left out: the store or the registrar's folder stays in archive/
 * beside the file (/etc/somarkiv/archive), not beside the log, where an operator who moved the log took
 * all local data to have gone. Before the first record it is set in a line; after, a store must be moved whole.
 */
function defaultsApartFromLog(config: Config): Finding[] {
  const apart = config.defaultsApartFromLog;
  if (!apart) return [];
  const left = [apart.storage && "storage:", apart.intake && "intake:"].filter(Boolean).join(" and ");
  const where = [
    apart.storage && config.storage.type === "filesystem" && `the records are stored in ${config.storage.path}`,
    apart.intake && `delivered to the registrar's folder ${config.intake[0]!.type === "directory" ? config.intake[0]!.path : ""}`,
  ].filter(Boolean).join(" and ");
  const set = [apart.storage && "storage: { type: filesystem, path: /var/lib/somarkiv/objects } (or an S3 bucket)", apart.intake && "intake: with the registrar's folder or mailbox"].filter(Boolean).join(" and ");
  return [{ level: "warning", message: `database: puts the log in ${path.dirname(config.database)}, but ${left} ${apart.storage && apart.intake ? "are" : "is"} left out, so ${where}, in ${apart.archive} beside the configuration file, not beside the log (database: moves only the spool and failed/ with the log). If that is not where they belong, set ${set} in the file${apart.storage ? "; once records are stored there, a store moved must be copied whole first (see the README's Storage)" : ""}.` }];
}

/** The policy warnings as config check gives them, from the configuration and what the log knows; and the accounts renamed since their records. */
function policyCheck(config: Config): { warnings: PolicyWarning[]; renamed: NotConfigured[]; goneAtClosing: Finding[] } {
  const log = openLogForReading(config);
  try {
    const now = new Date();
    const stored = new Map<string, Set<string>>();
    let firstLoggedPeriod: string | undefined;
    const all = log?.records.list() ?? [];
    const renamed = renamedAccounts(config, all, log?.demoAccounts());
    // Only a closing record that stands: one a later capture --reopen took back is no closing record.
    const closingRecords = new Map<string, string>();
    const lastSnapshots = new Map<string, { recordId: string; day: string; closing: boolean }>();
    const goneAtClosing = new Map<string, { day: string; recordId: string }>();
    const tz = config.schedule.timezone;
    for (const a of config.accounts) {
      const closing = log?.records.closingRecord(seriesIds(a));
      if (closing && closing.status !== "captured") closingRecords.set(a.id, closing.recordId);
      const last = log?.records.latestSnapshot(seriesIds(a));
      if (last) lastSnapshots.set(a.id, { recordId: last.recordId, day: localDate(new Date(last.capturedAt), tz), closing: last.final });
      const gone = log?.records.goneAtClosing(seriesIds(a));
      if (gone) goneAtClosing.set(a.id, { day: localDate(new Date(gone.capturedAt), tz), recordId: gone.recordId });
    }
    for (const r of all) {
      if (!firstLoggedPeriod || comparePeriods(r.period, firstLoggedPeriod) < 0) firstLoggedPeriod = r.period;
      if (r.status === "failed" || r.status === "captured") continue;
      const owner = seriesOwner(config.accounts, r.accountId);
      if (!stored.has(owner)) stored.set(owner, new Set());
      stored.get(owner)!.add(r.period);
    }
    return { renamed, warnings: policyWarnings(config, {
      now,
      lastFinishedPeriod: lastFinishedPeriod(now, config.schedule.timezone),
      // Without a log nothing has been captured yet; the missing-snapshot check would only repeat that.
      storedPeriodsByAccount: log ? stored : undefined,
      firstLoggedPeriod,
      firstPeriodByAccount: log ? log.records.firstPeriods(accountSeries(config.accounts)) : undefined,
      gapsByAccount: log ? new Map(gapsInSeries({ lastFinished: lastFinishedPeriod(now, tz), accounts: config.accounts, ...log.records.seriesFacts(accountSeries(config.accounts)) }).map((g) => [g.accountId, g.periods])) : undefined,
      passive: log ? passiveFindings(config, log) : undefined,
      closingRecords,
      lastSnapshots,
      goneAtClosing,
    }), goneAtClosing: goneSaid(config, goneAtClosing, log) };
  } finally {
    log?.close();
  }
}

/**
 * Whether the worker wakes in each capture month, and often enough that a failed day is made up:
 * the worker says so when it starts, but an operator checking the file in spring should hear it then.
 */
function scheduleSetup(config: Config): Finding[] {
  const { cron, months, timezone } = config.schedule;
  const never = monthsWithoutWake(cron, months, timezone);
  const out: Finding[] = never.map((m) => ({ level: "error", message: `schedule.cron "${cron}" never wakes the worker in ${monthName(m)}, a capture month: that half-year's snapshots would be taken only if the worker happened to start then. Make the cron's month and day fields include it (e.g. "0 6 * * *", every day at 06:00).` }));
  // The hour the clocks skip in spring has no wake at all; node-cron does not take it later.
  const skipped = clockChangeSkipsWake(cron, timezone, months);
  if (skipped) out.push({ level: "warning", message: skipped });
  const zone = otherZoneSaid(timezone);
  if (zone) out.push({ level: "warning", message: zone });
  const six = sixFieldsSaid(cron, timezone);
  if (six) out.push({ level: "warning", message: six });
  const days = wakeDaysInMonths(cron, timezone, months);
  for (const m of months) {
    const n = days?.get(m);
    if (n === undefined || n === 0 || n >= 3) continue;
    out.push({ level: "warning", message: `schedule.cron "${cron}" wakes the worker on only ${n} day${n === 1 ? "" : "s"} in ${monthName(m)}, a capture month: a capture that fails then (a site down for an hour) is not tried again that month. Waking every day ("0 6 * * *") makes a failed day up the next.` });
  }
  return out;
}

/** The log (and the spool beside it) must be writable, or no capture can be recorded. */
function logSetup(file: string, place: DataPlace): Finding[] {
  const denied = whyNotWritable(file, "the log", place);
  if (denied) return [{ level: "error", message: `The log ${file} cannot be written: ${denied.why}. Nothing can be captured until somarkiv's user may write there.` }];
  return [{ level: "ok", message: fs.existsSync(file) ? `The log is ${file}.` : `The log ${file} is made at the first capture.` }];
}

/** The spool beside the log is another configuration's log's (see spool/owner.ts). */
function sharedDataFolderSetup(config: Config): Finding[] {
  const log = openLogForReading(config);
  try {
    const problem = sharedSpoolLook(config, log);
    return problem ? [{ level: "error", message: problem }] : [];
  } finally {
    log?.close();
  }
}

/** The spool and failed/ beside the log, which every capture writes into (ExecStartPre runs this check). */
function dataFoldersSetup(place: DataPlace): Finding[] {
  return dataFoldersNotWritable(place.dataDir, place).map((d) => ({ level: "error", message: `The folder ${d.folder} (${d.what}) cannot be ${d.inPlace ? "made" : "written"}: ${d.why}. ${d.fix ?? `${d.lost} until somarkiv's user may write there.`}` }));
}

/**
 * What the captures need on this machine, found now rather than in June: the browser, each saved
 * login session (there, and readable by somarkiv's user alone, as it holds a login), and a time
 * bound a page can be captured in.
 */
/** TimeoutStopSec of the systemd unit somarkiv ships (scripts/deploy/somarkiv.service). */
const SHIPPED_STOP_S = 240;

function captureSetup(config: Config): Finding[] {
  const out: Finding[] = [];
  try {
    out.push({ level: "ok", message: `Captures run in ${findChromiums(config.capture.browser, undefined, true)[0]}.` });
  } catch (e) {
    out.push({ level: "error", message: `${(e as Error).message} No capture can start until this is fixed.` });
  }
  const noTemp = tempFolderNotWritable();
  if (noTemp) out.push({ level: "error", message: noTemp });
  if (config.capture.timeoutSeconds < 30) {
    out.push({ level: "warning", message: `capture.timeoutSeconds is ${config.capture.timeoutSeconds}: most pages need longer to load, dismiss their consent dialog and bring their feed; their captures would fail as timeout. 120 is the default.` });
  }
  // The worker stopped finishes the capture in progress, within timeoutSeconds + 60 s; the shipped unit
  // waits SHIPPED_STOP_S and then kills it, and the announced bound was not kept.
  const stopBound = config.capture.timeoutSeconds + 60;
  if (stopBound > SHIPPED_STOP_S) {
    out.push({ level: "warning", message: `capture.timeoutSeconds is ${config.capture.timeoutSeconds}: a worker asked to stop finishes the capture in progress within ${stopBound} s, but the systemd unit shipped with somarkiv (scripts/deploy/somarkiv.service) waits ${SHIPPED_STOP_S} s (TimeoutStopSec) and then kills it, cutting that capture off (nothing recorded is lost; the account is taken at the next start). If the worker runs under that unit, set TimeoutStopSec=${stopBound + 60} in it, or lower capture.timeoutSeconds to ${SHIPPED_STOP_S - 60} or less.` });
  }
  for (const a of config.accounts) {
    const file = a.login?.storageState;
    if (!file || a.status !== "active") continue;
    if (!fs.existsSync(file)) {
      out.push({ level: "warning", message: `Account "${a.id}": its saved login session ${file} does not exist, so its captures would fail. Sign in with: somarkiv login --account ${a.id}` });
      continue;
    }
    const open = sessionReadableByOthers(file);
    if (open) out.push({ level: "warning", message: `Account "${a.id}": ${open}` });
  }
  return out;
}

/**
 * An e-mail intake's address a letter or two from organisation.registrar is most likely the same
 * mailbox mistyped (registrator@haparnda.se for registrator@haparanda.se): the mail server may take
 * it at submission and the records bounce later, where nobody reads. A clearly different mailbox
 * (diarium@, or another domain altogether) is left alone.
 */
function registrarTypos(config: Config): Finding[] {
  const registrar = config.organisation.registrar?.toLowerCase();
  if (!registrar) return [];
  const parts = (address: string) => {
    const at = address.lastIndexOf("@");
    return { local: address.slice(0, at), domain: address.slice(at + 1) };
  };
  const r = parts(registrar);
  return config.intake.flatMap((t, i): Finding[] => {
    if (t.type !== "email" || t.to.toLowerCase() === registrar) return [];
    const to = parts(t.to.toLowerCase());
    const domain = editDistance(to.domain, r.domain);
    const local = editDistance(to.local, r.local);
    // A short name a letter apart (ks@, kf@) may well be another mailbox; a domain a letter apart is not another organisation's.
    const slip = (domain >= 1 && domain <= 2 && Math.min(to.domain.length, r.domain.length) >= 5)
      || (domain === 0 && local >= 1 && local <= 2 && Math.min(to.local.length, r.local.length) >= 5);
    if (!slip) return [];
    const near = domain ? `whose domain ${to.domain} is a letter or two from ${r.domain}, organisation.registrar's (${config.organisation.registrar}): one of them is most likely mistyped`
      : `a letter or two from organisation.registrar, ${config.organisation.registrar}: if they are meant to be the same mailbox, one of them is mistyped`;
    return [{ level: "warning", message: `${intakeSaid(i, t)}, to, is ${t.to}, ${near}. Correct it: records sent to an address that does not exist never reach the registrar, and the public list of accounts gives organisation.registrar to write to.` }];
  });
}

/**
 * The e-mail asks the registrar to answer with the diary number; the answer goes to replyTo (or, without
 * it, to from). When that is the registrar's own mailbox (to), or organisation.registrar, the numbers
 * come back to the registrar and never reach whoever records them with "somarkiv registered".
 */
function repliesToTheRegistrar(config: Config): Finding[] {
  const registrar = config.organisation.registrar?.toLowerCase();
  return config.intake.flatMap((t, i): Finding[] => {
    if (t.type !== "email") return [];
    const key = t.replyTo ? "replyTo" : "from";
    const reply = (t.replyTo ?? t.from).toLowerCase();
    const same = reply === t.to.toLowerCase() ? "its to address" : reply === registrar ? "organisation.registrar" : undefined;
    if (!same) return [];
    return [{ level: "warning", message: `${intakeSaid(i, t)}, ${key}, is ${t.replyTo ?? t.from}, the same address as ${same}: the registrar's replies with diary numbers would go back to the registrar's own mailbox, and nobody would record them with "somarkiv registered". Set the intake's replyTo to the mailbox of whoever records them.` }];
  });
}

/** Secrets are read from the environment at delivery time; say now when this environment lacks one. */
function missingSecrets(config: Config): string[] {
  return config.intake.flatMap((t, i) => {
    const name = t.type === "email" ? t.smtpUrlEnv : t.type === "http" ? t.tokenEnv : undefined;
    const key = t.type === "email" ? "smtpUrlEnv" : "tokenEnv";
    if (!name || process.env[name]) return [];
    return [`${intakeSaid(i, t)}, ${key}, names the environment variable ${envNameSaid(name, key)}, which is not set here; deliveries to ${t.type === "email" ? t.to : t.type === "http" ? displayUrl(t.url) : ""} will wait until the worker's environment has it.`];
  });
}

/**
 * The record pipeline, top to bottom: for each account, capture → PDF → spool → log → store → intake.
 * Every step after the log entry can fail and be retried later (`deliver`, `run`, the next `capture`);
 * nothing counts as done before the step after it has been confirmed.
 */
import { counted } from "../words/counted.ts";
import { describeFormatIn } from "./format-description.ts";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import sharp from "sharp";
import type { Account, Config } from "../config/schema.ts";
import { namedConfig, seriesIds, accountSeries, seriesOwner, captureCommandLine } from "../config/index.ts";
import { takeAgainCommand } from "./take-again.ts";
import { browserSupply, secretVariables, captureAccount, CaptureFailure, CONSENT_EN, forAccount, type AskedAgain, type BrowserHandle, type CaptureResult } from "../capture/index.ts";
import { collectGarbage } from "./memory.ts";
import { runLanes, type Captured } from "./lanes.ts";
import { localWriteFailure } from "./local-failure.ts";
import type { ObjectStore } from "../storage/types.ts";
import { recordKey, ObjectConflictError, StorageError, makeFolderSync, silenceOf } from "../storage/index.ts";
import { PRIVATE_FILE, PRIVATE_FOLDER } from "../storage/folder.ts";
import type { DeliveryItem, IntakeTarget } from "../intake/types.ts";
import { nextAttemptDelay, retryDelay, isPermanent, DeliveryError, failureSaid, intakeName, type DeliveryFailure } from "../intake/index.ts";
import { inIntakeOrder } from "../intake/order.ts";
import { intakeGoneSaid, intakeNow, intakesInstead } from "./retarget.ts";
import { installationOf } from "./installation.ts";
import { RecordLog, acquireLease, releaseLease, leaseHolder, leaseHeldByAnother, captureLease, holderIsGone, type RecordRow } from "../log/index.ts";
import { rowChangedHeld } from "./row-held.ts";
import { Spool } from "../spool/index.ts";
import { comparePeriods, formatLocal, localDate, nextPeriod, periodOf, periodsFromTo, previousPeriod, SWEDISH_TIME } from "../schedule/period.ts";
import { asShownBeforeCaptureMonth, atHalfYearChange, decideCapture, type CaptureAsk, type CaptureDecision, type NotCapturedWhy } from "../schedule/due.ts";
import { imageFingerprint } from "../register/fingerprint.ts";
import { textFingerprint } from "../register/text-fingerprint.ts";
import { flagsEn, intakeEn, recordMetadata, recordTitle, shortened, recordId as makeRecordId, failedRecordId } from "./metadata.ts";
import { recordSheet } from "./sheet.ts";
import type { Manifest } from "./types.ts";
import { TOOL_VERSION } from "./version.ts";
import { failpoint } from "./failpoints.ts";
import { farYearNote, intakeNumberClashSaid, intakeNumberNotTaken, sameNumberNote } from "./dnr.ts";
import { spooledRecord, whyNotTakenBack } from "./taken-back.ts";
import { recordRowFromManifest } from "./log-row.ts";
import { storeMovedProblem, StoreMovedError } from "./store-moved.ts";
import { notYetTaken } from "./not-yet-taken.ts";

/**
 * The PDF's makers (pdf-lib and its fontkit take a third of a second of processor time to load) are
 * loaded when a record is first made, not by every command that opens the pipeline and makes none
 * (deliver, a capture refused or with nothing due, the worker between its wakes).
 */
const pdfMaker = () => import("../pdf/index.ts");

export interface PipelineContext {
  config: Config;
  log: RecordLog;
  store: ObjectStore;
  targets: IntakeTarget[];
  spool: Spool;
  /** One line of progress for stderr. */
  progress: (line: string) => void;
  /** Set when the process is asked to stop: no new capture starts. */
  signal?: AbortSignal;
  /**
   * Set when a person stopped a manual capture (Ctrl-C): the browser is closed under the captures in
   * progress, and their failure is the stop's, not the page's, so it is not recorded as one.
   */
  interrupted?: AbortSignal;
  /** Told how long each step of a record took (used by the benchmark); it never changes the record. */
  onTiming?: (t: StepTiming) => void;
  /**
   * Why the store did not answer, once it has not in this run (no answer in time, or not reached).
   * The records after it go to the spool as pending without asking it again: a store that takes the
   * connection and never answers cost each record minutes, and a run of 40 accounts most of an hour.
   * The worker clears it at each wake.
   */
  storeSilent?: string;
  /** The records whose own question went unanswered (storeSilent): said as theirs, not as "earlier in this run". */
  storeSilentFor?: Set<string>;
  /**
   * Whether the store holds the records the log says were stored last, once looked at in this run
   * (see storeMovedProblem): true, or what to say when it holds none of them. The worker clears it at each wake.
   */
  storeHoldsLog?: true | string;
  /** The description of the format was put in the store (or tried) in this run: once is enough. */
  formatDescribed?: boolean;
}

/**
 * One step of one record and its duration in milliseconds. "capture" is the whole browser part,
 * the four before it included; "consent" is the part of "settle" spent on consent dialogs and
 * login prompts, "lazy-wait" the part of "scroll" spent waiting for the page to bring more.
 */
export interface StepTiming {
  accountId: string;
  recordId?: string;
  step: "navigation" | "settle" | "consent" | "scroll" | "lazy-wait" | "screenshot" | "capture" | "pdf" | "record" | "store" | "deliver";
  ms: number;
}

export interface CaptureRequest {
  accounts: Account[];
  period?: string;
  force?: boolean;
  final?: boolean;
  /** Take an account again after its closing record: it is kept after all (capture --reopen). */
  reopen?: boolean;
  /** --period was given: a closed account is named with it to make up a missed half-year. */
  periodNamed?: boolean;
  /** Why the snapshots are taken now (capture --reason), for the registrar; on each record's sheet. */
  reason?: string;
  /** A page that never finished loading is filed as it shows, flagged not-loaded (capture --as-shown), not failed. */
  asShown?: boolean;
  runId?: number;
  /** Told each account's outcome as it is known (capture's stop says which accounts are left). */
  onOutcome?: (outcome: AccountOutcome) => void;
}

export type AccountOutcome =
  | { accountId: string; outcome: "captured"; recordId: string; status: RecordRow["status"]; flags: string[]; problems: string[]; notYetDeliveredTo?: string[]; deliveredTo?: string[]; missingPx?: number; glyphsMissing?: string[]; consentButtonsSeen?: string[]; boxWords?: string }
  | { accountId: string; outcome: "skipped"; why: string; recordId?: string; busy?: boolean; stopped?: boolean }
  | { accountId: string; outcome: "failed"; recordId: string; reason: string; message: string };

export interface PendingOutcome {
  stored: string[];
  delivered: Array<{ recordId: string; target: string }>;
  problems: Array<{ recordId: string; target?: string; message: string }>;
  waiting: number;
}

const MINUTE = 60_000;

// Every snapshot image is processed once: libvips' operation cache only holds memory here.
sharp.cache(false);

/** Capture the given accounts for the period; each account's outcome is returned, one never stops another. */
export async function captureAccounts(ctx: PipelineContext, req: CaptureRequest): Promise<AccountOutcome[]> {
  const period = req.period ?? periodOf(new Date(), ctx.config.schedule.timezone);
  const browsers = browserSupply(ctx.config.capture.browser, ctx.progress, secretVariables(ctx.config));
  try {
    // One capture per account: the lease keeps other processes out, not this one's own lanes, and
    // two lanes on one account made the same version twice and overwrote each other's spool files.
    const accounts = [...new Map(req.accounts.map((a) => [a.id, a])).values()];
    const tally = { captured: 0, failed: 0, skipped: 0, stopped: 0 };
    const outcomes = await runLanes<Account, AccountOutcome>(accounts, ctx.config.capture.concurrency, {
      stopped: () => ctx.signal?.aborted === true,
      notStarted: (account) => ({ accountId: account.id, outcome: "skipped", why: "somarkiv was asked to stop before this account was captured", stopped: true }),
      capture: (account, more) => captureOne(ctx, account, period, req, browsers.get, more > 0),
      afterRecord: collectGarbage,
      // The run ends with one error; one more that came at the same time is said, not lost.
      alsoFailed: (e) => {
        const local = localWriteFailure(e, ctx.config);
        ctx.progress(`another error came as the run stopped: ${local ? `${local.what}. ${local.fix}` : String((e as { message?: unknown } | null)?.message ?? e)}`);
      },
      // With many accounts the steps of each scroll past: how far the run has come is said as each one ends.
      finished: (o, done, total) => {
        req.onOutcome?.(o);
        // One not started because of a stop is not "skipped", which says it has its snapshot: it is still due.
        if (o.outcome === "skipped" && o.stopped) tally.stopped++;
        else tally[o.outcome]++;
        const stopped = tally.stopped ? `; ${tally.stopped} not started, as somarkiv was asked to stop` : "";
        // An account skipped (it has its snapshot) is no news on a re-run of forty: the count goes on at the next capture, or at the end.
        if (total > 1 && (o.outcome !== "skipped" || done === total)) ctx.progress(`${done - tally.stopped} of ${counted(total, "account")} done: ${tally.captured} captured, ${tally.failed} failed${o.outcome === "failed" ? ` (${o.accountId} just now)` : ""}, ${tally.skipped} skipped${stopped}`);
      },
    });
    // In the order the accounts were asked for (the configuration's), not the order they finished in.
    const order = new Map(accounts.map((a, i) => [a.id, i]));
    return outcomes.sort((a, b) => (order.get(a.accountId) ?? 0) - (order.get(b.accountId) ?? 0));
  } finally {
    await browsers.close();
  }
}

/**
 * Captures one account: the browser part. Gives the outcome when there is nothing more to do
 * (skipped, failed), or the step that makes the record from the capture.
 */
async function captureOne(
  ctx: PipelineContext, account: Account, period: string, req: CaptureRequest, getBrowser: () => Promise<BrowserHandle>, anotherFollows: boolean,
): Promise<Captured<AccountOutcome>> {
  const { config, log } = ctx;
  const say = (s: string) => ctx.progress(`[${account.id}] ${s}`);
  const lease = captureLease(account.id);
  // The lease outlives the capture's own bound, so only a dead holder's lease expires.
  const leaseMs = config.capture.timeoutSeconds * 1000 * 2 + 5 * MINUTE;
  if (!acquireLease(log.db, lease, leaseMs)) {
    return { outcome: { accountId: account.id, outcome: "skipped", why: "another somarkiv process is capturing this account right now", busy: true } };
  }
  // Held until the record is made (or the capture has failed), then released.
  let keepLease = false;
  try {
    const decision = captureDecision(log, config, account, period, req);
    if (!decision.capture) return { outcome: notCaptured(account, period, decision.why, decision.record) };
    // A snapshot from before the capture month (a trial run) is kept; the half-year's is a new version.
    const afterEarly = decision.afterEarly?.recordId;
    if (decision.afterEarly) say(`${afterEarly} was taken on ${formatLocal(new Date(decision.afterEarly.capturedAt), config.schedule.timezone)}, before ${period}'s capture month; taking the half-year snapshot now`);
    const started = Date.now();
    say(`capturing ${account.url}`);
    let result: CaptureResult;
    let captureStarted = 0;
    try {
      const browser = await getBrowser();
      captureStarted = Date.now();
      result = await captureAccount(browser, {
        url: account.url,
        viewport: config.capture.viewport,
        locale: config.capture.locale,
        timezone: config.schedule.timezone,
        timeoutMs: config.capture.timeoutSeconds * 1000,
        maxHeight: config.capture.maxHeight,
        storageStatePath: account.login?.storageState,
        onProgress: (step) => say(step),
        anotherFollows,
        ...(req.asShown ? { asShown: true } : {}),
      });
    } catch (e) {
      if (ctx.interrupted?.aborted) return { outcome: { accountId: account.id, outcome: "skipped", why: "somarkiv was stopped (Ctrl-C) while it was being captured; nothing was recorded of it, and it is still due" } };
      return { outcome: recordFailure(ctx, account, period, req, e) };
    }
    timing(ctx, account.id, undefined, "capture", Date.now() - captureStarted);
    for (const step of ["navigation", "settle", "scroll", "screenshot"] as const) timing(ctx, account.id, undefined, step, result.timings[step]);
    timing(ctx, account.id, undefined, "consent", result.timings.consent);
    timing(ctx, account.id, undefined, "lazy-wait", result.timings.lazyWait);
    say(`captured in ${secs(started)} (${result.pageWidth}×${result.pageHeight} px; ${CONSENT_EN[result.consent]}${result.flags.length ? `; ${flagsEn(result.flags)}` : ""})`);
    keepLease = true;
    return {
      makeRecord: () => makeRecord(ctx, account, period, req, result, afterEarly).finally(() => releaseLease(log.db, lease)),
    };
  } finally {
    if (!keepLease) releaseLease(log.db, lease);
  }
}

/** The manifest's `madeBy`: this log, by its id and its place. */
function madeByOf(log: RecordLog): { madeBy?: { log: string; installation: string } } {
  const id = log.identity();
  return id ? { madeBy: { log: id, installation: installationOf(log) } } : {};
}

/** Whether another somarkiv process, alive, is capturing the account now: this one will skip it. */
export function capturedElsewhere(log: RecordLog, accountId: string): boolean {
  return leaseHeldByAnother(log.db, captureLease(accountId));
}

/**
 * Whether the account is captured now (see decideCapture), from what the log holds of it: the same
 * answer for capture's refusal, this pipeline's skip and the command a stop names.
 */
export function captureDecision(log: RecordLog, config: Config, account: Account, period: string, asked: CaptureAsk): CaptureDecision<RecordRow> {
  return decideCapture({
    account, period, asked,
    closing: log.records.closingRecord(seriesIds(account)),
    existing: log.records.latestSnapshot(seriesIds(account), period),
    now: new Date(), months: config.schedule.months, timezone: config.schedule.timezone,
  });
}

/** The skip's one line: an account not named (capture of all, the worker) is passed by, saying why. */
function notCaptured(account: Account, period: string, why: NotCapturedWhy, record: RecordRow | undefined): AccountOutcome {
  const skipped = (text: string): AccountOutcome => ({ accountId: account.id, outcome: "skipped", why: text, ...(record ? { recordId: record.recordId } : {}) });
  if (why === "has-snapshot" && record) return skipped(`already has a snapshot for ${period} (${record.recordId}); use --force to add a new version`);
  if (record) {
    const then = account.status === "closed"
      ? "the account is closed in the configuration too; nothing more is taken of it"
      : `once the account is closed on the platform, set status: closed and closedOn in the configuration (if it is kept after all: ${captureCommandLine({ accounts: [account.id], reopen: true })})`;
    return skipped(`its closing record ${record.recordId} is its last snapshot; ${then}`);
  }
  // A named account is refused these before anything is captured: met here only when another process changed the log meanwhile.
  return skipped(why === "nothing-to-reopen" ? "it has no closing record, so there is nothing to reopen"
    : `it is closed in the configuration; its last snapshot is its closing record: ${captureCommandLine({ accounts: [account.id], final: true })}`);
}

/** Makes the record from a capture: the PDF, into the spool and the log, then stored and delivered. */
async function makeRecord(ctx: PipelineContext, account: Account, period: string, req: CaptureRequest, result: CaptureResult, afterEarly?: string): Promise<AccountOutcome> {
  const { config, log } = ctx;
  const say = (s: string) => ctx.progress(`[${account.id}] ${s}`);
  const asked = Date.now();
  const { version, skipped } = await freeVersion(ctx, account, period);
  // The wait for the store's answer is said apart from the build, so a slow store does not read as a slow PDF.
  const waited = Date.now() - asked;
  const t = Date.now();
  // A closing record is the account's last whenever it is taken; any other taken before the capture month is a record of its day.
  const early = !req.final && !atHalfYearChange(result.capturedAt, period, config.schedule.months, config.schedule.timezone);
  const id = makeRecordId(account.id, period, version);
  const slices = await (await pdfMaker()).encodeSnapshotImages(result.slices);
  const screenshotSha256 = slices.map((s) => sha256(s.image));
  const meta = recordMetadata(config, account, period);
  // A version passed over is held by the store (or waits in the spool) though the log lost it: it is
  // the one before this, not the log's latest, which a restored log would name over it.
  const previous = skipped ? { recordId: makeRecordId(account.id, period, version - 1), dnr: null } : log.records.previousInSeries(seriesIds(account), period, version);
  const pdfName = `${id}.pdf`;
  const manifestName = `${id}.json`;
  // Taken once its period was over (making up a missed one): the registrar must know it does not show
  // the page at the half-year change.
  const late = comparePeriods(period, periodOf(result.capturedAt, config.schedule.timezone)) < 0;
  const flags = [...result.flags, ...(req.final ? ["final"] : []), ...(req.reopen ? ["reopened"] : []), ...(late ? ["after-period"] : [])];
  // The page's own words, each on one line, as its sheet says them.
  const buttonsSeen = result.consent === "not-dismissed" ? (result.consentButtonsSeen ?? []).map((l) => shortened(l.replace(/\s+/g, " ").trim(), 40)).filter(Boolean).slice(0, 6) : [];
  const manifest: Manifest = {
    schema: "somarkiv-manifest/1",
    recordId: id,
    accountId: account.id,
    accountName: account.name,
    platform: account.platform,
    period,
    version,
    final: Boolean(req.final),
    title: recordTitle(account, period, Boolean(req.final)),
    organisation: { name: config.organisation.name, website: config.organisation.website, switchboard: config.organisation.switchboard },
    creator: meta.creator,
    documentType: meta.documentType,
    classification: meta.classification,
    collectiveCase: meta.collectiveCase,
    retention: meta.retention,
    personalData: meta.personalData,
    unit: account.unit,
    responsible: account.responsible ? { name: account.responsible.name, email: account.responsible.email } : undefined,
    purpose: account.purpose,
    audience: account.audience,
    url: result.url,
    finalUrl: result.finalUrl,
    httpStatus: result.httpStatus,
    capturedAt: result.capturedAt.toISOString(),
    // "svensk tid" on the sheet and in the e-mail: Sweden's time whatever zone the schedule keeps (SPEC).
    capturedAtLocal: formatLocal(result.capturedAt, SWEDISH_TIME),
    // Always there, null for the first of its series: a reader of the manifest need not tell "none" from "not said".
    previousRecordId: previous?.recordId ?? null,
    // The registrar files a new version, or the next half-year, beside the one before: its number is said.
    ...(previous?.dnr ? { previousRecordDnr: previous.dnr } : {}),
    ...(skipped ? { previousRecordNotInLog: true as const } : {}),
    // The account moved (the platform changed its handle, the url corrected): the registrar sees the two are one series.
    ...(previous && "url" in previous && previous.url !== result.url ? { previousRecordUrl: previous.url } : {}),
    // Half-years between the previous snapshot and this with none taken: the series has a gap the registrar must see here.
    ...(previous && "period" in previous && comparePeriods(previous.period, previousPeriod(period)) < 0 ? { periodsMissingBefore: periodsFromTo(nextPeriod(previous.period), previousPeriod(period)) } : {}),
    ...(req.reason ? { takenBecause: req.reason } : {}),
    ...(early ? { beforeHalfYearChange: true as const } : {}),
    ...(afterEarly ? { afterEarlySnapshot: afterEarly } : {}),
    ...(req.final && account.status === "closed" && account.closedOn ? { closedOn: account.closedOn } : {}),
    // The record must not read as what the public saw when it was taken signed in.
    // Said either way, so that a record made before somarkiv said it is told from one taken as any visitor sees it.
    signedIn: Boolean(account.login),
    consent: result.consent,
    // The page's own words, on one line: a label is no place for a line of the page's choosing on the sheet.
    ...(result.consentButton?.trim() ? { consentButton: shortened(result.consentButton.replace(/\s+/g, " ").trim(), 80) } : {}),
    ...(result.consentPage && (result.consent === "declined" || result.consent === "accepted") ? { consentPage: true as const } : {}),
    ...(buttonsSeen.length ? { consentButtonsSeen: buttonsSeen } : {}),
    flags,
    ...(result.pageDialogs?.length ? { pageDialogs: result.pageDialogs } : {}),
    ...(result.pageDialogsNotQuoted ? { pageDialogsNotQuoted: result.pageDialogsNotQuoted } : {}),
    ...(result.textRemovedWhileScrolling?.length ? { textRemovedWhileScrolling: result.textRemovedWhileScrolling } : {}),
    ...(result.itemsOutOfView ? { itemsOutOfView: result.itemsOutOfView } : {}),
    ...(result.textOutOfView?.length ? { textOutOfView: result.textOutOfView } : {}),
    ...(result.mediaOnPage ? { mediaOnPage: result.mediaOnPage } : {}),
    ...(result.postTextsCutShort ? { postTextsCutShort: result.postTextsCutShort } : {}),
    ...(result.textCutShort?.length ? { textCutShort: result.textCutShort } : {}),
    ...(result.behindWarnings ? { behindWarnings: result.behindWarnings } : {}),
    ...(result.textBehindWarnings?.length ? { textBehindWarnings: result.textBehindWarnings } : {}),
    ...(result.moreButton ? { moreButton: result.moreButton } : {}),
    ...(result.heldNavigationTo ? { heldNavigationTo: result.heldNavigationTo } : {}),
    ...(result.glyphsMissing?.length ? { glyphsMissing: result.glyphsMissing } : {}),
    ...(result.boxWords?.trim() ? { boxWords: shortened(result.boxWords.replace(/\s+/g, " ").trim(), 120) } : {}),
    ...(result.internalHostsRefused?.length ? { internalHostsRefused: result.internalHostsRefused.slice(0, 10) } : {}),
    // Where the links lead and what the pictures' alternative texts say: the picture cannot hold them.
    ...(result.references ? { links: result.references.links, pictures: result.references.pictures } : {}),
    tool: { name: "somarkiv", version: TOOL_VERSION },
    ...madeByOf(ctx.log),
    browser: result.browserVersion,
    userAgent: result.userAgent,
    viewport: result.viewport,
    page: {
      width: result.pageWidth, height: result.pageHeight,
      ...(result.fullPageHeight ? { fullHeight: result.fullPageHeight } : {}),
      ...(result.title.trim() ? { title: shortened(result.title.trim(), 300) } : {}),
      ...(result.language ? { language: result.language } : {}),
      ...(result.darkLook ? { darkLook: result.darkLook } : {}),
    },
    pdf: { conformance: `PDF/A-${config.pdf.conformance.toUpperCase()}`, pages: 0 },
    files: {},
    screenshotSha256,
  };
  const pdf = await (await pdfMaker()).buildRecordPdf({
    sheet: recordSheet(manifest, account, config),
    snapshot: { slices, words: result.words, pageWidth: result.pageWidth, pageHeight: result.pageHeight },
    metadata: {
      title: manifest.title,
      author: meta.creator,
      subject: `${meta.documentType}: ${account.url}`,
      keywords: [account.platform, account.id, period, ...(meta.classification ? [meta.classification] : [])],
      sourceUrl: account.url,
      ...(result.language ? { pageLanguage: result.language } : {}),
      createDate: result.capturedAt,
      documentId: id,
      producer: `somarkiv ${TOOL_VERSION}`,
    },
    conformance: config.pdf.conformance,
  });
  timing(ctx, account.id, id, "pdf", Date.now() - t);
  const tRecord = Date.now();
  const pdfSha = sha256(pdf.bytes);
  manifest.pdf.pages = pdf.pages;
  manifest.files[pdfName] = { sha256: pdfSha, bytes: pdf.bytes.length };
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + "\n", "utf8");
  let image: string | null = null;
  try {
    image = result.slices[0] ? await imageFingerprint(result.slices[0].image) : null;
  } catch {
    image = null; // a missing fingerprint only weakens the passive-account check, never the record
  }
  // Stopped (Ctrl-C) while it was being made: nothing of it is kept, as the stop says. From here to the
  // log's row nothing waits, so a stop cannot fall between the spool and the log: there it left a record
  // the stop had said was not made, and the command it gave then made a second version beside it.
  if (ctx.interrupted?.aborted) return { accountId: account.id, outcome: "skipped", why: "somarkiv was stopped (Ctrl-C) while its record was being made; nothing was recorded of it, and it is still due" };
  const folder = ctx.spool.write(id, { [pdfName]: pdf.bytes, [manifestName]: manifestBytes });
  failpoint("after-spool");
  try {
    log.records.insertCaptured({
      ...recordRowFromManifest(manifest, { sha256: pdfSha, bytes: pdf.bytes.length, manifestSha256: sha256(manifestBytes), manifestBytes: manifestBytes.length }),
      spoolDir: folder, spoolId: ctx.spool.identity().id, textFingerprint: textFingerprint(result.text), imageFingerprint: image, runId: req.runId ?? null,
    }, ctx.targets.map((x) => x.name));
  } catch (e) {
    // Not in the log (its lock held by another program past somarkiv's wait, say): the account is
    // still due and is taken again. Left in the spool, the files were taken back into the log later
    // beside that capture, two versions of one snapshot sent to the registrar.
    ctx.spool.remove(folder);
    throw e;
  }
  timing(ctx, account.id, id, "record", Date.now() - tRecord);
  say(`record ${id}: PDF ${pdf.pages} pages, ${kb(pdf.bytes.length)}, built in ${secs(t)}${waited >= 1000 ? ` (after ${(waited / 1000).toFixed(1)} s waiting for the store's answer)` : ""}; waiting in the spool (somarkiv's folder of records not yet stored)`);
  failpoint("after-log");

  const problems = await finishRecord(ctx, id, { ignoreBackoff: true });
  const row = log.records.get(id)!;
  removeFailureScreenshots(ctx, account.id);
  // How much of a page cut at capture.maxHeight is missing: known here, from the manifest, and not kept in the log.
  const missingPx = result.fullPageHeight ? Math.max(0, result.fullPageHeight - result.pageHeight) : 0;
  // An HTTP intake's diary number makes the record "registered" while the e-mail to the registrar may
  // still wait: the summary must not say it was delivered to every intake.
  const deliveries = log.records.deliveries(id);
  const notYetDeliveredTo = deliveries.filter((d) => d.status !== "delivered").map((d) => d.target);
  const deliveredTo = deliveries.filter((d) => d.status === "delivered").map((d) => d.target);
  return { accountId: account.id, outcome: "captured", recordId: id, status: row.status, flags: row.flags, problems, ...(notYetDeliveredTo.length ? { notYetDeliveredTo } : {}), ...(deliveredTo.length ? { deliveredTo } : {}), ...(missingPx ? { missingPx } : {}), ...(result.glyphsMissing?.length ? { glyphsMissing: result.glyphsMissing } : {}), ...(result.consentButtonsSeen?.length ? { consentButtonsSeen: result.consentButtonsSeen } : {}), ...(result.boxWords ? { boxWords: result.boxWords } : {}) };
}

/**
 * An account's screenshots of failed attempts, once a capture of it has succeeded: each served the
 * administrator to see why an attempt failed, is no record, and may show people's posts, kept
 * nowhere else. Found by their names in failed/ (an id has no "_"), never by a path a log row gives,
 * which a hand could have changed to name any file.
 */
function removeFailureScreenshots(ctx: PipelineContext, accountId: string): void {
  const dir = path.join(ctx.config.dataDir, "failed");
  let names: string[];
  try { names = fs.readdirSync(dir); } catch { return; }
  let removed = 0;
  for (const n of names.filter((f) => f.startsWith(`${accountId}_`) && /_failed-[^/]+\.png$/.test(f))) {
    try { fs.rmSync(path.join(dir, n)); removed++; } catch { /* left, and removed after the next capture; nothing depends on it */ }
  }
  if (removed) ctx.progress(`[${accountId}] the screenshot${removed === 1 ? "" : "s"} of ${removed} earlier failed attempt${removed === 1 ? " was" : "s were"} removed from ${dir}: the account is captured now, and ${removed === 1 ? "it" : "they"} showed only why ${removed === 1 ? "that attempt" : "those attempts"} failed`);
}

/**
 * What a command that takes a failed capture again (capture --account ID --as-shown) must repeat of
 * it: a half-year other than the current one (--period, named or a run gone past the half-year's
 * end), a closing record (--final), a reopened account, a new version, and the reason. Left out, the
 * pasted command filed the current half-year, or an ordinary record in place of the closing one.
 */
function askedAgain(ctx: PipelineContext, period: string, req: CaptureRequest, at: Date): AskedAgain {
  const otherPeriod = req.periodNamed || period !== periodOf(at, ctx.config.schedule.timezone);
  return { ...(otherPeriod ? { period } : {}), final: req.final, reopen: req.reopen, force: req.force, ...(req.reason ? { reason: req.reason } : {}) };
}

function recordFailure(ctx: PipelineContext, account: Account, period: string, req: CaptureRequest, e: unknown): AccountOutcome {
  const at = new Date();
  const id = failedRecordId(account.id, period, at);
  const failure = e instanceof CaptureFailure ? e : undefined;
  const reason = failure?.reason ?? "error";
  const said = failure ? forAccount(failure.message, account.id, account.status === "closed", askedAgain(ctx, period, req, at)) : `somarkiv failed while capturing: ${(e as Error)?.message ?? String(e)}`;
  // The advice the operator pastes says what the capture it names files before the capture month:
  // capture's own note of it stands apart, far above among many accounts, and not in the log status reads.
  const early = reason === "not-loaded" ? asShownBeforeCaptureMonth(at, period, ctx.config.schedule.months, ctx.config.schedule.timezone, req.final) : null;
  const message = early ? `${said}. ${early}` : said;
  let screenshot: string | null = null;
  let notKept = "";
  if (failure?.details.screenshot) {
    // Kept for the administrator to see what the browser saw; it is never sent to the registrar.
    const dir = path.join(ctx.config.dataDir, "failed");
    try {
      makeFolderSync(dir, PRIVATE_FOLDER);
      screenshot = path.join(dir, `${id}.png`);
      fs.writeFileSync(screenshot, failure.details.screenshot, { mode: PRIVATE_FILE });
    } catch (w) {
      // Only the picture of why is lost: the failure is still recorded, and the next account captured.
      screenshot = null;
      notKept = ` — the browser's view could not be saved in ${dir} (${(w as Error).message})`;
    }
  }
  ctx.log.records.insertFailed({
    recordId: id, accountId: account.id, period, final: Boolean(req.final), capturedAt: at.toISOString(), url: account.url,
    // A page that never left the browser's empty page reached no address: none is recorded, not "about:blank".
    finalUrl: failure?.details.finalUrl && failure.details.finalUrl !== "about:blank" ? failure.details.finalUrl : null, httpStatus: failure?.details.httpStatus ?? null, reason, error: message,
    consent: failure?.details.consent ?? null, flags: failure?.details.flags ?? [], failureScreenshot: screenshot, runId: req.runId ?? null,
  });
  ctx.progress(`[${account.id}] FAILED (${reason}): ${message}${screenshot ? ` — the browser's view is saved in ${screenshot}` : notKept}`);
  return { accountId: account.id, outcome: "failed", recordId: id, reason, message };
}

/**
 * The next version the log has not used, passed over while the store already holds an object by that
 * name. The log can be behind the store: restored from a backup after a disk was lost, it lacks the
 * records made since, and a new capture must not take a name the store will never give up (objects
 * are never overwritten), or it would wait in the spool for ever. A store that cannot be asked now
 * leaves the log's number; storing then says what stands in the way. `skipped`: a version below the
 * one given is held, though the log does not know it.
 */
async function freeVersion(ctx: PipelineContext, account: Account, period: string): Promise<{ version: number; skipped: boolean }> {
  const accountId = account.id;
  const logs = ctx.log.records.nextVersion(seriesIds(account), period);
  let version = logs;
  // A record waiting in the spool that the log does not know (see takeBackSpooled) keeps its id.
  while (fs.existsSync(ctx.spool.folderFor(makeRecordId(accountId, period, version)))) version++;
  // Not asked again once it has not answered in this run; the log's number stands, as when it does not answer now.
  if (ctx.storeSilent) return { version, skipped: version > logs };
  // Asked for a few seconds only: a store that takes the connection and never answers held the
  // finished capture in memory for minutes, out of the spool, and a stop lost it. Unanswered, the
  // log's number stands; the upload later refuses to put it over other content (ObjectConflictError).
  // Given up, the question is taken back too: left open, its tries went on for minutes and held the command from ending.
  const gaveUp = new AbortController();
  // Not counted while the process stood still (another lane waiting for the log's lock): see silenceOf.
  const silence = silenceOf(VERSION_LOOK_MS, gaveUp.signal).then(() => { throw new Error("no answer"); });
  const held = (key: string) => Promise.race([ctx.store.has(key, { signal: gaveUp.signal }), silence]);
  try {
    while (await held(recordKey(period, accountId, version, "pdf")) || await held(recordKey(period, accountId, version, "json"))) {
      ctx.progress(`[${accountId}] ${ctx.store.description} already holds version ${version}, which the log does not know (a log restored from a backup?); this record becomes version ${version + 1}`);
      version++;
    }
  } catch (e) {
    // A store that answered with a refusal (no credentials, access denied) did answer: its reason is
    // the one to act on, not a silence that sends the operator to look at the network.
    const made = `the record is made as version ${version}, as the log has it, and waits in the spool`;
    // Silence costs each record minutes where a refusal costs nothing: this record is not held up by it either.
    if (!(e instanceof StorageError)) {
      ctx.storeSilent = `it did not answer within ${VERSION_LOOK_MS / 1000} s`;
      (ctx.storeSilentFor ??= new Set()).add(makeRecordId(accountId, period, version));
    }
    if (e instanceof StorageError) ctx.progress(`[${accountId}] ${ctx.store.description} could not be asked whether it holds version ${version} already: ${/[.!?]$/.test(e.message) ? e.message : `${e.message}.`} ${made[0]!.toUpperCase()}${made.slice(1)}`);
    else ctx.progress(`[${accountId}] ${ctx.store.description} did not answer whether it holds version ${version} already; ${made}`);
  } finally {
    gaveUp.abort();
  }
  return { version, skipped: version > logs };
}

/** How long the store is asked which versions it holds before a record is made. */
const VERSION_LOOK_MS = 10_000;


/**
 * Take one record as far as it can go now: store it (confirmed by checksum), deliver it to every intake,
 * and empty its spool folder once nothing needs it. Returns plain-words problems; never throws for
 * an unreachable store or intake (those wait for the next attempt).
 */
export async function finishRecord(ctx: PipelineContext, recordId: string, opts: { ignoreBackoff?: boolean } = {}): Promise<string[]> {
  const lease = `record:${recordId}`;
  if (!acquireLease(ctx.log.db, lease, 30 * MINUTE)) return [];
  try {
    const problems: string[] = [];
    let rec = ctx.log.records.get(recordId)!;
    const changed = ctx.log.records.capturedChanges(rec);
    if (changed.length) {
      const held = rowChangedHeld(rec, changed, false, ctx.log.records.eventsChanged(recordId)?.en);
      ctx.progress(`[${rec.accountId}] ${held}`);
      return [held];
    }
    const now = Date.now();
    if (rec.status === "failed" && rec.reason === "spool-lost") rec = await takeUpFound(ctx, rec);
    if (rec.status === "captured" && (opts.ignoreBackoff || !rec.nextStoreAt || Date.parse(rec.nextStoreAt) <= now)) {
      const tStore = Date.now();
      const p = await storeRecord(ctx, rec);
      timing(ctx, rec.accountId, recordId, "store", Date.now() - tStore);
      if (p) problems.push(p);
      rec = ctx.log.records.get(recordId)!;
    }
    if (rec.status === "captured" || rec.status === "failed") return problems;
    for (const d of inIntakeOrder(ctx.log.records.deliveries(recordId), ctx.targets.map((t) => t.name))) {
      if (d.status === "delivered") continue;
      let target = ctx.targets.find((t) => t.name === d.target);
      if (!target) {
        // Its address corrected in the configuration (as the failed delivery's message asked): the one
        // intake of its kind now configured, which this record has no delivery to yet, takes it.
        const recorded = ctx.log.records.deliveries(recordId).map((x) => x.target), configured = ctx.targets.map((t) => t.name);
        const now = intakeNow(d.target, recorded, configured);
        if (!now) {
          problems.push(`${recordId}: its delivery to ${intakeEn(d.target)} waits, as that intake is no longer in the configuration; ${intakeGoneSaid(d.target, intakesInstead(d.target, recorded, configured))}`);
          continue;
        }
        target = ctx.targets.find((t) => t.name === now)!;
        ctx.log.records.retargetDelivery(recordId, d.target, target.name);
        ctx.progress(`[${rec.accountId}] ${recordId} was to go to ${intakeEn(d.target)}, which is no longer in the configuration; it goes to ${intakeEn(target.name)} instead, which took its place`);
      } else {
        // A delivery given up on (a person had to act) is tried again only when asked now, e.g. by `somarkiv deliver`.
        if (d.status === "failed" && !opts.ignoreBackoff) continue;
        if (!opts.ignoreBackoff && d.nextAttemptAt && Date.parse(d.nextAttemptAt) > now) continue;
      }
      const tDeliver = Date.now();
      // Given up before (a person had to act), and asked again now: a refusal for the same reason is said as such.
      const p = await deliverTo(ctx, rec, target, target.name === d.target ? d.attempts : 0, target.name === d.target && d.status === "failed" ? d.error : null);
      timing(ctx, rec.accountId, recordId, "deliver", Date.now() - tDeliver);
      if (p) problems.push(p);
    }
    rec = ctx.log.records.get(recordId)!;
    const open = ctx.log.records.deliveries(recordId).some((d) => d.status === "pending");
    if (rec.spoolDir && !open) {
      failpoint("before-spool-clean");
      // Only this installation's own folder: the recorded path may be the original's, beside a copy.
      ctx.spool.remove(ctx.spool.folderHereFor(rec.spoolDir));
      ctx.log.records.clearSpool(recordId);
    }
    return problems;
  } finally {
    releaseLease(ctx.log.db, lease);
  }
}

/**
 * A record marked lost whose spool files are back (copied in from the old server after the first run on
 * this one found them missing) waits to be stored again, but only with the bytes its capture made: both
 * files are read through and must have the checksums its "captured" event gives, never the row's alone.
 */
async function takeUpFound(ctx: PipelineContext, rec: RecordRow): Promise<RecordRow> {
  const atCapture = ctx.log.records.spoolAtCapture(rec.recordId);
  if (!rec.spoolDir || !atCapture.sha256 || !atCapture.manifestSha256) return rec;
  if (atCapture.sha256 !== rec.sha256 || atCapture.manifestSha256 !== rec.manifestSha256) return rec;
  const copy = await ctx.spool.inspect({ ...rec, spoolId: atCapture.spoolId }, { hash: true }).catch(() => undefined);
  if (copy?.state !== "whole") return rec;
  const how = `its spool files are back in ${copy.folder}, with the checksums its capture recorded`;
  ctx.log.records.markFound(rec.recordId, how);
  ctx.progress(`[${rec.accountId}] ${rec.recordId} was marked failed (spool-lost), but ${how}; it is taken up again: stored and delivered as it was captured`);
  return ctx.log.records.get(rec.recordId)!;
}

/**
 * Once a run, beside the records it stored: the description of their format, for the archive that takes
 * them over. Its failure costs no record; the next run, or verify, writes it.
 */
async function describeFormat(ctx: PipelineContext): Promise<void> {
  if (ctx.formatDescribed) return;
  ctx.formatDescribed = true;
  try {
    await describeFormatIn(ctx.store);
  } catch (e) {
    ctx.progress(`the description of the records' format could not be written to ${ctx.store.description} (${plain(e)}); the records are stored all the same, and the next run or "somarkiv verify" writes it`);
  }
}

async function storeRecord(ctx: PipelineContext, rec: RecordRow): Promise<string | undefined> {
  const say = (s: string) => ctx.progress(`[${rec.accountId}] ${s}`);
  if (ctx.storeSilent) {
    // In the log too, so that status says why it waits.
    const msg = ctx.storeSilentFor?.has(rec.recordId)
      ? `${ctx.store.description} took the connection but did not answer whether it holds this record already (${ctx.storeSilent.replace(/[.]$/, "")}), so it was not asked to store it; the record is kept in the spool and is stored by the next "somarkiv deliver" or the worker`
      : `${ctx.store.description} did not answer earlier in this run (${ctx.storeSilent.replace(/[.]$/, "")}), so it was not asked again; the record is kept in the spool and is stored by the next "somarkiv deliver" or the worker`;
    ctx.log.records.markStoreFailed(rec.recordId, msg, new Date(Date.now() + nextAttemptDelay(rec.storeAttempts + 1)));
    say(`NOT STORED YET: ${msg}`);
    return `${rec.recordId}: not stored: ${msg}`;
  }
  const t = Date.now();
  try {
    // Before anything is stored, or a spool copy found gone is settled by what the store holds: a store
    // that holds none of the records stored so far is not the one they went to.
    ctx.storeHoldsLog ??= (await storeMovedProblem(ctx.log, ctx.store, ctx.config.storage)) ?? true;
    if (ctx.storeHoldsLog !== true) throw new StoreMovedError(ctx.storeHoldsLog);
    // Looked for in this installation's spool, wherever the log says it was spooled (a data folder moved or copied since).
    const copy = await ctx.spool.inspect({ ...rec, spoolId: ctx.log.records.spoolAtCapture(rec.recordId).spoolId }, { hash: false });
    if (copy.state === "lost") return await settleLostCopy(ctx, rec, copy.why);
    if (copy.state === "away") throw new Error(copy.why);
    const spoolDir = copy.folder;
    const pdfKey = recordKey(rec.period, rec.accountId, rec.version!, "pdf");
    const jsonKey = recordKey(rec.period, rec.accountId, rec.version!, "json");
    // Said before: a store that is slow to answer (or does not) otherwise leaves the command silent for minutes.
    say(`storing ${rec.recordId} in ${ctx.store.description}`);
    const stored = await ctx.store.put(pdfKey, path.join(spoolDir, rec.pdfName!), rec.sha256!);
    failpoint("during-upload");
    const storedManifest = await ctx.store.put(jsonKey, path.join(spoolDir, rec.manifestName!), rec.manifestSha256!);
    failpoint("after-upload");
    ctx.log.records.markStored(rec.recordId, stored.fullKey, storedManifest.fullKey, stored.sha256, ctx.store.description);
    say(`stored in ${ctx.store.description} as ${stored.fullKey} (checksum confirmed, ${secs(t)})`);
    await describeFormat(ctx);
    return undefined;
  } catch (e) {
    if (e instanceof StorageError && e.problem === "local-file") {
      const copy = await ctx.spool.inspect({ ...rec, spoolId: ctx.log.records.spoolAtCapture(rec.recordId).spoolId }, { hash: true }).catch(() => undefined);
      if (copy?.state === "lost") {
        try { return await settleLostCopy(ctx, rec, copy.why); } catch (e2) { e = e2; }
      }
    }
    // A name taken by other bytes will not clear by waiting: the store already holds something else under
    // this record's name (a corrupted earlier upload on a store that does not check checksums, or someone
    // else's object). The record stays safe in the spool until a person has looked.
    const msg = e instanceof ObjectConflictError
      ? `${plain(e)} The record stays in the spool. Run "somarkiv verify" and ask the store's administrator to compare the object with the spool copy in ${ctx.spool.folderHereFor(rec.spoolDir!)}.`
      : plain(e);
    // No answer in time, or none at all: the records after this one in the run do not wait on it again.
    if (e instanceof StorageError && e.problem === "unreachable") ctx.storeSilent ??= msg;
    const next = new Date(Date.now() + nextAttemptDelay(rec.storeAttempts + 1));
    ctx.log.records.markStoreFailed(rec.recordId, msg, next);
    // Waiting helps a store that is down, not a spool copy that is gone or damaged, nor a store that is not
    // the one the records went to: the message says what to do then.
    const retried = !(e instanceof ObjectConflictError) && !(e instanceof StoreMovedError) && !(e instanceof StorageError && e.problem === "local-file");
    // A wait of minutes is said: the lines before it do not show it.
    const took = Date.now() - t >= 1000 ? ` (after ${secs(t)} of trying)` : "";
    const refused = e instanceof StorageError && e.needsPerson;
    // Not said twice where the store's own words say it waits in the spool already.
    const spoolSaid = e instanceof StorageError && e.spoolSaid;
    say(`NOT STORED YET: ${msg}${took}${retried && !spoolSaid ? ` — the record waits in the spool and is ${refused ? `tried again by "somarkiv deliver" or the worker, but each try is refused until this is mended` : `retried by "somarkiv deliver" or the worker`}` : ""}`);
    return `${rec.recordId}: not stored: ${msg}${e instanceof StorageError ? storedLater(e, msg) : ""}`;
  }
}

/**
 * What happens next to a record the store did not take, for the summary a command ends with, as its
 * e-mail failure says it: "Could not reach the S3 store …: connection refused" alone read as the record
 * lost, and "Access denied …" as lost too, or as mended by waiting. A store that did not answer takes
 * it at a later try; one that refused it (keys, rights, no bucket, a bucket in another region or without
 * the Object Lock asked for) only once a person has done what its words say. Nothing where the store's own words already say it waits in the spool, nor for other troubles.
 */
export function storedLater(e: StorageError, msg: string): string {
  if (e.spoolSaid) return "";
  const next = e.problem === "unreachable"
    ? 'the record waits in the spool and is stored by "somarkiv deliver" or the worker\'s next wake'
    : e.needsPerson
    ? 'the record is safe in the spool, and "somarkiv deliver" or the worker\'s next wake stores it once this is mended; until then every try is refused'
    : undefined;
  if (!next) return "";
  return /[.?!]$/.test(msg) ? ` ${next[0]!.toUpperCase()}${next.slice(1)}.` : `; ${next}`;
}

/**
 * A record whose spool copy is gone: if the store already holds both its files (an upload the log did not
 * see), it is stored; otherwise it is lost, and says so, so that the account is captured again rather
 * than counted as done with a record nobody will ever receive.
 */
async function settleLostCopy(ctx: PipelineContext, rec: RecordRow, why: string): Promise<string | undefined> {
  const say = (s: string) => ctx.progress(`[${rec.accountId}] ${s}`);
  const pdfKey = recordKey(rec.period, rec.accountId, rec.version!, "pdf");
  const jsonKey = recordKey(rec.period, rec.accountId, rec.version!, "json");
  // Throws when the store cannot be asked: then it cannot be told, and the record waits.
  const [pdf, json] = [await ctx.store.hash(pdfKey), await ctx.store.hash(jsonKey)];
  if (pdf?.sha256 === rec.sha256 && json?.sha256 === rec.manifestSha256) {
    ctx.log.records.markStored(rec.recordId, pdf.fullKey, json.fullKey, pdf.sha256, ctx.store.description);
    say(`stored in ${ctx.store.description} as ${pdf.fullKey} (its spool copy is gone, but the store already had it; checksum confirmed)`);
    return undefined;
  }
  const now = periodOf(new Date(), ctx.config.schedule.timezone);
  // Another version of the period (a --force capture's first) still stands for it: nothing is missing.
  const other = ctx.log.records.list({ accountId: accountSeries(ctx.config.accounts).ids(seriesOwner(ctx.config.accounts, rec.accountId)), period: rec.period }).filter((r) => r.recordId !== rec.recordId && r.status !== "failed").at(-1);
  // Taken again as what it was: of its half-year, and a closing record as one, which the worker never takes.
  const taken = takeAgainCommand(rec, now);
  const again = rec.final && !other?.final
    ? `It was the account's closing record, and the account has none now${taken ? `: take it again with: ${taken}` : ""}`
    : other
    ? `The account still has ${other.recordId} for ${rec.period}; nothing more needs to be taken unless this version was needed${taken ? ` (then: ${taken})` : ""}`
    : rec.period === now
    ? `The account has no snapshot for ${rec.period} now: the worker takes a new one at its next wake in the capture month, or take it now with: ${captureCommandLine({ accounts: [rec.accountId] })}`
    : `The account has no snapshot for ${rec.period} now; to make one up (it is flagged as taken afterwards): ${captureCommandLine({ accounts: [rec.accountId], period: rec.period })}`;
  const msg = `${why} before the store had confirmed it, so this record cannot be stored or delivered and is marked failed (spool-lost). ${again}`;
  ctx.log.records.markLost(rec.recordId, msg);
  say(`LOST: ${msg}`);
  return `${rec.recordId}: lost: ${msg}`;
}


/** What an intake is given of a stored record whose PDF and manifest are in `dir` (the spool, or copies from the store). */
export function deliveryItem(ctx: PipelineContext, rec: RecordRow, dir: string): DeliveryItem {
  const manifestPath = path.join(dir, rec.manifestName!);
  const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as Manifest;
  // Numbered already (by hand, or by another intake that answered with a number) before this delivery:
  // the message says so rather than ask the registrar to file it a second time. From its events.
  const dnr = ctx.log.records.registrations(rec.recordId).at(-1)?.dnr;
  return {
    recordId: rec.recordId, accountId: rec.accountId, accountName: manifest.accountName, period: rec.period, version: rec.version!,
    pdfPath: path.join(dir, rec.pdfName!), manifestPath, pdfName: rec.pdfName!, manifestName: rec.manifestName!, sha256: rec.sha256!,
    manifest: manifest as unknown as Record<string, unknown>,
    ...(namedConfig(ctx.config.source) ? { configPath: namedConfig(ctx.config.source) } : {}),
    ...(dnr ? { dnr } : {}),
    // For a folder's LÄS MIG only: e-mail and HTTP intakes do not say it, and it reads the whole log.
    ...(ctx.targets.some((t) => t.refreshGuide) ? { notYetTaken: notYetTaken(ctx.log, ctx.config) } : {}),
  };
}

async function deliverTo(ctx: PipelineContext, rec: RecordRow, target: IntakeTarget, attempts: number, givenUpFor: string | null = null): Promise<string | undefined> {
  const say = (s: string) => ctx.progress(`[${rec.accountId}] ${s}`);
  let tmp: string | undefined;
  let receipt: Awaited<ReturnType<IntakeTarget["deliver"]>>;
  let cutOff: string | undefined;
  try {
    const spooled = rec.spoolDir ? ctx.spool.folderHereFor(rec.spoolDir) : undefined;
    let dir = spooled && fs.existsSync(spooled) ? spooled : undefined;
    if (!dir) {
      // The spool copy is gone (e.g. a target added later): deliver what the store holds.
      tmp = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-deliver-"));
      await ctx.store.download(recordKey(rec.period, rec.accountId, rec.version!, "pdf"), path.join(tmp, rec.pdfName!));
      await ctx.store.download(recordKey(rec.period, rec.accountId, rec.version!, "json"), path.join(tmp, rec.manifestName!));
      dir = tmp;
    }
    // A folder and an HTTP intake know the record by its name and key, and take it once; a mail server
    // does not, so only an e-mail's send is marked while it is under way.
    const mail = intakeName(target.name).kind === "email";
    cutOff = mail ? ctx.log.records.sendCutOff(rec.recordId, target.name) : undefined;
    if (cutOff) say(`an earlier send to ${intakeEn(target.name)}, begun ${formatLocal(new Date(cutOff), ctx.config.schedule.timezone)}, was cut off before it answered; it may have arrived, so what is sent now says it may be a second copy`);
    receipt = await target.deliver({
      ...deliveryItem(ctx, rec, dir),
      ...(cutOff ? { earlierSendCutOff: cutOff } : {}),
      // Marked as the message is handed over, not before the server is reached: a send stopped while
      // the server had not even greeted was said to the registrar as "may be a second copy".
      ...(mail ? { handingOver: () => ctx.log.records.markSending(rec.recordId, target.name) } : {}),
      // Taken back by recover: it may have reached the registrar before the log was lost.
      ...(ctx.log.records.takenBackFromStore(rec.recordId) ? { takenBackAfterLoss: true as const } : {}),
    });
  } catch (e) {
    const msg = plain(e);
    const permanent = isPermanent(e);
    const next = permanent ? null : new Date(Date.now() + retryDelay(attempts + 1, e));
    const parts = failureParts(e, msg);
    // An earlier send that may have arrived still may have, whatever stopped this one: kept, so that the
    // try that gets through still says it may be a second copy.
    ctx.log.records.markDeliveryFailed(rec.recordId, target.name, msg, next, (e instanceof DeliveryError && e.mayHaveArrived) || cutOff !== undefined, parts);
    // Given up before and refused again for the same reason: the person is to mend the setting, not to run deliver once more.
    const again = permanent && givenUpFor === msg ? `refused again for the same reason, so given up again: running "somarkiv deliver" again is refused the same way until a person has corrected ${e instanceof DeliveryError && e.setting ? e.setting : "what the error names"}; then run "somarkiv deliver", which sends it once` : undefined;
    say(`NOT DELIVERED to ${intakeEn(target.name)}: ${msg}${again ? ` — ${again}` : permanent ? " — this needs a person to act; then run \"somarkiv deliver\"" : parts.next || (e instanceof StorageError && e.spoolSaid) ? "" : " — retried by \"somarkiv deliver\" or the worker"}`);
    return `${rec.recordId}: not delivered to ${intakeEn(target.name)}: ${msg}${again ? ` — ${again}` : ""}`;
  } finally {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  failpoint("during-delivery");
  // A record's id answered as the number is refused as `registered` refuses it typed.
  const notTaken = receipt.dnr ? intakeNumberNotTaken(receipt.dnr, ctx.log.records.findId(receipt.dnr) !== undefined) : undefined;
  if (notTaken) receipt = { receipt: receipt.receipt, dnrRefused: notTaken, ...(receipt.alreadyHad ? { alreadyHad: receipt.alreadyHad } : {}) };
  // Outside the delivery's own failures: a log that cannot take the delivery (its disk full) is the
  // log's trouble, said as such by the run, not a delivery that failed (the intake has the record).
  const clash = ctx.log.records.markDelivered(rec.recordId, target.name, receipt.receipt, receipt.dnr, receipt.dnrRefused);
  if (clash) {
    // Said once: the delivery is done, and the numbers are for the registrar to settle.
    const clashSaid = intakeNumberClashSaid(rec.recordId, clash);
    say(`delivered to ${intakeEn(target.name)}, which ${clashSaid}`);
    return `${rec.recordId}: delivered to ${intakeEn(target.name)}, which ${clashSaid}`;
  }
  if (receipt.dnrRefused) {
    // The record is with the registrar; only its number is not in the log, and a person can give it.
    const notTaken = `the diary number it answered with was not recorded: ${receipt.dnrRefused}. Ask the registrar for the number and record it with: somarkiv registered ${rec.recordId} --dnr "…"`;
    say(`delivered to ${intakeEn(target.name)}, but ${notTaken}`);
    return `${rec.recordId}: delivered to ${intakeEn(target.name)}, but ${notTaken}`;
  }
  say(`delivered to ${intakeEn(target.name)}${receipt.dnr ? ` (diary number ${receipt.dnr})` : ""}${receipt.alreadyHad ? `: the intake already had it (${receipt.alreadyHad})` : ""}`);
  if (receipt.aside) say(`Note: the record is delivered, but ${receipt.aside}. It is written again after the run and at the next delivery`);
  // The intake's number is noted as `registered` notes one typed: another snapshot may have it already.
  const same = receipt.dnr ? sameNumberNote(ctx.config, ctx.log.records.numbered(), rec.recordId, receipt.dnr) : undefined;
  const tz = ctx.config.schedule.timezone;
  const far = receipt.dnr ? farYearNote(rec.recordId, receipt.dnr, Number(localDate(new Date(rec.capturedAt), tz).slice(0, 4)), Number(localDate(new Date(), tz).slice(0, 4))) : undefined;
  for (const note of [same, far]) {
    if (!note) continue;
    const [sv, en] = note.split("\n");
    say(`Obs: ${sv}`);
    say(`Note: ${en}`);
  }
  return undefined;
}

/** Retry everything that waits: records not yet stored, deliveries not yet made. */
export async function finishPending(ctx: PipelineContext, opts: { ignoreBackoff?: boolean; only?: ReadonlySet<string> } = {}): Promise<PendingOutcome> {
  const out: PendingOutcome = { stored: [], delivered: [], problems: [], waiting: 0 };
  const ids = pendingRecords(ctx, opts);
  for (const id of ids) {
    if (opts.only && !opts.only.has(id)) continue;
    if (ctx.signal?.aborted) break;
    const before = ctx.log.records.get(id)!;
    const beforeDelivered = new Set(ctx.log.records.deliveries(id).filter((d) => d.status === "delivered").map((d) => d.target));
    const problems = await finishRecord(ctx, id, opts);
    const after = ctx.log.records.get(id)!;
    if (before.status === "captured" && after.status !== "captured" && after.status !== "failed") out.stored.push(id);
    for (const d of ctx.log.records.deliveries(id)) if (d.status === "delivered" && !beforeDelivered.has(d.target)) out.delivered.push({ recordId: id, target: d.target });
    for (const p of problems) out.problems.push({ recordId: id, message: p });
    if (after.status === "captured" || ctx.log.records.deliveries(id).some((d) => d.status === "pending")) out.waiting++;
  }
  return out;
}

/**
 * The records with work waiting (storing, delivering, a spool folder to empty), after taking back into
 * the log the whole records in the spool it lost: a capture looks for them first, so that it neither
 * takes a second snapshot beside one waiting nor gives its id to another.
 */
export function pendingRecords(ctx: PipelineContext, opts: { ignoreBackoff?: boolean } = {}): Set<string> {
  takeBackSpooled(ctx);
  return new Set<string>([
    ...ctx.log.records.pendingStores().map((r) => r.recordId),
    ...ctx.log.records.pendingDeliveries().map((d) => d.recordId),
    ...(opts.ignoreBackoff ? ctx.log.records.openDeliveries().map((d) => d.recordId) : []),
    ...ctx.log.records.spooled().filter((r) => r.status !== "captured").map((r) => r.recordId),
  ]);
}

/**
 * Folders in the spool that no record in the log refers to. A whole record among them (its PDF as
 * its manifest's checksum says) is one the log lost: a capture killed between its spool write and
 * its log entry, or a log put back from a backup older than the record. It is taken back into the
 * log as captured, marked so, and goes on to the store and the intake as any other: removed, the
 * snapshot was lost, and the next capture took its id. Not while a capture of its account is under
 * way (its own log entry is coming), and not when the log's own records speak against it
 * (whyNotTakenBack): then it is left where it is, said each time, for a person to look at. Anything
 * else (a temporary, half a record) is removed once old.
 */
function takeBackSpooled(ctx: PipelineContext): void {
  // By where each record's folder is now: after a move of the data folder, the recorded paths name the old place.
  const known = new Set(ctx.log.records.spooled().map((r) => ctx.spool.folderHereFor(r.spoolDir)));
  for (const dir of ctx.spool.orphans(known)) {
    const found = spooledRecord(dir);
    if (typeof found !== "string" && !ctx.log.records.get(found.record.recordId)) {
      const { record } = found;
      const holder = leaseHolder(ctx.log.db, captureLease(record.accountId));
      if (holder && !holderIsGone(holder)) continue;
      const refused = whyNotTakenBack(ctx.log, record, found.pdf);
      if (refused) {
        ctx.progress(`[${record.accountId}] the spool folder ${dir} holds record ${record.recordId}, which the log does not know; it is NOT taken back into the log: ${refused}. The folder is left as it is: find out who put it there, and if it is not a record of this archive, remove it`);
        continue;
      }
      const why = "found whole in the spool, which the log did not know (a capture cut off before its log entry, or a log put back from an older backup)";
      ctx.log.records.insertTakenBack({ ...record, spoolId: ctx.spool.identity().id }, ctx.targets.map((t) => t.name), why);
      ctx.progress(`[${record.accountId}] record ${record.recordId} was ${why}; taken back into the log from its files (checksums confirmed), to be stored and delivered`);
      continue;
    }
    // A folder being written right now by another process is a temporary; leave young ones alone.
    const age = Date.now() - fs.statSync(dir).mtimeMs;
    if (age > 2 * ctx.config.capture.timeoutSeconds * 1000 + 10 * MINUTE) ctx.spool.remove(dir);
  }
}

function timing(ctx: PipelineContext, accountId: string, recordId: string | undefined, step: StepTiming["step"], ms: number): void {
  try { ctx.onTiming?.({ accountId, recordId, step, ms }); } catch { /* a listener's fault must not fail a record */ }
}

export function sha256(bytes: Uint8Array): string {
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/**
 * A delivery's failure in its parts, for the log, as a DeliveryError keeps them. Another error (the
 * store's, as the record was fetched from it) is kept as a fact alone: it is said in sentences of its
 * own, not in the clauses a delivery's failure is said in.
 */
function failureParts(e: unknown, said: string): DeliveryFailure {
  if (e instanceof DeliveryError && failureSaid(e) === said) return { fact: e.fact, ...(e.mend ? { mend: e.mend } : {}), ...(e.next ? { next: e.next } : {}) };
  return { fact: said };
}

function plain(e: unknown): string {
  return (e as Error)?.message?.split("\n")[0] ?? String(e);
}

function secs(since: number): string {
  return `${((Date.now() - since) / 1000).toFixed(1)} s`;
}

function kb(n: number): string {
  return n > 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.round(n / 1024)} kB`;
}

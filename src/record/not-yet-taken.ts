import type { Config } from "../config/schema.ts";
import { accountOnService, accountSeries, namedConfig } from "../config/index.ts";
import type { RecordLog } from "../log/index.ts";
import type { NotYetTaken } from "../intake/types.ts";
import { beforeCaptureMonth, decideDue } from "../schedule/due.ts";
import { localDate, MONTHS_SV, parsePeriod, periodOf } from "../schedule/period.ts";
import { intakeEn, reasonSv } from "./metadata.ts";
import type { PipelineContext } from "./pipeline.ts";

/**
 * The active accounts with no record of the current half-year, as the worker counts them (decideDue's
 * missing), each with its last failed attempt at it when there is one.
 */
export function notYetTaken(log: RecordLog, config: Config, now = new Date()): NotYetTaken {
  const tz = config.schedule.timezone;
  const series = accountSeries(config.accounts);
  const ended = log.records.endedAccounts(series);
  // Any record of the half-year counts, one taken before its capture month too: the registrar has it.
  const snapshots = log.records.snapshotPeriods(series).map(({ accountId, period }) => ({ accountId, period }));
  const decision = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots, ended, nextScheduled: null });
  const period = periodOf(now, tz);
  const accounts = config.accounts.filter((a) => decision.missing.includes(a.id)).map((a) => {
    const f = log.records.latestFailure(series.ids(a.id), period);
    // The registrar reads why in Swedish, from the reason's code as records --csv gives it; the
    // browser's own error (net::ERR_…) is for whoever runs somarkiv, in status.
    // Named with its service, as the public list names it: an organisation's accounts most often share
    // its name, and "Överkalix kommun" alone did not say which of them failed.
    return { name: accountOnService(a), url: a.url, ...(f ? { failed: { day: localDate(new Date(f.capturedAt), tz), why: reasonSv(f.reason ?? "error", f.httpStatus) } } : {}) };
  });
  // Said for an account not taken yet: from January, every account is, and that is as it should be.
  const { half } = parsePeriod(period);
  const month = Math.min(...config.schedule.months.filter((m) => (half === 1 ? m <= 6 : m >= 7)));
  return { period, ...(Number.isFinite(month) ? { takenIn: MONTHS_SV[month - 1]! } : {}), beforeCaptureMonth: beforeCaptureMonth(now, config.schedule.months, tz), active: config.accounts.filter((a) => a.status === "active" && !ended.includes(a.id)).length, accounts };
}

/**
 * Each intake folder's LÄS MIG written anew after a capture run or a wake: a failed account changes
 * what it says though nothing was delivered. Never fails the run; what stood in the way is said.
 */
export async function refreshGuides(ctx: PipelineContext): Promise<void> {
  const targets = ctx.targets.filter((t) => t.refreshGuide);
  if (!targets.length) return;
  const facts = { organisation: ctx.config.organisation.name, notYetTaken: notYetTaken(ctx.log, ctx.config), ...(namedConfig(ctx.config.source) ? { configPath: namedConfig(ctx.config.source) } : {}) };
  for (const t of targets) {
    // The example is one still to be numbered (see guideFacts).
    const last = ctx.log.records.lastDeliveredTo(t.name);
    const recordId = last && !ctx.log.records.get(last)?.dnr ? last : undefined;
    const notHereYet = ctx.log.records.notDeliveredTo(t.name);
    try {
      await t.refreshGuide!({ ...facts, ...(recordId ? { recordId } : {}), ...(notHereYet.waiting || notHereYet.givenUp ? { notHereYet } : {}) });
    } catch (e) {
      ctx.progress(`the instructions file (LÄS MIG) in ${intakeEn(t.name)} could not be brought up to date: ${(e as Error).message}`);
    }
  }
}

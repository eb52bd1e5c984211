import cron from "node-cron";
import type { PipelineContext } from "../record/index.ts";
import { captureAccounts, finishPending } from "../record/index.ts";
import { decideDue, isRunningLate } from "./due.ts";
import { nextWake } from "./cron.ts";

export interface WorkerHandle {
  /** Resolves when the worker has stopped (after stop() and the wake in progress). */
  done: Promise<void>;
  stop(): void;
}

/**
 * The long-running worker (SPEC §4): wakes on the cron expression in the organisation's time zone and once
 * at start, captures what decideDue() says is due, retries what waits. A wake that comes while the
 * previous one still works is skipped, not queued, so a slow run never piles up.
 */
export function startWorker(ctx: PipelineContext, abort: AbortController): WorkerHandle {
  const { config, log } = ctx;
  const tz = config.schedule.timezone;
  let busy: Promise<void> | undefined;
  let stopped = false;

  const wake = async (): Promise<void> => {
    const now = new Date();
    const decision = decideDue({ now, timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots: log.records.snapshotPeriods() });
    const pending = await finishPending(ctx);
    let captured = 0;
    let failed = 0;
    if (decision.due.length && !abort.signal.aborted) {
      ctx.progress(`worker: ${decision.period} is due for ${decision.due.length} account(s): ${decision.due.join(", ")}`);
      const accounts = config.accounts.filter((a) => decision.due.includes(a.id));
      const runId = log.startRun("worker");
      const outcomes = await captureAccounts(ctx, { accounts, period: decision.period, runId });
      captured = outcomes.filter((o) => o.outcome === "captured").length;
      failed = outcomes.filter((o) => o.outcome === "failed").length;
      log.endRun(runId, failed ? "failed" : "ok", { outcomes });
    }
    const after = decideDue({ now: new Date(), timezone: tz, months: config.schedule.months, accounts: config.accounts, snapshots: log.records.snapshotPeriods() });
    const late = isRunningLate(after);
    if (late) {
      ctx.progress(`WARNING: only ${after.daysLeftInMonth} day(s) of the capture month are left and ${after.missing.length} account(s) still have no snapshot for ${after.period}: ${after.missing.join(", ")}. Check the failures with "somarkiv status" and capture them by hand if needed.`);
    }
    const outcome = failed || pending.problems.length ? "problems" : "ok";
    log.addWake(outcome, {
      period: decision.period, captureMonth: decision.captureMonth, due: decision.due, captured, failed,
      stored: pending.stored.length, delivered: pending.delivered.length, waiting: pending.waiting,
      problems: pending.problems.map((p) => p.message), missing: after.missing, late,
    }, nextWake(config.schedule.cron, tz));
    ctx.progress(`worker: wake done (${outcome}); ${decision.captureMonth ? `${after.missing.length} account(s) still missing for ${decision.period}` : "not a capture month"}; next wake ${nextWake(config.schedule.cron, tz)?.toISOString() ?? "?"}`);
  };

  const trigger = (why: string) => {
    if (stopped) return;
    if (busy) {
      ctx.progress(`worker: ${why} wake skipped, the previous wake is still working`);
      return;
    }
    busy = wake()
      .catch((e) => {
        // The wake's failure goes into the log's heartbeat and stderr; the worker keeps running for the next wake.
        const msg = (e as Error)?.message ?? String(e);
        ctx.progress(`worker: the wake failed: ${msg}`);
        try { log.addWake("error", { error: msg }, nextWake(config.schedule.cron, tz)); } catch { /* the log itself is unusable; stderr has it */ }
      })
      .finally(() => { busy = undefined; });
  };

  const task = cron.schedule(config.schedule.cron, () => trigger("scheduled"), { timezone: tz, noOverlap: false });
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  ctx.progress(`worker: started (cron "${config.schedule.cron}" in ${tz}, capture months ${config.schedule.months.join(", ")}); next wake ${nextWake(config.schedule.cron, tz)?.toISOString() ?? "?"}`);
  trigger("start-up");

  return {
    done,
    stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      void task.stop();
      void task.destroy();
      void (busy ?? Promise.resolve()).then(() => resolveDone());
    },
  };
}

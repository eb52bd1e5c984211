import type { Account } from "../config/schema.ts";
import { localTime, periodOf, type Period } from "./period.ts";

export interface DueInput {
  now: Date;
  timezone: string;
  months: number[];
  accounts: Account[];
  /** Every (account, period) that already has a snapshot (failed attempts do not count). */
  snapshots: Array<{ accountId: string; period: Period }>;
}

export interface DueDecision {
  period: Period;
  /** Whether `now` falls in a capture month (the half-year change). */
  captureMonth: boolean;
  /** Active accounts still without a snapshot for the period, to capture now. Empty outside capture months. */
  due: string[];
  /** Active accounts without a snapshot whatever the month, for status. */
  missing: string[];
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
  const have = new Set(input.snapshots.filter((s) => s.period === period).map((s) => s.accountId));
  const missing = input.accounts.filter((a) => a.status === "active" && !have.has(a.id)).map((a) => a.id);
  const captureMonth = input.months.includes(local.month);
  const lastDay = new Date(Date.UTC(local.year, local.month, 0)).getUTCDate();
  return {
    period,
    captureMonth,
    due: captureMonth ? missing : [],
    missing,
    daysLeftInMonth: captureMonth ? lastDay - local.day : null,
  };
}

/** The worker calls this loudly when a capture month is nearly over with accounts still missing. */
export function isRunningLate(d: DueDecision, warnDays = 5): boolean {
  return d.captureMonth && d.missing.length > 0 && d.daysLeftInMonth !== null && d.daysLeftInMonth < warnDays;
}

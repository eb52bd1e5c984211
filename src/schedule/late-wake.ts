import { formatLocal } from "./period.ts";

/**
 * A scheduled wake that starts this long after its time was held up by more than the timer's slack:
 * the process or the machine did not run meanwhile. node-cron's own bound (1 s) dropped the wake
 * altogether, so a virtual machine paused for a backup across 06:00 lost that day's wake.
 */
export const LATE_WAKE_MS = 5_000;

/**
 * How node-cron is told to run a wake however late it comes: the latest time due still runs (once),
 * any earlier ones the same pause passed over are reported as missed (see lateWakeSaid).
 */
export const RUN_LATE_WAKES = Number.MAX_SAFE_INTEGER;

/** "25 seconds", "12 minutes", "3 hours": how late, as the operator reads it. */
export function lateness(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.round(ms / 60_000);
  if (m < 120) return `${m} minutes`;
  return `${Math.round(ms / 3_600_000)} hours`;
}

/**
 * The words for a scheduled wake that ran late, or null when it ran on time. `passedOver` are the
 * earlier times due that the same pause went past (every-minute schedules): one wake does their work.
 */
export function lateWakeSaid(due: Date, ranAt: Date, timezone: string, passedOver: Date[] = []): string | null {
  const late = ranAt.getTime() - due.getTime();
  if (late < LATE_WAKE_MS && !passedOver.length) return null;
  const earlier = [...passedOver].sort((a, b) => a.getTime() - b.getTime());
  const skipped = earlier.length
    ? `; the ${earlier.length === 1 ? `wake due at ${formatLocal(earlier[0]!, timezone)} was` : `${earlier.length} wakes due from ${formatLocal(earlier[0]!, timezone)} were`} passed over in the same pause, and this one does their work`
    : "";
  return `the wake due at ${formatLocal(due, timezone)} ran ${lateness(late)} late: this machine or the worker was paused (a virtual machine paused for a backup, a host suspended, the process stopped) or too busy to keep time; it runs now${skipped}`;
}

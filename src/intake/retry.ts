import { DeliveryError } from "./types.ts";

const MINUTE = 60_000;
/** Never wait longer than this between attempts: a registrar's intake that comes back should not wait for half a day. */
export const MAX_DELAY_MS = 6 * 60 * MINUTE;

/**
 * How long to wait before the next attempt, after `attempts` failed attempts:
 * 1 min, 2 min, 4 min … doubling, capped at 6 hours. Zero failed attempts means try now.
 */
export function nextAttemptDelay(attempts: number): number {
  if (Number.isNaN(attempts) || attempts <= 0) return 0;
  if (!Number.isFinite(attempts)) return MAX_DELAY_MS;
  // 2^30 minutes is far beyond the cap; clamping the exponent keeps the arithmetic exact.
  const exponent = Math.min(Math.floor(attempts) - 1, 30);
  return Math.min(MINUTE * 2 ** exponent, MAX_DELAY_MS);
}

/**
 * A permanent failure will not go away by trying again unchanged (a conflicting file, a rejected
 * recipient, a 4xx reply): a person must act first. Anything else — including errors that are not
 * DeliveryErrors — is treated as temporary, so nothing is given up on by accident.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof DeliveryError && error.permanent;
}

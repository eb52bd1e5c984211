import { DeliveryError, failureWithoutNext } from "./types.ts";

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
 * The wait before the next attempt after a failure: the usual backoff, or longer when the intake
 * asked for longer (HTTP Retry-After), never past the cap.
 */
export function retryDelay(attempts: number, error: unknown): number {
  const backoff = nextAttemptDelay(attempts);
  const asked = error instanceof DeliveryError ? error.retryAfterMs : undefined;
  if (asked === undefined || !Number.isFinite(asked) || asked <= backoff) return backoff;
  return Math.min(asked, MAX_DELAY_MS);
}

/**
 * What an HTTP Retry-After header asks for, in ms from `now`: delay-seconds or an HTTP date
 * (RFC 9110 §10.2.3). Undefined for a missing or unreadable value, and for a date in the past.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // Only the date forms HTTP allows, so that a number with a unit ("120s") is not read as a date.
  if (!/^[A-Za-z]{3},? /.test(v) && !/^[A-Za-z]+day, /.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at) || at <= now) return undefined;
  return at - now;
}

/**
 * A permanent failure will not go away by trying again unchanged (a conflicting file, a rejected
 * recipient, a 4xx reply): a person must act first. Anything else — including errors that are not
 * DeliveryErrors — is treated as temporary, so nothing is given up on by accident.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof DeliveryError && error.permanent;
}

/**
 * A delivery's last error for a line that says on its own when the next try is: its fact and what a
 * person should do, without the error's own word that it is tried again (said twice in a row, the
 * operator read two pieces of advice for one). The log keeps the parts of each failure from 2026-12
 * on (`errorFact`, `errorMend`); an error of an older log is one text, and only its retry words are
 * cut out (oneTextErrorWithoutRetry).
 */
export function errorBesideNextTry(d: { error: string | null; errorFact?: string | null; errorMend?: string | null }): string | null {
  if (d.errorFact) return failureWithoutNext({ fact: d.errorFact, ...(d.errorMend ? { mend: d.errorMend } : {}) });
  return d.error === null ? null : oneTextErrorWithoutRetry(d.error);
}

/**
 * An error a log written before 2026-12 keeps as one text, without its own word that it is tried again
 * ("…; it will be tried again by "somarkiv deliver" or the worker", "the record waits, and …"), found by
 * the words those releases said it in. What it says must be mended ("each try is refused until this is
 * mended: …") stays. Only for such old errors: a failure logged since keeps its parts.
 */
export function oneTextErrorWithoutRetry(error: string): string {
  return error
    .replace(/the record waits, and it will be tried again by "somarkiv[^"]*deliver" or the worker, but /g, "")
    .replace(/(?:[:;] )?(?:the record waits, and )?it will be tried again (?:by "somarkiv[^"]*deliver" or the worker|later)(?=$|[.;])/g, "")
    .replace(/, and will be tried again after that(?=$|[.;])/g, "");
}

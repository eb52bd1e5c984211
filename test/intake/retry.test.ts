import { describe, expect, it } from "vitest";
import { DeliveryError, isPermanent, MAX_DELAY_MS, nextAttemptDelay, parseRetryAfter, retryDelay } from "../../src/intake/index.ts";

const MIN = 60_000;

describe("retry policy", () => {
  it("tries at once, then waits 1, 2, 4 … minutes, doubling", () => {
    expect(nextAttemptDelay(0)).toBe(0);
    expect([1, 2, 3, 4, 5].map(nextAttemptDelay)).toEqual([1 * MIN, 2 * MIN, 4 * MIN, 8 * MIN, 16 * MIN]);
  });

  it("never waits more than six hours, however many attempts failed", () => {
    expect(MAX_DELAY_MS).toBe(6 * 60 * MIN);
    expect(nextAttemptDelay(9)).toBe(256 * MIN);
    expect(nextAttemptDelay(10)).toBe(MAX_DELAY_MS);
    expect(nextAttemptDelay(1000)).toBe(MAX_DELAY_MS);
    expect(nextAttemptDelay(Number.POSITIVE_INFINITY)).toBe(MAX_DELAY_MS);
    expect(nextAttemptDelay(Number.NaN)).toBe(0);
  });

  it("gives up only on failures a person must fix", () => {
    expect(isPermanent(new DeliveryError("a different file named x.pdf already exists", true))).toBe(true);
    expect(isPermanent(new DeliveryError("could not reach the mail server"))).toBe(false);
    expect(isPermanent(new Error("anything else"))).toBe(false);
    expect(isPermanent(undefined)).toBe(false);
  });

  it("waits as long as the intake asked (Retry-After) when that is longer than the backoff, up to the cap", () => {
    const busy = (ms?: number) => new DeliveryError("the intake is busy", false, ms);
    expect(retryDelay(1, busy(2 * 60 * MIN))).toBe(2 * 60 * MIN);
    expect(retryDelay(1, busy(10_000))).toBe(1 * MIN); // shorter than the backoff: the backoff stands
    expect(retryDelay(3, busy())).toBe(4 * MIN);
    expect(retryDelay(1, busy(48 * 60 * MIN))).toBe(MAX_DELAY_MS);
    expect(retryDelay(2, new Error("not a delivery error"))).toBe(2 * MIN);
    expect(retryDelay(1, busy(Number.NaN))).toBe(1 * MIN);
  });
});

describe("Retry-After", () => {
  const now = Date.parse("2026-12-01T10:00:00Z");
  it("reads seconds and the three HTTP date forms", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter(" 0 ", now)).toBe(0);
    expect(parseRetryAfter("Tue, 01 Dec 2026 12:00:00 GMT", now)).toBe(2 * 60 * MIN);
    expect(parseRetryAfter("Tue Dec  1 10:30:00 2026", now)).toBeGreaterThan(0); // asctime, read in local time
  });

  it("ignores what it cannot read, and a date already past", () => {
    for (const v of [null, undefined, "", "soon", "120s", "-5", "1.5", "Tue, 01 Dec 2026 09:00:00 GMT", "Tue, 99 Foo 2026 xx GMT"]) {
      expect(parseRetryAfter(v, now), String(v)).toBeUndefined();
    }
  });
});

import { describe, expect, it } from "vitest";
import { DeliveryError, isPermanent, MAX_DELAY_MS, nextAttemptDelay } from "../../src/intake/index.ts";

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
});

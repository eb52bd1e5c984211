/**
 * A record's deliveries as status, records, its --json and the registrar's CSV say them: which are
 * delivered in part, what comes next to one not delivered, and the CSV's words of each. The
 * command-line test (test/cli/partly-delivered.test.ts) has one record at two intakes, a delivery
 * waiting with a try behind it; these are the other states a delivery is in: given up, never tried,
 * waiting with no next try set, and a record at none of its intakes yet.
 */
import { describe, expect, it } from "vitest";
import { deliveryNext, deliverySv, partlyDelivered } from "../../src/record/partly-delivered.ts";

const FOLDER = "directory:/srv/registrator";
const MAIL = "email:registrator@overkalix.se";
const delivered = { target: FOLDER, status: "delivered", attempts: 1, nextAttemptAt: null };
const waiting = { target: MAIL, status: "pending", attempts: 2, nextAttemptAt: "2026-12-01T07:00:00.000Z" };
const givenUp = { target: MAIL, status: "failed", attempts: 5, nextAttemptAt: null };
const untried = { target: MAIL, status: "pending", attempts: 0, nextAttemptAt: null };
const when = (iso: string) => `[${iso}]`;

describe("partlyDelivered", () => {
  it("is a stored record one intake has and another has not, whether that one waits or was given up", () => {
    expect(partlyDelivered("stored", [delivered, waiting])).toBe(true);
    expect(partlyDelivered("stored", [delivered, givenUp])).toBe(true);
  });

  it("is not a record at none of its intakes yet, nor one every intake has", () => {
    // At none: "stored", not "delvis levererad", or the registrar would look for it in an intake that has not got it.
    expect(partlyDelivered("stored", [waiting, { ...untried, target: FOLDER }])).toBe(false);
    expect(partlyDelivered("stored", [givenUp])).toBe(false);
    expect(partlyDelivered("stored", [delivered, { ...delivered, target: MAIL }])).toBe(false);
    expect(partlyDelivered("stored", [])).toBe(false);
  });
});

describe("deliveryNext", () => {
  it("says nothing of a delivery its intake has", () => {
    expect(deliveryNext(delivered, when)).toBeNull();
  });

  it("says that nothing tries a given-up delivery again until a person has acted, not that the worker does", () => {
    expect(deliveryNext(givenUp, when)).toBe('nothing tries it again by itself: a person must act on the error, then run "somarkiv deliver", which sends it once');
  });

  it("says a delivery never tried is sent at the worker's next wake", () => {
    expect(deliveryNext(untried, when)).toBe('sent by the worker at its next wake, or at once by "somarkiv deliver"');
  });

  it("says a waiting delivery's next try by its time, or the next wake where none is set", () => {
    expect(deliveryNext(waiting, when)).toBe('tried again by the worker after [2026-12-01T07:00:00.000Z], or at once by "somarkiv deliver"');
    expect(deliveryNext(waiting)).toBe('tried again by the worker once its next try is due (nextAttemptAt), or at once by "somarkiv deliver"');
    expect(deliveryNext({ ...waiting, nextAttemptAt: null }, when)).toBe('tried again by the worker at its next wake, or at once by "somarkiv deliver"');
  });
});

describe("deliverySv", () => {
  it("says since when a delivery waits, and that a waiting one with tries behind it is tried again by itself", () => {
    expect(deliverySv({ ...waiting, waitingSince: "2026-12-01T06:01:00.000Z" }, "väntar", when)).toBe("e-post till registrator@overkalix.se: väntar sedan [2026-12-01T06:01:00.000Z] (försöks igen vid somarkivs nästa leverans)");
  });

  it("never says that a given-up delivery is tried again by itself: nothing tries it until someone has acted", () => {
    expect(deliverySv({ ...givenUp, waitingSince: "2026-12-01T06:01:00.000Z" }, "misslyckad, kräver åtgärd", when)).toBe("e-post till registrator@overkalix.se: misslyckad, kräver åtgärd sedan [2026-12-01T06:01:00.000Z]");
  });

  it("says a delivery its intake has without a since, and one never tried without a try to come", () => {
    expect(deliverySv({ ...delivered, waitingSince: null }, "levererad", when)).toBe("mappen /srv/registrator: levererad");
    expect(deliverySv({ ...untried, waitingSince: null }, "väntar", when)).toBe("e-post till registrator@overkalix.se: väntar");
  });
});

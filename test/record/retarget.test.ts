/**
 * Where a delivery recorded (at capture) to an intake no longer configured goes now: to the one
 * intake of its kind that took its place, and nowhere while two could, as which is meant is not guessed.
 */
import { describe, expect, it } from "vitest";
import { intakeGoneSaid, intakeNow, intakesInstead } from "../../src/record/retarget.ts";

const OLD = "directory:/srv/gamla-servern/inkorg";

describe("intakeNow: the intake a delivery goes to now", () => {
  it("is the recorded one while it is configured", () => {
    expect(intakeNow(OLD, [OLD], [OLD, "directory:/srv/ny/inkorg"])).toBe(OLD);
  });

  it("is the one intake of its kind that took its place, not one of another kind nor one the record already goes to", () => {
    expect(intakeNow(OLD, [OLD], ["email:diarium@kommun.se", "directory:/srv/ny/inkorg"])).toBe("directory:/srv/ny/inkorg");
    expect(intakeNow(OLD, [OLD, "directory:/srv/ny/inkorg"], ["directory:/srv/ny/inkorg"])).toBeNull();
    expect(intakeNow(OLD, [OLD], ["email:diarium@kommun.se"])).toBeNull();
  });

  it("is none while two of its kind could take its place: the record waits, and is told what to do", () => {
    const configured = ["directory:/srv/ny/inkorg", "directory:/srv/ny/kopia"];
    expect(intakeNow(OLD, [OLD], configured)).toBeNull();
    expect(intakesInstead(OLD, [OLD], configured)).toEqual(configured);
    expect(intakeGoneSaid(OLD, configured)).toBe(
      'it waits, as 2 intakes of its kind could take its place (the folder /srv/ny/inkorg, the folder /srv/ny/kopia) and somarkiv does not choose between them: ' +
      'leave only the one it is to go to in the configuration, run "somarkiv deliver", then put the others back',
    );
    expect(intakeGoneSaid(OLD, [])).toBe("it waits until that intake is added back to the configuration, or until one intake of the same kind (directory) takes its place");
  });
});

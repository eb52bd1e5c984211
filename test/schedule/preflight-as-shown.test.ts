import { describe, expect, it } from "vitest";
import { asShownWhen } from "../../src/schedule/preflight.ts";
import { asShownBeforeCaptureMonth, asShownNoteNow, failureErrorNow } from "../../src/schedule/index.ts";
import { forAccount } from "../../src/capture/index.ts";
import { notLoadedMessage } from "../../src/capture/not-loaded.ts";

const SE = "Europe/Stockholm";
const problem = `not-loaded: ${forAccount(notLoadedMessage("https://mastodon.example/@kommun"), "mastodon")}`;
const note = (period: string, month: string) => `--account mastodon --as-shown. Note: it is before ${period}'s capture month, so the page filed as it shows now is kept as a record of today, not as the half-year snapshot for ${period}, which is still taken in ${month}; if the page has still not loaded then, the same command files that snapshot as it shows`;

/**
 * Preflight's not-loaded problem names capture --as-shown; before the capture month that capture is
 * a record of its day, and the operator must not take it for the half-year's snapshot.
 */
describe("preflight's not-loaded problem and the capture month", () => {
  it("says before the capture month that capture --as-shown files a record of today, with the month the half-year's is taken", () => {
    expect(asShownWhen(problem, new Date("2026-03-10T10:00:00Z"), [6, 12], SE)).toBe(problem.replace("--account mastodon --as-shown", note("2026-H1", "June 2026")));
    expect(asShownWhen(problem, new Date("2026-07-15T10:00:00Z"), [3, 9], SE)).toContain(note("2026-H2", "September 2026"));
  });

  it("says nothing more in the capture month, after it, in a half-year with none, or of another problem", () => {
    for (const [at, months] of [["2026-06-10T10:00:00Z", [6, 12]], ["2026-12-05T10:00:00Z", [6, 12]], ["2026-04-10T10:00:00Z", [3, 9]], ["2026-03-10T10:00:00Z", [12]]] as const)
      expect(asShownWhen(problem, new Date(at), [...months], SE), at).toBe(problem);
    // The last night of May in Sweden is June's in UTC: the capture month is the organisation's.
    expect(asShownWhen(problem, new Date("2026-05-31T22:30:00Z"), [6, 12], SE)).toBe(problem);
    const login = 'login-wall: sign in with "somarkiv login --account mastodon"';
    expect(asShownWhen(login, new Date("2026-03-10T10:00:00Z"), [6, 12], SE)).toBe(login);
  });
});

/**
 * A capture's own not-loaded failure names the same command, and the operator pastes it from the
 * failure's advice: before the capture month it carries the same note, of the half-year the capture
 * was for; not of a closing record, nor of a half-year made up after its capture month.
 */
describe("the note beside a capture's not-loaded failure", () => {
  const said = (period: string, month: string) => `Note: it is before ${period}'s capture month, so the page filed as it shows now is kept as a record of today, not as the half-year snapshot for ${period}, which is still taken in ${month}; if the page has still not loaded then, the same command files that snapshot as it shows`;
  it("says before the capture month that the page filed as it shows is a record of today", () => {
    expect(asShownBeforeCaptureMonth(new Date("2026-03-10T10:00:00Z"), "2026-H1", [6, 12], SE)).toBe(said("2026-H1", "June 2026"));
    expect(asShownBeforeCaptureMonth(new Date("2026-07-15T10:00:00Z"), "2026-H2", [3, 9], SE)).toBe(said("2026-H2", "September 2026"));
  });
  it("says nothing of a closing record, in or after the capture month, of a half-year made up, or with no capture month", () => {
    expect(asShownBeforeCaptureMonth(new Date("2026-03-10T10:00:00Z"), "2026-H1", [6, 12], SE, true)).toBeNull();
    expect(asShownBeforeCaptureMonth(new Date("2026-06-10T10:00:00Z"), "2026-H1", [6, 12], SE)).toBeNull();
    expect(asShownBeforeCaptureMonth(new Date("2026-07-15T10:00:00Z"), "2026-H1", [6, 12], SE)).toBeNull();
    expect(asShownBeforeCaptureMonth(new Date("2026-03-10T10:00:00Z"), "2026-H1", [12], SE)).toBeNull();
    expect(asShownBeforeCaptureMonth(new Date("2026-05-31T22:30:00Z"), "2026-H1", [6, 12], SE)).toBeNull();
  });
});

/**
 * A not-loaded failure kept in the log carries the note of the day it was said; status reads it
 * later, and says the note only while it is still true.
 */
describe("a stored not-loaded failure's note, read later", () => {
  const failure = problem.slice("not-loaded: ".length);
  const stored = `${failure}. ${asShownBeforeCaptureMonth(new Date("2026-03-10T10:00:00Z"), "2026-H1", [6, 12], SE)}`;
  it("keeps the note before the capture month, and drops it once the month has come or the half-year is over", () => {
    expect(asShownNoteNow(stored, "2026-H1", false, new Date("2026-04-10T10:00:00Z"), [6, 12], SE)).toBe(stored);
    expect(asShownNoteNow(stored, "2026-H1", false, new Date("2026-06-02T10:00:00Z"), [6, 12], SE)).toBe(failure);
    expect(asShownNoteNow(stored, "2026-H1", false, new Date("2026-08-02T10:00:00Z"), [6, 12], SE)).toBe(failure);
  });
  it("words it for the capture month the file has now, and adds it to a failure stored without it while true", () => {
    expect(asShownNoteNow(stored, "2026-H1", false, new Date("2026-03-12T10:00:00Z"), [5, 12], SE)).toContain("which is still taken in May 2026");
    expect(asShownNoteNow(failure, "2026-H1", false, new Date("2026-03-12T10:00:00Z"), [6, 12], SE)).toBe(stored);
    // Never of a closing record, which is no half-year snapshot.
    expect(asShownNoteNow(failure, "2026-H1", true, new Date("2026-03-12T10:00:00Z"), [6, 12], SE)).toBe(failure);
  });
  it("is what status and records give of a failed attempt: a not-loaded one's note composed for today, any other error as kept", () => {
    const row = { reason: "not-loaded", error: stored, period: "2026-H1", final: false };
    expect(failureErrorNow(row, new Date("2026-04-10T10:00:00Z"), [6, 12], SE)).toBe(stored);
    expect(failureErrorNow(row, new Date("2026-06-02T10:00:00Z"), [6, 12], SE)).toBe(failure);
    // Another reason's text is never touched, even one that happens to end the same way.
    expect(failureErrorNow({ ...row, reason: "timeout" }, new Date("2026-06-02T10:00:00Z"), [6, 12], SE)).toBe(stored);
    expect(failureErrorNow({ ...row, error: null }, new Date("2026-06-02T10:00:00Z"), [6, 12], SE)).toBeNull();
  });
  it("adds none to a failure that names no capture --as-shown, whose note would speak of a command not there", () => {
    // A not-loaded failure as an older somarkiv kept it, before its advice named the command.
    const older = failure.slice(0, failure.indexOf(" If it never does"));
    expect(older).not.toContain("--as-shown");
    expect(asShownNoteNow(older, "2026-H1", false, new Date("2026-03-12T10:00:00Z"), [6, 12], SE)).toBe(older);
  });
});

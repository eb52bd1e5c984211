import { describe, expect, it } from "vitest";
import { asShownWhen } from "../../src/schedule/preflight.ts";
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

/**
 * capture's list when its records were taken after the half-year ended: the notice over the list
 * counts and names only the records flagged after-period, and the command that takes one of them
 * again names its half-year. A run that goes on past midnight at the half-year change flags only the
 * records taken after it (the clock cannot be moved for the real command line, so the lines are
 * built here from such a run's outcomes; test/pipeline/capture.test.ts drives the command itself).
 */
import { describe, expect, it } from "vitest";
import { outcomeLines } from "../../src/cli/commands/capture.ts";
import type { AccountOutcome } from "../../src/record/index.ts";

const captured = (accountId: string, flags: string[]): AccountOutcome => ({ accountId, outcome: "captured", recordId: `${accountId}_2026-H1_v1`, status: "delivered", flags, problems: [] });
const lines = (outcomes: AccountOutcome[], madeUp: boolean) => outcomeLines("2026-H1", outcomes, [], "Europe/Stockholm", new Set(), madeUp);

describe("capture's list of records taken after the half-year ended", () => {
  it("of a run that went on past the half-year's end, names only the records taken after it, and not as made up", () => {
    const out = lines([captured("konto-a", []), captured("konto-b", ["after-period", "document-incomplete"]), captured("konto-c", ["after-period"])], false);
    expect(out[1]).toBe("  Of the 3 snapshots below, those of konto-b, konto-c were taken after 2026-H1 ended, as this run went on into the next half-year: the record sheet says so (and the e-mail to the registrar, where one is sent), so that it is not read as the page at the half-year change.");
    expect(out.join("\n")).not.toContain("to make up");
    // konto-b is taken again for 2026-H1: without --period the command would take the half-year begun.
    const look = out[out.indexOf("  konto-b: konto-b_2026-H1_v1 stored and delivered to the registrar") + 1];
    expect(look).toContain("somarkiv capture --account konto-b --period 2026-H1 --force");
  });

  it("names the one record taken after the end among others", () => {
    const out = lines([captured("konto-a", ["document-incomplete"]), captured("konto-b", ["after-period"])], false);
    expect(out[1]).toContain("  Of the 2 snapshots below, the one of konto-b was taken after 2026-H1 ended");
    // konto-a was taken before midnight: its half-year is still the one a plain capture takes.
    const look = out[out.indexOf("  konto-a: konto-a_2026-H1_v1 stored and delivered to the registrar") + 1];
    expect(look).toContain("somarkiv capture --account konto-a --force");
  });

  it("of a half-year made up with --period, counts them all as made up; of a run all before the end, says nothing", () => {
    expect(lines([captured("konto-a", ["after-period"]), captured("konto-b", ["after-period"])], true)[1]).toBe("  The 2 snapshots below were taken after 2026-H1 ended, to make up its missed snapshot: the record sheet says so (and the e-mail to the registrar, where one is sent), so that it is not read as the page at the half-year change.");
    expect(lines([captured("konto-a", []), captured("konto-b", [])], false).join("\n")).not.toContain("ended");
  });
});

/**
 * What is said of accounts that owe the half-year that has ended, by the worker and status: apart from
 * the worker, so that status does not load the capture and PDF code to say it.
 */
import { agreeing, counted } from "../words/counted.ts";
import type { Config } from "../config/schema.ts";
import { accountSeries, type Series } from "../config/series.ts";
import { captureCommandLine } from "../config/command.ts";
import type { RecordStore } from "../log/records.ts";
import { owedLastHalfYear, withoutAsShownNote } from "./due.ts";
import { lastFinishedPeriod, localDate } from "./period.ts";

/** An owing account's last failed attempt at the half-year: why making it up would fail again. */
export interface OwedFailure { accountId: string; day: string; error: string }

/**
 * What is said of accounts that owe the half-year that has ended (owedLastHalfYear), by the worker and
 * status. Of an account whose attempts at it failed, the last failure's reason: "make it up" alone
 * sent the operator to a capture that fails again the same way (a page gone, 404).
 */
export function owedSaid(period: string, owed: string[], failed: OwedFailure[] = []): string {
  // A region's hundreds of accounts owing a half-year made one line of thousands of characters, and one
  // sentence of failure for each: the command makes them all up, and status --json names every one.
  const named = owed.length > OWED_NAMED ? `${owed.slice(0, OWED_NAMED).join(", ")} and ${owed.length - OWED_NAMED} more ("somarkiv status --json" lists them all)` : owed.join(", ");
  const said = `the half-year ${period} has ended, and ${counted(owed.length, "account")} ${agreeing(owed.length, "has", "have")} no snapshot of it: ${named}. Make it up (the record says it was taken afterwards): ${captureCommandLine({ period })}`;
  const failedOwing = failed.filter((f) => owed.includes(f.accountId));
  const why = failedOwing.slice(0, FAILURES_SAID)
    .map((f) => `${f.accountId}: its attempts at ${period} failed, the last on ${f.day}: ${f.error.trim().replace(/[.;:]$/, "")}; while that lasts, making it up fails the same way`);
  const more = failedOwing.length - why.length;
  if (more > 0) why.push(`the attempts at ${period} of ${more} more of them failed too ("somarkiv status --json" gives each one's last failure)`);
  return why.length ? `${said}. ${why.join(". ")}` : said;
}

/** How many owing accounts are named, and how many of their failures said, in the one line. */
const OWED_NAMED = 20;
const FAILURES_SAID = 5;

/**
 * The owing accounts' last failed attempts at the half-year, as owedSaid names them; without the note
 * of its capture month still to come, which the half-year being over has made untrue.
 */
export function owedFailures(records: { latestFailure(series: readonly string[], period: string): { capturedAt: string; error: string | null; reason: string | null } | undefined }, period: string, owed: string[], timeZone: string, series: Series): OwedFailure[] {
  return owed.flatMap((accountId) => {
    const f = records.latestFailure(series.ids(accountId), period);
    return f ? [{ accountId, day: localDate(new Date(f.capturedAt), timeZone), error: f.error !== null ? withoutAsShownNote(f.error) : f.reason ?? "no reason was recorded" }] : [];
  });
}

/** What the half-year decisions read of the log (RecordStore.seriesFacts): read once by the caller, and passed in. */
export type SeriesFacts = Pick<ReturnType<RecordStore["seriesFacts"]>, "snapshots" | "firstPeriods" | "ended">;

/**
 * The accounts that owe the half-year ended before `now` (owedLastHalfYear), from the facts the caller
 * read of the log once: status reads them for its gaps too, and asking the log again read every wake
 * twice. Pure.
 */
export function owedAt(facts: SeriesFacts, config: Pick<Config, "schedule" | "accounts">, now = new Date()): { period: string; owed: string[] } {
  const lastFinished = lastFinishedPeriod(now, config.schedule.timezone);
  return { period: lastFinished, owed: owedLastHalfYear({ lastFinished, accounts: config.accounts, ...facts }) };
}

/**
 * What is said of the accounts owing the half-year just ended (owedAt), with the last failed attempts of
 * those whose attempts failed, null when none owes it: as the worker says it at every wake and a plain
 * capture after the half-year change. Reads the facts of the log unless given them, and the failures.
 */
export function owedNotice(records: RecordStore, config: Pick<Config, "schedule" | "accounts">, facts: SeriesFacts = records.seriesFacts(accountSeries(config.accounts)), now = new Date()): { period: string; owed: string[]; failures: OwedFailure[]; said: string | null } {
  const { period, owed } = owedAt(facts, config, now);
  const failures = owedFailures(records, period, owed, config.schedule.timezone, accountSeries(config.accounts));
  return { period, owed, failures, said: owed.length ? owedSaid(period, owed, failures) : null };
}

import { captureCommandLine } from "../config/index.ts";
import { comparePeriods, previousPeriod } from "../schedule/period.ts";

/**
 * The command that takes a record again as a new version in place of one that cannot be stored (its
 * spool copy damaged or lost): of its own half-year (--period, unless it is the current one) and as
 * a closing record if it was one (--final). Without them the command took the current half-year, or
 * was refused after the closing record. Null for a half-year before the last one ended, which a
 * capture now cannot take, as it would show the account as it is today. Pure.
 */
export function takeAgainCommand(r: { accountId: string; period: string; final: boolean }, current: string): string | null {
  if (comparePeriods(r.period, previousPeriod(current)) < 0) return null;
  return captureCommandLine({ accounts: [r.accountId], period: r.period === current ? undefined : r.period, final: r.final, force: true, reasonToType: true });
}

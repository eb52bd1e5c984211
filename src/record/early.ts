/**
 * Whether a record was taken before its half-year's capture month, as far as the record itself can
 * say, for what reads a record again (the e-mail on a later delivery, records): a manifest written
 * before somarkiv 0.2.0 may lack `beforeHalfYearChange` whether or not it was early, and the log does
 * not keep the schedule it was taken under, so such a record is not called the half-year's snapshot
 * unless its capture time alone shows it was.
 */
import { localTime, parsePeriod } from "../schedule/period.ts";

/** Whether a manifest's writer wrote `beforeHalfYearChange` whenever it was so: every release from 0.2.0 on. */
export function manifestSaysEarlyEitherWay(m: { tool?: { version?: unknown } | null }): boolean {
  const version = m.tool?.version;
  if (typeof version !== "string") return false;
  const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(version);
  if (!parts) return false;
  const [major, minor] = [Number(parts[1]), Number(parts[2])];
  return major > 0 || minor >= 2;
}

/**
 * True when taken before the capture month, false when not, null when nothing known tells:
 * `saysEitherWay` is whether its writer would have marked it early (manifestSaysEarlyEitherWay, or
 * a filing in the log that says so either way). A closing record and one made up after its
 * half-year are never early. Of the rest, only one taken in the half-year's last month (June,
 * December) or later is known not to be without the schedule it was taken under: every capture
 * month of the half-year is then behind it. The month is taken both in UTC and in Swedish time, the
 * zones a schedule here runs in, so that a capture just past midnight is not placed in the wrong one.
 */
export function takenEarly(r: { final?: boolean | null; flags?: readonly string[] | null; period: string; capturedAt?: string | null; beforeHalfYearChange?: boolean | null }, saysEitherWay: boolean): boolean | null {
  if (r.final || r.flags?.includes("final")) return false;
  if (r.beforeHalfYearChange === true) return true;
  if (saysEitherWay || r.beforeHalfYearChange === false) return false;
  if (r.flags?.includes("after-period")) return false;
  if (!r.capturedAt) return null;
  const at = new Date(r.capturedAt);
  if (Number.isNaN(at.getTime())) return null;
  let year: number, half: 1 | 2;
  try { ({ year, half } = parsePeriod(r.period)); } catch { return null; }
  const lastMonth = half === 1 ? 6 : 12;
  const atOrAfterLast = (zone: string) => {
    const local = localTime(at, zone);
    return local.year > year || (local.year === year && local.month >= lastMonth);
  };
  return atOrAfterLast("UTC") && atOrAfterLast("Europe/Stockholm") ? false : null;
}

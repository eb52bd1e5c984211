import type { Db } from "./db.ts";
import type { Series } from "../config/series.ts";

/**
 * When each account id was first in the configuration as somarkiv saw it: at a wake of the worker, or
 * when a command that makes or sends records (capture, deliver, preflight, the worker's start) opened
 * the log. An account added on 30 December that no capture reached before New Year has no record of
 * 2026-H2, and with only its records to go by it was "added since" and owed nothing: its half-year was
 * lost without a word. Only the first sight of an id is kept (INSERT OR IGNORE): a few rows, not one a wake.
 */
export function noteAccountsSeen(db: Db, ids: readonly string[], period: string, by: string, at = new Date()): void {
  if (!ids.length) return;
  const insert = db.prepare("INSERT OR IGNORE INTO accounts_seen (account_id, period, at, by) VALUES (?, ?, ?, ?)");
  db.transaction(() => { for (const id of ids) insert.run(id, period, at.toISOString(), by); })();
}

/**
 * Each series' first half-year in the configuration (see noteAccountsSeen), by the account whose series
 * it is. Empty for a log opened read-only before an older one was brought up to date (no table yet).
 */
export function firstSeenPeriods(db: Db, series: Series): Map<string, string> {
  let rows: Array<{ accountId: string; period: string }>;
  try {
    rows = db.prepare("SELECT account_id AS accountId, period FROM accounts_seen").all() as typeof rows;
  } catch {
    return new Map();
  }
  return earliestBySeries(rows, series);
}

/** The earliest half-year of each series among `rows`, by the account in the configuration whose series it is. Pure. */
export function earliestBySeries(rows: Iterable<{ accountId: string; period: string }>, series: Pick<Series, "owner">): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of rows) {
    const owner = series.owner(r.accountId);
    const had = out.get(owner);
    if (had === undefined || r.period < had) out.set(owner, r.period);
  }
  return out;
}

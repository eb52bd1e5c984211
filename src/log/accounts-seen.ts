import type { Db } from "./db.ts";
import type { Series } from "../config/series.ts";

/**
 * When each account id was first in the configuration as somarkiv saw it: at a wake of the worker, or
 * when a command that makes or sends records (capture, deliver, preflight, the worker's start) opened
 * the log. An account added on 30 December that no capture reached before New Year has no record of
 * 2026-H2, and with only its records to go by it was "added since" and owed nothing: its half-year was
 * lost without a word. Only the first sight of an id is kept (INSERT OR IGNORE): a few rows, not one a
 * wake. Kept as leases that never expire ("seen:<id>", held by "<period> <by> <at>"), as the log's
 * identity is, so that the log keeps the schema an older somarkiv opens (one rolled back to).
 */
const SEEN = "seen:";

export function noteAccountsSeen(db: Db, ids: readonly string[], period: string, by: string, at = new Date()): void {
  if (!ids.length) return;
  const insert = db.prepare("INSERT OR IGNORE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)");
  db.transaction(() => { for (const id of ids) insert.run(`${SEEN}${id}`, `${period} ${by} ${at.toISOString()}`, Number.MAX_SAFE_INTEGER); })();
}

/**
 * Each series' first half-year in the configuration (see noteAccountsSeen), by the account whose series
 * it is; a log an older somarkiv wrote tells it by the accounts its wakes named missing, read here too.
 */
export function firstSeenPeriods(db: Db, series: Series): Map<string, string> {
  const seen = db.prepare("SELECT substr(name, ?) AS accountId, substr(holder, 1, instr(holder || ' ', ' ') - 1) AS period FROM leases WHERE name LIKE ?")
    .all(SEEN.length + 1, `${SEEN}%`) as Array<{ accountId: string; period: string }>;
  const named = db.prepare(`SELECT m.value AS accountId, MIN(json_extract(w.detail, '$.period')) AS period
    FROM wakes w, json_each(CASE WHEN json_valid(w.detail) THEN w.detail ELSE '{}' END, '$.missing') m
    WHERE json_extract(CASE WHEN json_valid(w.detail) THEN w.detail ELSE '{}' END, '$.period') IS NOT NULL AND m.type = 'text'
    GROUP BY m.value`).all() as Array<{ accountId: string; period: string }>;
  return earliestBySeries([...seen, ...named], series);
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

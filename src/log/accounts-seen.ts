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
  const insert = db.prepare("INSERT OR IGNORE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)");
  if (ids.length) db.transaction(() => { for (const id of ids) insert.run(`${SEEN}${id}`, `${period} ${by} ${at.toISOString()}`, Number.MAX_SAFE_INTEGER); })();
  // A few wakes at a time, each in a transaction of its own: the first fold of a log of many years
  // would otherwise hold the log from the worker and the other commands for half a minute.
  while (db.transaction(() => foldWakesRead(db)).immediate()) { /* more wakes to fold */ }
}

/**
 * The ids first seen when `by` opened the log ("demo": the demo's own accounts, which `npm run demo`
 * captures into the log the example configuration reads too): not accounts of any configuration file.
 */
export function seenFirstBy(db: Db, by: string): Set<string> {
  const rows = db.prepare("SELECT substr(name, ?) AS id, holder FROM leases WHERE name LIKE ?").all(SEEN.length + 1, `${SEEN}%`) as Array<{ id: string; holder: string }>;
  return new Set(rows.filter((r) => r.holder.split(" ")[1] === by).map((r) => r.id));
}

/**
 * The last wake whose missing accounts are folded into the seen: leases ("<wake id> <its time>"). Only
 * the wakes after it are read: reading every wake at each status and each wake took a log of twenty
 * years of daily wakes and 300 accounts 38 s of processor time. A lease too, so the schema stays one an
 * older somarkiv opens; the wakes such a somarkiv adds come after the mark and are read and folded in.
 */
export const WAKES_READ_LEASE = "seen-wakes-read";

/** The accounts the wakes after an id (up to another) named missing, each with the earliest half-year they named it in. */
const namedAfter = (upTo: boolean) => `SELECT m.value AS accountId, MIN(json_extract(w.detail, '$.period')) AS period, MIN(w.at) AS at
  FROM wakes w, json_each(CASE WHEN json_valid(w.detail) THEN w.detail ELSE '{}' END, '$.missing') m
  WHERE w.id > ?${upTo ? " AND w.id <= ?" : ""} AND json_extract(CASE WHEN json_valid(w.detail) THEN w.detail ELSE '{}' END, '$.period') IS NOT NULL AND m.type = 'text'
  GROUP BY m.value`;

/**
 * The id of the last wake folded in; 0 (read them all) without a mark, or when its wake is not the one it
 * names (the wakes taken out of the file by hand): then what was folded stands and every wake is read again.
 */
function wakesReadThrough(db: Db): number {
  const mark = (db.prepare("SELECT holder FROM leases WHERE name = ?").get(WAKES_READ_LEASE) as { holder: string } | undefined)?.holder.split(" ");
  const id = Number(mark?.[0]);
  if (!mark || !Number.isSafeInteger(id)) return 0;
  const wake = db.prepare("SELECT at FROM wakes WHERE id = ?").get(id) as { at: string } | undefined;
  return wake?.at === mark[1] ? id : 0;
}

/** How many wakes one transaction folds in. */
const WAKES_A_FOLD = 200;

/**
 * Folds the missing accounts of the next wakes not yet read into the seen: leases, each keeping its
 * earliest half-year, and moves the mark past them. Whether there were any.
 */
function foldWakesRead(db: Db): boolean {
  const through = wakesReadThrough(db);
  const upTo = db.prepare("SELECT id, at FROM wakes WHERE id > ? ORDER BY id LIMIT 1 OFFSET ?").get(through, WAKES_A_FOLD - 1) as { id: number; at: string } | undefined
    ?? db.prepare("SELECT id, at FROM wakes WHERE id > ? ORDER BY id DESC LIMIT 1").get(through) as { id: number; at: string } | undefined;
  if (!upTo) return false;
  const periodOf = (column: string) => `substr(${column}, 1, instr(${column} || ' ', ' ') - 1)`;
  db.prepare(`INSERT INTO leases (name, holder, expires_at)
    SELECT ? || accountId, period || ' wake ' || at, ? FROM (${namedAfter(true)}) WHERE true
    ON CONFLICT (name) DO UPDATE SET holder = excluded.holder WHERE ${periodOf("excluded.holder")} < ${periodOf("leases.holder")}`)
    .run(SEEN, Number.MAX_SAFE_INTEGER, through, upTo.id);
  db.prepare("INSERT OR REPLACE INTO leases (name, holder, expires_at) VALUES (?, ?, ?)").run(WAKES_READ_LEASE, `${upTo.id} ${upTo.at}`, Number.MAX_SAFE_INTEGER);
  return true;
}

/**
 * Each series' first half-year in the configuration (see noteAccountsSeen), by the account whose series
 * it is; a log an older somarkiv wrote tells it by the accounts its wakes named missing, folded into the
 * seen: leases when the log is written (foldWakesRead), and read here from the wakes not yet folded in.
 */
export function firstSeenPeriods(db: Db, series: Series): Map<string, string> {
  const seen = db.prepare("SELECT substr(name, ?) AS accountId, substr(holder, 1, instr(holder || ' ', ' ') - 1) AS period FROM leases WHERE name LIKE ?")
    .all(SEEN.length + 1, `${SEEN}%`) as Array<{ accountId: string; period: string }>;
  const named = db.prepare(namedAfter(false)).all(wakesReadThrough(db)) as Array<{ accountId: string; period: string }>;
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

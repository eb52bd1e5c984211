import type { Db } from "./db.ts";

/**
 * What each verification found, kept so that status can say it: a verification that found problems
 * left no trace before (only one that found all in order is an event of the chain), and status went on
 * showing an archive in order. Kept beside the chain, not in it: a verification that found the chain
 * broken or cut short must not add to the evidence it is about, nor move the head a proof in the store
 * is compared with.
 */
export interface VerificationNoted {
  at: string;
  ok: boolean;
  records: number;
  objects: number;
  problems: number;
  /** The first few problems as verify said them, for status to quote. */
  firstProblems: string[];
}

/**
 * Made when the log is opened to be written, not by a migration, as the index of the worker's events:
 * a table asks nothing of an older somarkiv rolled back to, which opens a log of its own schema version.
 */
export function ensureVerificationsTable(db: Db): void {
  db.exec("CREATE TABLE IF NOT EXISTS verifications (id INTEGER PRIMARY KEY, at TEXT NOT NULL, ok INTEGER NOT NULL, records INTEGER NOT NULL, objects INTEGER NOT NULL, problems INTEGER NOT NULL, first_problems TEXT NOT NULL)");
}

export function addVerification(db: Db, v: VerificationNoted): void {
  db.prepare("INSERT INTO verifications (at, ok, records, objects, problems, first_problems) VALUES (?, ?, ?, ?, ?, ?)")
    .run(v.at, v.ok ? 1 : 0, v.records, v.objects, v.problems, JSON.stringify(v.firstProblems));
}

/**
 * The latest verification: the newer of the last one noted here and the last "verified" event (one
 * made before this table, or by an older somarkiv rolled back to, is in order by being an event).
 */
export function lastVerification(db: Db): VerificationNoted | undefined {
  let noted: VerificationNoted | undefined;
  try {
    const r = db.prepare("SELECT at, ok, records, objects, problems, first_problems FROM verifications ORDER BY id DESC LIMIT 1").get() as
      { at: string; ok: number; records: number; objects: number; problems: number; first_problems: string } | undefined;
    if (r) noted = { at: r.at, ok: r.ok === 1, records: r.records, objects: r.objects, problems: r.problems, firstProblems: JSON.parse(r.first_problems) as string[] };
  } catch (e) {
    // A log no somarkiv of this release has written yet (read by a user who may not write it) has no such table.
    if (!/no such table/.test(String((e as Error)?.message))) throw e;
  }
  const event = db.prepare("SELECT at, data FROM events WHERE type = 'verified' ORDER BY seq DESC LIMIT 1").get() as { at: string; data: string } | undefined;
  if (event && (!noted || Date.parse(event.at) > Date.parse(noted.at))) {
    const data = JSON.parse(event.data) as { records?: number; objects?: number };
    return { at: event.at, ok: true, records: data.records ?? 0, objects: data.objects ?? 0, problems: 0, firstProblems: [] };
  }
  return noted;
}

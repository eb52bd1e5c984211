import type Database from "better-sqlite3";
import { isTextFingerprint, textFingerprint } from "../register/text-fingerprint.ts";

const KEPT_TEXT = "text_fingerprint IS NOT NULL AND substr(text_fingerprint, 1, 3) <> 't1:'";

/**
 * A log written by somarkiv 0.2.0 or earlier kept each snapshot's whole visible text (citizens' comments, names, phone
 * numbers) in records.text_fingerprint: it is turned into the fingerprint kept now, which gives the
 * passive-account check the same answer. The text was never in an event, so the chain is untouched.
 * secure_delete overwrites the freed pages, and a checkpoint moves the change from the journal into
 * the file, so the text is not left in either; backups made before still hold it.
 * Looked for first without a lock, as migrate() does: a log already done (nearly always) is not written.
 */
export function forgetKeptTexts(db: Database.Database): void {
  if (!db.prepare(`SELECT 1 FROM records WHERE ${KEPT_TEXT} LIMIT 1`).get()) return;
  db.pragma("secure_delete = ON");
  db.transaction(() => {
    const rows = db.prepare(`SELECT record_id AS id, text_fingerprint AS text FROM records WHERE ${KEPT_TEXT}`).all() as Array<{ id: string; text: string }>;
    const set = db.prepare("UPDATE records SET text_fingerprint = ? WHERE record_id = ?");
    for (const r of rows) if (!isTextFingerprint(r.text)) set.run(textFingerprint(r.text), r.id);
  }).immediate();
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // Busy: the next checkpoint (SQLite's own, or the next open's) moves it.
  }
}

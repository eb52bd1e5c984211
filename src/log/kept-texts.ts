import type Database from "better-sqlite3";
import { isTextFingerprint, textFingerprint } from "../register/text-fingerprint.ts";

const KEPT_TEXT = "text_fingerprint IS NOT NULL AND substr(text_fingerprint, 1, 3) <> 't1:'";

/**
 * Marks a log whose texts were turned into fingerprints but whose file was not yet written anew, so
 * that the next open does it. A row of the leases table that never expires, as the log's identity is,
 * so the log keeps the schema an older somarkiv opens.
 */
export const TEXTS_TO_WIPE_LEASE = "kept-texts-to-wipe";

/**
 * A log written by somarkiv 0.2.0 or earlier kept each snapshot's whole visible text (citizens' comments, names, phone
 * numbers) in records.text_fingerprint: it is turned into the fingerprint kept now, which gives the
 * passive-account check the same answer. The text was never in an event, so the chain is untouched.
 * secure_delete overwrites the pages the change frees; but a row written again before (a record
 * stored, delivered) left its text on pages freed without it, which the backup API copies as well. So
 * the log is then written anew (VACUUM, which keeps no free page) and checkpointed, leaving the text
 * in neither the file nor its journal; backups made before still hold it.
 * Looked for first without a lock, as migrate() does: a log already done (nearly always) is not written.
 */
export function forgetKeptTexts(db: Database.Database): void {
  const toWipe = db.prepare("SELECT 1 FROM leases WHERE name = ?");
  if (!db.prepare(`SELECT 1 FROM records WHERE ${KEPT_TEXT} LIMIT 1`).get() && !toWipe.get(TEXTS_TO_WIPE_LEASE)) return;
  db.pragma("secure_delete = ON");
  db.transaction(() => {
    const rows = db.prepare(`SELECT record_id AS id, text_fingerprint AS text FROM records WHERE ${KEPT_TEXT}`).all() as Array<{ id: string; text: string }>;
    const set = db.prepare("UPDATE records SET text_fingerprint = ? WHERE record_id = ?");
    for (const r of rows) if (!isTextFingerprint(r.text)) set.run(textFingerprint(r.text), r.id);
    db.prepare("INSERT OR IGNORE INTO leases (name, holder, expires_at) VALUES (?, 'somarkiv', ?)").run(TEXTS_TO_WIPE_LEASE, Number.MAX_SAFE_INTEGER);
  }).immediate();
  try {
    // Outside a transaction, as VACUUM must be; another program's write transaction (a capture
    // storing its record) makes it wait busy_timeout and then give up: the mark left, the next open does it.
    db.exec("VACUUM");
    db.prepare("DELETE FROM leases WHERE name = ?").run(TEXTS_TO_WIPE_LEASE);
  } catch {
    // Left marked; what secure_delete wiped is still checkpointed below.
  }
  try {
    db.pragma("wal_checkpoint(TRUNCATE)");
  } catch {
    // Busy: the next checkpoint (SQLite's own, or the next open's) moves it.
  }
}

import os from "node:os";
import crypto from "node:crypto";
import type { Db } from "./db.ts";

/** Who this process is, for leases and runs: readable by an operator looking at the log. */
export const HOLDER = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString("hex")}`;

/**
 * A lease is a lock in the log with an expiry: two processes never capture the same account at once,
 * and a process that dies (SIGKILL, power cut) blocks the account only until its lease runs out.
 */
export function acquireLease(db: Db, name: string, ttlMs: number, holder = HOLDER, now = Date.now()): boolean {
  return db.transaction(() => {
    const row = db.prepare("SELECT holder, expires_at FROM leases WHERE name = ?").get(name) as { holder: string; expires_at: number } | undefined;
    if (row && row.holder !== holder && row.expires_at > now) return false;
    db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at")
      .run(name, holder, now + ttlMs);
    return true;
  }).immediate();
}

export function releaseLease(db: Db, name: string, holder = HOLDER): void {
  db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
}

export function leaseHolder(db: Db, name: string, now = Date.now()): string | undefined {
  const row = db.prepare("SELECT holder, expires_at FROM leases WHERE name = ?").get(name) as { holder: string; expires_at: number } | undefined;
  return row && row.expires_at > now ? row.holder : undefined;
}

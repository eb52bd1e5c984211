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
    if (leaseHeldByAnother(db, name, holder, now)) return false;
    db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at")
      .run(name, holder, now + ttlMs);
    return true;
  }).immediate();
}

/** The lease a process holds while it captures the account, until its record is made. */
export const captureLease = (accountId: string): string => `capture:${accountId}`;

/** Whether another process, alive, holds the lease now: what `acquireLease` would refuse. */
export function leaseHeldByAnother(db: Db, name: string, holder = HOLDER, now = Date.now()): boolean {
  const row = db.prepare("SELECT holder, expires_at FROM leases WHERE name = ?").get(name) as { holder: string; expires_at: number } | undefined;
  return !!row && row.holder !== holder && row.expires_at > now && !holderIsGone(row.holder);
}

export function releaseLease(db: Db, name: string, holder = HOLDER): void {
  db.prepare("DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder);
}

export function leaseHolder(db: Db, name: string, now = Date.now()): string | undefined {
  const row = db.prepare("SELECT holder, expires_at FROM leases WHERE name = ?").get(name) as { holder: string; expires_at: number } | undefined;
  return row && row.expires_at > now ? row.holder : undefined;
}

/**
 * A lease whose holder ran on this machine and whose process no longer exists was left by a crash
 * (SIGKILL, out of memory, a reboot): it may be taken over at once instead of blocking the account until it
 * expires (a capture lease lasts 2×timeout + 5 minutes, long enough that an operator would think the
 * account is stuck). A holder on another host, or one whose pid is alive (even if the pid was reused by
 * another program), is respected until its lease runs out: only a certainly dead holder is passed over.
 */
export function holderIsGone(holder: string, host = os.hostname()): boolean {
  const who = parseHolder(holder);
  if (!who || who.host !== host) return false;
  const pid = who.pid;
  // Our own pid with another random part is an earlier process that had the same pid (a restarted container).
  if (pid === process.pid) return holder !== HOLDER;
  return processIsGone(pid);
}

/** The machine and process a holder names (`HOLDER`'s form), or null for another form. */
export function parseHolder(holder: string): { host: string; pid: number } | null {
  const m = /^(.*):(\d+):[0-9a-f]+$/.exec(holder);
  return m ? { host: m[1]!, pid: Number(m[2]) } : null;
}

/** True only when no process has this pid on this machine. */
export function processIsGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch (e) {
    // EPERM: the pid exists but belongs to another user, so it is alive.
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

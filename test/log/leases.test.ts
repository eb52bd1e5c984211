import { describe, it, expect, afterEach } from "vitest";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDb, acquireLease, releaseLease, leaseHolder, holderIsGone, HOLDER, type Db } from "../../src/log/index.ts";

const dirs: string[] = [];
function tempDb(): Db {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-lease-"));
  dirs.push(dir);
  return openDb(path.join(dir, "log.sqlite"));
}
afterEach(() => { for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true }); });

/** The pid of a process that has run and exited: certainly dead (until the kernel hands the number out again). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

const HOUR = 3_600_000;

describe("leases", () => {
  it("a live holder blocks others until its lease runs out", () => {
    const db = tempDb();
    const other = `${os.hostname()}:${process.ppid}:abcdef`; // our parent: alive
    expect(acquireLease(db, "capture:a", HOUR, other)).toBe(true);
    expect(acquireLease(db, "capture:a", HOUR)).toBe(false);
    expect(leaseHolder(db, "capture:a")).toBe(other);
    // Expired: free for anyone.
    expect(acquireLease(db, "capture:a", HOUR, HOLDER, Date.now() + 2 * HOUR)).toBe(true);
    releaseLease(db, "capture:a");
    expect(leaseHolder(db, "capture:a")).toBeUndefined();
    db.close();
  });

  it("a holder on this host whose process is dead is taken over at once", () => {
    const db = tempDb();
    const dead = `${os.hostname()}:${deadPid()}:0a1b2c`;
    expect(holderIsGone(dead)).toBe(true);
    expect(acquireLease(db, "capture:a", 7 * 60_000, dead)).toBe(true);
    expect(acquireLease(db, "capture:a", HOUR)).toBe(true);
    expect(leaseHolder(db, "capture:a")).toBe(HOLDER);
    db.close();
  });

  it("a holder on another host, or a live process, is never passed over", async () => {
    const db = tempDb();
    const elsewhere = `some-other-host:${deadPid()}:0a1b2c`;
    expect(holderIsGone(elsewhere)).toBe(false);
    expect(acquireLease(db, "capture:a", HOUR, elsewhere)).toBe(true);
    expect(acquireLease(db, "capture:a", HOUR)).toBe(false);

    const child = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    try {
      const alive = `${os.hostname()}:${child.pid}:0a1b2c`;
      expect(holderIsGone(alive)).toBe(false);
      expect(acquireLease(db, "capture:b", HOUR, alive)).toBe(true);
      expect(acquireLease(db, "capture:b", HOUR)).toBe(false);
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));
      expect(acquireLease(db, "capture:b", HOUR)).toBe(true);
    } finally {
      child.kill("SIGKILL");
    }
    expect(holderIsGone("not a holder string")).toBe(false);
    expect(holderIsGone(HOLDER)).toBe(false);
    db.close();
  });
});

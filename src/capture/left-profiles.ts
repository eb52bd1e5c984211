import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * Playwright makes a profile folder for each browser it starts (mkdtemp's six characters after the
 * prefix) and removes it when the browser closes; a somarkiv killed outright (SIGKILL, the
 * out-of-memory killer, a container stopped without waiting) leaves it behind, tens of megabytes
 * each time, and a container that restarts its worker a few times fills its temporary space.
 */
const PROFILE = /^playwright_chromiumdev_profile-[A-Za-z0-9]{6}$/;

/**
 * Between Playwright making the folder and the browser having it on its command line (another
 * somarkiv starting its browser as this one looks) lies a moment; a folder changed this recently is
 * left, whatever else is known of it. The browser's launch timeout, with room.
 */
export const PROFILE_GRACE_MS = 120_000;

export interface TempEntry {
  name: string;
  uid: number;
  mtimeMs: number;
}

/**
 * The profile folders left by browsers no longer running (pure): Playwright's by name, this user's
 * (another user's are theirs to clean, and could not be removed), not named by a running process's
 * --user-data-dir, and not made within the grace.
 */
export function leftProfiles(entries: TempEntry[], inUse: ReadonlySet<string>, uid: number, now: number): string[] {
  return entries
    .filter((e) => PROFILE.test(e.name) && e.uid === uid && !inUse.has(e.name) && now - e.mtimeMs > PROFILE_GRACE_MS)
    .map((e) => e.name);
}

/**
 * The names, in `dir`, of the profile folders running processes were started with (a browser and its
 * helpers all carry --user-data-dir); null when the processes cannot be read, and then nothing is
 * known to be left.
 */
function profilesInUse(dir: string): Set<string> | null {
  let pids: string[];
  try { pids = fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n)); } catch { return null; }
  if (pids.length === 0) return null;
  const out = new Set<string>();
  for (const pid of pids) {
    let argv: string[];
    try { argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"); } catch { continue; /* ended while we looked */ }
    for (const arg of argv) {
      if (!arg.startsWith("--user-data-dir=")) continue;
      const p = path.resolve(arg.slice("--user-data-dir=".length));
      if (path.dirname(p) === dir) out.add(path.basename(p));
    }
  }
  return out;
}

/**
 * Removes the profile folders in the temporary folder that browsers killed with somarkiv left, and
 * says how many. Asked at each browser's start, the one moment somarkiv is sure to come back to.
 */
export function removeLeftProfiles(dir = os.tmpdir(), uid = process.getuid?.(), now = Date.now()): { removed: number; dir: string } {
  if (uid === undefined) return { removed: 0, dir };
  let names: string[];
  try { names = fs.readdirSync(dir).filter((n) => PROFILE.test(n)); } catch { return { removed: 0, dir }; }
  if (names.length === 0) return { removed: 0, dir };
  const entries = names.flatMap((name): TempEntry[] => {
    try {
      const st = fs.lstatSync(path.join(dir, name));
      return st.isDirectory() ? [{ name, uid: st.uid, mtimeMs: st.mtimeMs }] : [];
    } catch { return []; }
  });
  const inUse = profilesInUse(path.resolve(dir));
  if (!inUse) return { removed: 0, dir };
  let removed = 0;
  for (const name of leftProfiles(entries, inUse, uid, now)) {
    try { fs.rmSync(path.join(dir, name), { recursive: true, force: true }); removed++; } catch { /* tried again at the next start */ }
  }
  return { removed, dir };
}

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
 * Playwright makes an artifacts folder (where a download or a trace would go) just before each profile
 * folder, and removes both when the browser closes. Nothing names it on the browser's command line, so
 * one in use cannot be told from one left by its owner: see leftArtifacts.
 */
const ARTIFACTS = /^playwright-artifacts-[A-Za-z0-9]{6}$/;

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
 * The artifacts folders left by browsers no longer running (pure). A browser Playwright starts has its
 * profile folder in the same temporary folder as its artifacts folder, for as long as it runs; so while
 * any profile folder there is in use, every artifacts folder may be a running browser's and all are
 * left, and once none is, those of this user older than the grace (a browser starting now) are left over.
 */
export function leftArtifacts(entries: TempEntry[], inUse: ReadonlySet<string>, uid: number, now: number): string[] {
  if (inUse.size > 0) return [];
  return entries
    .filter((e) => ARTIFACTS.test(e.name) && e.uid === uid && now - e.mtimeMs > PROFILE_GRACE_MS)
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
 * Removes the profile and artifacts folders in the temporary folder that browsers killed with somarkiv
 * left, and says how many of each. Asked at each browser's start, the one moment somarkiv is sure to
 * come back to.
 */
export function removeLeftProfiles(dir = os.tmpdir(), uid = process.getuid?.(), now = Date.now()): { removed: number; artifacts: number; dir: string } {
  const none = { removed: 0, artifacts: 0, dir };
  if (uid === undefined) return none;
  let names: string[];
  try { names = fs.readdirSync(dir).filter((n) => PROFILE.test(n) || ARTIFACTS.test(n)); } catch { return none; }
  if (names.length === 0) return none;
  const entries = names.flatMap((name): TempEntry[] => {
    try {
      const st = fs.lstatSync(path.join(dir, name));
      return st.isDirectory() ? [{ name, uid: st.uid, mtimeMs: st.mtimeMs }] : [];
    } catch { return []; }
  });
  const inUse = profilesInUse(path.resolve(dir));
  if (!inUse) return none;
  const remove = (left: string[]) => left.filter((name) => {
    try { fs.rmSync(path.join(dir, name), { recursive: true, force: true }); return true; } catch { return false; /* tried again at the next start */ }
  }).length;
  return { removed: remove(leftProfiles(entries, inUse, uid, now)), artifacts: remove(leftArtifacts(entries, inUse, uid, now)), dir };
}

/** What was removed, as the start of the browser says it. */
export function leftFoldersSaid(left: { removed: number; artifacts: number; dir: string }): string | null {
  const plural = (n: number) => (n === 1 ? "" : "s");
  const what = [
    left.removed ? `${left.removed} browser profile folder${plural(left.removed)} (playwright_chromiumdev_profile-…)` : "",
    left.artifacts ? `${left.artifacts} browser artifacts folder${plural(left.artifacts)} (playwright-artifacts-…)` : "",
  ].filter(Boolean).join(" and ");
  return what ? `removed ${what} from ${left.dir}, left by browsers no longer running when somarkiv was stopped without closing them (killed, or its container stopped)` : null;
}

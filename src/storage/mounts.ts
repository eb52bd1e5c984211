import fs from "node:fs";
import path from "node:path";

/**
 * A folder on a share (a NAS for the store, the registrar's share for the intake) whose share is not
 * mounted is still a path: its mount point is an empty folder on this machine's own disk. Written to,
 * it takes the records, somarkiv counts them stored or delivered, and once the share is mounted it
 * hides them: the registrar never sees them. So a folder below a mount point the system lists in
 * /etc/fstab, while nothing is mounted there, is not written to.
 */

/** Where the system tables are; tests give their own. */
export interface MountTables {
  fstab: string;
  mountinfo: string;
}

const SYSTEM: MountTables = { fstab: "/etc/fstab", mountinfo: "/proc/self/mountinfo" };

/** fstab and mountinfo write a space in a path as \040 (octal escapes). */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** The mount points /etc/fstab names (its second field), less the root and swap. */
export function fstabMountPoints(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t || t.startsWith("#")) continue;
    const fields = t.split(/\s+/);
    const target = fields[1] ? unescapeOctal(fields[1]) : "";
    if (!target.startsWith("/") || target === "/" || fields[2] === "swap") continue;
    out.push(path.resolve(target));
  }
  return out;
}

/** What is mounted now, from /proc/self/mountinfo (its fifth field). */
export function mountedPoints(text: string): Set<string> {
  const out = new Set<string>();
  for (const line of text.split("\n")) {
    const fields = line.split(" ");
    if (fields[4]?.startsWith("/")) out.add(path.resolve(unescapeOctal(fields[4])));
  }
  return out;
}

/** The mount point at or above `dir` that fstab lists and that has nothing mounted on it; null when there is none. Pure. */
export function unmountedMountPointOf(dir: string, fstabPoints: string[], mounted: Set<string>): string | null {
  const target = path.resolve(dir);
  const above = fstabPoints
    .filter((p) => target === p || target.startsWith(p.endsWith("/") ? p : `${p}/`))
    .sort((a, b) => a.length - b.length);
  return above.find((p) => !mounted.has(p)) ?? null;
}

/**
 * The unmounted share `dir` lies on, or null. Null too when the tables cannot be read (not Linux, no
 * fstab): then nothing can be told, and the folder is used as it is.
 */
export function unmountedShare(dir: string, tables: MountTables = SYSTEM): string | null {
  let fstab: string, mountinfo: string;
  try {
    fstab = fs.readFileSync(tables.fstab, "utf8");
    mountinfo = fs.readFileSync(tables.mountinfo, "utf8");
  } catch {
    return null;
  }
  return unmountedMountPointOf(dir, fstabMountPoints(fstab), mountedPoints(mountinfo));
}

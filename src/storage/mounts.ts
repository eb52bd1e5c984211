import fs from "node:fs";
import path from "node:path";
import { shellWord } from "../config/command.ts";

/**
 * A folder on a share (a NAS for the store, the registrar's share for the intake) whose share is not
 * mounted is still a path: its mount point is an empty folder on this machine's own disk. Written to,
 * it takes the records, somarkiv counts them stored or delivered, and once the share is mounted it
 * hides them: the registrar never sees them. So a folder below a mount point the system lists in
 * /etc/fstab, or that an administrator's systemd mount unit names, while nothing is mounted there,
 * is not written to.
 */

/** Where the system tables are; tests give their own. */
export interface MountTables {
  fstab: string;
  mountinfo: string;
  /**
   * The folder of the administrator's systemd units. Only that one: the units shipped with the
   * system (/usr/lib/systemd/system) include ones such as tmp.mount that are often not in use.
   */
  units?: string;
}

const SYSTEM: MountTables = { fstab: "/etc/fstab", mountinfo: "/proc/self/mountinfo", units: "/etc/systemd/system" };

/** A mount point the system is told of, and where: the operator is told how to mount it. */
export interface ListedMount {
  point: string;
  /** Where it is listed, for the message: "/etc/fstab" or the unit's file. */
  listedIn: string;
  /** The command that mounts it. */
  mount: string;
}

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

/**
 * The mount point a systemd mount unit names (its Where= in [Mount]); null for a unit that names none.
 * Such units are how shares are often mounted on servers that keep /etc/fstab for the local disks.
 */
export function mountUnitWhere(text: string): string | null {
  let section = "";
  let where: string | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#") || line.startsWith(";")) continue;
    const head = /^\[(.+)\]$/.exec(line);
    if (head) { section = head[1]!; continue; }
    const setting = /^Where\s*=\s*(.*)$/.exec(line);
    // The last assignment wins, as in systemd.
    if (section === "Mount" && setting) where = setting[1]!.trim() || null;
  }
  return where && where.startsWith("/") && where !== "/" ? path.resolve(where) : null;
}

/** The mount points of the .mount units in `dir`, less masked ones (linked to /dev/null). */
function unitMountPoints(dir: string): ListedMount[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((n) => n.endsWith(".mount"));
  } catch {
    return [];
  }
  const out: ListedMount[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      if (fs.realpathSync(file) === "/dev/null") continue;
      const point = mountUnitWhere(fs.readFileSync(file, "utf8"));
      if (point) out.push({ point, listedIn: `systemd's ${file}`, mount: `systemctl start ${name}` });
    } catch { /* an unreadable unit tells nothing */ }
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

/** The listed mount point at or above `dir` that has nothing mounted on it (the outermost); null when there is none. Pure. */
export function unmountedMountPointOf<T extends string | { point: string }>(dir: string, listed: T[], mounted: Set<string>): T | null {
  const target = path.resolve(dir);
  const pointOf = (l: T) => (typeof l === "string" ? l : l.point);
  const above = listed
    .filter((l) => { const p = pointOf(l); return target === p || target.startsWith(p.endsWith("/") ? p : `${p}/`); })
    .sort((a, b) => pointOf(a).length - pointOf(b).length);
  return above.find((l) => !mounted.has(pointOf(l))) ?? null;
}

/**
 * The unmounted share `dir` lies on, or null. Null too when mountinfo cannot be read (not Linux):
 * then nothing can be told, and the folder is used as it is.
 */
export function unmountedShare(dir: string, tables: MountTables = SYSTEM): ListedMount | null {
  let mountinfo: string;
  try {
    mountinfo = fs.readFileSync(tables.mountinfo, "utf8");
  } catch {
    return null;
  }
  let fstab = "";
  try {
    fstab = fs.readFileSync(tables.fstab, "utf8");
  } catch { /* a machine without fstab may still have mount units */ }
  const listed: ListedMount[] = [
    ...fstabMountPoints(fstab).map((point) => ({ point, listedIn: "/etc/fstab", mount: `mount ${shellWord(point)}` })),
    ...(tables.units ? unitMountPoints(tables.units) : []),
  ];
  return unmountedMountPointOf(dir, listed, mountedPoints(mountinfo));
}

import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";
import { shellWord } from "../config/command.ts";

/**
 * The modes of what somarkiv makes of its own (the log, its backups, the spool, failed captures'
 * screenshots: citizens' words and faces), whatever the umask of the shell it is run from: nothing
 * for others, and a group may read, so that a registrar or an archivist in somarkiv's group can run
 * status, records and verify as themselves. Only given at creation: a mode an operator set is kept.
 * The store and the intake folder are shared by design and keep the umask's modes.
 */
export const PRIVATE_FOLDER = 0o750;
export const PRIVATE_FILE = 0o640;

/** The mode a new file gets from the umask: a shared copy (store, intake) of a private spool file is given it, as copyFile would keep the spool's. */
export function sharedFileMode(): number {
  return 0o666 & ~process.umask();
}

/**
 * Creates a folder and the folders above it, one at a time, never with Node's recursive mkdir: that
 * reports ENOENT ("no such file or directory") when the real failure is a read-only file system or a
 * full disk (nodejs/node#47098, #42808), which sent operators looking for a missing folder, and it
 * never returns under /proc, where mkdir answers ENOENT and EEXIST by turns. Made one at a time,
 * the error that stops it is the true one. A file where a folder should be is said so.
 */
export async function makeFolder(dir: string): Promise<void> {
  for (const d of missingFolders(dir)) {
    try {
      await fsp.mkdir(d);
    } catch (e) {
      if (code(e) !== "EEXIST") throw e;
    }
  }
  await fsp.stat(dir).then((st) => { if (!st.isDirectory()) throw notAFolder(dir); });
}

export function makeFolderSync(dir: string, mode?: number): void {
  for (const d of missingFolders(dir)) {
    try {
      fs.mkdirSync(d, mode === undefined ? undefined : { mode });
    } catch (e) {
      if (code(e) !== "EEXIST") throw e;
    }
  }
  if (!fs.statSync(dir).isDirectory()) throw notAFolder(dir);
}

// What to do is said by whoever catches it: a file in the store, beside the log or on the way to either
// is mended in different places, and "check the path in the configuration" sent the operator to a
// setting that was right.
function notAFolder(dir: string): Error {
  return Object.assign(new Error(`${dir} is a file, not a folder, so somarkiv cannot make its folder there`), { code: "ENOTDIR", path: dir });
}

/**
 * The file that stands where a folder of `p`'s path should be: ENOTDIR names the path asked for, not
 * the file in its way. `p` itself, or the nearest above it that is there; undefined when none is a file.
 */
export function fileOnPath(p: string): string | undefined {
  for (let at = path.resolve(p); ; at = path.dirname(at)) {
    try {
      return fs.statSync(at).isDirectory() ? undefined : at;
    } catch {
      // Not there, or below a file: the file is further up.
    }
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * What to add to a "read-only file system" message when somarkiv runs as a systemd service (systemd
 * sets INVOCATION_ID): the unit's ProtectSystem=strict makes every folder read-only but those in its
 * ReadWritePaths, so a share that is writable for everyone else is read-only for the service.
 */
export function readOnlyHint(dir: string): string {
  return process.env.INVOCATION_ID
    ? `; somarkiv runs as a systemd service, whose unit makes every folder read-only except those in its ReadWritePaths: if the disk itself is writable, add the folder there (systemctl edit somarkiv, then under [Service]: ReadWritePaths=${dir}) and restart the service`
    : "";
}

/** A file or folder that belongs to another user than the one somarkiv runs as. */
export interface ForeignOwner {
  path: string;
  /** Its owner's name. */
  owner: string;
  /** The name of the user somarkiv runs as. */
  me: string;
  /** The folder to give back: the path itself when it is one, else its folder. */
  folder: string;
}

/**
 * Whether `p` (or, when it is not made yet, the nearest folder above it) belongs to another user than
 * the one somarkiv runs as. The usual cause of "permission denied" on somarkiv's own files is a first
 * command run as root or as a person before the service ran, which left its files to that user.
 */
export function foreignOwner(p: string | undefined, uid = process.getuid?.()): ForeignOwner | null {
  if (!p || uid === undefined) return null;
  let at = path.resolve(p);
  while (!fs.existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  let st: fs.Stats;
  try { st = fs.statSync(at); } catch { return null; }
  if (st.uid === uid) return null;
  return { path: at, owner: userName(st.uid), me: userName(uid), folder: st.isDirectory() ? at : path.dirname(at) };
}

/**
 * What to do about it, in one sentence: both ways, as neither is always right, and neither assuming
 * sudo, which a container or a minimal server does not have.
 */
export function foreignOwnerFix(o: ForeignOwner): string {
  return `Either give the files to ${o.me}, if somarkiv is to run as ${o.me} (as root: chown -R ${o.me}: ${shellWord(o.folder)}), or run the command as the user ${o.owner}, who owns them.`;
}

/** The same, to add to a "permission denied" message; empty when the owners agree or cannot be read. */
export function ownerHint(p: string | undefined, uid = process.getuid?.()): string {
  const o = foreignOwner(p, uid);
  return o ? `: it belongs to the user ${o.owner}, and somarkiv runs as ${o.me} here. ${foreignOwnerFix(o).replace(/\.$/, "")}` : "";
}

/**
 * Only who owns it, for folders that may rightly belong to someone else (the registrar's share, a
 * store on a NAS), where giving them to somarkiv's user would be the wrong advice.
 */
export function ownerNote(p: string | undefined, uid = process.getuid?.()): string {
  const o = foreignOwner(p, uid);
  return o ? ` (${o.path} belongs to the user ${o.owner}, and somarkiv runs as ${o.me} here)` : "";
}

/** The name of a user id, from /etc/passwd; "#1001" when it has none. */
export function userName(uid: number): string {
  try {
    for (const line of fs.readFileSync("/etc/passwd", "utf8").split("\n")) {
      const [name, , id] = line.split(":");
      if (Number(id) === uid && name) return name;
    }
  } catch { /* no passwd file: the number serves */ }
  return `#${uid}`;
}

/** The folders of `dir`'s path that do not exist, outermost first. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = path.resolve(dir); !fs.existsSync(d); d = path.dirname(d)) {
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  return missing;
}

function code(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException | null)?.code;
}

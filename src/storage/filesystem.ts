import { randomBytes } from "node:crypto";
import { constants, existsSync } from "node:fs";
import * as fsp from "node:fs/promises";
import path from "node:path";
import { ObjectConflictError, type ObjectStore, type StoreFinding, type StoredObject } from "./types.ts";
import { StorageError } from "./errors.ts";
import { sha256File } from "./hash.ts";
import { localFileAsRecorded } from "./local-file.ts";
import { assertSafeKey } from "./keys.ts";
import { fileOnPath, makeFolder, ownerNote, readOnlyHint, sharedFileMode } from "./folder.ts";
import { unmountedShare, type ListedMount, type MountTables } from "./mounts.ts";
import { unsetSettingSaid } from "../config/data-place.ts";

const TEMP_MARK = ".somarkiv-tmp";

/** The system's own folders, where no store's folder can be made, though root may write there by its rights. */
const SYSTEM_FOLDER = /^\/(proc|sys|dev)(\/|$)/;

/**
 * Files a file browser leaves in a folder a person has opened (Finder's .DS_Store and ._ files,
 * Windows Explorer's Thumbs.db and desktop.ini). They are not records, and list() does not offer
 * them: verify took each for a record removed from the log, and failed for ever on a share people browse.
 */
function isBrowserLeftover(name: string): boolean {
  return name === ".DS_Store" || name.startsWith("._") || /^(thumbs\.db|desktop\.ini|ehthumbs\.db)$/i.test(name);
}

/** Temporary names start with a dot and carry a marker, so list() and people browsing the folder can tell them apart. */
function isTempName(name: string): boolean {
  return name.startsWith(".") && name.includes(TEMP_MARK);
}

/** The path a file system error names, when it names one: for a copy, where it was going. */
function errPath(e: unknown): string | undefined {
  const err = e as (NodeJS.ErrnoException & { dest?: unknown }) | null;
  const p = err?.dest ?? err?.path;
  return typeof p === "string" ? p : undefined;
}

function errCode(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "code" in e ? String((e as { code: unknown }).code) : undefined;
}

/**
 * Records kept as files under one folder. A file is written under a temporary name, flushed to disk, then
 * hard-linked into place: link() fails when the name exists, so two writers can never overwrite each other
 * and a half-written file never appears under a record's name.
 */
export class FilesystemStore implements ObjectStore {
  readonly description: string;
  readonly storageUnset: boolean;
  private unmounted: ListedMount | null = null;
  private mountsReadAt = 0;

  /**
   * `holdsRecords`: whether the log says records are stored here. Then a store folder that is not
   * there (a share mounted some other way, a folder moved, a mistyped path) is not made anew, empty,
   * beside the records: the records wait in the spool until it is back. `storageUnset`: the folder is
   * the default one, as "storage:" is not in the configuration file.
   */
  constructor(readonly root: string, private readonly options: { mounts?: MountTables; holdsRecords?: () => boolean; storageUnset?: boolean } = {}) {
    if (!path.isAbsolute(root)) throw new Error(`The storage folder must be an absolute path, got "${root}".`);
    this.description = `the folder ${root}`;
    this.storageUnset = options.storageUnset === true;
  }

  /**
   * A store folder on a share that is not mounted would be a folder on this machine's own disk,
   * hidden once the share is mounted: the records there would be lost to view. Such a store is
   * unreachable, as a store that is down: records wait in the spool.
   */
  private ensureMounted(): void {
    // verify asks once per object: the tables are read again at most once a second.
    const now = Date.now();
    if (now - this.mountsReadAt > 1000) {
      this.unmounted = unmountedShare(this.root, this.options.mounts);
      this.mountsReadAt = now;
    }
    const share = this.unmounted;
    if (share) throw new StorageError("unreachable", `The share mounted at ${share.point}, which holds ${this.description}, is not mounted (it is listed in ${share.listedIn}). Nothing is written under the empty mount point, where the share would hide it once mounted; records wait in the spool until the share is mounted (${share.mount}).`, { spoolSaid: true });
  }

  /**
   * The folder is not there though the log says records were stored in it: made anew, it would take
   * the next records apart from the earlier ones, where nobody looks.
   */
  private goneWithRecords(): StorageError | undefined {
    if (!this.options.holdsRecords || existsSync(this.root) || !this.options.holdsRecords()) return undefined;
    // Without "storage:" the folder follows from the configuration file's place: the file moved moves it.
    const named = this.storageUnset
      ? `or the configuration file moved (${unsetSettingSaid("storage", "the records", this.root)})`
      : `or storage.path in the configuration names the wrong folder`;
    const found = this.storageUnset ? `storage.path in the configuration names where it is now` : `the configuration names where it is now`;
    return new StorageError("unreachable", `${this.description} is not there, though the log has records stored in it: a share that is not mounted, a folder moved or renamed, ${named}. Nothing is made in its place, apart from the records stored so far; records wait in the spool until the folder is back, or ${found}.`, { spoolSaid: true });
  }

  fullKey(key: string): string {
    assertSafeKey(key);
    return key;
  }

  /** Where the object lives on disk. */
  pathOf(key: string): string {
    assertSafeKey(key);
    return path.join(this.root, ...key.split("/"));
  }

  async put(key: string, localPath: string, sha256: string): Promise<StoredObject> {
    this.ensureMounted();
    const gone = this.goneWithRecords();
    if (gone) throw gone;
    const finalPath = this.pathOf(key);
    const expected = sha256.toLowerCase();
    const local = await localFileAsRecorded(localPath, sha256, "stored");

    const existing = await this.hashPath(finalPath);
    if (existing) return this.sameOrConflict(key, existing, expected);

    const dir = path.dirname(finalPath);
    await this.guard(() => makeFolder(dir), `create the folder ${dir}`);
    const temp = path.join(dir, `.${path.basename(finalPath)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_MARK}`);
    try {
      // Named by the record's key: the temporary file's name is somarkiv's own, and says nothing to an operator.
      await this.guard(() => fsp.copyFile(localPath, temp, constants.COPYFILE_EXCL), `store ${key}`);
      await fsp.chmod(temp, sharedFileMode());
      await fsyncPath(temp, "r+");
      const written = await sha256File(temp);
      if (written.sha256 !== expected || written.bytes !== local.bytes) {
        throw new StorageError("checksum", `The copy written to ${dir} did not match the original (SHA-256 ${written.sha256} instead of ${expected}); the disk may be failing. Nothing was stored under ${key}.`);
      }
      // Read-only, so that a slip by a person or another program is less likely to change a record.
      await fsp.chmod(temp, 0o444);
      try {
        await fsp.link(temp, finalPath);
      } catch (e) {
        const code = errCode(e);
        if (code === "EEXIST") {
          // Another writer got there first (or a retried upload): the content decides.
          const other = await this.hashPath(finalPath);
          if (other) return this.sameOrConflict(key, other, expected);
          // Something is there that cannot be read as a file: a link to nowhere, put there by someone.
          const target = await fsp.readlink(finalPath).catch(() => undefined);
          throw new ObjectConflictError(key, `${this.description} already holds ${key}, as ${target !== undefined ? `a link to ${path.resolve(dir, target)}, which does not exist` : "something that is not a readable file"}; somarkiv never overwrites what is under a record's name, so the record is not stored. Find out who put it there; once it is moved away, the record is stored at the next run.`);
        }
        if (code === "EPERM" || code === "ENOTSUP" || code === "EOPNOTSUPP" || code === "ENOSYS") {
          // Some network shares do not allow hard links; an exclusive copy still never overwrites.
          await this.exclusiveCopy(temp, finalPath, key, expected);
        } else {
          throw this.translate(e, `store ${key}`);
        }
      }
    } finally {
      await fsp.unlink(temp).catch(() => undefined);
    }
    await fsyncDir(dir);
    await removeStaleTemps(dir, path.basename(finalPath));

    const confirmed = await this.hashPath(finalPath);
    if (!confirmed || confirmed.sha256 !== expected || confirmed.bytes !== local.bytes) {
      throw new StorageError("checksum", `After storing ${key} in ${this.description}, reading it back gave other content (SHA-256 ${confirmed?.sha256 ?? "none"} instead of ${expected}). Check the disk; the record is not counted as stored.`);
    }
    return { key, fullKey: this.fullKey(key), sha256: confirmed.sha256, bytes: confirmed.bytes };
  }

  async has(key: string): Promise<boolean> {
    this.ensureMounted();
    const p = this.pathOf(key);
    try {
      await fsp.stat(p);
      return true;
    } catch (e) {
      if (errCode(e) === "ENOENT") return false;
      throw this.translate(e, `look for ${p}`);
    }
  }

  async hash(key: string): Promise<StoredObject | null> {
    this.ensureMounted();
    const p = this.pathOf(key);
    const d = await this.hashPath(p);
    if (!d) return null;
    const target = await fsp.readlink(p).catch(() => undefined);
    return { key, fullKey: this.fullKey(key), sha256: d.sha256, bytes: d.bytes, ...(target !== undefined ? { link: { path: p, target: path.resolve(path.dirname(p), target) } } : {}) };
  }

  async *list(under?: string): AsyncIterable<{ key: string; bytes: number }> {
    this.ensureMounted();
    const parts = (under ?? "").split("/").filter(Boolean);
    yield* this.walk(path.join(this.root, ...parts), parts);
  }

  async download(key: string, localPath: string): Promise<void> {
    this.ensureMounted();
    const src = this.pathOf(key);
    const dir = path.dirname(localPath);
    await makeFolder(dir);
    const temp = path.join(dir, `.${path.basename(localPath)}.${process.pid}.${randomBytes(6).toString("hex")}${TEMP_MARK}`);
    try {
      await fsp.copyFile(src, temp);
      // The stored file is read-only; the local copy is a working file and should not inherit that.
      await fsp.chmod(temp, 0o644);
      await fsyncPath(temp, "r+");
      await fsp.rename(temp, localPath);
    } catch (e) {
      await fsp.unlink(temp).catch(() => undefined);
      if (errCode(e) === "ENOENT" && !(await exists(src))) {
        throw new StorageError("missing", `There is no object named ${key} in ${this.description}.`, { cause: e });
      }
      throw this.translate(e, `copy ${key} to ${localPath}`);
    }
  }

  /**
   * What `config check` says about the folder: there (or one somarkiv may make) and writable. Never
   * throws, and leaves nothing (a folder it tries to make beside one not there is taken away again):
   * a check that made a folder moved away put an empty one in its place (then "holds none of the
   * records" sent the operator to a setting that was right), and one under a share's mount point not
   * listed in fstab would take the next records where nobody looks.
   */
  async check(): Promise<StoreFinding[]> {
    const lockWarning: StoreFinding = { level: "warning", message: `A folder cannot lock records against deletion the way an object store with Object Lock can; make sure it is backed up and that only somarkiv's user may write to it.` };
    try {
      this.ensureMounted();
      const gone = this.goneWithRecords();
      if (gone) return [{ level: "error", message: gone.message }];
      if (!existsSync(this.root)) {
        const nearest = nearestFolderThere(this.root);
        const st = await fsp.stat(nearest);
        if (!st.isDirectory()) throw Object.assign(new Error(`${nearest} is a file`), { code: "ENOTDIR", path: nearest });
        try {
          await fsp.access(nearest, constants.W_OK | constants.X_OK);
        } catch (e) {
          if (errCode(e) !== "EACCES" && errCode(e) !== "EPERM") throw e;
          return [{ level: "error", message: `${this.description} is not there, and somarkiv's user may not make it: it may not write in ${nearest}${ownerNote(nearest)}. Make the folder, or give the user that runs somarkiv write access to ${nearest}.` }];
        }
        // Root may write anywhere by its rights, also in /proc, where no folder can be made: said "ok",
        // then the first capture failed there. A folder is made and taken away again, leaving nothing.
        const probe = path.join(nearest, `.check.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_MARK}`);
        try {
          await fsp.mkdir(probe);
        } catch (e) {
          const system = SYSTEM_FOLDER.test(nearest) ? ` (${nearest} is the system's own, not a folder on a disk)` : "";
          return [{ level: "error", message: `${this.description} is not there, and no folder can be made in ${nearest}${system}: the system refused (${errCode(e) ?? (e as Error).message}). Set storage.path to a folder on a disk that somarkiv's user may write to.` }];
        }
        await fsp.rmdir(probe).catch(() => undefined);
        return [{ level: "ok", message: `Records are stored in ${this.description}, which is not there yet; somarkiv makes it when it stores the first record (it may write in ${nearest}).` }, lockWarning];
      }
      const probe = path.join(this.root, `.check.${process.pid}.${randomBytes(4).toString("hex")}${TEMP_MARK}`);
      await fsp.writeFile(probe, "", { flag: "wx" });
      await fsp.unlink(probe);
      return [{ level: "ok", message: `Records are stored in ${this.description}, which somarkiv can write to.` }, lockWarning];
    } catch (e) {
      return [{ level: "error", message: this.translate(e, "write").message }];
    }
  }

  private async *walk(dir: string, parts: string[]): AsyncIterable<{ key: string; bytes: number }> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (e) {
      if (errCode(e) === "ENOENT") return;
      throw this.translate(e, `read the folder ${dir}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      if (isTempName(ent.name) || isBrowserLeftover(ent.name)) continue;
      const full = path.join(dir, ent.name);
      if (ent.isDirectory()) {
        yield* this.walk(full, [...parts, ent.name]);
      } else if (ent.isFile()) {
        const st = await fsp.stat(full);
        yield { key: [...parts, ent.name].join("/"), bytes: st.size };
      }
    }
  }

  private async exclusiveCopy(temp: string, finalPath: string, key: string, expected: string): Promise<void> {
    try {
      await fsp.copyFile(temp, finalPath, constants.COPYFILE_EXCL);
      await fsyncPath(finalPath, "r");
      await fsp.chmod(finalPath, 0o444).catch(() => undefined);
    } catch (e) {
      if (errCode(e) === "EEXIST") {
        const other = await this.hashPath(finalPath);
        if (other) {
          this.sameOrConflict(key, other, expected);
          return;
        }
      }
      throw this.translate(e, `store ${key}`);
    }
  }

  private sameOrConflict(key: string, existing: { sha256: string; bytes: number }, expected: string): StoredObject {
    if (existing.sha256 === expected) return { key, fullKey: this.fullKey(key), sha256: existing.sha256, bytes: existing.bytes };
    throw new ObjectConflictError(key, `${this.description} already holds ${key} with other content (SHA-256 ${existing.sha256}, not ${expected}); somarkiv never overwrites a record, so the existing file was left as it is.`);
  }

  private async hashPath(p: string): Promise<{ sha256: string; bytes: number } | null> {
    try {
      return await sha256File(p);
    } catch (e) {
      if (errCode(e) === "ENOENT") return null;
      throw this.translate(e, `read ${p}`);
    }
  }

  private async guard<T>(fn: () => Promise<T>, what: string): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.translate(e, what);
    }
  }

  private translate(e: unknown, what: string): Error {
    return storeError(e, what, this);
  }
}

/**
 * A file system error met while working in the store's folder, in plain words and named by its kind
 * (one the operator must act on, such as a permission or a read-only disk, is access-denied). Apart
 * from the class so that it can be tried with the errors root meets too: file modes do not stop root.
 */
export function storeError(e: unknown, what: string, store: { root: string; description: string; storageUnset?: boolean }): Error {
  if (e instanceof StorageError || e instanceof ObjectConflictError) return e;
  const code = errCode(e);
  const msg = e instanceof Error ? e.message : String(e);
  switch (code) {
    case "EACCES":
    case "EPERM":
      return new StorageError("access-denied", { request: what, said: (request) => `somarkiv may not ${request} in ${store.description}: permission denied${ownerNote(errPath(e) ?? store.root)}.` }, { cause: e, mend: "Give the user that runs somarkiv write access to the folder." });
    case "ENOSPC":
      return new StorageError("other", { request: what, said: (request) => `Could not ${request}: the disk holding ${store.description} is full. Free space on it, or give the store more room; the record waits in the spool, and the worker's next wake or "somarkiv deliver" stores it.` }, { cause: e, spoolSaid: true });
    case "EROFS":
      return new StorageError("access-denied", { request: what, said: (request) => `Could not ${request}: ${store.description} is on a read-only file system${readOnlyHint(store.root) || "; ask IT to mount it writable (a disk with errors is made read-only by the system: have it checked)"}. The record waits in the spool meanwhile, and "somarkiv deliver" or the worker's next wake stores it once the folder can be written.` }, { cause: e, spoolSaid: true });
    case "ENOTDIR": {
      const file = fileOnPath(errPath(e) ?? store.root);
      if (!file) return new StorageError("other", { request: what, said: (request) => `Could not ${request}: part of the path in ${store.description} is a file, not a folder.` }, { cause: e });
      // A file inside the store (one named 2026-H2 where the half-year's folder goes): the store's
      // folder is right, and that file is what is to be moved; somarkiv makes the folders itself.
      if (file.startsWith(store.root + path.sep)) {
        return new StorageError("other", { request: what, said: (request) => `Could not ${request}: ${file} is a file, where somarkiv keeps a folder of records in ${store.description}.` }, { cause: e, mend: `The store's folder is right: move that file out of it, or rename it (a person or another program put it there; somarkiv never makes a file of that name, and makes the folder itself).` });
      }
      return new StorageError("other", { request: what, said: (request) => `Could not ${request}: ${file} is a file, not a folder, so ${store.description} cannot be there.` }, { cause: e, mend: fileAtOrAboveStore(file, store) });
    }
    case "ENOENT":
      // A folder made with its parents cannot be "not there" on a disk: the path is in one of the
      // system's own (/proc, /sys), where no folder can be made. "Retried by deliver" could not help.
      if (what.startsWith("create the folder")) {
        const at = errPath(e) ?? store.root;
        return new StorageError("other", { request: what, said: (request) => `Could not ${request}: no folder can be made at ${at}${SYSTEM_FOLDER.test(at) ? ", which is in the system's own folders, not on a disk" : ""}.` }, { cause: e, mend: `Set storage.path in the configuration to a folder on a disk that somarkiv's user may write to ("somarkiv config check" says when it can); the record waits in the spool, and "somarkiv deliver" stores it then.`, spoolSaid: true });
      }
      return new StorageError("other", { request: what, said: (request) => `Could not ${request} in ${store.description}: ${msg}` }, { cause: e });
    default:
      return new StorageError("other", { request: what, said: (request) => `Could not ${request} in ${store.description}: ${msg}` }, { cause: e });
  }
}

/**
 * What to do about a file where the store's folder, or one above it, goes. Without "storage:" in the
 * configuration the folder follows from where the file is, and an operator sent to "check
 * storage.path" looked for a setting their file does not have.
 */
function fileAtOrAboveStore(file: string, store: { root: string; storageUnset?: boolean }): string {
  if (store.storageUnset) {
    return `${unsetSettingSaid("storage", "the records", store.root)}${file === store.root ? "" : " and runs through that file"}: move that file away, or set storage.path in the configuration (storage: { type: filesystem, path: /var/lib/somarkiv/objects }) to keep the records in a folder of their own.`;
  }
  return file === store.root ? `Set storage.path in the configuration to the folder for the records, not a file.` : `Check storage.path in the configuration, which runs through that file; if the folder is to be there, move the file.`;
}

async function fsyncPath(p: string, flags: "r" | "r+"): Promise<void> {
  const fh = await fsp.open(p, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Flushes a folder's entries, so a rename or link survives a power cut. Some systems cannot fsync a folder; that is not an error. */
export async function fsyncDir(dir: string): Promise<void> {
  let fh: fsp.FileHandle | undefined;
  try {
    fh = await fsp.open(dir, "r");
    await fh.sync();
  } catch (e) {
    const code = errCode(e);
    if (code !== "EINVAL" && code !== "EISDIR" && code !== "EPERM" && code !== "EBADF") throw e;
  } finally {
    await fh?.close();
  }
}

/**
 * A crash in the middle of a write leaves a temporary file beside the record. They are never taken for records
 * (list() skips them); this clears those older than an hour for the same name, once that name is safely stored.
 */
async function removeStaleTemps(dir: string, base: string): Promise<void> {
  const cutoff = Date.now() - 60 * 60 * 1000;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!isTempName(name) || !name.startsWith(`.${base}.`)) continue;
    const p = path.join(dir, name);
    const st = await fsp.stat(p).catch(() => undefined);
    if (st && st.mtimeMs < cutoff) await fsp.unlink(p).catch(() => undefined);
  }
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.access(p);
    return true;
  } catch {
    return false;
  }
}

/** The folder itself, or the nearest folder above it that is there (or a file in the way). */
function nearestFolderThere(dir: string): string {
  let p = path.resolve(dir);
  while (!existsSync(p) && path.dirname(p) !== p) p = path.dirname(p);
  return p;
}

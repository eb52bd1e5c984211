import { agreeing, counted } from "../words/counted.ts";
import fs from "node:fs/promises";
import { constants as fsConstants } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { sha256File } from "../storage/hash.ts";
import { sharedFileMode } from "../storage/folder.ts";
import { ownerNote, readOnlyHint } from "../storage/folder.ts";
import { unmountedShare, type MountTables } from "../storage/mounts.ts";
import { FOLDER_GUIDE, folderGuide, guideFacts } from "./guide.ts";
import { shellWord } from "../config/command.ts";
import { DeliveryError, type DeliveryItem, type DeliveryReceipt, type GuideFacts, type IntakeFinding, type IntakeTarget, asSentence } from "./types.ts";

/**
 * The registrar's import folder (a share of the case-management system, or archive/intake by default).
 * Files appear there complete or not at all: each is written under a hidden temporary name in the same
 * folder, flushed to disk, then hard-linked to its final name. link() fails if the name exists, so a
 * file the registrar already has is never overwritten, not even in a race with another worker.
 */
export function directoryTarget(folder: string, options: { mounts?: MountTables; readme?: boolean; deliveredTo?: (target: string) => number; ownFolder?: string } = {}): IntakeTarget {
  const dir = path.resolve(folder);
  const name = `directory:${dir}`;
  const delivered = () => options.deliveredTo?.(name) ?? 0;
  return {
    name,
    async deliver(item: DeliveryItem): Promise<DeliveryReceipt> {
      const unmounted = notMounted(dir, options.mounts);
      if (unmounted) throw unmounted;
      await ensureFolder(dir, delivered);
      // PDF first: a manifest in the folder then always means its PDF is there too.
      const pdf = await placeFile(dir, item.pdfName, item.pdfPath);
      const manifest = await placeFile(dir, item.manifestName, item.manifestPath);
      // What the e-mail would tell the registrar (how the diary number gets back) is told in the folder.
      // The record is in the folder by now: a guide that cannot be written (the disk full, the file held
      // open on the registrar's PC) is said, and fails no delivery, where every retry of a record the
      // folder had failed on it.
      const aside = options.readme ? await placeGuide(dir, folderGuide(guideFacts(item), dir)).then(() => undefined, (e: Error) => `the instructions file (LÄS MIG) in the folder could not be written: ${e.message}`) : undefined;
      await removeLeftovers(dir);
      await syncFolder(dir);
      return { receipt: `${pdf}\n${manifest}`, ...(aside ? { aside } : {}) };
    },
    /**
     * After a capture run or a wake, with no delivery: an account that failed must show in the folder
     * too. A folder never made is made only for an account that failed (as a delivery makes it): one
     * not taken yet is every account until the capture month, and no news.
     */
    async refreshGuide(facts: GuideFacts): Promise<void> {
      if (!options.readme) return;
      const unmounted = notMounted(dir, options.mounts);
      if (unmounted) throw unmounted;
      const there = await fs.stat(dir).then(() => true, () => false);
      if (!there && !facts.notYetTaken?.accounts.some((a) => a.failed)) return;
      await ensureFolder(dir, delivered);
      await placeGuide(dir, folderGuide(facts, dir));
    },
    check: async () => {
      const unmounted = notMounted(dir, options.mounts);
      return unmounted ? [{ level: "error", message: asSentence(unmounted.message) }] : checkFolder(dir, delivered, options.ownFolder);
    },
  };
}

/**
 * The registrar's share, not mounted: its mount point is an empty folder on this machine's own disk.
 * A delivery there would count as done, and the share, once mounted, would hide it from the registrar.
 */
function notMounted(dir: string, mounts?: MountTables): DeliveryError | null {
  const share = unmountedShare(dir, mounts);
  return share ? new DeliveryError(`the registrar's share at ${share.point} is not mounted (it is listed in ${share.listedIn}), so ${dir} would be a folder on this machine's own disk, where the registrar never looks; the delivery waits until the share is mounted (${share.mount})`) : null;
}

/**
 * The folder is there (or can be made, as the first delivery makes it) and takes a file: a share
 * that is not mounted, or mounted read-only, is better found now than at the half-year change.
 */
async function checkFolder(dir: string, delivered: () => number, ownFolder?: string): Promise<IntakeFinding[]> {
  const error = (e: DeliveryError): IntakeFinding[] => [{ level: "error", message: asSentence(e.message) }];
  let there = dir;
  try {
    const stat = await fs.stat(dir);
    if (!stat.isDirectory()) return error(new DeliveryError(`the registrar's folder ${dir} is not a folder but a file; check the intake path in the configuration`));
  } catch (e) {
    if (code(e) !== "ENOENT") return error(folderError(e, dir));
    const gone = folderGone(dir, delivered());
    if (gone) return error(gone);
    there = path.dirname(dir);
    // Not an error yet: the folder it should be in may be one somarkiv makes at its first capture
    // (archive/, beside the log). A delivery then would wait, and say so.
    const inOwn = ownFolder !== undefined && !path.relative(path.resolve(ownFolder), dir).startsWith("..");
    // In somarkiv's own data folder (archive/, the intake left out): made with it, nothing to check.
    if (inOwn && !delivered() && !(await fs.stat(there).then(() => true, () => false)))
      return [{ level: "ok", message: `The folder ${dir} is not there yet; somarkiv makes it, in its own data folder ${path.resolve(ownFolder)}, when it delivers the first record.` }];
    if (!(await fs.stat(there).then((s) => s.isDirectory(), () => false)))
      return [{ level: "warning", message: `The folder ${dir} does not exist, nor does the folder it should be in (${there}). If that is somarkiv's own data folder, the first capture makes it; if the intake is on the registrar's share, check the path and that the share is mounted: until then records wait for delivery.` }];
  }
  const probe = path.join(there, `.check.${randomBytes(4).toString("hex")}.tmp`);
  try {
    await fs.writeFile(probe, "", { flag: "wx" });
    await fs.unlink(probe);
  } catch (e) {
    return error(folderError(e, there));
  }
  return [{ level: "ok", message: there === dir
    ? `Records are delivered to the folder ${dir}, which somarkiv can write to.`
    : `Records are delivered to the folder ${dir}, which the first delivery creates in ${there}.` }];
}

/**
 * Creates the folder when only the folder itself is missing (its parent exists): that is the normal
 * first run with the default archive/intake, and harmless for a share that is mounted (one that is
 * not is caught before, by notMounted). When the parent is missing too
 * the path is most likely wrong or a network share is not mounted; creating a tree there would hide
 * the records where the registrar never looks, so that is an error instead.
 */
async function ensureFolder(dir: string, delivered: () => number): Promise<void> {
  let stat;
  try {
    stat = await fs.stat(dir);
  } catch (error) {
    if (code(error) === "ENOENT") {
      const gone = folderGone(dir, delivered());
      if (gone) throw gone;
      try {
        await fs.mkdir(dir);
        return;
      } catch (mkdirError) {
        if (code(mkdirError) === "EEXIST") return ensureFolder(dir, delivered);
        if (code(mkdirError) === "ENOENT")
          throw new DeliveryError(`the folder ${dir} does not exist, nor does the folder it should be in (${path.dirname(dir)}); check the intake path in the configuration, or whether the registrar's share is mounted`);
        throw folderError(mkdirError, dir);
      }
    }
    throw folderError(error, dir);
  }
  if (!stat.isDirectory())
    throw new DeliveryError(`the registrar's folder ${dir} is not a folder but a file; check the intake path in the configuration`);
}

/**
 * The registrar's folder, missing though the log has delivered records to it: moved or renamed
 * (`mv intake intake.gone`), removed, or a share mounted some other way. Made anew and empty, it
 * would split the registrar's records over two folders without a word, as the store's folder is not
 * made anew either. The delivery waits, and is tried again, until the folder is back; one moved on
 * purpose is made by hand, which says that records may go on into a new folder. Null when the log has
 * delivered nothing there (the first delivery makes it).
 */
function folderGone(dir: string, delivered: number): DeliveryError | null {
  if (!delivered) return null;
  return new DeliveryError(`the registrar's folder ${dir} is not there, though ${counted(delivered, "record")} ${agreeing(delivered, "was", "were")} delivered to it: it was moved, renamed or removed, or is on a share that is not mounted. It is not made anew, which would split the registrar's records over two folders; put it back where it was, with its records. If it was moved on purpose and records are to go on into a new, empty folder there, make that folder by hand (mkdir ${shellWord(dir)}); the records wait until then`);
}

/**
 * Places one file under its final name; returns the final path. The bytes are copied inside the
 * kernel (fs.copyFile): no whole record passes through the process's memory.
 */
async function placeFile(dir: string, name: string, source: string): Promise<string> {
  if (name !== path.basename(name) || name.startsWith("."))
    throw new DeliveryError(`the file name ${JSON.stringify(name)} cannot be used in the registrar's folder`, true);
  const finalPath = path.join(dir, name);
  const tempPath = path.join(dir, `.${name}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.copyFile(source, tempPath, fsConstants.COPYFILE_EXCL);
    await fs.chmod(tempPath, sharedFileMode());
    const handle = await fs.open(tempPath, "r+");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(tempPath, finalPath);
    } catch (error) {
      if (code(error) !== "EEXIST") throw error;
      await compareExisting(finalPath, name, dir, source);
    }
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw await blame(error, source, dir);
  } finally {
    await fs.unlink(tempPath).catch(() => {
      // The temporary file may never have been created; a leftover dot-file is harmless and hidden.
    });
  }
  return finalPath;
}

/** somarkiv's own temporary names in the registrar's folder (placeFile, placeGuide, checkFolder), and no one else's. */
const LEFTOVER = /^\.(?:.+\.[0-9a-f]{12}|check\.[0-9a-f]{8})\.tmp$/;

/**
 * A process killed in the middle of a copy leaves its temporary file in the registrar's folder: hidden
 * on Linux, but a half PDF named ".facebook-kommun_2026-H2_v1.pdf.3f9a….tmp" to a registrar on a
 * Windows share. Those older than an hour (no copy takes that long; one of another worker at work
 * now is younger) are removed at the next delivery. Never fails a delivery.
 */
async function removeLeftovers(dir: string): Promise<void> {
  const cutoff = Date.now() - 60 * 60 * 1000;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (!LEFTOVER.test(name)) continue;
    const p = path.join(dir, name);
    const st = await fs.lstat(p).catch(() => undefined);
    if (st?.isFile() && st.mtimeMs < cutoff) await fs.unlink(p).catch(() => undefined);
  }
}

/**
 * The instructions file is somarkiv's own, not a record: it is replaced whole (written aside, then
 * renamed over the old one), so a registrar never opens half of it.
 */
async function placeGuide(dir: string, text: string): Promise<void> {
  const finalPath = path.join(dir, FOLDER_GUIDE);
  if ((await fs.readFile(finalPath, "utf8").catch(() => null)) === text) return;
  const tempPath = path.join(dir, `.guide.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await fs.writeFile(tempPath, text, { flag: "wx" });
    await fs.rename(tempPath, finalPath);
  } catch (error) {
    await fs.unlink(tempPath).catch(() => undefined);
    throw folderError(error, dir);
  }
}

/** The same bytes already there means an earlier attempt got this far before a crash: that counts as delivered. */
async function compareExisting(finalPath: string, name: string, dir: string, source: string): Promise<void> {
  let same: boolean;
  try {
    const [a, b] = await Promise.all([sha256File(finalPath), sha256File(source)]);
    same = a.bytes === b.bytes && a.sha256 === b.sha256;
  } catch (error) {
    throw await blame(error, source, dir);
  }
  if (!same)
    throw new DeliveryError(
      `a different file named ${name} already exists in the registrar's folder ${dir}; somarkiv never overwrites — ask the registrar whether it is an earlier record, and move it away if it may be replaced`,
      true,
    );
}

async function syncFolder(dir: string): Promise<void> {
  // Makes the new names durable; some file systems (network shares) cannot fsync a folder, which is not an error.
  try {
    const handle = await fs.open(dir, fsConstants.O_RDONLY);
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Intentionally ignored: the files themselves were fsynced; only the folder entry flush is best effort.
  }
}

function folderError(error: unknown, dir: string): DeliveryError {
  switch (code(error)) {
    case "ENOENT":
      return new DeliveryError(`the folder ${dir} does not exist; check the intake path in the configuration, or whether the registrar's share is mounted`);
    case "ENOTDIR":
      return new DeliveryError(`the path ${dir} is not a folder (part of it is a file); check the intake path in the configuration`);
    case "EACCES":
    case "EPERM":
      return new DeliveryError(`somarkiv is not allowed to write in the folder ${dir}${ownerNote(dir)}; give the user that runs somarkiv write permission there`);
    case "EROFS":
      return new DeliveryError(`the folder ${dir} is on a read-only file system; ask IT to mount it writable${readOnlyHint(dir)}`);
    case "ENOSPC":
    case "EDQUOT":
      return new DeliveryError(`the disk holding the folder ${dir} is full; ask IT to free space`);
    default:
      return new DeliveryError(`could not write in the folder ${dir}: ${describe(error)}`);
  }
}

/**
 * Whether a failure lies with the record's own file or with the registrar's folder. Node names the
 * source of a copy in `path` whichever side failed (a folder on a read-only or full disk says
 * "EROFS: …, copyfile 'spool/…' -> 'intake/…'"), so an error that names the record's file is
 * blamed on it only when the file cannot be read now.
 */
async function blame(error: unknown, source: string, dir: string): Promise<DeliveryError> {
  if ((error as NodeJS.ErrnoException | undefined)?.path === source) {
    const readable = await fs.access(source, fsConstants.R_OK).then(() => true, () => false);
    if (!readable) return unreadable(error, source);
  }
  return folderError(error, dir);
}

function unreadable(error: unknown, source: string): DeliveryError {
  return new DeliveryError(`could not read ${source}, the file to deliver (${describe(error)}); run \`somarkiv verify\` to check the stored records`);
}

function code(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

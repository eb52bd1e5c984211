import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { makeFolderSync, PRIVATE_FILE, PRIVATE_FOLDER } from "../storage/folder.ts";
import { sha256File } from "../storage/hash.ts";
import type { SpoolOwner } from "./owner.ts";

/** What the log knows of a waiting record's files: enough to find them and to prove them. */
export interface SpooledFiles {
  spoolDir: string | null;
  pdfName: string | null;
  sha256: string | null;
  bytes: number | null;
  manifestName: string | null;
  manifestSha256: string | null;
  manifestBytes: number | null;
  /** The identity of the spool it was written to, as its "captured" event keeps it; absent for records made before it was kept. */
  spoolId?: string | null;
}

/**
 * The file that names a spool: a random id, and whether the spool held records before it was named.
 * Beside the spool folder, in the data folder, so that the spool holds only records (what a person
 * looking in it, or emptying it, sees); a data folder moved or copied whole takes it along.
 */
export const SPOOL_ID_FILE = ".somarkiv-spool-id";
interface SpoolIdentity { id: string; adopted: boolean; log?: SpoolOwner }

/** One of a waiting record's files that is not as the log says: gone, or other bytes. */
export interface SpoolFileFault {
  what: "PDF" | "manifest";
  file: string;
  /** Its checksum and size now; absent when the file is gone. */
  found?: { sha256: string; bytes: number };
  expected: { sha256: string; bytes: number | null };
}

/**
 * The state of a waiting record's copy in the spool:
 * - whole: its folder is here with both files (as the log's checksums say, when they were hashed);
 * - away: it cannot be read now, which may pass (the spool's disk not mounted, or the folder still where
 *   the data was before a move), so the record waits, and `why` says what to do;
 * - lost: its folder or a file was removed, or a file changed: it can never be stored from here.
 */
export type SpoolCopy =
  | { state: "whole"; folder: string }
  | { state: "away"; why: string }
  | { state: "lost"; why: string; folder: string; faults: SpoolFileFault[] };

/**
 * The spool is the local waiting room for a record's files between capture and the store's confirmation.
 * A record's folder appears whole or not at all (written under a temporary name, fsynced, renamed).
 */
export class Spool {
  constructor(readonly dir: string) {}

  /**
   * This spool's identity, named the first time it is needed. A log copied to a new server comes with
   * records spooled in the old server's spool; their folders missing here were never here, and are not
   * lost, which only a spool that knows it is not theirs can tell. A spool already holding record
   * folders when first named is one from before identities were kept: its records' folders were here.
   */
  identity(): SpoolIdentity {
    const named = this.named();
    if (named) return named;
    makeFolderSync(this.dir, PRIVATE_FOLDER);
    const file = this.idFile();
    const identity: SpoolIdentity = { id: crypto.randomUUID(), adopted: this.holdsRecords() };
    const tmp = `${file}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(identity) + "\n", { mode: PRIVATE_FILE });
    // Two processes naming it at once: the first one's name stands.
    try { fs.linkSync(tmp, file); } catch (e) { if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e; } finally { fs.rmSync(tmp, { force: true }); }
    return this.named()!;
  }

  /** The log this spool belongs to, as its identity file names it; undefined before one was named. */
  owner(): SpoolOwner | undefined {
    return this.named()?.log;
  }

  /** Names `log` as the one this spool belongs to (see owner.ts); only after spoolOwnership said so. */
  claimFor(log: SpoolOwner): void {
    const identity = { ...this.identity(), log };
    const file = this.idFile();
    const tmp = `${file}.${crypto.randomBytes(4).toString("hex")}`;
    fs.writeFileSync(tmp, JSON.stringify(identity) + "\n", { mode: PRIVATE_FILE });
    fs.renameSync(tmp, file);
  }

  /** The names of the record folders in it (not the temporaries a write makes). */
  recordFolders(): string[] {
    return fs.existsSync(this.dir) ? fs.readdirSync(this.dir).filter((n) => !n.startsWith(".")) : [];
  }

  /** Its identity when it has one, without naming it. */
  identityIfNamed(): SpoolIdentity | undefined {
    return this.named();
  }

  private named(): SpoolIdentity | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.idFile(), "utf8")) as SpoolIdentity;
    } catch (e) {
      // Not there, or its folder is a file: not named; what writes into it says the rest (config check, capture).
      if (["ENOENT", "ENOTDIR"].includes((e as NodeJS.ErrnoException).code ?? "")) return undefined;
      throw e;
    }
  }

  private idFile(): string {
    return path.join(path.dirname(this.dir), SPOOL_ID_FILE);
  }

  private holdsRecords(): boolean {
    return fs.existsSync(this.dir) && fs.readdirSync(this.dir).some((n) => !n.startsWith("."));
  }

  /** Whether a record's folder was ever in this spool: written here (its spool's id is this one's), or here before spools were named. */
  private wasHere(rec: SpooledFiles): boolean {
    // Only looked at, not named: status and verify write nothing, and a spool is named by its first record.
    const mine = this.named() ?? { id: null, adopted: this.holdsRecords() };
    return rec.spoolId ? rec.spoolId === mine.id : mine.adopted;
  }

  folderFor(recordId: string): string {
    return path.join(this.dir, recordId);
  }

  /**
   * Where a waiting record's files are: its own folder in this spool, named by the record's id. The log
   * keeps the folder's full path as it was when the record was spooled; a data folder moved since (moving
   * `database:` moves the spool with it) or copied holds the folder here, under the same name. So the
   * recorded path is only a name: beside a copy it is the original installation's, never to be read.
   */
  folderHereFor(recorded: string): string {
    return this.folderFor(path.basename(recorded));
  }

  /**
   * Whether a waiting record's files can be stored from this spool. Only the files not in `safe` (held
   * by the store already, checksum and all) are looked at; `hash` reads them through to prove their
   * bytes, 1 MiB at a time, which costs a read of every file.
   */
  async inspect(rec: SpooledFiles, opts: { hash: boolean; safe?: ReadonlySet<string> }): Promise<SpoolCopy> {
    const where = this.find(rec);
    if (where.state !== "here") return where;
    const folder = where.folder;

    const faults: SpoolFileFault[] = [];
    const files = [
      { what: "PDF" as const, name: rec.pdfName, sha256: rec.sha256, bytes: rec.bytes },
      { what: "manifest" as const, name: rec.manifestName, sha256: rec.manifestSha256, bytes: rec.manifestBytes },
    ];
    for (const f of files) {
      if (!f.name || !f.sha256 || opts.safe?.has(f.name)) continue;
      const file = path.join(folder, f.name);
      const expected = { sha256: f.sha256, bytes: f.bytes };
      if (!fs.existsSync(file)) { faults.push({ what: f.what, file, expected }); continue; }
      if (!opts.hash) continue;
      const found = await sha256File(file);
      if (found.sha256 !== f.sha256) faults.push({ what: f.what, file, found, expected });
    }
    if (!faults.length) return { state: "whole", folder };
    const first = faults[0]!;
    const why = first.found ? `its file ${first.file} in the spool was changed after the capture (its checksum no longer matches the log's)` : `its file ${first.file} was removed from the spool`;
    return { state: "lost", why, folder, faults };
  }

  /**
   * Whether a waiting record's folder is in this spool, without reading its files; why not, when it is
   * not (cheap enough for status).
   */
  find(rec: SpooledFiles): { state: "here"; folder: string } | Exclude<SpoolCopy, { state: "whole" }> {
    const recorded = rec.spoolDir;
    if (!recorded) return { state: "lost", why: "it has no spool folder", folder: "", faults: [] };
    const folder = this.folderHereFor(recorded);
    if (!fs.existsSync(folder)) {
      if (!fs.existsSync(this.dir)) return { state: "away", why: `the spool folder ${this.dir} is not there (a disk that is not mounted?); the record is stored once it is back` };
      // Left behind by a move of the data folder, or the original installation's beside a copy: not
      // read (it may be another installation's to store), not given up on (it may be this one's).
      if (path.resolve(recorded) !== folder && fs.existsSync(recorded)) {
        return { state: "away", why: `its files are not in this installation's spool folder ${this.dir} but still at ${recorded}, where it was spooled, and are not read from there. If the data folder was moved and left that folder behind, move ${recorded} into ${this.dir}; if it is another installation's spool (this one is a copy of it), the record is that installation's to store` };
      }
      if (!this.wasHere(rec)) {
        return { state: "away", why: `its spool files are missing here: it was spooled at ${recorded} in another spool (on the old server, if the log was moved to this one) and was never in this installation's spool folder ${this.dir}. Copy the spool folder from the old server: copy ${path.basename(recorded)} from its spool folder into ${this.dir}; the record is then stored by the next "somarkiv deliver" or the worker` };
      }
      return { state: "lost", why: `its spool folder ${folder} was removed`, folder, faults: [] };
    }
    return { state: "here", folder };
  }

  /** Write the files of one record; returns the folder. An earlier half-finished folder of the same id is replaced. */
  write(recordId: string, files: Record<string, Uint8Array>): string {
    makeFolderSync(this.dir, PRIVATE_FOLDER);
    this.identity();
    const tmp = path.join(this.dir, `.tmp-${recordId}-${crypto.randomBytes(4).toString("hex")}`);
    fs.mkdirSync(tmp, { mode: PRIVATE_FOLDER });
    try {
      for (const [name, bytes] of Object.entries(files)) {
        const fd = fs.openSync(path.join(tmp, name), "wx", PRIVATE_FILE);
        try {
          // One write may take only part of the bytes (a disk filling up); the rest follows or fails.
          for (let done = 0; done < bytes.length;) done += fs.writeSync(fd, bytes, done, bytes.length - done);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      }
      fsyncDir(tmp);
    } catch (e) {
      // Half a record is no record; left, it would hold the space a full disk needs back.
      fs.rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    const final = this.folderFor(recordId);
    // A folder with this id can only be left over from a crash before the record reached the log:
    // it was never a record, so it is safe to replace.
    if (fs.existsSync(final)) fs.rmSync(final, { recursive: true, force: true });
    fs.renameSync(tmp, final);
    fsyncDir(this.dir);
    return final;
  }

  remove(folder: string): void {
    fs.rmSync(folder, { recursive: true, force: true });
  }

  /** Folders no record refers to: temporaries and captures that crashed before reaching the log. */
  orphans(known: Set<string>): string[] {
    if (!fs.existsSync(this.dir)) return [];
    return fs.readdirSync(this.dir).map((n) => path.join(this.dir, n)).filter((p) => !known.has(p));
  }
}

export function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, "r");
  try { fs.fsyncSync(fd); } finally { fs.closeSync(fd); }
}

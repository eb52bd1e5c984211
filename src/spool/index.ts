import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { makeFolderSync } from "../storage/folder.ts";

/**
 * The spool is the local waiting room for a record's files between capture and the store's confirmation.
 * A record's folder appears whole or not at all (written under a temporary name, fsynced, renamed).
 */
export class Spool {
  constructor(readonly dir: string) {}

  folderFor(recordId: string): string {
    return path.join(this.dir, recordId);
  }

  /** Write the files of one record; returns the folder. An earlier half-finished folder of the same id is replaced. */
  write(recordId: string, files: Record<string, Uint8Array>): string {
    makeFolderSync(this.dir);
    const tmp = path.join(this.dir, `.tmp-${recordId}-${crypto.randomBytes(4).toString("hex")}`);
    fs.mkdirSync(tmp);
    try {
      for (const [name, bytes] of Object.entries(files)) {
        const fd = fs.openSync(path.join(tmp, name), "wx", 0o644);
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

import fs from "node:fs";
import path from "node:path";
import { whyNotWritable } from "../log/index.ts";
import type { DataPlace } from "../config/data-place.ts";

/**
 * A file where somarkiv keeps one of its folders beside the log (a file named `spool` or `failed` in
 * the data folder). somarkiv never makes such a file, so the setting that places the data folder is
 * not what is wrong (an operator sent to "check database:" found it right): the file is to be moved.
 */
export class FileInPlaceOfFolder extends Error {
  readonly code = "ENOTDIR";
  /** What happened and what to do, in the words of a failure to write somarkiv's own files (see localWriteFailure). */
  readonly what: string;
  readonly fix: string;

  constructor(readonly path: string, name: string) {
    const what = `${path} is a file, where somarkiv keeps ${name} as a folder of that name beside its log`;
    const fix = fileInPlaceFix(path);
    super(`${what}. ${fix}`);
    this.name = "FileInPlaceOfFolder";
    this.what = what;
    this.fix = fix;
  }
}

function fileInPlaceFix(file: string): string {
  return `Move that file out of ${path.dirname(file)}, or rename it: somarkiv never makes a file of that name (a person or another program put it there), and makes the folder itself.`;
}

const FOLDERS = [
  { base: "spool", name: "the spool", what: "the spool, where every record waits until the store has it", lost: "Captures would be taken and then thrown away" },
  { base: "failed", name: "failed/", what: "failed/, where the screenshots of failed captures are kept", lost: "The screenshots of failed captures, which show why each failed, would not be kept (the failures are still recorded, and the records are not affected)" },
] as const;

/** The spool's folder, when a file stands in its place: every command that reads the spool stops on it. */
export function fileInPlaceOfSpool(dataDir: string): FileInPlaceOfFolder | undefined {
  const folder = path.join(dataDir, "spool");
  return isFile(folder) ? new FileInPlaceOfFolder(folder, "the spool") : undefined;
}

function isFile(p: string): boolean {
  try {
    return !fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders beside the log that somarkiv writes into: the spool (every record, before the store has
 * it) and failed/ (the screenshots of failed captures). Asked of the file system when the worker
 * starts and by config check, as the log's folder is: found at the first capture, it was found after
 * the page was taken, the capture thrown away. `fix` is said in place of "until somarkiv's user may
 * write there" where that is not the way out (a file in the folder's place).
 */
export function dataFoldersNotWritable(dataDir: string, place?: DataPlace): Array<{ folder: string; what: string; lost: string; code: string; why: string; path: string; fix?: string; inPlace?: FileInPlaceOfFolder }> {
  // What is lost differs: without the spool every record; without failed/ only the pictures of why captures failed.
  return FOLDERS.flatMap(({ base, name, what, lost }) => {
    const folder = path.join(dataDir, base);
    if (isFile(folder)) {
      const inPlace = new FileInPlaceOfFolder(folder, name);
      return [{ folder, what, lost, code: inPlace.code, why: `${folder} is a file, not a folder`, path: folder, fix: `${lost} until that file is moved. ${fileInPlaceFix(folder)}`, inPlace }];
    }
    // A name inside each: the folder itself when it is there, else the nearest folder it would be made in.
    const denied = whyNotWritable(path.join(folder, ".write-check"), name, place);
    return denied ? [{ folder, what, lost, ...denied }] : [];
  });
}

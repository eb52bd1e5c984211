import path from "node:path";
import { whyNotWritable } from "../log/index.ts";

/**
 * The folders beside the log that somarkiv writes into: the spool (every record, before the store has
 * it) and failed/ (the screenshots of failed captures). Asked of the file system when the worker
 * starts and by config check, as the log's folder is: found at the first capture, it was found after
 * the page was taken, the capture thrown away.
 */
export function dataFoldersNotWritable(dataDir: string): Array<{ folder: string; what: string; lost: string; code: string; why: string; path: string }> {
  // What is lost differs: without the spool every record; without failed/ only the pictures of why captures failed.
  const folders = [
    { folder: path.join(dataDir, "spool"), name: "the spool", what: "the spool, where every record waits until the store has it", lost: "Captures would be taken and then thrown away" },
    { folder: path.join(dataDir, "failed"), name: "failed/", what: "failed/, where the screenshots of failed captures are kept", lost: "The screenshots of failed captures, which show why each failed, would not be kept (the failures are still recorded, and the records are not affected)" },
  ];
  // A name inside each: the folder itself when it is there, else the nearest folder it would be made in.
  return folders.flatMap((f) => {
    const { name, ...folder } = f;
    const denied = whyNotWritable(path.join(f.folder, ".write-check"), name);
    return denied ? [{ ...folder, ...denied }] : [];
  });
}

import fs from "node:fs";
import fsp from "node:fs/promises";
import path from "node:path";

/**
 * Creates a folder and the folders above it. Node's recursive mkdir reports ENOENT ("no such file
 * or directory") when the real failure is a read-only file system or a full disk
 * (nodejs/node#47098, #42808), which sent operators looking for a missing folder. On ENOENT the
 * missing folders are made one at a time, so the error that stops it is the true one.
 */
export async function makeFolder(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true });
  } catch (e) {
    if (code(e) !== "ENOENT") throw e;
    for (const d of missingFolders(dir)) {
      try {
        await fsp.mkdir(d);
      } catch (inner) {
        if (code(inner) !== "EEXIST") throw inner;
      }
    }
  }
}

export function makeFolderSync(dir: string): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    if (code(e) !== "ENOENT") throw e;
    for (const d of missingFolders(dir)) {
      try {
        fs.mkdirSync(d);
      } catch (inner) {
        if (code(inner) !== "EEXIST") throw inner;
      }
    }
  }
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

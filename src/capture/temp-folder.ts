import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** The temporary folder Playwright and Chromium make their folders in, and what named it. */
export interface TempFolder {
  dir: string;
  /** The environment variable that names it (Node reads TMPDIR, then TMP, then TEMP); null for the system's own. */
  variable: "TMPDIR" | "TMP" | "TEMP" | null;
}

export function tempFolder(env: NodeJS.ProcessEnv = process.env): TempFolder {
  const variable = env.TMPDIR ? "TMPDIR" : env.TMP ? "TMP" : env.TEMP ? "TEMP" : null;
  return { dir: os.tmpdir(), variable };
}

/**
 * What to say of a temporary folder that cannot be written, from the file system's answer (pure).
 * Playwright makes the browser's profile folder there at every launch: found only then, it failed
 * every capture as "EACCES … mkdtemp" while config check had said "capture ok".
 */
export function tempFolderSaid(t: TempFolder, code: string, message: string): string {
  const why = code === "EACCES" || code === "EPERM" ? `somarkiv's user may not write to it`
    : code === "EROFS" ? "it is on a read-only file system"
    : code === "ENOENT" ? "it does not exist"
    : code === "ENOTDIR" ? "it is a file, not a folder"
    : message;
  const which = t.variable ? `The temporary folder ${t.dir} (named by ${t.variable})` : `The system's temporary folder ${t.dir} (TMPDIR is not set)`;
  const other = t.variable === "TMPDIR" ? "or set TMPDIR to another folder it may write" : "or set TMPDIR to a folder it may write";
  return `${which} cannot be written: ${why}. Chromium makes its profile folder there for every capture, so no capture can be taken. Make ${t.dir} writable for somarkiv's user, ${other} (in a container, a folder of its own such as /var/lib/somarkiv/tmp, or a tmpfs on /tmp).`;
}

/**
 * Whether a folder can be made in the temporary folder, asked by making one, as Playwright does:
 * null when it can, else the plain message. A folder of a name only somarkiv uses, removed at once.
 */
export function tempFolderNotWritable(t: TempFolder = tempFolder()): string | null {
  try {
    fs.rmdirSync(fs.mkdtempSync(path.join(t.dir, "somarkiv-write-check-")));
    return null;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return tempFolderSaid(t, err.code ?? "", err.message);
  }
}

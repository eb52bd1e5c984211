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

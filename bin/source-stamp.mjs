// What the compiled copy in dist/ was built from: a hash of every file under src/, of the build
// script and of tsconfig.json (which the compiler reads). bin/somarkiv.mjs runs dist/ only when its
// stamp is the one the sources have now, so a source changed after the build (a `git pull`, an
// edit) is never run from an older compiled copy.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const STAMP_FILE = ".source-stamp";
/** The sources' names, sizes and times when the stamp was made: a command compares them, not contents. */
export const STAT_FILE = ".source-stat";

/** Every file under `dir`, at any depth. */
export function listFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

function sourceFiles(root) {
  const files = listFiles(path.join(root, "src"));
  files.push(path.join(root, "scripts", "build.mjs"), path.join(root, "tsconfig.json"));
  return files.sort();
}

/** The stamp of the sources under `root` (the project folder): names and contents, in a fixed order. */
export function sourceStamp(root) {
  const hash = crypto.createHash("sha256");
  for (const f of sourceFiles(root)) {
    hash.update(path.relative(root, f)).update("\0");
    hash.update(fs.readFileSync(f)).update("\0");
  }
  return hash.digest("hex");
}

/**
 * The sources' names, sizes, inodes and modification and change times. Hashing the contents cost a
 * command a tenth of a second or more at every start; these are read in a few milliseconds. Any write
 * to a file sets its change time, which no program can set back (as `touch -r` can the modification
 * time), so a source changed since is never taken for the same: it only makes the contents be hashed.
 */
export function sourceStat(root) {
  return JSON.stringify(sourceFiles(root).map((f) => {
    const s = fs.statSync(f);
    return [path.relative(root, f), s.size, s.ino, s.mtimeMs, s.ctimeMs];
  }));
}

/** Whether dist/ under `root` holds a complete build of the sources as they are now. */
export function builtCopyIsCurrent(root) {
  let stamp;
  try {
    stamp = fs.readFileSync(path.join(root, "dist", STAMP_FILE), "utf8").trim();
  } catch {
    return false;
  }
  try {
    if (fs.readFileSync(path.join(root, "dist", STAT_FILE), "utf8") === sourceStat(root)) return true;
  } catch {
    // No record of the files' times (a build by an older version): their contents tell.
  }
  return stamp === sourceStamp(root);
}

// What the compiled copy in dist/ was built from: a hash of every file under src/, of the build
// script and of tsconfig.json (which the compiler reads). bin/somarkiv.mjs runs dist/ only when its
// stamp is the one the sources have now, so a source changed after the build (a `git pull`, an
// edit) is never run from an older compiled copy.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

export const STAMP_FILE = ".source-stamp";

/** Every file under `dir`, at any depth. */
export function listFiles(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) listFiles(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** The stamp of the sources under `root` (the project folder): names and contents, in a fixed order. */
export function sourceStamp(root) {
  const hash = crypto.createHash("sha256");
  const files = listFiles(path.join(root, "src"));
  files.push(path.join(root, "scripts", "build.mjs"), path.join(root, "tsconfig.json"));
  for (const f of files.sort()) {
    hash.update(path.relative(root, f)).update("\0");
    hash.update(fs.readFileSync(f)).update("\0");
  }
  return hash.digest("hex");
}

/** Whether dist/ under `root` holds a complete build of the sources as they are now. */
export function builtCopyIsCurrent(root) {
  let stamp;
  try {
    stamp = fs.readFileSync(path.join(root, "dist", STAMP_FILE), "utf8").trim();
  } catch {
    return false;
  }
  return stamp === sourceStamp(root);
}

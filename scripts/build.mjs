// Compiles src/ into dist/ (plain JavaScript, the same folder layout, the fonts beside the code), so
// that `somarkiv` starts without compiling its TypeScript on every run: `status` in 1.0 s instead of
// 1.5 s, and the test suite's ~240 commands with it. Uses esbuild, the same compiler tsx runs the
// sources with, so the compiled copy behaves as the sources do. Usage:
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or not built from the sources as they are
// The stamp (bin/source-stamp.mjs) is written last, so a build cut short is never taken for one.
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import { STAMP_FILE, STAT_FILE, builtCopyIsCurrent, listFiles, sourceStamp, sourceStat } from "../bin/source-stamp.mjs";

const ROOT = path.resolve(import.meta.dirname, "..");
const SRC = path.join(ROOT, "src");
const DIST = path.join(ROOT, "dist");

if (process.argv.includes("--if-stale") && builtCopyIsCurrent(ROOT)) process.exit(0);

// The files' times are read before their contents: a file written in between then differs from both,
// and its next command hashes the contents, never taking a newer file for the one compiled.
const stat = sourceStat(ROOT);
const before = sourceStamp(ROOT);
const files = listFiles(SRC);

// Built beside dist/ and put in its place at the end: a command started during the build runs the
// old copy or the sources, never half of a new one.
const next = `${DIST}.next-${process.pid}`;
fs.rmSync(next, { recursive: true, force: true });
await build({
  entryPoints: files.filter((f) => f.endsWith(".ts")),
  outdir: next,
  outbase: SRC,
  bundle: false,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: path.join(ROOT, "tsconfig.json"),
  logLevel: "error",
});

// The sources import each other as "./x.ts" (what tsx and tsc read); the compiled files are ".js".
// esbuild prints every import in one form, `from "…"` and `import("…")`, so only those are rewritten.
const RELATIVE_TS = /((?:\bfrom|\bimport\s*\()\s*")(\.{1,2}\/[^"]*?)\.ts(")/g;
const js = listFiles(next).filter((f) => f.endsWith(".js"));
for (const f of js) {
  const code = fs.readFileSync(f, "utf8");
  fs.writeFileSync(f, code.replace(RELATIVE_TS, "$1$2.js$3"));
}
// What the code reads beside itself at run time (the record sheet's fonts and their licence).
for (const f of files) {
  if (f.endsWith(".ts") || f.endsWith(".md")) continue;
  const to = path.join(next, path.relative(SRC, f));
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(f, to);
}

if (sourceStamp(ROOT) !== before) {
  fs.rmSync(next, { recursive: true, force: true });
  console.error("build: the sources changed while they were compiled; run it again");
  process.exit(1);
}
fs.writeFileSync(path.join(next, STAT_FILE), stat);
fs.writeFileSync(path.join(next, STAMP_FILE), `${before}\n`);
const old = `${DIST}.old-${process.pid}`;
if (fs.existsSync(DIST)) fs.renameSync(DIST, old);
fs.renameSync(next, DIST);
fs.rmSync(old, { recursive: true, force: true });
console.error(`build: compiled ${js.length} files into dist/`);

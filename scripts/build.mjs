// Compiles src/ into dist/ (plain JavaScript, the fonts in dist/pdf/fonts as in src/), so that
// `somarkiv` starts without compiling its TypeScript on every run: `status` in about 0.3 s instead of
// 0.65–1.0 s through tsx, and the test suite's ~1,300 commands with it. Uses esbuild, the same compiler tsx runs the sources
// with, so the compiled copy behaves as the sources do. Usage:
//   node scripts/build.mjs             build
//   node scripts/build.mjs --if-stale  build only when dist/ is missing or not built from the sources as they are
// The stamp (bin/source-stamp.mjs) is written last, so a build cut short is never taken for one.
//
// The sources are bundled, split where they are loaded on demand (a command loads what it runs, as from
// src/): Node 20 spends about a millisecond on each module it loads, and a command loaded some 220 of
// them (95 of them zod's). `status` took 0.34 s of processor, 0.27 bundled (2026-12-06, scripts/bench/README.md).
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
// Bundled with the code: pure JavaScript packages that read nothing beside themselves. The others are
// loaded from node_modules as from the sources: native ones (better-sqlite3, sharp), and those that find
// files of their own at run time (Playwright, autoconsent's content script, node-cron's daemon).
// pako and tslib are not somarkiv's own imports: they come with pdf-lib and fontkit, whose code imports
// them; left out, they would be loaded from node_modules file by file at each start.
const BUNDLED = new Set(["zod", "yaml", "pdf-lib", "@pdf-lib/fontkit", "@pdf-lib/standard-fonts", "@pdf-lib/upng", "pako", "tslib"]);
const packageOf = (spec) => spec.split("/").slice(0, spec.startsWith("@") ? 2 : 1).join("/");
const sourcesAndPackages = {
  name: "somarkiv-sources",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.has(packageOf(a.path)) ? undefined : { path: a.path, external: true }));
    // Every output file is in dist/ itself, so a source's own folder, which it reads files beside
    // (src/pdf/fonts, ../../package.json), is that folder under dist/: import.meta.dirname + "/pdf".
    b.onLoad({ filter: /\.ts$/ }, (a) => {
      if (!a.path.startsWith(SRC + path.sep)) return undefined;
      const code = fs.readFileSync(a.path, "utf8");
      const dir = path.relative(SRC, path.dirname(a.path)).split(path.sep).join("/");
      return { contents: dir ? code.replaceAll("import.meta.dirname", `(import.meta.dirname + ${JSON.stringify("/" + dir)})`) : code, loader: "ts" };
    });
  },
};
const result = await build({
  entryPoints: [path.join(SRC, "cli", "main.ts")],
  // The metafile's paths below are relative to it, wherever the build is started from.
  absWorkingDir: ROOT,
  outdir: next,
  entryNames: "[name]",
  chunkNames: "[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  tsconfig: path.join(ROOT, "tsconfig.json"),
  plugins: [sourcesAndPackages],
  // Bundled CommonJS (fontkit) asks for require(), which an ES module has not.
  banner: { js: 'import { createRequire as __somarkivRequire } from "node:module"; const require = __somarkivRequire(import.meta.url);' },
  metafile: true,
  logLevel: "error",
});
const js = Object.keys(result.metafile.outputs).map((f) => path.resolve(ROOT, f)).filter((f) => f.endsWith(".js"));
const astray = js.filter((f) => path.dirname(f) !== next);
if (astray.length) {
  fs.rmSync(next, { recursive: true, force: true });
  throw new Error(`build: ${astray.join(", ")} not in dist/ itself, where import.meta.dirname is rewritten for`);
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

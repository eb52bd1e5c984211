/**
 * The command runs the compiled copy (dist/) only when it was built from the sources as they are
 * now; an edited source is run as it is, never from an older build. On a copy of the project, so
 * that the project's own dist/ is not touched while other tests run it.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT } from "../helpers/cli.ts";

let root: string;
const help = () => spawnSync(process.execPath, [path.join(root, "bin", "somarkiv.mjs"), "--help"], { cwd: root, encoding: "utf8" });
const build = (...args: string[]) => spawnSync(process.execPath, [path.join(root, "scripts", "build.mjs"), ...args], { cwd: root, encoding: "utf8" });
const replaceIn = (file: string, from: string, to: string) => {
  const text = fs.readFileSync(file, "utf8");
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bin-"));
  for (const dir of ["bin", "src"]) fs.cpSync(path.join(PROJECT, dir), path.join(root, dir), { recursive: true });
  fs.mkdirSync(path.join(root, "scripts"));
  fs.copyFileSync(path.join(PROJECT, "scripts", "build.mjs"), path.join(root, "scripts", "build.mjs"));
  for (const file of ["package.json", "tsconfig.json"]) fs.copyFileSync(path.join(PROJECT, file), path.join(root, file));
  fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(root, "node_modules"));
});
afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe("bin/somarkiv.mjs", () => {
  it("runs from the sources before a build, from dist/ once built, and from the sources again when one changes", () => {
    let r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the scheduled worker");

    r = build();
    expect(r.status, r.stderr).toBe(0);
    const compiled = path.join(root, "dist", "main.js");
    expect(fs.existsSync(path.join(root, "dist", "pdf", "fonts", "DejaVuSans.ttf"))).toBe(true);
    // Marked so that the output says which copy ran.
    replaceIn(compiled, "the scheduled worker", "the scheduled worker (compiled)");
    r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the scheduled worker (compiled)");
    // The compiled copy is bundled into dist/ itself, and still finds the files its sources read beside
    // them: package.json two folders above src/record/ (a wrong path would say "somarkiv unknown").
    const version = spawnSync(process.execPath, [path.join(root, "bin", "somarkiv.mjs"), "--version"], { cwd: root, encoding: "utf8" });
    expect(version.stdout.trim()).toBe(`somarkiv ${JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version}`);

    // A build that is current is left as it is.
    expect(build("--if-stale").status).toBe(0);
    expect(fs.readFileSync(compiled, "utf8")).toContain("(compiled)");

    replaceIn(path.join(root, "src", "cli", "main.ts"), "the scheduled worker", "the scheduled worker (edited)");
    r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the scheduled worker (edited)");
    expect(r.stdout).not.toContain("(compiled)");

    r = build("--if-stale");
    expect(r.status, r.stderr).toBe(0);
    expect(fs.readFileSync(compiled, "utf8")).toContain("the scheduled worker (edited)");
    expect(help().stdout).toContain("the scheduled worker (edited)");
  });

  it("a source changed to the same size with its modification time set back, or a file added, is run from the sources", () => {
    // A whole second, which the file's time can be set back to exactly.
    const main = path.join(root, "src", "cli", "main.ts");
    fs.utimesSync(main, 1_700_000_000, 1_700_000_000);
    expect(build().status).toBe(0);
    replaceIn(path.join(root, "dist", "main.js"), "the scheduled worker", "the scheduled worker (compiled)");
    expect(help().stdout).toContain("(compiled)");
    // As `touch -r` or a copy keeping times would leave it: only its contents differ.
    const { mtimeMs, size } = fs.statSync(main);
    replaceIn(main, "the scheduled worker", "the scheduled WORKER");
    fs.utimesSync(main, 1_700_000_000, 1_700_000_000);
    expect(fs.statSync(main)).toMatchObject({ size, mtimeMs });
    let r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("the scheduled WORKER");
    expect(r.stdout).not.toContain("(compiled)");

    expect(build().status).toBe(0);
    replaceIn(path.join(root, "dist", "main.js"), "the scheduled WORKER", "the scheduled WORKER (compiled)");
    expect(help().stdout).toContain("(compiled)");
    fs.writeFileSync(path.join(root, "src", "cli", "added.ts"), "export const added = 1;\n");
    r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("(compiled)");
    fs.rmSync(path.join(root, "src", "cli", "added.ts"));
    replaceIn(main, "the scheduled WORKER", "the scheduled worker");
  });

  it("a build whose stamp is missing (cut short) is not run", () => {
    expect(build().status).toBe(0);
    replaceIn(path.join(root, "dist", "main.js"), "the scheduled worker", "the scheduled worker (half-built)");
    fs.rmSync(path.join(root, "dist", ".source-stamp"));
    const r = help();
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("(half-built)");
    expect(r.stdout).toContain("the scheduled worker");
  });
});

// The benchmark is a measure, not a test: this only checks that it runs end to end on one account and
// prints every row the README's table is built from. No number is asserted.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run bench", () => {
  // Under a name on the internet by default, as real accounts are: the capture runs with the
  // internal-network guard, which a page on 127.0.0.1 (--loopback) never gets.
  it("captures one account on the internet with the real pipeline and prints the table and the targets", async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", "scripts/bench.ts", "--accounts", "1", "--skip-baseline", "--verify-mb", "8"],
      { cwd: ROOT, timeout: 280_000, maxBuffer: 10 * 1024 * 1024 },
    );
    for (const row of [
      "Wall time", "Wall time, run sampling memory", "Records made", "Node's event loop held", "Peak memory, RSS sum", "Peak memory, PSS sum", "of it browsers (PSS)",
      "navigation", "settling: load, quiet page", "settling: consent, prompts", "scrolling: waiting for the feed",
      "scrolling: steps, back to top", "screenshot (bands, words)",
      "PDF (encode, build)", "storage", "delivery", "total (sum of steps)", "Beyond load and settle",
      "PDF size per record", "facebook", "Verify (filesystem store)", "Targets",
    ]) {
      expect(stdout, `row "${row}"`).toContain(row);
    }
    expect(stdout).toMatch(/Records made\s+1 of 1/);
    expect(stdout).toMatch(/Addresses\s+internet/);
    expect(stdout).toMatch(/Facebook-like PDF/);
    expect(stdout).not.toMatch(/NOT CAPTURED|VERIFY PROBLEM/);
  }, 300_000);

  it("refuses a number of accounts that is not a whole number, with exit code 2", async () => {
    const err = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/bench.ts", "--accounts", "zero"], { cwd: ROOT }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(String(err.stderr)).toContain("--accounts needs a whole number");
  });

  it("refuses an option it does not know, or one without its value, in a line and with exit code 2, not a stack trace", async () => {
    for (const args of [["--acounts", "3"], ["--accounts"]]) {
      const err = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/bench.ts", ...args], { cwd: ROOT }).catch((e) => e);
      expect(err.code, args.join(" ")).toBe(2);
      expect(String(err.stderr), args.join(" ")).toContain("The options are in scripts/bench/README.md");
      expect(String(err.stderr), args.join(" ")).not.toMatch(/\n\s+at /);
    }
  });

  it("refuses --internet with --loopback, which contradict each other, before starting anything, with exit code 2", async () => {
    const err = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/bench.ts", "--internet", "--loopback"], { cwd: ROOT }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(String(err.stderr)).toContain("--internet and --loopback: choose one");
    expect(String(err.stderr)).not.toContain("fixture site");
  });

  it("refuses a baseline program that does not exist before starting anything, with exit code 2", async () => {
    const err = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/bench.ts", "--baseline-browser", "/opt/nowhere/chromium"], { cwd: ROOT }).catch((e) => e);
    expect(err.code).toBe(2);
    expect(String(err.stderr)).toContain("--baseline-browser: /opt/nowhere/chromium does not exist");
    expect(String(err.stderr)).not.toContain("fixture site");
  });
});

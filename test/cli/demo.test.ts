/**
 * `npm run demo`'s own command (`somarkiv demo`, a real child process with real Chromium) in a copy of
 * the program, so that its archive/ is the copy's and not the clone's: its records are filed under a
 * collective case, as config/somarkiv.yaml's are, where their sheets said "Samlingsärende –".
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync, spawn } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { PROJECT } from "../helpers/cli.ts";
import { parsePeriod, periodOf } from "../../src/schedule/period.ts";

const copy = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-demo-"));
afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(copy, "bin", "somarkiv.mjs"), ...args], { cwd: copy, env: { ...process.env, SOMARKIV_CONFIG: undefined }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("somarkiv demo", () => {
  it("files the demo's records under the collective case of their year, on the sheet and in records --csv", async () => {
    // The program as it is (its sources and the copy built from them), with the packages of the clone.
    for (const part of ["src", "dist", "bin", "scripts/demo-site", "scripts/build.mjs", "tsconfig.json", "package.json"]) {
      fs.cpSync(path.join(PROJECT, part), path.join(copy, part), { recursive: true, preserveTimestamps: true });
    }
    fs.symlinkSync(path.join(PROJECT, "node_modules"), path.join(copy, "node_modules"));
    const period = periodOf(new Date(), "Europe/Stockholm");
    const r = await run(["demo"]);
    expect(r.code, r.stderr).toBe(0);
    const year = parsePeriod(period).year;
    const pdf = path.join(copy, "archive", "intake", `facebook-demokommunen_${period}_v1.pdf`);
    const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", "-l", "1", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet).toContain(`Samlingsärende KS ${year}/45`);
    expect(sheet).not.toMatch(/Samlingsärende – /);
    // The example configuration reads the same archive/ (README's quick start), and files it the same.
    fs.cpSync(path.join(PROJECT, "config"), path.join(copy, "config"), { recursive: true });
    const csv = await run(["records", "--csv"]);
    const [head, ...rows] = csv.stdout.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean).map((l) => l.split(";"));
    const at = head!.indexOf("Samlingsärende");
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row[at], row[0]).toBe(`KS ${year}/45`);
  }, 600_000);
});

import { describe, it, expect, beforeEach, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { runCli, unnamed } from "../helpers/cli.ts";
import { sha, spoolSecondVersion, syntheticArchive } from "../log/archive.ts";
import { periodOf, previousPeriod } from "../../src/schedule/period.ts";
/**
 * What verify says of taking konto-a's 2026-H1 record again, by today's half-year: of the current
 * one plainly, of the one before with its --period (a plain command took the current half-year),
 * and of one before that not at all, as a capture now cannot take it.
 */
const current = periodOf(new Date(), "Europe/Stockholm");
const takeAgain = current === "2026-H1" ? `, or take the account again with: somarkiv capture --account konto-a --force --reason "…"`
  : previousPeriod(current) === "2026-H1" ? `, or take the account again with: somarkiv capture --account konto-a --period 2026-H1 --force --reason "…"`
  : " (2026-H1 cannot be taken again now: a snapshot taken now would show the account as it is today)";


/**
 * A record that waits in the spool (the store was away when it was captured) has its only copy there.
 * `verify` proves that copy against the log as it proves a stored object: a changed or removed file is a
 * problem (exit 1) that names the record, the file and what to do; an intact one is only noted.
 * No browser: the record is written through somarkiv's own spool and log.
 */
const ID = "konto-a_2026-H1_v2";

describe("verify and a record waiting in the spool", () => {
  let ws: Awaited<ReturnType<typeof syntheticArchive>>;
  let folder = "";
  const pdfFile = () => path.join(folder, `${ID}.pdf`);
  const verify = () => runCli(["verify", "--config", ws.configPath]);

  beforeEach(async () => {
    ws = await syntheticArchive();
    const pdf = Buffer.from("%PDF-1.7\n% version 2, taken while the store was away\n%%EOF\n");
    const manifest = Buffer.from(JSON.stringify({ recordId: ID, accountId: "konto-a", period: "2026-H1", version: 2 }) + "\n");
    folder = spoolSecondVersion(ws, pdf, manifest).folder;
  });
  afterEach(() => ws.cleanup());

  it("intact: passes, with the note that it waits", async () => {
    const r = await verify();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Note: 1 record waits in the spool to be stored, so the store has not got them to check yet: ${ID}.`);
    // Not "All good": the record is not in the archive yet.
    expect(r.stdout).toMatch(/^Det som är lagrat stämmer: .* Men en handling är inte lagrad än och finns därför inte i arkivet; se anteckningarna \(Note\) nedan\.\n/);
    expect(r.stdout).toMatch(/\nWhat is stored is right: .* But 1 record is not stored yet, so it is not in the archive; see the notes\.\n/);
    expect(r.stdout).not.toContain("All good");
  });

  it("a byte of its PDF changed: exit 1, naming the record, the file, both checksums and what to do", async () => {
    const bytes = fs.readFileSync(pdfFile());
    const was = sha(bytes);
    bytes[12] ^= 0x01;
    fs.writeFileSync(pdfFile(), bytes);
    const r = await verify();
    expect(r.code).toBe(1);
    expect(unnamed(r.stdout, ws)).toContain(`${ID}: it waits in the spool, not stored yet, so its copy there is its only one: its PDF ${pdfFile()} has changed: its SHA-256 is ${sha(bytes)} (${bytes.length} bytes), the log says ${was} (${bytes.length} bytes). It cannot be stored as it is: put the file (with that SHA-256) back from a backup of the spool${takeAgain}`);
    expect(r.stdout).toContain("1 problem found");
    expect(r.stdout).not.toContain("wait in the spool to be stored");
  });

  it("its manifest removed, or its whole folder: exit 1, naming what is gone", async () => {
    const manifest = path.join(folder, `${ID}.json`);
    fs.rmSync(manifest);
    let r = await verify();
    expect(r.code).toBe(1);
    expect(unnamed(r.stdout, ws)).toContain(`${ID}: it waits in the spool, not stored yet, so its copy there is its only one: its manifest ${manifest} is gone from the spool (the log gives its SHA-256 as `);
    fs.rmSync(folder, { recursive: true });
    r = await verify();
    expect(r.code).toBe(1);
    expect(unnamed(r.stdout, ws)).toContain(`${ID}: it waits in the spool, not stored yet, so its copy there is its only one: its spool folder ${folder} was removed. It cannot be stored as it is: put the folder back from a backup of the spool${takeAgain}`);
  });

  it("its folder removed: the command to take it again is of its half-year as verify's day finds it, and none once it is past taking", async () => {
    fs.rmSync(folder, { recursive: true });
    const at = (iso: string) => runCli(["verify", "--config", ws.configPath], { env: { NODE_OPTIONS: `--import ${path.join(import.meta.dirname, "../helpers/clock-at.mjs")}`, CLOCK_AT: iso } });
    const said = `${ID}: it waits in the spool, not stored yet, so its copy there is its only one: its spool folder ${folder} was removed. It cannot be stored as it is: put the folder back from a backup of the spool`;
    for (const [iso, then] of [
      ["2026-03-10T10:00:00Z", `, or take the account again with: somarkiv capture --account konto-a --force --reason "…"`],
      ["2026-09-10T10:00:00Z", `, or take the account again with: somarkiv capture --account konto-a --period 2026-H1 --force --reason "…"`],
      ["2027-03-10T10:00:00Z", " (2026-H1 cannot be taken again now: a snapshot taken now would show the account as it is today)"],
    ] as const) {
      const r = await at(iso);
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(unnamed(r.stdout, ws), iso).toContain(`${said}${then}`);
    }
  });

  it("its spool copy gone, but the store already holds both files (an upload the log did not see): passes", async () => {
    const into = path.join(ws.objects, "2026-H1", "konto-a");
    for (const ext of ["pdf", "json"]) fs.copyFileSync(path.join(folder, `${ID}.${ext}`), path.join(into, `${ID}.${ext}`));
    fs.rmSync(folder, { recursive: true });
    const r = await verify();
    expect(r.code, r.stdout).toBe(0);
  });
});

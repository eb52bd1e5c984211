import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import type { Workspace } from "../helpers/cli.ts";
import { cli } from "../crash/harness.ts";
import { syntheticArchive } from "../log/archive.ts";

/**
 * What status says of the archive's verification: a verify that found a problem was said once, by verify,
 * and status went on showing the archive as if in order. Now status warns, naming the first problem,
 * until a later verify finds all in order; a verify in order is said with its date.
 */
const verify = (ws: Workspace) => cli(["verify", "--config", ws.configPath]);
const status = (ws: Workspace, ...more: string[]) => cli(["status", "--config", ws.configPath, ...more]);

describe("status after verify", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("says nothing of a verification before there has been one", async () => {
    const st = await status(ws);
    expect(st.stdout).not.toContain("verification");
    expect(JSON.parse((await status(ws, "--json")).stdout).lastVerification).toBeNull();
  });

  it("says the last verification in order, with its date", async () => {
    expect((await verify(ws)).code).toBe(0);
    const st = await status(ws);
    expect(st.stdout).toMatch(/\nLast verification: \d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [A-Z]+: all in order \(4 objects in the store match the log, and its chain is unbroken\)\.\n/);
    expect(JSON.parse((await status(ws, "--json")).stdout).lastVerification).toMatchObject({ ok: true, records: 2, objects: 4, problems: 0 });
  });

  it("warns of a verification that found a problem, naming it, until a later one finds all in order", async () => {
    const file = path.join(ws.objects, "2026-H1", "konto-a", "konto-a_2026-H1_v1.pdf");
    const original = fs.readFileSync(file);
    fs.chmodSync(file, 0o644);
    const changed = Buffer.from(original);
    changed[20] ^= 0x01;
    fs.writeFileSync(file, changed);
    try {
      expect((await verify(ws)).code).toBe(1);
      const st = await status(ws);
      expect(st.stdout).toMatch(/\nWARNING: the last verification \(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [A-Z]+\) found 1 problem in the archive: konto-a_2026-H1_v1 2026-H1\/konto-a\/konto-a_2026-H1_v1\.pdf: the PDF has changed: its SHA-256 is [0-9a-f]{64}, the log says [0-9a-f]{64}\. Run "somarkiv (--config \S+ )?verify" to see it with what to do; status says this until a verification finds all in order\.\n/);
      expect(st.stdout).not.toContain("Last verification:");
      const json = JSON.parse((await status(ws, "--json")).stdout).lastVerification;
      expect(json).toMatchObject({ ok: false, records: 2, problems: 1 });
      expect(json.firstProblems[0]).toContain("konto-a_2026-H1_v1.pdf: the PDF has changed");
      // Said again by status, not only once: a second look still warns.
      expect((await status(ws)).stdout).toContain("WARNING: the last verification");
    } finally {
      fs.writeFileSync(file, original);
    }
    expect((await verify(ws)).code).toBe(0);
    const st = await status(ws);
    expect(st.stdout).not.toContain("WARNING: the last verification");
    expect(st.stdout).toContain(": all in order (4 objects in the store match the log, and its chain is unbroken).");
  });

  it("reads a log an older somarkiv wrote, which keeps no verification but those in order, as events", async () => {
    const db = new Database(ws.database);
    db.exec("DROP TABLE verifications");
    db.close();
    const st = await status(ws);
    expect(st.code, st.stderr).toBe(0);
    expect(st.stdout).toMatch(/\nLast verification: [^\n]*: all in order \(4 objects in the store match the log, and its chain is unbroken\)\.\n/);
  });
});

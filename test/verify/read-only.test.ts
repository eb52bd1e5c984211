import { describe, it, expect, beforeAll, afterAll } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { Workspace } from "../helpers/cli.ts";
import { cli } from "../crash/harness.ts";
import { syntheticArchive, tamper } from "../log/archive.ts";

/**
 * An archive that received a hand-over checks it with `verify --read-only`: every file it was given keeps
 * its checksum, and no file is added beside them (no proof in the store, no event in the log, no journal
 * files beside the log), whether the hand-over is whole or not.
 */
describe("verify --read-only on a copy handed over to an archive", () => {
  let ws: Workspace & { ids: string[] };
  let received: string;
  let config: string;
  beforeAll(async () => {
    ws = await syntheticArchive();
    // The municipality's own verify leaves a proof in the store, as before a hand-over.
    expect((await cli(["verify", "--config", ws.configPath])).code).toBe(0);
    received = path.join(ws.dir, "mottaget");
    fs.mkdirSync(path.join(received, "log"), { recursive: true });
    // The log as somarkiv keeps it (in WAL mode), copied with the worker stopped: SQLite opening such a
    // file, even only to read it, leaves two journal files beside it.
    fs.copyFileSync(ws.database, path.join(received, "log", "somarkiv.sqlite"));
    expect(fs.readFileSync(path.join(received, "log", "somarkiv.sqlite")).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
    fs.cpSync(ws.objects, path.join(received, "objects"), { recursive: true });
    const own = YAML.parse(fs.readFileSync(ws.configPath, "utf8")) as Record<string, unknown>;
    config = path.join(ws.dir, "arkivets.yaml");
    fs.writeFileSync(config, YAML.stringify({ ...own, storage: { type: "filesystem", path: path.join(received, "objects") }, database: path.join(received, "log", "somarkiv.sqlite"), intake: [{ type: "directory", path: path.join(ws.dir, "ingen-inkorg") }] }));
  });
  afterAll(() => ws?.cleanup());

  /** Every file of the hand-over with its SHA-256, as an archive's accession lists them. */
  const accession = () => Object.fromEntries((fs.readdirSync(received, { recursive: true }) as string[]).sort()
    .filter((f) => fs.statSync(path.join(received, f)).isFile())
    .map((f) => [f, crypto.createHash("sha256").update(fs.readFileSync(path.join(received, f))).digest("hex")]));

  it("a whole hand-over: exit 0, says it wrote nothing, and every file is as it was handed over, none added", async () => {
    const before = accession();
    expect(Object.keys(before).some((f) => f.includes("_log-anchors"))).toBe(true);
    const r = await cli(["verify", "--read-only", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("All good: 2 snapshot(s), 4 object(s) (0.0 MB) match the log, and the log's");
    expect(r.stdout).toContain("that still holds the 1 head(s) proven earlier");
    expect(r.stdout).toContain("Nothing was written (--read-only): this verification is not recorded in the log, and no anchor of the log's head");
    expect(accession()).toEqual(before);
  });

  it("a changed PDF in the hand-over: exit 1 naming it, and still nothing written", async () => {
    const file = path.join(received, "objects", "2026-H1", "konto-a", "konto-a_2026-H1_v1.pdf");
    fs.chmodSync(file, 0o644);
    fs.appendFileSync(file, "x");
    const before = accession();
    const r = await cli(["verify", "--read-only", "--json", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; problems: Array<{ recordId?: string; problem: string }> };
    expect(report.problems.map((p) => p.recordId)).toEqual(["konto-a_2026-H1_v1"]);
    expect(report.problems[0]!.problem).toContain("the PDF has changed");
    expect(accession()).toEqual(before);
    // Said in words, it sends the archivist to the organisation, never to a command that writes on the copy.
    const said = await cli(["verify", "--read-only", "--config", config]);
    expect(said.code).toBe(1);
    expect(said.stdout).toContain("Verify wrote nothing (--read-only). On a copy handed over, run nothing that writes");
    expect(said.stdout).not.toContain("Nothing was changed. Keep the log and the store as they are");
    expect(accession()).toEqual(before);
  });

  it("a row deleted by hand from the handed-over log: verify says what is wrong and that the organisation should put it right, and names recover nowhere, neither in the problem's line nor a note", async () => {
    tamper(path.join(received, "log", "somarkiv.sqlite"), `DELETE FROM deliveries WHERE record_id = 'konto-b_2026-H1_v1'; DELETE FROM records WHERE record_id = 'konto-b_2026-H1_v1'`);
    const before = accession();
    const r = await cli(["verify", "--read-only", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("konto-b_2026-H1_v1: the event log has events for this record, but the record itself is gone from the log (deleted by hand?)");
    expect(r.stdout).toContain("konto-b_2026-H1_v1: the event log has events for this record, but the record itself is gone from the log (deleted by hand?); its events still say what it was, with its diary number and deliveries, so the organisation that handed this copy over should put it right in its own archive and hand the records over again; nothing is to be run on the copy");
    expect(r.stdout).toContain("Verify wrote nothing (--read-only). On a copy handed over, run nothing that writes: tell the organisation that handed it over what verify found, so that it is put right in its own archive and the records handed over again.");
    expect(r.stdout).not.toMatch(/recover/i);
    expect(r.stdout).not.toContain("Keep the store as it is, run");
    expect(r.stdout).not.toContain("as said above, then verify again");
    expect(accession()).toEqual(before);
  });
});

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { unnamed, type Workspace } from "../helpers/cli.ts";
import { cli } from "../crash/harness.ts";
import { plantInSpool, spoolSecondVersion, syntheticArchive, tamper } from "../log/archive.ts";
import { SPOOL_ID_FILE } from "../../src/spool/index.ts";
import { restorationNotes } from "../../src/record/restored-notes.ts";
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
 * The hand-over as an archive receives it: the log and the store copied into a folder of its own, and a
 * configuration naming the copies. The log as somarkiv keeps it (in WAL mode), copied with the worker
 * stopped: SQLite opening such a file, even only to read it, leaves two journal files beside it.
 */
function handOver(ws: Workspace): { received: string; config: string } {
  const received = path.join(ws.dir, "mottaget");
  fs.mkdirSync(path.join(received, "log"), { recursive: true });
  fs.copyFileSync(ws.database, path.join(received, "log", "somarkiv.sqlite"));
  fs.cpSync(ws.objects, path.join(received, "objects"), { recursive: true });
  const own = YAML.parse(fs.readFileSync(ws.configPath, "utf8")) as Record<string, unknown>;
  const config = path.join(ws.dir, "arkivets.yaml");
  fs.writeFileSync(config, YAML.stringify({ ...own, storage: { type: "filesystem", path: path.join(received, "objects") }, database: path.join(received, "log", "somarkiv.sqlite"), intake: [{ type: "directory", path: path.join(ws.dir, "ingen-inkorg") }] }));
  return { received, config };
}

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
    ({ received, config } = handOver(ws));
    expect(fs.readFileSync(path.join(received, "log", "somarkiv.sqlite")).subarray(18, 20)).toEqual(Buffer.from([2, 2]));
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
    expect(r.stdout).toContain("All good: 2 snapshots, 4 objects (0.0 MB) match the log, and the log's");
    expect(r.stdout).toContain("that still holds the 1 proof of its last event that earlier checks left in the store");
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
    expect(said.stdout).toContain("Kontrollen skrev ingenting (--read-only). Kör inget som skriver i en kopia som har lämnats över");
    expect(said.stdout).not.toContain("Ingenting har ändrats");
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

describe("verify --read-only on a copy whose log the organisation put right before the hand-over, or that another installation wrote to", () => {
  let ws: (Workspace & { ids: string[] }) | undefined;
  afterAll(() => ws?.cleanup());

  it("notes an earlier recover and another installation's proof as things the organisation that handed it over puts right, never naming recover", async () => {
    ws = await syntheticArchive();
    const own = (...args: string[]) => cli([...args, "--config", ws!.configPath]);
    // In the organisation's own archive: a row changed by hand, written back by recover, then verified.
    tamper(ws.database, `UPDATE records SET captured_at = '2025-01-01T10:00:00.000Z' WHERE record_id = '${ws.ids[0]}'`);
    expect((await own("recover")).code).toBe(0);
    expect((await own("verify")).code).toBe(0);
    const { received, config } = handOver(ws);

    const noted = await cli(["verify", "--read-only", "--config", config]);
    expect(noted.code, noted.stdout + noted.stderr).toBe(0);
    expect(noted.stdout).toContain(`Note: The log's row of ${ws.ids[0]} (the time of capture) had been changed by hand: what their capture events hold was written back in the organisation's own archive before the hand-over (event `);
    expect(noted.stdout).toContain(`so the copy's rows say what their events say; the organisation that handed the copy over can say who changed them, and nothing is to be run on the copy.`);
    expect(noted.stdout).not.toMatch(/recover/i);

    // A proof of another installation's longer log, in the store handed over.
    fs.writeFileSync(path.join(received, "objects", "_log-anchors", `0000000999-${"a".repeat(64)}.json`), JSON.stringify({ installation: "gamla-servern:/srv/somarkiv/somarkiv.sqlite", verifiedAt: "2026-06-20T10:00:00.000Z" }));
    const other = await cli(["verify", "--read-only", "--config", config]);
    expect(other.code, other.stdout + other.stderr).toBe(1);
    expect(other.stdout).toContain("another somarkiv installation wrote to this store (");
    expect(other.stdout).toContain("its log gamla-servern:/srv/somarkiv/somarkiv.sqlite had 999 events when it was verified at 2026-06-20T10:00:00.000Z, and they are not this log's, so the copy may hold two installations' records with one installation's log. The organisation that handed this copy over should find out which log is its archive's, put it right in its own archive and hand the records over again; nothing is to be run on the copy");
    expect(other.stdout).not.toMatch(/recover/i);
  });

  it("a backup put back before the hand-over is noted with what may be missing and who puts it right, never naming recover or registered", () => {
    const notes = restorationNotes({ seq: 40, at: "2026-07-01T08:00:00.000Z", recordsTakenBack: ["konto-a_2026-H1_v2"], anchorsSetAside: ["_log-anchors/x.json"], rowsRebuilt: ["konto-b_2026-H1_v1"], rowsRewritten: [], failedRowsRewritten: [{ recordId: "konto-a_2026-H2_failed-1", fields: ["the reason it failed"] }], lastEventBefore: 31, lastEventAt: "2026-06-20T10:00:00.000Z", dnrsMissing: [] }, true);
    expect(notes).toHaveLength(4);
    expect(notes[0]).toBe("The log was put back from a backup in the organisation's own archive before the hand-over (event 40, 2026-07-01T08:00:00.000Z): 1 record was taken back into it from the store and 1 proof of the longer log that was lost set aside.");
    expect(notes[1]).toContain("diary numbers and deliveries recorded after that are missing from the copy's log unless they were recorded again. Tell the organisation that handed the copy over; it should compare its records with the registrar's diary, record each number missing in its own archive and hand the records over again; nothing is to be run on the copy.");
    for (const n of notes) expect(n).not.toMatch(/recover|registered|somarkiv /i);
    // The municipality's own verify names what its recover did, and the command that records a number again.
    expect(restorationNotes({ seq: 40, at: "2026-07-01T08:00:00.000Z", recordsTakenBack: ["konto-a_2026-H1_v2"], anchorsSetAside: [], rowsRebuilt: [], rowsRewritten: [], failedRowsRewritten: [], lastEventBefore: 31, lastEventAt: null, dnrsMissing: [] }, false).join(" ")).toMatch(/"somarkiv recover" \(event 40, .*somarkiv registered RECORD_ID/);
  });
});

describe("verify --read-only on a copy handed over with a record still waiting in the spool", () => {
  let ws: (Workspace & { ids: string[] }) | undefined;
  afterAll(() => ws?.cleanup());

  it("notes the record as not yet stored in the organisation's archive, for the organisation to store and hand over again, never naming deliver", async () => {
    ws = await syntheticArchive();
    // The store was away when version 2 was taken: it waits in the spool, and the spool is handed over with the log.
    const { id } = spoolSecondVersion(ws);
    const { received, config } = handOver(ws);
    fs.cpSync(path.join(ws.dir, "spool"), path.join(received, "log", "spool"), { recursive: true });
    fs.copyFileSync(path.join(ws.dir, SPOOL_ID_FILE), path.join(received, "log", SPOOL_ID_FILE));

    const r = await cli(["verify", "--read-only", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Note: 1 record waits in the spool to be stored, so the store handed over does not have them to check: ${id}. They were not yet stored in the organisation's own archive when the copy was made; their copy in the spool matches the log. Tell the organisation that handed the copy over: its somarkiv stores them, and it should hand the records over again once they are stored; nothing is to be run on the copy.`);
    expect(r.stdout).not.toMatch(/somarkiv deliver|somarkiv status|worker's next wake/);
    // The organisation's own verify still says what stores them.
    expect(unnamed((await cli(["verify", "--config", ws.configPath])).stdout, ws)).toContain(`The worker's next wake or "somarkiv deliver" stores them`);
  });

  /** The hand-over with the spool as it stands, as handOver gives it. */
  function handOverWithSpool(w: Workspace): { received: string; config: string } {
    const given = handOver(w);
    fs.cpSync(path.join(w.dir, "spool"), path.join(given.received, "log", "spool"), { recursive: true });
    // The spool's own name, given once a record was put in it by its log (not by hand).
    if (fs.existsSync(path.join(w.dir, SPOOL_ID_FILE))) fs.copyFileSync(path.join(w.dir, SPOOL_ID_FILE), path.join(given.received, "log", SPOOL_ID_FILE));
    return given;
  }

  it("names a waiting record's file changed in the copy's spool as not proven by the copy, to be checked in the organisation's own spool, never naming capture --force or deliver", async () => {
    ws = await syntheticArchive();
    const { id } = spoolSecondVersion(ws);
    const { received, config } = handOverWithSpool(ws);
    fs.writeFileSync(path.join(received, "log", "spool", id, `${id}.pdf`), "%PDF-1.7\n% changed on the way\n%%EOF\n");

    const r = await cli(["verify", "--read-only", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`${id}.*it waits in the spool, not stored yet, so its copy there is its only one: its PDF \\S*${id}\\.pdf has changed`));
    expect(r.stdout).toContain("The copy does not hold this record as it was captured, so it cannot be proven from the copy. It may have changed in the hand-over only: the organisation that handed the copy over should check the record in its own spool (its verify says), put the file (with that SHA-256) back from a backup of its spool or take the account again if it is wrong there too, and hand the records over again; nothing is to be run on the copy");
    expect(r.stdout + r.stderr).not.toMatch(/somarkiv capture|--force|somarkiv deliver|spool-lost/);
    // The organisation's own spool, changed the same way: its verify still gives the command that takes it again.
    fs.writeFileSync(path.join(ws.dir, "spool", id, `${id}.pdf`), "%PDF-1.7\n% changed on the way\n%%EOF\n");
    expect(unnamed((await cli(["verify", "--config", ws.configPath])).stdout, ws)).toContain(`back from a backup of the spool${takeAgain}`);
  });

  it("notes a spool folder the copy's log does not know as no record of the copy, for the installation that made it to take back, never naming deliver", async () => {
    ws = await syntheticArchive();
    await plantInSpool(ws, "konto-a_2026-H1_v2", { capturedAt: "2026-06-20T06:00:00.000Z" });
    await plantInSpool(ws, "konto-b_2026-H1_v2", { capturedAt: "2026-06-20T06:00:00.000Z", pdfAccount: "konto-a", pdfRecordId: "konto-a_2026-H1_v2" });
    const { received, config } = handOverWithSpool(ws);
    const folder = (id: string) => path.join(received, "log", "spool", id);

    const r = await cli(["verify", "--read-only", "--config", config]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Note: Not in the log yet: the spool folder ${folder("konto-a_2026-H1_v2")} holds record konto-a_2026-H1_v2, which the log does not know (a capture cut off before its log entry, or a log put back from an older backup, at the organisation that handed the copy over), so it is no record of this copy yet. The installation that made the copy takes it back into its own log and stores and delivers it when it next delivers; tell the organisation that handed the copy over, which should hand the records over again once it has; nothing is to be run on the copy.`);
    expect(r.stdout).toContain(`Note: Not in the log yet: the spool folder ${folder("konto-b_2026-H1_v2")} holds record konto-b_2026-H1_v2, which the log does not know and which the installation that made the copy would NOT take back into its log: its PDF's own metadata names`);
    expect(r.stdout).toContain("It is no record of this copy; tell the organisation that handed the copy over, which should find out who put it there; nothing is to be run on the copy, nor the folder removed from it.");
    expect(r.stdout + r.stderr).not.toMatch(/somarkiv deliver|wake of the worker|remove the folder/);
  });
});

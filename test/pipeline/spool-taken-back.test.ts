import { describe, it, expect, beforeEach, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { account, runCli, unnamed } from "../helpers/cli.ts";
import { ORGANISATION, plantInSpool, syntheticArchive } from "../log/archive.ts";
import { periodOf } from "../../src/schedule/period.ts";

/**
 * A whole record in the spool that the log does not know is taken back into the log at the next
 * `deliver` (a capture killed between its spool write and its log entry). Before that, status and
 * verify name the folder; after it, records, the CSV and verify say the record was taken back, not
 * captured. One whose manifest or PDF speaks against the log (another account's PDF, a version taken
 * before the one before it) is not taken back: the files stay, and deliver, status and verify say why.
 * No browser: real PDFs made by somarkiv's own PDF writer, a real log, store and intake folder.
 */
const ID = "konto-a_2026-H1_v2";
let ws: Awaited<ReturnType<typeof syntheticArchive>>;
const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
const folder = () => path.join(ws.dir, "spool", ID);

/** konto-a's version 2 put in the spool by hand, its PDF made for `pdfAccount` (as record `pdfRecordId`). */
async function plant(pdfAccount: string, capturedAt: string, pdfRecordId = `${pdfAccount}_2026-H1_v2`, more: Record<string, unknown> = {}): Promise<void> {
  await plantInSpool(ws, ID, { capturedAt, pdfAccount, pdfRecordId, more });
}

/** The CSV's line of the planted record, as the registrar opens it. */
const csvLine = async () => (await cli("records", "--csv")).stdout.split(/\r?\n/).find((l) => l.startsWith(ID));

const ids = async () => (JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string }>).map((r) => r.recordId);

describe("a record in the spool that the log does not know", () => {
  beforeEach(async () => { ws = await syntheticArchive(); });
  afterEach(() => ws.cleanup());

  it("is named by status and verify before deliver takes it back, and marked as taken back after", async () => {
    await plant("konto-a", "2026-06-20T06:00:00.000Z");
    const st = await cli("status");
    expect(st.stdout).toContain(`WARNING: The spool folder ${folder()} holds record ${ID}, which the log does not know`);
    const v = await cli("verify");
    expect(v.code, v.stdout).toBe(0);
    expect(unnamed(v.stdout, ws)).toContain(`Note: Not in the log yet: the spool folder ${folder()} holds record ${ID}, which the log does not know (a capture cut off before its log entry, or a log put back from an older backup); the next "somarkiv deliver"`);

    const d = await cli("deliver");
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(d.stderr).toContain(`record ${ID} was found whole in the spool`);
    const list = await cli("records");
    expect(list.stdout.split("\n").find((l) => l.startsWith(ID))).toContain("taken back from the spool after an interrupted capture");
    const json = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; takenBackFrom: string | null }>;
    expect(json.map((r) => [r.recordId, r.takenBackFrom])).toEqual([["konto-a_2026-H1_v1", null], [ID, "spool"], ["konto-b_2026-H1_v1", null]]);
    const csv = (await cli("records", "--csv")).stdout.split(/\r?\n/);
    expect(csv[0]).toMatch(/;Återtagen i loggen$|,Återtagen i loggen$/);
    expect(csv.find((l) => l.startsWith(ID))).toMatch(/återtagen ur spoolen efter ett avbrott innan den skrevs in i loggen"?$/);
    const after = await cli("verify");
    expect(after.code, after.stdout).toBe(0);
    expect(after.stdout).toContain(`Note: 1 record was taken back into the log, not captured by it: ${ID} (taken back from the spool after an interrupted capture).`);
    expect(after.stdout).not.toContain("Not in the log yet");
  });

  it("taken back by a plain capture before it decides what to take, counts as the account's snapshot: nothing is captured again, and the record keeps its id", async () => {
    ws.write({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a")] });
    // This half-year's snapshot of konto-a, whose log entry a cut-off capture never wrote.
    const period = periodOf(new Date(), "Europe/Stockholm");
    const id = `konto-a_${period}_v1`;
    await plantInSpool(ws, id, { capturedAt: new Date(Date.now() - 60_000).toISOString(), previousRecordId: null });
    const c = await cli("capture");
    expect(c.code, c.stdout + c.stderr).toBe(0);
    expect(c.stderr).toContain(`record ${id} was found whole in the spool`);
    expect(c.stderr).not.toContain("capturing https://example.se/konto-a");
    expect(c.stdout).toContain(`konto-a: skipped, already has a snapshot for ${period} (${id})`);
    expect((await ids()).filter((r) => !ws.ids.includes(r))).toEqual([id]);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`))).toBe(true);
  });

  it("another account's PDF under a hand-made manifest is not taken back: the files stay, and each command says why", async () => {
    await plant("konto-b", "2026-12-01T06:00:00.000Z");
    const why = "its PDF's own metadata names facebook, konto-b, 2026-H1, not the account konto-a its manifest names: it is another record's PDF";
    expect((await cli("status")).stdout).toContain(`which the log does not know and which is NOT taken back into it: ${why}`);
    expect((await cli("verify")).stdout).toContain(why);
    const d = await cli("deliver");
    expect(d.stderr).toContain(`the spool folder ${folder()} holds record ${ID}, which the log does not know; it is NOT taken back into the log: ${why}`);
    expect(await ids()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    expect(fs.existsSync(path.join(folder(), `${ID}.pdf`))).toBe(true);
    expect(fs.existsSync(path.join(ws.intake, `${ID}.pdf`))).toBe(false);
  });

  it("a copy of version 1's PDF filed as version 2 is not taken back: deliver says whose PDF it is", async () => {
    await plant("konto-a", "2026-12-01T06:00:00.000Z", "konto-a_2026-H1_v1");
    const d = await cli("deliver");
    expect(d.stderr).toContain(`holds record ${ID}, which the log does not know; it is NOT taken back into the log: its PDF's own metadata says it is record konto-a_2026-H1_v1, not ${ID}`);
    expect(await ids()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    expect(fs.existsSync(path.join(folder(), `${ID}.pdf`))).toBe(true);
  });

  it("a PDF damaged in the spool, no longer the one its manifest names, is not taken back, stored or delivered", async () => {
    await plant("konto-a", "2026-12-01T06:00:00.000Z");
    const pdf = path.join(folder(), `${ID}.pdf`);
    const bytes = fs.readFileSync(pdf);
    bytes[bytes.length - 1] ^= 0x01;
    fs.writeFileSync(pdf, bytes);
    const d = await cli("deliver");
    expect(d.stderr).not.toContain(`record ${ID} was found whole in the spool`);
    expect(await ids()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    expect(fs.existsSync(path.join(ws.objects, "2026-H1", "konto-a", `${ID}.pdf`))).toBe(false);
    expect(fs.existsSync(path.join(ws.intake, `${ID}.pdf`))).toBe(false);
  });

  it("a version said to be taken before the version before it is not taken back", async () => {
    await plant("konto-a", "2026-06-01T06:00:00.000Z");
    const d = await cli("deliver");
    expect(d.stderr).toContain(`it is NOT taken back into the log: its manifest says it was captured at 2026-06-01T06:00:00.000Z, before konto-a_2026-H1_v1 (captured at 2026-06-10T06:00:00.000Z), the version before it in the log`);
    expect(await ids()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    expect(fs.existsSync(folder())).toBe(true);
  });

  it("recover does not take back from the store what the same checks refuse, and leaves it there", async () => {
    await plant("konto-b", "2026-12-01T06:00:00.000Z");
    const into = path.join(ws.objects, "2026-H1", "konto-a");
    for (const ext of ["pdf", "json"]) fs.renameSync(path.join(folder(), `${ID}.${ext}`), path.join(into, `${ID}.${ext}`));
    const r = await cli("recover");
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain(`${ID}.json: its PDF's own metadata names facebook, konto-b, 2026-H1, not the account konto-a`);
    expect(await ids()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    expect(fs.existsSync(path.join(into, `${ID}.pdf`))).toBe(true);
  });

  it("a record taken back from the spool keeps what its manifest says of the capture month, as its sheet does", async () => {
    await plant("konto-a", "2026-06-20T06:00:00.000Z", undefined, { beforeHalfYearChange: true, takenBecause: "prov av somarkiv" });
    const d = await cli("deliver");
    expect(d.code, d.stdout + d.stderr).toBe(0);
    expect(await csvLine()).toContain("prov av somarkiv (tagen före den månad då periodens ögonblicksbild tas och gäller bara sin dag; periodens ögonblicksbild tas den månaden, som en ny version)");
  });

  it("a record taken back from the store by recover keeps the early version it follows, as its sheet does", async () => {
    await plant("konto-a", "2026-06-20T06:00:00.000Z", undefined, { afterEarlySnapshot: "konto-a_2026-H1_v1" });
    const into = path.join(ws.objects, "2026-H1", "konto-a");
    for (const ext of ["pdf", "json"]) fs.renameSync(path.join(folder(), `${ID}.${ext}`), path.join(into, `${ID}.${ext}`));
    const r = await cli("recover");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await csvLine()).toContain("periodens ögonblicksbild; den tidigare versionen (konto-a_2026-H1_v1) togs före den månad då periodens ögonblicksbild tas och gäller bara sin dag");
  });
});

import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { runCli, type Workspace } from "../helpers/cli.ts";
import { sha, syntheticArchive } from "../log/archive.ts";

/** A PDF someone holds (handed out, sent back, copied from the intake) checked against the log. */
describe("verify FILE: is this PDF the registered record, unchanged?", () => {
  let ws: Workspace & { ids: string[] };
  let held: string;
  const verify = (...args: string[]) => runCli(["verify", "--config", ws.configPath, ...args]);

  beforeAll(async () => {
    ws = await syntheticArchive();
    const log = RecordLog.open(ws.database);
    log.records.register(ws.ids[0]!, "KS 2026/45-3");
    log.close();
    // The copies a journalist was given: the stored PDF, under the name it was delivered with.
    held = path.join(ws.dir, "utlämnat");
    fs.mkdirSync(held);
    for (const id of ws.ids) fs.copyFileSync(path.join(ws.objects, "2026-H1", id.split("_")[0]!, `${id}.pdf`), path.join(held, `${id}.pdf`));
  });
  afterAll(() => ws.cleanup());

  it("names the record, its diary number and that it is unchanged, in Swedish then English", async () => {
    const file = path.join(held, `${ws.ids[0]}.pdf`);
    const r = await verify(file);
    expect(r.code, r.stderr).toBe(0);
    const [sv, en] = r.stdout.trim().split("\n");
    expect(sv).toMatch(new RegExp(`^${file}: är PDF-filen till handlingen ${ws.ids[0]} \\(konto-a, 2026-H1, tagen 2026-06-10 08:00:00 CEST\\), diarienummer KS 2026/45-3, oförändrad`));
    expect(en).toContain(`is the PDF of record ${ws.ids[0]} (konto-a, 2026-H1, taken 2026-06-10 08:00:00 CEST), diary number KS 2026/45-3, unchanged`);
  });

  it("names a record's JSON file as the registrar knows it, not as \"manifestet\"", async () => {
    const file = path.join(ws.objects, "2026-H1", ws.ids[0]!.split("_")[0]!, `${ws.ids[0]}.json`);
    const r = await verify(file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${file}: är metadatafilen (JSON) till handlingen ${ws.ids[0]} (konto-a, 2026-H1`);
    expect(r.stdout).toContain(`${file}: is the manifest of record ${ws.ids[0]}`);
  });

  it("knows a record by its content, whatever the file is called", async () => {
    const renamed = path.join(held, "bilaga 1.pdf");
    fs.copyFileSync(path.join(held, `${ws.ids[1]}.pdf`), renamed);
    const r = await verify("--json", renamed);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ file: renamed, sha256: sha(fs.readFileSync(renamed)), found: "record", part: "pdf", record: expect.objectContaining({ recordId: ws.ids[1], dnr: null }) }]);
  });

  it("says a file named as a record but changed is not it, with both checksums (exit 1)", async () => {
    const file = path.join(held, `${ws.ids[1]}.pdf`);
    const expected = sha(fs.readFileSync(file));
    fs.appendFileSync(file, " ");
    const r = await verify(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${file}: har namnet av handlingen ${ws.ids[1]} men inte dess innehåll: filens SHA-256 är ${sha(fs.readFileSync(file))}, handlingens ${expected}.`);
    expect(r.stdout).toContain("It was changed after the record was made, or is another file");
  });

  it("says a renamed copy that was changed is not the record its metadata names, naming that record (exit 1)", async () => {
    // As a real record's PDF does in its XMP metadata; the copy renamed, then changed.
    const copy = path.join(held, "kopia-till-journalisten.pdf");
    fs.writeFileSync(copy, `%PDF-1.7\n<xmpMM:DocumentID>${ws.ids[1]}</xmpMM:DocumentID>\n% ändrad\n%%EOF\n`);
    const expected = sha(fs.readFileSync(path.join(ws.objects, "2026-H1", ws.ids[1]!.split("_")[0]!, `${ws.ids[1]}.pdf`)));
    const r = await verify(copy);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${copy}: anger i sina metadata att den är handlingen ${ws.ids[1]} men har inte dess innehåll: filens SHA-256 är ${sha(fs.readFileSync(copy))}, handlingens ${expected}.`);
    expect(r.stdout).toContain(`${copy}: says in its metadata that it is record ${ws.ids[1]} but does not have its content`);
    expect(r.stdout).not.toContain("ingen handling i loggen");
  });

  it("says a PDF of the same record id made at another time is not this log's record, rather than this record changed (exit 1)", async () => {
    // As another installation's (a trial one, beside this) PDF of a record of the same id says in its XMP,
    // made two days after this log's record was taken; and a copy of this log's own, changed, for contrast.
    const elsewhere = path.join(held, "från-testservern.pdf");
    fs.writeFileSync(elsewhere, `%PDF-1.7\n<xmp:CreateDate>2026-06-12T07:30:00+00:00</xmp:CreateDate>\n<somarkiv:recordId>${ws.ids[1]}</somarkiv:recordId>\n%%EOF\n`);
    const changed = path.join(held, "ändrad-kopia.pdf");
    fs.writeFileSync(changed, `%PDF-1.7\n<xmp:CreateDate>2026-06-10T06:00:00+00:00</xmp:CreateDate>\n<somarkiv:recordId>${ws.ids[1]}</somarkiv:recordId>\n% ändrad\n%%EOF\n`);
    const expected = sha(fs.readFileSync(path.join(ws.objects, "2026-H1", ws.ids[1]!.split("_")[0]!, `${ws.ids[1]}.pdf`)));
    const r = await verify(elsewhere, changed);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${elsewhere}: anger i sina metadata att den är handlingen ${ws.ids[1]}, gjord 2026-06-12 09:30:00 CEST, men den här loggens handling ${ws.ids[1]} togs 2026-06-10 08:00:00 CEST: filen är inte den här loggens handling (filens SHA-256 är ${sha(fs.readFileSync(elsewhere))}, handlingens ${expected}).`);
    expect(r.stdout).toContain(`${elsewhere}: says in its metadata that it is record ${ws.ids[1]}, made 2026-06-12 09:30:00 CEST, but this log's record ${ws.ids[1]} was taken 2026-06-10 08:00:00 CEST: the file is not this log's record`);
    expect(r.stdout).toContain("Another somarkiv installation with a log of its own");
    expect(r.stdout).not.toContain(`${elsewhere}: says in its metadata that it is record ${ws.ids[1]} but does not have its content`);
    // Made when this log's record was taken: this record, changed.
    expect(r.stdout).toContain(`${changed}: says in its metadata that it is record ${ws.ids[1]} but does not have its content`);
    const json = JSON.parse((await verify("--json", elsewhere)).stdout);
    expect(json).toEqual([expect.objectContaining({ found: "made-elsewhere", madeAt: "2026-06-12T07:30:00.000Z", expected, record: expect.objectContaining({ recordId: ws.ids[1] }) })]);
  });

  it("says a file that is no record is none, and one that is not there cannot be read, checking the others (exit 1)", async () => {
    const other = path.join(held, "annat.pdf");
    fs.writeFileSync(other, "%PDF-1.7\n% något annat\n%%EOF\n");
    const good = path.join(held, `${ws.ids[0]}.pdf`);
    const r = await verify(other, path.join(held, "finns-inte.pdf"), good);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${other}: ingen handling i loggen har det här innehållet (SHA-256 ${sha(fs.readFileSync(other))}).`);
    expect(r.stdout).toContain(`${path.join(held, "finns-inte.pdf")}: kan inte läsas (det finns ingen sådan fil).`);
    expect(r.stdout).toContain(`${path.join(held, "finns-inte.pdf")}: cannot be read (there is no such file).`);
    expect(r.stdout).toContain(`${good}: är PDF-filen till handlingen ${ws.ids[0]}`);
  });

  it("goes by the record's chained capture event, not its row: a row's checksum changed by hand does not make a forged file the record", async () => {
    const forged = path.join(held, "förfalskad.pdf");
    fs.writeFileSync(forged, "%PDF-1.7\n% förfalskad\n%%EOF\n");
    const log = RecordLog.open(ws.database);
    log.db.prepare("UPDATE records SET sha256 = ? WHERE record_id = ?").run(sha(fs.readFileSync(forged)), ws.ids[0]);
    log.close();
    try {
      const r = await verify(forged);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("ingen handling i loggen har det här innehållet");
    } finally {
      const back = RecordLog.open(ws.database);
      back.db.prepare("UPDATE records SET sha256 = ? WHERE record_id = ?").run(sha(fs.readFileSync(path.join(held, `${ws.ids[0]}.pdf`))), ws.ids[0]);
      back.close();
    }
  });

  it("calls the genuine file the record, unchanged, when the row's checksum was changed by hand, and names the changed row", async () => {
    const file = path.join(held, `${ws.ids[0]}.pdf`);
    const genuine = sha(fs.readFileSync(file));
    const log = RecordLog.open(ws.database);
    log.db.prepare("UPDATE records SET sha256 = ?, captured_at = ? WHERE record_id = ?").run("0".repeat(64), "2025-01-01T10:00:00.000Z", ws.ids[0]);
    log.close();
    try {
      const r = await verify(file);
      expect(r.code, r.stderr).toBe(0);
      const [sv, en] = r.stdout.trim().split("\n");
      // Said as its chained events have it: the time it was captured, not the one written on the row.
      expect(sv).toBe(`${file}: är PDF-filen till handlingen ${ws.ids[0]} (konto-a, 2026-H1, tagen 2026-06-10 08:00:00 CEST), diarienummer KS 2026/45-3, oförändrad: dess SHA-256 är den som loggen skrev in när handlingen gjordes. Men loggens rad för handlingen har ändrats utanför somarkiv (PDF:ens kontrollsumma: raden ${"0".repeat(64)}, händelserna ${genuine}; tidpunkten: raden 2025-01-01T10:00:00.000Z, händelserna 2026-06-10T06:00:00.000Z); det som sägs här är det som loggens händelser säger. Kör "somarkiv --config ${ws.configPath} verify" och säg till arkivansvarig.`);
      expect(en).toContain(`is the PDF of record ${ws.ids[0]} (konto-a, 2026-H1, taken 2026-06-10 08:00:00 CEST), diary number KS 2026/45-3, unchanged: its SHA-256 is the one the log recorded when the record was made. But the log's row for the record was changed outside somarkiv (the PDF checksum in the record (${"0".repeat(64)}) is not the one captured (${genuine}); `);
      expect(en).toContain(`Run "somarkiv --config ${ws.configPath} verify" and tell the records manager.`);
      expect(r.stdout).not.toContain("does not have its content");
    } finally {
      const back = RecordLog.open(ws.database);
      back.db.prepare("UPDATE records SET sha256 = ?, captured_at = ? WHERE record_id = ?").run(genuine, "2026-06-10T06:00:00.000Z", ws.ids[0]);
      back.close();
    }
  });
});

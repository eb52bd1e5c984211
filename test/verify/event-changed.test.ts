import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { unnamed } from "../helpers/cli.ts";
import { archivesForCli, tamper } from "../log/archive.ts";
import { parseCsv } from "../helpers/csv.ts";

/**
 * An event of the chain changed by hand (the pages its capture recorded), the record's row not: the
 * event is no evidence, so nothing blames the row against it, shows its value, or writes it into the
 * row. Through the real command line on a real log and store.
 */
const archive = archivesForCli();

describe("a record whose capture event was changed after it was written", () => {
  it("is said by verify as an event changed, not a row, with no recover; recover writes nothing from it; records and status show the row as it stands, in doubt", async () => {
    const { ws, cli, id } = await archive();
    const pages = (await cli("records", "--json")).stdout;
    const was = (JSON.parse(pages) as Array<{ recordId: string; pages: number }>).find((r) => r.recordId === id)!.pages;
    const forged = was + 7;
    // As someone who can write the file would: the append-only trigger taken away and put back.
    tamper(ws.database, `DROP TRIGGER events_no_update; UPDATE events SET data = json_set(data, '$.pages', ${forged}) WHERE record_id = '${id}' AND type = 'captured';
      CREATE TRIGGER events_no_update BEFORE UPDATE ON events BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;`);
    const seq = (JSON.parse((await cli("status", "--json")).stdout) as { rowsNotAsEvents: Array<{ recordId: string; en: string; eventsChanged?: true }> }).rowsNotAsEvents;
    expect(seq).toHaveLength(1);
    expect(seq[0]!.recordId).toBe(id);
    expect(seq[0]!.eventsChanged).toBe(true);
    expect(seq[0]!.en).toMatch(/^its event \d+ \(captured\) was changed after it was written$/);

    const v = await cli("verify");
    expect(v.code).toBe(1);
    const said = unnamed(v.stdout + v.stderr, ws);
    expect(said).toMatch(new RegExp(`event \\d+ \\(captured, record ${id}\\) was changed after it was written`));
    expect(said).toContain(`${id}: its event`);
    expect(said).toContain("so the log cannot say from its events what this record is, and its row is not held to them");
    expect(said).toContain(`Do not run "somarkiv recover" for it`);
    expect(said).not.toContain("only the log's row for this record was changed by hand");
    expect(said).not.toContain("the number of pages in the record");
    expect(said).not.toMatch(/run "somarkiv recover" as said above/);

    const r = await cli("recover");
    expect(r.code).toBe(1);
    expect(unnamed(r.stdout + r.stderr, ws)).toContain(`${id}: its row does not match its events, but the record's event`);
    const listed = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; pages: number }>;
    expect(listed.find((x) => x.recordId === id)!.pages).toBe(was);

    const csv = await cli("records", "--csv");
    expect(csv.code).toBe(1);
    const rows = parseCsv(csv.stdout);
    const col = (name: string) => rows[0]!.indexOf(name);
    const row = rows.find((x) => x[0] === id)!;
    expect(row[col("Sidor")]).toBe(String(was));
    expect(row[col("Avvikelse i loggen")]).toMatch(/^I tvivel: handlingens händelse \d+ \(captured\) har ändrats efter att den skrevs, utanför somarkiv; det som står här är loggens rad som den står, som händelserna inte kan bekräfta\./);
    expect(unnamed(csv.stderr, ws)).toMatch(new RegExp(`WARNING: ${id}: its event \\d+ \\(captured\\) was changed after it was written, outside somarkiv\\. What is shown for it is its row as it stands, which its events cannot confirm\\.`));
    expect(rows.find((x) => x[0] === ws.ids[1])![col("Avvikelse i loggen")]).toBe("");

    // Nor is a diary number given to it: its events cannot say whether it may be registered.
    const reg = await cli("registered", id, "--dnr", "KS 2026/99");
    expect(reg.code).toBe(2);
    expect(unnamed(reg.stdout + reg.stderr, ws)).toContain(`Loggens händelser för handlingen ${id} har ändrats utanför somarkiv (dess händelse`);
    expect(unnamed(reg.stdout + reg.stderr, ws)).toContain(`The log's events for record ${id} were changed outside somarkiv (its event`);

    // Nor sent again to the registrar: the log cannot say what it is.
    const again = await cli("deliver", "--again", id);
    expect(again.code).not.toBe(0);
    expect(unnamed(again.stdout + again.stderr, ws)).toMatch(new RegExp(`${id}: NOT delivered again: its event \\d+ \\(captured\\) was changed after it was written, outside somarkiv, so the log cannot say what the record is\\. It stays in the store, untouched\\.`));

    // A copy of its PDF is not vouched for by an event changed after it was written.
    const pdf = (fs.readdirSync(ws.objects, { recursive: true }) as string[]).find((f) => f.endsWith(`${id}.pdf`))!;
    const file = await cli("verify", path.join(ws.objects, pdf));
    expect(file.code).toBe(1);
    expect(unnamed(file.stdout + file.stderr, ws)).toMatch(new RegExp(`has the SHA-256 the log gives for the PDF of record ${id}, but the record's event \\d+ \\(captured\\) was changed after it was written, outside somarkiv, so the log cannot vouch that the file is unchanged`));
    expect(file.stdout + file.stderr).not.toContain("oförändrad: dess SHA-256");

    const st = await cli("status");
    expect(unnamed(st.stdout + st.stderr, ws)).toContain(`WARNING: ${id}: its event`);
    expect(unnamed(st.stdout + st.stderr, ws)).not.toContain("do not match their events");
  });
});

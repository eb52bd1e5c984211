import os from "node:os";
import { describe, it, expect } from "vitest";
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { unnamed } from "../helpers/cli.ts";
import { archivesForCli, tamper } from "../log/archive.ts";
import { parseCsv } from "../helpers/csv.ts";

/**
 * `registered` on a log whose record row was changed by hand (its chained events not): it decides
 * from the events, refuses what the row alone would allow, writes nothing, and says so to the
 * registrar in Swedish first. Through the real command line on a real log.
 */
const archive = archivesForCli();

/** The log's registrations of a record, as its chained events have them. */
function registeredEvents(file: string, id: string): unknown[] {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare("SELECT data FROM events WHERE record_id = ? AND type = 'registered' ORDER BY seq").all(id) as Array<{ data: string }>).map((e) => JSON.parse(e.data));
  } finally {
    db.close();
  }
}

const TAMPERED_SV = 'Inget sparades. Kör "somarkiv verify", som säger vad som ändrats och hur det rättas, eller be IT göra det.';
const TAMPERED_EN = 'Nothing was recorded. Run "somarkiv verify", which says what was changed and how to put it right, or ask IT to.';

describe("registered trusts the record's events, not a row changed outside somarkiv", () => {
  it("a forged diary number is not corrected into the history: the correction is refused and verify still finds the forgery", async () => {
    const { ws, cli, id } = await archive();
    expect((await cli("registered", id, "--dnr", "KS 2026/101")).code).toBe(0);
    tamper(ws.database, `UPDATE records SET dnr = 'KS 2026/999' WHERE record_id = '${id}'`);

    const r = await cli("registered", id, "--dnr", "KS 2026/101", "--correct", "fel nummer");
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(unnamed(r.stderr, ws)).toBe(`somarkiv registered: Loggens rad för handlingen ${id} stämmer inte med dess händelser (raden har diarienummer KS 2026/999, händelserna KS 2026/101): den har ändrats utanför somarkiv. ${TAMPERED_SV}\n`
      + `The log's row for record ${id} does not match its events (the row gives diary number KS 2026/999, the events KS 2026/101): it was changed outside somarkiv. ${TAMPERED_EN}\n`);
    // Nothing written: no correction naming the forged number, and the forgery is still found.
    expect(registeredEvents(ws.database, id)).toEqual([{ dnr: "KS 2026/101", source: "cli", by: `${os.userInfo().username}@${os.hostname()}` }]);
    const v = await cli("verify");
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("the diary number KS 2026/999 is not the one registered (KS 2026/101)");
  });

  it("a registered record whose number was taken off its row gets no second number", async () => {
    const { ws, cli, id } = await archive();
    expect((await cli("registered", id, "--dnr", "KS 2026/101")).code).toBe(0);
    tamper(ws.database, `UPDATE records SET dnr = NULL, status = 'delivered' WHERE record_id = '${id}'`);

    const r = await cli("registered", id, "--dnr", "KS 2026/555");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`Loggens rad för handlingen ${id} stämmer inte med dess händelser (raden har diarienummer (inget), händelserna KS 2026/101; raden säger att den är levererad, händelserna att den är diarieförd)`);
    expect(r.stderr).toContain(`The log's row for record ${id} does not match its events (the row gives diary number (none), the events KS 2026/101; the row says it is delivered, the events that it is registered)`);
    expect(r.stderr.indexOf("Loggens rad")).toBeLessThan(r.stderr.indexOf("The log's row"));
    expect(registeredEvents(ws.database, id)).toEqual([{ dnr: "KS 2026/101", source: "cli", by: `${os.userInfo().username}@${os.hostname()}` }]);
    const listed = JSON.parse((await cli("records", "--json")).stdout) as Array<{ recordId: string; registrations: unknown[] }>;
    expect(listed.find((x) => x.recordId === id)!.registrations).toHaveLength(1);
    expect((await cli("verify")).code).toBe(1);
  });

  it("records --csv gives the number the events registered for a row changed by hand, and says the row is in doubt in a column of its own", async () => {
    const { ws, cli, id } = await archive();
    expect((await cli("registered", id, "--dnr", "KS 2026/101")).code).toBe(0);
    tamper(ws.database, `UPDATE records SET dnr = 'KS 2026/999' WHERE record_id = '${id}'`);
    const r = await cli("records", "--csv");
    expect(r.code).toBe(1);
    const [head, ...rows] = parseCsv(r.stdout);
    const row = rows.find((x) => x[0] === id)!;
    const other = rows.find((x) => x[0] === ws.ids[1])!;
    const col = (name: string) => head!.indexOf(name);
    expect(col("Avvikelse i loggen")).toBeGreaterThan(0);
    expect(row[col("Diarienummer")]).toBe("KS 2026/101");
    expect(col("Avvikelse i loggen")).toBe(col("Rättelser av diarienummer") + 1);
    expect(row[col("Avvikelse i loggen")]).toBe(`I tvivel: loggens rad har ändrats utanför somarkiv (raden har diarienummer KS 2026/999, händelserna KS 2026/101); det som står här är det som händelserna i loggen säger, inte raden. Kör "somarkiv verify" och säg till arkivansvarig.`);
    expect(other[col("Avvikelse i loggen")]).toBe("");
  });

  it("records (every format, exit 1) and status warn of a number changed on a row, naming the record, where they showed it as fact", async () => {
    const { ws, cli, id } = await archive();
    expect((await cli("registered", id, "--dnr", "KS 2026/101")).code).toBe(0);
    const clean = await cli("records", "--csv");
    expect(clean.stderr).toBe("");
    tamper(ws.database, `UPDATE records SET dnr = 'KS 2026/999' WHERE record_id = '${id}'`);
    const sv = `VARNING: loggens rader för ${id} (raden har diarienummer KS 2026/999, händelserna KS 2026/101) stämmer inte med deras händelser`;
    const en = `WARNING: the log's rows for ${id} (the row gives diary number KS 2026/999, the events KS 2026/101) do not match their events: they were changed outside somarkiv. What is shown for them is what their events say, not the rows. Run "somarkiv verify" and tell the records manager.`;
    const text = await cli("records");
    expect(text.code).toBe(1);
    expect(unnamed(text.stdout, ws).split("\n").slice(0, 2)).toEqual([expect.stringContaining(sv), en]);
    for (const format of ["--csv", "--json"]) {
      const r = await cli("records", format);
      expect(r.code).toBe(1);
      expect(unnamed(r.stderr, ws)).toContain(`somarkiv records: ${sv}`);
      expect(unnamed(r.stderr, ws)).toContain(`somarkiv records: ${en}`);
      expect(r.stdout).not.toContain("VARNING");
    }
    const status = await cli("status");
    expect(unnamed(status.stdout, ws)).toContain(en);
    expect(JSON.parse((await cli("status", "--json")).stdout).rowsNotAsEvents).toEqual([{ recordId: id, en: "the row gives diary number KS 2026/999, the events KS 2026/101", sv: "raden har diarienummer KS 2026/999, händelserna KS 2026/101" }]);
  });

  it("a number written on a row that was never registered is not taken as the record's", async () => {
    const { ws, cli, id } = await archive();
    tamper(ws.database, `UPDATE records SET dnr = 'KS 2026/999' WHERE record_id = '${id}'`);
    const r = await cli("registered", id, "--dnr", "KS 2026/999");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("(the row gives diary number KS 2026/999, the events none)");
    expect(registeredEvents(ws.database, id)).toEqual([]);
  });

  it("a record whose row was deleted is said to be removed from the log, not mistyped, however the registrar names it", async () => {
    const { ws, cli, id } = await archive();
    tamper(ws.database, `DELETE FROM deliveries WHERE record_id = '${id}'; DELETE FROM records WHERE record_id = '${id}'`);
    for (const typed of [id, path.join(ws.dir, "intake", `${id.toUpperCase()}.PDF`)]) {
      const r = await cli("registered", typed, "--dnr", "KS 2026/101");
      expect(r.code).toBe(2);
      expect(unnamed(r.stderr, ws)).toBe(`somarkiv registered: Loggens rad för handlingen ${id} har tagits bort, fast dess händelser visar att handlingen fanns: loggen har ändrats utanför somarkiv. ${TAMPERED_SV}\n`
        + `The log's row for record ${id} was removed, though its events show that the record existed: the log was changed outside somarkiv. ${TAMPERED_EN}\n`);
    }
    expect(registeredEvents(ws.database, id)).toEqual([]);
  });

  it("a log that is not a database is said in Swedish first, then in English, and nothing is done", async () => {
    const { ws, cli, id } = await archive();
    fs.writeFileSync(ws.database, "inte en databas\n".repeat(300));
    const r = await cli("registered", id, "--dnr", "KS 2026/101");
    expect(r.code).toBe(1);
    const [sv, en] = r.stderr.split("\n");
    expect(sv).toBe("somarkiv registered: diarienumret kunde inte sparas, eftersom somarkivs logg inte går att använda (meddelandet på engelska nedan säger varför och vad som ska göras). Inget sparades. Be IT om hjälp och kör sedan kommandot igen.");
    expect(en).toContain(`somarkiv registered stopped: the file of "database:" in the configuration is not somarkiv's log`);
  });
});

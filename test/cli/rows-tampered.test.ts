import { describe, it, expect } from "vitest";
import { unnamed } from "../helpers/cli.ts";
import { archivesForCli, tamper } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { parseCsv } from "../helpers/csv.ts";
import { periodOf } from "../../src/schedule/index.ts";

/**
 * A row of the log changed by hand in what its capture recorded (a checksum, the time, the account,
 * the address, the cookie dialog, the remarks), its chained events not: the listings give what the
 * events say, mark the row in doubt and warn, as they do for a diary number. Through the real command
 * line on a real log.
 */
const archive = archivesForCli();

describe("a row changed by hand in what its capture recorded is listed as its events say, in doubt", () => {
  it("records --csv gives the captured checksum, time, account and address, says the row is in doubt, and warns on stderr (exit 1)", async () => {
    const { ws, cli, id } = await archive();
    const before = parseCsv((await cli("records", "--csv")).stdout);
    const col = (name: string) => before[0]!.indexOf(name);
    const was = before.find((x) => x[0] === id)!;
    tamper(ws.database, `UPDATE records SET sha256 = '${"0".repeat(64)}', captured_at = '2025-01-01T10:00:00.000Z', account_id = 'konto-c', url = 'https://example.se/annat', consent = 'declined', flags = '["truncated"]' WHERE record_id = '${id}'`);

    const r = await cli("records", "--csv");
    expect(r.code).toBe(1);
    const rows = parseCsv(r.stdout);
    const row = rows.find((x) => x[0] === id)!;
    for (const name of ["SHA-256 (PDF)", "Tidpunkt (UTC)", "Tidpunkt (svensk tid)", "Kontots id", "Begärd adress", "Cookie-dialog", "Anmärkningar"]) expect(row[col(name)], name).toBe(was[col(name)]);
    expect(row[col("SHA-256 (PDF)")]).toMatch(/^[0-9a-f]{64}$/);
    expect(row[col("SHA-256 (PDF)")]).not.toBe("0".repeat(64));
    expect(row[col("Kontots id")]).toBe("konto-a");
    expect(row[col("Avvikelse i loggen")]).toBe(`I tvivel: loggens rad har ändrats utanför somarkiv (PDF:ens kontrollsumma: raden ${"0".repeat(64)}, händelserna ${was[col("SHA-256 (PDF)")]}; kontot: raden konto-c, händelserna konto-a; den begärda adressen: raden https://example.se/annat, händelserna https://example.se/konto-a; tidpunkten: raden 2025-01-01T10:00:00.000Z, händelserna 2026-06-10T06:00:00.000Z; cookie-dialogens utfall: raden declined, händelserna none-found; anmärkningarna: raden truncated, händelserna (inga)); det som står här är det som händelserna i loggen säger, inte raden. Kör "somarkiv verify" och säg till arkivansvarig.`);
    expect(rows.find((x) => x[0] === ws.ids[1])![col("Avvikelse i loggen")]).toBe("");
    expect(unnamed(r.stderr, ws)).toContain(`somarkiv records: VARNING: loggens rader för ${id} (PDF:ens kontrollsumma: raden ${"0".repeat(64)}`);
    expect(unnamed(r.stderr, ws)).toContain(`somarkiv records: WARNING: the log's rows for ${id} (the PDF checksum in the record (${"0".repeat(64)}) is not the one captured (${was[col("SHA-256 (PDF)")]}); the account in the record (konto-c) is not the one captured (konto-a);`);
    expect(r.stdout).not.toContain("0".repeat(64) + ";");

    // The record is still konto-a's, as captured: asked for by its account, it is listed; by the forged one, not.
    const a = JSON.parse((await cli("records", "--json", "--account", "konto-a")).stdout) as Array<{ recordId: string; accountId: string; sha256: string; capturedAt: string }>;
    expect(a.map((x) => [x.recordId, x.accountId, x.sha256, x.capturedAt])).toEqual([[id, "konto-a", was[col("SHA-256 (PDF)")], "2026-06-10T06:00:00.000Z"]]);
    const c = await cli("records", "--json", "--account", "konto-c");
    expect(JSON.parse(c.stdout)).toEqual([]);
  });

  it("records exits 1 in every format while a row differs from its events (the list still given), and 0 once recover wrote it back", async () => {
    const { ws, cli, id } = await archive();
    for (const format of [[], ["--csv"], ["--json"]]) expect((await cli("records", ...format)).code, format.join("")).toBe(0);
    tamper(ws.database, `UPDATE records SET captured_at = '2025-01-01T10:00:00.000Z' WHERE record_id = '${id}'`);
    for (const format of [[], ["--csv"], ["--json"]]) {
      const r = await cli("records", ...format);
      expect(r.code, format.join("")).toBe(1);
      expect(r.stdout, format.join("")).toContain(id);
      expect(unnamed(format.length ? r.stderr : r.stdout, ws)).toContain(`WARNING: the log's rows for ${id} (the time of capture in the record (2025-01-01T10:00:00.000Z) is not the one captured (2026-06-10T06:00:00.000Z)) do not match their events`);
    }
    expect((await cli("recover")).code).toBe(0);
    for (const format of [[], ["--csv"], ["--json"]]) expect((await cli("records", ...format)).code, format.join("")).toBe(0);
  });

  it("status says which row differs from its events and how, in its text and in --json", async () => {
    const { ws, cli, id } = await archive();
    tamper(ws.database, `UPDATE records SET period = '2025-H2' WHERE record_id = '${id}'`);
    const status = await cli("status");
    expect(unnamed(status.stdout, ws)).toContain(`WARNING: the log's rows for ${id} (the period in the record (2025-H2) is not the one captured (2026-H1)) do not match their events`);
    expect(JSON.parse((await cli("status", "--json")).stdout).rowsNotAsEvents).toEqual([{ recordId: id, en: "the period in the record (2025-H2) is not the one captured (2026-H1)", sv: "perioden: raden 2025-H2, händelserna 2026-H1" }]);
  });

  it("status gives an account's last snapshot at the time its capture event recorded, not a time changed on its row", async () => {
    const { ws, cli, id } = await archive();
    tamper(ws.database, `UPDATE records SET captured_at = '2025-01-01T10:00:00.000Z' WHERE record_id = '${id}'`);
    const json = JSON.parse((await cli("status", "--json")).stdout) as { accounts: Array<{ accountId: string; lastSnapshot: { recordId: string; capturedAt: string } | null; currentRecord: { capturedAt: string } | null }> };
    const a = json.accounts.find((x) => x.accountId === "konto-a")!;
    expect(a.lastSnapshot).toMatchObject({ recordId: id, capturedAt: "2026-06-10T06:00:00.000Z" });
    const text = unnamed((await cli("status")).stdout, ws);
    expect(text).toContain(`last snapshot: ${id} (2026-06-10 08:00`);
    expect(text).not.toMatch(/last snapshot: [^\n]*2025-01-01/);
  });

  it("status picks each account's records by the account, period and version their events give, not by a row changed by hand into another account's newest", async () => {
    const { ws, cli } = await archive();
    const [a, b] = ws.ids as [string, string];
    const now = periodOf(new Date(), "Europe/Stockholm");
    // konto-b's snapshot made, by its row, konto-a's of this half-year: newer than konto-a's own.
    tamper(ws.database, `UPDATE records SET account_id = 'konto-a', period = '${now}', version = 2 WHERE record_id = '${b}'`);
    type Account = { accountId: string; state: string; currentRecord: { recordId: string } | null; lastSnapshot: { recordId: string; period: string } | null };
    const status = await cli("status", "--json");
    const json = JSON.parse(status.stdout) as { accounts: Account[]; rowsNotAsEvents: Array<{ recordId: string }> };
    const of = (id: string) => json.accounts.find((x) => x.accountId === id)!;
    expect(of("konto-a").lastSnapshot).toMatchObject({ recordId: a, period: "2026-H1" });
    expect(of("konto-a").currentRecord).toBeNull();
    expect(of("konto-a").state).not.toBe("delivered");
    expect(of("konto-b").lastSnapshot).toMatchObject({ recordId: b, period: "2026-H1" });
    expect(json.rowsNotAsEvents.map((r) => r.recordId)).toEqual([b]);
    const text = unnamed((await cli("status")).stdout, ws);
    expect(text).toContain(`last snapshot: ${a} (`);
    expect(text).toContain(`last snapshot: ${b} (`);
    expect(text).toContain(`WARNING: the log's rows for ${b} (the account in the record (konto-a) is not the one captured (konto-b)`);
  });

  it("a failed attempt changed by hand into another account and period, with another reason, is listed as its failure event recorded it, in doubt", async () => {
    const { ws, cli } = await archive();
    const id = "konto-b_2026-H2_f1";
    const log = RecordLog.open(ws.database);
    log.records.insertFailed({
      recordId: id, accountId: "konto-b", period: "2026-H2", final: false, capturedAt: "2026-12-01T06:00:00.000Z",
      url: "https://example.se/konto-b", finalUrl: null, httpStatus: null, reason: "timeout", error: "The page did not finish loading.",
      consent: null, flags: [], failureScreenshot: null, runId: null,
    });
    log.close();
    const before = parseCsv((await cli("records", "--csv")).stdout);
    const col = (name: string) => before[0]!.indexOf(name);
    const was = before.find((x) => x[0] === id)!;
    tamper(ws.database, `UPDATE records SET account_id = 'konto-a', period = '2025-H2', reason = 'login-wall' WHERE record_id = '${id}'`);

    const r = await cli("records", "--csv");
    expect(r.code).toBe(1);
    const row = parseCsv(r.stdout).find((x) => x[0] === id)!;
    for (const name of ["Kontots id", "Period", "Orsak"]) expect(row[col(name)], name).toBe(was[col(name)]);
    expect(row[col("Kontots id")]).toBe("konto-b");
    expect(row[col("Avvikelse i loggen")]).toBe(`I tvivel: loggens rad har ändrats utanför somarkiv (kontot: raden konto-a, händelserna konto-b; perioden: raden 2025-H2, händelserna 2026-H2; orsaken: raden login-wall, händelserna timeout); det som står här är det som händelserna i loggen säger, inte raden. Kör "somarkiv verify" och säg till arkivansvarig.`);
    const en = "the account in the record (konto-a) is not the one recorded (konto-b); the period in the record (2025-H2) is not the one recorded (2026-H2); the reason it failed in the record (login-wall) is not the one recorded (timeout)";
    expect(unnamed(r.stderr, ws)).toContain(`somarkiv records: WARNING: the log's rows for ${id} (${en}) do not match their events`);

    // Chosen by the account and period its failure was recorded for, not the forged ones.
    const b = JSON.parse((await cli("records", "--json", "--account", "konto-b", "--period", "2026-H2")).stdout) as Array<{ recordId: string; accountId: string; reason: string }>;
    expect(b.map((x) => [x.recordId, x.accountId, x.reason])).toEqual([[id, "konto-b", "timeout"]]);
    expect(JSON.parse((await cli("records", "--json", "--account", "konto-a", "--period", "2025-H2")).stdout)).toEqual([]);
    expect(JSON.parse((await cli("status", "--json")).stdout).rowsNotAsEvents).toEqual([expect.objectContaining({ recordId: id, en })]);
    const v = await cli("verify");
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("the account in the record (konto-a) is not the one recorded (konto-b)");
    expect(v.stdout).toContain("the period in the record (2025-H2) is not the one recorded (2026-H2)");
  });
});

describe("the log's guards against changing events dropped by hand (DROP TRIGGER)", () => {
  it("are named by verify (exit 1), put back by recover alone, and verify passes again", async () => {
    const { ws, cli } = await archive();
    tamper(ws.database, "DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;");
    const v = await cli("verify");
    expect(v.code).toBe(1);
    expect(v.stdout).toContain("the event log: its guards against changing or removing events (events_no_update, events_no_delete) were removed outside somarkiv, by someone with write access to the log file. The events' hash chain, checked here, still shows any event changed since.");
    // Another command that writes the log leaves the trace for a person to see.
    expect((await cli("deliver")).code).toBe(0);
    expect((await cli("verify")).code).toBe(1);
    const r = await cli("recover");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain("recover: put back the log's guards against changing or removing events (events_no_update, events_no_delete), removed outside somarkiv; find out who removed them");
    const after = await cli("verify");
    expect(after.code, after.stdout).toBe(0);
    // Guarded again: an event cannot be changed in place.
    expect(() => tamper(ws.database, "UPDATE events SET data = '{}' WHERE seq = 1")).toThrow(/append-only/);
  });
});

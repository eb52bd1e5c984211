import { describe, it, expect, afterEach } from "vitest";
import Database from "better-sqlite3";
import { RecordLog } from "../../src/log/index.ts";
import { syntheticArchive } from "./archive.ts";

/**
 * An intake that answers a delivery with a diary number: whether the number can be the record's is
 * decided by the number its chained events registered, as `registered` decides it, not by its row. A
 * row changed by hand is a clash for a person to settle, never an error in the worker's delivery.
 * A real log file, the worker's own calls.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

/** A stored record waiting for its delivery to an HTTP intake, after the registrar gave it KS 2026/1 by hand. */
async function waitingForHttp() {
  const ws = await syntheticArchive();
  cleanups.push(() => ws.cleanup());
  const id = ws.ids[0]!;
  const db = new Database(ws.database);
  db.prepare("INSERT INTO deliveries (record_id, target, status, attempts) VALUES (?, 'http:intake', 'pending', 0)").run(id);
  db.close();
  const log = RecordLog.open(ws.database);
  cleanups.unshift(() => log.close());
  log.records.register(id, "KS 2026/1");
  return { ws, log, id, tamper: (sql: string) => log.db.exec(sql) };
}

describe("an intake's diary number on delivery", () => {
  it("another number than the one registered: a clash, the log keeps the first", async () => {
    const { log, id } = await waitingForHttp();
    expect(log.records.markDelivered(id, "http:intake", "HTTP 200", "KS 2026/2")).toEqual({ dnrNotTaken: "KS 2026/2", kept: "KS 2026/1" });
    expect(log.records.registrations(id).map((g) => g.dnr)).toEqual(["KS 2026/1"]);
  });

  it("the row's number removed by hand: the intake's is not taken as a first number over the registered one", async () => {
    const { log, id, tamper } = await waitingForHttp();
    tamper(`UPDATE records SET dnr = NULL WHERE record_id = '${id}'`);
    expect(log.records.markDelivered(id, "http:intake", "HTTP 200", "KS 2026/2")).toEqual({ dnrNotTaken: "KS 2026/2", kept: "KS 2026/1", rowChanged: true });
    expect(log.records.registrations(id).map((g) => g.dnr)).toEqual(["KS 2026/1"]);
    expect(log.records.deliveries(id).find((d) => d.target === "http:intake")?.status).toBe("delivered");
  });

  it("the row's state set back by hand: the delivery is recorded and the number is a clash, not an error", async () => {
    const { log, id, tamper } = await waitingForHttp();
    tamper(`UPDATE records SET status = 'captured', dnr = NULL WHERE record_id = '${id}'`);
    expect(log.records.markDelivered(id, "http:intake", "HTTP 200", "KS 2026/2")).toMatchObject({ dnrNotTaken: "KS 2026/2", rowChanged: true });
    expect(log.records.deliveries(id).find((d) => d.target === "http:intake")?.status).toBe("delivered");
  });
});

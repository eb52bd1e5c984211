// A log written by 0.2.0 or earlier kept each snapshot's whole visible text; opened for writing, it
// keeps only the fingerprint the passive-account check needs, its chain and its findings unchanged.
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { RecordLog } from "../../src/log/index.ts";
import { checkChain } from "../../src/log/events.ts";

const COMMENT = "Kerstin Lindqvist: ring mig på 070-123 45 67 om snöröjningen";

/** A snapshot's visible text as a realistic page gives it: a few hundred lines, one comment naming a citizen. */
function pageText(lines: number): string {
  return `Överkalix kommun\nVälkommen till kommunens sida\n${COMMENT}\n${"Snöröjningen börjar i natt på alla gator\n".repeat(lines)}`;
}

function snapshotsWithText(database: string, lines = 20): void {
  const log = RecordLog.open(database);
  try {
    for (const [period, at] of [["2026-H1", "2026-06-10T06:00:00.000Z"], ["2026-H2", "2026-12-01T06:00:00.000Z"]] as const) {
      const id = `kommun_${period}_v1`;
      log.records.insertCaptured({
        recordId: id, accountId: "kommun", period, version: 1, final: false, capturedAt: at,
        url: "http://127.0.0.1:9/kommun", finalUrl: "http://127.0.0.1:9/kommun", httpStatus: 200,
        sha256: "a".repeat(64), bytes: 10, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
        manifestSha256: "b".repeat(64), manifestBytes: 10, spoolDir: null as unknown as string, consent: "none-found", flags: [],
        previousRecordId: null, textFingerprint: pageText(lines),
        imageFingerprint: "0".repeat(64), runId: null,
      }, []);
      log.records.markStored(id, `${period}/kommun/${id}.pdf`, `${period}/kommun/${id}.json`, "a".repeat(64));
    }
  } finally {
    log.close();
  }
}

describe("a log that kept the pages' text", () => {
  it("keeps only their fingerprints once opened, says the account looks passive as before, and its chain holds", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      snapshotsWithText(ws.database);
      expect(fs.readFileSync(ws.database).includes(Buffer.from("Kerstin Lindqvist"))).toBe(true);
      const before = await runCli(["status", "--config", ws.configPath]);
      expect(before.stdout).toMatch(/passive: .*no new text/);

      RecordLog.open(ws.database).close();

      const kept = new Database(ws.database, { readonly: true });
      const rows = kept.prepare("SELECT text_fingerprint AS t FROM records").all() as Array<{ t: string }>;
      kept.close();
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r.t).toMatch(/^t1:[0-9a-f ]+\|[0-9a-f ]+$/);
      for (const f of [ws.database, `${ws.database}-wal`].filter((x) => fs.existsSync(x))) {
        expect(fs.readFileSync(f).includes(Buffer.from("Kerstin Lindqvist")), f).toBe(false);
        expect(fs.readFileSync(f).includes(Buffer.from("070-123")), f).toBe(false);
      }
      const after = await runCli(["status", "--config", ws.configPath]);
      expect(after.stdout).toMatch(/passive: .*no new text/);
      const db = new Database(ws.database, { readonly: true });
      try {
        expect(checkChain(db)).toMatchObject({ events: 4, problems: [] });
      } finally {
        db.close();
      }
    } finally {
      ws.cleanup();
    }
  });

  it("leaves no copy of a long page's text in the log, its journal or a backup made by the first command that writes to it", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    const name = Buffer.from("Kerstin Lindqvist");
    const copies = (file: string): number => {
      const bytes = fs.readFileSync(file);
      let n = 0;
      for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) n++;
      return n;
    };
    try {
      // Overflowing pages: a stored record's row written again frees the pages its text was on,
      // before any wipe was asked for, and a backup copies free pages too.
      snapshotsWithText(ws.database, 400);
      expect(copies(ws.database)).toBeGreaterThan(2);
      const backup = path.join(ws.dir, "log-backup.sqlite");

      const made = await runCli(["backup", backup, "--config", ws.configPath]);

      expect(made.code, made.stderr).toBe(0);
      for (const f of [ws.database, `${ws.database}-wal`, backup].filter((x) => fs.existsSync(x))) {
        expect(copies(f), f).toBe(0);
        expect(fs.readFileSync(f).includes(Buffer.from("070-123")), f).toBe(false);
      }
      const after = await runCli(["status", "--config", ws.configPath]);
      expect(after.stdout).toMatch(/passive: .*no new text/);
    } finally {
      ws.cleanup();
    }
  });

  it("writes the log anew at the next open when an update turned its texts into fingerprints but could not", async () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      snapshotsWithText(ws.database, 400);
      // As an update leaves it when another program's write kept it from writing the log anew: the
      // rows hold fingerprints, the freed pages the text, and the log is marked.
      const db = new Database(ws.database);
      db.prepare("UPDATE records SET text_fingerprint = 't1:0000|0000'").run();
      db.prepare("INSERT INTO leases (name, holder, expires_at) VALUES ('kept-texts-to-wipe', 'somarkiv', ?)").run(Number.MAX_SAFE_INTEGER);
      db.close();
      expect(fs.readFileSync(ws.database).includes(Buffer.from("Kerstin Lindqvist"))).toBe(true);

      RecordLog.open(ws.database).close();

      expect(fs.readFileSync(ws.database).includes(Buffer.from("Kerstin Lindqvist"))).toBe(false);
      const kept = new Database(ws.database, { readonly: true });
      expect(kept.prepare("SELECT count(*) AS n FROM leases WHERE name = 'kept-texts-to-wipe'").get()).toEqual({ n: 0 });
      kept.close();
    } finally {
      ws.cleanup();
    }
  });

  it("has the text gone from the log file and its journal while the command that turned it is still running", () => {
    const ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("kommun", "http://127.0.0.1:9/kommun")] });
    try {
      snapshotsWithText(ws.database);
      expect(fs.readFileSync(ws.database).includes(Buffer.from("Kerstin Lindqvist"))).toBe(true);

      const log = RecordLog.open(ws.database);
      try {
        // Looked at while open, as the worker keeps the log for months: closing it would checkpoint it anyway.
        for (const f of [ws.database, `${ws.database}-wal`].filter((x) => fs.existsSync(x))) {
          expect(fs.readFileSync(f).includes(Buffer.from("Kerstin Lindqvist")), f).toBe(false);
          expect(fs.readFileSync(f).includes(Buffer.from("070-123")), f).toBe(false);
        }
      } finally {
        log.close();
      }
    } finally {
      ws.cleanup();
    }
  });
});

import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { PROJECT, account, makeWorkspace, type CliResult, unnamed } from "../helpers/cli.ts";
import { cli } from "../crash/harness.ts";
import { syntheticArchive } from "../log/archive.ts";
import { RecordLog, checkChain } from "../../src/log/index.ts";
import { parseCsv } from "../helpers/csv.ts";
import { recordRowFromManifest } from "../../src/record/log-row.ts";
import type { Manifest } from "../../src/record/types.ts";
import { flagsSv } from "../../src/record/metadata.ts";

/** The registrar's exports (records --csv / --json) and the operator's backup, through the real command line. */
let ws: Awaited<ReturnType<typeof syntheticArchive>>;
const FAILED_ID = "konto-b_2026-H2_failed-1";
const ERROR = 'Sidan "Överkalix kommun" svarade 503; försök igen\nsenare (åäö ÅÄÖ)';

beforeAll(async () => {
  ws = await syntheticArchive({ captured: { "konto-b": { consent: "accepted", flags: ["truncated", "popup-closed"] } } });
  const log = RecordLog.open(ws.database);
  log.records.insertFailed({
    recordId: FAILED_ID, accountId: "konto-b", period: "2026-H2", final: false, capturedAt: "2026-12-01T05:00:00.000Z",
    url: "https://example.se/konto-b", finalUrl: null, httpStatus: 503, reason: "http-error", error: ERROR,
    consent: null, flags: [], failureScreenshot: null, runId: null,
  });
  log.records.register("konto-a_2026-H1_v1", "KS 2026/45-3");
  log.close();
});
afterAll(() => ws?.cleanup());

const records = (...args: string[]) => cli(["records", "--config", ws.configPath, ...args]);

describe("records exports for the registrar", () => {
  it("--csv: UTF-8 with BOM, semicolons, CRLF, quoting; Swedish letters intact", async () => {
    const r = await records("--csv");
    expect(r.code, r.stderr).toBe(0);
    const raw = Buffer.from(r.stdout, "utf8");
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = r.stdout.slice(1);
    expect(text.endsWith("\r\n")).toBe(true);
    // Every line break outside a quoted field is CRLF: no bare LF between rows.
    const rows = parseCsv(text);
    expect(rows[0]).toContain("Nådd adress");
    expect(rows[0]).toContain("Föregående");
    expect(rows[0][0]).toBe("Handlingens id");
    expect(rows).toHaveLength(4);
    const col = (name: string) => rows[0].indexOf(name);
    const byId = Object.fromEntries(rows.slice(1).map((x) => [x[0], x]));
    expect(Object.keys(byId).sort()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1", FAILED_ID].sort());
    expect(rows.every((x) => x.length === rows[0].length)).toBe(true);
    // The error with quotes, a semicolon, a line break and å ä ö comes back exactly.
    expect(byId[FAILED_ID][col("Fel (för driften)")]).toBe(ERROR);
    // What the site answered says whether the account may be gone (404, 410) or the site was down.
    expect(byId[FAILED_ID][col("Orsak")]).toBe("webbplatsen hade ett fel (HTTP 503); ett senare försök kan lyckas");
    // What the registrar files each under, as its sheet says: kept by the log at capture; for a record
    // from before that, as the configuration gives it now. A failed attempt is no document.
    expect(rows[0].slice(0, 10)).toEqual(["Handlingens id", "Titel", "Konto", "Plattform", "Arkivbildare", "Handlingstyp", "Klassificering", "Samlingsärende", "Bevaras/gallras", "Kontots id"]);
    // The id under its own name: "Konto" is the account's name, as on the sheet and in the public list's CSV.
    expect(byId["konto-b_2026-H1_v1"][col("Kontots id")]).toBe("konto-b");
    expect(byId["konto-b_2026-H1_v1"][col("Konto")]).toBe("Konto konto-b");
    // A failed attempt is filed by nobody: whose it is, nothing it would be filed under.
    expect([col("Konto"), col("Plattform"), col("Arkivbildare"), col("Bevaras/gallras")].map((c) => byId[FAILED_ID][c])).toEqual(["Konto konto-b", "Facebook", "", ""]);
    expect([byId["konto-b_2026-H1_v1"][col("Titel")], byId["konto-b_2026-H1_v1"][col("Samlingsärende")], byId["konto-b_2026-H1_v1"][col("Klassificering")]])
      .toEqual(["Ögonblicksbild Facebook Bibliotekets sida 2026 H1", "KS 2026/45", "1.3.2"]);
    expect(byId["konto-a_2026-H1_v1"][col("Titel")]).toBe("Ögonblicksbild Facebook Konto konto-a 2026 H1");
    expect(byId[FAILED_ID][col("Titel")]).toBe("");
    // States, deliveries, the cookie dialog and remarks in the record sheet's Swedish words; --json keeps the codes.
    expect(byId[FAILED_ID][col("Status")]).toBe("misslyckad");
    expect(byId["konto-a_2026-H1_v1"][col("Diarienummer")]).toBe("KS 2026/45-3");
    expect(byId["konto-a_2026-H1_v1"][col("Status")]).toBe("diarieförd");
    expect(byId["konto-a_2026-H1_v1"][col("Leveranser")]).toMatch(/^mappen .+: levererad$/);
    expect(byId["konto-a_2026-H1_v1"][col("Cookie-dialog")]).toBe("Ingen cookie-dialog att svara på visades medan sidan togs");
    // What somarkiv knows: it found no way to decline, not that the page offered none.
    expect(byId["konto-b_2026-H1_v1"][col("Cookie-dialog")]).toBe("Cookie-dialogen stängdes genom att godkänna; inget sätt att avvisa hittades");
    expect(byId["konto-b_2026-H1_v1"][col("Anmärkningar")]).toBe("sidan var för lång och kapades vid högsta tillåtna höjd; ett eller flera popup-fönster som sidan öppnade stängdes");
    expect(byId["konto-b_2026-H1_v1"][col("SHA-256 (PDF)")]).toMatch(/^[0-9a-f]{64}$/);
    // The manifest's too, so that a delivery list in the archive checks both files of a record.
    expect(byId["konto-b_2026-H1_v1"][col("SHA-256 (manifest)")]).toMatch(/^[0-9a-f]{64}$/);
    expect(byId["konto-b_2026-H1_v1"][col("SHA-256 (manifest)")]).not.toBe(byId["konto-b_2026-H1_v1"][col("SHA-256 (PDF)")]);
    expect(text.replace(/"[^"]*"/g, "").includes("\n") && /[^\r]\n/.test(text.replace(/"[^"]*"/g, ""))).toBe(false);
  });

  it("--json: an array with the fields of SPEC §5", async () => {
    const r = await records("--json");
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(3);
    const a = rows.find((x) => x.recordId === "konto-a_2026-H1_v1")!;
    expect(a).toMatchObject({ accountId: "konto-a", period: "2026-H1", version: 1, status: "registered", dnr: "KS 2026/45-3", bytes: expect.any(Number), pages: 2, storageKey: "2026-H1/konto-a/konto-a_2026-H1_v1.pdf" });
    expect(a.deliveries).toEqual([expect.objectContaining({ target: "directory:intake", status: "delivered", attempts: 1 })]);
    const f = rows.find((x) => x.recordId === FAILED_ID)!;
    expect(f).toMatchObject({ status: "failed", reason: "http-error", error: ERROR, httpStatus: 503 });
  });

  it("filters by --period and --account, in both formats", async () => {
    const h1 = JSON.parse((await records("--json", "--period", "2026-H1")).stdout) as Array<{ recordId: string }>;
    expect(h1.map((x) => x.recordId).sort()).toEqual(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1"]);
    const b = JSON.parse((await records("--json", "--account", "konto-b")).stdout) as Array<{ recordId: string }>;
    expect(b.map((x) => x.recordId).sort()).toEqual([FAILED_ID, "konto-b_2026-H1_v1"].sort());
    const both = parseCsv((await records("--csv", "--account", "konto-b", "--period", "2026-H2")).stdout.slice(1));
    expect(both.slice(1).map((x) => x[0])).toEqual([FAILED_ID]);
    const none = JSON.parse((await records("--json", "--period", "2027-H1")).stdout);
    // The table says what was asked for, not that the log is empty.
    expect((await records("--period", "2027-H1")).stdout).toBe("No records for 2027-H1.\n");
    expect(none).toEqual([]);
    const unknown = await records("--json", "--account", "finns-inte");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("finns-inte");
    const badPeriod = await records("--csv", "--period", "2026-Q3");
    expect(badPeriod.code).toBe(2);
  });

  it("lists the records of an account taken out of the configuration, which are still in the log", async () => {
    const config = fs.readFileSync(ws.configPath, "utf8");
    try {
      ws.write({ organisation: { name: "Testkommunen" }, accounts: [account("konto-a", "https://example.se/konto-a")] });
      const b = await records("--json", "--account", "konto-b");
      expect(b.code, b.stderr).toBe(0);
      expect((JSON.parse(b.stdout) as Array<{ recordId: string }>).map((x) => x.recordId).sort()).toEqual([FAILED_ID, "konto-b_2026-H1_v1"].sort());
      expect((await records("--json", "--account", "finns-inte")).code).toBe(2);
    } finally {
      fs.writeFileSync(ws.configPath, config);
    }
  });
});

describe("backup while another process writes", () => {
  it("the copy opens, passes integrity_check, holds the records, and its event chain is unbroken", async () => {
    const writer = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "writer.ts"), ws.database], { cwd: PROJECT, stdio: ["ignore", "pipe", "pipe"] });
    let err = "";
    writer.stderr!.on("data", (d) => (err += d));
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout!.once("data", () => resolve());
        writer.once("exit", (code) => reject(new Error(`the writer stopped (${code}): ${err}`)));
      });
      const dest = path.join(ws.dir, "backup", "somarkiv-kopia.sqlite");
      const r: CliResult = await cli(["backup", "--config", ws.configPath, dest]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Backed up the log \(\d+ records\) to .*somarkiv-kopia\.sqlite; the copy passed SQLite's integrity check/);
      expect(writer.exitCode).toBeNull(); // it really was writing the whole time
      // One file on its own, to carry away: no write-ahead file beside it that it would need.
      expect(fs.readdirSync(path.dirname(dest))).toEqual(["somarkiv-kopia.sqlite"]);

      const copy = new Database(dest, { readonly: true });
      try {
        expect(copy.pragma("integrity_check", { simple: true })).toBe("ok");
        const ids = (copy.prepare("SELECT record_id FROM records").all() as Array<{ record_id: string }>).map((x) => x.record_id);
        expect(ids).toEqual(expect.arrayContaining(["konto-a_2026-H1_v1", "konto-b_2026-H1_v1", FAILED_ID]));
        expect(ids.some((id) => id.includes("_failed-") && id !== FAILED_ID)).toBe(true);
        expect(checkChain(copy as never).problems).toEqual([]);
        // Every record in the copy has its events: a snapshot of one moment, not half a transaction.
        const orphans = copy.prepare("SELECT COUNT(*) AS n FROM records r WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.record_id = r.record_id)").get() as { n: number };
        expect(orphans.n).toBe(0);
        expect(copy.pragma("journal_mode", { simple: true })).toBe("delete");
      } finally {
        copy.close();
      }
      // Backup never overwrites.
      const again = await cli(["backup", "--config", ws.configPath, dest]);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain("already exists");
      expect(fs.readdirSync(path.dirname(dest))).toEqual(["somarkiv-kopia.sqlite"]);

      // A place that cannot hold a backup is named, not the log's setting.
      const nowhere = await cli(["backup", "--config", ws.configPath, "/proc/somarkiv-inte-har/"]);
      expect(nowhere.code).toBe(1);
      expect(nowhere.stderr).toContain("the folder /proc/somarkiv-inte-har for the backup cannot be made or used");
      expect(nowhere.stderr).not.toContain("database:");
      // A file where the folder is named (an earlier backup written to that name): said as that, and
      // the path is the command's, not one "in the configuration".
      const earlier = await cli(["backup", "--config", ws.configPath, `${dest}/`]);
      expect(earlier.code).toBe(1);
      expect(earlier.stderr).toContain(`${dest} is a file, not a folder, so the backup cannot be put in it (it may be an earlier backup, written to that name`);
      expect(earlier.stderr).not.toContain("configuration");
      expect(fs.readdirSync(path.dirname(dest))).toEqual(["somarkiv-kopia.sqlite"]);

      // A folder, as a nightly cron line names a backup disk: a dated copy inside it, nothing else left there.
      const folder = path.join(ws.dir, "backup-disk");
      fs.mkdirSync(folder);
      const dated = await cli(["backup", "--config", ws.configPath, folder]);
      expect(dated.code, dated.stdout + dated.stderr).toBe(0);
      const made = fs.readdirSync(folder);
      expect(made).toHaveLength(1);
      expect(made[0]).toMatch(/^somarkiv-\d{8}T\d{6}Z\.sqlite$/);
      expect(dated.stdout).toContain(path.join(folder, made[0]!));
      const datedCopy = new Database(path.join(folder, made[0]!), { readonly: true });
      try {
        expect(datedCopy.pragma("integrity_check", { simple: true })).toBe("ok");
        expect(checkChain(datedCopy as never).problems).toEqual([]);
      } finally {
        datedCopy.close();
      }
      // A folder not made yet, named with its last slash as a nightly cron line names one: made, and
      // a dated copy in it; the next night's copy goes beside it, not refused as already there.
      const fresh = path.join(ws.dir, "ny-disk", "somarkiv");
      for (const night of [1, 2]) {
        const r2 = await cli(["backup", "--config", ws.configPath, `${fresh}/`]);
        expect(r2.code, r2.stdout + r2.stderr).toBe(0);
        expect(fs.statSync(fresh).isDirectory()).toBe(true);
        expect(fs.readdirSync(fresh).filter((n) => /^somarkiv-\d{8}T\d{6}Z\.sqlite$/.test(n))).toHaveLength(night);
        if (night === 1) await new Promise((r) => setTimeout(r, 1100)); // a new second, as a new night has
      }
      // Two in the same second (a cron line and a person at once) are two copies, the second named -2,
      // where the second was refused as "already exists; give a folder" of a folder given. A copy of
      // each of the next seconds' names is put there first, so whichever second the command takes is taken.
      const same = path.join(ws.dir, "samma-sekund");
      fs.mkdirSync(same);
      const t0 = Date.now();
      for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(same, `somarkiv-${new Date(t0 + i * 1000).toISOString().replace(/[-:]|\.\d+/g, "")}.sqlite`), "en tidigare kopia");
      const second = await cli(["backup", "--config", ws.configPath, same]);
      expect(second.code, second.stderr).toBe(0);
      expect(fs.readdirSync(same).filter((n) => /^somarkiv-\d{8}T\d{6}Z-2\.sqlite$/.test(n))).toHaveLength(1);
    } finally {
      writer.kill("SIGKILL");
    }
    expect(fs.existsSync(ws.database)).toBe(true);
  });
});

describe("registered, as the registrar names the record", () => {
  it("takes the file's name from the intake, with its folder, in any case, and still refuses a record that is not there", async () => {
    const own = await syntheticArchive();
    try {
      const registered = (...args: string[]) => cli(["registered", ...args, "--config", own.configPath]);
      const a = await registered(path.join(own.dir, "intake", "KONTO-A_2026-H1_V1.PDF"), "--dnr", "KS 2026/45-1");
      expect(a.stderr).toBe("");
      expect(a.code).toBe(0);
      // Said to the registrar, who runs it, in Swedish first.
      expect(a.stdout).toBe("Handlingen konto-a_2026-H1_v1 är diarieförd med diarienummer KS 2026/45-1.\nRecord konto-a_2026-H1_v1 is registered with diary number KS 2026/45-1.\n");
      const b = await registered("konto-b_2026-H1_v1.json", "--dnr", "KS 2026/45-2");
      expect(b.code).toBe(0);
      const missing = await registered("konto-b_2026-H1_v2.pdf", "--dnr", "KS 2026/45-3");
      expect(missing.code).toBe(2);
      // A diary number typed without quotation marks arrives in pieces: said so, with the command as it should be.
      const unquoted = await registered("konto-b_2026-H1_v1", "--dnr", "KS", "2026/45-2");
      expect(unquoted.code).toBe(2);
      expect(unquoted.stderr).toContain('diarienumret har mellanslag och ska stå inom citattecken: --dnr "KS 2026/45-2"');
      expect(unquoted.stderr).toContain('the diary number has a space in it and goes in quotation marks: somarkiv registered konto-b_2026-H1_v1 --dnr "KS 2026/45-2"');
      // Refused in Swedish first too: the registrar reads it.
      expect(unnamed(missing.stderr, own)).toBe('somarkiv registered: Det finns ingen handling konto-b_2026-H1_v2.pdf i loggen. Se efter handlingens id med "somarkiv records".\nThere is no record konto-b_2026-H1_v2.pdf in the log. Check the id with "somarkiv records".\n');
      const log = RecordLog.open(own.database, { readonly: true });
      try {
        expect(log.records.list().map((r) => [r.recordId, r.status, r.dnr])).toEqual([
          ["konto-a_2026-H1_v1", "registered", "KS 2026/45-1"],
          ["konto-b_2026-H1_v1", "registered", "KS 2026/45-2"],
        ]);
      } finally {
        log.close();
      }
    } finally {
      own.cleanup();
    }
  });
});

describe("registered, for a record one intake has not received yet", () => {
  it("names that intake in the Swedish note too, as the English does", async () => {
    const own = await syntheticArchive();
    try {
      const log = RecordLog.open(own.database);
      const base = log.records.get("konto-b_2026-H1_v1")!;
      const id = "konto-b_2026-H1_v2";
      log.records.insertCaptured({
        recordId: id, accountId: "konto-b", period: "2026-H1", version: 2, final: false, capturedAt: "2026-06-12T06:00:00.000Z",
        url: base.url, finalUrl: base.finalUrl!, httpStatus: 200, sha256: base.sha256!, bytes: base.bytes!, pages: 2, pdfName: `${id}.pdf`,
        manifestName: `${id}.json`, manifestSha256: base.manifestSha256!, manifestBytes: 10, spoolDir: own.dir, consent: "none-found",
        flags: [], previousRecordId: base.recordId, textFingerprint: null, imageFingerprint: null, runId: null,
      }, ["directory:intake", "email:registrator@overkalix.se"]);
      log.records.markStored(id, `2026-H1/konto-b/${id}.pdf`, `2026-H1/konto-b/${id}.json`, base.sha256!);
      log.records.markDelivered(id, "directory:intake", `intake/${id}`);
      log.close();
      // Registered from the folder's copy, while the e-mail waits.
      const r = await cli(["registered", id, "--dnr", "KS 2026/46", "--config", own.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(unnamed(r.stdout, own)).toContain(`Obs: leveransen av ${id} är inte klar: e-post till registrator@overkalix.se väntar; "somarkiv status" säger varför. Se efter att numret gäller rätt handling.\n`);
      expect(r.stdout).toContain(`Note: the registrar's intake has not received ${id} yet (registrator@overkalix.se by e-mail: waiting)`);
    } finally {
      own.cleanup();
    }
  });
});

describe("records --csv, as the registrar files from it", () => {
  it("says in \"Skäl\" why each version was taken, as its sheet does, where the JSON keeps only the words given", async () => {
    const own = await syntheticArchive();
    try {
      const log = RecordLog.open(own.database);
      const base = log.records.get("konto-b_2026-H1_v1")!;
      const version = (n: number, final: boolean, flags: string[], takenBecause?: string) => log.records.insertCaptured({
        recordId: `konto-b_2026-H1_v${n}`, accountId: "konto-b", period: "2026-H1", version: n, final, capturedAt: `2026-06-1${n}T06:00:00.000Z`,
        url: base.url, finalUrl: base.finalUrl!, httpStatus: 200, sha256: base.sha256!, bytes: base.bytes!, pages: 2, pdfName: `konto-b_2026-H1_v${n}.pdf`,
        manifestName: `konto-b_2026-H1_v${n}.json`, manifestSha256: base.manifestSha256!, manifestBytes: 10, spoolDir: own.dir, consent: "none-found",
        flags, previousRecordId: `konto-b_2026-H1_v${n - 1}`, textFingerprint: null, imageFingerprint: null, runId: null,
        filing: { title: "Ögonblicksbild Facebook Bibliotekets sida 2026 H1", ...(takenBecause ? { takenBecause } : {}) },
      }, []);
      version(2, false, []); // capture --force
      version(3, true, ["final"]); // capture --final
      version(4, false, ["reopened"]); // capture --reopen
      version(5, false, [], "Fel konto togs");
      log.close();
      const csv = await cli(["records", "--csv", "--config", own.configPath]);
      expect(csv.code, csv.stderr).toBe(0);
      const rows = parseCsv(csv.stdout.slice(1));
      const because = Object.fromEntries(rows.slice(1).map((x) => [x[0], x[rows[0].indexOf("Skäl")]]));
      expect(because).toEqual({
        "konto-a_2026-H1_v1": "",
        "konto-b_2026-H1_v1": "",
        "konto-b_2026-H1_v2": "ny version av periodens ögonblicksbild; inget skäl angavs",
        "konto-b_2026-H1_v3": "kontot stängs; detta är dess slutliga ögonblicksbild",
        "konto-b_2026-H1_v4": "kontot behålls: det togs upp igen efter sin slutliga ögonblicksbild",
        "konto-b_2026-H1_v5": "Fel konto togs",
      });
      const json = JSON.parse((await cli(["records", "--json", "--config", own.configPath])).stdout) as Array<{ recordId: string; takenBecause: string | null }>;
      expect(json.map((r) => r.takenBecause)).toEqual([null, null, null, null, null, "Fel konto togs"]);
    } finally {
      own.cleanup();
    }
  });

  it("names under \"Cookie-dialog\" the button the sheet names, as the manifest keeps it", async () => {
    const own = await syntheticArchive();
    try {
      const log = RecordLog.open(own.database);
      const base = log.records.get("konto-b_2026-H1_v1")!;
      const version = (n: number, consent: string, consentButton: string, flags: string[] = []) => {
        // The row a capture makes, from its manifest, as the pipeline makes it.
        const manifest = { recordId: `konto-b_2026-H1_v${n}`, accountId: "konto-b", period: "2026-H1", version: n, final: false, capturedAt: `2026-06-1${n}T06:00:00.000Z`,
          url: base.url, finalUrl: base.finalUrl!, httpStatus: 200, pdf: { pages: 2 }, consent, consentButton, flags, previousRecordId: `konto-b_2026-H1_v${n - 1}`,
          title: "Ögonblicksbild Facebook Bibliotekets sida 2026 H1" } as unknown as Manifest;
        log.records.insertCaptured({ ...recordRowFromManifest(manifest, { sha256: base.sha256!, bytes: base.bytes!, manifestSha256: base.manifestSha256!, manifestBytes: 10 }),
          spoolDir: own.dir, textFingerprint: null, imageFingerprint: null, runId: null }, []);
      };
      version(2, "declined", "Neka alla");
      version(3, "accepted", "Godkänn alla", ["consent-decline-not-kept"]);
      log.close();
      const csv = await cli(["records", "--csv", "--config", own.configPath]);
      expect(csv.code, csv.stderr).toBe(0);
      const rows = parseCsv(csv.stdout.slice(1));
      const consent = Object.fromEntries(rows.slice(1).map((x) => [x[0], x[rows[0].indexOf("Cookie-dialog")]]));
      expect(consent["konto-b_2026-H1_v2"]).toBe("Cookie-dialogen stängdes; valfria cookies avvisades (knappen ”Neka alla”)");
      expect(consent["konto-b_2026-H1_v3"]).toBe("Cookie-dialogen stängdes genom att godkänna (knappen ”Godkänn alla”), efter att dess knapp för att avvisa hade tryckts utan att stänga den");
      // A record made before the button was kept says the outcome alone, as before.
      expect(consent["konto-a_2026-H1_v1"]).toBe("Ingen cookie-dialog att svara på visades medan sidan togs");
      // --json gives the button beside the outcome's code, as the CSV and the sheet do.
      const json = JSON.parse((await cli(["records", "--json", "--config", own.configPath])).stdout) as Array<{ recordId: string; consentButton: string | null }>;
      expect(Object.fromEntries(json.map((r) => [r.recordId, r.consentButton]))).toMatchObject({ "konto-b_2026-H1_v2": "Neka alla", "konto-b_2026-H1_v3": "Godkänn alla", "konto-a_2026-H1_v1": null });
    } finally {
      own.cleanup();
    }
  });

  it("gives under \"Anmärkningar\" the sheet's own remarks, with how many dialogs the page showed and what they said", async () => {
    const own = await syntheticArchive();
    try {
      const log = RecordLog.open(own.database);
      const base = log.records.get("konto-b_2026-H1_v1")!;
      const manifest = { recordId: "konto-b_2026-H1_v2", accountId: "konto-b", period: "2026-H1", version: 2, final: false, capturedAt: "2026-06-12T06:00:00.000Z",
        url: base.url, finalUrl: base.finalUrl!, httpStatus: 200, pdf: { pages: 2 }, consent: "none-found", flags: ["dialog-dismissed", "more-behind-button"],
        pageDialogs: ["hej från sidan", "säker?", "namn?"], moreButton: "Visa äldre inlägg", previousRecordId: "konto-b_2026-H1_v1",
        title: "Ögonblicksbild Facebook Bibliotekets sida 2026 H1" } as unknown as Manifest;
      log.records.insertCaptured({ ...recordRowFromManifest(manifest, { sha256: base.sha256!, bytes: base.bytes!, manifestSha256: base.manifestSha256!, manifestBytes: 10 }),
        spoolDir: own.dir, textFingerprint: null, imageFingerprint: null, runId: null }, []);
      log.close();
      const csv = await cli(["records", "--csv", "--config", own.configPath]);
      expect(csv.code, csv.stderr).toBe(0);
      const rows = parseCsv(csv.stdout.slice(1));
      const remarks = rows.slice(1).find((x) => x[0] === "konto-b_2026-H1_v2")![rows[0].indexOf("Anmärkningar")];
      // As the sheet says it (flagsSv over the manifest), where the flags alone said "en dialogruta".
      expect(remarks).toBe(flagsSv(manifest.flags, manifest));
      expect(remarks).toContain("3 dialogrutor från sidan stängdes (de sade ”hej från sidan”, ”säker?”, ”namn?”)");
      expect(remarks).toContain("”Visa äldre inlägg”");
    } finally {
      own.cleanup();
    }
  });

  it("shows a corrected diary number with the one it replaced and why, beside the number itself", async () => {
    const own = await syntheticArchive();
    try {
      const registered = (...args: string[]) => cli(["registered", ...args, "--config", own.configPath]);
      expect((await registered("konto-a_2026-H1_v1", "--dnr", "KS 2026/301")).code).toBe(0);
      const corrected = await registered("konto-a_2026-H1_v1", "--dnr", "KS 2026/310", "--correct", "Fel nummer skrevs in");
      expect(corrected.code, corrected.stderr).toBe(0);
      expect((await registered("konto-b_2026-H1_v1", "--dnr", "KS 2026/302")).code).toBe(0);
      const csv = await cli(["records", "--csv", "--config", own.configPath]);
      expect(csv.code, csv.stderr).toBe(0);
      const rows = parseCsv(csv.stdout.slice(1));
      const col = (name: string) => rows[0].indexOf(name);
      expect(col("Rättelser av diarienummer")).toBe(col("Diarienummer") + 1);
      const byId = Object.fromEntries(rows.slice(1).map((x) => [x[0], x]));
      expect(byId["konto-a_2026-H1_v1"][col("Diarienummer")]).toBe("KS 2026/310");
      expect(byId["konto-a_2026-H1_v1"][col("Rättelser av diarienummer")]).toBe("KS 2026/310 (rättat från KS 2026/301: Fel nummer skrevs in)");
      expect(byId["konto-b_2026-H1_v1"][col("Diarienummer")]).toBe("KS 2026/302");
      expect(byId["konto-b_2026-H1_v1"][col("Rättelser av diarienummer")]).toBe("");
    } finally {
      own.cleanup();
    }
  });
});

describe("records of a log emptied to 0 bytes", () => {
  it("says the log was lost while the store holds records, lists none, exits 1, and writes nothing to the file", async () => {
    const own = await syntheticArchive();
    try {
      fs.truncateSync(own.database, 0);
      for (const format of [[], ["--csv"], ["--json"]]) {
        const r = await cli(["records", ...format, "--config", own.configPath]);
        expect(r.code, r.stdout).toBe(1);
        expect(r.stdout).toBe("");
        expect(r.stderr).toContain(`somarkiv records: The log ${own.database} is empty, but `);
        expect(r.stderr).toContain("already holds records that a log once knew: the log was lost");
        expect(unnamed(r.stderr, own)).toContain('"somarkiv recover"');
        expect(fs.statSync(own.database).size).toBe(0);
      }
    } finally {
      own.cleanup();
    }
  });

  it("names the empty log when the store is empty too, and leaves the file as it is", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, accounts: [account("konto-a", "https://example.se/konto-a")] });
    try {
      fs.writeFileSync(ws.database, "");
      const r = await cli(["records", "--config", ws.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`No records: the log ${ws.database} is empty (0 bytes).`);
      expect((await cli(["config", "check", "--config", ws.configPath])).stderr).not.toContain("SqliteError");
      expect(fs.statSync(ws.database).size).toBe(0);
    } finally {
      ws.cleanup();
    }
  });
});

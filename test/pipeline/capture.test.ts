import os from "node:os";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { checkPdfA } from "../helpers/pdfa.ts";
import { parsePeriod, periodOf, previousPeriod } from "../../src/schedule/period.ts";
import { RecordLog, eventsFor } from "../../src/log/index.ts";

const sha256 = (file: string) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");
// Whitespace folded: the record sheet wraps long labels and values over lines.
const pdftotext = (file: string) => execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
const pdfLines = (file: string) => execFileSync("pdftotext", ["-enc", "UTF-8", "-layout", file, "-"], { encoding: "utf8" });
const pdfPages = (file: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [file], { encoding: "utf8" }))![1]);

describe("the record pipeline end to end (real Chromium, filesystem store, directory intake, SQLite)", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const records = async (...extra: string[]) => JSON.parse((await runCli(["records", "--json", ...cfg(), ...extra])).stdout);

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Testkommunen", website: "https://www.testkommun.se", switchboard: "0926-140 00" },
      capture: { timeoutSeconds: 60, concurrency: 2 },
      records: { creator: "Kommunstyrelsen", classification: "1.3.2", collectiveCase: { [String(new Date().getFullYear())]: "KS 2026/45" } },
      accounts: [
        // Swedish letters in the address: the browser reports the address it reached percent-encoded.
        account("facebook-test", `${site.at("pipeline/kommun.html")}?sida=Överkalix`),
        account("trasig-sida", site.at("pipeline/finns-inte.html"), { platform: "instagram" }),
        account("stangt-konto", site.at("pipeline/kommun.html"), { status: "closed", closedOn: "2025-06-30" }),
      ],
    });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("captures every active account; one failure does not stop the others and is named with its reason (exit 1)", async () => {
    const r = await runCli(["capture", ...cfg()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/facebook-test: facebook-test_\d{4}-H[12]_v1 stored and delivered to the registrar/);
    expect(r.stdout).toMatch(/trasig-sida: FAILED \(http-error\): .*404/);
    expect(r.stdout).not.toContain("stangt-konto");
    expect(r.stdout).toMatch(/\nIn all: 1 captured, 1 failed, 0 skipped, of 2 accounts\. Failed: trasig-sida\.\n$/);
    expect(r.stderr).toContain("[facebook-test] capturing");
    // Listed in the configuration's order, though the failure was done long before the snapshot.
    expect(r.stdout.indexOf("  facebook-test:")).toBeLessThan(r.stdout.indexOf("  trasig-sida:"));
    // How far the run has come, said as each account ends.
    expect(r.stderr).toContain("1 of 2 accounts done: 0 captured, 1 failed (trasig-sida just now), 0 skipped");
    expect(r.stderr).toContain("2 of 2 accounts done: 1 captured, 1 failed, 0 skipped");

    const all = await records();
    expect(all).toHaveLength(2);
    const ok = all.find((x: { accountId: string }) => x.accountId === "facebook-test");
    const failed = all.find((x: { accountId: string }) => x.accountId === "trasig-sida");
    expect(failed).toMatchObject({ status: "failed", reason: "http-error", httpStatus: 404, version: null, storageKey: null });
    expect(failed.error).toMatch(/404/);
    expect(ok).toMatchObject({ status: "delivered", version: 1, httpStatus: 200, consent: "none-found", flags: [], dnr: null, error: null });
    expect(ok.recordId).toBe(`facebook-test_${ok.period}_v1`);
    expect(ok.url).toBe(`${site.at("pipeline/kommun.html")}?sida=Överkalix`);
    expect(ok.finalUrl).toBe(`${site.at("pipeline/kommun.html")}?sida=%C3%96verkalix`);
    expect(new Date(ok.capturedAt).toISOString()).toBe(ok.capturedAt);
    expect(ok.deliveries).toEqual([expect.objectContaining({ target: `directory:${ws.intake}`, status: "delivered", attempts: 1, error: null })]);
  });

  it("the stored PDF matches the log's checksum, holds the record sheet and the page's words, and is PDF/A", async () => {
    const [ok] = (await records("--account", "facebook-test"));
    const pdf = path.join(ws.objects, `${ok.period}/facebook-test/facebook-test_${ok.period}_v1.pdf`);
    expect(ok.storageKey).toBe(`${ok.period}/facebook-test/facebook-test_${ok.period}_v1.pdf`);
    expect(sha256(pdf)).toBe(ok.sha256);
    expect(fs.statSync(pdf).size).toBe(ok.bytes);
    expect(pdfPages(pdf)).toBe(ok.pages);
    expect(ok.pages).toBeGreaterThanOrEqual(2);

    const text = pdftotext(pdf);
    // The record sheet, in Swedish
    for (const s of ["Ögonblicksbild Facebook Konto facebook-test", "Arkivbildare", "Kommunstyrelsen", "Klassificering", "1.3.2", "Samlingsärende", "KS 2026/45",
      "Testkommunen", "Begärd adress", `${site.at("pipeline/kommun.html")}?sida=Överkalix`, "HTTP-status", "Personuppgifter", "Bevaras", "Kommunledningsförvaltningen",
      "Informera invånarna", "Kommuninvånare", "Anna Andersson", "SHA-256 för skärmbilden"]) {
      expect(text, s).toContain(s);
    }
    // The address reached is shown as the browser's address bar shows it, not percent-encoded.
    expect(text).toContain(`Nådd adress ${site.at("pipeline/kommun.html")}?sida=Överkalix`);
    expect(text).not.toContain("%C3%96");
    // The page's own words, Swedish letters intact, from the top to the very bottom
    for (const s of ["Välkommen", "Överkalix", "Snöröjningen", "Ärtträsk", "sammanträder", "julöppet", "Låna", "söndagar", "Sidfot"]) expect(text, s).toContain(s);
    expect(await checkPdfA(pdf, "2b")).toEqual([]);

    // The manifest beside it names the PDF's checksum and the same metadata
    const manifestPath = path.join(ws.objects, `${ok.period}/facebook-test/facebook-test_${ok.period}_v1.json`);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
    expect(sha256(manifestPath)).toBe(ok.manifestSha256);
    expect(manifest).toMatchObject({ recordId: ok.recordId, creator: "Kommunstyrelsen", classification: "1.3.2", collectiveCase: "KS 2026/45", retention: "Bevaras", personalData: true });
    expect(manifest.files[`facebook-test_${ok.period}_v1.pdf`]).toEqual({ sha256: ok.sha256, bytes: ok.bytes });
    // What the picture cannot hold: where the link "webbplatsen" leads, and the picture's alternative text.
    expect(manifest.links).toEqual([{ text: "webbplatsen", url: "https://www.testkommun.se/kommunfullmaktige" }]);
    expect(manifest.pictures).toEqual([{ alt: "Bibliotekets entré med julgran", url: "data:image/svg+xml,…" }]);
    // What the site was told, beside the browser that took the record.
    expect(manifest.browser).toMatch(/^Chromium \d+/);
    // The page's own title and language, as it gives them; it was not cut, so no full height.
    expect(manifest.page).toEqual({ width: 1280, height: expect.any(Number), title: "Testkommunen – startsida", language: "sv" });
    expect(manifest.userAgent).toMatch(/^Mozilla\/5\.0 \(X11; Linux x86_64\) .* Chrome\/\d+\.0\.0\.0 Safari\/537\.36$/);
  });

  it("delivers the same PDF and manifest to the registrar's intake folder and leaves the spool empty", async () => {
    const [ok] = await records("--account", "facebook-test");
    const name = `facebook-test_${ok.period}_v1`;
    expect(fs.readdirSync(ws.intake).sort()).toEqual([`${name}.json`, `${name}.pdf`, "LÄS MIG – somarkiv.txt"].sort());
    expect(sha256(path.join(ws.intake, `${name}.pdf`))).toBe(ok.sha256);
    expect(sha256(path.join(ws.intake, `${name}.json`))).toBe(ok.manifestSha256);
    // The first of its series says so: the key is there, null, as a later version's names its previous.
    const manifest = JSON.parse(fs.readFileSync(path.join(ws.intake, `${name}.json`), "utf8"));
    expect(manifest).toHaveProperty("previousRecordId", null);
    const spool = path.join(ws.dir, "spool");
    expect(fs.existsSync(spool) ? fs.readdirSync(spool) : []).toEqual([]);
  });

  it("is idempotent per account and period; --force adds version 2 and keeps version 1", async () => {
    const [v1] = await records("--account", "facebook-test");
    const v1File = path.join(ws.objects, v1.storageKey);
    const again = await runCli(["capture", "--account", "facebook-test", ...cfg()]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`facebook-test: skipped, already has a snapshot for ${v1.period} (${v1.recordId}); use --force to add a new version`);
    expect(await records("--account", "facebook-test")).toHaveLength(1);

    // The account named twice (a slip on the command line) is captured once: two lanes on it made
    // version 2 twice, over each other's spool files, and the record never reached the store.
    const forced = await runCli(["capture", "--account", "facebook-test", "--account", "facebook-test", "--force", "--reason", "  Den första bilden  visade kakdialogen ", ...cfg()]);
    expect(forced.code, forced.stdout).toBe(0);
    const both = await records("--account", "facebook-test");
    expect(both.map((r: { version: number }) => r.version)).toEqual([1, 2]);
    expect(both[1]).toMatchObject({ status: "delivered", previousRecordId: v1.recordId, storageKey: `${v1.period}/facebook-test/facebook-test_${v1.period}_v2.pdf` });
    expect(sha256(v1File)).toBe(v1.sha256);
    expect(pdftotext(path.join(ws.objects, both[1].storageKey))).toContain(`Föregående ögonblicksbild`);
    expect(pdftotext(path.join(ws.objects, both[1].storageKey))).toContain(v1.recordId);
    // Why a second version of the half-year exists, said by the one who took it: on its sheet, in its
    // manifest and in the registrar's list; the first version has none.
    expect(pdfLines(path.join(ws.objects, both[1].storageKey))).toMatch(/Skäl +Den första bilden visade kakdialogen\n/);
    expect(JSON.parse(fs.readFileSync(path.join(ws.objects, both[1].manifestKey), "utf8")).takenBecause).toBe("Den första bilden visade kakdialogen");
    const csv = (await runCli(["records", "--csv", "--account", "facebook-test", ...cfg()])).stdout.replace(/^\uFEFF/, "").split("\r\n").map((l) => l.split(";"));
    const why = csv[0]!.indexOf("Skäl");
    expect([csv[1]![why], csv[2]![why]]).toEqual(["", "Den första bilden visade kakdialogen"]);
    // And in --json, beside the title it is filed under; `reason` stays why a capture failed.
    expect(both.map((r: { takenBecause: string | null }) => r.takenBecause)).toEqual([null, "Den första bilden visade kakdialogen"]);
    expect(both[1]).toMatchObject({ reason: null, title: expect.stringContaining("Ögonblicksbild") });
  });

  it("records the registrar's diary number; another number for the same record is an error naming both", async () => {
    const [v1] = await records("--account", "facebook-test");
    const r = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/123", ...cfg()]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Record ${v1.recordId} is registered with diary number KS 2026/123.`);
    expect((await records("--account", "facebook-test"))[0]).toMatchObject({ status: "registered", dnr: "KS 2026/123" });
    const same = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/123", ...cfg()]);
    expect(same.code).toBe(0);
    const other = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/999", ...cfg()]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("already registered as KS 2026/123; it cannot also be KS 2026/999");
    expect(unnamed(other.stderr, ws)).toContain(`somarkiv registered ${v1.recordId} --dnr "KS 2026/999" --correct`);
    // A number typed wrong is corrected with a reason; the log keeps the first and the reason.
    const corrected = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/124", "--correct", "fel nummer skrevs in", ...cfg()]);
    expect(corrected.code).toBe(0);
    expect(corrected.stdout).toContain("corrected from KS 2026/123 to KS 2026/124");
    expect((await records("--account", "facebook-test"))[0]).toMatchObject({ status: "registered", dnr: "KS 2026/124" });
    // The registrar sees the correction where the record is listed, not only in the log's events.
    // Who gave each number, as the machine knows them, for the archive that takes the log over.
    const by = `${os.userInfo().username}@${os.hostname()}`;
    expect((await records("--account", "facebook-test"))[0].registrations).toEqual([
      { dnr: "KS 2026/123", at: expect.any(String), source: "cli", by },
      { dnr: "KS 2026/124", at: expect.any(String), source: "cli", by, corrects: "KS 2026/123", reason: "fel nummer skrevs in" },
    ]);
    expect((await runCli(["records", "--account", "facebook-test", ...cfg()])).stdout).toContain("dnr KS 2026/124 (corrected from KS 2026/123: fel nummer skrevs in)");
    const log = RecordLog.open(ws.database);
    try {
      expect(eventsFor(log.db, v1.recordId).filter((e) => e.type === "registered").map((e) => e.data)).toEqual([
        { dnr: "KS 2026/123", source: "cli", by },
        { dnr: "KS 2026/124", source: "cli", by, corrects: "KS 2026/123", reason: "fel nummer skrevs in" },
      ]);
    } finally {
      log.close();
    }
    // "2026-h2" is plainly 2026-H2.
    expect((await records("--period", v1.period.toLowerCase())).map((r: { recordId: string }) => r.recordId)).toContain(v1.recordId);
    const noReason = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/125", "--correct", " ", ...cfg()]);
    expect(noReason.code).toBe(2);
    // The same number for version 2 is recorded, with a note: one document's number typed for the next.
    const v2 = `facebook-test_${v1.period}_v2`;
    const dup = await runCli(["registered", v2, "--dnr", "KS  2026/124", ...cfg()]);
    expect(dup.code, dup.stderr).toBe(0);
    expect(dup.stdout).toContain(`Record ${v2} is registered with diary number KS 2026/124.`);
    expect(dup.stdout).toContain(`Obs: KS 2026/124 är också diarienummer för ${v1.recordId}. Har varje ögonblicksbild ett eget nummer är ett av dem felskrivet`);
    expect(dup.stdout).toContain(`Note: KS 2026/124 is also the diary number of ${v1.recordId}. If each snapshot has a number of its own, one of them is mistyped`);
    expect(dup.stdout).not.toContain("has not received");
    // A line break pasted with the number, or a whole text, is no diary number: nothing recorded.
    // Said to the registrar in Swedish first.
    for (const [dnr, says, sv] of [
      ["KS 2026/126\nFAKE LINE", 'the diary number "KS 2026/126⏎FAKE LINE" holds a line break', 'diarienumret "KS 2026/126⏎FAKE LINE" har en radbrytning'],
      ["x".repeat(500), "the diary number is 500 characters long", "diarienumret är 500 tecken långt"],
    ] as const) {
      const bad = await runCli(["registered", v1.recordId, "--dnr", dnr, "--correct", "prov", ...cfg()]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain(says);
      expect(bad.stderr).toContain("Nothing was recorded.");
      expect(bad.stderr.indexOf(sv)).toBeGreaterThanOrEqual(0);
      expect(bad.stderr.indexOf(sv)).toBeLessThan(bad.stderr.indexOf(says));
    }
    // A reason on two lines would split the record's line in records; refused.
    const twoLines = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/127", "--correct", "rad1\nrad2", ...cfg()]);
    expect(twoLines.code).toBe(2);
    expect(twoLines.stderr).toContain("skälet i --correct har en radbrytning; skriv det på en rad. Inget sparades.");
    // A mark that turns the text's direction would make the reason read backwards in the CSV, for good; refused.
    const turned = await runCli(["registered", v1.recordId, "--dnr", "KS 2026/127", "--correct", "fel \u202e gnp.exe", ...cfg()]);
    expect(turned.code).toBe(2);
    expect(turned.stderr).toContain("skälet i --correct har U+202E, ett osynligt riktningstecken, som ändrar i vilken ordning texten runt det visas; skriv skälet på nytt. Inget sparades.");
    expect(turned.stderr).toContain("the reason given with --correct holds U+202E, an invisible direction mark, which changes the order the text around it is shown in; type the reason anew. Nothing was recorded.");
    // Quotation marks pasted from Outlook or Word around the number are not part of it.
    const quoted = await runCli(["registered", v1.recordId, "--dnr", "”KS 2026/124”", ...cfg()]);
    expect(quoted.code, quoted.stderr).toBe(0);
    expect(quoted.stdout).toContain("diarienummer KS 2026/124.");
    expect((await records("--account", "facebook-test")).map((r: { dnr: string }) => r.dnr)).toEqual(["KS 2026/124", "KS 2026/124"]);
    const status = await runCli(["status", "--json", ...cfg()]);
    const fb = JSON.parse(status.stdout).accounts.find((a: { accountId: string }) => a.accountId === "facebook-test");
    expect(fb.lastSnapshot.recordId).toBe(`facebook-test_${v1.period}_v2`);
    expect(fb.pending).toEqual([]);
  });

  it("status names the failed account with its reason; verify passes on the intact archive", async () => {
    const s = await runCli(["status", ...cfg()]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/trasig-sida \(Konto trasig-sida\): no snapshot yet; last attempt FAILED \(http-error\)/);
    expect(s.stdout).toMatch(/stangt-konto \(Konto stangt-konto\): closed/);
    // What needs a person, named before the accounts' lines.
    expect(s.stdout).toMatch(/^Accounts: 2 active, 1 closed; for \d{4}-H[12]: 1 (registered|delivered), 1 failed\. Failed: trasig-sida\.\n {2}facebook-test /m);
    const v = await runCli(["verify", ...cfg()]);
    expect(v.stdout).toMatch(/All good: 2 snapshots and 1 failed attempt \(which has no files\), 4 objects/);
    expect(v.code).toBe(0);
  });

  it("records --csv opens in Excel: BOM, semicolons, Swedish headers", async () => {
    const r = await runCli(["records", "--csv", ...cfg()]);
    expect(r.stdout.startsWith("\uFEFFHandlingens id;Titel;Konto;Plattform;Arkivbildare;Handlingstyp;Klassificering;Samlingsärende;Bevaras/gallras;Kontots id;Period;Version;Status")).toBe(true);
    expect(r.stdout.split("\r\n").filter(Boolean)).toHaveLength(4);
    // The time in Swedish time as the record sheet has it, beside the log's UTC.
    const [header, first] = r.stdout.split("\r\n");
    const at = header!.split(";").indexOf("Tidpunkt (svensk tid)");
    expect(header!.split(";")[at + 1]).toBe("Tidpunkt (UTC)");
    expect(first!.split(";")[at]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d CES?T$/);
    // Filed as the record sheet and the manifest say: title, collective case and classification.
    const cells = Object.fromEntries(header!.replace(/^\uFEFF/, "").split(";").map((h, i) => [h, first!.split(";")[i]]));
    const manifest = JSON.parse(fs.readFileSync(path.join(ws.objects, (await records())[0]!.storageKey.replace(/\.pdf$/, ".json")), "utf8"));
    expect(cells["Handlingens id"]).toBe(manifest.recordId);
    expect([cells["Titel"], cells["Samlingsärende"], cells["Klassificering"]]).toEqual([manifest.title, "KS 2026/45", "1.3.2"]);
    expect(manifest.title).toMatch(/^Ögonblicksbild Facebook /);
    // Both addresses as the record sheet gives them, not the reached one percent-encoded beside the one asked for.
    const rows = r.stdout.replace(/^\uFEFF/, "").split("\r\n").filter(Boolean).map((l) => l.split(";"));
    const fb = rows.find((row) => row[rows[0]!.indexOf("Kontots id")] === "facebook-test")!;
    expect([fb[rows[0]!.indexOf("Begärd adress")], fb[rows[0]!.indexOf("Nådd adress")]]).toEqual([`${site.at("pipeline/kommun.html")}?sida=Överkalix`, `${site.at("pipeline/kommun.html")}?sida=Överkalix`]);
  });

  it("--period: a period that has not begun is refused (exit 2, nothing made); one that is over is taken now and says so", async () => {
    const now = periodOf(new Date(), "Europe/Stockholm");
    const { year, half } = parsePeriod(now);
    const coming = half === 1 ? `${year}-H2` : `${year + 1}-H1`;
    const before = await records();
    const early = await runCli(["capture", "--account", "facebook-test", "--period", coming, ...cfg()]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain(`--period ${coming} has not begun (it is ${now} now)`);
    expect(await records()).toEqual(before);

    // One long past is refused: a slip of a year would be filed and delivered for good.
    const long = previousPeriod(previousPeriod(now));
    for (const typed of [long, "1999-H1"]) {
      const old = await runCli(["capture", "--account", "facebook-test", "--period", typed, ...cfg()]);
      expect(old.code, typed).toBe(2);
      expect(old.stderr).toContain(`--period ${typed} ended long ago: a snapshot taken now shows the account as it is today`);
      expect(old.stderr).toContain(`Only this half-year (${now}) and the one before it (${previousPeriod(now)}) can be captured`);
    }
    expect(await records()).toEqual(before);

    const past = previousPeriod(now);
    const late = await runCli(["capture", "--account", "facebook-test", "--period", past, ...cfg()]);
    expect(late.code, late.stderr).toBe(0);
    expect(late.stdout).toContain(`The snapshot below was taken after ${past} ended, to make up its missed snapshot: the record sheet says so (and the e-mail to the registrar, where one is sent)`);
    const [made] = await records("--period", past);
    expect(made.flags).toContain("after-period");
    expect(pdftotext(path.join(ws.objects, made.storageKey))).toContain("ögonblicksbilden togs i efterhand, efter periodens slut");
    const [current] = await records("--account", "facebook-test", "--period", now);
    expect(current.flags).not.toContain("after-period");
    // The plain list, as the registrar reads it, marks the made-up record, and only it.
    const listed = (await runCli(["records", "--account", "facebook-test", ...cfg()])).stdout.split("\n");
    expect(listed.find((l) => l.startsWith(`${made.recordId} `))).toContain(`taken after ${past} ended: it shows the page as it was when taken, not as it was in ${past}`);
    expect(listed.find((l) => l.startsWith(`${current.recordId} `))).not.toContain("taken after");
    // Its previous snapshot is the one before it in the series of half-years, never the later half-year taken earlier.
    const earlier = (await records("--account", "facebook-test") as Array<{ recordId: string; period: string; version: number; status: string }>)
      .filter((r) => r.period < past && r.status !== "failed")
      .sort((a, b) => a.period.localeCompare(b.period) || a.version - b.version);
    expect(made.previousRecordId).toBe(earlier.at(-1)?.recordId ?? null);
    expect(pdftotext(path.join(ws.objects, made.storageKey))).not.toContain(current.recordId);
  });

  it("a new version names its previous version's diary number, so the registrar files it beside it", async () => {
    const now = periodOf(new Date(), "Europe/Stockholm");
    const forced = await runCli(["capture", "--account", "facebook-test", "--force", "--reason", "prov", ...cfg()]);
    expect(forced.code, forced.stderr).toBe(0);
    const series = await records("--account", "facebook-test", "--period", now);
    const [v2, v3] = [series.at(-2)!, series.at(-1)!];
    expect([v2.version, v3.version, v2.dnr]).toEqual([2, 3, "KS 2026/124"]);
    expect(pdfLines(path.join(ws.objects, v3.storageKey))).toMatch(new RegExp(`Föregående ögonblicksbild +${v2.recordId}, diarienummer KS 2026/124\n`));
    const manifest = JSON.parse(fs.readFileSync(path.join(ws.objects, v3.manifestKey), "utf8"));
    expect(manifest).toMatchObject({ previousRecordId: v2.recordId, previousRecordDnr: "KS 2026/124" });
    // One whose previous has no number yet says none: the sheet names only the id.
    const v4 = await runCli(["capture", "--account", "facebook-test", "--force", "--reason", "prov", ...cfg()]);
    expect(v4.code, v4.stderr).toBe(0);
    const last = (await records("--account", "facebook-test", "--period", now)).at(-1)!;
    expect(pdfLines(path.join(ws.objects, last.storageKey))).toMatch(new RegExp(`Föregående ögonblicksbild +${v3.recordId}\n`));
    expect(JSON.parse(fs.readFileSync(path.join(ws.objects, last.manifestKey), "utf8"))).not.toHaveProperty("previousRecordDnr");
  });
});

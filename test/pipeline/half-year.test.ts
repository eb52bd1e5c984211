/**
 * A snapshot taken before the capture month (an administrator trying somarkiv out in March) is a
 * record of that day. It must not stand in for the half-year snapshot the policy asks for: the
 * capture month's run takes that one as a new version, and the early record is kept.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { RecordLog, type RecordFiling } from "../../src/log/index.ts";
import { FilesystemStore, recordKey } from "../../src/storage/index.ts";
import { parsePeriod, periodOf, previousPeriod } from "../../src/schedule/period.ts";
import { sha } from "../log/archive.ts";

describe("a snapshot from before the half-year change", () => {
  let site: FixtureServer;
  let ws: Workspace;
  // The last half-year, whose capture month has passed whatever the month now: a run for it now
  // is at or after its half-year change, and its first month is before it.
  const period = previousPeriod(periodOf(new Date(), "Europe/Stockholm"));
  const { year, half } = parsePeriod(period);
  const early = `${year}-${half === 1 ? "03" : "09"}-10T09:00:00.000Z`;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", site.at("pipeline/kommun.html"))],
    });
    await trialRecord(ws, site, period, early);
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("does not count: the half-year snapshot is taken as a new version, and the early one is kept", async () => {
    const r = await runCli(["capture", "--period", period, ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`\\[kommun\\] kommun_${period}_v1 was taken on ${year}-${half === 1 ? "03" : "09"}-10 \\d\\d:00:00 CES?T, before ${period}'s capture month; taking the half-year snapshot now`));
    expect(r.stdout).toContain(`kommun: kommun_${period}_v2 stored and delivered to the registrar`);
    const records = JSON.parse((await runCli(["records", "--json", ...cfg()])).stdout) as Array<{ recordId: string; status: string }>;
    expect(records.map((x) => `${x.recordId} ${x.status}`).sort()).toEqual([`kommun_${period}_v1 delivered`, `kommun_${period}_v2 delivered`]);
    // The registrar reads why there are two: the half-year's own, after a trial (not "no reason given").
    // Not "at the half-year change": this one is made up after the half-year ended, as its remarks say.
    const why = `periodens ögonblicksbild; den tidigare versionen (kommun_${period}_v1) togs före den månad då periodens ögonblicksbild tas och gäller bara sin dag`;
    const v2 = path.join(ws.intake, `kommun_${period}_v2.pdf`);
    const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", v2, "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet).toContain(`Skäl ${why}`);
    expect(sheet).toContain("ögonblicksbilden togs i efterhand, efter periodens slut");
    expect(sheet).not.toContain("halvårsskiftet");
    expect(JSON.parse(fs.readFileSync(path.join(ws.intake, `kommun_${period}_v2.json`), "utf8"))).toMatchObject({ afterEarlySnapshot: `kommun_${period}_v1` });
    const csv = (await runCli(["records", "--csv", ...cfg()])).stdout;
    expect(csv).toContain(why);
    expect(csv).not.toContain("inget skäl angavs");
    // Taken at the address it has had all along: no earlier address is named.
    expect(JSON.parse(fs.readFileSync(path.join(ws.intake, `kommun_${period}_v2.json`), "utf8")).previousRecordUrl).toBeUndefined();
  });

  it("names the address the previous snapshot was taken at when the account has moved since", async () => {
    const moved = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    try {
      const old = site.at("pipeline/gamla-adressen.html");
      await trialRecord(moved, site, period, early, false, old);
      const r = await runCli(["capture", "--period", period, "--config", moved.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(moved.intake, `kommun_${period}_v2.json`), "utf8"))).toMatchObject({ previousRecordId: `kommun_${period}_v1`, previousRecordUrl: old });
      const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(moved.intake, `kommun_${period}_v2.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(sheet).toContain(`kommun_${period}_v1, tagen på kontots tidigare adress ${old}`);
    } finally {
      moved.cleanup();
    }
  });

  it("says on the sheet of the next snapshot after a half-year nobody took that none was taken of it", async () => {
    const gapped = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    try {
      // Taken two half-years back at its change; the half-year after it never taken (the worker was not running).
      const gap = previousPeriod(period);
      const before = previousPeriod(gap);
      const b = parsePeriod(before);
      await trialRecord(gapped, site, before, `${b.year}-${b.half === 1 ? "06" : "12"}-10T09:00:00.000Z`);
      const r = await runCli(["capture", "--period", period, "--config", gapped.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(fs.readFileSync(path.join(gapped.intake, `kommun_${period}_v1.json`), "utf8"))).toMatchObject({ previousRecordId: `kommun_${before}_v1`, periodsMissingBefore: [gap] });
      const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(gapped.intake, `kommun_${period}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(sheet).toContain(`Föregående ögonblicksbild kommun_${before}_v1; när denna togs fanns ingen ögonblicksbild av ${gap}, så serien hade ett glapp före denna`);
    } finally {
      gapped.cleanup();
    }
  });

  it("once the half-year snapshot is there, a second run skips the account as before", async () => {
    const r = await runCli(["capture", "--period", period, ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`kommun: skipped, already has a snapshot for ${period} (kommun_${period}_v2)`);
  });
});

/** A trial run's record, stored and delivered like any other, taken at `capturedAt`. */
async function trialRecord(ws: Workspace, site: FixtureServer, period: string, capturedAt: string, final = false, url = site.at("pipeline/kommun.html"), filing?: RecordFiling): Promise<void> {
  const log = RecordLog.open(ws.database);
  const store = new FilesystemStore(ws.objects);
  const id = `kommun_${period}_v1`;
  const src = path.join(ws.dir, "trial");
  fs.mkdirSync(src);
  const pdf = Buffer.from("%PDF-1.7\n% provkörning\n%%EOF\n");
  const manifest = Buffer.from(JSON.stringify({ recordId: id }));
  fs.writeFileSync(path.join(src, `${id}.pdf`), pdf);
  fs.writeFileSync(path.join(src, `${id}.json`), manifest);
  log.records.insertCaptured({
    recordId: id, accountId: "kommun", period, version: 1, final, capturedAt,
    url, finalUrl: url, httpStatus: 200,
    sha256: sha(pdf), bytes: pdf.length, pages: 2, pdfName: `${id}.pdf`, manifestName: `${id}.json`,
    manifestSha256: sha(manifest), manifestBytes: manifest.length, spoolDir: src, consent: "none-found", flags: [],
    previousRecordId: null, textFingerprint: null, imageFingerprint: null, runId: null, ...(filing ? { filing } : {}),
  }, [`directory:${ws.intake}`]);
  const p = await store.put(recordKey(period, "kommun", 1, "pdf"), path.join(src, `${id}.pdf`), sha(pdf));
  const m = await store.put(recordKey(period, "kommun", 1, "json"), path.join(src, `${id}.json`), sha(manifest));
  log.records.markStored(id, p.fullKey, m.fullKey, p.sha256);
  // Delivered as a delivery leaves it: in the registrar's folder, which is then never made anew.
  fs.mkdirSync(ws.intake, { recursive: true });
  for (const f of [`${id}.pdf`, `${id}.json`]) fs.copyFileSync(path.join(src, f), path.join(ws.intake, f));
  log.records.markDelivered(id, `directory:${ws.intake}`, "trial");
  log.records.clearSpool(id);
  log.close();
}

describe("this half-year's snapshot, taken before its capture month", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const SE = "Europe/Stockholm";
  const period = periodOf(new Date(), SE);
  const { year, half } = parsePeriod(period);
  // The half-year's first night: before its capture month (June or December) whatever today is.
  const early = `${year}-${half === 1 ? "01" : "07"}-01T00:30:00.000Z`;
  const captureMonth = `${half === 1 ? "June" : "December"} ${year}`;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    // Filed as a capture now files it: taken before the capture month, which the list says from its filing
    // (one of a release that did not note it is said to be not known: test/cli/old-record-when.test.ts).
    await trialRecord(ws, site, period, early, false, undefined, { title: "Ögonblicksbild", beforeHalfYearChange: true });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("status marks it as taken before the capture month, with the month the half-year snapshot is due", async () => {
    const r = await runCli(["status", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`taken ${year}-${half === 1 ? "01" : "07"}-01 0\\d:30:00 CES?T, before ${period}'s capture month: kept as a record of that day; the half-year snapshot is still to be taken in ${captureMonth}`));
    expect(JSON.parse((await runCli(["status", "--json", ...cfg()])).stdout).accounts[0]).toMatchObject({ beforeHalfYearChange: true });
  });

  it("records marks it in the plain list as taken before the capture month, as its sheet and status do", async () => {
    const r = await runCli(["records", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith(`kommun_${period}_v1 `));
    expect(line).toContain(`taken before ${period}'s capture month: a record of that day only, not ${period}'s half-year snapshot, which is taken in that month`);
  });

  it("status does not ask for a half-year snapshot after a closing record taken before the change", async () => {
    const closed = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"), { status: "closed", closedOn: early.slice(0, 10) })] });
    try {
      await trialRecord(closed, site, period, early, true);
      const r = await runCli(["status", "--config", closed.configPath]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`kommun (Konto kommun): closed; its last snapshot kommun_${period}_v1`);
      expect(r.stdout).not.toContain("capture month: kept as a record");
      expect(r.stdout).not.toContain("still to be taken");
      expect(JSON.parse((await runCli(["status", "--json", "--config", closed.configPath])).stdout).accounts[0]).toMatchObject({ beforeHalfYearChange: false });
    } finally {
      closed.cleanup();
    }
  });

  it("capture takes the half-year snapshot in the capture month; before it, it keeps the early one and says when the half-year's comes", async () => {
    const r = await runCli(["capture", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    const inCaptureMonth = new Intl.DateTimeFormat("en-GB", { timeZone: SE, month: "numeric" }).format(new Date()) === (half === 1 ? "6" : "12");
    if (inCaptureMonth) {
      expect(r.stdout).toContain(`kommun: kommun_${period}_v2 stored and delivered to the registrar`);
      expect(r.stderr).not.toContain("Note: it is not the half-year change yet");
    } else {
      expect(r.stdout).toContain(`kommun: skipped, already has a snapshot for ${period} (kommun_${period}_v1)`);
      expect(r.stderr).toContain(`Note: it is before ${period}'s capture month. What was taken now is kept as a record of today; the half-year snapshot for ${period} is still taken in ${captureMonth}`);
    }
  });
});

describe("the advice after a closing record, followed", () => {
  let site: FixtureServer;
  const period = periodOf(new Date(), "Europe/Stockholm");

  beforeAll(async () => {
    site = await startFixtureServer();
  });
  afterAll(async () => {
    await site.close();
  });

  // The closing record of this half-year, or of the one before (the account left active in the file).
  it.each([["this half-year", period], ["the half-year before", previousPeriod(period)]])("with the closing record in %s, the command a refused capture of this half-year names takes it", async (_when, closedIn) => {
    const ws = makeWorkspace({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("kommun", site.at("pipeline/kommun.html"))] });
    try {
      await trialRecord(ws, site, closedIn, new Date(Date.now() - 60_000).toISOString(), true);
      const refused = await runCli(["capture", "--account", "kommun", "--period", period, "--config", ws.configPath]);
      expect(refused.code, refused.stderr).toBe(2);
      const advice = /somarkiv(?: --config \S+)? capture((?: --[a-z]+(?: [^\s,-][^\s,]*)?)+)/.exec(refused.stderr);
      expect(advice, refused.stderr).not.toBeNull();
      const followed = await runCli(["capture", ...advice![1].trim().split(" "), "--config", ws.configPath]);
      expect(followed.code, followed.stderr).toBe(0);
      expect(followed.stdout).not.toContain("skipped");
      const records = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; period: string; final: boolean }>;
      expect(records.filter((r) => r.period === period && !r.final)).toHaveLength(1);
    } finally {
      ws.cleanup();
    }
  });
});

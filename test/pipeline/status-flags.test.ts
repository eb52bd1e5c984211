import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace, unnamed } from "../helpers/cli.ts";
import { periodOf, previousPeriod } from "../../src/schedule/index.ts";
import { pdftotext } from "../pdf/tools.ts";

/**
 * The fixture site and a workspace capturing the pages `accounts` names from it (id → path), for one
 * describe: made before its tests, removed after them. `ws` is read once they have begun.
 */
function siteWorkspace(accounts: Record<string, string>, config: Record<string, unknown> = {}): { readonly ws: Workspace } {
  const held = {} as { ws: Workspace; site: FixtureServer };
  beforeAll(async () => {
    held.site = await startFixtureServer();
    held.ws = makeWorkspace({ organisation: { name: "X" }, ...config, accounts: Object.entries(accounts).map(([id, page]) => account(id, held.site.at(page))) });
  });
  afterAll(async () => {
    await held.site?.close();
    held.ws?.cleanup();
  });
  return held;
}

describe("capture, status and a snapshot that may not show the page as a person sees it", () => {
  const setup = siteWorkspace({ "fast-dialog": "capture/consent-stuck.html", "ren-sida": "pipeline/kommun.html" });

  it("names what is wrong with it under its account, and how to take it again; a clean one gets no such line", async () => {
    const { ws } = setup;
    const capture = await runCli(["capture", "--config", ws.configPath]);
    expect(capture.code, capture.stderr).toBe(0);
    // The capture's own summary says it too, under the account.
    expect(unnamed(capture.stdout, ws)).toMatch(/ {2}fast-dialog: fast-dialog_\S+ stored and delivered to the registrar\n {6}look at it: the cookie dialog could not be closed \(no answer somarkiv found, declining or accepting, closed it\) and shows over the page; its buttons said: "Inställningar"\. somarkiv knows its buttons by their words \(in Swedish, English, Finnish, Norwegian, Danish and North Sami\): if the dialog's buttons say decline or accept in other words, tell whoever keeps somarkiv which words they are, so that they are added; if not, the site builds it so and only its owner can change that, so tell them, as a later try may find it changed\. Then take it again with: somarkiv capture --account fast-dialog --force/);
    expect(capture.stdout.match(/look at it:/g)).toHaveLength(1);
    const r = await runCli(["status", "--config", ws.configPath]);
    expect(r.code).toBe(0);
    const lines = unnamed(r.stdout, ws).split("\n");
    const at = lines.findIndex((l) => l.startsWith("  fast-dialog (Konto fast-dialog): fast-dialog_"));
    expect(at).toBeGreaterThanOrEqual(0);
    expect(lines[at + 1]).toBe("      look at it: the cookie dialog could not be closed (no answer somarkiv found, declining or accepting, closed it) and shows over the page; its buttons said: \"Inställningar\". somarkiv knows its buttons by their words (in Swedish, English, Finnish, Norwegian, Danish and North Sami): if the dialog's buttons say decline or accept in other words, tell whoever keeps somarkiv which words they are, so that they are added; if not, the site builds it so and only its owner can change that, so tell them, as a later try may find it changed. Then take it again with: somarkiv capture --account fast-dialog --force --reason \"…\" (a new version; this one is kept; the reason is on its record sheet for the registrar)");
    expect(r.stdout.match(/look at it:/g)).toHaveLength(1);
  });

  it("says to take a made-up half-year again for that half-year, with its --period", async () => {
    const { ws } = setup;
    const before = previousPeriod(periodOf(new Date(), "Europe/Stockholm"));
    const capture = await runCli(["capture", "--account", "fast-dialog", "--period", before, "--config", ws.configPath]);
    expect(capture.code, capture.stderr).toBe(0);
    expect(unnamed(capture.stdout, ws)).toContain(`take it again with: somarkiv capture --account fast-dialog --period ${before} --force --reason "…"`);
  });
});

/**
 * A closing record that may not show the page is taken again as a closing record: the plain --force
 * the line named was refused, as a snapshot after the closing record, and the closing record stood.
 */
describe("a closing record worth a look", () => {
  const setup = siteWorkspace({ "fast-dialog": "capture/consent-stuck.html" });

  it("says to take it again with --final --force, and that command takes a new closing record", async () => {
    const { ws } = setup;
    const capture = await runCli(["capture", "--account", "fast-dialog", "--final", "--config", ws.configPath]);
    expect(capture.code, capture.stderr).toBe(0);
    const said = `take it again with: somarkiv capture --account fast-dialog --final --force --reason "…"`;
    expect(unnamed(capture.stdout, ws)).toContain(said);
    const status = await runCli(["status", "--config", ws.configPath]);
    expect(unnamed(status.stdout, ws)).toContain(said);
    const again = await runCli(["capture", "--account", "fast-dialog", "--final", "--force", "--reason", "the dialog stayed", "--config", ws.configPath]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const rows = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ status: string; flags: string[] }>;
    expect(rows.filter((r) => r.status !== "failed" && r.flags.includes("final"))).toHaveLength(2);
  });
});

describe("a page cut at capture.maxHeight", () => {
  const setup = siteWorkspace({ "langt-flode": "capture/infinite.html" }, { capture: { maxHeight: 1000 } });

  it("is named to the operator by capture (with how many px are missing), status and records, with what to raise and how to take it again", async () => {
    const { ws } = setup;
    const capture = await runCli(["capture", "--config", ws.configPath]);
    expect(capture.code, capture.stderr).toBe(0);
    expect(unnamed(capture.stdout, ws)).toMatch(/ {2}langt-flode: langt-flode_\S+ stored and delivered to the registrar\n {6}look at it: the page was longer than capture\.maxHeight and was cut there; the part below is missing from the record \(\d+ px of it had loaded when it was cut, and more may follow; a feed that goes on for as long as it is scrolled is always cut somewhere\)\. If the whole page is needed, raise capture\.maxHeight in the configuration \(up to 200000 px\)\. Having raised it, take it again with: somarkiv capture --account langt-flode --force --reason "…"/);
    const status = await runCli(["status", "--config", ws.configPath]);
    expect(status.code).toBe(0);
    expect(unnamed(status.stdout, ws)).toContain("look at it: the page was longer than capture.maxHeight and was cut there; the part below is missing from the record (a feed that goes on for as long as it is scrolled is always cut somewhere). If the whole page is needed, raise capture.maxHeight in the configuration (up to 200000 px). Having raised it, take it again with: somarkiv capture --account langt-flode --force");
    const records = await runCli(["records", "--config", ws.configPath]);
    expect(records.code).toBe(0);
    expect(records.stdout).toContain("look at it: the page was longer than capture.maxHeight and was cut there");
  });
});

describe("a page with characters no font on the machine has", () => {
  const setup = siteWorkspace({ kinesiska: "capture/glyphs-missing.html" });
  // Chinese, as an account posted it; fonts-noto-cjk is not installed by default.
  const cjkFont = execFileSync("fc-list", [":charset=4e2d"], { encoding: "utf8" }).trim() !== "";

  it.skipIf(cjkFont)("is named to the operator by capture (with the package to install) and status, and on the record sheet for the registrar", async () => {
    const { ws } = setup;
    const capture = await runCli(["capture", "--config", ws.configPath]);
    expect(capture.code, capture.stderr).toBe(0);
    expect(unnamed(capture.stdout, ws)).toMatch(/ {2}kinesiska: kinesiska_\S+ stored and delivered to the registrar\n {6}look at it: some characters of the page \(中 文 [^)]*\) have no font on this machine and are empty boxes in the picture \(their words are in the searchable text\)\. Install fonts for them \(as root: apt-get install fonts-noto-cjk( fonts-noto-core)?\)\. Once the cause is fixed, take it again with: somarkiv capture --account kinesiska --force --reason "…"/);
    const status = await runCli(["status", "--config", ws.configPath]);
    expect(status.code).toBe(0);
    expect(unnamed(status.stdout, ws)).toContain("look at it: some characters of the page have no font on this machine and are empty boxes in the picture (their words are in the searchable text). Install fonts for them (as root: apt-get install fonts-noto-cjk for Chinese, Japanese and Korean, fonts-noto-color-emoji for emoji, fonts-noto-core for most other scripts). Once the cause is fixed, take it again with: somarkiv capture --account kinesiska --force");
    const manifestPath = findFile(ws.objects, /kinesiska_.*\.json$/);
    const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8")) as { flags: string[]; glyphsMissing: string[] };
    expect(manifest.flags).toContain("glyphs-missing");
    expect(manifest.glyphsMissing.slice(0, 2)).toEqual(["中", "文"]);
    const sheet = await pdftotext(manifestPath.replace(/\.json$/, ".pdf"), ["-f", "1", "-l", "1"]);
    expect(sheet.replace(/\s+/g, " ")).toContain("en del tecken på sidan (till exempel [U+4E2D] [U+6587]");
  });
});

/** The one file under `dir` whose path matches. */
function findFile(dir: string, pattern: RegExp): string {
  const found = (fs.readdirSync(dir, { recursive: true }) as string[]).map((f) => path.join(dir, f)).filter((f) => pattern.test(f));
  expect(found, `files matching ${pattern}`).toHaveLength(1);
  return found[0]!;
}

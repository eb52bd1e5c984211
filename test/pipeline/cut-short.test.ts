/**
 * A feed whose post texts are cut to their first lines behind "Visa mer": the record sheet says how many
 * and where their whole words are, and the manifest keeps them, where the sheet said "Anmärkningar inga"
 * and the rest of each post was neither in the picture nor in the PDF's text layer. Real Chromium, a real
 * log and intake folder, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");

describe("post texts cut short behind \"Visa mer\"", () => {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({});
    ws.write({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("flode", site.at("capture/clamped-captions.html"))] });
  });
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  it("are counted on the record sheet, their whole words kept in the manifest, not in the PDF's text", async () => {
    const r = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(ws.intake, `flode_${now}_v1.json`), "utf8"));
    expect(manifest.flags).toContain("text-cut-short");
    expect(manifest.postTextsCutShort).toBe(2);
    expect(manifest.textCutShort.join(" ")).toContain("Kod KLAMP-SLUT-ETT: frågor besvaras av kundtjänst på telefon 0926-140 00.");
    const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `flode_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(pdf).toContain("2 inläggstexter är avkortade på sidan till sina första rader bakom en knapp som ”Visa mer”; ögonblicksbilden och dess sökbara text visar bara de första raderna, och hela texten finns i metadatafilen (JSON), under textCutShort");
    expect(pdf).not.toContain("Anmärkningar inga");
    // What the picture shows of the posts is searchable; what it cuts is not, and the sheet says where it is.
    expect(pdf).toContain("Nu börjar sommarens vägarbeten");
    expect(pdf).not.toContain("0926-140 00");
  });
});

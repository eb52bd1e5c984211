/**
 * A feed with posts behind a content warning and a picture under a sensitive cover, on the real command
 * line: the stored manifest counts them and keeps the hidden words, and the PDF's sheet says so, as
 * the capture found them. Real Chromium, a real log and intake folder.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");

describe("posts behind a content warning and a picture under a sensitive cover", () => {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({});
    ws.write({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("mastodon", site.at("capture/content-warnings.html"))] });
  });
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  it("are counted in the stored manifest with their hidden words, and said on the record sheet, not in the PDF's text", async () => {
    const r = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const manifest = JSON.parse(fs.readFileSync(path.join(ws.intake, `mastodon_${now}_v1.json`), "utf8"));
    expect(manifest.flags).toContain("content-behind-warning");
    expect(manifest.behindWarnings).toEqual({ posts: 2, media: 1 });
    expect(manifest.textBehindWarnings.join("\n")).toContain("DOLD-TEXT-2: En trafikolycka har inträffat vid Bergfors");
    expect(manifest.textBehindWarnings).toContain("Bild 4: den brunna skolan");
    const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `mastodon_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(pdf).toContain("2 inlägg har sin text dold bakom en innehållsvarning (en knapp som ”Visa mer”) och 1 bild eller video ligger under ett skydd för känsligt innehåll");
    expect(pdf).toContain("under textBehindWarnings");
    expect(pdf).not.toContain("Anmärkningar inga");
    // As a visitor sees it: the warnings were not opened, so their words are not in the picture's text.
    expect(pdf).not.toContain("DOLD-TEXT-2");
  });
});

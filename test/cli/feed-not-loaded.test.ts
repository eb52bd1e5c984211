import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { pdftotext } from "../pdf/tools.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";

const site = siteAndWorkspaces();

/**
 * A start page whose feed never came (a side panel, and a spinning circle where the posts should be)
 * is a failed attempt, as a blank page is: nothing is filed or sent to the registrar, capture exits
 * 1, and status says the half-year's snapshot is still to be taken, and that it is tried again.
 */
describe("capture of a page whose feed never came, through the command line", () => {
  it("exits 1 with the reason, delivers nothing, and status says it failed and is tried again", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Överkalix kommun" }, capture: { timeoutSeconds: 90 }, accounts: [account("mastodon", site.server.at("capture/feed-never-came.html"), { platform: "mastodon" })] }));
    const capture = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(1);
    expect(capture.stderr).toMatch(/\[mastodon\] FAILED \(not-loaded\): The page at \S+ had not finished loading when it was taken: where its posts should be, it showed only a loading indicator/);
    expect(capture.stdout).toContain("mastodon: FAILED (not-loaded)");
    const delivered = fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake).filter((f) => /\.(pdf|json)$/.test(f)) : [];
    expect(delivered).toEqual([]);
    const status = await runCli(["status", "--config", ws.configPath]);
    const said = unnamed(status.stdout, ws);
    expect(said).toMatch(/mastodon \(Konto mastodon\): no snapshot yet; last attempt FAILED \(not-loaded\): /);
    expect(said).toMatch(/the worker tries it again at its wake at .*"somarkiv capture --account mastodon" tries it now/);
    expect(said).toContain("had not finished loading when it was taken");
    const records = await runCli(["records", "--csv", "--config", ws.configPath]);
    expect(records.stdout).toContain("sidan hade inte laddat klart: flödet visade bara en laddningssymbol");
  }, 300_000);
});

/**
 * The still-loading flag says what the page showed when it was taken: a feed whose spinner went and
 * whose posts came during the scroll is no page still loading, and its sheet does not say its feed
 * did not come; a spinner still turning beside the posts is, and the sheet says it.
 */
describe("the sheet's remark of a page still loading, through the command line", () => {
  it("is left out for posts that came during the scroll, and kept for a spinner still turning beside them", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Bräcke kommun" }, capture: { timeoutSeconds: 90 }, accounts: [
      account("nyheter", site.server.at("capture/feed-came-in-scroll.html")),
      account("mastodon", site.server.at("capture/feed-never-came.html?api=300&panel=1"), { platform: "mastodon" }),
    ] }));
    const capture = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(0);
    const pdfOf = (id: string) => path.join(ws.intake, fs.readdirSync(ws.intake).find((f) => f.startsWith(id) && f.endsWith(".pdf"))!);
    const came = await pdftotext(pdfOf("nyheter"));
    expect(came).toContain("FEED-10: Bräcke kommun informerar");
    expect(came).not.toContain("kom inte fram");
    expect(came).not.toContain("fortfarande att den laddade");
    const turning = await pdftotext(pdfOf("mastodon"));
    expect(turning).toContain("MASTO-12:");
    expect(turning.replace(/\s+/g, " ")).toContain("sidan visade fortfarande att den laddade när ögonblicksbilden togs");
  }, 300_000);
});

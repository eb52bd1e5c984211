/**
 * A box that comes over the page only after it was taken (TikTok's login wall seven seconds in): the
 * record sheet, the capture's advice and preflight's note quote its words, and say to sign in where it
 * asks the visitor to log in, where preflight said only "ready" and the sheet "Anmärkningar inga".
 * Real Chromium, a real log and intake folder, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, unnamed, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");

/** A fixture site and a workspace whose accounts are the given pages of it, closed after the describe. */
function siteWithAccounts(pages: Array<[id: string, page: string]>): { site: () => FixtureServer; ws: () => Workspace } {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60 },
      accounts: pages.map(([id, page]) => account(id, site.at(page))),
    });
  });
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });
  return { site: () => site, ws: () => ws };
}

describe("a box that comes over the page after it was taken", () => {
  const given = siteWithAccounts([["sen", "capture/login-wall-after-picture.html"]]);
  let ws: Workspace;
  beforeAll(() => { ws = given.ws(); });

  it("preflight notes it with its words, and advises signing in when it asks to log in", async () => {
    const r = await runCli(["preflight", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const out = unnamed(r.stdout, ws);
    expect(out).toContain(`  sen: ready (no cookie dialog; noted: a box came over the page after it was taken); note: a box came over the page only after it was taken (it said: "Logga in för att se mer Logga in för att följa konton, gilla videor och se …"): a visitor who stays on the page gets it, and the snapshot shows the page without it. The page asks visitors to log in: to take what lies behind the box, sign in with "somarkiv login --account sen" and name the saved session in the account's login.storageState.`);
  });

  it("is said on the record sheet in Swedish with its words, flagged box-came-after, and the capture's advice says to sign in", async () => {
    const r = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`a box came over the page after it was taken ("Logga in för att se mer`);
    const sen = JSON.parse(fs.readFileSync(path.join(ws.intake, `sen_${now}_v1.json`), "utf8"));
    expect(sen.flags).toContain("box-came-after");
    expect(sen.boxWords).toMatch(/^Logga in för att se mer/);
    const sheet = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `${id}_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet("sen")).toContain("en ruta kom över sidan först efter att ögonblicksbilden tagits (den sade ”Logga in för att se mer Logga in för att följa konton, gilla videor och se …”); en besökare som stannar på sidan får den över sig, men ögonblicksbilden visar sidan utan den");
    expect(sheet("sen")).not.toContain("Anmärkningar inga");
    // The account's line and the advice lines below it, up to the next account's.
    const advice = (id: string) => unnamed(r.stdout, ws).split(`\n  ${id}: `)[1]!.split(/\n {2}\S/)[0]!;
    expect(advice("sen")).toContain(`The page asks visitors to log in: to take what lies behind the box, sign in with "somarkiv login --account sen"`);
  });
});

/**
 * A box that lies over the page and cannot be closed: preflight quotes its words as the capture does,
 * and both say to sign in where it asks to log in, or else what to do of it, where preflight said to take
 * "this account's snapshot by hand", which somarkiv has no way to bring into the account's series, and
 * the capture to take it again "once the cause is fixed", a box a communicator cannot remove from TikTok.
 */
describe("a box over the page that cannot be closed", () => {
  const given = siteWithAccounts([["fran-start", "capture/login-wall-slides-in.html?atStart=1"], ["alder", "capture/unseen-box-over-page.html?gate=1"]]);
  let ws: Workspace;
  beforeAll(() => { ws = given.ws(); });

  it("preflight quotes its words, and advises signing in for a login box and what to do of another", async () => {
    const r = await runCli(["preflight", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(1);
    const out = unnamed(r.stdout, ws);
    expect(out).toMatch(/ {2}fran-start: PROBLEM: A box lies over the page at \S+ that could not be closed \(it said: "Logga in för att se mer [^"]*"\); snapshots would show it over the page\. It asks visitors to log in: sign in with "somarkiv login --account fran-start", name the saved session in the account's login\.storageState, and run preflight again\./);
    expect(out).toMatch(/ {2}alder: PROBLEM: A box lies over the page at \S+ that could not be closed \(it said: "Är du över 18 år\? Ja, jag är över 18 Nej"\); snapshots would show it over the page\. Open the page in a browser to see what it is .*tell whoever keeps somarkiv its words and how it is closed/);
    expect(out).not.toContain("by hand");
    expect(out).not.toMatch(/alder: .*somarkiv login/);
  });

  it("the capture's advice quotes it and says to sign in, or what to do of a box no visitor closes, never to fix a cause", async () => {
    const r = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const sheet = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `${id}_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet("alder")).toContain("en ruta låg över sidan och kunde inte stängas (den sade ”Är du över 18 år? Ja, jag är över 18 Nej”)");
    const advice = (id: string) => unnamed(r.stdout, ws).split(`\n  ${id}: `)[1]!.split(/\n {2}\S/)[0]!;
    expect(advice("fran-start")).toContain(`(it said: "Logga in för att se mer`);
    expect(advice("fran-start")).toContain(`sign in with "somarkiv login --account fran-start" and name the saved session in the account's login.storageState. Then take it again with: somarkiv capture --account fran-start --force`);
    expect(advice("alder")).toContain("if no visitor can, the snapshot shows the page as every visitor sees it, and taking it again gives the same. Once somarkiv can close the box, take it again with");
    expect(r.stdout).not.toContain("Once the cause is fixed");
  });
});

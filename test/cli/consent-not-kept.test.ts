import { describe, expect, it } from "vitest";
import fs from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";

/**
 * A channel that sends its visitor to the site's consent page (YouTube's "Innan du fortsätter till
 * YouTube"), whose answer comes back as a redirect to the channel, but whose site keeps no answer: the
 * channel sends the visitor back to the consent page every time.
 */
const site = siteAndWorkspaces({ routes: {
  "/kanal": (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: "/capture/consent-document.html" });
    res.end();
  },
  // The answer is taken and sent back to the channel without the cookie that would keep it.
  "/consent-save": async (req: IncomingMessage, res: ServerResponse) => {
    for await (const _ of req) { /* the form's answer, kept nowhere */ }
    res.writeHead(303, { location: "/kanal" });
    res.end();
  },
  // A channel whose consent page asks in words somarkiv has no answers' words for ("Tout refuser").
  "/chaine": (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: "/capture/consent-document-unknown-words.html" });
    res.end();
  },
} });

describe("capture of a channel whose consent page keeps asking, through the command line", () => {
  it("exits 1 with the reason and what to do, delivers nothing to the intake, and status says it is tried again", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Överkalix kommun" }, capture: { timeoutSeconds: 90 }, accounts: [account("youtube", site.server.at("kanal"), { platform: "youtube" })] }));
    const capture = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(1);
    expect(capture.stderr).toMatch(/\[youtube\] FAILED \(consent-not-kept\): The page at \S+\/kanal was still the site's consent page after somarkiv answered it \("Avvisa alla"\): it showed "Innan du fortsätter till YouTube", at \S+\/capture\/consent-document\.html/);
    // The command to type names the account.
    expect(unnamed(capture.stderr, ws)).toContain(`run "somarkiv login --account youtube", answer the consent page in the window it opens`);
    expect(capture.stdout).toContain("youtube: FAILED (consent-not-kept)");
    const delivered = fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake).filter((f) => /\.(pdf|json)$/.test(f)) : [];
    expect(delivered).toEqual([]);
    const status = await runCli(["status", "--config", ws.configPath]);
    const said = unnamed(status.stdout, ws);
    expect(said).toMatch(/youtube \(Konto youtube\): no snapshot yet; last attempt FAILED \(consent-not-kept\): /);
    expect(said).toMatch(/the worker tries it again at its wake at .*"somarkiv capture --account youtube" tries it now/);
    const records = await runCli(["records", "--csv", "--config", ws.configPath]);
    expect(records.stdout).toContain("webbplatsens samtyckessida om kakor visades igen efter svaret, i stället för kontots sida; den arkiverades inte");
  }, 300_000);

  it("exits 1 where the consent page's answers are in words somarkiv does not know, naming its buttons, and files nothing", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Överkalix kommun" }, capture: { timeoutSeconds: 90 }, accounts: [account("youtube-fr", site.server.at("chaine"), { platform: "youtube" })] }));
    const capture = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 240_000 });
    expect(capture.code, capture.stdout + capture.stderr).toBe(1);
    expect(capture.stderr).toMatch(/\[youtube-fr\] FAILED \(consent-not-answered\): The page at \S+\/chaine showed the site's consent page in place of the account's page: "Avant d'accéder à la chaîne", at \S+\/capture\/consent-document-unknown-words\.html, with the buttons "Tout refuser", "Tout accepter"\./);
    expect(unnamed(capture.stderr, ws)).toContain(`run "somarkiv login --account youtube-fr", answer the consent page in the window it opens`);
    expect(capture.stdout).toContain("youtube-fr: FAILED (consent-not-answered)");
    const delivered = fs.existsSync(ws.intake) ? fs.readdirSync(ws.intake).filter((f) => /\.(pdf|json)$/.test(f)) : [];
    expect(delivered).toEqual([]);
    const records = await runCli(["records", "--csv", "--config", ws.configPath]);
    expect(records.stdout).toContain("webbplatsens samtyckessida om kakor visades i stället för kontots sida, och inget av dess svar var känt för somarkiv; den arkiverades inte");
  }, 300_000);
});

/**
 * A page whose script sends its visitor to a download (location.href to a file sent as an
 * attachment) stays the page it was: the record's reached address ("Nådd adress") and whether it is
 * another site's page are those of the page in the picture, never the download's. A taken-over
 * account that redirects to another site, which then sends a download back on the account's own
 * site, must not be recorded as having reached the account's site. Real Chromium, the real command
 * line, the PDF's sheet read with pdftotext; two sites on this machine, 127.0.0.1 and localhost.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import type http from "node:http";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const posts = Array.from({ length: 12 }, (_, i) => `<p>Inlägg ${i}: Välkommen till kommunens konto. Här berättar vi om vad som händer i kommunen den här veckan.</p>`).join("");

function page(res: http.ServerResponse, heading: string, script: string): void {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${heading}</title></head><body><h1>${heading}</h1>${posts}<script>${script}</script></body></html>`);
}

describe("a page that sends its visitor to a download", () => {
  let site: FixtureServer;
  let ws: Workspace;
  // The account's site at 127.0.0.1, the other site at localhost (the same server).
  const own = (p: string) => `${site.url}/${p}`;
  const other = (p: string) => `${site.url.replace("127.0.0.1", "localhost")}/${p}`;
  const goTo = (to: string) => `setTimeout(() => { location.href = ${JSON.stringify(to)}; }, 300)`;
  beforeAll(async () => {
    site = await startFixtureServer({
      routes: {
        "/fil": (_req, res) => {
          res.writeHead(200, { "content-type": "application/octet-stream", "content-disposition": 'attachment; filename="fil.bin"' });
          res.end("inte en sida\n");
        },
        // The account's address leads to another site, whose page sends a download back on the account's site.
        "/kapad": (_req, res) => { res.writeHead(302, { location: other("annan-sida") }); res.end(); },
        "/annan-sida": (_req, res) => page(res, "DETTA ÄR EN ANNAN SAJT", goTo(own("fil"))),
        "/nedladdning-annanstans": (_req, res) => page(res, "Kommunens konto", goTo(other("fil"))),
        "/nedladdning-hemma": (_req, res) => page(res, "Kommunens konto", goTo("/fil")),
      },
    });
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60 },
      accounts: [
        account("kapad", own("kapad")),
        account("annanstans", own("nedladdning-annanstans")),
        account("hemma", own("nedladdning-hemma")),
      ],
    });
  });
  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  const sheet = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `${id}_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
  const manifest = (id: string) => JSON.parse(fs.readFileSync(path.join(ws.intake, `${id}_${now}_v1.json`), "utf8")) as { finalUrl: string; flags: string[] };

  it("is recorded at the page the picture shows, another site's flagged as such, and never at the download", async () => {
    const r = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 280_000 });
    expect(r.code, r.stderr).toBe(0);

    // Taken over: the picture is the other site's page; the download back on the account's site changes nothing.
    const taken = sheet("kapad");
    expect(taken).toContain("DETTA ÄR EN ANNAN SAJT");
    expect(taken).toContain(`Nådd adress ${other("annan-sida")}`);
    expect(taken).not.toContain(`Nådd adress ${own("fil")}`);
    expect(taken).toContain(`sidan ledde vidare till en annan webbplats: kontots adress är ${own("kapad")}, men ögonblicksbilden visar ${other("annan-sida")}, inte kontot`);
    expect(manifest("kapad").flags).toContain("reached-other-site");
    expect(manifest("kapad").finalUrl).toBe(other("annan-sida"));

    // A download from another site: the picture is the account's own page, and nothing left its site.
    const elsewhere = sheet("annanstans");
    expect(elsewhere).toContain(`Nådd adress ${own("nedladdning-annanstans")}`);
    expect(elsewhere).not.toContain("en annan webbplats");
    expect(manifest("annanstans").flags).not.toContain("reached-other-site");
    expect(r.stderr).not.toContain("[annanstans] the page led on");

    // A download on the account's own site: the page stays the one reached.
    expect(sheet("hemma")).toContain(`Nådd adress ${own("nedladdning-hemma")}`);
    expect(manifest("hemma").finalUrl).toBe(own("nedladdning-hemma"));
  }, 300_000);
});

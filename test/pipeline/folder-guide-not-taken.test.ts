/**
 * The intake folder's LÄS MIG names the accounts with no record of the half-year: a failed capture
 * leaves nothing in the folder the registrar works from, and she would never learn the account exists.
 * Real Chromium, a fixture page that answers 404 until it is mended, a real folder intake, the CLI.
 */
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, it, expect, afterEach } from "vitest";
import { startFixtureServer, FIXTURES } from "../helpers/server.ts";
import { runCli, makeWorkspace, account } from "../helpers/cli.ts";
import { localTime, MONTHS_SV, periodOf } from "../../src/schedule/period.ts";

const cleanups: Array<() => unknown> = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

describe("the intake folder's LÄS MIG and the accounts with no record of the half-year", () => {
  it("names an account whose capture failed, with its address and why, before anything was delivered and after, and says all are there once it is taken", async () => {
    let gone = true;
    const site = await startFixtureServer({ routes: {
      "/ungdom": (_req, res) => {
        if (gone) { res.writeHead(404, { "content-type": "text/html" }); res.end("<h1>404 Not found</h1>"); return; }
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(fs.readFileSync(path.join(FIXTURES, "pipeline/kommun.html")));
      },
    } });
    cleanups.push(() => site.close());
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      // This month is the capture month, whenever the test runs: each account not yet taken is listed.
      schedule: { months: [localTime(new Date(), "Europe/Stockholm").month] },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [
        { ...account("kommunen", site.at("pipeline/kommun.html")), name: "Kommunen på Facebook" },
        { ...account("ungdom", site.at("ungdom"), { platform: "instagram" }), name: "Ungdomens hus på Instagram" },
      ],
    });
    cleanups.push(() => ws.cleanup());
    const cfg = ["--config", ws.configPath];
    const guidePath = path.join(ws.intake, "LÄS MIG – somarkiv.txt");
    const guide = () => fs.readFileSync(guidePath, "utf8").replace(/\r\n/g, "\n");
    const period = periodOf(new Date(), "Europe/Stockholm");

    // Only the failing account: nothing is delivered, and the folder says so all the same.
    const first = await runCli(["capture", "--account", "ungdom", ...cfg]);
    expect(first.code).toBe(1);
    expect(fs.readdirSync(ws.intake)).toEqual(["LÄS MIG – somarkiv.txt"]);
    let text = guide();
    expect(text).toContain(`somarkiv bevarar 2 konton. Inget av dem har ännu någon ögonblicksbild för halvåret ${period}, och syns därför inte här:`);
    // Why, in Swedish from the failure's code (as records --csv says it); the site's own answer is for status.
    expect(text).toMatch(new RegExp(`– Ungdomens hus på Instagram, ${site.at("ungdom").replace(/[.?]/g, "\\$&")}: försöket \\d{4}-\\d{2}-\\d{2} misslyckades: sidan finns inte på adressen \\(HTTP 404\\): kontot kan ha bytt adress eller tagits bort\n`));
    expect(text).not.toContain("på engelska");
    expect(text).toContain(`den som sköter somarkiv ser samma lista, med de tekniska\ndetaljerna om varje fel, i "somarkiv status".`);
    const month = MONTHS_SV[localTime(new Date(), "Europe/Stockholm").month - 1];
    expect(text).toContain(`– Kommunen på Facebook, ${site.at("pipeline/kommun.html")}: inte tagen än (den tas i ${month})\n`);
    expect(text).toContain(`"somarkiv status". Du behöver inte göra något nu.`);
    expect(text).toContain(`somarkiv registered HANDLINGENS_ID --dnr "KS ${new Date().getFullYear()}/123" --config`);

    // Both: the one that works is delivered, the one that fails is still named.
    const second = await runCli(["capture", ...cfg]);
    expect(second.code).toBe(1);
    const delivered = `kommunen_${period}_v1`;
    expect(fs.existsSync(path.join(ws.intake, `${delivered}.pdf`))).toBe(true);
    text = guide();
    expect(text).toContain(`somarkiv bevarar 2 konton. Ett av dem har ännu ingen ögonblicksbild för halvåret ${period}`);
    expect(text).toContain("– Ungdomens hus på Instagram,");
    expect(text).not.toContain("– Kommunen på Facebook");
    expect(text).toContain(`till exempel för den senast levererade, ${delivered}:`);

    // The page mended and taken: the list is gone, and the folder says every account has its record.
    gone = false;
    const third = await runCli(["capture", ...cfg]);
    expect(third.code, third.stdout + third.stderr).toBe(0);
    text = guide();
    expect(text).toContain(`Båda kontona som somarkiv bevarar har en ögonblicksbild för halvåret ${period}.`);
    expect(text).not.toContain("misslyckades");
  });

  it("says of an account whose site does not answer that it could not be reached, in Swedish, and not the browser's error", async () => {
    // A port that was free a moment ago: nothing listens on it, so the connection is refused.
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, "127.0.0.1", () => { const p = (s.address() as net.AddressInfo).port; s.close(() => resolve(p)); });
    });
    const ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      schedule: { months: [localTime(new Date(), "Europe/Stockholm").month] },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [{ ...account("nere", `http://127.0.0.1:${port}/`), name: "Fritidsgården" }],
    });
    cleanups.push(() => ws.cleanup());
    const r = await runCli(["capture", "--config", ws.configPath]);
    expect(r.code).toBe(1);
    expect(r.stderr + r.stdout).toContain("ERR_CONNECTION_REFUSED");
    const text = fs.readFileSync(path.join(ws.intake, "LÄS MIG – somarkiv.txt"), "utf8").replace(/\r\n/g, "\n");
    expect(text).toMatch(new RegExp(`– Fritidsgården på Facebook, http://127\\.0\\.0\\.1:${port}/: försöket \\d{4}-\\d{2}-\\d{2} misslyckades: webbplatsen kunde inte nås\n`));
    expect(text).not.toContain("ERR_");
  });
});

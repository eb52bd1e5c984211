/**
 * A cookie dialog whose buttons are in words somarkiv does not know ("Zorbla alla", "Nix alla") is
 * left over the page and said with the words it showed: in the capture's advice, the manifest, the
 * record sheet and the e-mail, where the flag alone could not say which dialog it was nor whether its
 * language is one somarkiv lacks. Real Chromium, a real log and intake folder, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { bodyFor } from "../../src/intake/index.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const DIALOG = fs.readFileSync(path.join(import.meta.dirname, "../fixtures/capture/consent-unknown-words.html"), "utf8");

describe("a cookie dialog in words somarkiv does not know", () => {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer({
      routes: {
        "/glorbia": (_req, res) => {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(DIALOG);
        },
      },
    });
    ws = makeWorkspace({});
    ws.write({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("glorbia", site.at("glorbia"))] });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("is said with its buttons' words in the capture's advice, the manifest, the sheet and the e-mail", async () => {
    const r = await runCli(["capture", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('the cookie dialog could not be closed (no answer somarkiv found, declining or accepting, closed it) and shows over the page; its buttons said: "Zorbla alla", "Nix alla".');
    expect(r.stderr).toContain('its buttons said: "Zorbla alla", "Nix alla"');

    const file = (ext: string) => path.join(ws.intake, `glorbia_${now}_v1.${ext}`);
    const manifest = JSON.parse(fs.readFileSync(file("json"), "utf8"));
    expect(manifest.consent).toBe("not-dismissed");
    expect(manifest.flags).toContain("consent-not-dismissed");
    expect(manifest.consentButtonsSeen).toEqual(["Zorbla alla", "Nix alla"]);

    const sheet = execFileSync("pdftotext", ["-enc", "UTF-8", file("pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    expect(sheet).toContain("Cookie-dialogen kunde inte stängas och kan skymma delar av sidan; knapparna: ”Zorbla alla”, ”Nix alla”");

    const item = { recordId: String(manifest.recordId), accountId: "glorbia", accountName: String(manifest.accountName), period: now, version: 1, pdfPath: "", manifestPath: "", pdfName: "", manifestName: "", sha256: "", manifest };
    expect(bodyFor(item)).toContain("knapparna: ”Zorbla alla”, ”Nix alla”");
  });
});

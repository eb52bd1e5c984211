/**
 * A cookie question asked on a page of its own before the account's (a consent page, as YouTube's
 * "Innan du fortsätter till YouTube") is said as one in the manifest (consentPage), the record sheet,
 * the e-mail and records --csv, where the sheet said "Cookie-dialogen stängdes" and the registrar
 * looked in the picture for a dialog over the account's page; a dialog over the page is said as
 * before. Real Chromium, a real log and intake folder, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { consentChannel, consentSave } from "../helpers/consent-site.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { bodyFor } from "../../src/intake/index.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");

describe("a cookie question on a consent page of its own", () => {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer({ routes: { "/channel": consentChannel, "/consent-save": consentSave() } });
    ws = makeWorkspace({});
    ws.write({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kanal", site.at("channel")), account("banner", site.at("capture/consent-banner.html"))] });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });

  it("is said as a consent page in the manifest, the sheet, the e-mail and records --csv; a dialog over the page still as the cookie dialog", async () => {
    const r = await runCli(["capture", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);

    const file = (id: string, ext: string) => path.join(ws.intake, `${id}_${now}_v1.${ext}`);
    const pdfText = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", file(id, "pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
    const onPage = "Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; valfria cookies avvisades där (knappen ”Avvisa alla”)";

    const kanal = JSON.parse(fs.readFileSync(file("kanal", "json"), "utf8"));
    expect(kanal.consent).toBe("declined");
    expect(kanal.consentButton).toBe("Avvisa alla");
    expect(kanal.consentPage).toBe(true);
    const kanalSheet = pdfText("kanal");
    expect(kanalSheet).toContain(onPage);
    expect(kanalSheet).not.toContain("Cookie-dialogen stängdes");
    const item = { recordId: String(kanal.recordId), accountId: "kanal", accountName: String(kanal.accountName), period: now, version: 1, pdfPath: "", manifestPath: "", pdfName: "", manifestName: "", sha256: "", manifest: kanal };
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(onPage);

    const banner = JSON.parse(fs.readFileSync(file("banner", "json"), "utf8"));
    expect(banner.consent).toBe("declined");
    expect(banner.consentPage).toBeUndefined();
    const bannerSheet = pdfText("banner");
    expect(bannerSheet).toContain("Cookie-dialogen stängdes; valfria cookies avvisades (knappen ”");
    expect(bannerSheet).not.toContain("samtyckessida");

    const csv = await runCli(["records", "--csv", "--config", ws.configPath]);
    expect(csv.code, csv.stderr).toBe(0);
    const row = (id: string) => csv.stdout.split(/\r?\n/).find((l) => l.includes(`${id}_${now}_v1`)) ?? "";
    expect(row("kanal")).toContain(onPage);
    expect(row("banner")).toContain("Cookie-dialogen stängdes; valfria cookies avvisades");

    // --json says it as a field, as the manifest does: true of the consent page, false of the dialog.
    const json = await runCli(["records", "--json", "--config", ws.configPath]);
    expect(json.code, json.stderr).toBe(0);
    const listed = JSON.parse(json.stdout) as Array<{ recordId: string; consentPage: boolean | null; consentButton: string | null }>;
    const of = (id: string) => listed.find((r) => r.recordId === `${id}_${now}_v1`);
    expect(of("kanal")).toMatchObject({ consentPage: true, consentButton: "Avvisa alla" });
    expect(of("banner")?.consentPage).toBe(false);
  });
});

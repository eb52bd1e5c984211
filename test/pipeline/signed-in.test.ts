/**
 * A snapshot taken with the account's saved login session says so: on the record sheet, in the
 * manifest, in the e-mail and in records --json/--csv, where it was filed as if it showed what the
 * public saw. One taken without a session says nothing of it. Real Chromium, a real log and intake
 * folder, on the real command line.
 */
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { parseCsv } from "../helpers/csv.ts";
import { bodyFor } from "../../src/intake/index.ts";
import { periodOf } from "../../src/schedule/index.ts";

const now = periodOf(new Date(), "Europe/Stockholm");
const SAID = "Tagen inloggad, med kontots sparade inloggning; sidan kan visa det som allmänheten inte ser";

describe("a snapshot taken with a saved login session", () => {
  let site: FixtureServer;
  let ws: Workspace;
  beforeAll(async () => {
    site = await startFixtureServer({
      routes: {
        // The page an administrator sees signed in differs from the public's.
        "/feed": (req, res) => {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(/sid=inloggad/.test(req.headers.cookie ?? "")
            ? "<!doctype html><html lang=sv><h1>Kommunens flöde</h1><p>Inloggad som kommunens administratör anna.andersson</p><p>Inlägg om skolstarten.</p></html>"
            : "<!doctype html><html lang=sv><h1>Kommunens flöde</h1><p>Inlägg om skolstarten.</p></html>");
        },
      },
    });
    ws = makeWorkspace({});
    const session = path.join(ws.dir, "session.json");
    fs.writeFileSync(session, JSON.stringify({
      cookies: [{ name: "sid", value: "inloggad", domain: "127.0.0.1", path: "/", expires: -1, httpOnly: true, secure: false, sameSite: "Lax" }],
      origins: [],
    }), { mode: 0o600 });
    ws.write({
      organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 },
      accounts: [account("inloggad", site.at("feed"), { login: { storageState: session } }), account("publik", `${site.at("feed")}?publik`)],
    });
  });
  afterAll(async () => {
    await site.close();
    ws.cleanup();
  });
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

  it("says it on the sheet, in the manifest, the e-mail and records --json/--csv; one taken without says nothing", async () => {
    const r = await cli("capture");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("can be read by other users");
    const file = (id: string, ext: string) => path.join(ws.intake, `${id}_${now}_v1.${ext}`);
    const sheet = (id: string) => execFileSync("pdftotext", ["-enc", "UTF-8", file(id, "pdf"), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");

    const signed = sheet("inloggad");
    expect(signed).toContain("Inloggad som kommunens administratör anna.andersson");
    expect(signed).toContain(`Inloggning ${SAID}`);
    const publicSheet = sheet("publik");
    expect(publicSheet).not.toContain("Inloggning");
    expect(publicSheet).not.toContain("Tagen inloggad");

    const manifest = JSON.parse(fs.readFileSync(file("inloggad", "json"), "utf8"));
    expect(manifest.signedIn).toBe(true);
    const publicManifest = JSON.parse(fs.readFileSync(file("publik", "json"), "utf8"));
    expect(publicManifest.signedIn).toBe(false);

    const item = (m: Record<string, unknown>) => ({ recordId: String(m.recordId), accountId: String(m.accountId), accountName: String(m.accountName), period: now, version: 1, pdfPath: "", manifestPath: "", pdfName: "", manifestName: "", sha256: "", manifest: m });
    expect(bodyFor(item(manifest))).toMatch(new RegExp(`Inloggning: +${SAID}\n`));
    expect(bodyFor(item(publicManifest))).not.toContain("Inloggning");

    const json = JSON.parse((await cli("records", "--json")).stdout) as Array<{ accountId: string; signedIn: boolean }>;
    expect(json.map((x) => [x.accountId, x.signedIn])).toEqual([["inloggad", true], ["publik", false]]);
    const [head, ...rows] = parseCsv((await cli("records", "--csv")).stdout.replace(/^\uFEFF/, ""));
    const col = head!.indexOf("Inloggning");
    expect(col).toBeGreaterThan(0);
    const id = head!.indexOf("Kontots id");
    expect(rows.map((x) => [x[id], x[col]])).toEqual([["inloggad", SAID], ["publik", ""]]);
  }, 300_000);

  it("warns where the session is used when other users of the machine can read it, as config check does", async () => {
    const session = path.join(ws.dir, "session.json");
    fs.chmodSync(session, 0o644);
    try {
      const r = await cli("preflight", "--account", "inloggad");
      expect(r.stderr).toContain(`[inloggad] WARNING: its saved login session ${session} can be read by other users of this machine (mode 644), and it holds a login. Make it private with: chmod 600 ${session}`);
      const check = await cli("config", "check");
      expect(check.stdout).toContain(`Account "inloggad": its saved login session ${session} can be read by other users of this machine (mode 644)`);
      // Readable by its group only: the group's members are other users too, and the login is theirs to use.
      fs.chmodSync(session, 0o640);
      const group = await cli("config", "check");
      expect(group.stdout).toContain(`Account "inloggad": its saved login session ${session} can be read by other users of this machine (mode 640), and it holds a login. Make it private with: chmod 600 ${session}`);
    } finally {
      fs.chmodSync(session, 0o600);
    }
  }, 300_000);
});

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaptureFailure, captureAccount, launchBrowser, saveLoginSession } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { options } from "./helpers.ts";

let server: FixtureServer;
let dir: string;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-session-"));
  server = await startFixtureServer({
    routes: {
      // Signing in sets a session cookie; the account page shows the feed only with it.
      "/signin": (_req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "set-cookie": "sid=inloggad; Path=/; HttpOnly" });
        res.end("<h1>Du är inloggad</h1>");
      },
      "/feed": (req, res) => {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        const signedIn = /sid=inloggad/.test(req.headers.cookie ?? "");
        res.end(signedIn
          ? "<h1>Kommunens flöde</h1><p>Inlägg som bara syns för inloggade besökare.</p>"
          : "<h1>Logga in</h1><form><input type=password></form>");
      },
    },
  });
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("login sessions", () => {
  it("saves the session readable only by its owner, in a private folder, and a capture can use it", async () => {
    const file = path.join(dir, "sessions", "instagram-kommun.json");
    const saved = await saveLoginSession({
      url: server.at("signin"),
      storageStatePath: file,
      browserSetting: "auto",
      headless: true,
      // In real use the administrator signs in and presses Enter; here the page sets the cookie itself.
      waitForClose: () => new Promise((r) => setTimeout(r, 500)),
    });
    expect(saved.cookies).toBe(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(fs.readFileSync(file, "utf8")).cookies[0]).toMatchObject({ name: "sid", value: "inloggad" });

    const browser = await launchBrowser("auto");
    try {
      const r = await captureAccount(browser, options(server.at("feed"), { storageStatePath: file }));
      expect(r.text).toContain("Inlägg som bara syns för inloggade besökare.");
    } finally {
      await browser.close();
    }
  });

  it("names an expired or missing session in the login-wall failure", async () => {
    const stale = path.join(dir, "stale.json");
    fs.writeFileSync(stale, JSON.stringify({ cookies: [], origins: [] }), { mode: 0o600 });
    const browser = await launchBrowser("auto");
    try {
      const expired = await captureAccount(browser, options(server.at("feed"), { storageStatePath: stale })).catch((e) => e);
      expect(expired).toBeInstanceOf(CaptureFailure);
      expect(expired.reason).toBe("login-wall");
      expect(expired.message).toMatch(/expired/);
      const missing = await captureAccount(browser, options(server.at("feed"), { storageStatePath: path.join(dir, "nope.json") })).catch((e) => e);
      expect(missing.reason).toBe("login-wall");
      expect(missing.message).toMatch(/missing/);
    } finally {
      await browser.close();
    }
  });
});

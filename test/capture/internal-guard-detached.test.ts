/**
 * The internal-network guard's second interception is a session on the browser itself, which sees the
 * requests of every context and pauses each one until its handler lets it go. It outlives the
 * capture's context unless it is detached when that context closes: one left attached would go on
 * pausing, and judging with an old capture's handler, every request of every later capture in the
 * browser. The sessions the guard opens are kept in sight by noting each browser session opened
 * (the real ones, used as they are); a later capture's requests must reach none of a closed
 * capture's. Real Chromium, and a proxy on 127.0.0.1 as the internet, which serves any host name.
 */
import http from "node:http";
import net from "node:net";
import type { CDPSession } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { options } from "./helpers.ts";

const page = (host: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Kommunens konto</title></head>
<body style="font:16px sans-serif"><h1>Kommunens konto ${host}</h1>${Array.from({ length: 6 }, (_, i) => `<p>Inlägg ${i}: Välkommen till kommunens konto.</p>`).join("")}</body></html>`;

describe("the internal-network guard's session on the browser", () => {
  let internet: http.Server;
  let browser: BrowserHandle;
  const oldProxy = process.env.http_proxy;
  /** Every browser session opened while the tests ran, with the requests paused on it since it was opened. */
  const opened: Array<{ session: CDPSession; paused: string[] }> = [];

  beforeAll(async () => {
    internet = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", `http://${req.headers.host}`);
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page(u.host));
    });
    await new Promise<void>((r) => internet.listen(0, "127.0.0.1", r));
    process.env.http_proxy = `http://127.0.0.1:${(internet.address() as net.AddressInfo).port}`;
    browser = await launchBrowser("auto");
    const b = browser.browser;
    const open = b.newBrowserCDPSession.bind(b);
    b.newBrowserCDPSession = async () => {
      const session = await open();
      const seen = { session, paused: [] as string[] };
      session.on("Fetch.requestPaused", (e) => { seen.paused.push((e as { request: { url: string } }).request.url); });
      opened.push(seen);
      return session;
    };
  });
  afterAll(async () => {
    if (oldProxy === undefined) delete process.env.http_proxy; else process.env.http_proxy = oldProxy;
    await browser?.close();
    internet?.closeAllConnections();
    await new Promise((r) => internet?.close(r));
  });

  it("is detached when the capture's context closes: a later capture's requests pass through no closed capture's session", async () => {
    const first = await captureAccount(browser, options("http://konto1.example.se/hem"));
    expect(first.text).toContain("Kommunens konto konto1.example.se");
    // Every finished capture's context is closed.
    await browser.idle();
    const firsts = opened.filter((o) => o.paused.some((u) => u.includes("konto1.example.se")));
    // The guard's session was seen at work: it paused the first capture's own page.
    expect(firsts.length).toBeGreaterThan(0);
    for (const o of opened) o.paused.length = 0;

    const second = await captureAccount(browser, options("http://konto2.example.se/hem"));
    expect(second.text).toContain("Kommunens konto konto2.example.se");
    // The second capture's own guard paused its page, as the first one's did its own…
    expect(opened.filter((o) => !firsts.includes(o)).some((o) => o.paused.some((u) => u.includes("konto2.example.se")))).toBe(true);
    // …and the first capture's session, its context closed, paused none of it.
    expect(firsts.map((o) => o.paused)).toEqual(firsts.map(() => []));
  });
});

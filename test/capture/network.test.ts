/**
 * The network watch the capture's waits rely on, with real Chromium: a request of a window the
 * page opened and somarkiv closed never ends, and must not hold the capture's page "busy".
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { NetworkWatch } from "../../src/capture/network.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

let browser: BrowserHandle;
let server: FixtureServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({
    routes: {
      "/page": (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end("<h1>Kommunen</h1>"); },
      "/popup": (_req, res) => { res.writeHead(200, { "content-type": "text/html" }); res.end('<h1>Fönster</h1><img src="/hang">'); },
      // Never answers: a picture whose server hangs.
      "/hang": () => new Promise<void>(() => undefined),
    },
  })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("the network watch", () => {
  it("forgets the requests of a window the page opened once it is closed, so the page can be quiet again", async () => {
    const context = await browser.browser.newContext();
    try {
      const net = new NetworkWatch();
      net.attach(context);
      const page = await context.newPage();
      await page.goto(server.at("page"));
      const hanging = context.waitForEvent("request", (r) => r.url().endsWith("/hang"));
      const [popup] = await Promise.all([context.waitForEvent("page"), page.evaluate(`window.open(${JSON.stringify(server.at("popup"))})`)]);
      await hanging;
      await popup.close();
      // The closed window's request is still counted as running: nothing ends it.
      expect(net.quietFor()).toBe(0);
      net.forget(popup);
      // Counted, it would hold the network busy for 4 s; forgotten, the page is quiet well before.
      expect(await net.quiet(Date.now() + 2000, 250)).toBe(true);
    } finally {
      await context.close();
    }
  });
});

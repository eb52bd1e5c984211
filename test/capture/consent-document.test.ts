/**
 * A consent page that is a document of its own before the account's page, as YouTube's is for a
 * visitor without its cookie: the channel redirects to it, its forms post the answer, and the answer
 * comes back as a cookie and a redirect to the channel. No fixture had it: the YouTube ones draw the
 * consent in a frame over the channel.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { FIXTURES, startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { countColour, options } from "./helpers.ts";

let browser: BrowserHandle;
let server: FixtureServer;
beforeAll(async () => {
  const channel = (req: IncomingMessage, res: ServerResponse) => {
    if (!/SOCS=/.test(req.headers.cookie ?? "")) {
      res.writeHead(302, { location: "/capture/consent-document.html" });
      res.end();
      return;
    }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(fs.readFileSync(path.join(FIXTURES, "capture/consent-document-channel.html")));
  };
  const save = async (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const form = new URLSearchParams(body);
    res.writeHead(303, { "set-cookie": `SOCS=${form.get("set_ytc")}; Path=/`, location: form.get("continue") ?? "/channel" });
    res.end();
  };
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({ routes: { "/channel": channel, "/consent-save": save } })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a consent page of its own before the account's page", () => {
  it("declines on the consent document and takes the channel it leads back to, at the channel's address", async () => {
    const r = await captureAccount(browser, options(server.at("channel")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("reject");
    expect(r.finalUrl).toBe(server.at("channel"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
    expect(r.text).not.toContain("Innan du fortsätter");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 })).toBe(0);
  });
});

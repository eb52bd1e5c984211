/**
 * Start pages built like apps, as a front-end developer met them: embedded posts whose pictures
 * never come, a start page that moves on by script a while after it opened, a side column fixed to
 * the window that scrolls by itself, an address whose #/route the page moved to.
 */
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { options } from "./helpers.ts";

let browser: BrowserHandle;
let server: FixtureServer;
/** Requests for a picture that are never answered, ended when the file's tests are done. */
const hanging: http.ServerResponse[] = [];
beforeAll(async () => {
  const never = (_req: http.IncomingMessage, res: http.ServerResponse) => { hanging.push(res); };
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({ routes: { "/hang.png": never } })]);
});
afterAll(async () => {
  for (const res of hanging) res.destroy();
  await browser?.close();
  await server?.close();
});

/** The same fixture server by another name: a site of its own to the browser (another origin). */
const elsewhere = (p: string) => server.at(p).replace("127.0.0.1", "localhost");
const post = (query: string, site: (p: string) => string) => encodeURIComponent(site(`capture/app-post.html?${query}`));

describe("pictures in embedded posts", () => {
  it("a picture that never comes or is broken in a frame, of the site or another, is flagged as in the page itself", async () => {
    for (const site of [(p: string) => server.at(p), elsewhere]) {
      const never = await captureAccount(browser, options(server.at(`capture/app-embedded.html?src=${post("img=/hang.png", site)}`)));
      expect(never.text).toContain("INLÄGG");
      expect(never.flags).toContain("images-not-loaded");
      const broken = await captureAccount(browser, options(server.at(`capture/app-embedded.html?src=${post("img=/missing.png&alt=Älgen", site)}`)));
      expect(broken.flags).toContain("images-broken");
      expect(broken.flags).not.toContain("images-not-loaded");
    }
  });

  it("a frame's picture that came, or a broken icon in it, is no missing picture, nor one that never comes in a frame a visitor does not see", async () => {
    // Beside the post, a tracker's 1×1 frame and a hidden one, each with a picture that never comes.
    const unseen = post("img=/hang.png&first=1", elsewhere);
    const fine = await captureAccount(browser, options(server.at(`capture/app-embedded.html?src=${post("", elsewhere)}&pixel=${unseen}&hidden=${unseen}`)));
    expect(fine.flags).not.toContain("images-not-loaded");
    expect(fine.flags).not.toContain("images-broken");
    const icon = await captureAccount(browser, options(server.at(`capture/app-embedded.html?src=${post("img=/missing.png&alt=Dela&icon=1", elsewhere)}`)));
    expect(icon.flags).not.toContain("images-broken");
  });
});

describe("a start page that moves on by script", () => {
  it("moved on while the capture waited for its content, the page it moved to is waited for and judged, not recorded as still loading", async () => {
    const r = await captureAccount(browser, options(server.at("capture/app-move-later.html?after=2500")));
    expect(r.text).toContain("LANDNING");
    expect(r.text).toContain("LAND-20 inlägg");
    expect(r.flags).not.toContain("still-loading");
    expect(r.finalUrl).toBe(server.at("capture/app-landing.html"));
  });
});

describe("a side column fixed to the window that scrolls by itself", () => {
  it("holds in the text layer the entries the picture shows in it, not those further down its scroll", async () => {
    const r = await captureAccount(browser, options(server.at("capture/app-fixed-side.html")));
    expect(r.flags).toContain("box-scrolls-separately");
    // 900 px of window, an entry every 73 px: the first twelve are seen whole.
    expect(r.text).toContain("GRUPP-01");
    expect(r.text).toContain("GRUPP-12");
    expect(r.text).not.toContain("GRUPP-14");
    expect(r.text).not.toContain("GRUPP-40");
    expect(r.words.filter((w) => w.text.startsWith("GRUPP-")).every((w) => w.y < 900)).toBe(true);
    expect(r.text).toContain("FS-25 Inlägg i flödet");
  });
});

describe("the reached address", () => {
  it("keeps the #/route of the address the page moved itself to", async () => {
    const r = await captureAccount(browser, options(server.at(`capture/app-move-later.html?after=300&to=${encodeURIComponent("app-landing.html#/profil")}`)));
    expect(r.text).toContain("LANDNING");
    expect(r.finalUrl).toBe(server.at("capture/app-landing.html#/profil"));
  });

  it("does not keep one the page's script writes into the address bar as it is scrolled", async () => {
    const r = await captureAccount(browser, options(server.at("capture/app-landing.html")));
    expect(r.finalUrl).toBe(server.at("capture/app-landing.html"));
  });
});

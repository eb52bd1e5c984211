/**
 * A page taken while still loading that shows nothing of the account's content (a side panel and a
 * spinning circle where the feed should be) is no record: the capture fails, as for a blank page, and
 * is tried again. One still loading beside its posts is a record, flagged still-loading.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, preflightAccount, type BrowserHandle } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { failure, options } from "./helpers.ts";

let browser: BrowserHandle;
let server: FixtureServer;
/** Another port of 127.0.0.1: another site, as a wall's or a page plugin's own. */
let other: FixtureServer;
beforeAll(async () => {
  [browser, server, other] = await Promise.all([launchBrowser("auto"), startFixtureServer(), startFixtureServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await other?.close();
});

describe("a start page whose feed never came", () => {
  it("a side panel beside a column of only a spinning circle fails as not loaded, its picture kept for the administrator", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/feed-never-came.html"))));
    expect(f.reason).toBe("not-loaded");
    expect(f.message).toContain("had not finished loading when it was taken: where its posts should be, it showed only a loading indicator");
    expect(f.message).toContain("it will be tried again on the next run");
    expect(f.details.flags).toContain("still-loading");
    expect(f.details.screenshot).toBeInstanceOf(Buffer);
  }, 120_000);

  it("a page shell whose only words are its header, and a spinner where the feed should be, fails as not loaded", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/unseen-spinner-forever.html"))));
    expect(f.reason).toBe("not-loaded");
  }, 120_000);

  it("a page that shows its posts, with a spinner beside them that never stops, is a record flagged still-loading", async () => {
    const r = await captureAccount(browser, options(server.at("capture/feed-never-came.html?api=300&panel=1")));
    expect(r.text).toContain("MASTO-1:");
    expect(r.text).toContain("MASTO-12:");
    expect(r.flags).toContain("still-loading");
    const p = await preflightAccount(browser, options(server.at("capture/feed-never-came.html?api=300&panel=1")));
    expect(p.problems.join(" ")).toMatch(/still showed that it was loading after a wait of up to 10 seconds/);
    expect(p.problems.join(" ")).toContain("something it was loading (a part of its feed, a panel beside it) may not have come");
  }, 180_000);
});

describe("a page whose feed is an embedded wall, with a spinner of its own turning above it", () => {
  it("a wall of the page's own site is the account's content: a record, flagged still-loading", async () => {
    const r = await captureAccount(browser, options(server.at("capture/feed-in-frame.html")));
    expect(r.text).toContain("WALL-1: Ånge kommun informerar");
    expect(r.flags).toContain("still-loading");
  }, 120_000);

  it("a wall from another site is too", async () => {
    const r = await captureAccount(browser, options(server.at(`capture/feed-in-frame.html?wall=${encodeURIComponent(other.at("capture/feed-wall.html"))}`)));
    expect(r.text).toContain("WALL-8: Ånge kommun informerar");
    expect(r.flags).toContain("still-loading");
  }, 120_000);

  it("the same page without its wall shows only its header and the spinner, and fails as not loaded", async () => {
    const f = await failure(captureAccount(browser, options(server.at("capture/feed-in-frame.html?wall=none"))));
    expect(f.reason).toBe("not-loaded");
  }, 120_000);
});

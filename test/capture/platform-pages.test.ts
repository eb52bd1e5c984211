/**
 * Start pages of platforms municipalities have begun to use, as a new user pointed somarkiv at them:
 * Threads' "Säg mer med Threads" box that comes over the profile once it is scrolled; Mastodon's posts
 * behind a content warning whose text the page holds only once "Visa mer" is pressed, and its sensitive
 * pictures, of which the page holds only a blurred preview until pressed.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("a login box that comes over a Threads profile as it is scrolled", () => {
  it("closed by its close, is said closed, and the threads below it are taken", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/threads-login-sheet.html?close=1")));
    expect(r.flags).toContain("login-prompt-closed");
    expect(r.flags).not.toContain("login-wall-hidden");
    expect(r.text).toContain("THREADS-30");
    expect(r.text).not.toContain("Säg mer med Threads");
  });

  it("whose close does nothing, is not said closed: the record says the login wall was hidden, as it was", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/threads-login-sheet.html")));
    expect(r.flags).not.toContain("login-prompt-closed");
    expect(r.flags).toContain("login-wall-hidden");
    expect(r.text).toContain("THREADS-PROFIL");
    expect(r.text).not.toContain("Säg mer med Threads");
  });
});

describe("a Mastodon profile whose posts behind a content warning, and sensitive pictures, are not in the page until pressed", () => {
  it("counts them as behind a warning, nothing pressed, and not a clamped bio or a cut post's \"Visa mer\"", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/mastodon-warnings-unrendered.html")));
    expect(r.text).toContain("MASTCW-12");
    expect(r.text).toContain("MASTTEXT-11");
    // Left covered, as a visitor sees them.
    expect(r.text).not.toContain("MASTTEXT-3");
    expect(r.flags).toContain("content-behind-warning");
    // Post 12's picture is behind its warning, not in the page; those of posts 4, 8 and 10 (two) lie
    // as a blurred preview under "Känsligt innehåll", the pictures themselves not in the page either.
    expect(r.behindWarnings).toEqual({ posts: 4, media: 4 });
    // Their words are not in the page to keep.
    expect(r.textBehindWarnings ?? []).toEqual([]);
  });
});

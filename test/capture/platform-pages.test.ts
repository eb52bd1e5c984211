/**
 * Start pages of platforms municipalities have begun to use, as a new user pointed somarkiv at them:
 * Threads' "Säg mer med Threads" box that comes over the profile once it is scrolled.
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

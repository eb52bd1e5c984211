/**
 * Boxes in the browser's own top layer, as newer pages draw them (a tester's Mastodon-like profile):
 * a cookie dialog opened with showModal() and answered by a form of method "dialog", and a login
 * prompt shown as a popover. No fixture had them: they lie above every z-index and make the page inert.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, countColour, options } from "./helpers.ts";

const site = browserAndSite();

describe("dialogs in the top layer", () => {
  it("declines a modal <dialog> whose buttons close it by its form, then closes the popover login prompt that follows", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/top-layer-dialogs.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("reject");
    expect(r.flags).toContain("login-prompt-closed");
    expect(r.flags).not.toContain("consent-not-dismissed");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 })).toBe(0);
    expect(await countColour(r.slices, { r: 0, g: 204, b: 255 })).toBe(0);
    expect(r.text).not.toContain("Vi värnar om din integritet");
    expect(r.text).toContain("Inlägg 14: Sophämtningen flyttas till tisdag");
  });
});

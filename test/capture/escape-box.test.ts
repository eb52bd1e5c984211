/**
 * A box over the page with nothing on it to close it by (Pinterest's sign-up box), which a visitor
 * closes with the Escape key: closed so, and the record says a prompt was closed, not that a login
 * wall was hidden (whose advice sends the operator to log in).
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, countColour, options } from "./helpers.ts";

const pages = browserAndSite();
const BOX = { r: 200, g: 0, b: 200 };

describe("a box over the page that closes only by the Escape key", () => {
  it("is closed so when it asks the visitor to sign up, whether it came with the page or a second after it, and the pins are in the record", async () => {
    for (const q of ["box=signup", "box=signup&at=0"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/escape-box.html?${q}`)));
      expect(r.flags, q).toContain("login-prompt-closed");
      expect(r.flags, q).not.toContain("login-wall-hidden");
      expect(r.flags, q).not.toContain("box-over-page");
      expect(r.text, q).toContain("Sista anslaget i flödet.");
      expect(r.text, q).not.toContain("Skapa ett lösenord");
      expect(await countColour(r.slices, BOX, 12), q).toBe(0);
    }
  });

  it("is closed so when it is a notice, and its words are kept for the record", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/escape-box.html?box=notice&at=0")));
    expect(r.flags).toContain("dialog-dismissed");
    expect((r.pageDialogs ?? []).join(" ")).toContain("Nyhet: appen Överkalix Direkt");
    expect(await countColour(r.slices, BOX, 12)).toBe(0);
  });

  it("stays in the picture, and is said to, when the page does not listen for the key", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/escape-box.html?box=notice&at=0&deaf=1")));
    expect(r.flags).not.toContain("dialog-dismissed");
    expect(r.flags).toContain("box-over-page");
    expect(await countColour(r.slices, BOX, 12)).toBeGreaterThan(10_000);
  });
});

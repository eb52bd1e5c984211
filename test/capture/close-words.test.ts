/**
 * A box over the page closed by its close button in the tongue the site answers in: LinkedIn's
 * Swedish sign-in box is closed by "Avfärda", as its English one is by "Dismiss".
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("a LinkedIn sign-in box over the posts", () => {
  it("is closed by its Swedish \"Avfärda\", with \"✕\" as its words or an SVG cross, and the posts are in the record", async () => {
    for (const page of ["capture/linkedin-signin.html", "capture/linkedin-signin.html?svg=1"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.flags, page).toContain("login-prompt-closed");
      expect(r.flags, page).not.toContain("box-over-page");
      expect(r.text, page).toContain("LINKEDIN-1: Vi söker en förskollärare");
      expect(r.text, page).not.toContain("Logga in för att se vem du redan känner");
    }
  });

  it("is closed by the close of other tongues sites answer in", async () => {
    for (const label of ["Stäng", "Sulje", "Lukk", "Luk", "Schließen", "Fermer", "Ignorer"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/linkedin-signin.html?svg=1&label=${encodeURIComponent(label)}`)));
      expect(r.flags, label).toContain("login-prompt-closed");
      expect(r.text, label).not.toContain("Logga in för att se vem du redan känner");
    }
  });
});

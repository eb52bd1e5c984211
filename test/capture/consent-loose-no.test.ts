/**
 * A short page whose cookie words are a post's plain sentence, with no dialog, beside buttons of
 * other things whose words are a decline's ("Nej tack" of a newsletter offer, "Avvisa" of a poll).
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("a loose no beside cookie words in plain text", () => {
  it("presses no newsletter's \"Nej tack\" (\"Nei takk\") nor poll's \"Avvisa\" on a short page whose only cookie words are a post's sentence", async () => {
    for (const page of ["capture/cookie-words-loose-no.html", "capture/cookie-words-loose-no.html?nei"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.consent, page).toBe("none-found");
      expect(r.consentButton, page).toBeUndefined();
      expect(r.text, page).toContain("Vill du få kommunens nyhetsbrev varje vecka?");
      expect(r.text, page).toContain("Förslaget om ny badplats vid älven:");
      expect(r.text, page).not.toContain("Nyhetsbrev: nej");
      expect(r.text, page).not.toContain("Förslaget: avvisat");
      expect(r.text, page).toContain("använder kommunens webbplats färre cookies");
    }
  });
});

/**
 * Post texts cut to their first lines behind "Visa mer" (a line clamp, a max-height that hides the
 * rest): the picture and its searchable text hold the first lines only, so the record counts them and
 * keeps their whole words, where it said nothing and the rest of each post was in no part of the record.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { lookAtIt } from "../../src/cli/flags.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("post texts cut short behind a \"Visa mer\"", () => {
  it("are counted and their whole words kept, not a title cut with an ellipsis, a closed answer, text for screen readers or a menu of one line", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/clamped-captions.html")));
    expect(r.flags).toContain("text-cut-short");
    expect(r.postTextsCutShort).toBe(2);
    expect(r.textCutShort).toHaveLength(2);
    expect(r.textCutShort![0]).toMatch(/^Nu börjar sommarens vägarbeten .* Kod KLAMP-SLUT-ETT: frågor besvaras av kundtjänst på telefon 0926-140 00\.$/);
    expect(r.textCutShort![1]).toMatch(/^Välkommen till öppet hus .* Kod KLAMP-SLUT-TVÅ: ingen anmälan behövs, alla är välkomna\.$/);
    // The picture shows the first lines, and the searchable text holds what the picture shows.
    expect(r.text).toContain("Nu börjar sommarens vägarbeten");
    expect(r.text).not.toContain("0926-140 00");
    // Information on how the page is built, as a video on it is: nothing to look at again.
    expect(lookAtIt("facebook-kommun", r.flags)).toBeNull();
  });

  it("are counted once where a clamped text sits in a box that clips it again, the words of a paragraph that box hides whole kept with it", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/clamped-in-box.html")));
    expect(r.flags).toContain("text-cut-short");
    expect(r.postTextsCutShort).toBe(2);
    expect(r.textCutShort).toHaveLength(2);
    // The box around the clamped paragraph hides a second one whole: the post's text is both.
    expect(r.textCutShort![0]).toMatch(/^Nu börjar sommarens vägarbeten .* Kod RUTA-FÖRSTA-STYCKET: .* Kod RUTA-ANDRA-STYCKET: .* 0926-140 00\.$/);
    // A card that clips none of its own words is not counted beside the caption it holds.
    expect(r.textCutShort![1]).toMatch(/^Välkommen till öppet hus .* Kod KORT-RUTA-KLAMP: ingen anmälan behövs\.$/);
    expect(r.text).toContain("Nu börjar sommarens vägarbeten");
    expect(r.text).not.toContain("RUTA-ANDRA-STYCKET");
  });

  it("are not said of a page that cuts none", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/rows-out-of-view.html?case=arrows")));
    expect(r.flags).not.toContain("text-cut-short");
    expect(r.postTextsCutShort).toBeUndefined();
  });
});

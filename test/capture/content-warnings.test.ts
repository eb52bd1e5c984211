/**
 * Posts a visitor sees behind a content warning ("Visa mer") or a cover for sensitive content
 * (Mastodon's): the picture shows them covered, as a visitor sees them, and the record says so,
 * keeping the hidden words in the manifest.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { lookAtIt } from "../../src/cli/flags.ts";
import { flagsSv } from "../../src/record/metadata.ts";
import { browserAndSite, options } from "./helpers.ts";

const pages = browserAndSite();

describe("posts behind a content warning and pictures under a sensitive cover", () => {
  it("are counted and said on the sheet, their hidden words kept, nothing pressed, and the account's status left ok", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/content-warnings.html")));
    expect(r.flags).toContain("content-behind-warning");
    expect(r.behindWarnings).toEqual({ posts: 2, media: 1 });
    expect(r.textBehindWarnings!.join("\n")).toContain("DOLD-TEXT-2: En trafikolycka har inträffat vid Bergfors");
    expect(r.textBehindWarnings!.join("\n")).toContain("DOLD-TEXT-9: Vinnaren i fototävlingen");
    expect(r.textBehindWarnings).toContain("Bild 4: den brunna skolan");
    // As a visitor sees it: the warnings were not opened.
    expect(r.text).not.toContain("DOLD-TEXT");
    expect(r.text).toContain("Känsligt innehåll");
    expect(flagsSv(r.flags, r)).toContain("2 inlägg har sin text dold bakom en innehållsvarning (en knapp som ”Visa mer”) och 1 bild eller video ligger under ett skydd för känsligt innehåll");
    expect(flagsSv(r.flags, r)).toContain("under textBehindWarnings");
    expect(lookAtIt("mastodon-kommun", r.flags)).toBeNull();
  });

  it("are found in a feed of web components, each post in its own open shadow root", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/shadow-content-warnings.html")));
    expect(r.flags).toContain("content-behind-warning");
    expect(r.behindWarnings).toEqual({ posts: 2, media: 1 });
    expect(r.textBehindWarnings).toContain("SKUGGA-DOLD-2: En olycka har inträffat vid bron. Undvik området.");
    expect(r.textBehindWarnings).toContain("SKUGGA-DOLD-3: Domen i målet meddelas den 4 maj.");
    expect(r.textBehindWarnings).toContain("Bild 4: det brunna förrådet");
    expect(r.text).not.toContain("SKUGGA-DOLD");
    expect(r.text).toContain("SKUGGA-5");
  });

  it("are not said of a page with none", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/media-players.html")));
    expect(r.flags).not.toContain("content-behind-warning");
    expect(r.behindWarnings).toBeUndefined();
  });
});

describe("posts cut short with their rest hidden in the page", () => {
  it("are texts cut short, not content warnings, with their whole words; a button is not given another post's hidden text; a menu hides no post", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/posts-cut-short-hidden.html")));
    // Only post D is behind a warning: B and C end in "…" before their hidden rest, and A's "Visa mer" is its own clamped text's.
    expect(r.behindWarnings).toEqual({ posts: 1, media: 0 });
    expect(r.textBehindWarnings).toEqual(["VARNAD-TEXT: Vi sörjer vår kollega som gått bort."]);
    expect(r.flags).toContain("text-cut-short");
    expect(r.textCutShort).toHaveLength(3);
    expect(r.textCutShort).toContain("Lucia på Solgården. Tack till alla barn från förskolan Tallkotten som sjöng för de boende INSTAGRAM-RESTEN: Vi bjöd på lussekatter och glögg efteråt.");
    expect(r.textCutShort).toContain("Inlägg C: Snöröjningen börjar klockan fyra i natt på alla kommunala vägar FACEBOOK-RESTEN: Ställ inte bilen på gatan.");
    expect(r.textCutShort!.join("\n")).toContain("KLAMRAD-SLUT");
    expect(r.text).not.toContain("RESTEN");
    expect(JSON.stringify(r)).not.toContain("MENYORD");
    expect(flagsSv(r.flags, r)).toContain("1 inlägg har sin text dold bakom en innehållsvarning");
  });
});

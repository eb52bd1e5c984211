/**
 * The text layer has the words the picture shows, and no others: text in a closed <details>
 * beside its summary and words under an opaque box laid over them are not searchable; words
 * under a veil that lets them through, under a decoration, or under their own link's spans are.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const site = browserAndSite();

describe("a closed <details>", () => {
  it("gives only its summary's words, though the browser has boxes for the text beside it", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/closed-details.html")));
    expect(r.words.map((w) => w.text)).toEqual([
      "Synligt1", "rubrik", "Visa", "mer", "Slut:", "Synligt2", "Öppen3", "rubrik", "Syns4", "här", "Inre5", "summering", "Sista6", "raden",
    ]);
  }, 300_000);
});

describe("words something else is drawn over", () => {
  it("are left out where an opaque box covers them, in the first screen and below it, and kept under a veil, a decoration, a picture clear or half clear where they are, or their own link", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/covered-words.html")));
    expect(r.words.map((w) => w.text)).toEqual([
      "Sidhuvud8", "fast", "Synligt1", "rubrik", "Visa", "mer", "Slut:", "Synligt2", "Genomskinligt3", "slöja",
      "Dekoration4", "ovanpå", "Länk5", "läs", "Ramord10", "synlig", "Bildslöja11", "synlig", "Fast9", "rad", "Halvtäckt6", "inlägg", "Sista7", "raden",
    ]);
    expect(r.text).not.toMatch(/TACKTEXT|DETAILSDOLD|DETAILSSTYCKE|NEDANTACKT|BILDTACKT/);
  }, 300_000);
});

describe("a wide word whose middle a box covers", () => {
  it("is kept, as it shows at its ends; a word the box covers whole is still left out", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/turned-label-over.html")));
    const texts = r.words.map((w) => w.text);
    expect(texts).toContain("Rubrikord");
    expect(texts).toContain("Nyhet");
    expect(texts).not.toContain("Gömdaordet");
    expect(texts).toContain("här");
  }, 300_000);
});

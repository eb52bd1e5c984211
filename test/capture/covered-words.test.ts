/**
 * The text layer has the words the picture shows, and no others: text in a closed <details>
 * beside its summary is not searchable.
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
  }, 120_000);
});

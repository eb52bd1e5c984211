/**
 * Words under a video are in the text layer where the picture shows them: a video that has not
 * started is drawn as its poster, and a poster with clear parts, one that did not load, or the bars
 * beside a poster of another shape let the page through; an opaque poster and a playing video do not.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options, pixelsUnder } from "./helpers.ts";

const site = browserAndSite();

describe("words under a video", () => {
  it("are kept under a clear or missing poster and beside one of another shape, and left out under an opaque poster or a playing video", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/video-covers.html")));
    expect(r.words.map((w) => w.text)).toEqual(["Synligt1", "rubrik", "Affisch2", "synlig", "Saknad3", "affisch", "Kant4", "synlig", "Sista5", "raden"]);
    expect(r.text).not.toMatch(/AFFISCHTACKT|VIDEOTACKT|STARTADTACKT|KANTTACKT/);
    // The words kept are the ones the picture shows: dark letters under the clear poster's middle.
    const kept = r.words.find((w) => w.text === "Affisch2")!;
    expect(await pixelsUnder(r, kept, (red, green, blue) => red + green + blue < 200)).toBeGreaterThan(20);
  }, 300_000);
});

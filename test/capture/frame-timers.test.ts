/**
 * A frame from another site whose own script changes what it shows while the page is taken (a
 * chat widget's greeting a few seconds in): the record's words and its picture are of one moment.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, countColour, options } from "./helpers.ts";

const held = browserAndSite();

describe("a chat greeting a frame from another site opens a few seconds in", () => {
  it("is in the record's words exactly when it is in its picture", async () => {
    const seen: string[] = [];
    // Several captures, the greeting opened at another moment in each: words and picture were taken
    // apart, and one opened between the two was in the picture only (2 of 3 captures of a real page).
    for (const after of [1500, 2000, 2300, 2500, 2700, 3000]) {
      const r = await captureAccount(held.browser, options(held.server.at(`capture/chat-greeting.html?after=${after}`)));
      const inWords = r.text.includes("Hej! Kan jag hjälpa dig?");
      // The bubble's magenta, about 260 × 50 px of it less its white letters.
      const inPicture = await countColour(r.slices, { r: 200, g: 30, b: 120 }, 12) > 260 * 40 * 0.5;
      seen.push(`greeting ${after} ms in: words ${inWords}, picture ${inPicture}`);
      expect(r.text).toContain("Sidans sista rad.");
    }
    // Greetings from before the capture to after it: each agrees, whichever moment the capture took.
    for (const s of seen) expect(s).toMatch(/words (true|false), picture \1/);
  });

  it("has the greeting its picture shows when the frame's script turns between two every 40 ms", async () => {
    const greetings = [["Hej! Kan jag hjälpa dig?", { r: 200, g: 30, b: 120 }], ["Har du en fråga?", { r: 0, g: 140, b: 140 }]] as const;
    // Three captures: read apart from the picture, the words were of the other greeting about every other time.
    for (let n = 0; n < 3; n++) {
      const r = await captureAccount(held.browser, options(held.server.at("capture/chat-greeting.html?after=500&rotate=40")));
      const inWords = greetings.filter(([words]) => r.text.includes(words));
      expect(inWords, `capture ${n + 1}`).toHaveLength(1);
      const [, shown] = inWords[0]!;
      const [, other] = greetings.find((g) => g !== inWords[0])!;
      expect(await countColour(r.slices, shown, 12), `capture ${n + 1}: the bubble of "${inWords[0]![0]}"`).toBeGreaterThan(260 * 40 * 0.5);
      expect(await countColour(r.slices, other, 12), `capture ${n + 1}: no bubble of the other greeting`).toBeLessThan(100);
    }
  });
});

/**
 * Words in a vertical writing mode (side labels, rotated calendar headers) are set down their
 * boxes in the text layer, turned as the browser draws them. Squeezed across a narrow box, their
 * letters overlapped, and pdftotext dropped the repeated ones ("Komunfläktige", "Sámegila").
 * Captured for real, then made into the record's PDF.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "../capture/helpers.ts";
import { pdftotext, recordOf, tempDir, wordBoxes } from "./tools.ts";

const site = browserAndSite();

describe("a page with vertical text", () => {
  it("has its vertical words whole in the text layer, in their column of the picture", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/vertical-text.html")));
    const file = path.join(tempDir(), "vertical.pdf");
    await recordOf(r, file);
    // pdftotext's own reading, as a registrar's search tool does it (not -raw).
    const words = (await pdftotext(file, ["-f", "2"])).split(/\s+/);
    for (const w of ["Pystyteksti", "Kommunfullmäktige", "Vertikaltext", "Sámegiella", "Vågrät", "före", "efter"]) expect(words, w).toContain(w);
    // Each vertical word stands where the picture has it: taller than wide, in its column.
    const boxes = await wordBoxes(file, 2);
    const word = r.words.find((w) => w.text === "Kommunfullmäktige")!;
    const box = boxes.find((b) => b.text === "Kommunfullmäktige")!;
    expect(box.yMax - box.yMin).toBeGreaterThan(box.xMax - box.xMin);
    const pt = 0.75;
    expect(Math.abs(box.xMin - word.x * pt)).toBeLessThan(4);
    expect(Math.abs(box.xMax - (word.x + word.width) * pt)).toBeLessThan(4);
  }, 300_000);
});

/**
 * Words in a vertical writing mode (side labels, rotated calendar headers) are set down their
 * boxes in the text layer, turned as the browser draws them. Squeezed across a narrow box, their
 * letters overlapped, and pdftotext dropped the repeated ones ("Komunfläktige", "Sámegila").
 * So are words turned a quarter by a CSS transform. Captured for real, then made into the record's PDF.
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

  it("has words turned a quarter by a CSS transform whole in the text layer, either way, and a slightly tilted line across", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/turned-text.html")));
    const file = path.join(tempDir(), "turned.pdf");
    await recordOf(r, file);
    // Laid across their tall boxes, their letters stood on one another and pdftotext lost one of each pair ("fjäl et").
    const words = (await pdftotext(file, ["-f", "2"])).split(/\s+/);
    for (const w of ["Etikett", "fjället", "Kommunfullmäktige", "Tillfälle", "Sámegiella", "2000", "Lätt", "lutad", "rad", "Vågrät", "före", "efter"]) expect(words, w).toContain(w);
    const boxes = await wordBoxes(file, 2);
    const turned = boxes.find((b) => b.text === "Kommunfullmäktige")!;
    expect(turned.yMax - turned.yMin).toBeGreaterThan(turned.xMax - turned.xMin);
    const tilted = boxes.find((b) => b.text === "lutad")!;
    expect(tilted.xMax - tilted.xMin).toBeGreaterThan(tilted.yMax - tilted.yMin);
  }, 300_000);
});

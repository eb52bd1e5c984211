import path from "node:path";
import { describe, expect, it } from "vitest";
import { PT_PER_CSS_PX } from "../../src/pdf/index.ts";
import { renderInChromium } from "./snapshotFixture.ts";
import { pageCount, pdftotext, recordOf, tempDir, wordBoxes } from "./tools.ts";

const LINES = 600;
const label = (i: number) => `Linje ${String(i).padStart(4, "0")}`;

describe("a record of a page of dense text (13 px on 16 px lines, no space between them)", () => {
  it("breaks its pages between lines: every line whole on one page, in order, once", async () => {
    const html = `<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>
      body{margin:8px;font:13px/16px "DejaVu Sans",sans-serif;background:#fff;color:#111} p{margin:0}</style></head><body>
      ${Array.from({ length: LINES }, (_, i) => `<p>${label(i + 1)}</p>`).join("")}</body></html>`;
    const page = await renderInChromium(html, 4000);
    const file = path.join(tempDir(), "dense.pdf");
    await recordOf(page, file);
    const pages = await pageCount(file);
    expect(pages).toBeGreaterThan(5);

    const lines = (await pdftotext(file, ["-f", "2"])).split("\n").map((l) => l.trim()).filter((l) => /^(Linje|\d{4})/.test(l));
    expect(lines).toEqual(Array.from({ length: LINES }, (_, i) => label(i + 1)));
    // A line cut by a page's edge has its words' boxes cut with it: each stands whole on its page.
    const lineHeightPt = page.words[0].height * PT_PER_CSS_PX;
    for (let p = 2; p <= pages; p++) {
      const cut = (await wordBoxes(file, p)).filter((b) => /^(Linje|\d{4})$/.test(b.text) && b.yMax - b.yMin < lineHeightPt - 0.5);
      expect(cut.map((b) => b.text), `snapshot page ${p - 1}`).toEqual([]);
    }
  }, 300_000);
});

/** Whether a box fixed over the page hides its words, judged at each piece of a line it covers. */
import { describe, expect, it } from "vitest";
import { hidesLines, type LineRect } from "../../src/capture/hidden-lines.ts";

// Lines of a paragraph running from 40 to 1240 px, 28 px apart, from 80 px down.
const paragraph = (n: number, from = 80): LineRect[] => Array.from({ length: n }, (_, i) => ({ left: 40, top: from + i * 28, right: 1240, bottom: from + i * 28 + 22 }));
const boxOver = () => "over" as const;

describe("a box over the page's lines", () => {
  it("hides them where it covers the left part of a long paragraph's first lines, though the paragraph's middle is below it", () => {
    const looked: Array<[number, number]> = [];
    const said = hidesLines({ left: 0, top: 0, right: 700, bottom: 500 }, paragraph(40), (_l, x, y) => { looked.push([x, y]); return "over"; });
    expect(said).toBe("over");
    // Looked at the middle of the covered part of each line, never beside the box.
    expect(looked.length).toBe(15);
    expect(looked.every(([x, y]) => x === 370 && y < 500)).toBe(true);
  });

  it("does not where the page's words are drawn over it (a background behind the page), wherever one line says so", () => {
    const lines = paragraph(10);
    expect(hidesLines({ left: 0, top: 0, right: 1280, bottom: 900 }, lines, (l) => l === lines[7] ? "under" : "over")).toBe("under");
    expect(hidesLines({ left: 0, top: 0, right: 1280, bottom: 900 }, lines, () => null)).toBe("none");
  });

  it("does not where it covers a few letters at the ends of lines (a chat bubble, a badge) or only the top or foot of a line", () => {
    expect(hidesLines({ left: 1200, top: 600, right: 1256, bottom: 656 }, paragraph(30), boxOver)).toBe("none");
    expect(hidesLines({ left: 1210, top: 150, right: 1240, bottom: 170 }, paragraph(30), boxOver)).toBe("none");
    // A bar whose edge crosses the upper part of a line, its middle clear of it.
    expect(hidesLines({ left: 0, top: 0, right: 1280, bottom: 85 }, paragraph(5), boxOver)).toBe("none");
    expect(hidesLines({ left: 0, top: 0, right: 1280, bottom: 60 }, paragraph(5), boxOver)).toBe("none");
  });

  it("hides a short line it covers whole, however narrow (a post's heading \"Inlägg 1\")", () => {
    const heading = [{ left: 300, top: 100, right: 350, bottom: 122 }];
    expect(hidesLines({ left: 290, top: 90, right: 360, bottom: 130 }, heading, boxOver)).toBe("over");
    expect(hidesLines({ left: 320, top: 90, right: 360, bottom: 130 }, heading, boxOver)).toBe("none");
  });
});

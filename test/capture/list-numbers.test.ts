/**
 * A list item's number or letter (its ::marker, no node of the page) is in the text layer where the
 * picture draws it: an agenda's "3. Årsredovisning" is found as "punkt 3" is looked for.
 */
import { describe, expect, it } from "vitest";
import { captureAccount } from "../../src/capture/index.ts";
import { browserAndSite, options, pixelsUnder } from "./helpers.ts";

const site = browserAndSite();

describe("numbers of ordered lists", () => {
  it("are in the text layer as drawn, counted as the browser counts them, and left out where none is drawn", async () => {
    const r = await captureAccount(site.browser, options(site.server.at("capture/list-numbers.html")));
    const lines = r.text.split("\n");
    const expected = [
      "1. Val av justerare", "2. Godkännande av dagordning", "3. Årsredovisning",
      "09. Nionde", "10. Tionde", // start="9", decimal-leading-zero
      "3. Trea", "2. Tvåa", "1. Etta", // reversed
      "a. Alfa", "aa. Bortom", // type="a", value="27"
      "A. Versal",
      "I. Kapitel", "i. Avsnitt", "ii. Stycke", "II. Bilaga", // a nested list counts anew
      "1. Första", "2. Andra", // an item not shown is not counted
      "1. Inuti", // list-style-position: inside
      "Utan", "nummer", // list-style: none
      "Punktlista", // a bullet is no word
      "1) Parentes", // ::marker { content: counter(list-item) ") " }
      "Obs: Sträng", // list-style-type: a string
      "Genomskinlig", // a marker drawn transparent
      "α. Grekisk", "β. Grekiska", // lower-greek
    ];
    const at = lines.indexOf(expected[0]!);
    expect(lines.slice(at, at + expected.length)).toEqual(expected);
    expect(r.text).not.toContain("Dold");
    // Drawn where it stands: dark letters under the agenda's "1.", left of its first word.
    const one = r.words.find((w) => w.text === "1.")!;
    const val = r.words.find((w) => w.text === "Val")!;
    expect(one.x + one.width).toBeLessThan(val.x);
    expect(await pixelsUnder(r, one, (red, green, blue) => red + green + blue < 200)).toBeGreaterThan(10);
    // A right-to-left list draws its numbers right of its items.
    const arabic = r.words.find((w) => w.text === "مرحبا")!;
    const rtlOne = r.words.filter((w) => w.text === "1." && Math.abs(w.y - arabic.y) < 8);
    expect(rtlOne).toHaveLength(1);
    expect(rtlOne[0]!.x).toBeGreaterThan(arabic.x + arabic.width);
    // Inside the item (list-style-position: inside) its number stands where the item's words begin in
    // the lists around it, and is drawn there, not out in the margin as an outside number is.
    const inuti = r.words.find((w) => w.text === "Inuti")!;
    const insideOne = r.words.find((w) => w.text === "1." && Math.abs(w.y - inuti.y) < 8)!;
    expect(Math.abs(insideOne.x - val.x)).toBeLessThan(3);
    expect(insideOne.x + insideOne.width).toBeLessThan(inuti.x);
    expect(await pixelsUnder(r, insideOne, (red, green, blue) => red + green + blue < 200)).toBeGreaterThan(10);
  }, 300_000);
});

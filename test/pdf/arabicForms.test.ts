import { describe, expect, it } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { joinedForms, lettersOfForm } from "../../src/pdf/arabic-forms.ts";
import { visualLine } from "../../src/pdf/layer-font.ts";
import { buildRecordPdf } from "../../src/pdf/index.ts";
import { checkPdfA } from "../helpers/pdfa.ts";
import { pdftotext, sampleMetadata, tempDir } from "./tools.ts";

/** The code points, as Unicode names them, of what joinedForms gives. */
const forms = (word: string, has: (cp: number) => boolean = () => true) => joinedForms([...word], has).map((c) => c.codePointAt(0)!.toString(16).toUpperCase());

describe("Arabic letters joined for the record sheet", () => {
  it("gives each letter its form for its place in the word, Persian letters too", () => {
    // ف initial, ا final, ر alone (alef does not join onward), س initial, ی (Farsi yeh) final.
    expect(forms("فارسی")).toEqual(["FED3", "FE8E", "FEAD", "FEB3", "FBFD"]);
    // ک (keheh) initial, م medial, و final, ن alone.
    expect(forms("کمون")).toEqual(["FB90", "FEE4", "FEEE", "FEE5"]);
    expect(forms("بلدية")).toEqual(["FE91", "FEE0", "FEAA", "FEF3", "FE94"]);
    // Alef maksura final (not Uighur's medial form beside it in Unicode), and hamza'd letters composed.
    expect(forms("على")).toEqual(["FECB", "FEE0", "FEF0"]);
    expect(forms("أنا")).toEqual(["FE83", "FEE7", "FE8E"]);
  });

  it("writes lam before alef as their ligature, and passes over vowel signs", () => {
    expect(forms("لا")).toEqual(["FEFB"]);
    expect(forms("سلام")).toEqual(["FEB3", "FEFC", "FEE1"]);
    // شكراً: the alef stands alone after ر (which does not join onward), and its tanwin (U+064B) stays after it.
    expect(forms("شكراً")).toEqual(["FEB7", "FEDC", "FEAE", "FE8D", "64B"]);
  });

  it("leaves a letter as it is where the font lacks its form, and anything not Arabic", () => {
    expect(forms("فارسی", (cp) => cp !== 0xfbfd)).toEqual(["FED3", "FE8E", "FEAD", "FEB3", "6CC"]);
    expect(forms("Ab 12")).toEqual(["41", "62", "20", "31", "32"]);
  });

  it("are drawn joined on the sheet's line, turned to be read right to left", () => {
    expect(visualLine("Konto فارسی", () => true)).toBe(`Konto ${String.fromCodePoint(0xfbfd, 0xfeb3, 0xfead, 0xfe8e, 0xfed3)}`);
  });

  it("reads each form back as the letters it stands for", () => {
    expect(lettersOfForm(0xfbfd)).toBe("ی");
    expect(lettersOfForm(0xfefb)).toBe("لا");
    expect(lettersOfForm(0x0628)).toBeNull();
    expect(lettersOfForm(0x41)).toBeNull();
  });
});

describe("brackets in right-to-left text on the sheet", () => {
  it("are mirrored and kept with the words they enclose, as a browser draws them", () => {
    const ar = "بلدية (العربية)";
    // Drawn left to right: the closing bracket (drawn as an opening one) first, the words turned.
    expect(visualLine(ar)).toBe(`(${[..."العربية"].reverse().join("")}) ${[..."بلدية"].reverse().join("")}`);
    // A bracket after the stretch, around Latin words, is the line's own.
    expect(visualLine("Konto بلدية (facebook-arabiska)")).toBe(`Konto ${[..."بلدية"].reverse().join("")} (facebook-arabiska)`);
  });
});

describe("an account named in Persian on the record sheet", () => {
  it("is read back from the PDF as written, in the letters typed, not in their drawn forms", async () => {
    const name = "اوورکالیکس کمون (فارسی)";
    const out = await buildRecordPdf({
      sheet: { heading: `Ögonblicksbild Instagram ${name} 2026 H2`, rows: [{ label: "Konto", value: name }] },
      snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "2b",
    });
    const file = path.join(tempDir(), "persian.pdf");
    fs.writeFileSync(file, out.bytes);
    const text = await pdftotext(file);
    for (const word of ["اوورکالیکس", "کمون", "فارسی"]) expect(text).toContain(word);
    expect(text).not.toMatch(/[\uFB50-\uFDFF\uFE70-\uFEFF]/);
    expect(await checkPdfA(file, "2b")).toEqual([]);
  });
});

/**
 * The record sheet is drawn in DejaVu Sans, which has no emoji and not every script. A character it
 * cannot draw must not vanish from the sheet (an account named "Överkalix kommun 🎄" read as
 * "Överkalix kommun"): it is written as its code point, and the text a registrar copies says so too.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildRecordPdf } from "../../src/pdf/index.ts";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { checkPdfA } from "../helpers/pdfa.ts";
import { pdftotext, renderPage, sampleMetadata, sampleSheet, tempDir } from "./tools.ts";

const run = promisify(execFile);

describe("characters the record sheet's font lacks", () => {
  it("are named by their code points on the sheet, not left out", async () => {
    const sheet = sampleSheet();
    sheet.heading = "Ögonblicksbild Facebook Överkalix kommun 🎄 2026 H2";
    sheet.rows.push({ label: "Konto", value: "Familjen 👨‍👩‍👧 i ትግራይ\nandra raden" });
    const out = await buildRecordPdf({ sheet, snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "2b" });
    const file = path.join(tempDir(), "sheet.pdf");
    fs.writeFileSync(file, out.bytes);
    const text = (await pdftotext(file)).replace(/\s+/g, " ");
    expect(text).toContain("Överkalix kommun [U+1F384] 2026 H2");
    // An emoji has no font on the sheet (colour emoji fonts cannot be embedded); Ge'ez has, below.
    expect(text).toContain("Familjen [U+1F468 U+200D U+1F469 U+200D U+1F467] i ትግራይ andra raden");
  });

  it("are drawn in an installed Noto font that has them (an account named in Tigrinya), embedded, and read back as written", async () => {
    // It read "[U+12A6][U+1268]…" on the sheet though fonts-noto-core was installed and the page itself drew it.
    const sheet = sampleSheet();
    sheet.heading = "Ögonblicksbild Facebook ኦቨርካሊክስ ኮሙን 2026 H2";
    sheet.rows[1] = { label: "Konto", value: "ኦቨርካሊክስ ኮሙን (facebook-tigrinja)" };
    for (const conformance of ["2b", "1b"] as const) {
      const out = await buildRecordPdf({ sheet, snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance });
      const file = path.join(tempDir(), `tigrinya-${conformance}.pdf`);
      fs.writeFileSync(file, out.bytes);
      const text = (await pdftotext(file)).replace(/\s+/g, " ");
      expect(text).toContain("Ögonblicksbild Facebook ኦቨርካሊክስ ኮሙን 2026 H2");
      expect(text).toContain("ኦቨርካሊክስ ኮሙን (facebook-tigrinja)");
      expect(text).not.toContain("[U+");
      const { stdout } = await run("pdffonts", [file]);
      expect(stdout).toMatch(/\+NotoSansEthiopic-Regular\s+CID TrueType\s+Identity-H\s+yes\s+yes/);
      expect(stdout).toMatch(/\+NotoSansEthiopic-Bold\s/);
      expect(await checkPdfA(file, conformance)).toEqual([]);
    }
  });

  it("are drawn where a symbol font has them (🎮, 👪, 📚 in Noto Sans Symbols 2), not left as blank gaps", async () => {
    // An account named "Fritidsgården 🎮" read "Fritidsgården     " on the sheet: the glyphs were
    // embedded, but their subset's offsets fell a byte short and no viewer drew them.
    const out = await buildRecordPdf({
      sheet: { heading: "X", rows: [{ label: "", value: "🎮 👪 📚" }] },
      snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "2b",
    });
    const dir = tempDir();
    const file = path.join(dir, "symbols.pdf");
    fs.writeFileSync(file, out.bytes);
    const text = await pdftotext(file);
    for (const symbol of ["🎮", "👪", "📚"]) expect(text).toContain(symbol);
    expect((await run("pdffonts", [file])).stdout).toMatch(/\+NotoSansSymbols2-Regular\s+CID TrueType/);
    // The value's line, right of the labels and below the one-letter heading (96 dpi).
    const page = await renderPage(file, 1, dir);
    let dark = 0;
    for (let y = 90; y < 130; y++) for (let x = 250; x < 780; x++) if (page.at(x, y)[0]! < 128) dark++;
    expect(dark).toBeGreaterThan(130);
    expect(await checkPdfA(file, "2b")).toEqual([]);
  });
});

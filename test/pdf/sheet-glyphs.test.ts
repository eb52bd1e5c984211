/**
 * The record sheet is drawn in DejaVu Sans, which has no emoji and not every script. A character it
 * cannot draw must not vanish from the sheet (an account named "Överkalix kommun 🎄" read as
 * "Överkalix kommun"): it is written as its code point, and the text a registrar copies says so too.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildRecordPdf } from "../../src/pdf/index.ts";
import { pdftotext, sampleMetadata, sampleSheet, tempDir } from "./tools.ts";

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
    expect(text).toContain("Familjen [U+1F468 U+200D U+1F469 U+200D U+1F467] i [U+1275][U+130D][U+122B][U+12ED] andra raden");
  });
});

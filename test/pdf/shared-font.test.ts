/**
 * The record sheet's font is parsed once per process and shared by every record made in it (the
 * worker makes many). A letter drawn inside another (the O in Ö, the A in Å) must still be found by
 * a search of a later record that has it on its own: after a record with "Ö" and no "O", the next
 * one's "Olle" was extracted as "lle".
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildRecordPdf } from "../../src/pdf/index.ts";
import { pdfboxText, pdftotext, sampleMetadata, tempDir } from "./tools.ts";

const build = async (value: string, name: string) => {
  const out = await buildRecordPdf({
    // Only letters drawn from others on the first sheet: no plain O, A, E or U anywhere on it.
    sheet: { heading: "Ö", rows: [{ label: "Ä", value }] },
    snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 },
    metadata: sampleMetadata(),
    conformance: "1b",
  });
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, out.bytes);
  return file;
};

describe("the record sheet's shared font", () => {
  it("keeps every letter of a later record searchable, also one first met inside another letter", async () => {
    await build("ÖÅÄÉÜ öåäéü", "first.pdf");
    const second = await build("Olle Åberg, Ärlig Emil Ulla ober", "second.pdf");
    expect((await pdftotext(second)).replace(/\s+/g, " ")).toContain("Olle Åberg, Ärlig Emil Ulla ober");
    expect((await pdfboxText(second, 1)).replace(/\s+/g, " ")).toContain("Olle Åberg, Ärlig Emil Ulla ober");
  });
});

/**
 * A reader of Excel-style CSV (semicolons, quoted fields with "" and line breaks, CRLF between rows),
 * to read back what Excel reads; a file not ending in CRLF is refused, as a spreadsheet would show a
 * last row cut short.
 */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ";") { row.push(cell); cell = ""; }
    else if (c === "\r" && text[i + 1] === "\n") { row.push(cell); rows.push(row); row = []; cell = ""; i++; }
    else cell += c;
  }
  if (cell || row.length) throw new Error("CSV does not end with CRLF");
  return rows;
}

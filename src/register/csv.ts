/**
 * CSV that Excel with Swedish settings opens correctly, for what the registrar opens there (the log of
 * records, the public register): UTF-8 with a byte-order mark (else å ä ö break), semicolons (Swedish
 * Excel's list separator, the comma being the decimal mark), CRLF line ends, fields quoted when needed.
 * Text that starts like a formula (= + - @) gets an apostrophe, so Excel shows it instead of running
 * it: an account name or a diary number from an intake's reply is not a formula.
 */
export function toCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
  const cell = (v: string | number | boolean | null | undefined) => {
    let s = v === null || v === undefined ? "" : String(v);
    if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[;"\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return "\uFEFF" + [header, ...rows].map((r) => r.map(cell).join(";")).join("\r\n") + "\r\n";
}

import fs from "node:fs/promises";
import path from "node:path";
import { createHash } from "node:crypto";
import type { DeliveryItem } from "../../src/intake/index.ts";
import type { Manifest } from "../../src/record/types.ts";

export interface RecordFiles {
  item: DeliveryItem;
  pdf: Buffer;
  manifest: Manifest;
}

/** A small but real record on disk: a minimal valid PDF and its manifest, as the pipeline hands them to an intake. */
export async function makeRecord(folder: string, overrides: Partial<Manifest> = {}): Promise<RecordFiles> {
  await fs.mkdir(folder, { recursive: true });
  const pdf = minimalPdf("Ögonblicksbild Facebook Överkalix kommun 2026 H2");
  const accountId = overrides.accountId ?? "facebook-kommun";
  const period = overrides.period ?? "2026-H2";
  const version = overrides.version ?? 1;
  const base = `${accountId}_${period}_v${version}`;
  const pdfSha = createHash("sha256").update(pdf).digest("hex");
  const manifest: Manifest = {
    schema: "somarkiv-manifest/1",
    recordId: `${base}-01J8ZK3Q`,
    accountId,
    accountName: "Överkalix kommun",
    platform: "facebook",
    period,
    version,
    final: false,
    title: "Ögonblicksbild Facebook Överkalix kommun 2026 H2",
    organisation: { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" },
    creator: "Kommunstyrelsen",
    documentType: "Ögonblicksbild av socialt medium",
    classification: "1.3.2",
    collectiveCase: "KS 2026/45",
    retention: "Bevaras",
    personalData: true,
    unit: "Kommunledningsförvaltningen",
    responsible: { name: "Anna Andersson", email: "anna.andersson@overkalix.se" },
    purpose: "Informera medborgare om kommunens service och nyheter",
    audience: "Kommuninvånare och besökare",
    url: "https://www.facebook.com/overkalixkommun",
    finalUrl: "https://www.facebook.com/overkalixkommun/",
    httpStatus: 200,
    capturedAt: "2026-12-01T06:00:12.000Z",
    capturedAtLocal: "2026-12-01 07:00:12 CET",
    consent: "declined",
    flags: [],
    tool: { name: "somarkiv", version: "0.1.0" },
    browser: "Chromium 140.0.0.0",
    viewport: { width: 1280, height: 900 },
    page: { width: 1280, height: 4200 },
    pdf: { conformance: "2b", pages: 4 },
    files: { [`${base}.pdf`]: { sha256: pdfSha, bytes: pdf.length } },
    screenshotSha256: ["0".repeat(64)],
    ...overrides,
  };
  const pdfPath = path.join(folder, `${base}.pdf`);
  const manifestPath = path.join(folder, `${base}.json`);
  await fs.writeFile(pdfPath, pdf);
  await fs.writeFile(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
  return {
    pdf,
    manifest,
    item: {
      recordId: manifest.recordId,
      accountId,
      accountName: manifest.accountName,
      period,
      version,
      pdfPath,
      manifestPath,
      pdfName: `${base}.pdf`,
      manifestName: `${base}.json`,
      sha256: pdfSha,
      manifest: manifest as unknown as Record<string, unknown>,
    },
  };
}

/** A one-page PDF with a correct cross-reference table, with binary bytes so that transfer encodings are exercised. */
function minimalPdf(title: string): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    null,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  const text = `BT /F1 10 Tf 10 50 Td (${title.replace(/[^\x20-\x7e]/g, "?")}) Tj ET`;
  objects[3] = `<< /Length ${text.length} >>\nstream\n${text}\nendstream`;
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0].length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const chunk = Buffer.from(`${i + 1} 0 obj\n${body}\nendobj\n`, "latin1");
    parts.push(chunk);
    length += chunk.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}

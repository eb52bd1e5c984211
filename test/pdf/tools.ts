import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import sharp from "sharp";
import { afterAll } from "vitest";
import type { PdfInput } from "../../src/pdf/types.ts";
import { PT_PER_CSS_PX, SNAPSHOT_FOOTER_PT, buildRecordPdf, encodeSnapshotImages } from "../../src/pdf/index.ts";
import type { RenderedPage } from "./snapshotFixture.ts";

const run = promisify(execFile);

export async function pdftotext(file: string, args: string[] = []): Promise<string> {
  const { stdout } = await run("pdftotext", [...args, file, "-"], { maxBuffer: 64 << 20 });
  return stdout;
}

/**
 * The text of one page as PDFBox reads it (its ExtractText tool, from Debian's libpdfbox2-java): the
 * extractor behind Apache Tika, which archive search systems index PDFs with. It judges word breaks
 * differently from pdftotext, so both are asked.
 */
export async function pdfboxText(file: string, page: number): Promise<string> {
  const classpath = ["pdfbox2-tools.jar", "pdfbox2.jar", "fontbox2.jar", "commons-logging.jar"].map((j) => `/usr/share/java/${j}`).join(":");
  const { stdout } = await run("java", ["-cp", classpath, "org.apache.pdfbox.tools.ExtractText", "-startPage", String(page), "-endPage", String(page), "-console", file], { maxBuffer: 64 << 20 });
  return stdout;
}

export async function pageCount(file: string): Promise<number> {
  const { stdout } = await run("pdfinfo", [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)![1]);
}

export interface BoxWord {
  text: string;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

/** Words and their boxes (pt, origin top-left) on one page, as pdftotext -bbox reports them. */
export async function wordBoxes(file: string, page: number): Promise<BoxWord[]> {
  const html = await pdftotext(file, ["-bbox", "-f", String(page), "-l", String(page)]);
  const out: BoxWord[] = [];
  const re = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const text = m[5].replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"');
    out.push({ text, xMin: +m[1], yMin: +m[2], xMax: +m[3], yMax: +m[4] });
  }
  return out;
}

export interface Raster {
  width: number;
  height: number;
  /** RGB of the pixel at (x, y). */
  at(x: number, y: number): [number, number, number];
}

/** Renders one page with pdftoppm at 96 dpi, so one CSS pixel of the snapshot is one pixel. */
export async function renderPage(file: string, page: number, dir: string): Promise<Raster> {
  const prefix = path.join(dir, `render-${page}`);
  await run("pdftoppm", ["-r", "96", "-f", String(page), "-l", String(page), "-png", "-singlefile", file, prefix]);
  const { data, info } = await sharp(`${prefix}.png`).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    at: (x, y) => {
      const i = (y * info.width + x) * 3;
      return [data[i], data[i + 1], data[i + 2]];
    },
  };
}

/** Rows of a snapshot page rendered at 96 dpi that its footer strip takes, below the picture. */
export const FOOTER_PX = SNAPSHOT_FOOTER_PT / PT_PER_CSS_PX;

export function near(a: [number, number, number], b: [number, number, number], tolerance = 24): boolean {
  return a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
}

const madeDirs: string[] = [];
// Each test file's folders go when its tests are done: a suite run made hundreds that stayed.
afterAll(() => {
  for (const dir of madeDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-pdf-"));
  madeDirs.push(dir);
  return dir;
}

/** A record sheet like the one the record module writes, with Swedish letters in labels and values. */
export function sampleSheet(): PdfInput["sheet"] {
  return {
    heading: "Ögonblicksbild Facebook Överkalix kommun 2026 H2",
    rows: [
      { label: "Organisation", value: "Överkalix kommun" },
      { label: "Konto", value: "Överkalix kommun (facebook-kommun)" },
      { label: "Begärd adress", value: "https://www.facebook.com/overkalixkommun?locale=sv_SE&sk=about_contact_and_basic_info&ref=page_internal" },
      { label: "Tidpunkt (Europe/Stockholm)", value: "2026-12-01 07:00:00 CET" },
      { label: "Ansvarig", value: "Anna Andersson, anna.andersson@overkalix.se" },
      { label: "Syfte", value: "Informera medborgare om kommunens service och nyheter, även på lördagar och söndagar" },
      { label: "Bevaras/gallras", value: "Bevaras" },
      { label: "Personuppgifter", value: "Ja" },
      { label: "SHA-256 för skärmbilden", value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    ],
  };
}

export function sampleMetadata(): PdfInput["metadata"] {
  return {
    title: "Ögonblicksbild Facebook Överkalix kommun 2026 H2",
    author: "Kommunstyrelsen",
    subject: "Ögonblicksbild av socialt medium",
    keywords: ["Överkalix kommun", "facebook", "2026-H2"],
    sourceUrl: "https://www.facebook.com/overkalixkommun",
    createDate: new Date("2026-12-01T06:00:00Z"),
    documentId: "facebook-kommun_2026-H2_v1",
    producer: "somarkiv 0.1.0",
  };
}

/**
 * The record somarkiv makes of a rendered page, with the sample sheet and metadata, written to `file`:
 * its bytes as built, the page count the builder gives, and the encoded bands.
 */
export async function recordOf(page: RenderedPage, file: string, conformance: "2b" | "1b" = "2b") {
  const slices = await encodeSnapshotImages(page.slices);
  const out = await buildRecordPdf({
    sheet: sampleSheet(),
    snapshot: { slices, words: page.words, pageWidth: page.pageWidth, pageHeight: page.pageHeight },
    metadata: sampleMetadata(),
    conformance,
  });
  fs.writeFileSync(file, out.bytes);
  return { ...out, slices };
}

import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkPdfA } from "../helpers/pdfa.ts";
import { photoDataUri, renderInChromium } from "./snapshotFixture.ts";
import { pdftotext, recordOf, tempDir } from "./tools.ts";

/** A feed like an account's start page: a cover photo, then posts with text and photos, on a grey page. */
async function feedHtml(): Promise<string> {
  const cover = await photoDataUri(1280, 300, 11);
  const posts: string[] = [];
  for (let i = 0; i < 8; i++) {
    const withPhoto = i % 2 === 0;
    const photo = withPhoto ? `<img src="${await photoDataUri(560, 315, 100 + i)}" width="560" height="315">` : "";
    posts.push(`<article><header><span class="avatar"></span><b>Överkalix kommun</b> · ${i + 1} dec. 2026</header>
      <p>Inlägg ${i + 1}: Snöröjningen är igång på Storgatan och vid Älvskolan. Tänk på att flytta bilen före kl. 06.00.
      Frågor? Ring växeln på vardagar. Vi önskar alla en trevlig helg med många åkturer i skidspåren!</p>
      ${photo}<footer>👍 ${12 + i} · Kommentera · Dela</footer></article>`);
  }
  return `<!doctype html><html lang="sv"><head><meta charset="utf-8"><style>
    body{margin:0;width:1280px;min-height:5000px;background:#f0f2f5;font:15px "DejaVu Sans",sans-serif;color:#1c1e21}
    .cover{display:block;width:1280px;height:300px}
    h1{margin:16px 340px;font-size:28px}
    main{width:600px;margin:0 auto}
    article{background:#fff;border-radius:8px;margin:16px 0;padding:16px;box-shadow:0 1px 2px rgba(0,0,0,.2)}
    .avatar{display:inline-block;width:36px;height:36px;border-radius:50%;background:#1877f2;vertical-align:middle;margin-right:8px}
    footer{color:#65676b;margin-top:8px}
    </style></head><body><img class="cover" src="${cover}"><h1>Överkalix kommun</h1><main>${posts.join("")}</main></body></html>`;
}

describe("record size", () => {
  it("keeps a typical 1280 px start page of text and photos small and conforming", async () => {
    const page = await renderInChromium(await feedHtml(), 2000);
    expect(page.pageHeight).toBeGreaterThanOrEqual(5000);
    const raw = page.slices.reduce((n, s) => n + s.image.length, 0);
    const file = path.join(tempDir(), "feed.pdf");
    const { slices, ...out } = await recordOf(page, file);
    // Reported for the benchmark and the lead: the size of a typical record.
    console.log(
      `record size: ${page.pageWidth}x${page.pageHeight} px page, PNG bands ${raw} bytes, ` +
        `encoded ${slices.map((s) => `${s.format}:${s.image.length}`).join(" ")}, PDF ${out.bytes.length} bytes, ${out.pages} pages`,
    );
    expect(out.bytes.length).toBeLessThan(1_500_000);
    for (const s of slices.filter((s) => s.format === "jpeg")) {
      // Baseline JPEG (SOF0), no EXIF (APP1) or ICC profile (APP2) inside.
      const markers: number[] = [];
      for (let i = 2; i + 3 < s.image.length && s.image[i] === 0xff && s.image[i + 1] !== 0xda; i += 2 + s.image.readUInt16BE(i + 2)) {
        markers.push(s.image[i + 1]);
      }
      expect(markers).toContain(0xc0);
      expect(markers).not.toContain(0xc2);
      expect(markers).not.toContain(0xe1);
      expect(markers).not.toContain(0xe2);
    }
    expect(out.bytes.length).toBeLessThan(raw);
    expect((await pdftotext(file)).replace(/\s+/g, " ")).toContain("Snöröjningen är igång på Storgatan");
    expect(await checkPdfA(file, "2b")).toEqual([]);
  });
});

import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { placeWord, tileForWord, tileSnapshot, A4_RATIO } from "../../src/pdf/tiling.ts";
import { keepLastWordCompany, wrapText } from "../../src/pdf/sheet.ts";
import { chooseEncoding, countColours, encodeSnapshotImages, plainBaselineJpeg } from "../../src/pdf/encode.ts";
import { buildXmp, pdfDate, xmpDate } from "../../src/pdf/xmp.ts";
import { sampleMetadata } from "./tools.ts";

describe("tileSnapshot", () => {
  it("keeps every page of a very wide snapshot within PDF's 14,400 pt, the merged last one too", () => {
    const PT = 0.75;
    for (const [width, height] of [[16_000, 60_000], [16_000, 17_500], [12_000, 30_000]]) {
      const tiles = tileSnapshot(width, [{ top: 0, height }]);
      expect(tiles.at(-1)!.bottom).toBe(height);
      for (const t of tiles) expect((t.bottom - t.top) * PT, `${width}×${height}`).toBeLessThanOrEqual(14_400);
      expect(width * PT).toBeLessThanOrEqual(14_400);
    }
  });

  it("covers the page with tiles that meet exactly, on whole pixels", () => {
    const bands = [
      { top: 0, height: 1500 },
      { top: 1500, height: 1500 },
      { top: 3000, height: 2000 },
    ];
    const tiles = tileSnapshot(1280, bands);
    expect(tiles[0].top).toBe(0);
    expect(tiles[tiles.length - 1].bottom).toBe(5000);
    for (let i = 1; i < tiles.length; i++) expect(tiles[i].top).toBe(tiles[i - 1].bottom);
    for (const t of tiles) {
      expect(Number.isInteger(t.top) && Number.isInteger(t.bottom)).toBe(true);
      // The pieces of a tile cover it exactly, band by band.
      expect(t.pieces[0].from).toBe(t.top);
      expect(t.pieces[t.pieces.length - 1].to).toBe(t.bottom);
      for (let i = 1; i < t.pieces.length; i++) expect(t.pieces[i].from).toBe(t.pieces[i - 1].to);
    }
    expect(tiles[0].bottom).toBe(Math.round(1280 * A4_RATIO));
    // Band 1 (1500..3000) is split across tiles 0 and 1.
    expect(tiles[0].pieces.map((p) => p.band)).toEqual([0, 1]);
    expect(tiles[1].pieces[0]).toEqual({ band: 1, from: tiles[0].bottom, to: 3000 });
  });

  it("merges a sliver at the end into the page before it", () => {
    const tileHeight = 1000;
    const tiles = tileSnapshot(1280, [{ top: 0, height: 3050 }], { tileHeight });
    expect(tiles.map((t) => [t.top, t.bottom])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 3050],
    ]);
    const longer = tileSnapshot(1280, [{ top: 0, height: 3500 }], { tileHeight });
    expect(longer.map((t) => [t.top, t.bottom])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 3000],
      [3000, 3500],
    ]);
  });

  it("accepts bands in any order and refuses bands with a gap", () => {
    const tiles = tileSnapshot(100, [
      { top: 100, height: 100 },
      { top: 0, height: 100 },
    ], { tileHeight: 150 });
    expect(tiles[0].pieces).toEqual([
      { band: 1, from: 0, to: 100 },
      { band: 0, from: 100, to: 150 },
    ]);
    expect(() => tileSnapshot(100, [{ top: 0, height: 100 }, { top: 120, height: 100 }])).toThrow(/do not follow each other/);
  });

  it("puts a word crossing a seam on the page holding most of it", () => {
    const tiles = tileSnapshot(1280, [{ top: 0, height: 3000 }], { tileHeight: 1000 });
    expect(tileForWord(tiles, { text: "a", x: 0, y: 992, width: 10, height: 20 })).toBe(1);
    expect(tileForWord(tiles, { text: "b", x: 0, y: 985, width: 10, height: 20 })).toBe(0);
    expect(tileForWord(tiles, { text: "c", x: 0, y: 5000, width: 10, height: 20 })).toBe(-1);
  });
});

describe("placeWord", () => {
  const metrics = { ascent: 0.9, descent: -0.2 };
  const tile = { top: 1000, bottom: 2000, pieces: [] };

  it("makes the glyph box cover the word's box in the image", () => {
    const word = { text: "Åsa", x: 100, y: 1100, width: 40, height: 22 };
    const p = placeWord(word, tile, 960, metrics, 2.0, 0.75)!;
    const top = 750 - (p.baseline + metrics.ascent * p.fontSize);
    const bottom = 750 - (p.baseline + metrics.descent * p.fontSize);
    expect(top).toBeCloseTo((1100 - 1000) * 0.75, 6);
    expect(bottom).toBeCloseTo((1122 - 1000) * 0.75, 6);
    expect(p.x).toBeCloseTo(75, 6);
    // Width at the chosen size and scaling equals the box width.
    expect(2.0 * p.fontSize * (p.horizontalScale / 100)).toBeCloseTo(30, 6);
  });

  it("keeps a word that sticks out of its page inside it, over the part the page shows, where it stands, and skips empty boxes", () => {
    // Cut by the page's foot: from its own top (not moved up over the line above) to the page's edge.
    const p = placeWord({ text: "x", x: 10, y: 1990, width: 10, height: 20 }, tile, 960, metrics, 0.5, 0.75)!;
    expect(p.baseline + metrics.descent * p.fontSize).toBeCloseTo(0, 6);
    expect(750 - (p.baseline + metrics.ascent * p.fontSize)).toBeCloseTo(990 * 0.75, 6);
    // Cut by the page's top: from the page's edge to its own foot.
    const q = placeWord({ text: "y", x: 10, y: 995, width: 10, height: 20 }, tile, 960, metrics, 0.5, 0.75)!;
    expect(750 - (q.baseline + metrics.ascent * q.fontSize)).toBeCloseTo(0, 6);
    expect(750 - (q.baseline + metrics.descent * q.fontSize)).toBeCloseTo(15 * 0.75, 6);
    expect(placeWord({ text: "x", x: 10, y: 1500, width: 0, height: 20 }, tile, 960, metrics, 0.5)).toBeNull();
  });

  it("keeps a word cut by the page's right or left edge inside the page's width, over the part the page shows", () => {
    const right = (p: NonNullable<ReturnType<typeof placeWord>>) => p.x + 2.0 * p.fontSize * (p.horizontalScale / 100);
    // A 1280 px wide page is 960 pt: a word from 1270 px, 40 px wide, ends at the page's edge.
    const cutRight = placeWord({ text: "Överkalix", x: 1270, y: 1100, width: 40, height: 22 }, tile, 960, metrics, 2.0, 0.75)!;
    expect(cutRight.x).toBeCloseTo(1270 * 0.75, 6);
    expect(right(cutRight)).toBeCloseTo(960, 6);
    // One from -10 px starts at the page's edge and ends where it ends in the image.
    const cutLeft = placeWord({ text: "kommun", x: -10, y: 1100, width: 40, height: 22 }, tile, 960, metrics, 2.0, 0.75)!;
    expect(cutLeft.x).toBe(0);
    expect(right(cutLeft)).toBeCloseTo(30 * 0.75, 6);
  });
});

describe("wrapText", () => {
  const measure = (t: string) => t.length * 5;

  it("breaks long URLs and hashes so every character stays on the page, in order", () => {
    const url = "https://www.facebook.com/overkalixkommun?locale=sv_SE&sk=about";
    const lines = wrapText(url, 130, measure);
    expect(lines.join("")).toBe(url);
    for (const l of lines) expect(measure(l)).toBeLessThanOrEqual(130);
    expect(lines[0].endsWith("/")).toBe(true);
  });

  it("wraps words and keeps explicit line breaks", () => {
    expect(wrapText("ett två tre fyra\nfem", 39, measure)).toEqual(["ett två", "tre", "fyra", "fem"]);
  });

  it("leaves no short word alone on a heading's last line: the word before it goes down with it, when both fit", () => {
    const heading = "Ögonblicksbild Instagram Provkommun på Instagram 2026 H1";
    const lines = wrapText(heading, 265, measure);
    expect(lines.at(-1)).toBe("H1");
    const kept = keepLastWordCompany(lines, 265, measure);
    expect(kept.at(-1)).toBe("2026 H1");
    expect(kept.join(" ")).toBe(heading);
    for (const l of kept) expect(measure(l)).toBeLessThanOrEqual(265);
    // A long last word, one line, or a pair too wide for the line stay as they are.
    expect(keepLastWordCompany(["ett två", "Instagram"], 265, measure)).toEqual(["ett två", "Instagram"]);
    expect(keepLastWordCompany(["ett två"], 265, measure)).toEqual(["ett två"]);
    expect(keepLastWordCompany(["ett tvåtretton", "H1"], 30, measure)).toEqual(["ett tvåtretton", "H1"]);
  });
});

describe("band encoding decision", () => {
  it("keeps a lossless PNG for flat bands unless it is much bigger than the JPEG", () => {
    expect(chooseEncoding(1000, null)).toBe("jpeg");
    expect(chooseEncoding(1000, 1200)).toBe("png");
    expect(chooseEncoding(1000, 2000)).toBe("jpeg");
  });

  it("counts colours up to the palette limit", () => {
    const rgb = Buffer.from([0, 0, 0, 255, 255, 255, 0, 0, 0, 1, 2, 3]);
    expect(countColours(rgb)).toBe(3);
  });
});

function jpegMarkers(bytes: Buffer): number[] {
  const markers: number[] = [];
  for (let i = 2; i + 3 < bytes.length && bytes[i] === 0xff && bytes[i + 1] !== 0xda; i += 2 + bytes.readUInt16BE(i + 2)) markers.push(bytes[i + 1]!);
  return markers;
}

describe("Chromium's JPEG bands", () => {
  const gradient = () => {
    const px = Buffer.alloc(64 * 48 * 3);
    for (let i = 0; i < px.length; i += 3) { px[i] = (i / 3) % 64 * 4; px[i + 1] = 128; px[i + 2] = Math.floor(i / 3 / 64) * 5; }
    return sharp(px, { raw: { width: 64, height: 48, channels: 3 } });
  };

  it("go into the record as they are, less the ICC profile, EXIF and comments, with the same pixels", async () => {
    const withMeta = await gradient().withMetadata({ icc: "srgb", exif: { IFD0: { Copyright: "x" } } }).jpeg({ quality: 85 }).toBuffer();
    expect(jpegMarkers(withMeta)).toEqual(expect.arrayContaining([0xe1, 0xe2]));
    const plain = plainBaselineJpeg(withMeta)!;
    expect(plain).not.toBeNull();
    const markers = jpegMarkers(plain);
    expect(markers).toContain(0xc0);
    expect(markers.filter((m) => m >= 0xe1 && m <= 0xef)).toEqual([]);
    const a = await sharp(withMeta).raw().toBuffer();
    const b = await sharp(plain).raw().toBuffer();
    expect(b.equals(a)).toBe(true);
    const [band] = await encodeSnapshotImages([{ image: withMeta, format: "jpeg", top: 0, height: 48, width: 64, pixelWidth: 64, pixelHeight: 48 }]);
    expect(band!.format).toBe("jpeg");
    expect(band!.image.equals(plain)).toBe(true);
  });

  it("are re-encoded when they are progressive, CMYK or not JPEG at all", async () => {
    const progressive = await gradient().jpeg({ quality: 85, progressive: true }).toBuffer();
    const cmyk = await gradient().toColourspace("cmyk").jpeg({ quality: 85 }).toBuffer();
    expect(plainBaselineJpeg(progressive)).toBeNull();
    expect(plainBaselineJpeg(cmyk)).toBeNull();
    expect(plainBaselineJpeg(await gradient().png().toBuffer())).toBeNull();
    expect(plainBaselineJpeg(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]))).toBeNull();
    const [band] = await encodeSnapshotImages([{ image: progressive, format: "jpeg", top: 0, height: 48, width: 64, pixelWidth: 64, pixelHeight: 48 }]);
    expect(jpegMarkers(band!.image)).not.toContain(0xc2);
  });
});

describe("XMP", () => {
  it("carries the PDF/A identification, Dublin Core, dates and the source URL in a declared extension", () => {
    const xmp = buildXmp({ ...sampleMetadata(), title: "Ögonblicksbild <&> test" }, "1b", "somarkiv");
    expect(xmp).toContain("<pdfaid:part>1</pdfaid:part>");
    expect(xmp).toContain("<pdfaid:conformance>B</pdfaid:conformance>");
    expect(xmp).toContain('<rdf:li xml:lang="x-default">Ögonblicksbild &lt;&amp;&gt; test</rdf:li>');
    expect(xmp).toContain("<xmp:CreateDate>2026-12-01T06:00:00+00:00</xmp:CreateDate>");
    expect(xmp).toContain("<somarkiv:sourceUrl>https://www.facebook.com/overkalixkommun</somarkiv:sourceUrl>");
    expect(xmp).toContain("<pdfaSchema:prefix>somarkiv</pdfaSchema:prefix>");
    expect(xmp).toMatch(/<xmpMM:DocumentID>uuid:[0-9a-f-]{36}<\/xmpMM:DocumentID>/);
    expect(pdfDate(new Date("2026-12-01T06:00:00Z"))).toBe("D:20261201060000+00'00'");
    expect(xmpDate(new Date("2026-12-01T06:00:00.123Z"))).toBe("2026-12-01T06:00:00+00:00");
  });
});

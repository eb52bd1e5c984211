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

  /** "Linje 0001" … on lines of `lineHeight` px, each word's box `boxHeight` tall and centred on its line, as Chromium measures them. */
  const lines = (count: number, lineHeight: number, boxHeight: number, top = 8) =>
    Array.from({ length: count }, (_, i) => {
      const y = top + i * lineHeight + (lineHeight - boxHeight) / 2;
      const n = String(i + 1).padStart(4, "0");
      return [
        { text: "Linje", x: 8, y, width: 34, height: boxHeight },
        { text: n, x: 46, y, width: 31, height: boxHeight },
      ];
    }).flat();
  /** How deep into a word's box the cut at y goes, on its shallower side (0 when it does not cross it). */
  const depth = (w: { y: number; height: number }, y: number) => Math.max(0, Math.min(y - w.y, w.y + w.height - y));
  const pageHeightOf = 1811; // 1280 px wide, A4 proportions

  const coversOnce = (tiles: ReturnType<typeof tileSnapshot>, height: number, tileHeight: number) => {
    expect(tiles[0].top).toBe(0);
    expect(tiles.at(-1)!.bottom).toBe(height);
    for (let i = 1; i < tiles.length; i++) expect(tiles[i].top).toBe(tiles[i - 1].bottom);
    for (const t of tiles.slice(0, -1)) expect(t.bottom - t.top).toBeLessThanOrEqual(tileHeight);
  };

  it("ends each page between two lines of dense text (13 px on 16 px lines, no space between them), none longer than a page", () => {
    // The DejaVu Sans 13 px box (15.13 px) on 16 px lines, boxes that meet exactly, and boxes taller than the line (Noto, 17.7 px).
    for (const boxHeight of [15.13, 16, 17.7]) {
      const words = lines(1500, 16, boxHeight);
      const height = 8 + 1500 * 16 + 8;
      const tiles = tileSnapshot(1280, [{ top: 0, height: 9000 }, { top: 9000, height: height - 9000 }], { words });
      expect(tiles.length).toBeGreaterThan(12);
      coversOnce(tiles, height, pageHeightOf);
      for (const t of tiles.slice(0, -1)) {
        const cut = words.filter((w) => depth(w, t.bottom) > 1).map((w) => `${w.text} ${w.y}`);
        expect(cut, `the page ending at ${t.bottom} px`).toEqual([]);
        expect(t.bottom - t.top).toBeGreaterThanOrEqual(pageHeightOf * 7 / 8);
      }
      // The line the expert found cut in two stands whole on one page.
      const line = words.filter((w) => w.text === "0905" || w.y === words.find((v) => v.text === "0905")!.y);
      expect(new Set(line.map((w) => tileForWord(tiles, w))).size).toBe(1);
    }
  });

  it("ends a page where the least of a line is cut off when lines overlap, between two lines", () => {
    // 20 px boxes on 16 px lines: every place crosses a line; the cut stands where two lines overlap.
    const words = lines(600, 16, 20, 0);
    const tiles = tileSnapshot(1280, [{ top: 0, height: 9600 }], { words });
    coversOnce(tiles, 9600, pageHeightOf);
    for (const t of tiles.slice(0, -1)) {
      expect(Math.max(...words.map((w) => depth(w, t.bottom))), `the page ending at ${t.bottom} px`).toBeLessThanOrEqual(2);
    }
  });

  it("ends a page in the tallest space between words within an eighth of a page above its full height, else at its full height", () => {
    // Lines of 24 px, a paragraph's space of 30 px above line 70 (at 1683 px, 128 px above the full page's foot).
    const words = lines(200, 24, 18, 0).map((w, i) => (i >= 140 ? { ...w, y: w.y + 30 } : w));
    const [first] = tileSnapshot(1280, [{ top: 0, height: 5000 }], { words });
    expect(first.bottom).toBeGreaterThanOrEqual(words[139].y + words[139].height);
    expect(first.bottom).toBeLessThanOrEqual(words[140].y);
    // A picture with no words, and words far from the foot: the page is a full one.
    const picture = [{ text: "Bildtext", x: 8, y: 100, width: 60, height: 18 }, { text: "Nedanför", x: 8, y: 4000, width: 60, height: 18 }];
    expect(tileSnapshot(1280, [{ top: 0, height: 5000 }], { words: picture }).map((t) => t.bottom)).toEqual([1811, 3622, 5000]);
    expect(tileSnapshot(1280, [{ top: 0, height: 3050 }], { tileHeight: 1000, words: picture }).map((t) => [t.top, t.bottom])).toEqual([
      [0, 1000],
      [1000, 2000],
      [2000, 3050],
    ]);
    // A paragraph's space further up than an eighth of a page is not taken: the page is never that short.
    const far = lines(200, 24, 18, 0).map((w, i) => (i >= 120 ? { ...w, y: w.y + 30 } : w));
    const [full] = tileSnapshot(1280, [{ top: 0, height: 5000 }], { words: far });
    expect(far[120].y).toBeLessThan(1811 - 226);
    expect(full.bottom).toBeGreaterThanOrEqual(1811 - 226);
    expect(far.filter((w) => depth(w, full.bottom) > 1)).toEqual([]);
  });

  it("covers the whole page once, no page longer than a full one, whatever the words", () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 30; round++) {
      const height = 2000 + Math.floor(random() * 20_000);
      const words = Array.from({ length: 400 }, () => ({ text: "ord", x: 10, y: random() * height - 50, width: 30, height: random() < 0.1 ? random() * 900 : 5 + random() * 40 }));
      const bands = [{ top: 0, height: Math.floor(height / 3) }, { top: Math.floor(height / 3), height: height - Math.floor(height / 3) }];
      const tiles = tileSnapshot(1280, bands, { words });
      coversOnce(tiles, height, pageHeightOf);
      for (const t of tiles) {
        expect(Number.isInteger(t.top) && Number.isInteger(t.bottom)).toBe(true);
        expect(t.pieces[0].from).toBe(t.top);
        expect(t.pieces.at(-1)!.to).toBe(t.bottom);
      }
      for (const t of tiles.slice(0, -2)) expect(t.bottom - t.top).toBeGreaterThanOrEqual(pageHeightOf * 7 / 8);
    }
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

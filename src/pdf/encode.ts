import sharp from "sharp";
import type { Slice } from "../capture/types.ts";
import { jpegFrame, jpegSegments } from "./jpeg.ts";

/**
 * JPEG settings for photographic bands. Quality 82 with full-resolution colour (4:4:4)
 * keeps small and coloured text crisp at 100 % zoom; baseline (not progressive) JPEG is
 * what PDF/A-1 readers and old archive viewers decode without surprises.
 */
export const JPEG_QUALITY = 82;

/** A band with at most this many colours is a candidate for a lossless palette PNG. */
const PALETTE_LIMIT = 256;

/**
 * A lossless PNG is kept when it is at most this much bigger than the JPEG: a flat band
 * (text on a plain background) stays pixel-exact for a small price.
 */
const PNG_PREFERENCE = 1.25;

export type BandEncoding = "jpeg" | "png";

/** The pure choice between the encodings of one band, given their sizes. */
export function chooseEncoding(jpegBytes: number, pngBytes: number | null): BandEncoding {
  if (pngBytes === null) return "jpeg";
  return pngBytes <= jpegBytes * PNG_PREFERENCE ? "png" : "jpeg";
}

/** Counts distinct RGB colours up to limit + 1 (enough to know the band is "many-coloured"). */
export function countColours(rgb: Buffer, limit = PALETTE_LIMIT): number {
  const seen = new Set<number>();
  for (let i = 0; i + 2 < rgb.length; i += 3) {
    seen.add((rgb[i] << 16) | (rgb[i + 1] << 8) | rgb[i + 2]);
    if (seen.size > limit) break;
  }
  return seen.size;
}

/**
 * A baseline, three-component JPEG (what Chromium's screenshot gives) goes into the PDF as it
 * is, less its metadata: application segments (an ICC profile, EXIF) and comments are cut, so
 * the image says nothing that contradicts the PDF's sRGB output intent. Anything else: null.
 */
export function plainBaselineJpeg(bytes: Buffer): Buffer | null {
  const parsed = jpegSegments(bytes);
  const frame = jpegFrame(bytes);
  if (!parsed || !frame) return null;
  // SOF0/SOF1: baseline or extended sequential Huffman, 8 bits, which every PDF reader decodes.
  if ((frame.marker !== 0xc0 && frame.marker !== 0xc1) || frame.bitsPerSample !== 8 || frame.components !== 3) return null;
  // APP0 (JFIF) and Adobe's APP14, which says how the three components are coded, stay.
  const keep = parsed.segments.filter((g) => !((g.marker >= 0xe1 && g.marker <= 0xef && g.marker !== 0xee) || g.marker === 0xfe));
  return Buffer.concat([bytes.subarray(0, 2), ...keep.map((g) => bytes.subarray(g.start, g.end)), bytes.subarray(parsed.scanStart)]);
}

async function encodeBand(slice: Slice): Promise<Slice> {
  if (slice.format === "jpeg") {
    const plain = plainBaselineJpeg(slice.image);
    if (plain) return { ...slice, image: plain };
  }
  // Flatten any alpha on white: PDF/A-1 forbids soft masks, and a page is seen on white.
  const { data, info } = await sharp(slice.image)
    .flatten({ background: { r: 255, g: 255, b: 255 } })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const raw = { raw: { width: info.width, height: info.height, channels: 3 as const } };
  const jpeg = await sharp(data, raw)
    .jpeg({
      quality: JPEG_QUALITY,
      chromaSubsampling: "4:4:4",
      progressive: false,
      optimiseCoding: true,
      // mozjpeg's trellis quantisation and deringing (kept baseline: no optimised scans)
      // make bands about a fifth smaller at the same quality, with less ringing around text.
      trellisQuantisation: true,
      overshootDeringing: true,
      quantisationTable: 3,
      optimiseScans: false,
      mozjpeg: false,
    })
    .toBuffer();
  let png: Buffer | null = null;
  const colours = countColours(data);
  if (colours <= PALETTE_LIMIT) {
    png = await sharp(data, raw)
      .png({ palette: true, colours: Math.max(2, colours), dither: 0, compressionLevel: 9, effort: 7 })
      .toBuffer();
  }
  const format = chooseEncoding(jpeg.length, png?.length ?? null);
  return {
    ...slice,
    image: format === "png" && png ? png : jpeg,
    format,
    pixelWidth: info.width,
    pixelHeight: info.height,
  };
}

/**
 * Makes the capture's bands ready for the record. Chromium's baseline JPEG bands are kept as
 * they are, less their metadata. Other bands (PNG, progressive or CMYK JPEG) are re-encoded:
 * JPEG for photographic bands, a lossless palette PNG for flat bands when that is not much
 * bigger. No alpha, RGB only, no ICC profile or EXIF inside the images (the PDF's output
 * intent says sRGB).
 */
export async function encodeSnapshotImages(slices: Slice[]): Promise<Slice[]> {
  const out: Slice[] = [];
  // One band at a time: a full-page band can be tens of megabytes of raw pixels.
  for (const slice of slices) out.push(await encodeBand(slice));
  return out;
}

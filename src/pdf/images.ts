import zlib from "node:zlib";
import { PDFDocument, PDFName, PDFNumber, PDFHexString, PDFArray, PDFRef, PDFRawStream } from "pdf-lib";
import type { Slice } from "../capture/types.ts";
import { jpegFrame } from "./jpeg.ts";

/**
 * The PNG's compressed pixel data go into the PDF as they are (Flate with PNG predictors),
 * keeping the palette: pdf-lib would expand palette PNGs to 24-bit RGB and lose the saving.
 */
interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  palette: Buffer | null;
  idat: Buffer;
}

function parsePng(bytes: Buffer): PngParts {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!bytes.subarray(0, 8).equals(signature)) throw new Error("A screenshot band said to be PNG is not a PNG image.");
  let pos = 8;
  let width = 0;
  let height = 0;
  let bitDepth = 8;
  let colourType = 2;
  let interlace = 0;
  let palette: Buffer | null = null;
  const idat: Buffer[] = [];
  while (pos + 8 <= bytes.length) {
    const length = bytes.readUInt32BE(pos);
    const type = bytes.toString("latin1", pos + 4, pos + 8);
    const data = bytes.subarray(pos + 8, pos + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      bitDepth = data[8];
      colourType = data[9];
      interlace = data[12];
    } else if (type === "PLTE") palette = Buffer.from(data);
    else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") break;
    pos += 12 + length;
  }
  if (interlace !== 0 || bitDepth === 16 || (colourType !== 2 && colourType !== 3 && colourType !== 0)) {
    throw new Error("A screenshot band is a PNG kind the PDF cannot take as is (interlaced, 16-bit or with alpha); encode it with encodeSnapshotImages first.");
  }
  return { width, height, bitDepth, colourType, palette, idat: Buffer.concat(idat) };
}

/** Adds one screenshot band as an image XObject in DeviceRGB (or palette over DeviceRGB). */
export function embedBandImage(doc: PDFDocument, slice: Slice): PDFRef {
  const ctx = doc.context;
  let stream: PDFRawStream;
  if (slice.format === "jpeg") {
    const frame = jpegFrame(slice.image);
    if (!frame) throw new Error("A screenshot band said to be JPEG is not a readable JPEG image.");
    const { width, height, components } = frame;
    if (components !== 3) throw new Error("A JPEG screenshot band is not RGB; encode it with encodeSnapshotImages first.");
    stream = ctx.stream(slice.image, {
      Type: "XObject",
      Subtype: "Image",
      Width: width,
      Height: height,
      ColorSpace: "DeviceRGB",
      BitsPerComponent: 8,
      Filter: "DCTDecode",
    });
  } else {
    const png = parsePng(slice.image);
    const colours = png.colourType === 2 ? 3 : 1;
    let colourSpace: PDFName | PDFArray;
    if (png.colourType === 3) {
      if (!png.palette) throw new Error("A palette PNG screenshot band has no palette.");
      colourSpace = ctx.obj([
        PDFName.of("Indexed"),
        PDFName.of("DeviceRGB"),
        PDFNumber.of(png.palette.length / 3 - 1),
        PDFHexString.of(png.palette.toString("hex")),
      ]);
    } else if (png.colourType === 0) {
      colourSpace = PDFName.of("DeviceGray");
    } else {
      colourSpace = PDFName.of("DeviceRGB");
    }
    // Check the data inflate before trusting it: a broken band must fail here, not in a viewer years later.
    zlib.inflateSync(png.idat);
    stream = ctx.stream(png.idat, {
      Type: "XObject",
      Subtype: "Image",
      Width: png.width,
      Height: png.height,
      ColorSpace: colourSpace,
      BitsPerComponent: png.bitDepth,
      Filter: "FlateDecode",
      DecodeParms: { Predictor: 15, Colors: colours, BitsPerComponent: png.bitDepth, Columns: png.width },
    });
  }
  return ctx.register(stream);
}

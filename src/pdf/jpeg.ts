/**
 * The few facts the record needs from a JPEG file's headers, read without decoding it: its
 * segments up to the image data, and its frame (size, components, coding).
 */

export interface JpegSegment {
  marker: number;
  /** Offset of the segment's 0xFF marker byte, and of the byte after the segment. */
  start: number;
  end: number;
}

/** The segments before the image data, and where the image data starts; null when the bytes are not a JPEG this can read. */
export function jpegSegments(bytes: Buffer): { segments: JpegSegment[]; scanStart: number } | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const segments: JpegSegment[] = [];
  let pos = 2;
  while (pos + 4 <= bytes.length) {
    if (bytes[pos] !== 0xff) return null;
    const marker = bytes[pos + 1]!;
    if (marker === 0xff) { pos++; continue; } // fill byte
    const length = bytes.readUInt16BE(pos + 2);
    if (length < 2 || pos + 2 + length > bytes.length) return null;
    if (marker === 0xda) return { segments, scanStart: pos };
    segments.push({ marker, start: pos, end: pos + 2 + length });
    pos += 2 + length;
  }
  return null;
}

/** A start-of-frame marker: SOF0 to SOF15, less DHT (C4), JPG (C8) and DAC (CC). */
export function isFrameMarker(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export interface JpegFrame {
  /** SOF0 (0xC0) is baseline, SOF2 (0xC2) progressive. */
  marker: number;
  bitsPerSample: number;
  width: number;
  height: number;
  components: number;
}

export function jpegFrame(bytes: Buffer): JpegFrame | null {
  const parsed = jpegSegments(bytes);
  const sof = parsed?.segments.find((g) => isFrameMarker(g.marker));
  if (!sof || sof.end - sof.start < 10) return null;
  return {
    marker: sof.marker,
    bitsPerSample: bytes[sof.start + 4]!,
    height: bytes.readUInt16BE(sof.start + 5),
    width: bytes.readUInt16BE(sof.start + 7),
    components: bytes[sof.start + 9]!,
  };
}

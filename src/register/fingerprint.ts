import sharp from "sharp";

/** The page top is scaled to SIZE×SIZE and the lowest KEEP×KEEP frequencies are kept: 16×16 = 256 bits = 64 hex digits. */
const SIZE = 64;
const KEEP = 16;
/**
 * How much of the page top is hashed, as a multiple of its width. At the default 1280 px viewport
 * this is ≈ 1800 px, the first two screenfuls: where a new post appears. Further down are older
 * posts and footers, which only dilute the signal (and full-page heights vary with lazy content).
 */
const TOP_ASPECT = 1.4;

/**
 * A perceptual fingerprint (pHash) of the top of a snapshot screenshot: greyscale, scaled down to
 * 64×64, a 2-D DCT, and one bit per low-frequency coefficient saying whether it is above the median.
 * It describes the layout of light and dark areas: a changed date or like count moves almost no
 * bit, a new post that pushes the feed down moves many.
 *
 * Why not a difference hash (dHash): social feeds are rows of look-alike cards, and a dHash of a
 * feed shifted down by one card is almost the same as before (measured 5–7 % on the fixtures, as
 * close as a changed date); the DCT sees the shift (≈ 17 % against < 1 % for dates).
 */
export async function imageFingerprint(png: Buffer): Promise<string> {
  let meta: { width?: number; height?: number };
  try {
    meta = await sharp(png).metadata();
  } catch (e) {
    throw new Error(`The snapshot image could not be read for the passive-account check (${(e as Error).message}). The screenshot file may be damaged; capture the account again.`);
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width < 1 || height < 1) throw new Error("The snapshot image is empty (no pixels); capture the account again.");
  const top = Math.min(height, Math.max(1, Math.round(width * TOP_ASPECT)));
  const { data } = await sharp(png)
    .extract({ left: 0, top: 0, width, height: top })
    .flatten({ background: "#ffffff" })
    .greyscale()
    .resize(SIZE, SIZE, { fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });

  const coeffs = lowFrequencies(Float64Array.from(data.subarray(0, SIZE * SIZE)));
  // The median of the AC coefficients: the DC term (overall brightness) would skew it.
  const median = medianOf(coeffs.slice(1));
  let hex = "";
  for (let i = 0; i < coeffs.length; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4; j++) nibble = (nibble << 1) | (coeffs[i + j]! > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** The KEEP×KEEP lowest-frequency coefficients of the 2-D DCT-II of a SIZE×SIZE image, row by row (separable: rows, then columns). */
function lowFrequencies(px: Float64Array): number[] {
  const cos = new Float64Array(KEEP * SIZE);
  for (let u = 0; u < KEEP; u++) for (let x = 0; x < SIZE; x++) cos[u * SIZE + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE));
  const rows = new Float64Array(SIZE * KEEP); // rows[y][u]
  for (let y = 0; y < SIZE; y++) {
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let x = 0; x < SIZE; x++) s += px[y * SIZE + x]! * cos[u * SIZE + x]!;
      rows[y * KEEP + u] = s;
    }
  }
  const out: number[] = [];
  for (let v = 0; v < KEEP; v++) {
    for (let u = 0; u < KEEP; u++) {
      let s = 0;
      for (let y = 0; y < SIZE; y++) s += rows[y * KEEP + u]! * cos[v * SIZE + y]!;
      out.push(s);
    }
  }
  return out;
}

function medianOf(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

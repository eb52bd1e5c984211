import sharp from "sharp";

/** Hash grid: 16 rows × 16 horizontal comparisons = 256 bits = 64 hex digits. */
const COLS = 16;
const ROWS = 16;
/**
 * How much of the page top is hashed, as a multiple of its width. At the default 1280 px viewport
 * this is ≈ 1800 px, the first two screenfuls: where a new post appears. Further down are older
 * posts and footers, which only dilute the signal (and full-page heights vary with lazy content).
 */
const TOP_ASPECT = 1.4;

/**
 * A perceptual fingerprint (difference hash) of the top of a snapshot screenshot: the image is
 * greyed, scaled down to 17×16 and each bit says whether a cell is brighter than its right-hand
 * neighbour. Small edits (a date, a like count) change a few cells; new content changes the layout.
 * Cells that are equally bright (empty background) give a stable 0, not noise.
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
    .resize(COLS + 1, ROWS, { fit: "fill", kernel: "lanczos3" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  let hex = "";
  let nibble = 0;
  let n = 0;
  for (let y = 0; y < ROWS; y++) {
    for (let x = 0; x < COLS; x++) {
      const left = data[y * (COLS + 1) + x]!;
      const right = data[y * (COLS + 1) + x + 1]!;
      nibble = (nibble << 1) | (left > right ? 1 : 0);
      if (++n % 4 === 0) {
        hex += nibble.toString(16);
        nibble = 0;
      }
    }
  }
  return hex;
}

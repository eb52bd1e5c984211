export { buildRecordPdf, SRGB_PROFILE_PATH, SNAPSHOT_FOOTER_PT } from "./build.ts";
export { encodeSnapshotImages, JPEG_QUALITY } from "./encode.ts";
export { tileSnapshot, tileForWord, PT_PER_CSS_PX } from "./tiling.ts";
export type { Tile, TilePiece, BandSpan } from "./tiling.ts";
export type { Conformance, PdfInput, PdfMetadata, PdfOutput, RecordSheet } from "./types.ts";

import type { Slice, WordBox } from "../capture/types.ts";

export type Conformance = "2b" | "1b";

/** The record sheet: a title and labelled rows, all in Swedish, as the registrar reads them. */
export interface RecordSheet {
  heading: string;
  rows: Array<{ label: string; value: string }>;
}

export interface PdfMetadata {
  title: string;
  /** dc:creator: the records creator (arkivbildare) or organisation. */
  author: string;
  subject?: string;
  keywords?: string[];
  /** The account URL that was captured. */
  sourceUrl: string;
  /** The language the captured page says it is in (its lang attribute, "fi"), when it says one. */
  pageLanguage?: string;
  createDate: Date;
  /** Stable document id (the record id); the PDF trailer /ID is derived from it. */
  documentId: string;
  producer: string;
}

export interface PdfInput {
  sheet: RecordSheet;
  snapshot: {
    slices: Slice[];
    words: WordBox[];
    pageWidth: number;
    pageHeight: number;
  };
  metadata: PdfMetadata;
  conformance: Conformance;
}

export interface PdfOutput {
  bytes: Uint8Array;
  pages: number;
}

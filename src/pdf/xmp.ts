import crypto from "node:crypto";
import type { Conformance, PdfMetadata } from "./types.ts";

/** Namespace of somarkiv's own XMP properties, declared in the PDF/A extension schema. */
export const SOMARKIV_NS = "https://somarkiv.se/ns/record/1.0/";
export const SOMARKIV_PREFIX = "somarkiv";

function esc(s: string): string {
  return (
    s
      // XML 1.0 cannot carry most control characters, not even escaped.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
  );
}

/** ISO 8601 with seconds and an explicit UTC offset, as XMP dates are written. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

/** The same instant as a PDF date string (Info dictionary), with the same offset. */
export function pdfDate(d: Date): string {
  const iso = d.toISOString();
  return `D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}+00'00'`;
}

/** A stable UUID-shaped id (name-based, SHA-256) so the same record always gets the same ids. */
export function stableUuid(name: string): string {
  const h = crypto.createHash("sha256").update(name).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function documentUuid(documentId: string): string {
  return `uuid:${stableUuid(`somarkiv-document:${documentId}`)}`;
}

export function instanceUuid(documentId: string): string {
  return `uuid:${stableUuid(`somarkiv-instance:${documentId}`)}`;
}

/** The keywords as the Info dictionary and pdf:Keywords carry them. */
export function keywordString(keywords: string[] | undefined): string | undefined {
  return keywords && keywords.length > 0 ? keywords.join(", ") : undefined;
}

/**
 * The languages of the record: its sheet is Swedish, and the page it shows is in its own language,
 * which an archive searching by language must find too ("fi" for a Finnish page). The page's tag
 * is written as XMP wants one ("sv_SE" as "sv-SE"); a tag that is not one is left out.
 */
export function recordLanguages(pageLanguage: string | undefined): string[] {
  const tag = (pageLanguage ?? "").replace(/_/g, "-");
  // Only the sheet's own Swedish is named once: Finland's Swedish (sv-FI, as Tornedalen's Finnish-side
  // partners write) is a language of its own to an archive searching by it, and was lost.
  if (!/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(tag) || /^sv(-se)?$/i.test(tag)) return ["sv-SE"];
  return ["sv-SE", tag];
}

/**
 * The XMP packet of the record: PDF/A identification, Dublin Core, dates, producer and
 * document ids, and the captured URL in somarkiv's own property, declared by a PDF/A
 * extension schema so validators accept it. Values match the Info dictionary exactly.
 */
export function buildXmp(meta: PdfMetadata, conformance: Conformance, creatorTool: string): string {
  const part = conformance === "1b" ? "1" : "2";
  const date = xmpDate(meta.createDate);
  const keywords = keywordString(meta.keywords);
  const lines: string[] = [];
  lines.push(`<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>`);
  lines.push(`<x:xmpmeta xmlns:x="adobe:ns:meta/">`);
  lines.push(`<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">`);
  lines.push(
    `<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">`,
    `<pdfaid:part>${part}</pdfaid:part>`,
    `<pdfaid:conformance>B</pdfaid:conformance>`,
    `</rdf:Description>`,
  );
  lines.push(`<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">`);
  lines.push(`<dc:format>application/pdf</dc:format>`);
  lines.push(`<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.title)}</rdf:li></rdf:Alt></dc:title>`);
  lines.push(`<dc:creator><rdf:Seq><rdf:li>${esc(meta.author)}</rdf:li></rdf:Seq></dc:creator>`);
  if (meta.subject) {
    lines.push(`<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${esc(meta.subject)}</rdf:li></rdf:Alt></dc:description>`);
  }
  if (meta.keywords && meta.keywords.length > 0) {
    lines.push(`<dc:subject><rdf:Bag>${meta.keywords.map((k) => `<rdf:li>${esc(k)}</rdf:li>`).join("")}</rdf:Bag></dc:subject>`);
  }
  lines.push(`<dc:source>${esc(meta.sourceUrl)}</dc:source>`);
  lines.push(`<dc:language><rdf:Bag>${recordLanguages(meta.pageLanguage).map((l) => `<rdf:li>${l}</rdf:li>`).join("")}</rdf:Bag></dc:language>`);
  lines.push(`</rdf:Description>`);
  lines.push(
    `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">`,
    `<xmp:CreateDate>${date}</xmp:CreateDate>`,
    `<xmp:ModifyDate>${date}</xmp:ModifyDate>`,
    `<xmp:MetadataDate>${date}</xmp:MetadataDate>`,
    `<xmp:CreatorTool>${esc(creatorTool)}</xmp:CreatorTool>`,
    `</rdf:Description>`,
  );
  lines.push(`<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">`);
  lines.push(`<pdf:Producer>${esc(meta.producer)}</pdf:Producer>`);
  if (keywords) lines.push(`<pdf:Keywords>${esc(keywords)}</pdf:Keywords>`);
  lines.push(`</rdf:Description>`);
  lines.push(
    `<rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">`,
    `<xmpMM:DocumentID>${documentUuid(meta.documentId)}</xmpMM:DocumentID>`,
    `<xmpMM:InstanceID>${instanceUuid(meta.documentId)}</xmpMM:InstanceID>`,
    `</rdf:Description>`,
  );
  lines.push(
    `<rdf:Description rdf:about="" xmlns:${SOMARKIV_PREFIX}="${SOMARKIV_NS}">`,
    `<${SOMARKIV_PREFIX}:sourceUrl>${esc(meta.sourceUrl)}</${SOMARKIV_PREFIX}:sourceUrl>`,
    `<${SOMARKIV_PREFIX}:recordId>${esc(meta.documentId)}</${SOMARKIV_PREFIX}:recordId>`,
    `</rdf:Description>`,
  );
  const property = (name: string, description: string) =>
    `<rdf:li rdf:parseType="Resource">` +
    `<pdfaProperty:name>${name}</pdfaProperty:name>` +
    `<pdfaProperty:valueType>Text</pdfaProperty:valueType>` +
    `<pdfaProperty:category>external</pdfaProperty:category>` +
    `<pdfaProperty:description>${esc(description)}</pdfaProperty:description>` +
    `</rdf:li>`;
  lines.push(
    `<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">`,
    `<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">`,
    `<pdfaSchema:schema>somarkiv record of a social media snapshot</pdfaSchema:schema>`,
    `<pdfaSchema:namespaceURI>${SOMARKIV_NS}</pdfaSchema:namespaceURI>`,
    `<pdfaSchema:prefix>${SOMARKIV_PREFIX}</pdfaSchema:prefix>`,
    `<pdfaSchema:property><rdf:Seq>`,
    property("sourceUrl", "The address of the social media account page that was captured"),
    property("recordId", "The record id of the snapshot in the somarkiv log"),
    `</rdf:Seq></pdfaSchema:property>`,
    `</rdf:li></rdf:Bag></pdfaExtension:schemas>`,
    `</rdf:Description>`,
  );
  lines.push(`</rdf:RDF>`);
  lines.push(`</x:xmpmeta>`);
  // Padding lets a later tool update the packet in place, as XMP recommends.
  for (let i = 0; i < 20; i++) lines.push(" ".repeat(99));
  lines.push(`<?xpacket end="w"?>`);
  return lines.join("\n");
}

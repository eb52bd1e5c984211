import { execFile } from "node:child_process";
import fs from "node:fs";
import { promisify } from "node:util";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  decodePDFRawStream,
} from "pdf-lib";

const run = promisify(execFile);

/** PDFBox Preflight and what it needs at run time (Debian: libpdfbox2-java, libactivation-java, libjaxb-api-java). */
const PREFLIGHT_CLASSPATH = [
  "pdfbox2.jar",
  "preflight.jar",
  "xmpbox.jar",
  "fontbox2.jar",
  "commons-logging.jar",
  "javax.activation.jar",
  "jaxb-api.jar",
].map((jar) => `/usr/share/java/${jar}`);

/**
 * Preflight checks PDF/A-1b. For a PDF/A-2b file these of its findings are not faults:
 * the header version (1.1), embedded files and optional content (1.4.7, 1.4.8),
 * transparency (2.2, 4) and the identification part being 2, not 1 (7.11.2).
 */
const PREFLIGHT_1B_ONLY = [/^1\.1(\.|$)/, /^1\.4\.7$/, /^1\.4\.8$/, /^2\.2(\.|$)/, /^4(\.|$)/, /^7\.11\.2$/];

/** Keys a PDF/A record must never contain, anywhere. */
const FORBIDDEN_KEYS = ["JavaScript", "JS", "AA", "Encrypt", "Launch"];

async function tool(cmd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(cmd, args, { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== "number") throw new Error(`Could not run ${cmd}: ${e.message}`);
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function text(obj: unknown): string | undefined {
  if (obj instanceof PDFString || obj instanceof PDFHexString) return obj.decodeText();
  return undefined;
}

function xmlUnescape(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** The first value of an XMP property, written as an element or as an attribute. */
function xmpValue(xmp: string, name: string): string | undefined {
  const el = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xmp);
  if (el) {
    const li = /<rdf:li(?:\s[^>]*)?>([\s\S]*?)<\/rdf:li>/.exec(el[1]);
    return xmlUnescape((li ? li[1] : el[1]).trim());
  }
  const attr = new RegExp(`\\s${name}="([^"]*)"`).exec(xmp);
  return attr ? xmlUnescape(attr[1]) : undefined;
}

/** Info dictionary dates ("D:20261201060000+00'00'") and XMP dates as instants, for comparison. */
function pdfDateToMs(s: string): number {
  const m = /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(s);
  if (!m) return NaN;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  if (m[8]) ms -= (m[8] === "-" ? -1 : 1) * ((+m[9] * 60 + +m[10]) * 60_000);
  return ms;
}

function structuralChecks(doc: PDFDocument, bytes: Buffer, conformance: "2b" | "1b"): string[] {
  const problems: string[] = [];
  const ctx = doc.context;
  const header = bytes.subarray(0, 8).toString("latin1");
  if (conformance === "1b" && header !== "%PDF-1.4" && !/^%PDF-1\.[0-3]$/.test(header)) {
    problems.push(`PDF/A-1b needs a PDF 1.4 (or older) header, the file starts with "${header}".`);
  }
  if (ctx.trailerInfo.Encrypt) problems.push("The file is encrypted; PDF/A forbids encryption.");
  const id = ctx.trailerInfo.ID;
  if (!(id instanceof PDFArray) || id.size() !== 2) problems.push("The trailer has no file identifier (/ID).");

  const catalog = doc.catalog;
  // Metadata: an uncompressed XMP stream with the PDF/A identification.
  const metaObj = catalog.lookup(PDFName.of("Metadata"));
  let xmp = "";
  if (!(metaObj instanceof PDFRawStream)) {
    problems.push("The catalog has no XMP metadata stream (/Metadata).");
  } else {
    if (metaObj.dict.get(PDFName.of("Filter"))) problems.push("The XMP metadata stream is compressed; PDF/A wants it readable as is.");
    xmp = Buffer.from(decodePDFRawStream(metaObj).decode()).toString("utf8");
    const part = xmpValue(xmp, "pdfaid:part");
    const conf = xmpValue(xmp, "pdfaid:conformance");
    const wantPart = conformance === "1b" ? "1" : "2";
    if (part !== wantPart) problems.push(`XMP pdfaid:part is ${part ?? "missing"}, expected ${wantPart}.`);
    if (conf !== "B") problems.push(`XMP pdfaid:conformance is ${conf ?? "missing"}, expected B.`);
    for (const prop of ["dc:title", "dc:creator", "xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate", "pdf:Producer", "xmpMM:DocumentID"]) {
      if (!xmpValue(xmp, prop)) problems.push(`XMP ${prop} is missing.`);
    }
    if (!/pdfaExtension:schemas/.test(xmp)) problems.push("XMP has no PDF/A extension schema for its own properties.");
  }

  // Info dictionary in step with XMP.
  const infoRef = ctx.trailerInfo.Info;
  const info = infoRef instanceof PDFRef ? ctx.lookup(infoRef) : infoRef;
  if (info instanceof PDFDict && xmp) {
    const pairs: Array<[string, string]> = [
      ["Title", "dc:title"],
      ["Author", "dc:creator"],
      ["Producer", "pdf:Producer"],
      ["Subject", "dc:description"],
      ["Keywords", "pdf:Keywords"],
      ["Creator", "xmp:CreatorTool"],
    ];
    for (const [key, prop] of pairs) {
      const v = text(info.lookup(PDFName.of(key)));
      if (v !== undefined && v !== xmpValue(xmp, prop)) {
        problems.push(`Info /${key} "${v}" differs from XMP ${prop} "${xmpValue(xmp, prop) ?? "(missing)"}".`);
      }
    }
    for (const [key, prop] of [["CreationDate", "xmp:CreateDate"], ["ModDate", "xmp:ModifyDate"]] as const) {
      const v = text(info.lookup(PDFName.of(key)));
      if (v === undefined) continue;
      const x = xmpValue(xmp, prop);
      if (!/(Z|[+-]\d{2}'?\d{2}'?)$/.test(v)) problems.push(`Info /${key} "${v}" has no time zone.`);
      if (!x || pdfDateToMs(v) !== Date.parse(x)) problems.push(`Info /${key} "${v}" differs from XMP ${prop} "${x ?? "(missing)"}".`);
    }
  }

  // Output intent with an RGB ICC profile.
  const intents = catalog.lookup(PDFName.of("OutputIntents"));
  const pdfa = intents instanceof PDFArray
    ? intents.asArray().map((r) => ctx.lookup(r)).find((d) => d instanceof PDFDict && d.get(PDFName.of("S")) === PDFName.of("GTS_PDFA1"))
    : undefined;
  if (!(pdfa instanceof PDFDict)) problems.push("There is no PDF/A output intent (/OutputIntents with /S /GTS_PDFA1).");
  else if (!(pdfa.lookup(PDFName.of("DestOutputProfile")) instanceof PDFStream)) problems.push("The PDF/A output intent has no ICC profile (DestOutputProfile).");

  // Every object: forbidden keys, and for PDF/A-1 no transparency or attachments.
  const seen = new Set<string>();
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : undefined;
    if (!dict) continue;
    const where = `object ${ref.objectNumber}`;
    for (const key of dict.keys()) {
      const k = key.decodeText();
      if (FORBIDDEN_KEYS.includes(k) && !seen.has(k)) {
        seen.add(k);
        problems.push(`Forbidden key /${k} found (${where}).`);
      }
    }
    const s = dict.get(PDFName.of("S"));
    if ((s === PDFName.of("JavaScript") || s === PDFName.of("Launch")) && !seen.has(`S:${s}`)) {
      seen.add(`S:${s}`);
      problems.push(`Forbidden action ${s.toString()} found (${where}).`);
    }
    const type = dict.get(PDFName.of("Type"));
    if (conformance === "1b") {
      if (dict.get(PDFName.of("SMask")) && dict.get(PDFName.of("SMask")) !== PDFName.of("None")) {
        problems.push(`PDF/A-1 forbids soft masks, found /SMask (${where}).`);
      }
      if (type === PDFName.of("ObjStm") || type === PDFName.of("XRef")) {
        problems.push(`PDF/A-1 (PDF 1.4) cannot use ${type.toString()} streams (${where}).`);
      }
      if (dict.get(PDFName.of("EmbeddedFiles")) || type === PDFName.of("EmbeddedFile")) {
        problems.push(`PDF/A-1 forbids embedded files (${where}).`);
      }
      const group = dict.lookup(PDFName.of("Group"));
      if (group instanceof PDFDict && group.get(PDFName.of("S")) === PDFName.of("Transparency")) {
        problems.push(`PDF/A-1 forbids transparency groups (${where}).`);
      }
    }
  }
  return problems;
}

async function fontChecks(path: string): Promise<string[]> {
  const { code, stdout, stderr } = await tool("pdffonts", [path]);
  if (code !== 0) return [`pdffonts could not read the file: ${stderr.trim()}`];
  const problems: string[] = [];
  const lines = stdout.split("\n").slice(2).filter((l) => l.trim());
  for (const line of lines) {
    // Columns: name, type, encoding, emb, sub, uni, object, generation (name may be "[none]").
    const cols = line.trim().split(/\s+/);
    const emb = cols[cols.length - 5];
    if (emb !== "yes") problems.push(`Font ${cols[0]} is not embedded (pdffonts).`);
  }
  return problems;
}

async function preflight(path: string, conformance: "2b" | "1b"): Promise<string[]> {
  const missing = PREFLIGHT_CLASSPATH.filter((jar) => !fs.existsSync(jar));
  if (missing.length > 0) {
    return [`PDFBox Preflight cannot run, missing ${missing.join(", ")}: install libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless.`];
  }
  const { stdout, stderr } = await tool("java", ["-cp", PREFLIGHT_CLASSPATH.join(":"), "org.apache.pdfbox.preflight.Validator_A1b", path]);
  const out = `${stdout}\n${stderr}`;
  if (/is a valid PDF\/A-1b file/.test(out)) return [];
  const problems: string[] = [];
  for (const line of out.split("\n")) {
    const m = /^\s*([\d.]+)\s*:\s*(.*)$/.exec(line);
    if (!m) continue;
    if (conformance === "2b" && PREFLIGHT_1B_ONLY.some((re) => re.test(m[1]))) continue;
    problems.push(`PDFBox Preflight ${m[1]}: ${m[2]}`);
  }
  if (problems.length === 0 && !/error\(s\)/.test(out)) problems.push(`PDFBox Preflight gave no verdict: ${out.trim().slice(0, 500)}`);
  return problems;
}

/**
 * Checks a PDF against the PDF/A rules the records depend on and returns the problems
 * found, in plain words (empty: conforming). Runs qpdf --check, pdffonts, a structural
 * check (XMP, Info, output intent, forbidden keys, trailer ID, PDF/A-1 limits) and PDFBox
 * Preflight (PDF/A-1b; for 2b files its 1b-only findings are ignored).
 */
export async function checkPdfA(path: string, conformance: "2b" | "1b"): Promise<string[]> {
  const bytes = fs.readFileSync(path);
  const problems: string[] = [];
  const [qpdf, fonts, pre] = await Promise.all([
    tool("qpdf", ["--check", path]),
    fontChecks(path),
    preflight(path, conformance),
  ]);
  if (qpdf.code !== 0) problems.push(`qpdf --check found problems: ${(qpdf.stdout + qpdf.stderr).trim().split("\n").slice(-5).join(" / ")}`);
  problems.push(...fonts);
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: true, ignoreEncryption: true });
    problems.push(...structuralChecks(doc, bytes, conformance));
  } catch (err) {
    problems.push(`The PDF could not be parsed: ${(err as Error).message}`);
  }
  problems.push(...pre);
  return problems;
}

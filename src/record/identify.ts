import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eventsFor, type RecordLog, type RecordRow } from "../log/index.ts";

/**
 * What a file someone holds is, by its content: the record whose PDF (or manifest) has exactly these
 * bytes, as the chained "captured" event recorded them when the record was made (not the row, which
 * can be changed by hand), or why it is none. For the registrar asked whether a PDF handed out, or
 * sent back, is the registered one unchanged: the copy in the intake is the registrar's own, and
 * `verify` alone checks only the store's.
 */
export type FileIdentity =
  | { file: string; sha256: string; found: "record"; part: "pdf" | "manifest"; record: RecordRow; rowChanged?: { en: string; sv: string; eventsChanged?: true } }
  | { file: string; sha256: string; found: "changed"; record: RecordRow; expected: string; namedBy: "file-name" | "metadata" }
  | { file: string; sha256: string; found: "made-elsewhere"; record: RecordRow; expected: string; madeAt: string }
  | { file: string; sha256: string; found: "none" }
  | { file: string; found: "unreadable"; error: string; errorSv: string };

export function identifyFile(log: RecordLog, file: string): FileIdentity {
  let sha256: string;
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
    sha256 = crypto.createHash("sha256").update(bytes).digest("hex");
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const [error, errorSv] = err.code === "ENOENT" ? ["there is no such file", "det finns ingen sådan fil"]
      : err.code === "EISDIR" ? ["it is a folder, not a file", "det är en mapp, inte en fil"]
      : err.code === "EACCES" || err.code === "EPERM" ? ["this user may not read it", "den här användaren får inte läsa den"]
      : [err.message, err.message];
    return { file, found: "unreadable", error, errorSv };
  }
  for (const { recordId, part } of log.records.capturedWithChecksum(sha256)) {
    const row = log.records.get(recordId);
    if (!row) continue;
    // Its row changed by hand (a checksum, an account, a time): the file is still the record, said
    // as its events have it, and the changed row is named apart, so that neither is taken for the other.
    const rowChanged = log.records.rowNotAsEvents(row);
    return { file, sha256, found: "record", part, record: { ...row, ...rowChanged?.asEvents }, ...(rowChanged ? { rowChanged: { en: rowChanged.en, sv: rowChanged.sv, ...(rowChanged.eventsChanged ? { eventsChanged: true as const } : {}) } } : {}) };
  }
  // Named as a record (its file name as delivered), with other content: that record, changed. A copy
  // renamed and then changed (a byte, a re-save, an annotation) still names its record inside, in the
  // PDF's metadata: the lawyer is told which record it claims to be, not that it is none.
  const candidates = [path.basename(file), ...idsWithin(bytes)];
  for (const candidate of candidates) {
    const named = log.records.findId(candidate);
    const record = named ? log.records.get(named) : undefined;
    if (!record || record.status === "failed") continue;
    const captured = eventsFor(log.db, record.recordId).find((e) => e.type === "captured")?.data;
    const expected = /\.json$/i.test(file) ? captured?.manifestSha256 : captured?.sha256;
    if (typeof expected !== "string") continue;
    // A PDF whose metadata says it was made at another time than this record was taken is a record of
    // the same name made by another log (a trial installation, another server), not this one changed.
    const madeAt = createDateWithin(bytes);
    const takenAt = typeof captured?.capturedAt === "string" ? captured.capturedAt : record.capturedAt;
    if (madeAt && Math.abs(Date.parse(madeAt) - Math.floor(Date.parse(takenAt) / 1000) * 1000) >= 1000) return { file, sha256, found: "made-elsewhere", record, expected, madeAt };
    return { file, sha256, found: "changed", record, expected, namedBy: candidate === candidates[0] ? "file-name" : "metadata" };
  }
  return { file, sha256, found: "none" };
}

/** When the PDF says it was made (its XMP CreateDate, which somarkiv writes as the time the page was taken), as ISO 8601; undefined when it says none. */
function createDateWithin(bytes: Buffer): string | undefined {
  const m = /<xmp:CreateDate>([^<]{10,40})<\/xmp:CreateDate>/.exec(bytes.toString("latin1"));
  const at = m ? Date.parse(m[1]!) : NaN;
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** Record ids written in a file's bytes (a PDF's metadata names its record), in order, each once; the first 20. */
function idsWithin(bytes: Buffer): string[] {
  const text = bytes.toString("latin1");
  const ids = new Set<string>();
  for (const m of text.matchAll(/(?<![a-z0-9-])[a-z0-9][a-z0-9-]*_\d{4}-H[12]_v\d+(?![0-9])/g)) {
    ids.add(m[0]);
    if (ids.size >= 20) break;
  }
  return [...ids];
}

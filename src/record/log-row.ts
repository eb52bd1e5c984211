/**
 * A record's row in the log, as its manifest makes it: one reading for the record a capture has just
 * made and for one taken back from the spool or from the store (recover), so that a record taken back
 * says in the log, and in records --csv, what its sheet says, as if the log had seen it made.
 */
import type { NewCapturedRecord, RecordFiling } from "../log/index.ts";
import type { Manifest } from "./types.ts";
import { flagsSv } from "./metadata.ts";
import { serviceName } from "../config/schema.ts";
import { manifestSaysEarlyEitherWay } from "./early.ts";

/** What only the files themselves tell, not the manifest: the PDF's and the manifest's own checksum and size. */
export interface RecordFiles {
  sha256: string;
  bytes: number;
  manifestSha256: string;
  manifestBytes: number;
}

/** The row less where it waits (the spool) and what only the capture knows (fingerprints, the run): each caller adds its own. */
export type ManifestRow = Omit<NewCapturedRecord, "spoolDir" | "textFingerprint" | "imageFingerprint" | "runId">;

/**
 * The row a manifest makes. Taken back, the manifest was read from a file anyone can edit: a field of
 * the wrong kind is left out, as the capture would not have written it.
 */
export function recordRowFromManifest(m: Manifest, files: RecordFiles): ManifestRow {
  const filing = filingOf(m);
  return {
    recordId: m.recordId, accountId: m.accountId, period: m.period, version: m.version, final: m.final === true,
    capturedAt: m.capturedAt, url: m.url, finalUrl: m.finalUrl, httpStatus: m.httpStatus ?? null,
    sha256: files.sha256, bytes: files.bytes, pages: m.pdf?.pages ?? 0, pdfName: `${m.recordId}.pdf`, manifestName: `${m.recordId}.json`,
    manifestSha256: files.manifestSha256, manifestBytes: files.manifestBytes,
    consent: m.consent, flags: Array.isArray(m.flags) ? m.flags : [], previousRecordId: m.previousRecordId ?? null,
    ...(filing ? { filing } : {}),
    ...(typeof m.madeBy?.log === "string" && typeof m.madeBy.installation === "string" ? { madeBy: { log: m.madeBy.log, installation: m.madeBy.installation } } : {}),
  };
}

/**
 * What the registrar files it under and why it was taken, as its sheet says, and the consent button it
 * names; none without a title
 * (records --csv then gives the filing the configuration makes now).
 */
function filingOf(m: Manifest): RecordFiling | undefined {
  if (typeof m.title !== "string" || !m.title) return undefined;
  return {
    title: m.title, collectiveCase: m.collectiveCase, classification: m.classification,
    // What else the registrar files it by, as its sheet says it; records --csv reads them here for an
    // account no longer in the configuration, whose sheet the configuration cannot give again.
    ...(typeof m.accountName === "string" && m.accountName ? { accountName: m.accountName } : {}),
    ...(typeof m.platform === "string" && m.platform ? { service: serviceName({ platform: m.platform, url: typeof m.url === "string" ? m.url : null }) } : {}),
    ...(typeof m.creator === "string" && m.creator ? { creator: m.creator } : {}),
    ...(typeof m.documentType === "string" && m.documentType ? { documentType: m.documentType } : {}),
    ...(typeof m.retention === "string" && m.retention ? { retention: m.retention } : {}),
    ...(typeof m.takenBecause === "string" && m.takenBecause ? { takenBecause: m.takenBecause } : {}),
    // Said either way where the manifest's release did (0.2.0 on), so that what reads the log later
    // tells a record not taken early from one of a release that did not note it (record/early.ts).
    ...(m.beforeHalfYearChange === true ? { beforeHalfYearChange: true } : manifestSaysEarlyEitherWay(m) ? { beforeHalfYearChange: false } : {}),
    ...(typeof m.afterEarlySnapshot === "string" && m.afterEarlySnapshot ? { afterEarlySnapshot: m.afterEarlySnapshot } : {}),
    ...(typeof m.consentButton === "string" && m.consentButton ? { consentButton: m.consentButton } : {}),
    ...(m.consentPage === true ? { consentPage: true } : {}),
    ...(Array.isArray(m.consentButtonsSeen) && m.consentButtonsSeen.length ? { consentButtonsSeen: m.consentButtonsSeen.filter((l) => typeof l === "string") } : {}),
    ...(typeof m.signedIn === "boolean" ? { signedIn: m.signedIn } : {}),
    ...(Array.isArray(m.flags) && m.flags.length ? { remarks: flagsSv(m.flags, m) } : {}),
  };
}

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { recordKey, sha256File } from "../storage/index.ts";
import type { DeliveryItem } from "../intake/types.ts";
import { intakeEn } from "./metadata.ts";
import { intakeNumberClashSaid, intakeNumberNotTaken } from "./dnr.ts";
import { rowChangedHeld } from "./row-held.ts";
import { deliveryItem, type PipelineContext } from "./pipeline.ts";

/** What became of a record asked to be delivered again: refused as asked, or each intake's outcome. */
export type AgainOutcome =
  | { refused: string }
  | { notMatching: string }
  | { delivered: Array<{ target: string; receipt: string; alreadyHad?: string; dnr?: string; dnrClash?: string }>; failed: Array<{ target: string; error: string }> };

/**
 * A record delivered again to every configured intake, or to the one named `only` (deliver --again), as the registrar lost its copy
 * (a file deleted from the intake folder by mistake, an e-mail gone): taken from the archive's store, not
 * the spool, and checked against the checksums the log holds before anything is sent, so that what the
 * registrar gets is the record as it was made. Each delivery is a chained event; e-mail and HTTP intakes
 * are told it may be a repeat.
 */
export async function deliverAgain(ctx: PipelineContext, typed: string, by: string, only?: string): Promise<AgainOutcome> {
  const recordId = ctx.log.records.findId(typed);
  const rec = recordId ? ctx.log.records.get(recordId) : undefined;
  if (!rec) return { refused: `the log has no record ${typed}; "somarkiv records" lists them, with their ids` };
  if (rec.status === "failed") return { refused: `${rec.recordId} is a failed capture: there is no record to deliver` };
  if (rec.status === "captured") return { refused: `${rec.recordId} is not stored in the archive yet, nor delivered: "somarkiv deliver" stores and delivers it` };
  if (!ctx.targets.length) return { refused: `the configuration names no intake to deliver ${rec.recordId} to` };
  const changed = ctx.log.records.capturedChanges(rec);
  if (changed.length) return { notMatching: rowChangedHeld(rec, changed, true, ctx.log.records.eventsChanged(rec.recordId)?.en) };

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-again-"));
  try {
    const pdfPath = path.join(tmp, rec.pdfName!);
    const manifestPath = path.join(tmp, rec.manifestName!);
    try {
      await ctx.store.download(recordKey(rec.period, rec.accountId, rec.version!, "pdf"), pdfPath);
      await ctx.store.download(recordKey(rec.period, rec.accountId, rec.version!, "json"), manifestPath);
    } catch (e) {
      return { notMatching: `the copy of ${rec.recordId} in ${ctx.store.description} could not be read: ${(e as Error).message}. Nothing was delivered. Run "somarkiv verify", which says what is wrong with the store` };
    }
    const [pdf, manifestDigest] = [await sha256File(pdfPath), await sha256File(manifestPath)];
    const bad = [pdf.sha256 !== rec.sha256 ? `its PDF (SHA-256 ${pdf.sha256}, the log has ${rec.sha256})` : "", manifestDigest.sha256 !== rec.manifestSha256 ? `its manifest (SHA-256 ${manifestDigest.sha256}, the log has ${rec.manifestSha256})` : ""].filter(Boolean);
    if (bad.length) return { notMatching: `the copy of ${rec.recordId} in ${ctx.store.description} does not match the checksum the log holds: ${bad.join(" and ")}. Nothing was delivered. Run "somarkiv verify", and ask IT to restore the record's objects from the store's backup` };

    const item: DeliveryItem = { ...deliveryItem(ctx, rec, tmp), deliveredAgain: true };
    const out: Extract<AgainOutcome, { delivered: unknown }> = { delivered: [], failed: [] };
    // The one intake asked for (--intake), or every one: the registrar may have lost only the folder's copy.
    for (const target of ctx.targets.filter((t) => only === undefined || t.name === only)) {
      try {
        const receipt = await target.deliver(item);
        // A record's id echoed as the number is no number, as in a first delivery (intakeNumberNotTaken).
        const dnr = receipt.dnr && !intakeNumberNotTaken(receipt.dnr, ctx.log.records.findId(receipt.dnr) !== undefined) ? receipt.dnr : undefined;
        const clash = ctx.log.records.markDeliveredAgain(rec.recordId, target.name, receipt.receipt, by, dnr);
        out.delivered.push({ target: target.name, receipt: receipt.receipt, ...(receipt.alreadyHad ? { alreadyHad: receipt.alreadyHad } : {}), ...(dnr ? { dnr } : {}), ...(clash ? { dnrClash: intakeNumberClashSaid(rec.recordId, clash) } : {}) });
      } catch (e) {
        out.failed.push({ target: target.name, error: `${intakeEn(target.name)}: ${(e as Error).message}` });
      }
    }
    return out;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Which somarkiv installation left a proof of its log's head in the store. A log copied to a new server
 * shares its chain up to the copy, so the chain alone cannot tell a log put back from a backup (the
 * longer log is gone) from a second installation still writing to the same store (it is not): the
 * proof names the server and the log file it was written from, and one of another is not a restore.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ObjectStore } from "../storage/types.ts";
import type { RecordLog } from "../log/index.ts";

export function installationOf(log: RecordLog): string {
  return `${os.hostname()}:${path.resolve(log.file)}`;
}

/** The installation a proof names, or undefined for one written before proofs named it (or unreadable). */
export async function anchorInstallation(store: ObjectStore, key: string): Promise<{ installation: string; verifiedAt: string | null } | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-anchor-"));
  try {
    const file = path.join(dir, "anchor.json");
    await store.download(key, file);
    const body = JSON.parse(fs.readFileSync(file, "utf8")) as { installation?: unknown; verifiedAt?: unknown };
    return typeof body.installation === "string" ? { installation: body.installation, verifiedAt: typeof body.verifiedAt === "string" ? body.verifiedAt : null } : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Who made a record of the store that this log does not know, when it was not this installation (see madeElsewhere). */
export interface MadeElsewhere {
  log: string;
  installation: string;
  /** A copy of this same log, running elsewhere at the same time (a server left running after a move), not a log of its own. */
  copyOfThisLog: boolean;
}

/**
 * Whether a record's manifest in the store that this log does not know says another installation made
 * it, while this one was running too: then it is that installation's record, not one this log lost
 * from a backup. A manifest that names another log is another installation's. One that names this log
 * at another server or path is a copy of this log's, and is another's only when this installation made
 * a record after the latest one the log has from there and before this one: both were capturing at once.
 * A log put back from a backup made none in that time (the lost records came before it was put back),
 * and neither did a log put back on the server it had left. Undefined for this installation's own, for a
 * manifest made before manifests named their log (December 2026), and for one that cannot be read.
 */
export async function madeElsewhere(log: RecordLog, store: ObjectStore, key: string): Promise<MadeElsewhere | undefined> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-manifest-"));
  try {
    const file = path.join(dir, "manifest.json");
    await store.download(key, file);
    return madeElsewhereSaid(log, fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** madeElsewhere, of a manifest's text. */
export function madeElsewhereSaid(log: RecordLog, manifest: string): MadeElsewhere | undefined {
  const id = log.identity();
  if (!id) return undefined;
  let m: { madeBy?: { log?: unknown; installation?: unknown }; capturedAt?: unknown } | null;
  try {
    m = JSON.parse(manifest) as typeof m;
  } catch {
    return undefined;
  }
  const by = m?.madeBy;
  if (typeof by?.log !== "string" || typeof by.installation !== "string") return undefined;
  if (by.log !== id) return { log: by.log, installation: by.installation, copyOfThisLog: false };
  const here = installationOf(log);
  if (by.installation === here || typeof m!.capturedAt !== "string") return undefined;
  return log.records.capturedAtBetween(here, log.records.lastCapturedAt(by.installation), m!.capturedAt)
    ? { log: by.log, installation: by.installation, copyOfThisLog: true }
    : undefined;
}

export function otherInstallationSaid(store: string, other: string, seq: number, at: string | null): string {
  return `another somarkiv installation writes to this store (${store}): its log ${other} had ${seq} events when it was verified${at ? ` at ${at}` : ""}, and they are not this log's. Two installations on one store capture the same accounts twice and deliver records again. Stop one of them (its worker and its timers), the one on the server that is no longer to be used; this is not a log put back from a backup, so do not run "somarkiv recover" for it`;
}

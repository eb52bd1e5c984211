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

/**
 * The log a record's manifest in the store says made it (`madeBy`), when it is another log than this
 * one: a record of another installation, not one this log lost. Undefined for this log's own, for a
 * manifest made before manifests named their log, and for one that cannot be read.
 */
export async function madeByOtherLog(log: RecordLog, store: ObjectStore, key: string): Promise<{ log: string; installation: string } | undefined> {
  const id = log.identity();
  if (!id) return undefined;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-manifest-"));
  try {
    const file = path.join(dir, "manifest.json");
    await store.download(key, file);
    return otherLogIn(fs.readFileSync(file, "utf8"), id);
  } catch {
    return undefined;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The `madeBy` of a manifest's text when it names a log other than `logId`. */
export function otherLogIn(manifest: string, logId: string): { log: string; installation: string } | undefined {
  try {
    const m = (JSON.parse(manifest) as { madeBy?: { log?: unknown; installation?: unknown } } | null)?.madeBy;
    if (typeof m?.log !== "string" || m.log === logId) return undefined;
    return { log: m.log, installation: typeof m.installation === "string" ? m.installation : m.log };
  } catch {
    return undefined;
  }
}

export function otherInstallationSaid(store: string, other: string, seq: number, at: string | null): string {
  return `another somarkiv installation writes to this store (${store}): its log ${other} had ${seq} events when it was verified${at ? ` at ${at}` : ""}, and they are not this log's. Two installations on one store capture the same accounts twice and deliver records again. Stop one of them (its worker and its timers), the one on the server that is no longer to be used; this is not a log put back from a backup, so do not run "somarkiv recover" for it`;
}

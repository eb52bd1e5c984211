import type { Config } from "../config/index.ts";
import type { RecordLog } from "../log/index.ts";
import { detectPassive, takenFarEnoughApart, type PassiveFinding } from "../register/index.ts";

/**
 * For each account, compare its newest snapshot with the newest one of an earlier period
 * ("Stäng passiva konton"). Accounts without two such snapshots, or without fingerprints, are left out.
 */
export function passiveFindings(config: Config, log: RecordLog): Map<string, PassiveFinding> {
  const out = new Map<string, PassiveFinding>();
  for (const a of config.accounts) {
    const cur = log.records.latestSnapshot(a.id);
    if (!cur?.textFingerprint || !cur.imageFingerprint) continue;
    const prev = log.records.latestSnapshotBefore(a.id, cur.period);
    if (!prev?.textFingerprint || !prev.imageFingerprint || !takenFarEnoughApart(prev.capturedAt, cur.capturedAt)) continue;
    out.set(a.id, detectPassive(a.id,
      { recordId: prev.recordId, period: prev.period, text: prev.textFingerprint, image: prev.imageFingerprint },
      { recordId: cur.recordId, period: cur.period, text: cur.textFingerprint, image: cur.imageFingerprint }));
  }
  return out;
}

import { counted } from "../words/counted.ts";
import { seriesIds, type Config } from "../config/index.ts";
import type { RecordLog } from "../log/index.ts";
import { COMPARABLE_APART_DAYS, detectPassive, takenFarEnoughApart, type PassiveFinding } from "../register/index.ts";

/**
 * For each account, compare its newest snapshot with the newest one of an earlier period
 * ("Stäng passiva konton"). Accounts without two such snapshots, or without fingerprints, are left out.
 */
export function passiveFindings(config: Config, log: RecordLog): Map<string, PassiveFinding> {
  const out = new Map<string, PassiveFinding>();
  for (const a of config.accounts) {
    const cur = log.records.latestSnapshot(seriesIds(a));
    if (!cur?.textFingerprint || !cur.imageFingerprint) continue;
    const prev = log.records.latestSnapshotBefore(seriesIds(a), cur.period);
    if (!prev?.textFingerprint || !prev.imageFingerprint || !takenFarEnoughApart(prev.capturedAt, cur.capturedAt)) continue;
    out.set(a.id, detectPassive(a.id,
      { recordId: prev.recordId, period: prev.period, text: prev.textFingerprint, image: prev.imageFingerprint },
      { recordId: cur.recordId, period: cur.period, text: cur.textFingerprint, image: cur.imageFingerprint }));
  }
  return out;
}

/**
 * The accounts whose two newest snapshots of different periods were taken too close together to say
 * whether the account is kept up (a half-year made up on the day the next was taken, as on the day
 * somarkiv is installed): status says so, rather than leaving the policy's check silent.
 */
export function passiveNotJudged(config: Config, log: RecordLog): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of config.accounts) {
    const cur = log.records.latestSnapshot(seriesIds(a));
    if (!cur) continue;
    const prev = log.records.latestSnapshotBefore(seriesIds(a), cur.period);
    if (!prev || takenFarEnoughApart(prev.capturedAt, cur.capturedAt)) continue;
    const days = Math.floor(Math.abs(Date.parse(cur.capturedAt) - Date.parse(prev.capturedAt)) / 86_400_000);
    out.set(a.id, `its snapshots of ${prev.period} and ${cur.period} were taken ${days === 0 ? "the same day" : `${counted(days, "day")} apart`}, and only snapshots at least ${COMPARABLE_APART_DAYS} days apart can show whether the account is kept up; the next half-year's snapshot, compared with this one, will tell`);
  }
  return out;
}

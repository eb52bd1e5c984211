import { counted } from "../words/counted.ts";
import { normaliseSnapshotText } from "./snapshot-words.ts";
import { fingerprintOf, sharedCount } from "./text-fingerprint.ts";
import type { PassiveFinding, SnapshotComparison, SnapshotFingerprint } from "./types.ts";

export { normaliseSnapshotText };

// Thresholds. Both signals must agree before an account is called passive, because the verdict is
// advice to close a public channel: a false "passive" costs more than a missed one.
//
// Text: after dates, times and counters are set aside, an untouched start page gives the very same
// words (similarity 1.0). Platforms still shuffle small things without the account posting (a
// "suggested" box, a translated button label), so a little slack is allowed; one new post of even
// 15–20 words on a start page of ~600 words brings the similarity below 0.98.
export const TEXT_SIMILARITY_PASSIVE = 0.98;
// Image: the fingerprint is a 256-bit perceptual hash (DCT) of the top of the page. On the test
// fixtures, changed dates and counters move < 1 % of the bits and a new post at the top of the feed
// ≈ 17 %; with real photos in posts a new post moves more. 8 % leaves room on both sides.
export const IMAGE_DISTANCE_PASSIVE = 0.08;

/**
 * How much of the two snapshots' words are shared: the Dice coefficient over word multisets
 * (2·|common| / (|a| + |b|)). Order is ignored on purpose: a feed that re-sorts the same posts
 * ("Mest relevanta") has not been updated. Each is a page's text or the fingerprint the log keeps
 * of it (textFingerprint), which gives the same answer.
 */
export function textSimilarity(a: string, b: string): number {
  const wa = fingerprintOf(a).words;
  const wb = fingerprintOf(b).words;
  if (wa.length === 0 && wb.length === 0) return 1;
  return (2 * sharedCount(wa, wb)) / (wa.length + wb.length);
}

/**
 * At most this many words may differ for an account to be "probably passive": a platform's box
 * beside the account's own content ("Rekommenderat", "Fler videor", suggested accounts) shows a few
 * titles picked anew on each load, which moves a small page well under TEXT_SIMILARITY_PASSIVE
 * though the account posted nothing. Whether such words are the platform's or a short post of the
 * account, somarkiv cannot tell; a person can, with the two records before them. Half a dozen new
 * posts (a feed kept up) differ in well over this many.
 */
export const FEW_WORDS_DIFFER = 40;

/**
 * What differs between two snapshots' texts (or their fingerprints): how many words are gone and how
 * many new (as textSimilarity counts them), how many stayed, and how many lines are new and gone
 * (lines compared with dates and counters set aside, in any order). The lines themselves are not
 * said: the log keeps no text of the page (what they said is in the records).
 */
export function textDifference(a: string, b: string): { same: number; gone: number; added: number; newLines: number; goneLines: number } {
  const fa = fingerprintOf(a);
  const fb = fingerprintOf(b);
  const same = sharedCount(fa.words, fb.words);
  const sameLines = sharedCount(fa.lines, fb.lines);
  return { same, gone: fa.words.length - same, added: fb.words.length - same, newLines: fb.lines.length - sameLines, goneLines: fa.lines.length - sameLines };
}

/** Share of differing bits between two hex fingerprints of the same length (0 = identical, 1 = all bits differ). */
export function fingerprintDistance(a: string, b: string): number {
  if (a.length !== b.length || !/^[0-9a-f]*$/i.test(a + b)) {
    throw new Error(`The two image fingerprints cannot be compared (${a.length} and ${b.length} hex digits); they were made by different versions of somarkiv. Compare snapshots fingerprinted the same way.`);
  }
  if (a.length === 0) return 0;
  let bits = 0;
  for (let i = 0; i < a.length; i++) {
    let x = parseInt(a[i]!, 16) ^ parseInt(b[i]!, 16);
    while (x) {
      bits += x & 1;
      x >>= 1;
    }
  }
  return bits / (a.length * 4);
}

/** Did anything visible change between the previous period's snapshot and this one? */
export function compareSnapshots(prev: SnapshotFingerprint, cur: SnapshotFingerprint): SnapshotComparison {
  const text = textSimilarity(prev.text, cur.text);
  const image = fingerprintDistance(prev.image, cur.image);
  const textSame = text >= TEXT_SIMILARITY_PASSIVE;
  const imageSame = image <= IMAGE_DISTANCE_PASSIVE;
  const pct = (x: number) => `${Math.round(x * 1000) / 10} %`;
  const facts = `text ${pct(text)} the same, image ${pct(image)} different`;
  let reason: string;
  if (textSame && imageSame) {
    reason = `no new text and the top of the page looks the same apart from dates and counters (${facts})`;
  } else if (!textSame && !imageSame) {
    reason = `new text and a changed top of the page (${facts})`;
  } else if (!textSame) {
    reason = `the text has changed although the top of the page looks the same (${facts})`;
  } else {
    reason = `the top of the page looks different although the text is the same, e.g. a new picture (${facts})`;
  }
  return { passive: textSame && imageSame, textSimilarity: text, imageDistance: image, reason, probablyPassive: probablyPassive(prev.text, cur.text, textSame, imageSame) };
}

/**
 * Not passive by the thresholds, but the top of the page alike and only a few words differing,
 * not more than twice those that stayed (a page wholly changed is no box beside the same content):
 * they may be a platform's box of suggestions, or a short post.
 * Said as its own finding, with how many lines differ, for a person to judge; null otherwise.
 */
function probablyPassive(prevText: string, curText: string, textSame: boolean, imageSame: boolean): SnapshotComparison["probablyPassive"] {
  if (textSame || !imageSame) return null;
  const d = textDifference(prevText, curText);
  const differ = Math.max(d.gone, d.added);
  if (differ > FEW_WORDS_DIFFER || 2 * d.same < differ) return null;
  return { wordsDiffering: differ, words: d.same + d.added, newLines: d.newLines, goneLines: d.goneLines };
}

/**
 * A probably passive finding in words, after "<account> may be passive: ": how little differs and
 * where, and what a person looking at the two records decides.
 */
export function probablyPassiveSaid(f: PassiveFinding): string {
  const p = f.probablyPassive!;
  const lines = (n: number, what: string) => (n ? `${counted(n, "line")} ${what}` : "");
  const where = [lines(p.newLines, "new"), lines(p.goneLines, "gone")].filter(Boolean).join(", ");
  return `its snapshot ${f.current.recordId} differs from ${f.previous.recordId} (${f.previous.period}) only in ${p.wordsDiffering} of its ${p.words} words, the top of the page alike${where ? ` (${where})` : ""}. somarkiv cannot tell whether those are the platform's (a "Rekommenderat" box, suggestions, picked anew on each visit) or a post of the account: look at the two records, where they differ. If they are the platform's, the account has posted nothing since ${f.previous.period}, and the policy ("Stäng passiva konton") says accounts that are not updated regularly are to be closed`;
}

/** How far apart in time two snapshots must be taken for their likeness to say the account is not kept up. */
export const COMPARABLE_APART_DAYS = 60;

/**
 * Whether two snapshots were taken far enough apart to be compared for passivity. A missed
 * half-year made up the day the next one was taken shows the same page as it: the account looked
 * passive, and the policy's advice to close it went to a municipality's main account. Pure.
 */
export function takenFarEnoughApart(previousCapturedAt: string, currentCapturedAt: string): boolean {
  const apart = Date.parse(currentCapturedAt) - Date.parse(previousCapturedAt);
  return Number.isFinite(apart) && apart >= COMPARABLE_APART_DAYS * 86_400_000;
}

/** compareSnapshots() for one account, in the shape policyWarnings() and `status` use. */
export function detectPassive(accountId: string, prev: SnapshotFingerprint, cur: SnapshotFingerprint): PassiveFinding {
  return {
    accountId,
    previous: { recordId: prev.recordId, period: prev.period },
    current: { recordId: cur.recordId, period: cur.period },
    ...compareSnapshots(prev, cur),
  };
}

/**
 * The passive accounts among the active ones: for each, its latest period's snapshot is compared
 * with the one of the period before (the latest earlier period on record, if one was missed).
 * `snapshots` are the stored snapshots from the log, any order; where a period has several
 * versions (capture --force), the one with the highest `version` is used.
 * Accounts with fewer than two periods on record are not judged.
 */
export function findPassiveAccounts(
  accounts: { id: string; status: "active" | "closed" }[],
  snapshots: Iterable<SnapshotFingerprint & { accountId: string; version?: number }>,
): Map<string, PassiveFinding> {
  const latestByAccountPeriod = new Map<string, Map<string, SnapshotFingerprint & { version?: number }>>();
  for (const s of snapshots) {
    const periods = latestByAccountPeriod.get(s.accountId) ?? new Map();
    latestByAccountPeriod.set(s.accountId, periods);
    const have = periods.get(s.period);
    if (!have || (s.version ?? 0) > (have.version ?? 0)) periods.set(s.period, s);
  }
  const out = new Map<string, PassiveFinding>();
  for (const a of accounts) {
    if (a.status !== "active") continue;
    const periods = latestByAccountPeriod.get(a.id);
    if (!periods || periods.size < 2) continue;
    // Period names ("2025-H2" < "2026-H1") sort in time order as text.
    const [prev, cur] = [...periods.keys()].sort().slice(-2).map((p) => periods.get(p)!);
    out.set(a.id, detectPassive(a.id, prev!, cur!));
  }
  return out;
}

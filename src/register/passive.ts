import type { PassiveFinding, SnapshotComparison, SnapshotFingerprint } from "./types.ts";

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

const MONTHS = [
  "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "okt", "nov", "dec",
  "january", "february", "march", "may", "june", "july", "august", "october", "oct",
];
const WEEKDAYS = [
  "måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag",
  "mån", "tis", "ons", "tors", "tor", "fre", "lör", "sön",
  "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
];
// Units that follow a number in relative times ("2 tim", "3 dagar sedan", "5 min", "3w", "2 hours ago").
const TIME_UNITS = [
  "s", "sek", "sekund", "sekunder", "sec", "secs", "second", "seconds",
  "m", "min", "mins", "minut", "minuter", "minute", "minutes",
  "t", "h", "hr", "hrs", "tim", "timme", "timmar", "hour", "hours",
  "d", "dag", "dagar", "dagen", "day", "days",
  "v", "w", "vecka", "veckor", "veckan", "week", "weeks", "wk", "wks",
  "mån", "månad", "månader", "mo", "mos", "month", "months",
  "år", "y", "yr", "yrs", "year", "years",
];
// Words that follow a number in counters ("1 234 följare", "12 kommentarer", "3 likes").
const COUNTER_WORDS = [
  "följare", "följer", "prenumeranter", "prenumerant", "inlägg", "gilla-markeringar", "gilla-markering",
  "gillar", "gillamarkeringar", "reaktioner", "reaktion", "kommentarer", "kommentar", "delningar", "delning",
  "visningar", "visning", "svar", "personer", "person", "videor", "video", "bilder", "bild", "medlemmar", "medlem",
  "followers", "follower", "following", "subscribers", "subscriber", "likes", "like", "comments", "comment",
  "shares", "share", "views", "view", "posts", "post", "reposts", "repost", "retweets", "retweet", "replies", "reply",
  "reactions", "reaction", "boosts", "boost", "favourites", "favorites", "toots", "members", "member", "videos",
  "people", "photos",
];
// Relative days and "now", which label posts by age.
const RELATIVE_DAYS = ["i går", "igår", "i dag", "idag", "i morgon", "imorgon", "just nu", "nyss", "yesterday", "today", "just now"];

const alt = (words: string[]) => words.slice().sort((a, b) => b.length - a.length).map(escapeRe).join("|");
// Letters on either side end a word; \b does not know å ä ö.
const W0 = "(?<![\\p{L}\\p{N}])";
const W1 = "(?![\\p{L}\\p{N}])";
// A number as platforms print it: 1 234 / 1.234 / 1,2 / 12K / 1,2 tn / 3,4 mn / 1.2M, with the thin and no-break spaces they use.
const NUM = "\\d+(?:[\\s\\u00a0\\u202f.,:]\\d+)*(?:\\s?(?:k|m|md|mn|mdr|tn|b|tusen|milj\\.?|mn\\.?))?";

const RE_ISO = new RegExp(`${W0}\\d{4}-\\d{1,2}-\\d{1,2}(?:[t\\s]\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2})?(?:\\.\\d+)?(?:z|[+-]\\d{2}:?\\d{2})?)?${W1}`, "giu");
const RE_CLOCK = new RegExp(`${W0}(?:kl\\.?\\s*|klockan\\s+|at\\s+)?\\d{1,2}[:.]\\d{2}(?:[:.]\\d{2})?(?:\\s?(?:am|pm))?${W1}`, "giu");
const RE_DATE_DM = new RegExp(`${W0}(?:den\\s+)?\\d{1,2}(?:\\.|:e|:a)?\\s*(?:${alt(MONTHS)})\\.?(?:\\s+\\d{4})?${W1}`, "giu");
const RE_DATE_MD = new RegExp(`${W0}(?:${alt(MONTHS)})\\.?\\s+\\d{1,2}(?:,?\\s+\\d{4})?${W1}`, "giu");
const RE_RELATIVE = new RegExp(`${W0}(?:för\\s+|för\\s+ungefär\\s+|about\\s+|an?\\s+)?${NUM}\\s*(?:${alt(TIME_UNITS)})\\.?(?:\\s+(?:sedan|ago))?${W1}`, "giu");
const RE_COUNTER = new RegExp(`${W0}${NUM}\\s*(?:${alt(COUNTER_WORDS)})${W1}`, "giu");
const RE_NUMBER = new RegExp(`${W0}${NUM}${W1}`, "giu");
const RE_AGO = new RegExp(`${W0}(?:${alt(RELATIVE_DAYS)})${W1}`, "giu");
const RE_WEEKDAY = new RegExp(`${W0}(?:${alt(WEEKDAYS)})${W1}`, "giu");

/**
 * The words of a snapshot that only the account's own posting can change: dates, times, relative
 * ages ("2 tim", "3 dagar sedan"), counters ("1 234 följare", "1,2 tn", "12K") and all other bare
 * numbers are removed, case and whitespace are folded. A post consisting only of a number is lost
 * this way; that is the price of not calling every account with a changed like count active.
 */
export function normaliseSnapshotText(text: string): string[] {
  let s = text.normalize("NFC").toLowerCase();
  for (const re of [RE_ISO, RE_DATE_DM, RE_DATE_MD, RE_CLOCK, RE_COUNTER, RE_RELATIVE, RE_NUMBER, RE_AGO, RE_WEEKDAY]) {
    s = s.replace(re, " ");
  }
  return s.match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu) ?? [];
}

/**
 * How much of the two snapshots' words are shared: the Dice coefficient over word multisets
 * (2·|common| / (|a| + |b|)). Order is ignored on purpose: a feed that re-sorts the same posts
 * ("Mest relevanta") has not been updated.
 */
export function textSimilarity(a: string, b: string): number {
  const wa = normaliseSnapshotText(a);
  const wb = normaliseSnapshotText(b);
  if (wa.length === 0 && wb.length === 0) return 1;
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let common = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      common++;
      counts.set(w, n - 1);
    }
  }
  return (2 * common) / (wa.length + wb.length);
}

/**
 * At most this many words may differ for an account to be "probably passive": a platform's box
 * beside the account's own content ("Rekommenderat", "Fler videor", suggested accounts) shows a few
 * titles picked anew on each load, which moves a small page well under TEXT_SIMILARITY_PASSIVE
 * though the account posted nothing. Whether such words are the platform's or a short post of the
 * account, somarkiv cannot tell; a person can, with the words before them. Half a dozen new posts
 * (a feed kept up) differ in well over this many.
 */
export const FEW_WORDS_DIFFER = 40;
/** How many of the differing lines, each way, a finding quotes for a person to judge. */
const LINES_QUOTED = 4;

/**
 * What differs between two snapshots' texts: how many words are gone and how many new (as
 * textSimilarity counts them), how many stayed, and the lines they stand in (lines compared with
 * dates and counters set aside, in any order), as the newer and older snapshot show them.
 */
export function textDifference(a: string, b: string): { same: number; gone: number; added: number; newLines: string[]; goneLines: string[] } {
  const wa = normaliseSnapshotText(a);
  const wb = normaliseSnapshotText(b);
  const counts = new Map<string, number>();
  for (const w of wa) counts.set(w, (counts.get(w) ?? 0) + 1);
  let same = 0;
  for (const w of wb) {
    const n = counts.get(w) ?? 0;
    if (n > 0) {
      same++;
      counts.set(w, n - 1);
    }
  }
  return { same, gone: wa.length - same, added: wb.length - same, newLines: linesNotIn(b, a), goneLines: linesNotIn(a, b) };
}

/** The lines of `text` (trimmed) whose words, dates and counters set aside, no line of `other` has: each of other's lines matches once. */
function linesNotIn(text: string, other: string): string[] {
  const key = (line: string) => normaliseSnapshotText(line).join(" ");
  const there = new Map<string, number>();
  for (const l of other.split("\n")) {
    const k = key(l);
    if (k) there.set(k, (there.get(k) ?? 0) + 1);
  }
  const out: string[] = [];
  for (const l of text.split("\n")) {
    const k = key(l);
    if (!k) continue;
    const n = there.get(k) ?? 0;
    if (n > 0) there.set(k, n - 1);
    else out.push(l.trim().replace(/\s+/g, " "));
  }
  return out;
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
 * Said as its own finding, with the lines that differ, for a person to judge; null otherwise.
 */
function probablyPassive(prevText: string, curText: string, textSame: boolean, imageSame: boolean): SnapshotComparison["probablyPassive"] {
  if (textSame || !imageSame) return null;
  const d = textDifference(prevText, curText);
  const differ = Math.max(d.gone, d.added);
  if (differ > FEW_WORDS_DIFFER || 2 * d.same < differ) return null;
  return { wordsDiffering: differ, words: d.same + d.added, newLines: d.newLines.slice(0, LINES_QUOTED), goneLines: d.goneLines.slice(0, LINES_QUOTED), moreLines: Math.max(0, d.newLines.length - LINES_QUOTED) + Math.max(0, d.goneLines.length - LINES_QUOTED) };
}

/**
 * A probably passive finding in words, after "<account> may be passive: ": how little differs and
 * where, and what a person looking at the two records decides.
 */
export function probablyPassiveSaid(f: PassiveFinding): string {
  const p = f.probablyPassive!;
  const quote = (lines: string[]) => lines.map((l) => `"${l.length > 60 ? `${l.slice(0, 57)}…` : l}"`).join(", ");
  const where = [p.newLines.length ? `new ${quote(p.newLines)}` : "", p.goneLines.length ? `gone ${quote(p.goneLines)}` : ""].filter(Boolean).join("; ");
  return `its snapshot ${f.current.recordId} differs from ${f.previous.recordId} (${f.previous.period}) only in ${p.wordsDiffering} of its ${p.words} words, the top of the page alike (${where}${p.moreLines ? `; ${p.moreLines} line(s) more` : ""}). somarkiv cannot tell whether those are the platform's (a "Rekommenderat" box, suggestions, picked anew on each visit) or a post of the account: look at the two records. If they are the platform's, the account has posted nothing since ${f.previous.period}, and the policy ("Stäng passiva konton") says accounts that are not updated regularly are to be closed`;
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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
}

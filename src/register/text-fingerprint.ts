import { createHash } from "node:crypto";
import { normaliseSnapshotText } from "./snapshot-words.ts";

/**
 * What the log keeps of a snapshot's text for passive-account detection: the page's words and lines
 * (dates and counters set aside, as normaliseSnapshotText does) each as a 16-bit hash, sorted, so that
 * neither the text nor its order is kept. The page shows citizens' comments, names and phone numbers;
 * the log (and every backup of it) is no place for them: the record itself holds the page.
 *
 * 16 bits on purpose: one hash stands for thousands of words of a dictionary, so a name cannot be
 * told back from it, and the comparison barely feels it (two different words collide 1 time in
 * 65 536, and only differing words can collide into a false likeness).
 */
const PREFIX = "t1:";
const HEX = 4;

export interface TextFingerprint {
  /** One hash per word, sorted: a multiset, as the Dice comparison counts. */
  words: string[];
  /** One hash per line that has words, sorted. */
  lines: string[];
}

/** Whether `s` is a fingerprint this module made, not a page's text (a log written before it). */
export function isTextFingerprint(s: string): boolean {
  return s.startsWith(PREFIX);
}

/** The fingerprint of a page's visible text, as the log keeps it. */
export function textFingerprint(text: string): string {
  const f = fingerprintOfText(text);
  return `${PREFIX}${f.words.join(" ")}|${f.lines.join(" ")}`;
}

/** A kept fingerprint read back, or one made from a page's text (a row of a log written before fingerprints, read without being brought forward). */
export function fingerprintOf(textOrFingerprint: string): TextFingerprint {
  if (!isTextFingerprint(textOrFingerprint)) return fingerprintOfText(textOrFingerprint);
  const [words = "", lines = ""] = textOrFingerprint.slice(PREFIX.length).split("|");
  const list = (s: string) => (s ? s.split(" ") : []);
  return { words: list(words), lines: list(lines) };
}

function fingerprintOfText(text: string): TextFingerprint {
  const lines: string[] = [];
  for (const line of text.split("\n")) {
    const key = normaliseSnapshotText(line).join(" ");
    if (key) lines.push(hash(key));
  }
  return { words: normaliseSnapshotText(text).map(hash).sort(), lines: lines.sort() };
}

function hash(s: string): string {
  return createHash("sha256").update(s, "utf8").digest("hex").slice(0, HEX);
}

/** How many of `b`'s items `a` has too, each of `a`'s matching once. */
export function sharedCount(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const x of a) counts.set(x, (counts.get(x) ?? 0) + 1);
  let common = 0;
  for (const x of b) {
    const n = counts.get(x) ?? 0;
    if (n > 0) {
      common++;
      counts.set(x, n - 1);
    }
  }
  return common;
}

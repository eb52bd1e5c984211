// What the log keeps of a page's text must not let the text, or its order, be read back.
import { describe, expect, it } from "vitest";
import { fingerprintOf, textFingerprint } from "../../src/register/text-fingerprint.ts";

const PAGE = [
  "Överkalix kommun",
  "Välkommen till kommunens sida",
  "Kerstin Lindqvist: ring mig på 070-123 45 67 om snöröjningen",
  "Zackarias Öberg svarar att plogbilen kommer i morgon",
  "Anna Berg tycker att gatlyktorna på Storgatan är trasiga",
].join("\n");

describe("a page's text fingerprint", () => {
  it("keeps each word and line as 4 hex digits (16 bits, a hash standing for thousands of words), sorted so no order is kept", () => {
    const kept = textFingerprint(PAGE);
    const { words, lines } = fingerprintOf(kept);

    expect(words.length).toBeGreaterThan(20);
    expect(lines).toHaveLength(5);
    for (const h of [...words, ...lines]) expect(h).toMatch(/^[0-9a-f]{4}$/);
    expect(words).toEqual([...words].sort());
    expect(lines).toEqual([...lines].sort());
    expect(kept).not.toMatch(/Kerstin|Lindqvist|070/i);
  });

  it("is the same for the same lines in another order", () => {
    const reversed = PAGE.split("\n").reverse().join("\n");
    expect(textFingerprint(reversed)).toBe(textFingerprint(PAGE));
  });
});

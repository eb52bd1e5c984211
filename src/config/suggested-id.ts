/**
 * An account id made of a name or an id written with letters an id may not have ("Överkalix kommun"
 * → "overkalix-kommun"), for the message that refuses it. Accents come off by decomposing; the
 * letters that are their own letters, not a letter with an accent (Sami ŋ, đ, ŧ, Danish and
 * Norwegian æ, ø, German ß, Icelandic þ, ð, Polish ł), are written as their nearest a-z, where they
 * were dropped ("instagram-ŋuolga-đuođi" → "instagram-uolga-uo-i").
 */
const OWN_LETTERS: Record<string, string> = {
  ŋ: "n", đ: "d", ð: "d", ŧ: "t", ʒ: "z", ǯ: "z", ǥ: "g", ǩ: "k", æ: "ae", ø: "o", œ: "oe",
  ß: "ss", þ: "th", ł: "l", ı: "i", ħ: "h", ŀ: "l", ŉ: "n", ĸ: "k",
};

export function suggestedId(input: string): string {
  return input.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x00-\x7f]/g, (c) => OWN_LETTERS[c] ?? c)
    .replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

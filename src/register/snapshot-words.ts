// The words of a snapshot that only the account's own posting can change, for passive-account detection.

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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/ /g, "\\s+");
}

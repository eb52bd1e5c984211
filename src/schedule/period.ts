/**
 * Periods are half-years: "2026-H1" (January–June) and "2026-H2" (July–December), counted in the
 * organisation's time zone, because the half-year change happens at local midnight, not UTC.
 */
export type Period = string;

const PERIOD_RE = /^(\d{4})-H([12])$/;

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
}

/**
 * One formatter per kind and zone, made once: making an Intl.DateTimeFormat costs ten times using
 * one (0.12 ms against 0.01 here), and the schedule's checks ask for the local time of a thousand
 * wakes (config check spent a fifth of a second making formatters). An unknown zone still throws, as
 * before, when it is first used.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(kind: string, locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  // Without a zone the machine's is meant, which a change of TZ in the process changes: not kept.
  if (!options.timeZone) return new Intl.DateTimeFormat(locale, options);
  const key = `${kind}\u0000${options.timeZone}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

export function localTime(at: Date, timezone: string): LocalTime {
  const parts = formatter("parts", "en-GB", {
    timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23",
  }).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return { year: get("year"), month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
}

/** The date in the schedule's time zone, as the configuration writes dates (2026-12-02). */
export function localDate(d: Date, timeZone: string): string {
  return formatter("date", "sv-SE", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);
}

export function periodOf(at: Date, timezone: string): Period {
  const { year, month } = localTime(at, timezone);
  return `${year}-H${month <= 6 ? 1 : 2}`;
}

export function isPeriod(s: string): boolean {
  return PERIOD_RE.test(s);
}

export function parsePeriod(s: string): { year: number; half: 1 | 2 } {
  const m = PERIOD_RE.exec(s);
  if (!m) throw new Error(`"${s}" is not a period; write the year and the half-year, e.g. 2026-H1 (January–June) or 2026-H2 (July–December).`);
  return { year: Number(m[1]), half: Number(m[2]) as 1 | 2 };
}

/** Negative when a comes before b, 0 when they are the same period, positive when a comes after. */
export function comparePeriods(a: Period, b: Period): number {
  const x = parsePeriod(a), y = parsePeriod(b);
  return x.year !== y.year ? x.year - y.year : x.half - y.half;
}

export function previousPeriod(p: Period): Period {
  const { year, half } = parsePeriod(p);
  return half === 2 ? `${year}-H1` : `${year - 1}-H2`;
}

export function nextPeriod(p: Period): Period {
  const { year, half } = parsePeriod(p);
  return half === 1 ? `${year}-H2` : `${year + 1}-H1`;
}

/** The half-years from `from` to `to`, both included, in order; none when `to` comes before `from`. */
export function periodsFromTo(from: Period, to: Period): Period[] {
  const out: Period[] = [];
  for (let p = from; comparePeriods(p, to) <= 0; p = nextPeriod(p)) out.push(p);
  return out;
}

/** The half-year a day of the calendar ("2026-03-15", as the configuration writes dates) falls in. */
export function periodOfDay(day: string): Period {
  return `${day.slice(0, 4)}-H${Number(day.slice(5, 7)) <= 6 ? 1 : 2}`;
}

/** The most recent period that has ended: the one before the period `at` falls in. */
export function lastFinishedPeriod(at: Date, timezone: string): Period {
  return previousPeriod(periodOf(at, timezone));
}

/** "2026 H2" as the registrar writes it in titles. */
export function periodLabel(p: Period): string {
  const { year, half } = parsePeriod(p);
  return `${year} H${half}`;
}

/** Swedish description: "andra halvåret 2026 (juli–december)". */
export function periodDescription(p: Period): string {
  const { year, half } = parsePeriod(p);
  return half === 1 ? `första halvåret ${year} (januari–juni)` : `andra halvåret ${year} (juli–december)`;
}

/** Date and time in the given zone as "2026-12-01 07:00:12 CET". */
export function formatLocal(at: Date, timezone: string): string {
  return formatter("local", "sv-SE", {
    timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZoneName: "short",
  }).format(at);
}

/**
 * A time kept in ISO 8601 UTC ("2026-12-05T22:16:22.123Z") as the record sheet says it: "2026-12-05
 * 22:16:22 UTC", to the second, so that the sheet, the e-mail and records --csv give one time one way.
 */
export function formatUtc(iso: string): string {
  return iso.replace("T", " ").replace(/(\.\d+)?Z$/, " UTC");
}

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** A month's name (1 = January) for the operator's messages, which are in English. */
export function monthName(month: number): string {
  return MONTHS[month - 1] ?? String(month);
}

/** The months in Swedish, as the registrar and the public list read them. */
export const MONTHS_SV = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"];

/** Sweden's time: what the record sheet calls "svensk tid", whatever zone the schedule keeps. */
export const SWEDISH_TIME = "Europe/Stockholm";

/**
 * Said when schedule.timezone is another zone than Sweden's: accepted (an organisation may mean it),
 * but the half-year a snapshot is filed under then changes at that zone's midnight, which nothing
 * else says; a capture at 00:30 on 1 July in Sweden was filed under the half-year before.
 */
/**
 * Whether the zone keeps Sweden's clock, as CET, Europe/Oslo and Europe/Berlin do: the same offset
 * from UTC through this year and the next, the half-year and summer-time changes among them. Half-years
 * then change at the same moment, and a warning of another midnight was untrue.
 */
function sameClockAsSweden(timezone: string): boolean {
  const year = new Date().getUTCFullYear();
  try {
    for (let y = year; y <= year + 1; y++) {
      // Every six hours through the year: both summer-time changes, and both half-year changes, fall between.
      for (let t = Date.UTC(y, 0, 1); t < Date.UTC(y + 1, 0, 1); t += 6 * 3_600_000) {
        const at = new Date(t);
        if (localTimeKey(at, timezone) !== localTimeKey(at, SWEDISH_TIME)) return false;
      }
    }
    return true;
  } catch {
    return false;
  }
}

function localTimeKey(at: Date, timezone: string): string {
  const t = localTime(at, timezone);
  return `${t.year}-${t.month}-${t.day} ${t.hour}:${t.minute}`;
}

export function otherZoneSaid(timezone: string): string | null {
  if (timezone === SWEDISH_TIME || sameClockAsSweden(timezone)) return null;
  return `schedule.timezone is "${timezone}", not Europe/Stockholm: half-years then change at midnight in ${timezone}, not at Sweden's midnight (a snapshot taken in the first hours of 1 January or 1 July, Swedish time, may be filed under the half-year before), and schedule.cron wakes the worker by ${timezone}'s clock. The record sheet still gives the time of capture in Swedish time and UTC. Leave schedule.timezone out (it is Europe/Stockholm then) unless the organisation means another zone.`;
}

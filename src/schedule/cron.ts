import cron from "node-cron";
import { localTime } from "./period.ts";

/** The fields of a cron expression as an operator reads them, with what each may hold. */
const FIELDS: Record<string, { name: string; range: string }> = {
  second: { name: "second", range: "0-59" },
  minute: { name: "minute", range: "0-59" },
  hour: { name: "hour", range: "0-23" },
  dayOfMonth: { name: "day of month", range: "1-31" },
  month: { name: "month", range: "1-12 or jan-dec" },
  dayOfWeek: { name: "day of week", range: "0-7 or sun-sat (0 and 7 are Sunday)" },
};

const SHAPE = `five fields "minute hour day-of-month month day-of-week" (e.g. "0 6 * * *" for 06:00 every day), or six with a leading second field`;

/**
 * Problems with a cron expression, in plain words naming the field and what it may hold; empty when it
 * is valid. node-cron's own messages ("61 is a invalid expression for minute") do not say what would
 * be right, which is what an operator editing the file needs.
 */
export function cronProblems(expression: string): string[] {
  if (typeof expression !== "string" || expression.trim() === "") return [`the cron expression is empty; write ${SHAPE}`];
  let v: ReturnType<typeof cron.validateDetailed>;
  try {
    v = cron.validateDetailed(expression);
  } catch (e) {
    return [`"${expression}" is not a cron expression (${(e as Error).message}); write ${SHAPE}`];
  }
  if (v.valid) return [];
  if (!v.errors.length) return [`"${expression}" is not a cron expression; write ${SHAPE}`];
  return v.errors.map((e) => {
    const f = FIELDS[e.field];
    if (!f) return `"${expression}" is not a cron expression (${e.message}); write ${SHAPE}`;
    // A day every month-day range allows, refused because no month the month field names has it (30 February).
    const days = f.name === "day of month" ? String(e.value ?? "").split(/[,-]/).map(Number) : [];
    if (days.length && days.every((d) => Number.isInteger(d) && d >= 1 && d <= 31)) {
      return `the day of month field is "${e.value}", a day that the months in the month field do not all have (February has 28 or 29 days; April, June, September and November have 30), so it is refused: choose a day each month named has`;
    }
    return `the ${f.name} field is "${e.value ?? "?"}", which is not valid: it must be within ${f.range}, written as a number, a list (1,15), a range (1-5), a step (*/10) or * for every ${f.name}`;
  });
}

/** The next `count` wakes for this expression in this zone, counted from now; empty when the expression is invalid. */
export function nextWakes(expression: string, timezone: string, count: number): Date[] {
  if (cronProblems(expression).length) return [];
  // createTask does not start a timer; destroy it at once so nothing keeps the process alive.
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(count);
  } finally {
    void task.destroy();
  }
}

/**
 * The wakes to come for this expression, through the first at or after `through`: no more than `most`
 * are counted (an expression of every second has 72,000 in a 20-hour rest), and then the ones counted.
 */
export function wakesThrough(expression: string, timezone: string, through: Date, most = 2048): Date[] {
  for (let count = 8; ; count *= 2) {
    const wakes = nextWakes(expression, timezone, Math.min(count, most));
    if (wakes.length < count || wakes.at(-1)! >= through || count >= most) return wakes;
  }
}

/**
 * A six-field expression read as the five-field one it looks like: "0 6 * * * *" is second 0 of
 * minute 6 of every hour, not 06:00 every day. Said, with its next wakes, when such an expression wakes
 * the worker more than twice a day; undefined otherwise.
 */
export function sixFieldsSaid(expression: string, timezone: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  // A second given as one number and every hour: the five-field "M H * * *" with a field too many. An
  // expression meant to wake often ("* * * * * *", "0 */5 * * * *") is left alone.
  if (fields.length !== 6 || !/^\d+$/.test(fields[0]!) || fields[2] !== "*") return undefined;
  const wakes = nextWakes(expression, timezone, 3);
  if (wakes.length < 3 || wakes[2]!.getTime() - wakes[0]!.getTime() >= 24 * 3_600_000) return undefined;
  const hm = (d: Date) => { const t = localTime(d, timezone); return `${String(t.hour).padStart(2, "0")}:${String(t.minute).padStart(2, "0")}`; };
  // Read as the five fields it looks like (minute hour day month weekday): the last one is too many.
  const five = fields.slice(0, 5).join(" ");
  return `schedule.cron "${expression}" has six fields, and the first of six is the second: it wakes the worker at ${wakes.map(hm).join(", ")} and so on, not once a day. If "${five}" was meant (five fields: minute hour day month weekday), write that; if the worker is to wake this often, nothing needs changing`;
}

/** When the worker next wakes for this expression in this zone. */
export function nextWake(expression: string, timezone: string): Date | null {
  return nextWakes(expression, timezone, 1)[0] ?? null;
}

/**
 * Capture months in which this expression never wakes the worker (e.g. cron "0 6 * 1 *" with months
 * [6, 12]): those half-years would only be captured if the worker happened to start in them.
 */
export function monthsWithoutWake(expression: string, months: number[], timezone = "UTC"): number[] {
  if (cronProblems(expression).length) return [];
  const fields = cron.validateDetailed(expression).fields;
  if (!fields) return [];
  // A month the month field names can still have no wake: "0 6 31 * *" names June, which has no 31st.
  const days = wakeDaysInMonths(expression, timezone, months);
  return months.filter((m) => !fields.month.includes(m) || days?.get(m) === 0);
}

/**
 * On how many days of each capture month the expression wakes the worker, in the organisation's
 * time zone (the fewest over the whole months of the coming two years); null when it wakes so often
 * (1,000 times within two years) that every month is full of wakes. A failed capture is made up only
 * at a later wake in the same month.
 */
export function wakeDaysInMonths(expression: string, timezone: string, months: number[]): Map<number, number> | null {
  const runs = nextWakes(expression, timezone, 1000);
  if (runs.length === 0) return null;
  const first = localTime(runs[0]!, timezone);
  const span = 2 * 366 * 24 * 3600 * 1000;
  if (runs.at(-1)!.getTime() - runs[0]!.getTime() < span) return null;
  // Days with a wake, by month of a year; the month the runs start in is left out (only part of it is ahead).
  const days = new Map<string, Set<number>>();
  for (const at of runs) {
    if (at.getTime() - runs[0]!.getTime() >= span) break;
    const t = localTime(at, timezone);
    if (t.year === first.year && t.month === first.month) continue;
    const key = `${t.year}-${t.month}`;
    if (!days.has(key)) days.set(key, new Set());
    days.get(key)!.add(t.day);
  }
  // Whole months only: those from the month after the first run up to a month before the end of the span.
  const last = localTime(new Date(runs[0]!.getTime() + span), timezone);
  const out = new Map<number, number>();
  for (const m of months) {
    let fewest = Infinity;
    for (let y = first.year; y <= last.year; y++) {
      const after = y > first.year || m > first.month;
      const before = y < last.year || m < last.month;
      if (after && before) fewest = Math.min(fewest, days.get(`${y}-${m}`)?.size ?? 0);
    }
    out.set(m, fewest === Infinity ? 0 : fewest);
  }
  return out;
}

/** Minutes the zone is ahead of UTC at `at`. */
function offsetMinutes(at: Date, timezone: string): number {
  const t = localTime(at, timezone);
  const wall = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
  return Math.round((wall - Math.floor(at.getTime() / 60_000) * 60_000) / 60_000);
}

/**
 * The next time the clocks of the zone go forward within a year from `now` (summer time starts): the
 * local day and the wall-clock minutes of that day that do not exist ([from, to), 02:00–03:00 in
 * Stockholm). Found, not assumed: zones change on other days and at other hours. null when the zone
 * has no such change.
 */
export function clocksGoForward(timezone: string, now: Date): { day: { year: number; month: number; day: number }; from: number; to: number } | null {
  const DAY = 86_400_000, STEP = 15 * 60_000;
  // On a quarter hour of UTC, as every zone's changes are.
  const start = Math.floor(now.getTime() / STEP) * STEP;
  let before = offsetMinutes(new Date(start), timezone);
  for (let d = 1; d <= 370; d++) {
    const at = new Date(start + d * DAY);
    const off = offsetMinutes(at, timezone);
    if (off > before) {
      // Narrowed to the quarter hour it happened in, stepping through the day before.
      let t = at.getTime() - DAY;
      while (offsetMinutes(new Date(t + STEP), timezone) === before) t += STEP;
      const change = t + STEP;
      const wall = localTime(new Date(change - STEP), timezone);
      const from = wall.hour * 60 + wall.minute + 15;
      return { day: { year: wall.year, month: wall.month, day: wall.day }, from, to: from + (off - before) };
    }
    before = off;
  }
  return null;
}

/**
 * Said when every wake the expression gives on the day the clocks go forward falls in the hour that
 * day does not have ("30 2 * * *" in Europe/Stockholm): the worker does not wake that day at all, which
 * nothing else says. null when the day has a wake, or the zone no such change.
 */
export function clockChangeSkipsWake(expression: string, timezone: string, months: number[] = [], now = new Date()): string | null {
  if (cronProblems(expression).length) return null;
  const fields = cron.validateDetailed(expression).fields;
  const skip = clocksGoForward(timezone, now);
  if (!fields || !skip) return null;
  const { year, month, day } = skip.day;
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  if (!fields.month.includes(month) || !fields.dayOfMonth.includes(day) || !(fields.dayOfWeek.includes(weekday) || (weekday === 0 && fields.dayOfWeek.includes(7)))) return null;
  const times = fields.hour.flatMap((h) => fields.minute.map((m) => h * 60 + m));
  if (!times.length || !times.every((t) => t >= skip.from && t < skip.to)) return null;
  const hhmm = (t: number) => `${String(Math.floor(t / 60)).padStart(2, "0")}:${String(t % 60).padStart(2, "0")}`;
  const date = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  return `schedule.cron "${expression}" wakes the worker in the hour the clocks skip in ${timezone} when summer time starts (${hhmm(skip.from)}–${hhmm(skip.to - 1)} on ${date}), so that day's wake is skipped${months.includes(month) ? ", a day of a capture month" : ""}. Pick an hour outside it (e.g. "0 6 * * *"), or the wake is lost each spring.`;
}

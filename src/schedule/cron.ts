import cron from "node-cron";

/** Problems with a cron expression, in plain words naming the field; empty when it is valid. */
export function cronProblems(expression: string): string[] {
  const v = cron.validateDetailed(expression);
  if (v.valid) return [];
  return v.errors.length
    ? v.errors.map((e) => `${e.message} (${e.field} field; the five fields are minute 0-59, hour 0-23, day of month 1-31, month 1-12, day of week 0-7)`)
    : [`"${expression}" is not a cron expression (five fields: minute hour day-of-month month day-of-week, e.g. "0 6 * * *")`];
}

/** When the worker next wakes for this expression in this zone. */
export function nextWake(expression: string, timezone: string): Date | null {
  if (cronProblems(expression).length) return null;
  const task = cron.createTask(expression, () => undefined, { timezone });
  try {
    return task.getNextRuns(1)[0] ?? null;
  } finally {
    void task.destroy();
  }
}

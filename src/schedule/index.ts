// The pure schedule decisions. The worker (./worker.ts) and the pre-flight (./preflight.ts) drive the
// browser and are imported directly by the commands that run them, so `status` does not load Playwright.
export { decideCapture, decideDue, decidePreflight, isRunningLate, owedLastHalfYear, gapsInSeries, missedWake, wakeGraceMs, workerDied, workerStopped, atHalfYearChange, asShownBeforeCaptureMonth, asShownNoteNow, failureErrorNow, withoutAsShownNote, beforeCaptureMonth, captureMonthOf, captureMonthsOver, retryPauseMs, wakeThatTries, type CaptureAsk, type CaptureDecision, type CaptureInput, type NotCapturedWhy, type TakenRecord, type DueDecision, type DueInput, type PreflightDecision, type PreflightInput } from "./due.ts";
export { clockChangeSkipsWake, cronProblems, nextWake, nextWakes, monthsWithoutWake, sixFieldsSaid, wakeDaysInMonths, wakesThrough } from "./cron.ts";
export * from "./period.ts";

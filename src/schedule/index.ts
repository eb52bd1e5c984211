export { decideDue, isRunningLate, type DueDecision, type DueInput } from "./due.ts";
export { cronProblems, nextWake } from "./cron.ts";
export * from "./period.ts";

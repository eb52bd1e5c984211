import { intakeName } from "../intake/index.ts";

/**
 * Where a record's delivery goes now, when the intake it was recorded to (at capture) is no longer in
 * the configuration: the one intake of its kind now configured that the record has no delivery to yet
 * (its address corrected, or the server moved and its folder with it). The target itself while it is
 * configured; null when no one intake takes its place.
 */
export function intakeNow(target: string, recordTargets: string[], configured: string[]): string | null {
  if (configured.includes(target)) return target;
  const kind = (name: string) => intakeName(name).kind;
  const instead = configured.filter((t) => kind(t) === kind(target) && !recordTargets.includes(t));
  return instead.length === 1 ? instead[0]! : null;
}

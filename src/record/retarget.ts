import { intakeName } from "../intake/index.ts";
import { intakeEn } from "./metadata.ts";

/**
 * The intakes that could take the place of the one a record's delivery was recorded to (at capture)
 * when that one is no longer in the configuration: those of its kind now configured that the record
 * has no delivery to yet (its address corrected, or the server moved and its folder with it).
 */
export function intakesInstead(target: string, recordTargets: string[], configured: string[]): string[] {
  const kind = (name: string) => intakeName(name).kind;
  return configured.filter((t) => kind(t) === kind(target) && !recordTargets.includes(t));
}

/**
 * Where a record's delivery goes now: the target itself while it is configured, else the one intake
 * that took its place; null when none, or more than one, could (which is meant is not guessed).
 */
export function intakeNow(target: string, recordTargets: string[], configured: string[]): string | null {
  if (configured.includes(target)) return target;
  const instead = intakesInstead(target, recordTargets, configured);
  return instead.length === 1 ? instead[0]! : null;
}

/**
 * Why a delivery to an intake no longer configured waits, and what to do. With two or more of its kind
 * configured, "until one takes its place" read as if nothing was to be done, while it waited for good.
 */
export function intakeGoneSaid(target: string, instead: string[]): string {
  if (instead.length < 2) return `it waits until that intake is added back to the configuration, or until one intake of the same kind (${intakeName(target).kind}) takes its place`;
  return `it waits, as ${instead.length} intakes of its kind could take its place (${instead.map(intakeEn).join(", ")}) and somarkiv does not choose between them: leave only the one it is to go to in the configuration, run "somarkiv deliver", then put the others back`;
}

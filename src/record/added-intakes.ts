import { agreeing, counted } from "../words/counted.ts";
import { replay } from "../log/replay.ts";
import type { RecordLog } from "../log/index.ts";
import { eventsFor } from "../log/index.ts";
import { intakeName } from "../intake/index.ts";
import { intakeEn } from "./metadata.ts";
import { intakeNow } from "./retarget.ts";

type Events = ReadonlyArray<{ type: string; data: Record<string, unknown> }>;

/**
 * The configured intakes a record has not reached and is not owed to: added to the configuration after
 * its capture named the intakes it goes to, so no delivery to them was ever made or waits. An intake
 * that took the place of one the record was delivered or owed to (a folder moved, an address corrected)
 * has it as that one had it and is not counted, nor one it was delivered to again (deliver --again).
 * Pure: decided from the record's chained events alone.
 */
export function intakesNotReached(events: Events, configured: string[]): string[] {
  const { targets, delivered } = replay(events);
  const again = new Set(events.filter((e) => e.type === "delivered-again").map((e) => String(e.data.target)));
  // An intake its capture named and a delivery was moved away from was configured then: not one added since.
  const named = events.flatMap((e) => (e.type === "captured" && Array.isArray(e.data.targets) ? e.data.targets.map(String) : e.type === "delivery-retargeted" ? [String(e.data.from)] : []));
  const known = new Set([...targets, ...named, ...delivered, ...again]);
  const stoodIn = new Set([...known].filter((t) => !configured.includes(t)).map((t) => intakeNow(t, [...known], configured)).filter((t): t is string => t !== null));
  return configured.filter((t) => !known.has(t) && !stoodIn.has(t));
}

/** For each intake added since, the records of the half-year it is missing; none while it has them all. */
export interface AddedIntake {
  intake: string;
  period: string;
  records: string[];
}

/**
 * Each configured intake that records of the half-year never reached, because it was added after they
 * were made. Sending them there by itself could file them twice in the registrar's case system, when the
 * intake they reached is the registrar's too: so they are only said, with the command that sends them.
 */
export function intakesAddedSince(recordsOfPeriod: Array<{ recordId: string; events: Events }>, configured: string[], period: string): AddedIntake[] {
  const byIntake = new Map<string, string[]>();
  for (const r of recordsOfPeriod) {
    for (const t of intakesNotReached(r.events, configured)) byIntake.set(t, [...(byIntake.get(t) ?? []), r.recordId]);
  }
  return configured.filter((t) => byIntake.has(t)).map((intake) => ({ intake, period, records: byIntake.get(intake)!.sort() }));
}

/** The records of the half-year that are stored (or further): those a delivery is made of. */
export function addedIntakesOf(log: RecordLog, configured: string[], period: string): AddedIntake[] {
  const made = log.records.list({ period }).filter((r) => r.status === "stored" || r.status === "delivered" || r.status === "registered");
  return intakesAddedSince(made.map((r) => ({ recordId: r.recordId, events: eventsFor(log.db, r.recordId) })), configured, period);
}

/** For each record an intake added since lacks, those intakes, in the configuration's order. */
export function notReachedByRecord(added: AddedIntake[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const a of added) for (const id of a.records) out.set(id, [...(out.get(id) ?? []), a.intake]);
  return out;
}

/** How `deliver --again --intake` names an intake: its address as the configuration gives it. */
export function intakeArgument(intake: string): string {
  const where = intakeName(intake).where;
  return /[\s"'$`\\]/.test(where) ? `"${where.replace(/(["$`\\])/g, "\\$1")}"` : where;
}

/** What status, config check and the worker's start say of an intake added since records were made. */
export function addedIntakeSaid(a: AddedIntake): string {
  const shown = a.records.length > 10 ? `${a.records.slice(0, 10).join(", ")} and ${a.records.length - 10} more` : a.records.join(", ");
  const one = a.records.length === 1 ? `somarkiv deliver --again ${a.records[0]} --intake ${intakeArgument(a.intake)}` : `somarkiv deliver --again --all-missing --intake ${intakeArgument(a.intake)} (or one: somarkiv deliver --again RECORD_ID --intake ${intakeArgument(a.intake)})`;
  return `${counted(a.records.length, "record")} of ${a.period} ${agreeing(a.records.length, "was", "were")} made before ${intakeEn(a.intake)} was added to the configuration and are not there (nothing sends them there by itself): ${shown}. If that intake is to have them, send them with: ${one}. If the registrar already filed them from another intake, sending them would file them twice: then leave them`;
}

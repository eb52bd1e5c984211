import { agreeing, counted } from "../words/counted.ts";
import { intakeEn } from "../record/metadata.ts";

/** A delivery the pipeline gave up on (refused for good: a 550, a login refused), as the log keeps it. */
export interface GivenUpDelivery { recordId: string; target: string; error: string | null }

/** How many are named in a wake's line; the rest are counted, and status names every one. */
const NAMED = 3;

/**
 * What a wake says of deliveries that need a person, at every wake until they are done: the wake that
 * gave one up said "problems" without what, and each wake after said "ok", while the registrar never
 * had the record. Empty when none waits.
 */
export function givenUpSaid(givenUp: GivenUpDelivery[]): string {
  if (!givenUp.length) return "";
  const records = new Set(givenUp.map((d) => d.recordId)).size;
  const named = givenUp.slice(0, NAMED).map((d) => `${d.recordId} not delivered to ${intakeEn(d.target)}${d.error ? `: ${clip(d.error)}` : ""}`);
  const more = givenUp.length > NAMED ? `; and ${givenUp.length - NAMED} more delivery(ies)` : "";
  return `problems: ${counted(records, "record")} ${agreeing(records, "needs", "need")} a person (${named.join("; ")}${more}; "somarkiv status" says what each needs; put that right, then run "somarkiv deliver")`;
}

/** An error as one short clause of a journal line. */
function clip(text: string): string {
  const one = text.replace(/\s+/g, " ").trim().replace(/[.;]$/, "");
  return one.length > 160 ? `${one.slice(0, 157)}…` : one;
}

/**
 * A record delivered to some of its intakes and waiting for others. Its status in the log stays
 * "stored" until every intake has it (README, "delivered" is every intake's); said only so, the
 * operator could not tell that the registrar already has it from one intake, nor what the other waits
 * on. Pure: the listings (status, records) say it from these.
 */
import { intakeEn, intakeSv } from "./metadata.ts";

interface DeliveryState {
  target: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
}

/** Stored, with at least one intake that has it and one that does not yet. */
export function partlyDelivered(status: string, deliveries: readonly DeliveryState[]): boolean {
  return status === "stored" && deliveries.some((d) => d.status === "delivered") && deliveries.some((d) => d.status !== "delivered");
}

/** The intakes that have it, in the operator's words ("the folder /srv/intake and … by e-mail"); "" for none. */
export function reachedEn(deliveries: readonly DeliveryState[]): string {
  return deliveries.filter((d) => d.status === "delivered").map((d) => intakeEn(d.target)).join(" and ");
}

/**
 * What becomes of a delivery that has not reached its intake, in plain words (records --json and
 * status --json's `next`); null for one delivered. A waiting one is tried again by itself, at its
 * next try while the worker runs; one given up is tried by nothing until a person has acted.
 */
export function deliveryNext(d: DeliveryState, when?: (iso: string) => string): string | null {
  if (d.status === "delivered") return null;
  if (d.status === "failed") return 'nothing tries it again by itself: a person must act on the error, then run "somarkiv deliver", which sends it once';
  if (!d.attempts) return 'sent by the worker at its next wake, or at once by "somarkiv deliver"';
  const due = !d.nextAttemptAt ? "at its next wake" : when ? `after ${when(d.nextAttemptAt)}` : "once its next try is due (nextAttemptAt)";
  return `tried again by the worker ${due}, or at once by "somarkiv deliver"`;
}

/**
 * A delivery as the registrar reads it in the CSV's "Leveranser": the intake, its state and, for one
 * waiting, since when. One tried before is tried again at somarkiv's next delivery (the worker's, or a
 * "somarkiv deliver" someone runs): "by itself" was untrue where no worker runs.
 */
export function deliverySv(d: DeliveryState & { waitingSince?: string | null }, state: string, when: (iso: string) => string): string {
  const since = d.status !== "delivered" && d.waitingSince ? ` sedan ${when(d.waitingSince)}` : "";
  const again = d.status === "pending" && d.attempts ? " (försöks igen vid somarkivs nästa leverans)" : "";
  return `${intakeSv(d.target)}: ${state}${since}${again}`;
}

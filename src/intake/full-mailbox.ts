/**
 * A full registrar's mailbox (452 4.2.2, 552 5.2.2, "over quota"): no retry empties it, so a person
 * must be told, and yet the delivery must not be given up, since the mailbox takes mail again once
 * emptied. The delivery's error says so (fullMailboxError), and what reads the log's waiting
 * deliveries (the worker's wake, status) tells it from the rest that wait, which pass by themselves.
 * Pure.
 */

import { agreeing, counted } from "../words/counted.ts";
import { failureSaid, type DeliveryFailure } from "./types.ts";

/** What a person does about it, said once for the delivery's error (its mend) and for the wake and status. */
const WHAT_TO_DO = "someone must empty it: ask the registrar (or whoever runs the mail server, to give it more room)";

/** The delivery's failure: the registrar's mailbox `to` is full, with the server's reply; who must empty it; and that the record waits, `retried`. */
export function fullMailboxFailure(to: string, reply: string, retried: string): DeliveryFailure {
  return { fact: `the registrar's mailbox ${to} is full (the mail server answered${reply.replace(/^:/, "")})`, mend: WHAT_TO_DO, next: `Nothing is lost: the record waits, and ${retried}` };
}

/** The delivery's error in one line, as the log keeps it. */
export function fullMailboxError(to: string, reply: string, retried: string): string {
  return failureSaid(fullMailboxFailure(to, reply, retried));
}

/** The mailbox a delivery's error (as the log keeps it) says is full, or undefined for any other error. */
export function fullMailboxOf(error: string | null | undefined): string | undefined {
  return error ? /^the registrar's mailbox (\S+) is full \(/.exec(error)?.[1] : undefined;
}

/** A full mailbox that records wait for: its address and the records' ids, in the order they wait. */
export interface FullMailbox {
  mailbox: string;
  records: string[];
}

/**
 * Each full mailbox that records wait for (deliveries still pending, not given up), from their last
 * errors: what status --json gives a monitoring script, and what the sentences below say.
 */
export function fullMailboxes(waiting: Array<{ recordId: string; error: string | null | undefined }>): FullMailbox[] {
  const byMailbox = new Map<string, string[]>();
  for (const d of waiting) {
    const to = fullMailboxOf(d.error);
    if (to && !byMailbox.get(to)?.includes(d.recordId)) byMailbox.set(to, [...(byMailbox.get(to) ?? []), d.recordId]);
  }
  return [...byMailbox].map(([mailbox, records]) => ({ mailbox, records }));
}

/** One full mailbox in a sentence: its address, the records, what to do, and that nothing is lost. */
export function fullMailboxSaid({ mailbox, records }: FullMailbox): string {
  const named = records.length > 5 ? `${records.slice(0, 5).join(", ")} and ${records.length - 5} more` : records.join(", ");
  return `the registrar's mailbox ${mailbox} is full, and ${counted(records.length, "record")} ${agreeing(records.length, "waits", "wait")} to be delivered to it (${named}); ${WHAT_TO_DO}. Nothing is lost: they are sent once it takes mail again, at the worker's next wake or by "somarkiv deliver"`;
}

/** One sentence for each full mailbox that records wait for, as the worker's wake says them. */
export function fullMailboxesSaid(waiting: Array<{ recordId: string; error: string | null | undefined }>): string[] {
  return fullMailboxes(waiting).map(fullMailboxSaid);
}

import type { AccountStatus } from "./facts.ts";
import { intakeArgument } from "../../record/added-intakes.ts";

/** The states the summary counts, in the order it says them. */
const BUCKETS = ["registered", "delivered", "notAtIntakeAddedSince", "partlyDelivered", "stored", "captured", "failed", "missing"] as const;
export type Bucket = (typeof BUCKETS)[number];

/** What status's summary line and `summary` in `--json` say of the half-year: the same counts, decided once. */
export interface HalfYearSummary {
  period: string;
  active: number;
  closed: number;
  counts: Record<Bucket, number>;
  /** Each intake added since that the counted records are missing, with the accounts and the command that sends them. */
  notAtIntakeAddedSince: Array<{ intake: string; accounts: string[]; command: string }>;
}

/**
 * Where an account's record of the half-year is counted. "delivered" is every intake's (README), so
 * a record an intake added since does not have is counted apart, as its own line says it, not as
 * "delivered": a registered one too, as "registered" follows "delivered". A stored record some of its
 * intakes have and others wait for is counted as delivered in part, as its line and `records` say it:
 * "stored" claimed no intake had it. A record not yet delivered anywhere keeps its state.
 */
export function bucketOf(a: Pick<AccountStatus, "state" | "notDeliveredTo"> & { currentRecord?: { partlyDelivered: boolean } | null }): Bucket | undefined {
  if ((a.state === "delivered" || a.state === "registered") && a.notDeliveredTo.length) return "notAtIntakeAddedSince";
  if (a.state === "stored" && a.currentRecord?.partlyDelivered) return "partlyDelivered";
  return (BUCKETS as readonly string[]).includes(a.state) ? (a.state as Bucket) : undefined;
}

/** The summary of the active accounts' records of the half-year. Pure. */
export function halfYearSummary(accounts: ReadonlyArray<Pick<AccountStatus, "accountId" | "accountStatus" | "state" | "notDeliveredTo"> & { currentRecord?: { partlyDelivered: boolean } | null }>, period: string): HalfYearSummary {
  const inUse = accounts.filter((a) => a.accountStatus === "active");
  const counts = Object.fromEntries(BUCKETS.map((b) => [b, 0])) as Record<Bucket, number>;
  const missingAt = new Map<string, string[]>();
  for (const a of inUse) {
    const b = bucketOf(a);
    if (b) counts[b]++;
    if (b === "notAtIntakeAddedSince") for (const t of a.notDeliveredTo) missingAt.set(t, [...(missingAt.get(t) ?? []), a.accountId]);
  }
  return {
    period, active: inUse.length, closed: accounts.length - inUse.length, counts,
    notAtIntakeAddedSince: [...missingAt].map(([intake, ids]) => ({ intake, accounts: ids, command: `somarkiv deliver --again --all-missing --intake ${intakeArgument(intake)}` })),
  };
}

/** The summary's counts as the text line says them: "1 delivered, 2 not at an intake added since (…)". */
export function countsSaid(s: HalfYearSummary, intakeEn: (t: string) => string): string[] {
  return BUCKETS.filter((b) => s.counts[b] > 0).map((b) => {
    const n = s.counts[b];
    if (b === "missing") return `${n} without a snapshot yet`;
    if (b === "partlyDelivered") return `${n} partly delivered (at some intakes, waiting for others)`;
    if (b !== "notAtIntakeAddedSince") return `${n} ${b}`;
    const each = s.notAtIntakeAddedSince.map((x) => `${intakeEn(x.intake)}: ${x.command}`).join("; ");
    return `${n} delivered but not to an intake added to the configuration since (send them there, unless the registrar filed them from the other intake, with ${each})`;
  });
}

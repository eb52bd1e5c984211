/**
 * What status can say of a worker whose process is alive but that has not kept time: one still in its
 * first wake long after a wake may last (stopped with SIGSTOP, a paused machine, a hang), and one
 * whose announced wake is well past while it runs. "Start it" is wrong for both: it runs.
 */
export type WorkerOverdue =
  | { kind: "first-wake-hangs"; startedAt: Date; announcedNext: Date | null }
  | { kind: "wake-did-not-run"; due: Date; startedAt: Date }
  | null;

export function workerOverdue(input: {
  /** The running worker's start (its process is alive), if any. */
  running: { at: string; detail: Record<string, unknown> } | undefined;
  /** Whether it has finished no wake since it started. */
  inFirstWake: boolean;
  /** The wake the last finished wake announced, if it is well past (missedWake). */
  missed: Date | null;
  now: Date;
  graceMs: number;
}): WorkerOverdue {
  const { running, inFirstWake, missed, now, graceMs } = input;
  if (!running) return null;
  const startedAt = new Date(running.at);
  if (inFirstWake) {
    if (now.getTime() - startedAt.getTime() <= graceMs) return null;
    const next = typeof running.detail.nextWake === "string" ? new Date(running.detail.nextWake) : null;
    return { kind: "first-wake-hangs", startedAt, announcedNext: next && !Number.isNaN(next.getTime()) ? next : null };
  }
  return missed ? { kind: "wake-did-not-run", due: missed, startedAt } : null;
}

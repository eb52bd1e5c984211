/**
 * How the accounts of a run go through the browser: `lanes` at once, each lane capturing one
 * account after the other. The record of a capture (PDF, spool, log, storage, delivery) is made
 * while its lane captures the next account, so the browser never waits for it; one record at a
 * time per lane, so no more than `lanes` finished captures wait in memory. Kept apart from the
 * browser and the log so the order of things can be tested with plain functions.
 */

export type Captured<R> = { outcome: R } | { makeRecord(): Promise<R> };

export interface LaneWork<T, R> {
  /** Asked before each item: true once the run has been asked to stop. */
  stopped(): boolean;
  /** The outcome of an item not started because the run stopped. */
  notStarted(item: T): R;
  /**
   * The browser part of one item: a final outcome, or the step that makes its record. `more`: how
   * many items are still waiting for a lane when this one starts.
   */
  capture(item: T, more: number): Promise<Captured<R>>;
  /** Called after each record is made. */
  afterRecord?(): void;
  /** Called as each item's outcome is known, with how many are done of how many. */
  finished?(outcome: R, done: number, total: number): void;
  /**
   * Called with each error beyond the one the run ends with (a record that could not be made while
   * the next capture also threw, or a second lane's error): only the first can be thrown, and an
   * operator who mended it alone met the other on the next run.
   */
  alsoFailed?(error: unknown): void;
}

/**
 * The outcomes of all items, in the order they were finished. An error from making a record
 * (a full disk, say) or thrown by a capture ends the run with that error: the record of the
 * capture its lane has already taken is still made first, the other lanes finish what they hold
 * and take nothing more, so no capture is dropped and none is begun in vain.
 */
export async function runLanes<T, R>(items: T[], lanes: number, work: LaneWork<T, R>): Promise<R[]> {
  const queue = [...items];
  const outcomes: R[] = [];
  const done = (o: R) => {
    outcomes.push(o);
    try { work.finished?.(o, outcomes.length, items.length); } catch { /* a progress line must not break a run */ }
  };
  let broken = false;
  const also = (e: unknown) => {
    try { work.alsoFailed?.(e); } catch { /* telling of a second error must not hide the first */ }
  };
  const lane = async () => {
    let finishing: Promise<void> = Promise.resolve();
    while (!broken && queue.length > 0) {
      const item = queue.shift()!;
      if (work.stopped()) { done(work.notStarted(item)); continue; }
      let captured: Captured<R>;
      try {
        captured = await work.capture(item, queue.length);
      } catch (e) {
        // A capture that throws (its failure could not be written down, a lease or the log could
        // not be read) ends the run like a record that cannot be made: the record this lane is
        // making is finished first, so its account gets its outcome, and no lane takes more.
        broken = true;
        await finishing.catch(also);
        throw e;
      }
      if ("outcome" in captured) { done(captured.outcome); continue; }
      const previous = await finishing.then(() => null, (error: unknown) => ({ error }));
      finishing = captured.makeRecord().then(
        (o) => { done(o); work.afterRecord?.(); },
        (e: unknown) => { broken = true; throw e; },
      );
      // Marked as handled now; the error, if any, still surfaces at the next await.
      finishing.catch(() => undefined);
      if (previous) { await finishing.catch(also); throw previous.error; }
    }
    await finishing;
  };
  const results = await Promise.allSettled(Array.from({ length: Math.min(lanes, Math.max(queue.length, 1)) }, lane));
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  for (const other of failed.slice(1)) also(other.reason);
  if (failed[0]) throw failed[0].reason;
  return outcomes;
}

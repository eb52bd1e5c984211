import { performance } from "node:perf_hooks";

/** How often a wait for a store's answer looks at the clock. */
const LOOK_MS = 250;
/** How late a look may come and still count: the process busy with its own work for a moment. */
const LATE_MS = 250;
/**
 * However busy the process, a store is called silent once this many times `ms` have passed on the
 * clock: under steady work of its own (PDFs built in other lanes) no look might come on time, and a
 * store that never answered was waited for without end.
 */
const MOST_TIMES = 4;

/**
 * Resolves once a store has been waited for `ms` in time the process could have heard its answer.
 * A plain timer counts time the whole process stood still, and the log's wait for a lock another
 * program holds stands it still: better-sqlite3 waits busy_timeout (15 s) synchronously. After such
 * a wait the timer ran before the answer that had come meanwhile was read, and a healthy store was
 * called silent, its records left in the spool. Here the clock is looked at often; a look that
 * comes late counts nothing, and the wait goes on, so the answer is read first. Chosen over a short
 * busy_timeout with asynchronous retries of the log's writes: every write of the log is synchronous,
 * called from everywhere, and the lock is held seldom and briefly. Ends, unresolved, when `signal`
 * aborts (the answer came).
 */
export function silenceOf(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    let heard = 0;
    let timer: NodeJS.Timeout | undefined;
    const began = performance.now();
    const lookIn = (step: number) => {
      const asked = performance.now();
      timer = setTimeout(() => {
        const late = performance.now() - asked - step;
        if (late <= LATE_MS) heard += step;
        if (heard >= ms || performance.now() - began >= MOST_TIMES * ms) resolve();
        else lookIn(Math.min(LOOK_MS, ms - heard));
      }, step);
      // A wait nobody needs any more (the command has ended) does not hold the process.
      timer.unref();
    };
    if (signal?.aborted) return;
    signal?.addEventListener("abort", () => clearTimeout(timer), { once: true });
    lookIn(Math.min(LOOK_MS, ms));
  });
}

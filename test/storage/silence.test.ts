import { describe, expect, it } from "vitest";
import { silenceOf } from "../../src/storage/index.ts";

/** Keeps the process busy: every 10 ms, 300 ms of work, so that no look at the clock comes on time. */
function busyProcess(): () => void {
  const timer = setInterval(() => { const end = Date.now() + 300; while (Date.now() < end) { /* busy */ } }, 10);
  return () => clearInterval(timer);
}

describe("the wait for a store's answer", () => {
  it("ends for a silent store even while the process is kept busy, where no look counting made it wait for ever", async () => {
    const stop = busyProcess();
    try {
      let ended = false;
      await Promise.race([silenceOf(200).then(() => { ended = true; }), new Promise((r) => setTimeout(r, 20_000).unref())]);
      expect(ended).toBe(true);
    } finally {
      stop();
    }
  });

  it("ends unresolved when the answer comes", async () => {
    const answered = new AbortController();
    let resolved = false;
    void silenceOf(300, answered.signal).then(() => { resolved = true; });
    answered.abort();
    await new Promise((r) => setTimeout(r, 600));
    expect(resolved).toBe(false);
  });
});

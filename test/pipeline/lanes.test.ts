// The order of things in a run, with plain functions in place of the browser and the record:
// captures and record-making overlap, one record at a time per lane, and nothing is dropped
// when a record cannot be made.
import { describe, expect, it } from "vitest";
import { runLanes, type Captured } from "../../src/record/lanes.ts";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Records what happens, in order, as "capture:a", "record:a" and so on. */
function journal() {
  const events: string[] = [];
  let inCapture = 0, maxInCapture = 0, inRecord = 0, maxInRecord = 0, waiting = 0, maxWaiting = 0;
  return {
    events,
    get max() { return { inCapture: maxInCapture, inRecord: maxInRecord, waiting: maxWaiting }; },
    work(opts: { failRecord?: string; failCapture?: string; recordMs?: number } = {}) {
      return {
        stopped: () => false,
        notStarted: (item: string) => `not started ${item}`,
        capture: async (item: string): Promise<Captured<string>> => {
          maxInCapture = Math.max(maxInCapture, ++inCapture);
          events.push(`capture:${item}`);
          await tick(10);
          inCapture--;
          if (item === opts.failCapture) throw new Error(`the log could not be written (${item})`);
          if (item.startsWith("skip")) return { outcome: `skipped ${item}` };
          maxWaiting = Math.max(maxWaiting, ++waiting);
          return {
            makeRecord: async () => {
              waiting--;
              maxInRecord = Math.max(maxInRecord, ++inRecord);
              events.push(`record:${item}`);
              await tick(opts.recordMs ?? 15);
              inRecord--;
              if (item === opts.failRecord) throw new Error(`the disk is full (${item})`);
              events.push(`recorded:${item}`);
              return `captured ${item}`;
            },
          };
        },
      };
    },
  };
}

describe("runLanes", () => {
  it("makes each record while its lane captures the next item, one record at a time per lane", async () => {
    const j = journal();
    const out = await runLanes(["a", "b", "c"], 1, j.work());
    expect(out).toEqual(["captured a", "captured b", "captured c"]);
    // b's capture starts before a's record is finished: the browser does not wait for the record.
    expect(j.events.indexOf("capture:b")).toBeLessThan(j.events.indexOf("recorded:a"));
    expect(j.max).toEqual({ inCapture: 1, inRecord: 1, waiting: 1 });
  });

  it("never holds more finished captures than lanes, even when records are slower than captures", async () => {
    const j = journal();
    const items = Array.from({ length: 9 }, (_, i) => `x${i}`);
    const out = await runLanes(items, 3, j.work({ recordMs: 40 }));
    expect(out.sort()).toEqual(items.map((i) => `captured ${i}`).sort());
    expect(j.max.inCapture).toBeLessThanOrEqual(3);
    expect(j.max.inRecord).toBeLessThanOrEqual(3);
    expect(j.max.waiting).toBeLessThanOrEqual(3);
  });

  it("passes on outcomes that need no record (skipped, failed) without waiting for one", async () => {
    const j = journal();
    const out = await runLanes(["a", "skip-b", "c"], 1, j.work());
    expect(out).toEqual(["skipped skip-b", "captured a", "captured c"]);
  });

  it("tells each capture how many items still wait for a lane, so that the last ones make nothing ready for a next", async () => {
    for (const [lanes, expected] of [[1, ["a 2", "b 1", "c 0"]], [2, ["a 2", "b 1", "c 0"]], [3, ["a 2", "b 1", "c 0"]]] as const) {
      const told: string[] = [];
      const j = journal().work();
      await runLanes(["a", "b", "c"], lanes, { ...j, capture: (item: string, more: number) => { told.push(`${item} ${more}`); return j.capture(item); } });
      expect(told.sort(), `${lanes} lane(s)`).toEqual(expected);
    }
  });

  it("tells, as each outcome is known, how many of how many are done", async () => {
    const j = journal();
    const said: string[] = [];
    const out = await runLanes(["a", "skip-b", "c", "d"], 2, { ...j.work(), finished: (o, done, total) => said.push(`${done}/${total} ${o}`) });
    expect(said).toHaveLength(4);
    expect(said.map((x) => x.split(" ")[0])).toEqual(["1/4", "2/4", "3/4", "4/4"]);
    expect(said.map((x) => x.slice(4)).sort()).toEqual([...out].sort());
  });

  it("when a record cannot be made, still makes the record of the capture already taken, then stops with the error", async () => {
    const j = journal();
    const run = runLanes(["a", "b", "c", "d"], 1, j.work({ failRecord: "a" }));
    await expect(run).rejects.toThrow("the disk is full (a)");
    // b was being captured when a's record failed: its record is made all the same.
    expect(j.events).toContain("recorded:b");
    // Nothing new is begun after the failure.
    expect(j.events).not.toContain("capture:c");
    expect(j.events).not.toContain("capture:d");
  });

  it("a failure in one lane lets the other lanes finish what they hold and take nothing more", async () => {
    const j = journal();
    const run = runLanes(["a", "b", "c", "d", "e", "f", "g", "h"], 2, j.work({ failRecord: "a" }));
    await expect(run).rejects.toThrow("the disk is full (a)");
    for (const e of j.events.filter((x) => x.startsWith("capture:"))) {
      const item = e.slice("capture:".length);
      // Every capture that was begun has its record made (or is the one that failed).
      if (item !== "a") expect(j.events).toContain(`recorded:${item}`);
    }
    expect(j.events.filter((x) => x.startsWith("capture:")).length).toBeLessThan(8);
  });

  it("when a capture itself throws, the record already being made is finished and reported, then the run stops with the error", async () => {
    const j = journal();
    const said: string[] = [];
    // b's capture throws (its failure could not be written down) while a's record is being made.
    const run = runLanes(["a", "b", "c", "d"], 1, { ...j.work({ failCapture: "b", recordMs: 40 }), finished: (o) => said.push(o) });
    await expect(run).rejects.toThrow("the log could not be written (b)");
    // a's record was made before the error reached the caller, and its outcome was told.
    expect(j.events).toContain("recorded:a");
    expect(said).toEqual(["captured a"]);
    expect(j.events).not.toContain("capture:c");
  });

  it("when the record being made also fails as the next capture throws, tells of that error too, where it was lost", async () => {
    const j = journal();
    const also: string[] = [];
    const run = runLanes(["a", "b", "c"], 1, { ...j.work({ failRecord: "a", failCapture: "b", recordMs: 40 }), alsoFailed: (e) => also.push((e as Error).message) });
    await expect(run).rejects.toThrow("the log could not be written (b)");
    expect(also).toEqual(["the disk is full (a)"]);
  });

  it("when two lanes fail, the run ends with one error and tells of the other", async () => {
    const j = journal();
    const also: string[] = [];
    const run = runLanes(["a", "b", "c", "d"], 2, { ...j.work({ failRecord: "a", failCapture: "b" }), alsoFailed: (e) => also.push((e as Error).message) });
    const thrown = await run.then(() => "", (e: Error) => e.message);
    expect([thrown, ...also].sort()).toEqual(["the disk is full (a)", "the log could not be written (b)"]);
  });

  it("when a capture throws in one lane, the other lanes finish what they hold and take nothing more", async () => {
    const j = journal();
    const items = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const said: string[] = [];
    const run = runLanes(items, 2, { ...j.work({ failCapture: "c", recordMs: 40 }), finished: (o) => said.push(o) });
    await expect(run).rejects.toThrow("the log could not be written (c)");
    const begun = j.events.filter((x) => x.startsWith("capture:")).map((x) => x.slice("capture:".length));
    for (const item of begun) if (item !== "c") expect(said).toContain(`captured ${item}`);
    expect(begun.length).toBeLessThan(items.length);
  });

  it("reports the items not started once the run is asked to stop", async () => {
    const j = journal();
    let n = 0;
    const work = { ...j.work(), stopped: () => n++ >= 1 };
    const out = await runLanes(["a", "b", "c"], 1, work);
    expect(out).toEqual(["not started b", "not started c", "captured a"]);
  });
});

/**
 * Between records: a full garbage collection. Each capture leaves a few large objects behind
 * (the screenshot as base64 from the browser, the PDF's bytes), which V8 keeps in its
 * large-object space until its next full collection. Left to itself V8 lets them pile up for
 * tens of records, so the worker's memory climbed by about 100 MB over a run of 100 accounts
 * while the live heap stayed flat (about 76 MB). One full collection per record costs a few
 * tens of milliseconds and keeps the worker's footprint the same at the 100th record as at the
 * 10th.
 *
 * `gc` is not exposed unless Node was started with --expose-gc; the flag can still be set from
 * within (as Jest's leak detector does), and a fresh VM context then hands out the function.
 */
import v8 from "node:v8";
import vm from "node:vm";

let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      v8.setFlagsFromString("--expose-gc");
      collect = vm.runInNewContext("gc") as () => void;
    } catch {
      collect = null; // without it memory is only less flat, never wrong
    }
  }
  collect?.();
}

/**
 * Asking a frame of the page something. A frame from another site (an advertisement, an
 * embedded widget) runs in a process of its own, and its script can run away; the page around
 * it works on, as it does for a person. Such a frame must not hold the capture: a question to
 * it is given FRAME_ANSWER_MS, and a frame that does not answer in time is not asked again.
 * The page itself is asked without a bound: when it hangs, the capture's own deadline decides.
 */
import type { Frame, Page } from "playwright-core";
import { LATE, within } from "./browser.ts";

const FRAME_ANSWER_MS = 5000;

const unresponsive = new WeakSet<Frame>();

/** The answer of `expression` in `frame`, or `fallback` when the frame has gone, fails or does not answer. */
export async function askFrame<T>(frame: Frame, expression: string, fallback: T): Promise<T> {
  if (frame.parentFrame() === null) return await frame.evaluate(expression).then((v) => v as T, () => fallback);
  if (unresponsive.has(frame)) return fallback;
  // No document yet (a frame with loading="lazy" not yet scrolled near): a question to it would
  // wait until it loads, and it has nothing to answer before then.
  if (frame.url() === "") return fallback;
  const answer = await within(frame.evaluate(expression).then((v) => v as T, () => fallback), FRAME_ANSWER_MS);
  if (answer !== LATE) return answer;
  unresponsive.add(frame);
  return fallback;
}

/** Whether a frame of the page stopped answering during the capture; its words are missing from the record. */
export function hasUnresponsiveFrame(page: Page): boolean {
  return page.frames().some((f) => unresponsive.has(f));
}

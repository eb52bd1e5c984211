/**
 * The capture command somarkiv tells a person to run again is composed in one place: each value as a
 * shell takes it, and the flags in one order, whichever message names it.
 */
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { captureCommandLine } from "../../src/config/index.ts";

/** The words a shell makes of a command line, as a pasted command is read. */
function wordsOf(line: string): string[] {
  return execFileSync("/bin/sh", ["-c", `for w in ${line}; do printf '%s\\0' "$w"; done`], { encoding: "utf8" }).split("\0").slice(0, -1);
}

describe("captureCommandLine", () => {
  it("names the accounts, the period and each flag asked for, in one order, --as-shown last", () => {
    expect(captureCommandLine({ accounts: ["mastodon"] })).toBe("somarkiv capture --account mastodon");
    expect(captureCommandLine({})).toBe("somarkiv capture");
    expect(captureCommandLine({ period: "2026-H1", reason: "missed" })).toBe("somarkiv capture --period 2026-H1 --reason missed");
    expect(captureCommandLine({ accounts: ["a", "b"], period: "2026-H1", final: true, reopen: true, force: true, reason: "the first showed the cookie dialog", asShown: true }))
      .toBe(`somarkiv capture --account a --account b --period 2026-H1 --final --reopen --force --reason "the first showed the cookie dialog" --as-shown`);
    expect(captureCommandLine({ accounts: ["stangs"], final: true, asShown: true })).toBe("somarkiv capture --account stangs --final --as-shown");
  });

  it("writes the reason for the reader to put in as README does, and a reason given in preference to it", () => {
    expect(captureCommandLine({ accounts: ["kommun"], force: true, reasonToType: true })).toBe(`somarkiv capture --account kommun --force --reason "…"`);
    expect(captureCommandLine({ accounts: ["kommun"], reopen: true, reasonToType: true })).toBe(`somarkiv capture --account kommun --reopen --reason "…"`);
    expect(captureCommandLine({ accounts: ["kommun"], force: true, reason: "given", reasonToType: true })).toBe("somarkiv capture --account kommun --force --reason given");
  });

  it("quotes a reason as a shell needs, so that the shell gives back the words as typed", () => {
    const reason = `the "first" cost $5 and a \`tick\`, back\\slash; * and ? too`;
    const line = captureCommandLine({ accounts: ["kommun"], force: true, reason });
    expect(wordsOf(line.replace(/^somarkiv /, ""))).toEqual(["capture", "--account", "kommun", "--force", "--reason", reason]);
  });
});

import { describe, it, expect } from "vitest";
import { failureLine } from "../../src/cli/errors.ts";

describe("the line for a command stopped by an error", () => {
  it("says in plain words that the disk is full and what to do, for SQLite's and the file system's words alike", () => {
    const sqlite = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    const fsError = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    for (const e of [sqlite, fsError]) {
      const line = failureLine("capture", e);
      expect(line).toMatch(/^somarkiv capture stopped: the disk that holds somarkiv's log and spool is full \(/);
      expect(line).toContain(e.message);
      expect(line).toContain("Free space on it (the folder of \"database:\" in the configuration). Then run the command again.");
      expect(line).toContain("Nothing already recorded is lost");
    }
  });

  it("names a log on a disk that may not be written, and gives other errors as they are", () => {
    expect(failureLine("run", Object.assign(new Error("attempt to write a readonly database"), { code: "SQLITE_READONLY" }))).toContain("on a disk it may not write to");
    expect(failureLine("status", new Error("something else"))).toBe("somarkiv status failed: something else");
    expect(failureLine("status", "a thrown string")).toBe("somarkiv status failed: a thrown string");
  });
});

/**
 * What the operator is told to install for characters no font drew: only packages not installed
 * yet. Naming fonts-noto-core, already installed, for a character none of its fonts has sent the
 * operator round in a loop (install, preflight, the same problem).
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { fontAdvice } from "../../src/capture/index.ts";

describe("fontAdvice", () => {
  it("names the packages not installed, and says so when those that would draw them are", () => {
    const none = () => false;
    expect(fontAdvice(["中", "😀"], none)).toBe("Install fonts for them (as root: apt-get install fonts-noto-cjk fonts-noto-color-emoji)");
    const core = (p: string) => p === "fonts-noto-core";
    expect(fontAdvice(["Ꟁ", "中"], core)).toBe("Install fonts for them (as root: apt-get install fonts-noto-cjk)");
    expect(fontAdvice(["Ꟁ"], core)).toBe("The font package that would draw them (fonts-noto-core) is installed already and has no glyphs for them: no free font on this machine draws them, and installing more of the same changes nothing; the picture will show them as boxes, and their words are searchable");
    // Where dpkg cannot be asked, the package is named as before.
    expect(fontAdvice(["Ꟁ"], () => undefined)).toBe("Install fonts for them (as root: apt-get install fonts-noto-core)");
  });

  it("asks this machine's dpkg by default", () => {
    let coreInstalled = false;
    try { coreInstalled = /install ok installed/.test(execFileSync("dpkg-query", ["-W", "-f=${Status}", "fonts-noto-core"], { encoding: "utf8" })); } catch { /* not installed */ }
    expect(fontAdvice(["Ꟁ"]).startsWith("Install")).toBe(!coreInstalled);
  });
});

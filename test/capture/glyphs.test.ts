/**
 * Characters no font on the capturing machine has are drawn as empty boxes in the picture, which is
 * the record, while the text layer keeps them: the record says so (glyphs-missing), naming some of
 * them, and preflight reports it. Text the machine's fonts draw (Swedish, Sami, emoji with their
 * joiners and selectors, Arabic with its marks, spaces of every kind) is never said to be missing.
 */
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { captureAccount, preflightAccount } from "../../src/capture/index.ts";
import { browserAndSite, options } from "./helpers.ts";

const held = browserAndSite();

/** Whether a font on this machine has the character, as fontconfig (which Chromium asks) sees it. */
function fontHas(c: string): boolean {
  return execFileSync("fc-list", [`:charset=${c.codePointAt(0)!.toString(16)}`], { encoding: "utf8" }).trim() !== "";
}

describe("characters no font on the machine draws", () => {
  // Chinese as in the report (fonts-noto-cjk is not installed by default); Ol Onal, a script of
  // Unicode 16, for a machine that has CJK fonts: a machine with a font for either must draw it.
  const lacking = ["中", "𞗐"].filter((c) => !fontHas(c));

  it("flag the record and name them; preflight reports them with the fonts to install", async () => {
    const r = await captureAccount(held.browser, options(held.server.at("capture/glyphs-missing.html")));
    expect(r.text).toContain("欢迎来到上卡利克斯市政府");
    if (!lacking.length) {
      expect(r.flags).not.toContain("glyphs-missing");
      return;
    }
    expect(r.flags).toContain("glyphs-missing");
    for (const c of lacking) expect(r.glyphsMissing).toContain(c);
    // Drawn by the machine's fonts: neither the Swedish letters nor the emoji are among them.
    expect(r.glyphsMissing).not.toContain("ö");
    expect(r.glyphsMissing).not.toContain("🎄");
    const p = await preflightAccount(held.browser, options(held.server.at("capture/glyphs-missing.html")));
    expect(p.ok).toBe(false);
    expect(p.problems.join("\n")).toMatch(/Some characters on the page at .* have no font on this machine: snapshots would show them as empty boxes/);
    if (lacking.includes("中")) expect(p.problems.join("\n")).toContain("apt-get install fonts-noto-cjk");
  });

  it("are not said of Swedish, Sami, emoji, Arabic and other scripts the machine's fonts draw, nor of spaces and joining marks", async () => {
    const r = await captureAccount(held.browser, options(held.server.at("capture/glyphs-drawn.html")));
    expect(r.text).toContain("Čohkkejeaddji");
    expect(r.text).toContain("🇸🇪");
    expect(r.text).toContain("معلومات");
    expect(r.glyphsMissing).toBeUndefined();
    expect(r.flags).not.toContain("glyphs-missing");
  });
});

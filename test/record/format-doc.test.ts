import { describe, it, expect } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { CONSENT_SV, FLAG_SV, REASON_SV, STATUS_SV } from "../../src/record/metadata.ts";
import { eventHash } from "../../src/log/events.ts";
import { FORMAT_FILE } from "../../src/record/format-description.ts";

/**
 * docs/format.md is what an archive reads the records by, without somarkiv: it must name every code the
 * code can write, with the sheet's own Swedish words, and its worked example of the chain must be right.
 */
const SRC = path.resolve(import.meta.dirname, "../../src");
const doc = fs.readFileSync(FORMAT_FILE, "utf8");
const sources = (fs.readdirSync(SRC, { recursive: true }) as string[]).filter((f) => f.endsWith(".ts")).map((f) => fs.readFileSync(path.join(SRC, f), "utf8"));
/** A table row of the document: the code, then its Swedish words. */
const row = (code: string, sv: string) => `| \`${code}\` | ${sv.replace(/\|/g, "\\|")} |`;

/** Every flag the capture and the pipeline set, read from their code: flags.add("…"), flags.push("…"), flag: "…", and the pipeline's own. */
function flagsTheCodeSets(): Set<string> {
  const found = new Set<string>();
  for (const text of sources) {
    for (const m of text.matchAll(/[fF]lags\.(?:add|push)\(([^;\n]*)\)/g)) for (const s of m[1]!.matchAll(/"([a-z][a-z-]+)"/g)) found.add(s[1]!);
    // A flag is a word with a hyphen: fs.writeFile's { flag: "wx" } is none.
    for (const m of text.matchAll(/\bflag: "([a-z]+-[a-z-]+)"/g)) found.add(m[1]!);
    for (const m of text.matchAll(/const flags = \[[^\n]*/g)) for (const s of m[0].matchAll(/\["([a-z][a-z-]+)"\]/g)) found.add(s[1]!);
    for (const m of text.matchAll(/type OtherSiteFlag = ([^;]*);/g)) for (const s of m[1]!.matchAll(/"([a-z][a-z-]+)"/g)) found.add(s[1]!);
  }
  return found;
}

describe("docs/format.md against the code", () => {
  it("every flag the code sets has Swedish words on the sheet (FLAG_SV)", () => {
    const set = flagsTheCodeSets();
    // The reading of the code finds the flags of each kind of place that sets them.
    for (const f of ["consent-hidden", "glyphs-missing", "lazy-content-incomplete", "final", "after-period", "reached-other-site", "login-prompt-closed"]) expect(set).toContain(f);
    expect([...set].filter((f) => !(f in FLAG_SV))).toEqual([]);
  });

  it("names every flag, cookie outcome, state and reason of failure, with the sheet's Swedish words", () => {
    const tables = { FLAG_SV, CONSENT_SV, STATUS_SV, REASON_SV } as Record<string, Record<string, string>>;
    const missing = Object.entries(tables).flatMap(([table, codes]) => Object.entries(codes).filter(([c, sv]) => !doc.includes(row(c, sv))).map(([c]) => `${table}: ${c}`));
    expect(missing).toEqual([]);
  });

  it("names every field of the manifest", () => {
    const types = fs.readFileSync(path.join(SRC, "record", "types.ts"), "utf8");
    // The manifest carries what the capture found on the page as it was found, declared once with the capture.
    const found = fs.readFileSync(path.join(SRC, "capture", "types.ts"), "utf8");
    const body = /export interface Manifest extends PageFindings \{([\s\S]*?)\n\}/.exec(types)![1]!
      + /export interface PageFindings \{([\s\S]*?)\n\}/.exec(found)![1]!;
    const fields = [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1]!);
    expect(fields.length).toBeGreaterThan(30);
    expect(fields.filter((f) => !doc.includes(`\`${f}\``))).toEqual([]);
  });

  it("its worked example of the hash chain is what somarkiv computes", () => {
    const line = /^ {4}(\[1,"[^\n]*\])$/m.exec(doc)![1]!;
    const [seq, at, recordId, type, data] = JSON.parse(line) as [number, string, string, string, string];
    const hash = /^ {4}([0-9a-f]{64}) {2}-$/m.exec(doc)![1]!;
    expect(eventHash("0".repeat(64), seq, at, recordId, type, data)).toBe(hash);
  });
});

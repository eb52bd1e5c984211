import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import { runCli, makeWorkspace, type Workspace } from "../helpers/cli.ts";

/**
 * A purpose continued over lines the Notepad way, and a quotation mark closed with Word's ”, said in
 * the file's words at the line to mend. Each file is written as typed, not made by YAML.
 */
const HEAD = "storage:\n  type: filesystem\n  path: objects\nintake:\n  - type: directory\n    path: intake\ndatabase: somarkiv.sqlite\norganisation:\n  name: Överkalix kommun\naccounts:\n";
const konto = (id: string, extra: string) => `  - id: ${id}\n    name: Konto ${id}\n    platform: facebook\n    url: https://www.facebook.com/${id}\n${extra}    audience: Kommuninvånare\n`;

describe("config check on a text written over several lines, or quoted with Word's marks", () => {
  let ws: Workspace | undefined;
  afterEach(() => { ws?.cleanup(); ws = undefined; });

  async function check(accounts: string): Promise<string[]> {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    fs.writeFileSync(ws.configPath, HEAD + accounts);
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    return r.stderr.trim().split("\n").slice(1).map((l) => l.replace(`  ${ws!.configPath}:`, ""));
  }

  it("a setting indented a space or two further than the one above it: line it up, at its own line, in the file's words", async () => {
    // konto's lines: 11 "- id", 12 name, 13 platform, 14 url; the slip on 13.
    const [platform] = await check(konto("a", "").replace("    platform: facebook", "     platform: facebook") + "    purpose: Informera\n");
    expect(platform).toBe(`13:1: the file is not valid YAML: line 13 is indented 1 space further than "name:" on the line above it, so YAML reads "platform:" as part of the value of name; line "platform:" up with "name:", with the same number of spaces before it. Mend this first: the lines after it may well be right once it is, and config check then says what is left, if anything`);
    const [audience] = await check(konto("a", "    purpose: Informera\n").replace("    audience:", "      audience:"));
    expect(audience).toMatch(/^16:1: the file is not valid YAML: line 16 is indented 2 spaces further than "purpose:" on the line above it, so YAML reads "audience:" as part of the value of purpose; /);
    expect(audience).not.toMatch(/compact mappings|Implicit keys/);
  });

  it("a purpose continued on a line not indented further: indent it, or purpose: |", async () => {
    const [said] = await check(konto("a", "    purpose: Informera om kommunens service.\n    Svara på frågor inom 48 timmar.\n"));
    expect(said).toBe(`16:1: the file is not valid YAML: line 16 goes on with the text of purpose (line 15), but is not indented further than "purpose:", so YAML does not read it as part of the text: indent the continued line (16) further than "purpose:", or write "purpose: |" and the whole text on the lines below it, each indented further than "purpose:"`);
    const [left] = await check(konto("a", "    purpose: Informera om kommunens service.\nSvara på frågor inom 48 timmar.\n"));
    expect(left).toMatch(/^16:1: the file is not valid YAML: line 16 goes on with the text of purpose \(line 15\), but is not indented further than "purpose:"/);
    expect(left).not.toMatch(/Implicit keys|compact mappings/);
  });

  it("a continued line with a colon in it: purpose: | keeps the colon as text", async () => {
    const [said] = await check(konto("a", "    purpose: Informera om kommunens service.\n\n      Svara på frågor: inom 48 timmar.\n"));
    expect(said).toMatch(/^17:1: the file is not valid YAML: line 17 goes on with the text of purpose \(line 15\) and has a colon followed by a space, which YAML reads as the start of another setting: write "purpose: \|" and the whole text/);
    expect(said).not.toMatch(/Nested mappings/);
  });

  it("a quotation mark opened with \" and closed with ” is named at its own line, not the file's end", async () => {
    const lines = await check(konto("a", "    purpose: Informera\n").replace("name: Konto a", "name: \"Ungdomens hus”") + konto("b", "    purpose: Informera\n"));
    expect(lines[0]).toBe(`12:1: the file is not valid YAML: line 12: name opens a quotation mark with " and closes it with ” (a typographic one, as Word or a phone makes it), which YAML does not take as its close, so it read the rest of the file as the text; write both as straight ones: name: "Ungdomens hus"`);
  });

  it("a name with a typographic quotation mark at one end and a straight one at the other is warned of as a matched pair is", async () => {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    fs.writeFileSync(ws.configPath, HEAD + konto("a", "    purpose: Informera\n").replace("name: Konto a", "name: ”Ungdomens hus\""));
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`text WARNING: line 12: name begins or ends with a typographic quotation mark and the other end with a straight one (”Ungdomens hus", as Word makes them), so YAML keeps both as part of the text`);
    expect(r.stdout).toContain(`Write it without them (name: Ungdomens hus)`);
  });

  it("a collective case's year between Word's quotation marks is said to be so, not \"Invalid key in record\"", async () => {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    fs.writeFileSync(ws.configPath, HEAD.replace("accounts:\n", "records:\n  collectiveCase: { ”2026”: ”KS 2026/45” }\naccounts:\n") + konto("a", "    purpose: Informera\n"));
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ws.configPath}:11: records.collectiveCase.”2026”: the year ”2026” is not written as a year: it is between typographic quotation marks (as Word makes them), which YAML keeps as part of it; each case number is given under its year, e.g. "2026": KS 2026/45, with straight quotation marks or none.`);
    expect(r.stderr).not.toContain("Invalid key");
  });
});

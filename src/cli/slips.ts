import fs from "node:fs";
import { textSlipsAbout, type Config, type TextSlip } from "../config/index.ts";

/**
 * The file's texts that YAML reads otherwise than they were meant (a purpose cut at " #", a name
 * between Word's quotation marks), each naming its line. None when the file cannot be read again:
 * it was read a moment ago, and what it says is then config check's to tell.
 */
export function fileSlips(config: Config): string[] {
  return fileSlipsAbout(config).map((s) => s.said);
}

function fileSlipsAbout(config: Config): TextSlip[] {
  let text: string;
  try {
    text = fs.readFileSync(config.source, "utf8");
  } catch {
    return [];
  }
  return textSlipsAbout(text);
}

/**
 * The slips as warnings for a command that archives or publishes the texts (run, capture,
 * preflight, accounts --html): said there, not only by config check, which the communicator who
 * edited the file may never run, while every record and the public list took the cut text.
 * Each is said once: `said` keeps those told already, for a worker that reads the file at each wake.
 * Kept by what they are about (the setting, of which entry, the slip and the text as written), not
 * by their words, which name the line, and only while the file has them: a slip mended and typed in
 * again is said again, where one remembered by its words was said once for the worker's whole run.
 */
export function sayFileSlips(config: Config, say: (line: string) => void, said = new Set<string>()): void {
  // The same slip twice in the file (two persons' names between Word's marks) is two slips.
  const seen = new Map<string, number>();
  const slips = fileSlipsAbout(config).map((s) => {
    const n = (seen.get(s.about) ?? 0) + 1;
    seen.set(s.about, n);
    return { key: `${s.about}#${n}`, said: s.said };
  });
  const now = new Set(slips.map((s) => s.key));
  for (const key of said) if (!now.has(key)) said.delete(key);
  for (const slip of slips) {
    if (said.has(slip.key)) continue;
    said.add(slip.key);
    say(`WARNING: ${config.source}, ${slip.said}. It goes into the records and the public list as read until the file is mended.`);
  }
}

import fs from "node:fs";
import { textSlips, type Config } from "../config/index.ts";

/**
 * The file's texts that YAML reads otherwise than they were meant (a purpose cut at " #", a name
 * between Word's quotation marks), each naming its line. None when the file cannot be read again:
 * it was read a moment ago, and what it says is then config check's to tell.
 */
export function fileSlips(config: Config): string[] {
  let text: string;
  try {
    text = fs.readFileSync(config.source, "utf8");
  } catch {
    return [];
  }
  return textSlips(text);
}

/**
 * The slips as warnings for a command that archives or publishes the texts (run, capture,
 * preflight, accounts --html): said there, not only by config check, which the communicator who
 * edited the file may never run, while every record and the public list took the cut text.
 * Each is said once: `said` keeps those told already, for a worker that reads the file at each wake.
 */
export function sayFileSlips(config: Config, say: (line: string) => void, said = new Set<string>()): void {
  for (const slip of fileSlips(config)) {
    if (said.has(slip)) continue;
    said.add(slip);
    say(`WARNING: ${config.source}, ${slip}. It goes into the records and the public list as read until the file is mended.`);
  }
}

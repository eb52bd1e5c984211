import fs from "node:fs";
import { shellWord } from "../config/command.ts";

/**
 * What to say of a saved login session other users of the machine can read: it holds a login. Said
 * by config check and where a capture or preflight uses it, as the worker's journal is what is read.
 */
export function sessionReadableByOthers(file: string): string | undefined {
  let mode: number;
  try { mode = fs.statSync(file).mode; } catch { return undefined; }
  if (!(mode & 0o077)) return undefined;
  return `its saved login session ${file} can be read by other users of this machine (mode ${(mode & 0o777).toString(8)}), and it holds a login. Make it private with: chmod 600 ${shellWord(file)}`;
}

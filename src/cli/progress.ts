import { withoutControls } from "../capture/types.ts";

/** Progress and log lines go to stderr with the local time, so stdout stays clean for data (--json, --csv). */
export function progressLine(line: string): void {
  const t = new Date().toLocaleTimeString("sv-SE", { hour12: false });
  process.stderr.write(`${t} ${withoutControls(line)}\n`);
}

export function print(line = ""): void {
  process.stdout.write(withoutControls(line) + "\n");
}

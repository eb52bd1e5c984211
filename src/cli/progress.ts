import { withoutControls } from "../capture/types.ts";

/** Progress and log lines go to stderr with the local time, so stdout stays clean for data (--json, --csv). */
// With its zone: the worker's wakes are given in the organisation's time ("next wake 18:32:00 CET"),
// and a server's clock is often UTC; "17:31:05" beside it read as an hour away.
const CLOCK = new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short" });

export function progressLine(line: string): void {
  const t = CLOCK.format(new Date());
  process.stderr.write(`${t} ${withoutControls(line)}\n`);
}

export function print(line = ""): void {
  process.stdout.write(withoutControls(line) + "\n");
}

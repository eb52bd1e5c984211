import { withoutControls } from "../capture/types.ts";
import { namedConfig, shellWord } from "../config/index.ts";

/**
 * The commands a message may tell its reader to run; not a message's own heading ("somarkiv
 * registered: …", "somarkiv capture stopped: …", "somarkiv status failed: …").
 */
const COMMAND = /\b(somarkiv )(?=(?:capture|deliver|status|records|registered|verify|accounts|run|preflight|login|backup|recover|config check)\b(?!:| stopped:| failed:))/g;
let configWord = "";

/**
 * From here on, every command a printed line tells its reader to run names the configuration file
 * this run used, when somarkiv would not find it by itself ("somarkiv --config FILE registered …"):
 * pasted without it, the command read another log, said the record did not exist and made an empty
 * log. The messages are written once, without it, wherever they are made (the log keeps some).
 */
export function nameConfigInCommands(source: string): void {
  const named = namedConfig(source);
  configWord = named ? `--config ${shellWord(named)} ` : "";
}

/** A line as printed: its commands name the configuration (nameConfigInCommands) unless it names one already. */
export function withConfigNamed(line: string): string {
  return configWord && !line.includes("--config") ? line.replace(COMMAND, `$1${configWord}`) : line;
}

/** Progress and log lines go to stderr with the local time, so stdout stays clean for data (--json, --csv). */
// With its zone: the worker's wakes are given in the organisation's time ("next wake 18:32:00 CET"),
// and a server's clock is often UTC; "17:31:05" beside it read as an hour away.
// Made at the first progress line, not at start: a formatter with a zone name costs about 20 ms of ICU
// set-up, and most commands (status, records, config check) never print one.
let clockZone: string | undefined;
let clock: Intl.DateTimeFormat | undefined;

/**
 * From here on, progress lines give their time in the configuration's time zone, as every other time
 * somarkiv gives: on a server whose TZ is another ("03:17:07 GMT−5"), one line read "03:23 … started
 * at 09:23 CET".
 */
export function clockInTimezone(timezone: string): void {
  clockZone = timezone;
  clock = undefined;
}

export function progressLine(line: string): void {
  clock ??= new Intl.DateTimeFormat("sv-SE", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZoneName: "short", timeZone: clockZone });
  const t = clock.format(new Date());
  process.stderr.write(`${t} ${withConfigNamed(withoutControls(line))}\n`);
}

export function print(line = ""): void {
  process.stdout.write(withConfigNamed(withoutControls(line)) + "\n");
}

/** Data for a program (--json): printed as it is, since a path put into it could break its quoting. */
export function printData(text: string): void {
  process.stdout.write(withoutControls(text) + "\n");
}

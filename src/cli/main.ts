import { nearestWord } from "../config/nearest.ts";
import { ConfigError } from "../config/index.ts";
import { LostLogError, SharedDataFolderError, UsageError, EXIT, failureLine } from "./errors.ts";
import { withConfigNamed } from "./progress.ts";

const HELP = `somarkiv: snapshots of the organisation's social-media accounts, archived and sent to the registrar

Usage: somarkiv <command> [options]        (every command takes --config PATH)

  run                                  the scheduled worker (June and December by default)
  capture [--account ID]... [--period P] [--force] [--final] [--reopen] [--reason "…"] [--as-shown]
                                       capture now: the named accounts, or all active ones;
                                       --reason says why, on each record's sheet; --as-shown files
                                       a page that never finished loading as it shows (flagged)
  status [--json]                      each account's state for this half-year, what is pending, the next wake
  records [--account ID]... [--period P]... [--json|--csv]
                                       the log of records; a period may be a year (2025)
  deliver                              retry pending uploads and deliveries now
  deliver --again RECORD_ID [--intake NAME]
                                       deliver a record again, from the archive, to every intake
                                       (a copy the registrar lost); checked against its checksum;
                                       --intake folder|email|http or its address: that one only
  deliver --again --all-missing --intake NAME
                                       send the records of the half-year made before that intake
                                       was added to it (status names them)
  verify [--json] [--read-only]        re-read every stored record and check the log's integrity (--read-only: write nothing, for a copy handed over)
  verify FILE...                       whether a PDF someone holds is a record, unchanged, and which
  registered RECORD_ID --dnr DNR [--correct REASON]
                                       record the diary number the registrar gave a record;
                                       --correct replaces one given by mistake (the log keeps both)
  accounts [--html|--json|--csv]       the public list of official accounts (förteckning)
  config check                         validate the configuration and report policy warnings
  preflight                            take each page once as a capture does and report problems; no records
  login --account ID                   sign in to an account in a visible browser, for logged-in capture
  backup PATH                          a consistent copy of the log, also while the worker runs;
                                       PATH a new file, or a folder to write a dated copy in
  recover [--json] [--new-log]         after the log was restored from a backup: take back the records
                                       the store holds and the log lost; --new-log when no backup is left;
                                       --from-other-installation to take those of another installation too
  demo                                 capture a local demo site into archive/ (what npm run demo does)

The configuration is config/somarkiv.yaml unless --config or SOMARKIV_CONFIG names another file.
Exit codes: 0 all done, 1 some work failed (each failure is named), 2 bad usage or configuration.`;

type Handler = (args: string[]) => Promise<number>;

// Commands load on demand: `status` should not wait for the browser driver or the S3 SDK to load.
const COMMANDS: Record<string, Handler> = {
  capture: async (a) => (await import("./commands/capture.ts")).captureCommand(a),
  deliver: async (a) => (await import("./commands/capture.ts")).deliverCommand(a),
  status: async (a) => (await import("./commands/status.ts")).statusCommand(a),
  records: async (a) => (await import("./commands/records.ts")).recordsCommand(a),
  registered: async (a) => (await import("./commands/records.ts")).registeredCommand(a),
  verify: async (a) => (await import("./commands/verify.ts")).verifyCommand(a),
  accounts: async (a) => (await import("./commands/accounts.ts")).accountsCommand(a),
  run: async (a) => (await import("./commands/worker.ts")).runCommand(a),
  preflight: async (a) => (await import("./commands/worker.ts")).preflightCommand(a),
  login: async (a) => (await import("./commands/admin.ts")).loginCommand(a),
  backup: async (a) => (await import("./commands/admin.ts")).backupCommand(a),
  recover: async (a) => (await import("./commands/admin.ts")).recoverCommand(a),
  demo: async (a) => (await import("./commands/demo.ts")).demoCommand(a),
  config: async (args) => {
    // A slip ("config chek") is named, not answered as if no subcommand had been given.
    if (args[0] !== "check") throw new UsageError(args[0] && !args[0].startsWith("-") ? `"somarkiv config" has no subcommand "${args[0]}"; the one it has is: somarkiv config check` : `"somarkiv config" needs a subcommand: somarkiv config check`);
    return (await import("./commands/accounts.ts")).configCheckCommand(args.slice(1));
  },
};

/** The help's lines for one command (its usage and what it does), or null for an unknown one. */
export function commandHelp(command: string): string | null {
  const lines = HELP.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`  ${command} `) || l === `  ${command}`);
  if (start < 0) return null;
  let end = start + 1;
  // A long usage line is followed by its description, indented further.
  while (end < lines.length && /^ {10,}\S/.test(lines[end]!)) end++;
  // Usage and description share a line when the usage is short: split them at the wide gap.
  const parts = lines.slice(start, end).flatMap((l) => l.trim().split(/\s{3,}/));
  return `Usage: somarkiv ${parts[0]}\n  ${parts.slice(1).join("\n  ")}\n(--config PATH selects the configuration; see "somarkiv --help" for every command.)`;
}

/**
 * "somarkiv --config FILE status", the order many tools take a global option in, read as
 * "somarkiv status --config FILE" (the option moved to the end, after a subcommand or a record id);
 * with no command after it, none was given.
 */
export function commandFirst(argv: string[]): string[] {
  const rest = [...argv];
  const lead: string[] = [];
  while (rest[0] === "--config" || rest[0]?.startsWith("--config=")) lead.push(...rest.splice(0, rest[0] === "--config" ? 2 : 1));
  if (!lead.length) return argv;
  return rest.length ? [...rest, ...lead] : [];
}

/**
 * The command a mistyped word most likely meant ("statsu", "Capture", "registerd"): one within two
 * letters' edits, or none. It is only named, never run: a wrong guess must not capture or deliver.
 */
export function closestCommand(word: string, names: string[]): string | undefined {
  return nearestWord(word, names, (name) => Math.min(2, Math.floor(name.length / 3)));
}

/**
 * A reader that goes away (`somarkiv records --csv | head`) is no reason to stop: the work in hand
 * (a capture, a delivery) goes on to its end and only the rest of the output is dropped. Left
 * alone, the closed pipe is an unhandled error that ends the process with a stack trace.
 */
function keepGoingWithoutReader(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
  });
}

export async function main(args: string[]): Promise<number> {
  keepGoingWithoutReader(process.stdout);
  keepGoingWithoutReader(process.stderr);
  const argv = commandFirst(args);
  const [command, ...rest] = argv;
  // "somarkiv capture --help" and "somarkiv help capture" both show the command's own lines.
  const asked = command === "help" ? rest[0] : rest.includes("--help") || rest.includes("-h") ? command : undefined;
  if (asked && COMMANDS[asked]) {
    process.stdout.write(`${commandHelp(asked)}\n`);
    return EXIT.ok;
  }
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(HELP + "\n");
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command === "--version" || command === "-V" || command === "-v" || command === "version") {
    const { TOOL_VERSION } = await import("../record/version.ts");
    process.stdout.write(`somarkiv ${TOOL_VERSION}\n`);
    return EXIT.ok;
  }
  const handler = COMMANDS[command];
  if (!handler) {
    const near = closestCommand(command, Object.keys(COMMANDS));
    process.stderr.write(`somarkiv: unknown command "${command}".${near ? ` Did you mean "somarkiv ${near}"?` : ""} Run "somarkiv --help" for the list of commands.\n`);
    return EXIT.usage;
  }
  try {
    return await handler(rest);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(withConfigNamed(`The configuration cannot be used; nothing was done. Fix these and try again:\n${e.problems.map((p) => `  ${p}`).join("\n")}\n`));
      return EXIT.usage;
    }
    if (e instanceof UsageError) {
      process.stderr.write(withConfigNamed(`somarkiv: ${e.message}\n`));
      return EXIT.usage;
    }
    if (e instanceof LostLogError || e instanceof SharedDataFolderError) {
      process.stderr.write(withConfigNamed(`somarkiv ${command}: ${e.message}\n`));
      return EXIT.failed;
    }
    process.stderr.write(withConfigNamed(`${failureLine(command, e)}\n`));
    if (process.env.SOMARKIV_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    return EXIT.failed;
  }
}

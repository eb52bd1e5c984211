import { parse } from "../args.ts";
import { readConfig, openLogForReading, lostLogProblem } from "../context.ts";
import { EXIT } from "../errors.ts";
import { print, printData } from "../progress.ts";
import { gatherStatus, statusJson } from "../status/facts.ts";
import { statusText } from "../status/text.ts";

export async function statusCommand(args: string[]): Promise<number> {
  const { values } = parse("status", args, { json: { type: "boolean" } });
  const config = readConfig(values);
  // A log that is not there, empty or knowing no record, beside a store that holds records: the log
  // was lost. Looked at first, so that an empty file is not opened (and made a log) by a look.
  const lostLog = await lostLogProblem(config);
  const log = lostLog ? undefined : openLogForReading(config);
  try {
    const facts = await gatherStatus(config, log, lostLog, new Date());
    if (values.json) printData(JSON.stringify(statusJson(facts), null, 2));
    else for (const line of statusText(facts, config)) print(line);
    return EXIT.ok;
  } finally {
    log?.close();
  }
}

import { parse } from "../args.ts";
import { openLogAsReader, readConfig, refuseRootOverServiceData } from "../context.ts";
import { logIsNew } from "../../log/index.ts";
import { EXIT } from "../errors.ts";
import { print, printData, progressLine } from "../progress.ts";
import { createStore, type ObjectStore } from "../../storage/index.ts";
import { verifyArchive } from "../../record/verify.ts";
import fs from "node:fs";
import path from "node:path";
import { Spool } from "../../spool/index.ts";

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parse("verify", args, { json: { type: "boolean" } });
  const config = readConfig(values);
  refuseRootOverServiceData(config);
  // An empty file, or a log that knows nothing, is read as no log: opening it would write a new one into it.
  if (logIsNew(config.database)) return await withoutLog(config.database, createStore(config.storage), values.json === true);
  const { log, readOnly, readOnlyDisk } = openLogAsReader(config.database);
  const store = createStore(config.storage);
  try {
    progressLine(`verify: reading every record in ${store.description} and checking the log ${config.database}${readOnlyDisk ? " (read only: the log's disk is mounted read-only)" : readOnly ? " (as a reader: this user may not write the log)" : ""}`);
    const report = await verifyArchive(log, store, new Spool(path.join(config.dataDir, "spool")), progressLine, { readOnly, readOnlyDisk });
    if (values.json) printData(JSON.stringify(report, null, 2));
    else if (report.ok && report.restoredFromBackup) {
      // The archive is proven, but the log lacks what was recorded after its backup: not "All good".
      print(`The records match the log: ${report.records} record(s), ${report.objects} object(s) (${(report.bytes / 1024 / 1024).toFixed(1)} MB), and the log's ${report.events} events form an unbroken chain. But the log was put back from an older backup (event ${report.restoredFromBackup.lastEvent}), so what was recorded after it is missing unless recorded again; see the notes.`);
      for (const n of report.notes) print(`Note: ${n}`);
    } else if (report.ok) {
      print(`All good: ${report.records} record(s), ${report.objects} object(s) (${(report.bytes / 1024 / 1024).toFixed(1)} MB) match the log, and the log's ${report.events} events form an unbroken chain${report.anchorsChecked ? ` that still holds the ${report.anchorsChecked} head(s) proven earlier` : ""}.`);
      for (const n of report.notes) print(`Note: ${n}`);
    } else {
      print(`${report.problems.length} problem(s) found:`);
      for (const p of report.problems) print(`  ${[p.recordId, p.key].filter(Boolean).join(" ")}${p.recordId || p.key ? ": " : ""}${p.problem}`);
      for (const n of report.notes) print(`Note: ${n}`);
      // A row deleted by hand is put right by recover; "keep the log as it is" contradicted the line above.
      if (report.problems.some((p) => p.recover)) print(`Verify changed nothing. Keep the store as it is, run "somarkiv recover" as said above, then verify again; tell the records manager what it found.`);
      else print(`Nothing was changed. Keep the log and the store as they are and tell the records manager.`);
      // What the records manager can do about a stored file: the registrar's copy and backups carry the same bytes.
      if (report.problems.some((p) => p.fileToPutBack))
        print(`A PDF or manifest that has changed or is missing can be put back from a copy whose SHA-256 is the one the log gives: the registrar's copy (the intake) or a backup of the store. Put it back under the same name, and run verify again.`);
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await store.close?.();
    log.close();
  }
}

/**
 * No log: fine on a new installation, where the store is empty too. A store that holds records means
 * the log was lost, or the configuration names the wrong file; "nothing to verify" would hide that.
 */
async function withoutLog(database: string, store: ObjectStore, json: boolean): Promise<number> {
  let held = 0;
  try {
    for await (const _ of store.list()) held++;
  } finally {
    await store.close?.();
  }
  const none = !fs.existsSync(database) ? `There is no log at ${database}` : fs.statSync(database).size === 0 ? `The log ${database} is empty` : `The log ${database} knows no record`;
  const problem = held === 0 ? null
    : `${none}, but ${store.description} holds ${held} object(s): records, and the proofs of earlier verifications, that a log once knew. Either "database:" in the configuration names the wrong file, or the log was lost: restore it from a backup ("somarkiv backup" makes them), then "somarkiv recover" takes back the records made since (with no backup at all, "somarkiv recover --new-log" takes every record back into a new log). Nothing was changed; keep the store as it is and tell the records manager.`;
  if (json) printData(JSON.stringify({ ok: !problem, records: 0, objects: held, problems: problem ? [{ problem }] : [] }, null, 2));
  else print(problem ?? `${none} yet, and the store is empty: nothing has been captured, nothing to verify.`);
  return problem ? EXIT.failed : EXIT.ok;
}

import { agreeing, counted } from "../../words/counted.ts";
import { parse } from "../args.ts";
import { openLogAsReader, readConfig, refuseRootOverServiceData } from "../context.ts";
import { RecordLog, logIsNew, readUntouched } from "../../log/index.ts";
import { print, printData, progressLine } from "../progress.ts";
import { createStore, parseRecordKey, type ObjectStore } from "../../storage/index.ts";
import { ANCHOR_PREFIX, verifyArchive } from "../../record/verify.ts";
import fs from "node:fs";
import path from "node:path";
import { Spool } from "../../spool/index.ts";
import { identifyFile, type FileIdentity } from "../../record/identify.ts";
import { formatLocal } from "../../schedule/index.ts";
import { EXIT, UsageError } from "../errors.ts";
import type { Config } from "../../config/index.ts";

// What a chain proves, said where it is said, for a registrar who has not read how the log is kept.
const CHAIN_SV = " (varje händelse bär ett fingeravtryck av den före, så ingen av dem har ändrats i efterhand, och ingen har tagits bort eller skjutits in mellan dem)";
const CHAIN_EN = " (each event carries a fingerprint of the one before, so none of them was changed afterwards, and none was removed or slipped in between them)";

export async function verifyCommand(args: string[]): Promise<number> {
  const { values, positionals: files } = parse("verify", args, { json: { type: "boolean" }, "read-only": { type: "boolean" } }, true);
  const config = readConfig(values);
  const untouched = values["read-only"] === true;
  if (!untouched) refuseRootOverServiceData(config);
  // A copy an archive received is checked without a byte written to it: its checksums are the accession's.
  const logFile = untouched ? readUntouched(config.database) : config.database;
  // An empty file, or a log that knows nothing, is read as no log: opening it would write a new one into it.
  if (logIsNew(logFile)) {
    if (files.length) throw new UsageError(`verify: there is no log at ${config.database} (or it knows no record), so no file can be checked against it; check that --config names the archive's configuration.`);
    return await withoutLog(config.database, createStore(config.storage), values.json === true);
  }
  if (files.length) return verifyFiles(config, files, values.json === true);
  const { log, readOnly, readOnlyDisk } = untouched ? { log: RecordLog.openCopyOf(config.database, logFile), readOnly: true, readOnlyDisk: false } : openLogAsReader(config.database, config);
  const store = createStore(config.storage);
  try {
    progressLine(`verify: reading every record in ${store.description} and checking the log ${config.database}${untouched ? " (--read-only: nothing is written to the log or the store)" : readOnlyDisk ? " (read only: the log's disk is mounted read-only)" : readOnly ? " (as a reader: this user may not write the log)" : ""}`);
    const report = await verifyArchive(log, store, new Spool(path.join(config.dataDir, "spool")), progressLine, { readOnly, readOnlyDisk, asked: untouched, timezone: config.schedule.timezone });
    if (values.json) printData(JSON.stringify(report, null, 2));
    else if (report.ok && report.restoredFromBackup) {
      // The archive is proven, but the log lacks what was recorded after its backup: not "All good".
      print(`Handlingarna stämmer med loggen: ${recordsSaidSv(report)}, ${objectsSv(report)}, och loggens ${eventsSv(report.events)} bildar en obruten kedja${CHAIN_SV}. Men loggen har lagts tillbaka från en äldre säkerhetskopia (händelse ${report.restoredFromBackup.lastEvent}), så det som registrerades efter den saknas om det inte registreras på nytt; se anteckningarna (Note) nedan.`);
      print(`The records match the log: ${recordsSaid(report)}, ${counted(report.objects, "object")} (${(report.bytes / 1024 / 1024).toFixed(1)} MB), and the log's ${report.events} events form an unbroken chain${CHAIN_EN}. But the log was put back from an older backup (event ${report.restoredFromBackup.lastEvent}), so what was recorded after it is missing unless recorded again; see the notes.`);
      for (const n of report.notes) print(`Note: ${n}`);
    } else if (report.ok) {
      // Records not stored yet are not in the archive: "All good" over "0 object(s)" read as all archived.
      const waiting = report.waitingToBeStored;
      print(`${waiting ? "Det som är lagrat stämmer" : "Allt stämmer"}: ${recordsSaidSv(report)} och ${objectsSv(report)} stämmer med loggen, och loggens ${eventsSv(report.events)} bildar en obruten kedja${CHAIN_SV}${report.anchorsChecked ? ` som stämmer med ${report.anchorsChecked === 1 ? "det bevis" : `de ${report.anchorsChecked} bevis`} om loggens senaste händelse som tidigare kontroller lämnade i lagringen` : ""}.${waiting ? ` Men ${waiting === 1 ? "en handling är inte lagrad" : `${waiting} handlingar är inte lagrade`} än och finns därför inte i arkivet; se anteckningarna (Note) nedan.` : ""}`);
      print(`${waiting ? "What is stored is right" : "All good"}: ${recordsSaid(report)}, ${counted(report.objects, "object")} (${(report.bytes / 1024 / 1024).toFixed(1)} MB) match the log, and the log's ${report.events} events form an unbroken chain${CHAIN_EN}${report.anchorsChecked ? ` that still holds the ${counted(report.anchorsChecked, "proof")} of its last event that earlier checks left in the store` : ""}.${waiting ? ` But ${counted(waiting, "record")} ${agreeing(waiting, "is not stored yet, so it is", "are not stored yet, so they are")} not in the archive; see the notes.` : ""}`);
      for (const n of report.notes) print(`Note: ${n}`);
    } else {
      // The archivist's verdict in Swedish first; each problem is then named in English, as it was found.
      print(`Kontrollen hittade ${report.problems.length === 1 ? "ett fel" : `${report.problems.length} fel`}; ${report.problems.length === 1 ? "det beskrivs" : "de beskrivs"} på engelska nedan, med vad som ska göras.`);
      print(`${counted(report.problems.length, "problem")} found:`);
      // A store that looks gone is one fault: said first, and its objects named a few, where 6,000
      // records named 12,000 lines before the note that says where to look (--json names them all).
      const gone = report.storeLooksMoved === true;
      if (gone) for (const n of report.notes) print(`Note: ${n}`);
      let missingNamed = 0;
      for (const p of report.problems) {
        if (gone && MISSING.test(p.problem) && ++missingNamed > MISSING_NAMED) continue;
        print(`  ${[p.recordId, p.key].filter(Boolean).join(" ")}${p.recordId || p.key ? ": " : ""}${p.problem}`);
      }
      if (missingNamed > MISSING_NAMED) print(`  … and ${counted(missingNamed - MISSING_NAMED, "more object")} missing from ${store.description} in the same way ("somarkiv verify${untouched ? " --read-only" : ""} --json" names every one).`);
      if (!gone) for (const n of report.notes) print(`Note: ${n}`);
      // What the records manager can do about a stored file: the registrar's copy and backups carry the same bytes.
      // Not for objects missing because the store is not where they were stored: the note says where to look.
      const putBack = report.problems.some((p) => p.fileToPutBack && !(report.storeLooksMoved && MISSING.test(p.problem)));
      // A row deleted by hand is put right by recover; "keep the log as it is" contradicted the line above.
      // A copy handed over is the archive's evidence of what it received: nothing is put right on it.
      if (untouched) {
        print(`Kontrollen skrev ingenting (--read-only). Kör inget som skriver i en kopia som har lämnats över: berätta för den organisation som lämnade över den vad kontrollen fann, så att det rättas i dess eget arkiv och handlingarna lämnas över på nytt.`);
        print(`Verify wrote nothing (--read-only). On a copy handed over, run nothing that writes: tell the organisation that handed it over what verify found, so that it is put right in its own archive and the records handed over again.`);
      } else if (report.problems.some((p) => p.recover)) {
        print(`Kontrollen ändrade ingenting. Låt lagringen vara som den är, kör "somarkiv recover" som sägs ovan och kör sedan kontrollen igen; berätta för arkivansvarig vad den fann.`);
        print(`Verify changed nothing. Keep the store as it is, run "somarkiv recover" as said above, then verify again; tell the records manager what it found.`);
      } else if (putBack) {
        // "Keep the store as it is" beside "put it back" below read as two orders that contradict.
        print(`Kontrollen ändrade ingenting. Ändra inte loggen, och berätta för arkivansvarig vad kontrollen fann; filen kan läggas tillbaka som sägs nedan.`);
        print(`Verify changed nothing. Do not change the log, and tell the records manager what it found; the file can be put back as said below.`);
      } else {
        print(`Ingenting har ändrats. Låt loggen och lagringen vara som de är och berätta för arkivansvarig.`);
        print(`Nothing was changed. Keep the log and the store as they are and tell the records manager.`);
      }
      if (putBack) {
        print(`En PDF eller metadatafil som har ändrats eller saknas kan läggas tillbaka från en kopia vars SHA-256 är den som loggen anger: registratorns exemplar (mottagningen) eller en säkerhetskopia av lagringen. Lägg tillbaka den under samma namn i lagringen (${store.description}) och kör kontrollen igen.`);
        print(`A PDF or manifest that has changed or is missing can be put back from a copy whose SHA-256 is the one the log gives: the registrar's copy (the intake) or a backup of the store. Put it back under the same name in ${store.description}, and run verify again.`);
      }
    }
    return report.ok ? EXIT.ok : EXIT.failed;
  } finally {
    await store.close?.();
    log.close();
  }
}

/** A problem of an object not in the store, as verifyArchive words it. */
const MISSING = /is missing from/;
/** How many missing objects are named when the whole store looks gone. */
const MISSING_NAMED = 10;

/** The records counted, snapshots apart from failed attempts: "14 record(s)" beside 12 PDFs puzzled a registrar. */
function recordsSaid(r: { records: number; failedAttempts: number }): string {
  const snapshots = r.records - r.failedAttempts;
  return `${counted(snapshots, "snapshot")}${r.failedAttempts ? ` and ${counted(r.failedAttempts, "failed attempt")} (which ${agreeing(r.failedAttempts, "has", "have")} no files)` : ""}`;
}

/** recordsSaid in Swedish: "2 ögonblicksbilder och 1 misslyckat försök (som inte har några filer)". */
function recordsSaidSv(r: { records: number; failedAttempts: number }): string {
  const snapshots = r.records - r.failedAttempts;
  return `${snapshots} ${snapshots === 1 ? "ögonblicksbild" : "ögonblicksbilder"}${r.failedAttempts ? ` och ${r.failedAttempts} ${r.failedAttempts === 1 ? "misslyckat försök" : "misslyckade försök"} (som inte har några filer)` : ""}`;
}

function objectsSv(r: { objects: number; bytes: number }): string {
  return `${r.objects} objekt (${(r.bytes / 1024 / 1024).toFixed(1).replace(".", ",")} MB)`;
}

function eventsSv(n: number): string {
  return n === 1 ? "1 händelse" : `${n} händelser`;
}

/**
 * Files someone holds (a PDF handed out, a copy from the intake), each checked against the log: which
 * record it is, unchanged, or that it is none. Said in Swedish, then English: the registrar asks it.
 */
function verifyFiles(config: Config, files: string[], json: boolean): number {
  const { log } = openLogAsReader(config.database, config);
  try {
    const found = files.map((f) => identifyFile(log, f));
    if (json) printData(JSON.stringify(found.map((f) => ({ ...f, ...("record" in f ? { record: { recordId: f.record.recordId, accountId: f.record.accountId, period: f.record.period, capturedAt: f.record.capturedAt, dnr: f.record.dnr } } : {}) })), null, 2));
    else for (const f of found) for (const line of identitySaid(f, config.schedule.timezone)) print(line);
    // A file matched only by an event changed after it was written is not proven by it.
    return found.every((f) => f.found === "record" && !f.rowChanged?.eventsChanged) ? EXIT.ok : EXIT.failed;
  } finally {
    log.close();
  }
}

function identitySaid(f: FileIdentity, timezone: string): [string, string] {
  if (f.found === "unreadable") return [`${f.file}: kan inte läsas (${f.errorSv}).`, `${f.file}: cannot be read (${f.error}).`];
  if (f.found === "none") return [
    `${f.file}: ingen handling i loggen har det här innehållet (SHA-256 ${f.sha256}). Filen är inte en handling som somarkiv har gjort, eller så har den ändrats.`,
    `${f.file}: no record in the log has this content (SHA-256 ${f.sha256}). The file is not a record somarkiv made, or it has been changed.`];
  const r = f.record;
  const when = formatLocal(new Date(r.capturedAt), timezone);
  if (f.found === "changed") {
    // "anger … att den är handlingen X men inte dess innehåll" had no verb for its second half.
    const named = f.namedBy === "file-name" ? ["har namnet av handlingen", "men inte dess innehåll", "is named as"] : ["anger i sina metadata att den är handlingen", "men har inte dess innehåll", "says in its metadata that it is"];
    return [
      `${f.file}: ${named[0]} ${r.recordId} ${named[1]}: filens SHA-256 är ${f.sha256}, handlingens ${f.expected}. Filen har ändrats efter att handlingen gjordes, eller är en annan fil; ta fram handlingen på nytt (registratorns exemplar eller arkivets).`,
      `${f.file}: ${named[2]} record ${r.recordId} but does not have its content: the file's SHA-256 is ${f.sha256}, the record's ${f.expected}. It was changed after the record was made, or is another file; get the record again (the registrar's copy or the archive's).`];
  }
  if (f.found === "made-elsewhere") {
    const made = formatLocal(new Date(f.madeAt), timezone);
    return [
      `${f.file}: anger i sina metadata att den är handlingen ${r.recordId}, gjord ${made}, men den här loggens handling ${r.recordId} togs ${when}: filen är inte den här loggens handling (filens SHA-256 är ${f.sha256}, handlingens ${f.expected}). En annan installation av somarkiv, med en logg av sin egen (en testinstallation, en på en annan server), kan ha gjort en handling med samma namn, eller så har filen ändrats. Ta reda på var filen kommer ifrån; är det den här loggens handling som avses, ta fram den på nytt (registratorns exemplar eller arkivets).`,
      `${f.file}: says in its metadata that it is record ${r.recordId}, made ${made}, but this log's record ${r.recordId} was taken ${when}: the file is not this log's record (the file's SHA-256 is ${f.sha256}, the record's ${f.expected}). Another somarkiv installation with a log of its own (a trial installation, one on another server) may have made a record of the same name, or the file was changed. Find out where the file came from; if this log's record is meant, get it again (the registrar's copy or the archive's).`];
  }
  const what = f.part === "pdf" ? ["PDF-filen", "the PDF"] : ["metadatafilen (JSON)", "the manifest"];
  // Its checksum as an event that was changed after it was written gives it: anyone who changed a file
  // could have changed that event to match, so nothing is vouched for.
  if (f.rowChanged?.eventsChanged) return [
    `${f.file}: har den SHA-256 som loggen anger för ${what[0]} till handlingen ${r.recordId}, men ${f.rowChanged.sv.replace(/^dess /, "handlingens ")}, utanför somarkiv, så loggen kan inte intyga att filen är oförändrad. Kör "somarkiv verify" och säg till arkivansvarig.`,
    `${f.file}: has the SHA-256 the log gives for ${what[1]} of record ${r.recordId}, but ${f.rowChanged.en.replace(/^its /, "the record's ")}, outside somarkiv, so the log cannot vouch that the file is unchanged. Run "somarkiv verify" and tell the records manager.`];
  // The file is proven by the chained events; a row changed by hand is the log's fault, not the file's.
  const rowSv = f.rowChanged ? ` Men loggens rad för handlingen har ändrats utanför somarkiv (${f.rowChanged.sv}); det som sägs här är det som loggens händelser säger. Kör "somarkiv verify" och säg till arkivansvarig.` : "";
  const rowEn = f.rowChanged ? ` But the log's row for the record was changed outside somarkiv (${f.rowChanged.en}); what is said here is what the log's events say. Run "somarkiv verify" and tell the records manager.` : "";
  return [
    `${f.file}: är ${what[0]} till handlingen ${r.recordId} (${r.accountId}, ${r.period}, tagen ${when})${r.dnr ? `, diarienummer ${r.dnr}` : ", ännu utan diarienummer"}, oförändrad: dess SHA-256 är den som loggen skrev in när handlingen gjordes.${rowSv}`,
    `${f.file}: is ${what[1]} of record ${r.recordId} (${r.accountId}, ${r.period}, taken ${when})${r.dnr ? `, diary number ${r.dnr}` : ", no diary number yet"}, unchanged: its SHA-256 is the one the log recorded when the record was made.${rowEn}`];
}

/**
 * No log: fine on a new installation, where the store is empty too. A store that holds records means
 * the log was lost, or the configuration names the wrong file; "nothing to verify" would hide that.
 */
async function withoutLog(database: string, store: ObjectStore, json: boolean): Promise<number> {
  // Only what somarkiv itself stores counts (records under its own names, the proofs of the log's
  // head): a notes.txt a person put there is no sign of a lost log, as capture and status also hold.
  let held = 0;
  let others = 0;
  const firstOthers: string[] = [];
  try {
    for await (const o of store.list()) {
      if (parseRecordKey(o.key) || o.key.startsWith(ANCHOR_PREFIX)) held++;
      else if (others++ < 3) firstOthers.push(o.key);
    }
  } finally {
    await store.close?.();
  }
  const none = !fs.existsSync(database) ? `There is no log at ${database}` : fs.statSync(database).size === 0 ? `The log ${database} is empty` : `The log ${database} knows no record`;
  const problem = held === 0 ? null
    : `${none}, but ${store.description} holds ${counted(held, "object")}: records, and the proofs of earlier verifications, that a log once knew. Either "database:" in the configuration names the wrong file, or the log was lost: restore it from a backup ("somarkiv backup" makes them), then "somarkiv recover" takes back the records made since (with no backup at all, "somarkiv recover --new-log" takes every record back into a new log). Nothing was changed; keep the store as it is and tell the records manager.`;
  const noneSv = !fs.existsSync(database) ? `Det finns ingen logg i ${database}` : fs.statSync(database).size === 0 ? `Loggen ${database} är tom` : `Loggen ${database} känner inte till någon handling`;
  if (json) printData(JSON.stringify({ ok: !problem, records: 0, objects: held, problems: problem ? [{ problem }] : [] }, null, 2));
  else if (problem) {
    print(`${noneSv}, men lagringen (${store.description}) har ${held} objekt: handlingar, och bevis från tidigare kontroller, som en logg en gång kände till. Antingen pekar "database:" i konfigurationen på fel fil, eller så har loggen gått förlorad. Ingenting har ändrats; låt lagringen vara som den är och berätta för arkivansvarig (vad som ska göras står nedan, på engelska).`);
    print(problem);
  } else if (others) {
    print(`${noneSv} ännu, och lagringen har inga handlingar, bara ${others} ${others === 1 ? "fil" : "filer"} som somarkiv inte har lagt där (${firstOthers.join(", ")}${others > 3 ? ", …" : ""}): ingenting har tagits, ingenting finns att kontrollera.`);
    print(`${none} yet, and ${store.description} holds no records, only ${counted(others, "file")} somarkiv did not put there (${firstOthers.join(", ")}${others > 3 ? ", …" : ""}): nothing has been captured, nothing to verify.`);
  } else {
    print(`${noneSv} ännu, och lagringen är tom: ingenting har tagits, ingenting finns att kontrollera.`);
    print(`${none} yet, and the store is empty: nothing has been captured, nothing to verify.`);
  }
  return problem ? EXIT.failed : EXIT.ok;
}

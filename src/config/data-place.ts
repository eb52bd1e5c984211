import type { Config } from "./schema.ts";

/**
 * Where the log, the spool and failed/ are kept, and whether the file's "database:" put them there.
 * Without it they are in archive/ beside the configuration file, and an operator sent to "check
 * database:" looked for a setting their file does not have.
 */
export type DataPlace = Pick<Config, "dataDir" | "database" | "databaseUnset">;

/**
 * A setting left out of the configuration file ("storage:", "database:"), said as an operator needs
 * it: the place it leaves follows from where the file is (archive/ beside it), so that a file moved
 * moves it, and "check storage.path" would send them looking for a setting their file does not have.
 * One wording for both, so that the log's folder and the store's are said alike.
 */
export function unsetSettingSaid(setting: "storage" | "database", keeps: string, place: string): string {
  return `"${setting}:" is not set in the configuration, so somarkiv keeps ${keeps} in ${place}, which follows from where the configuration file is`;
}

/** The folder of the log and the spool, as an operator is sent to it. */
export function dataFolderSaid(place?: DataPlace): string {
  return place?.databaseUnset
    ? `${place.dataDir}, the folder that follows from where the configuration file is while "database:" is not set in it`
    : `the folder of "database:" in the configuration`;
}

/** The log's file, as an operator is sent to it. */
export function logFileSaid(place?: DataPlace): string {
  return place?.databaseUnset
    ? `${place.database}, where somarkiv keeps its log by where the configuration file is while "database:" is not set in it`
    : `the file of "database:" in the configuration`;
}

/** What to check where a folder below the data folder's place cannot be made (said after "check …"). */
export function dataPlaceToCheck(place?: DataPlace): string {
  return place?.databaseUnset
    ? `${unsetSettingSaid("database", "its log", place.dataDir)}: move what is in the way, or set "database:" to a file in a folder of its own to put the log and the spool there`
    : `check "database:" in the configuration`;
}

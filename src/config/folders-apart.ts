/**
 * The folders a configuration names, kept apart: the registrar's intake folder, the store's folder and
 * the data folder (the log, its spool). One inside another was taken: the registrar's copies then lay
 * among the archive's own objects, and verify called them objects the log does not know and sent the
 * operator to recover; a log in the intake folder lay where the registrar works. Pure.
 */
import path from "node:path";
import type { Config } from "./schema.ts";

/** Whether `inner` is the folder `outer` or lies inside it. */
function within(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * The folders that overlap, each at the setting the file has (an intake's path, storage.path,
 * database), in the words config check gives. `set` says which of them the file writes out: one left
 * to its default is not the one to move.
 */
export function foldersOverlapping(config: Pick<Config, "intake" | "storage" | "database" | "dataDir">, set: { intake: boolean; storage: boolean; database: boolean }): Array<{ place: PropertyKey[]; says: string }> {
  const out: Array<{ place: PropertyKey[]; says: string }> = [];
  const store = config.storage.type === "filesystem" ? config.storage.path : undefined;
  config.intake.forEach((t, i) => {
    if (t.type !== "directory") return;
    const intakePlace = set.intake ? ["intake", i, "path"] : ["storage", "path"];
    if (store && (within(t.path, store) || within(store, t.path))) {
      const how = t.path === store ? `is the store's folder (${store})` : within(t.path, store) ? `lies inside the store's folder (${store})` : `holds the store's folder (${store})`;
      out.push({
        place: set.intake || !set.storage ? intakePlace : ["storage", "path"],
        says: `the registrar's intake folder ${t.path} ${how}: the copies delivered to the registrar would lie among the archive's own objects, where verify takes them for objects the log does not know. Give each a folder of its own, neither inside the other.`,
      });
    }
    if (within(config.dataDir, t.path)) {
      out.push({
        place: set.database ? ["database"] : intakePlace,
        says: `the log ${config.database} and its spool would lie in the registrar's intake folder ${t.path}, where the registrar works and files are moved and removed. Keep the log in a folder of its own, outside the intake folder.`,
      });
    }
  });
  if (store && within(config.dataDir, store)) {
    out.push({
      place: set.database ? ["database"] : ["storage", "path"],
      says: `the log ${config.database} and its spool would lie in the store's folder ${store}, among the archive's objects, where verify takes them for objects the log does not know. Keep the log in a folder of its own, outside the store's folder.`,
    });
  }
  return out;
}

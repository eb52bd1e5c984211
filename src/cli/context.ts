import fs from "node:fs";
import path from "node:path";
import { loadConfig, resolveConfigPath, type Config, type Account } from "../config/index.ts";
import { RecordLog } from "../log/index.ts";
import { createStore } from "../storage/index.ts";
import { createIntakeTargets } from "../intake/index.ts";
import { Spool } from "../spool/index.ts";
import type { PipelineContext } from "../record/index.ts";
import { UsageError } from "./errors.ts";

export interface GlobalOptions {
  config?: string;
}

export function readConfig(opts: GlobalOptions): Config {
  return loadConfig(resolveConfigPath(opts.config));
}

/** Everything a command that touches records needs. Opening it creates the log and folders. */
export function openPipeline(config: Config, progress: (line: string) => void, signal?: AbortSignal): PipelineContext & { close(): Promise<void> } {
  const log = RecordLog.open(config.database);
  const store = createStore(config.storage);
  const targets = createIntakeTargets(config.intake);
  const spool = new Spool(path.join(config.dataDir, "spool"));
  return {
    config, log, store, targets, spool, progress, signal,
    async close() {
      await store.close?.();
      log.close();
    },
  };
}

/** Read-only view of the log for reporting commands; undefined when nothing has been logged yet. */
export function openLogForReading(config: Config): RecordLog | undefined {
  if (!fs.existsSync(config.database)) return undefined;
  return RecordLog.open(config.database);
}

/** The accounts named with --account, or every active one. An unknown id is a usage error naming the known ones. */
export function selectAccounts(config: Config, ids: string[], opts: { includeClosed?: boolean } = {}): Account[] {
  if (ids.length === 0) return config.accounts.filter((a) => a.status === "active" || opts.includeClosed);
  const out: Account[] = [];
  for (const id of new Set(ids)) {
    const a = config.accounts.find((x) => x.id === id);
    if (!a) {
      throw new UsageError(`There is no account "${id}" in ${config.source}. Known accounts: ${config.accounts.map((x) => x.id).join(", ") || "(none)"}.`);
    }
    out.push(a);
  }
  return out;
}

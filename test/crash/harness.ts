import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { BIN, NODE_FLAGS, PROJECT, account, makeWorkspace, type CliResult, type Workspace } from "../helpers/cli.ts";

export const CRASH_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/crash");

export function crashWorkspace(url: string, extra: Record<string, unknown> = {}, ids = ["konto-a"]): Workspace {
  return makeWorkspace({
    organisation: { name: "Överkalix kommun" },
    capture: { timeoutSeconds: 60, concurrency: 1 },
    accounts: ids.map((id) => account(id, url)),
    ...extra,
  });
}

export interface Running {
  child: ChildProcess;
  done: Promise<CliResult>;
  stderr(): string;
}

/** Start the real command line; `onStderr` sees the progress as it comes (to kill at a moment). */
export function startCli(args: string[], env: NodeJS.ProcessEnv = {}, onStderr?: (all: string, child: ChildProcess) => void): Running {
  const child = spawn(process.execPath, [...NODE_FLAGS, BIN, ...args], {
    cwd: PROJECT,
    env: { ...process.env, SOMARKIV_CONFIG: undefined, SOMARKIV_FAILPOINT: undefined, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => { stderr += d; onStderr?.(stderr, child); });
  const timer = setTimeout(() => child.kill("SIGKILL"), 290_000);
  const done = new Promise<CliResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => { clearTimeout(timer); resolve({ code, signal, stdout, stderr }); });
  });
  return { child, done, stderr: () => stderr };
}

export function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/** Every file under a folder, relative path → SHA-256 (hidden temporaries included, so they can be asserted on). */
export function filesIn(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(dir)) return out;
  const walk = (d: string, rel: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p, r);
      else out[r] = crypto.createHash("sha256").update(fs.readFileSync(p)).digest("hex");
    }
  };
  walk(dir, "");
  return out;
}

export interface LoggedRecord {
  record_id: string; account_id: string; period: string; version: number | null; status: string;
  sha256: string | null; manifest_sha256: string | null; spool_dir: string | null;
}

/** The runs table: what each capture or worker run was, and how it ended. */
export function runsIn(database: string): Array<{ kind: string; pid: number; ended_at: string | null; outcome: string | null }> {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare("SELECT kind, pid, ended_at, outcome FROM runs ORDER BY id").all() as Array<{ kind: string; pid: number; ended_at: string | null; outcome: string | null }>;
  } finally {
    db.close();
  }
}

export function recordsIn(database: string): LoggedRecord[] {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare("SELECT record_id, account_id, period, version, status, sha256, manifest_sha256, spool_dir FROM records ORDER BY record_id").all() as LoggedRecord[];
  } finally {
    db.close();
  }
}

export function deliveriesIn(database: string): Array<{ record_id: string; target: string; status: string }> {
  const db = new Database(database, { readonly: true });
  try {
    return db.prepare("SELECT record_id, target, status FROM deliveries ORDER BY record_id, target").all() as Array<{ record_id: string; target: string; status: string }>;
  } finally {
    db.close();
  }
}

export { alive, descendants } from "../helpers/processes.ts";

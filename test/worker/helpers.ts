import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { BIN, NODE_FLAGS, PROJECT, runCli, type Workspace } from "../helpers/cli.ts";
import { localTime } from "../../src/schedule/period.ts";
import { RecordLog } from "../../src/log/index.ts";
import type { RecordRow } from "../../src/log/records.ts";

export const SE = "Europe/Stockholm";

/** The month it is now in Stockholm, and one that is not it (the next). */
export function months(): { current: number; other: number } {
  const current = localTime(new Date(), SE).month;
  return { current, other: (current % 12) + 1 };
}

export interface RunningWorker {
  child: ChildProcess;
  /** Everything the worker wrote on stderr so far. */
  stderr(): string;
  /** Everything it wrote on stdout so far. */
  stdout(): string;
  /** Resolves with the exit code and signal once the process has ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The private temporary folder of this worker: Chromium's profile folders are made inside it. */
  tmp: string;
}

/**
 * Start `somarkiv run` as a real child process. Its TMPDIR is a folder of its own, so every Chromium it
 * starts has its --user-data-dir there and can be found (or not) with pgrep after it stops.
 */
export function startRun(ws: Workspace, name = "run", command: string[] = ["run"], env: NodeJS.ProcessEnv = {}): RunningWorker {
  const tmp = path.join(ws.dir, `tmp-${name}`);
  fs.mkdirSync(tmp, { recursive: true });
  const child = spawn(process.execPath, [...NODE_FLAGS, BIN, ...command, "--config", ws.configPath], {
    cwd: PROJECT,
    env: { ...process.env, SOMARKIV_CONFIG: undefined, TMPDIR: tmp, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr!.on("data", (d) => (err += d));
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => resolve({ code, signal }));
  });
  // A test that fails half-way must not leave a worker running; killed just before the suite bounds the test (300 s), not sooner, as a slower machine needs.
  const kill = setTimeout(() => child.kill("SIGKILL"), 290_000);
  void exited.then(() => clearTimeout(kill));
  return { child, stderr: () => err, stdout: () => out, exited, tmp };
}

/** Wait until `check` holds, polling; fails with what the worker said when it does not come in `ms`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, ms = 90_000, context?: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`Waited ${ms / 1000} s for ${what}, in vain.${context ? `\n--- stderr ---\n${context().slice(-4000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

export interface RecordJson {
  recordId: string; accountId: string; period: string; version: number | null; status: string;
  sha256: string | null; storageKey: string | null; deliveries: Array<{ target: string; status: string }>;
}

export async function records(ws: Workspace): Promise<RecordJson[]> {
  const r = await runCli(["records", "--json", "--config", ws.configPath]);
  if (r.code !== 0) throw new Error(`records --json failed (${r.code}): ${r.stderr}`);
  return JSON.parse(r.stdout) as RecordJson[];
}

/**
 * The records in the log as they are now, read in this process: for polling while a worker runs.
 * records() starts a Node process (the CLI) at each call, some 0.6 CPU-seconds; polled every 250 ms
 * through a capture it cost more than the worker itself. What a test asserts still comes from records().
 */
export function logged(ws: Workspace): RecordRow[] {
  if (!fs.existsSync(ws.database)) return [];
  let log: RecordLog | undefined;
  try {
    log = RecordLog.open(ws.database, { readonly: true });
    return log.records.list();
  } catch {
    return []; // a log the worker is still making
  } finally {
    log?.close();
  }
}

export async function status(ws: Workspace): Promise<{ period: string; captureMonth: boolean; missing: string[]; lastWake: null | { at: string; outcome: string; detail: Record<string, unknown>; nextWake: string | null }; nextWake: string | null; workerStopped: null | { at: string; signal: string | null } }> {
  const r = await runCli(["status", "--json", "--config", ws.configPath]);
  if (r.code !== 0) throw new Error(`status --json failed (${r.code}): ${r.stderr}\n${r.stdout}`);
  return JSON.parse(r.stdout);
}

/** Chromium processes whose command line names this folder (their --user-data-dir is inside it). */
export function chromiumUnder(folder: string): string[] {
  try {
    return execFileSync("pgrep", ["-a", "-f", "--", `--user-data-dir=${folder}`], { encoding: "utf8" }).split("\n").filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
}

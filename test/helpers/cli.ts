import { afterEach } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import YAML from "yaml";

export const PROJECT = path.resolve(import.meta.dirname, "../..");
export const BIN = path.join(PROJECT, "bin", "somarkiv.mjs");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Node's flags for the commands the tests run: no optimising compiler's second tier (TurboFan). A
 * command lives seconds, and TurboFan's work in the background for code it will not run long was a
 * sixth of a capture's CPU; the suite is bound by the CPU. The program does the same either way: a
 * tier of the compiler changes how fast code runs, never what it does.
 */
export const NODE_FLAGS = ["--max-opt=2"];

/** Run the real command line as a child process, as an operator would. */
export function runCli(args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; umask?: string } = {}): Promise<CliResult> {
  // A umask as an operator's shell has it (022): the command is run through sh, which sets it.
  const [cmd, argv] = opts.umask ? ["sh", ["-c", `umask ${opts.umask} && exec "$0" "$@"`, process.execPath, ...NODE_FLAGS, BIN, ...args]] : [process.execPath, [...NODE_FLAGS, BIN, ...args]];
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, {
      cwd: opts.cwd ?? PROJECT,
      env: { ...process.env, SOMARKIV_CONFIG: undefined, ...opts.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 290_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

export interface Workspace {
  dir: string;
  configPath: string;
  objects: string;
  intake: string;
  database: string;
  write(config: Record<string, unknown>): void;
  cleanup(): void;
}

/** A temporary folder with a configuration whose data (objects, intake, log) all live inside it. */
export function makeWorkspace(config: Record<string, unknown>): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-test-"));
  const ws: Workspace = {
    dir,
    configPath: path.join(dir, "somarkiv.yaml"),
    objects: path.join(dir, "objects"),
    intake: path.join(dir, "intake"),
    database: path.join(dir, "somarkiv.sqlite"),
    write(c) {
      fs.writeFileSync(ws.configPath, YAML.stringify({
        storage: { type: "filesystem", path: "objects" },
        intake: [{ type: "directory", path: "intake" }],
        database: "somarkiv.sqlite",
        ...c,
      }));
    },
    cleanup() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  ws.write(config);
  return ws;
}

export function account(id: string, url: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id, name: `Konto ${id}`, platform: "facebook", url,
    unit: "Kommunledningsförvaltningen",
    responsible: { name: "Anna Andersson", email: "anna@example.se" },
    administrators: [{ name: "Anna Andersson" }, { name: "Bo Berg" }],
    webManager: { name: "Cecilia Ek" }, substitute: { name: "Bo Berg" },
    purpose: "Informera invånarna", audience: "Kommuninvånare",
    ...extra,
  };
}

/**
 * Output with the configuration's name taken out of the commands it gives ("somarkiv --config FILE
 * capture" read as "somarkiv capture"), for tests of what else a message says; the naming itself is
 * tested in test/cli/config-named.test.ts.
 */
export function unnamed(text: string, ws: Pick<Workspace, "configPath">): string {
  return text.split(`somarkiv --config ${ws.configPath} `).join("somarkiv ");
}

/**
 * `config check` of a configuration file written as typed, in one workspace for the test (made at the
 * first check, removed after each test): `path()` is the file's, as the messages name it.
 */
export function configTextChecker(): { check(text: string): Promise<CliResult>; path(): string } {
  let ws: Workspace | undefined;
  afterEach(() => { ws?.cleanup(); ws = undefined; });
  return {
    async check(text: string) {
      ws ??= makeWorkspace({ organisation: { name: "X" } });
      fs.writeFileSync(ws.configPath, text);
      return runCli(["config", "check", "--config", ws.configPath]);
    },
    path: () => ws!.configPath,
  };
}

/** The log made, holding nothing yet, as the first command that writes to it makes it. */
export function makeLog(ws: Pick<Workspace, "database">): void {
  RecordLog.open(ws.database).close();
}

/**
 * Runs the real command line as a user bound by file modes. root is not (it may write anything), so
 * as root the command runs without the two capabilities that let it pass them: it is then refused as
 * any other user would be, and still reads the project where it lies.
 */
export function runLimited(args: string[], opts: { env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  if (process.getuid?.() !== 0) return runCli(args, opts);
  return new Promise((resolve, reject) => {
    const child = spawn("setpriv", ["--bounding-set=-dac_override,-dac_read_search", "--", process.execPath, ...NODE_FLAGS, BIN, ...args], {
      cwd: PROJECT, env: { ...process.env, SOMARKIV_CONFIG: undefined, ...opts.env }, stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

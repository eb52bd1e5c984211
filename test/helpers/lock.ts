import { spawn } from "node:child_process";
import { PROJECT } from "./cli.ts";

export interface HeldLog {
  /** Ends the other program's write transaction (COMMIT) and waits until it has let go. */
  release(): Promise<void>;
}

/**
 * Another program (a database browser, a script) holding the log's write lock: a real process with
 * better-sqlite3 in BEGIN IMMEDIATE, as an operator's tool takes it. Resolves once the lock is held;
 * it is held until release(), or for `seconds` when given.
 */
export function holdLog(file: string, opts: { seconds?: number } = {}): Promise<HeldLog> {
  const script = `
    const Database = require("better-sqlite3");
    const db = new Database(process.argv[1], { fileMustExist: true });
    db.pragma("busy_timeout = 30000");
    db.exec("BEGIN IMMEDIATE");
    process.stdout.write("held\\n");
    const end = () => { db.exec("COMMIT"); db.close(); process.exit(0); };
    const seconds = Number(process.argv[2]);
    if (seconds > 0) setTimeout(end, seconds * 1000);
    process.stdin.on("end", end);
    process.stdin.resume();
  `;
  const child = spawn(process.execPath, ["-e", script, file, String(opts.seconds ?? 0)], { cwd: PROJECT, stdio: ["pipe", "pipe", "inherit"] });
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  // A test that fails half-way must not leave the log locked for the next.
  const kill = setTimeout(() => child.kill("SIGKILL"), 290_000);
  void exited.then(() => clearTimeout(kill));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("held\n")) resolve({ release: async () => { child.stdin!.end(); await exited; } });
    });
    void exited.then(() => reject(new Error("the lock holder ended before it held the lock")));
  });
}

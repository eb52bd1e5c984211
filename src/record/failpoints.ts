/**
 * TEST-ONLY crash hooks. The crash-safety tests (test/crash) start the real command line with
 * SOMARKIV_FAILPOINT=<name> and the process kills itself with SIGKILL when it reaches that point, so a
 * crash lands exactly between two steps instead of by luck of timing. With the variable unset (always,
 * in production) `failpoint()` does nothing but read one environment variable.
 *
 * The names, in pipeline order:
 * - after-spool: the record's files are in the spool, the log does not know the record yet
 * - after-log: the log says "captured", nothing has been uploaded
 * - during-upload: the PDF is in the store, the manifest is not
 * - after-upload: both objects are in the store, the log does not say "stored" yet
 * - during-delivery: the intake holds the files, the log does not say "delivered" yet
 * - before-spool-clean: the record is stored and delivered, its spool folder is still there
 *
 * `NAME:sigint` sends the process a SIGINT (a Ctrl-C) there instead, and goes on: the stop then comes
 * exactly at that point, where the stop's own handling decides what is kept.
 */
export type FailpointName = "after-spool" | "after-log" | "during-upload" | "after-upload" | "during-delivery" | "before-spool-clean";

export function failpoint(name: FailpointName): void {
  const wanted = process.env.SOMARKIV_FAILPOINT;
  if (!wanted) return;
  if (wanted.split(",").includes(`${name}:sigint`)) {
    process.stderr.write(`somarkiv: test failpoint ${name} reached; sending this process SIGINT\n`);
    process.kill(process.pid, "SIGINT");
    return;
  }
  if (!wanted.split(",").includes(name)) return;
  process.stderr.write(`somarkiv: test failpoint ${name} reached; killing this process (SIGKILL)\n`);
  process.kill(process.pid, "SIGKILL");
  // SIGKILL to oneself is delivered at once; block so not one more step runs even if it were not.
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
}

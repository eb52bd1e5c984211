// A second process that keeps writing to the log (failed captures, each a record row and a chained event),
// as the worker would while an operator takes a backup. Runs until killed.
import { RecordLog } from "../../src/log/index.ts";

const log = RecordLog.open(process.argv[2]);
let n = 0;
const tick = () => {
  n++;
  log.records.insertFailed({
    recordId: `konto-b_2026-H2_failed-${process.pid}-${n}`, accountId: "konto-b", period: "2026-H2", final: false,
    capturedAt: new Date().toISOString(), url: "https://example.se/konto-b", finalUrl: null, httpStatus: 503,
    reason: "http-error", error: "Sidan svarade 503; försök igen", consent: null, flags: [], failureScreenshot: null, runId: null,
  });
  if (n === 1) process.stdout.write("writing\n");
  setTimeout(tick, 5);
};
tick();

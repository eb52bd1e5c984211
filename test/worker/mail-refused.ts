/**
 * A worker (`somarkiv run`, a wake each second in this month) capturing one account of the test site
 * for the registrar's mailbox on a real SMTP server on 127.0.0.1 that refuses it as the test says:
 * what the worker tests of a refused delivery start from.
 */
import type { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, type Workspace } from "../helpers/cli.ts";
import { startSmtp, type TestSmtp } from "../helpers/smtp.ts";
import { months, SE, startRun, waitFor } from "./helpers.ts";

export const MAILBOX = "registrator@overkalix.se";

/**
 * Starts the server, has `refuse` set its refusal, and runs the worker until `wakes` wakes have ended
 * after it first said the record NOT DELIVERED (`waitingFor` says what they are, should they not come);
 * then `check` gets the workspace and what the worker said since, and the worker and the server are stopped.
 */
export async function workerRefusedByMail(
  site: ReturnType<typeof siteAndWorkspaces>,
  refuse: (smtp: TestSmtp) => void,
  wakes: number,
  waitingFor: string,
  check: (ws: Workspace, after: () => string) => Promise<void>,
): Promise<void> {
  const smtp = await startSmtp();
  try {
    const { current } = months();
    refuse(smtp);
    const ws = makeWorkspace({
      organisation: { name: "Testkommun" },
      schedule: { timezone: SE, cron: "* * * * * *", months: [current], preflightDaysBefore: 0 },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      intake: [{ type: "email", to: MAILBOX, from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }],
      accounts: [account("kommun", site.server.at("worker/kommun.html"))],
    });
    site.keep(ws);
    const w = startRun(ws, "run", ["run"], { SOMARKIV_TEST_SMTP: smtp.url });
    try {
      const after = () => w.stderr().split(`NOT DELIVERED to ${MAILBOX}`)[1] ?? "";
      await waitFor(waitingFor, () => after().split("\n").filter((l) => l.includes("worker: wake done")).length >= wakes, 120_000, w.stderr);
      await check(ws, after);
    } finally {
      w.child.kill("SIGTERM");
      await w.exited;
    }
  } finally {
    await smtp.stop();
  }
}

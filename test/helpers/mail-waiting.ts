/**
 * A record stored and waiting for the registrar's mailbox, behind a real SMTP server on 127.0.0.1:
 * what the command-line tests of the mail server's answers (a full mailbox, a refused machine, a
 * refusal for good, a record at one intake and waiting for the other) start from, without a browser.
 * Each test makes the server answer as it needs.
 */
import path from "node:path";
import { account, makeWorkspace, runCli, unnamed } from "./cli.ts";
import { startSmtp } from "./smtp.ts";
import { ORGANISATION, storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

export const MAIL_TO = "registrator@overkalix.se";
const MAIL_INTAKE = { type: "email", to: MAIL_TO, from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" };
const CLOCK = path.join(import.meta.dirname, "clock-at.mjs");

/**
 * The server (started with `smtpOptions`: a login it asks for), the workspace, the record's id and the
 * command line with the server's address; `cleanups` gets their ends.
 */
export async function recordWaitingForMail(cleanups: Array<() => unknown>, smtpOptions: Parameters<typeof startSmtp>[0] = {}) {
  const { smtp, ws, id } = await storedForMail(cleanups, smtpOptions, ["konto-a"], false);
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
  return { smtp, ws, id, cli, address: `127.0.0.1:${new URL(smtp.url).port}` };
}

/**
 * konto-a's record delivered to the folder intake and waiting for e-mail: the mail server answered
 * `deliver` (`refused`, its run) with 451 at RCPT TO. `accounts` are the configuration's (konto-a
 * first); the command line runs at 10:00 UTC of `day` (helpers/clock-at.mjs), its output with the
 * workspace's folder unnamed; `folder` is the folder intake's target.
 */
export async function recordAtFolderWaitingForMail(cleanups: Array<() => unknown>, day: string, accounts = ["konto-a"]) {
  const { smtp, ws, id } = await storedForMail(cleanups, {}, accounts, true);
  const cli = async (...args: string[]) => {
    const r = await runCli([...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url, NODE_OPTIONS: `--import ${CLOCK}`, CLOCK_AT: `${day}T10:00:00Z` } });
    return { ...r, stdout: unnamed(r.stdout, ws) };
  };
  smtp.refuseRecipients({ code: 451, text: "4.3.0 Temporary server error, try again later" });
  const refused = await cli("deliver");
  return { smtp, ws, id, cli, folder: `directory:${ws.intake}`, refused };
}

/** The server, the workspace with these accounts and the mail intake (after the folder intake, with `atFolder`), and konto-a's record stored for them. */
async function storedForMail(cleanups: Array<() => unknown>, smtpOptions: Parameters<typeof startSmtp>[0], accounts: string[], atFolder: boolean) {
  const smtp = await startSmtp(smtpOptions);
  cleanups.push(() => smtp.stop());
  const ws = makeWorkspace({
    organisation: ORGANISATION,
    accounts: accounts.map((a) => account(a, `https://example.se/${a}`)),
    intake: atFolder ? [{ type: "directory", path: "intake" }, MAIL_INTAKE] : [MAIL_INTAKE],
  });
  cleanups.push(() => ws.cleanup());
  const log = RecordLog.open(ws.database);
  const targets = [...(atFolder ? [`directory:${ws.intake}`] : []), `email:${MAIL_TO}`];
  const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: path.join(ws.dir, "src"), targets, manifest: { accountName: "Konto A" } });
  log.close();
  return { smtp, ws, id };
}

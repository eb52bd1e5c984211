/**
 * A record stored and waiting for the registrar's mailbox, behind a real SMTP server on 127.0.0.1:
 * what the command-line tests of the mail server's answers (a full mailbox, a refused machine, a
 * refusal for good) start from, without a browser. Each test makes the server answer as it needs.
 */
import path from "node:path";
import { account, makeWorkspace, runCli } from "./cli.ts";
import { startSmtp } from "./smtp.ts";
import { ORGANISATION, storedRecord } from "../log/archive.ts";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";

export const MAIL_TO = "registrator@overkalix.se";

/**
 * The server (started with `smtpOptions`: a login it asks for), the workspace, the record's id and the
 * command line with the server's address; `cleanups` gets their ends.
 */
export async function recordWaitingForMail(cleanups: Array<() => unknown>, smtpOptions: Parameters<typeof startSmtp>[0] = {}) {
  const smtp = await startSmtp(smtpOptions);
  cleanups.push(() => smtp.stop());
  const ws = makeWorkspace({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a")], intake: [{ type: "email", to: MAIL_TO, from: "somarkiv@overkalix.se", smtpUrlEnv: "SOMARKIV_TEST_SMTP" }] });
  cleanups.push(() => ws.cleanup());
  const log = RecordLog.open(ws.database);
  const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: path.join(ws.dir, "src"), targets: [`email:${MAIL_TO}`], manifest: { accountName: "Konto A" } });
  log.close();
  const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath], { env: { SOMARKIV_TEST_SMTP: smtp.url } });
  return { smtp, ws, id, cli, address: `127.0.0.1:${new URL(smtp.url).port}` };
}

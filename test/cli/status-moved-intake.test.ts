import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import path from "node:path";
import { RecordLog } from "../../src/log/index.ts";
import { FilesystemStore } from "../../src/storage/index.ts";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { ORGANISATION, storedRecord } from "../log/archive.ts";

/**
 * A log moved to a new server, with a delivery waiting to the old server's intake folder (the path
 * recorded at capture): status names the folder deliver now sends it to, the configured one that took
 * its place, and deliver puts it there. Through the real command line on a real log and folders.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

describe("a delivery recorded to an intake that another has replaced", () => {
  it("status names the intake it will be delivered to now, and deliver puts it there", async () => {
    const ws = makeWorkspace({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a")] });
    cleanups.push(() => ws.cleanup());
    const oldIntake = "/srv/gamla-servern/registrator/inkorg";
    const log = RecordLog.open(ws.database);
    const src = path.join(ws.dir, "src");
    const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: src, targets: [`directory:${oldIntake}`] });
    log.records.clearSpool(id);
    log.close();
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);

    const status = await cli("status");
    expect(status.stdout).toContain(`delivery to the folder ${ws.intake} (recorded to the folder ${oldIntake}, which is no longer in the configuration; this one took its place)`);
    expect(status.stdout).not.toMatch(new RegExp(`delivery to the folder ${oldIntake}`));

    const deliver = await cli("deliver");
    expect(deliver.code, deliver.stdout + deliver.stderr).toBe(0);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
  });

  it("waits while two folders could take its place, and status and deliver say which to leave", async () => {
    const ws = makeWorkspace({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a")] });
    cleanups.push(() => ws.cleanup());
    const copy = path.join(ws.dir, "kopia");
    ws.write({ organisation: ORGANISATION, accounts: [account("konto-a", "https://example.se/konto-a")], intake: [{ type: "directory", path: "intake" }, { type: "directory", path: "kopia" }] });
    const oldIntake = "/srv/gamla-servern/registrator/inkorg";
    const log = RecordLog.open(ws.database);
    const id = await storedRecord(log, new FilesystemStore(ws.objects), { accountId: "konto-a", folder: path.join(ws.dir, "src"), targets: [`directory:${oldIntake}`] });
    log.records.clearSpool(id);
    log.close();
    const cli = (...args: string[]) => runCli([...args, "--config", ws.configPath]);
    // The command is said with the configuration file it runs with.
    const said = `it waits, as 2 intakes of its kind could take its place (the folder ${ws.intake}, the folder ${copy}) and somarkiv does not choose between them: leave only the one it is to go to in the configuration, run "somarkiv --config ${ws.configPath} deliver", then put the others back`;

    const status = await cli("status");
    expect(status.stdout).toContain(`delivery to the folder ${oldIntake} (no longer in the configuration: ${said})`);

    const deliver = await cli("deliver");
    expect(deliver.code).not.toBe(0);
    expect(deliver.stdout + deliver.stderr).toContain(`${id}: its delivery to the folder ${oldIntake} waits, as that intake is no longer in the configuration; ${said}`);
    expect(fs.existsSync(path.join(ws.intake, `${id}.pdf`)) || fs.existsSync(path.join(copy, `${id}.pdf`))).toBe(false);
  });
});

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
});

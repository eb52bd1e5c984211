import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { RecordLog } from "../../src/log/index.ts";
import { foreignOwner, ownerHint, userName } from "../../src/storage/index.ts";
import { runLimited, runLimited as runLimitedIn } from "../helpers/cli.ts";
import { syntheticArchive } from "../log/archive.ts";

const root = process.getuid?.() === 0;


function countEvents(file: string): number {
  const log = RecordLog.open(file, { readonly: true });
  try {
    return (log.db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
  } finally {
    log.close();
  }
}

/** The temporary copies a reader made of a log it could not read in place. */
/** The copies of the log a reading command made in `tmp`: a temporary folder of the test's own, as other files' commands make theirs beside it at the same time. */
function readCopies(tmp: string): string[] {
  return fs.readdirSync(tmp).filter((n) => n.startsWith("somarkiv-read-"));
}

describe("the owner of a file somarkiv may not write", () => {
  it("is named, with what to do, when it is another user; not when it is somarkiv's own", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-owner-"));
    try {
      const file = path.join(dir, "somarkiv.sqlite");
      fs.writeFileSync(file, "x");
      const owner = fs.statSync(file).uid;
      const other = owner + 1;
      expect(foreignOwner(file, owner)).toBeNull();
      expect(ownerHint(file, owner)).toBe("");
      expect(foreignOwner(file, other)).toEqual({ path: file, owner: userName(owner), me: userName(other), folder: dir });
      // A file not made yet: its folder stops the write, and is the one to give.
      expect(foreignOwner(path.join(dir, "spool", "a.pdf"), other)).toEqual({ path: dir, owner: userName(owner), me: userName(other), folder: dir });
      expect(ownerHint(file, other)).toBe(`: it belongs to the user ${userName(owner)}, and somarkiv runs as ${userName(other)} here. Either give the files to ${userName(other)}, if somarkiv is to run as ${userName(other)} (as root: chown -R ${userName(other)}: ${dir}), or run the command as the user ${userName(owner)}, who owns them`);
      // A folder with spaces in its name is quoted in the command given, so that pasted it changes that folder only.
      const spaced = path.join(dir, "arkiv för sociala medier");
      fs.mkdirSync(spaced);
      fs.writeFileSync(path.join(spaced, "somarkiv.sqlite"), "x");
      expect(ownerHint(path.join(spaced, "somarkiv.sqlite"), other)).toContain(`(as root: chown -R ${userName(other)}: "${spaced}")`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a log its reader may read but not write (a registrar, a user other than the worker's)", () => {
  it("is read by status, records, accounts and verify as it is, with the worker stopped and while it has the log open", async () => {
    const ws = await syntheticArchive();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-ownership-"));
    const runLimited = (args: string[]) => runLimitedIn(args, { env: { TMPDIR: tmp } });
    try {
      const copiesBefore = readCopies(tmp);
      fs.chmodSync(ws.database, 0o444);
      fs.chmodSync(ws.dir, 0o555);
      // No process has the log open: no journal files, and none can be made in the folder.
      expect(fs.existsSync(`${ws.database}-wal`)).toBe(false);
      const records = await runLimited(["records", "--config", ws.configPath]);
      expect(records.stderr).toBe("");
      expect(records.code).toBe(0);
      expect(records.stdout).toMatch(/^konto-a_2026-H1_v1 +delivered/m);
      expect(records.stdout).toMatch(/^konto-b_2026-H1_v1 +delivered/m);
      const json = JSON.parse((await runLimited(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; status: string }>;
      expect(json.map((r) => [r.recordId, r.status])).toEqual([["konto-a_2026-H1_v1", "delivered"], ["konto-b_2026-H1_v1", "delivered"]]);
      const status = await runLimited(["status", "--config", ws.configPath]);
      expect(status.code).toBe(0);
      expect(status.stdout).toContain("konto-a");
      expect((await runLimited(["accounts", "--config", ws.configPath])).code).toBe(0);
      // Nothing was written beside the log, and the copy it was read from is gone.
      expect(fs.readdirSync(ws.dir).sort()).toEqual(["objects", "somarkiv.sqlite", "somarkiv.yaml", "src"]);
      expect(readCopies(tmp)).toEqual(copiesBefore);
      // An auditor's verify: the archive proven, and nothing written (no "verified" event, no anchor in the store).
      // (Counting the events here may leave the journal files beside the log; verify does not mind.)
      const eventsBefore = countEvents(ws.database);
      const verify = await runLimited(["verify", "--config", ws.configPath]);
      expect(verify.code, verify.stdout + verify.stderr).toBe(0);
      expect(verify.stdout).toContain("All good: 2 snapshots, 4 objects");
      expect(verify.stdout).toContain("Note: This verification was made by a user who may not write the log, so it is not recorded in it");
      expect(countEvents(ws.database)).toBe(eventsBefore);
      expect(fs.existsSync(path.join(ws.objects, "_log-anchors"))).toBe(false);

      // The worker has it open (as its owner): the journal files exist, and a record it adds is read at once.
      fs.chmodSync(ws.dir, 0o755);
      fs.chmodSync(ws.database, 0o644);
      const worker = RecordLog.open(ws.database);
      try {
        worker.records.register("konto-a_2026-H1_v1", "KS 2026/45-1");
        fs.chmodSync(ws.database, 0o444);
        fs.chmodSync(ws.dir, 0o555);
        expect(fs.existsSync(`${ws.database}-wal`)).toBe(true);
        const live = JSON.parse((await runLimited(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; dnr: string | null }>;
        expect(live.find((r) => r.recordId === "konto-a_2026-H1_v1")?.dnr).toBe("KS 2026/45-1");
      } finally {
        fs.chmodSync(ws.dir, 0o755);
        worker.close();
      }
    } finally {
      fs.chmodSync(ws.dir, 0o755);
      ws.cleanup();
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it("says of a log this user may not read that it cannot be read, to status and records, not that it cannot be written", async () => {
    const ws = await syntheticArchive();
    try {
      if (root) fs.chownSync(ws.database, 65534, 65534);
      fs.chmodSync(ws.database, root ? 0o600 : 0o000);
      for (const command of ["status", "records"]) {
        const r = await runLimited([command, "--config", ws.configPath]);
        expect(r.code).toBe(1);
        expect(r.stderr).toContain(`somarkiv ${command} stopped: somarkiv's log ${ws.database} cannot be read by this user${root ? `: it belongs to the user ${userName(65534)}, and this command runs as root. Run the command as the user ${userName(65534)}` : ". Run the command as somarkiv's user"}, or give this user read access to the log`);
        expect(r.stderr).not.toContain("cannot be written");
      }
    } finally {
      if (root) fs.chownSync(ws.database, 0, 0);
      fs.chmodSync(ws.database, 0o644);
      ws.cleanup();
    }
  });

  it("stops a command that writes with the file it may not write, and, when another user owns it, whose it is and what to do", async () => {
    const ws = await syntheticArchive();
    try {
      if (root) {
        // The log's folder belongs to another user: the journal cannot be made beside the log.
        fs.chownSync(ws.dir, 65534, 65534);
        fs.chmodSync(ws.dir, 0o755);
      } else {
        fs.chmodSync(ws.database, 0o444);
        fs.chmodSync(ws.dir, 0o555);
      }
      const r = await runLimited(["deliver", "--config", ws.configPath]);
      expect(r.code).toBe(1);
      if (root) {
        const other = userName(65534);
        expect(r.stderr).toContain(`somarkiv deliver stopped: somarkiv's log or spool cannot be written: ${ws.dir} belongs to the user ${other}, and somarkiv runs as root here. Either give the files to root, if somarkiv is to run as root (as root: chown -R root: ${ws.dir}), or run the command as the user ${other}, who owns them. Then run the command again. Nothing already recorded is lost.`);
      } else {
        expect(r.stderr).toContain(`somarkiv deliver stopped: somarkiv's log or spool cannot be written (the log ${ws.database} cannot be written: somarkiv's user may not write to ${ws.database})`);
      }
      expect(r.stderr).not.toContain("readonly database");
      const check = await runLimited(["config", "check", "--config", ws.configPath]);
      expect(check.stdout).toMatch(/log ERROR: The log .*somarkiv\.sqlite cannot be written: somarkiv's user may not write to /);
    } finally {
      fs.chownSync(ws.dir, process.getuid?.() ?? 0, process.getgid?.() ?? 0);
      fs.chmodSync(ws.dir, 0o755);
      ws.cleanup();
    }
  });
});

describe("a data folder this user may not look into (a registrar outside somarkiv's group)", () => {
  it("is said to be one the user may not read, by every command, never a log that is not there, whose backup should be put back", async () => {
    const ws = await syntheticArchive();
    const data = path.join(ws.dir, "data");
    const backups = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-backups-"));
    try {
      // The log in a folder of its own, as /var/lib/somarkiv is, which this user may not enter (as root,
      // runLimited takes away root's right to enter any folder; the folder stays root's, so that root is
      // not refused first as root over another user's files).
      fs.mkdirSync(data);
      fs.renameSync(ws.database, path.join(data, "somarkiv.sqlite"));
      fs.writeFileSync(ws.configPath, fs.readFileSync(ws.configPath, "utf8").replace("database: somarkiv.sqlite", "database: data/somarkiv.sqlite"));
      expect(fs.readFileSync(ws.configPath, "utf8")).toContain("database: data/somarkiv.sqlite");
      fs.chmodSync(data, 0o000);
      const commands = [["records"], ["status"], ["capture"], ["verify"], ["registered", ws.ids[0]!, "--dnr", "KS 2026/45-1"], ["backup", backups], ["recover"], ["deliver"]];
      for (const command of commands) {
        const r = await runLimited([...command, "--config", ws.configPath]);
        const said = `${command[0]}: ${r.stdout}${r.stderr}`;
        expect(r.code, said).toBe(1);
        expect(said).toContain(`somarkiv's log ${path.join(data, "somarkiv.sqlite")} cannot be read by this user`);
        expect(said).not.toMatch(/not there|no log|ingen logg|backup of the log back|nothing to back up/i);
      }
      expect(fs.readdirSync(backups)).toEqual([]);
    } finally {
      fs.chmodSync(data, 0o755);
      ws.cleanup();
      fs.rmSync(backups, { recursive: true, force: true });
    }
  });
});

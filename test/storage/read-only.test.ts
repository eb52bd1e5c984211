/**
 * A disk that has become read-only (a share mounted so, or a file system the kernel remounted
 * read-only after errors), with a real read-only tmpfs mount: every part that writes says so,
 * instead of Node's "no such file or directory" for a recursive mkdir (nodejs/node#47098).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { FilesystemStore, StorageError, makeFolder } from "../../src/storage/index.ts";
import { RecordLog } from "../../src/log/index.ts";
import { Spool } from "../../src/spool/index.ts";
import { directoryTarget, DeliveryError } from "../../src/intake/index.ts";
import { failureLine } from "../../src/cli/errors.ts";
import { makeRecord, type RecordFiles } from "../intake/record.ts";
import { account, makeWorkspace, runCli, type Workspace, makeLog } from "../helpers/cli.ts";
import { startFixtureServer } from "../helpers/server.ts";

let tmp: string;
let readOnly: string;
let record: RecordFiles;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-ro-"));
  readOnly = path.join(tmp, "ro");
  fs.mkdirSync(readOnly);
  // Tests run as root on the CI machine, as setup.sh's apt-get needs; mounting is part of that.
  execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", readOnly]);
  record = await makeRecord(path.join(tmp, "spool"));
});

afterAll(() => {
  execFileSync("umount", [readOnly]);
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe("a read-only disk", () => {
  it("is named as such when a folder is made on it, where Node's recursive mkdir says the folder does not exist", async () => {
    await expect(fs.promises.mkdir(path.join(readOnly, "a", "b"), { recursive: true })).rejects.toMatchObject({ code: "ENOENT" });
    await expect(makeFolder(path.join(readOnly, "a", "b"))).rejects.toMatchObject({ code: "EROFS" });
  });

  it("under the store: the upload fails saying the folder is read-only, and config check says it too", async () => {
    const store = new FilesystemStore(path.join(readOnly, "objects"));
    const error = await store.put("2026-H2/facebook-kommun/facebook-kommun_2026-H2_v1.pdf", record.item.pdfPath, record.item.sha256).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as Error).message).toContain(`is on a read-only file system; ask IT to mount it writable`);
    expect((error as Error).message).toMatch(/ask IT to mount it writable \(a disk with errors is made read-only by the system: have it checked\)\. The record waits in the spool meanwhile, and "somarkiv deliver" or the worker's next wake stores it once the folder can be written\.$/);
    expect((error as Error).message).not.toMatch(/no such file/i);
    const findings = await store.check();
    expect(findings).toEqual([{ level: "error", message: expect.stringContaining("read-only file system") }]);
  });

  it("under the log: the command stops saying the log's disk may not be written, and what to do", () => {
    const file = path.join(readOnly, "somarkiv.sqlite");
    let error: unknown;
    try { RecordLog.open(file); } catch (e) { error = e; }
    expect(error).toMatchObject({ code: "EROFS" });
    const line = failureLine("capture", error);
    expect(line).toContain(`somarkiv capture stopped: somarkiv's log or spool is on a file system mounted read-only (the log ${file} cannot be opened: ${readOnly} is on a read-only file system)`);
    // A mount, not a permission: making the folder writable for a user would not help.
    expect(line).toContain(`Ask IT to mount it writable again`);
    expect(line).not.toContain("writable for somarkiv's user");
    expect(line).not.toContain("unable to open database file");
  });

  it("under the spool: the write fails with the file system's own reason", () => {
    expect(() => new Spool(path.join(readOnly, "spool")).write("r1", { "a.pdf": new Uint8Array(10) })).toThrow(expect.objectContaining({ code: "EROFS" }));
  });

  it("under the registrar's folder: the delivery blames the folder, not the record's file, and says what to do", async () => {
    const inbox = path.join(tmp, "inbox-ro");
    fs.mkdirSync(inbox);
    execFileSync("mount", ["-t", "tmpfs", "-o", "ro,size=1m", "tmpfs", inbox]);
    try {
      const target = directoryTarget(inbox);
      const error = await target.deliver(record.item).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DeliveryError);
      expect((error as Error).message).toBe(`the folder ${inbox} is on a read-only file system; ask IT to mount it writable`);
      expect(await target.check!()).toEqual([{ level: "error", message: `The folder ${inbox} is on a read-only file system; ask IT to mount it writable.` }]);
      // As a systemd service (which sets INVOCATION_ID) the unit's sandbox is the likelier cause, and is named.
      process.env.INVOCATION_ID = "0123456789abcdef";
      try {
        const service = await target.deliver(record.item).catch((e: unknown) => e);
        expect((service as Error).message).toBe(`the folder ${inbox} is on a read-only file system; ask IT to mount it writable; somarkiv runs as a systemd service, whose unit makes every folder read-only except those in its ReadWritePaths: if the disk itself is writable, add the folder there (systemctl edit somarkiv, then under [Service]: ReadWritePaths=${inbox}) and restart the service`);
      } finally {
        delete process.env.INVOCATION_ID;
      }
    } finally {
      execFileSync("umount", [inbox]);
    }
  });
});

describe("a store on a disk that is full", () => {
  it("fails the upload naming the record, not somarkiv's temporary file, and says to free space and that the record waits", async () => {
    const disk = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-storefull-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", disk]);
    try {
      const filler = path.join(disk, "fyllnad");
      const { bavail, bsize } = fs.statfsSync(disk);
      fs.writeFileSync(filler, Buffer.alloc(bavail * bsize));
      const store = new FilesystemStore(disk);
      const key = "2026-H2/facebook-kommun/facebook-kommun_2026-H2_v1.pdf";
      const error = await store.put(key, record.item.pdfPath, record.item.sha256).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StorageError);
      expect((error as Error).message).toBe(`Could not store ${key}: the disk holding the folder ${disk} is full. Free space on it, or give the store more room; the record waits in the spool, and the worker's next wake or "somarkiv deliver" stores it.`);
    } finally {
      execFileSync("umount", [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
    }
  });
});

describe("config check on a read-only disk", () => {
  let ws: Workspace;
  beforeAll(() => {
    ws = makeWorkspace({});
    ws.write({
      organisation: { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" },
      database: path.join(readOnly, "somarkiv.sqlite"),
      intake: [{ type: "directory", path: path.join(readOnly, "inkorg") }],
      accounts: [account("kommun", "http://127.0.0.1:9/")],
    });
  });
  afterAll(() => ws.cleanup());

  it("names the log and the registrar's folder that cannot be written, and exits 1", async () => {
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain(`log ERROR: The log ${readOnly}/somarkiv.sqlite cannot be written: ${readOnly} is on a read-only file system.`);
    expect(r.stdout).toContain(`intake ERROR: The folder ${readOnly} is on a read-only file system; ask IT to mount it writable.`);
    expect(r.stdout).toContain(`store ok: Records are stored in the folder ${ws.objects}`);
  });
});

describe("a log whose disk was remounted read-only after it was made (as the kernel does after disk errors)", () => {
  it("is copied by backup, and verify says the disk is read-only, not that the user may not write", async () => {
    const disk = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-remount-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=4m", "tmpfs", disk]);
    const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, database: path.join(disk, "somarkiv.sqlite"), accounts: [account("kommun", "http://127.0.0.1:9/")] });
    try {
      makeLog({ database: path.join(disk, "somarkiv.sqlite") }); // the log, as the first command that writes makes it
      execFileSync("mount", ["-o", "remount,ro", disk]);
      const copy = await runCli(["backup", path.join(ws.dir, "kopior") + "/", "--config", ws.configPath]);
      expect(copy.code, copy.stderr).toBe(0);
      const [file] = fs.readdirSync(path.join(ws.dir, "kopior"));
      expect(file).toMatch(/^somarkiv-\d{8}T\d{6}Z\.sqlite$/);
      const verify = await runCli(["verify", "--config", ws.configPath]);
      expect(verify.stdout + verify.stderr).toContain("The log's disk is mounted read-only, so this verification is not recorded in the log");
      expect(verify.stdout + verify.stderr).not.toContain("a user who may not write the log");
    } finally {
      execFileSync("umount", [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
      ws.cleanup();
    }
  });
});

describe("a log whose disk fills up just as a delivery is made", () => {
  it("is said to be the log's trouble, not a delivery that failed; once there is room, deliver records it", async () => {
    const disk = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-full-"));
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", disk]);
    const filler = path.join(disk, "fyllnad");
    let posts = 0;
    const site = await startFixtureServer({
      routes: {
        // The registrar's intake takes the record; meanwhile the log's disk fills up (another program's file).
        "/intake": (req, res) => {
          req.resume();
          req.on("end", () => {
            posts++;
            if (posts === 1) {
              const { bavail, bsize } = fs.statfsSync(disk);
              fs.writeFileSync(filler, Buffer.alloc(bavail * bsize));
            }
            res.writeHead(200, { "content-type": "text/plain" });
            res.end("mottagen");
          });
        },
      },
    });
    const ws = makeWorkspace({
      organisation: { name: "Överkalix kommun" },
      database: path.join(disk, "somarkiv.sqlite"),
      intake: [{ type: "http", url: site.at("intake") }],
      accounts: [account("kommun", site.at("pipeline/kommun.html"))],
    });
    try {
      const capture = await runCli(["capture", "--config", ws.configPath]);
      expect(capture.code).not.toBe(0);
      expect(posts).toBe(1);
      expect(capture.stderr).not.toContain("NOT DELIVERED");
      expect(capture.stderr).toMatch(/disk that holds somarkiv's log and spool is full/);
      fs.rmSync(filler);
      const deliver = await runCli(["deliver", "--config", ws.configPath]);
      expect(deliver.code, deliver.stderr + deliver.stdout).toBe(0);
      const [rec] = JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout);
      expect(rec.status).toBe("delivered");
      expect(rec.deliveries).toMatchObject([{ status: "delivered", error: null }]);
    } finally {
      await site.close();
      execFileSync("umount", [disk]);
      fs.rmSync(disk, { recursive: true, force: true });
      ws.cleanup();
    }
  });
});

describe("a log where no folder can be made", () => {
  it("under /proc, making the folder ends with the kernel's answer, where Node's recursive mkdir never returns", () => {
    // In a child, so that a make that never returns fails the test at its bound instead of holding the run.
    const script = `import("${path.resolve("src/storage/folder.ts")}").then(async (m) => {
      for (const make of [(d) => m.makeFolderSync(d), (d) => m.makeFolder(d)]) {
        try { await make("/proc/somarkiv-nope/log"); console.log("made"); } catch (e) { console.log(e.code); }
      }
    });`;
    const out = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { timeout: 30_000, encoding: "utf8" });
    expect(out.trim().split("\n")).toEqual(["ENOENT", "ENOENT"]);
  });

  it("config check names a file where a folder should be, and /proc; capture stops saying what to check (exit 1)", async () => {
    const ws = makeWorkspace({});
    try {
      const file = path.join(ws.dir, "afile");
      fs.writeFileSync(file, "");
      for (const [database, says] of [[path.join(file, "somarkiv.sqlite"), `${file} is a file, not a folder, so the log cannot be made below it`], ["/proc/somarkiv-nope/somarkiv.sqlite", "/proc is one of the system's own folders (/proc, /sys), where no files can be made"]] as const) {
        ws.write({ organisation: { name: "Överkalix kommun" }, database, accounts: [account("kommun", "http://127.0.0.1:9/")] });
        const check = await runCli(["config", "check", "--config", ws.configPath]);
        expect(check.code, database).toBe(1);
        expect(check.stdout).toContain(`log ERROR: The log ${database} cannot be written: ${says}; check "database:" in the configuration.`);
        if (database.startsWith(file)) {
          // The spool and failed/ beside the log are named as what cannot be made, not as the log.
          expect(check.stdout).toContain(`log ERROR: The folder ${path.join(file, "spool")} (the spool, where every record waits until the store has it) cannot be written: ${file} is a file, not a folder, so the spool cannot be made below it; check "database:" in the configuration.`);
          expect(check.stdout).toContain(`log ERROR: The folder ${path.join(file, "failed")} (failed/, where the screenshots of failed captures are kept) cannot be written: ${file} is a file, not a folder, so failed/ cannot be made below it; check "database:" in the configuration.`);
        }
        const capture = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 60_000 });
        expect(capture.code, database).toBe(1);
        expect(capture.stderr).toContain("somarkiv capture stopped: somarkiv cannot make the folder for its log or spool");
        expect(capture.stderr).toContain(`Check "database:" in the configuration`);
      }
      expect(fs.statSync(file).isFile()).toBe(true);
    } finally {
      ws.cleanup();
    }
  }, 300_000);

  it("a file named spool or failed beside the log: config check, capture and the worker say to move that file, not to check database:", async () => {
    const ws = makeWorkspace({});
    try {
      ws.write({ organisation: { name: "Överkalix kommun" }, accounts: [account("kommun", "http://127.0.0.1:9/")] });
      const move = `Move that file out of ${ws.dir}, or rename it: somarkiv never makes a file of that name (a person or another program put it there), and makes the folder itself.`;
      const spool = path.join(ws.dir, "spool");
      fs.writeFileSync(spool, "en anteckning\n");
      const check = await runCli(["config", "check", "--config", ws.configPath]);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain(`\n  log ERROR: The folder ${spool} (the spool, where every record waits until the store has it) cannot be made: ${spool} is a file, not a folder. Captures would be taken and then thrown away until that file is moved. ${move}\n`);
      expect(check.stdout).not.toContain("database:");
      for (const command of ["capture", "run"]) {
        const r = await runCli([command, "--config", ws.configPath], { timeoutMs: 120_000 });
        expect(r.code, r.stdout + r.stderr).toBe(1);
        expect(r.stderr).toContain(`somarkiv ${command} stopped: ${spool} is a file, where somarkiv keeps the spool as a folder of that name beside its log. ${move} Then run the command again.`);
        expect(r.stderr).not.toContain("database:");
      }
      expect(fs.readFileSync(spool, "utf8")).toBe("en anteckning\n");

      fs.rmSync(spool);
      const failed = path.join(ws.dir, "failed");
      fs.writeFileSync(failed, "");
      const again = await runCli(["config", "check", "--config", ws.configPath]);
      expect(again.stdout).toContain(`\n  log ERROR: The folder ${failed} (failed/, where the screenshots of failed captures are kept) cannot be made: ${failed} is a file, not a folder. The screenshots of failed captures, which show why each failed, would not be kept (the failures are still recorded, and the records are not affected) until that file is moved. ${move}\n`);
      expect(again.stdout).not.toContain("database:");
      const run = await runCli(["run", "--config", ws.configPath], { timeoutMs: 120_000 });
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain(`somarkiv run stopped: ${failed} is a file, where somarkiv keeps failed/ as a folder of that name beside its log. ${move} Then run the command again.`);
      expect(run.stderr).not.toContain("database:");
    } finally {
      ws.cleanup();
    }
  }, 300_000);
});

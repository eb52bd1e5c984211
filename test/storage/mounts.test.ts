/**
 * A share listed in /etc/fstab, or named by a systemd mount unit, but not mounted: its mount point
 * is an empty folder on the machine's own disk. Neither the store nor the registrar's folder writes
 * there (the share, once mounted, would hide what was written); the record waits. The system's
 * tables are given as files here, in their real formats; the folders and the writes are real.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FilesystemStore, StorageError, sha256File } from "../../src/storage/index.ts";
import { fstabMountPoints, mountUnitWhere, mountedPoints, unmountedMountPointOf, unmountedShare } from "../../src/storage/mounts.ts";
import { DeliveryError, directoryTarget, isPermanent } from "../../src/intake/index.ts";
import { makeRecord } from "../intake/record.ts";

const FSTAB = `# /etc/fstab: static file system information.
UUID=0a1b2c3d /               ext4    errors=remount-ro 0       1
UUID=4e5f6a7b none            swap    sw              0       0
//nas.kommun.local/arkiv  /mnt/arkiv  cifs  credentials=/etc/somarkiv/nas.cred,uid=somarkiv,_netdev  0 0
//fil01/Registrator\\040Inkorg  /mnt/registrator\\040inkorg  cifs  _netdev,noauto  0 0
`;
const MOUNTINFO = `21 26 0:20 / /proc rw,relatime - proc proc rw
26 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro
97 26 0:52 / /mnt/arkiv rw,relatime shared:60 - cifs //nas.kommun.local/arkiv rw,vers=3.1.1
`;

describe("which share a folder lies on, from fstab and mountinfo", () => {
  it("reads the mount points fstab lists (not the root, not swap), spaces written as \\040", () => {
    expect(fstabMountPoints(FSTAB)).toEqual(["/mnt/arkiv", "/mnt/registrator inkorg"]);
    expect(mountedPoints(MOUNTINFO)).toEqual(new Set(["/proc", "/", "/mnt/arkiv"]));
  });

  it("names the unmounted mount point at or above a folder, and nothing for a mounted one or a folder on no share", () => {
    const listed = fstabMountPoints(FSTAB);
    const mounted = mountedPoints(MOUNTINFO);
    expect(unmountedMountPointOf("/mnt/registrator inkorg/somarkiv", listed, mounted)).toBe("/mnt/registrator inkorg");
    expect(unmountedMountPointOf("/mnt/registrator inkorg", listed, mounted)).toBe("/mnt/registrator inkorg");
    expect(unmountedMountPointOf("/mnt/arkiv/objects", listed, mounted)).toBeNull();
    expect(unmountedMountPointOf("/var/lib/somarkiv/objects", listed, mounted)).toBeNull();
    // A name that only begins like a mount point is not below it.
    expect(unmountedMountPointOf("/mnt/arkivet/objects", listed, new Set())).toBeNull();
    // A mount point written with a trailing slash is the same folder.
    expect(unmountedMountPointOf("/mnt/arkiv/objects", fstabMountPoints("//nas/a /mnt/arkiv/ cifs _netdev 0 0"), mounted)).toBeNull();
    // A share mounted inside another: the outer one missing is what counts.
    expect(unmountedMountPointOf("/mnt/arkiv/inre/x", ["/mnt/arkiv", "/mnt/arkiv/inre"], new Set(["/mnt/arkiv/inre"]))).toBe("/mnt/arkiv");
  });

  it("reads the mount point a systemd mount unit names: Where= in [Mount], the last one, not another section's", () => {
    const unit = `# /etc/systemd/system/mnt-registrator.mount
[Unit]
Description=Registratorns inkorg
Where=/not/this

[Mount]
What=//fil01/Registrator
Where=/mnt/old
Where = /mnt/registrator/
Type=cifs
Options=credentials=/etc/somarkiv/fil01.cred,_netdev

[Install]
WantedBy=multi-user.target
`;
    expect(mountUnitWhere(unit)).toBe("/mnt/registrator");
    expect(mountUnitWhere("[Mount]\nWhat=tmpfs\nWhere=/\n")).toBeNull();
    expect(mountUnitWhere("[Unit]\nDescription=nothing\n")).toBeNull();
  });

  it("tells nothing when the tables cannot be read", () => {
    expect(unmountedShare("/mnt/arkiv", { fstab: "/nonexistent/fstab", mountinfo: "/proc/self/mountinfo" })).toBeNull();
  });
});

describe("the store and the registrar's folder on a share that is not mounted", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  /** A mount point (an empty folder, as on a server) listed in a fstab, and two mountinfo files: without it and with it. */
  function machine() {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-mounts-"));
    const mountPoint = path.join(dir, "mnt", "nas");
    fs.mkdirSync(mountPoint, { recursive: true });
    const fstab = path.join(dir, "fstab");
    fs.writeFileSync(fstab, `${FSTAB}//nas/somarkiv  ${mountPoint}  cifs  _netdev  0 0\n`);
    const down = path.join(dir, "mountinfo-down");
    fs.writeFileSync(down, MOUNTINFO);
    const up = path.join(dir, "mountinfo-up");
    fs.writeFileSync(up, `${MOUNTINFO}98 26 0:53 / ${mountPoint} rw,relatime - cifs //nas/somarkiv rw\n`);
    return { dir, mountPoint, unmounted: { fstab, mountinfo: down }, mounted: { fstab, mountinfo: up } };
  }

  it("the store writes nothing under the empty mount point: the record waits as for a store that is down", async () => {
    const m = machine();
    const record = await makeRecord(path.join(m.dir, "spool"));
    const sha = (await sha256File(record.item.pdfPath)).sha256;
    const root = path.join(m.mountPoint, "objects");
    const down = new FilesystemStore(root, { mounts: m.unmounted });
    const error = await down.put("2026-H2/k/k_2026-H2_v1.pdf", record.item.pdfPath, sha).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect((error as StorageError).problem).toBe("unreachable");
    expect((error as StorageError).retryable).toBe(true);
    expect((error as Error).message).toContain(`The share mounted at ${m.mountPoint}, which holds the folder ${root}, is not mounted (it is listed in /etc/fstab)`);
    expect((error as Error).message).toContain("records wait in the spool until the share is mounted");
    expect(fs.readdirSync(m.mountPoint)).toEqual([]);
    await expect(down.has("2026-H2/k/k_2026-H2_v1.pdf")).rejects.toThrow(/is not mounted/);
    const findings = await down.check();
    expect(findings).toEqual([{ level: "error", message: expect.stringContaining(`The share mounted at ${m.mountPoint}`) }]);
    expect(fs.readdirSync(m.mountPoint)).toEqual([]);

    // Mounted: stored, with its checksum.
    const up = new FilesystemStore(root, { mounts: m.mounted });
    const stored = await up.put("2026-H2/k/k_2026-H2_v1.pdf", record.item.pdfPath, sha);
    expect(stored.sha256).toBe(sha);
    expect((await sha256File(path.join(root, "2026-H2", "k", "k_2026-H2_v1.pdf"))).sha256).toBe(sha);
  });

  it("the registrar's folder gets nothing while its share is not mounted; the delivery waits and is made once it is", async () => {
    const m = machine();
    const record = await makeRecord(path.join(m.dir, "spool"));
    const inbox = path.join(m.mountPoint, "inkorg");
    const error = await directoryTarget(inbox, { mounts: m.unmounted }).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(isPermanent(error)).toBe(false);
    expect((error as Error).message).toBe(`the registrar's share at ${m.mountPoint} is not mounted (it is listed in /etc/fstab), so ${inbox} would be a folder on this machine's own disk, where the registrar never looks; the delivery waits until the share is mounted (mount ${m.mountPoint})`);
    expect(fs.readdirSync(m.mountPoint)).toEqual([]);
    const findings = await directoryTarget(inbox, { mounts: m.unmounted }).check!();
    expect(findings).toEqual([{ level: "error", message: expect.stringContaining(`The registrar's share at ${m.mountPoint} is not mounted`) }]);

    await directoryTarget(inbox, { mounts: m.mounted }).deliver(record.item);
    expect(fs.readdirSync(inbox).sort()).toEqual([record.item.manifestName, record.item.pdfName].sort());
    expect(fs.readFileSync(path.join(inbox, record.item.pdfName))).toEqual(record.pdf);
  });

  it("a share mounted by an administrator's systemd unit, not by fstab, is known as well, and the message says how to mount it", async () => {
    const m = machine();
    const share = path.join(m.dir, "srv", "registrator");
    fs.mkdirSync(share, { recursive: true });
    const units = path.join(m.dir, "systemd");
    fs.mkdirSync(units);
    fs.writeFileSync(path.join(units, "srv-registrator.mount"), `[Unit]\nDescription=Registrator\n\n[Mount]\nWhat=//fil01/Registrator\nWhere=${share}\nType=cifs\n`);
    // A masked unit (linked to /dev/null) mounts nothing, and a unit of another kind is not a mount.
    fs.symlinkSync("/dev/null", path.join(units, "srv-gammal.mount"));
    fs.writeFileSync(path.join(units, "somarkiv.service"), `[Service]\nWhere=${m.dir}\n`);
    const record = await makeRecord(path.join(m.dir, "spool"));
    const inbox = path.join(share, "inkorg");

    const down = { ...m.unmounted, units };
    expect(unmountedShare(inbox, down)).toEqual({ point: share, listedIn: `systemd's ${path.join(units, "srv-registrator.mount")}`, mount: "systemctl start srv-registrator.mount" });
    const error = await directoryTarget(inbox, { mounts: down }).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toBe(`the registrar's share at ${share} is not mounted (it is listed in systemd's ${path.join(units, "srv-registrator.mount")}), so ${inbox} would be a folder on this machine's own disk, where the registrar never looks; the delivery waits until the share is mounted (systemctl start srv-registrator.mount)`);
    expect(fs.readdirSync(share)).toEqual([]);
    const store = new FilesystemStore(path.join(share, "objects"), { mounts: down });
    await expect(store.has("2026-H2/k/k_2026-H2_v1.pdf")).rejects.toThrow("records wait in the spool until the share is mounted (systemctl start srv-registrator.mount)");
    // Nothing else under the test's folder is taken for a share.
    expect(unmountedShare(path.join(m.dir, "spool"), down)).toBeNull();

    const up = { mountinfo: path.join(m.dir, "mountinfo-unit-up"), fstab: m.unmounted.fstab, units };
    fs.writeFileSync(up.mountinfo, `${fs.readFileSync(m.unmounted.mountinfo, "utf8")}99 26 0:54 / ${share} rw,relatime - cifs //fil01/Registrator rw\n`);
    await directoryTarget(inbox, { mounts: up }).deliver(record.item);
    expect(fs.readdirSync(inbox).sort()).toEqual([record.item.manifestName, record.item.pdfName].sort());
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import * as fsp from "node:fs/promises";
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createStore, FilesystemStore, ObjectConflictError, parseRecordKey, recordKey, sha256File, StorageError } from "../../src/storage/index.ts";
import { storeError } from "../../src/storage/filesystem.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let dir: string;
let root: string;
let store: FilesystemStore;

async function localFile(name: string, content: Buffer): Promise<string> {
  const p = path.join(dir, "spool", name);
  await fsp.mkdir(path.dirname(p), { recursive: true });
  await fsp.writeFile(p, content);
  return p;
}

beforeEach(async () => {
  dir = await fsp.mkdtemp(path.join(os.tmpdir(), "somarkiv-fs-"));
  root = path.join(dir, "objects");
  store = createStore({ type: "filesystem", path: root }) as FilesystemStore;
});

afterEach(async () => {
  // Stored files are read-only; make them writable again so the temp folder can go.
  await fsp.chmod(dir, 0o755).catch(() => undefined);
  await fsp.rm(dir, { recursive: true, force: true });
});

describe("filesystem store", () => {
  it("hashes a file in a stream", async () => {
    const content = Buffer.from("Överkalix kommun – ögonblicksbild");
    const p = await localFile("a.pdf", content);
    expect(await sha256File(p)).toEqual({ sha256: sha(content), bytes: content.length });
  });

  it("stores a record under the SPEC key layout, read-only, and confirms it", async () => {
    const content = Buffer.from("%PDF-1.7 snapshot of facebook-kommun");
    const p = await localFile("x.pdf", content);
    const key = recordKey("2026-H2", "facebook-kommun", 1, "pdf");
    expect(key).toBe("2026-H2/facebook-kommun/facebook-kommun_2026-H2_v1.pdf");

    const stored = await store.put(key, p, sha(content));
    expect(stored).toEqual({ key, fullKey: key, sha256: sha(content), bytes: content.length });

    const onDisk = path.join(root, "2026-H2", "facebook-kommun", "facebook-kommun_2026-H2_v1.pdf");
    expect(await fsp.readFile(onDisk)).toEqual(content);
    expect((await fsp.stat(onDisk)).mode & 0o777).toBe(0o444);
    // No temporary file is left beside it.
    expect(await fsp.readdir(path.dirname(onDisk))).toEqual(["facebook-kommun_2026-H2_v1.pdf"]);
    expect(store.description).toBe(`the folder ${root}`);
    expect(await store.has(key)).toBe(true);
    expect(await store.has(recordKey("2026-H2", "facebook-kommun", 2, "pdf"))).toBe(false);
  });

  it("accepts the same bytes again and refuses other bytes, leaving the original intact", async () => {
    const key = recordKey("2026-H1", "instagram-kommun", 1, "pdf");
    const original = Buffer.from("original record");
    const p1 = await localFile("1.pdf", original);
    await store.put(key, p1, sha(original));

    // A retried upload of the same bytes succeeds.
    const again = await store.put(key, p1, sha(original));
    expect(again.sha256).toBe(sha(original));

    const other = Buffer.from("different record");
    const p2 = await localFile("2.pdf", other);
    const err = await store.put(key, p2, sha(other)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectConflictError);
    expect((err as ObjectConflictError).key).toBe(key);
    expect((err as Error).message).toContain("never overwrites");

    expect(await fsp.readFile(store.pathOf(key))).toEqual(original);
    expect(await store.hash(key)).toMatchObject({ sha256: sha(original), bytes: original.length });
  });

  it("refuses to store over a link to nowhere put under a record's name, saying what is there, and leaves it", async () => {
    const key = recordKey("2026-H2", "spoof", 4, "pdf");
    const at = store.pathOf(key);
    await fsp.mkdir(path.dirname(at), { recursive: true });
    await fsp.symlink(path.join(dir, "nowhere.pdf"), at);
    const content = Buffer.from("%PDF-1.7 the record");
    const err = await store.put(key, await localFile("s.pdf", content), sha(content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectConflictError);
    expect((err as Error).message).toBe(`the folder ${root} already holds ${key}, as a link to ${path.join(dir, "nowhere.pdf")}, which does not exist; somarkiv never overwrites what is under a record's name, so the record is not stored. Find out who put it there; once it is moved away, the record is stored at the next run.`);
    expect((await fsp.lstat(at)).isSymbolicLink()).toBe(true);
    expect(await fsp.readdir(path.dirname(at))).toEqual(["spoof_2026-H2_v4.pdf"]);
  });

  it("says of a folder in the system's own (/proc), where none can be made, what to set, not the system's ENOENT", async () => {
    const content = Buffer.from("%PDF-1.7 the record");
    const err = await new FilesystemStore("/proc/somarkiv-objekt").put("2026-H2/a/a_2026-H2_v1.pdf", await localFile("p.pdf", content), sha(content)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    // As root no folder can be made there; as another user it may not be written: either is said plainly.
    expect((err as Error).message).toMatch(/^(Could not create the folder \/proc\/somarkiv-objekt\/2026-H2\/a: no folder can be made at \/proc\/somarkiv-objekt, which is in the system's own folders, not on a disk\. Set storage\.path in the configuration to a folder on a disk|somarkiv may not)/);
    expect((err as Error).message).not.toContain("ENOENT");
  });

  it("refuses a local file whose content does not match the checksum it is said to have", async () => {
    const p = await localFile("bad.pdf", Buffer.from("corrupted in the spool"));
    const err = await store.put("2026-H1/a/a_2026-H1_v1.pdf", p, sha(Buffer.from("what was captured"))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("local-file");
    expect(await store.hash("2026-H1/a/a_2026-H1_v1.pdf")).toBeNull();
  });

  it("lets exactly one of two concurrent writers of different content win", async () => {
    for (let round = 0; round < 8; round++) {
      const key = recordKey("2026-H2", `race-${round}`, 1, "pdf");
      const a = Buffer.alloc(256 * 1024, 0x61 + round);
      const b = Buffer.alloc(256 * 1024, 0x41 + round);
      const pa = await localFile(`a${round}.pdf`, a);
      const pb = await localFile(`b${round}.pdf`, b);
      const results = await Promise.allSettled([store.put(key, pa, sha(a)), store.put(key, pb, sha(b))]);
      const won = results.filter((r) => r.status === "fulfilled");
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0].reason).toBeInstanceOf(ObjectConflictError);
      const winner = (won[0] as PromiseFulfilledResult<{ sha256: string }>).value.sha256;
      const onDisk = await fsp.readFile(store.pathOf(key));
      expect(sha(onDisk)).toBe(winner);
    }
  });

  it("hash() re-reads the stored bytes, so a changed file is noticed, and is null for a missing key", async () => {
    const key = recordKey("2025-H2", "x-kommun", 2, "json");
    const content = Buffer.from('{"recordId":"r1"}');
    await store.put(key, await localFile("m.json", content), sha(content));
    expect((await store.hash(key))?.sha256).toBe(sha(content));

    // Someone with enough rights alters the file behind somarkiv's back: verify must see it.
    const onDisk = store.pathOf(key);
    await fsp.chmod(onDisk, 0o644);
    await fsp.writeFile(onDisk, '{"recordId":"r2"}');
    expect((await store.hash(key))?.sha256).not.toBe(sha(content));

    expect(await store.hash("2025-H2/none/none_2025-H2_v1.pdf")).toBeNull();
  });

  it("lists stored objects as logical keys and skips temporary files", async () => {
    const keys = [recordKey("2026-H1", "a", 1, "pdf"), recordKey("2026-H1", "a", 1, "json"), recordKey("2026-H2", "b", 3, "pdf")];
    for (const [i, k] of keys.entries()) {
      const c = Buffer.from(`content ${i}`);
      await store.put(k, await localFile(`f${i}`, c), sha(c));
    }
    // What a crash in the middle of a write leaves behind.
    await fsp.writeFile(path.join(root, "2026-H1", "a", ".a_2026-H1_v2.pdf.123.abcdef.somarkiv-tmp"), "half");

    const listed: { key: string; bytes: number }[] = [];
    for await (const o of store.list()) listed.push(o);
    expect(listed.map((o) => o.key).sort()).toEqual([...keys].sort());
    expect(listed.find((o) => o.key === keys[2])?.bytes).toBe(Buffer.from("content 2").length);
  });

  it("clears an hour-old temporary file that a crash left beside a record once the record is stored", async () => {
    const key = recordKey("2026-H2", "crash", 1, "pdf");
    const folder = path.join(root, "2026-H2", "crash");
    await fsp.mkdir(folder, { recursive: true });
    const old = path.join(folder, ".crash_2026-H2_v1.pdf.999.aaaaaa.somarkiv-tmp");
    const fresh = path.join(folder, ".crash_2026-H2_v1.pdf.998.bbbbbb.somarkiv-tmp");
    await fsp.writeFile(old, "half-written");
    await fsp.writeFile(fresh, "being written right now");
    const hourAndABitAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    await fsp.utimes(old, hourAndABitAgo, hourAndABitAgo);

    const c = Buffer.from("the finished record");
    await store.put(key, await localFile("c.pdf", c), sha(c));
    expect((await fsp.readdir(folder)).sort()).toEqual([".crash_2026-H2_v1.pdf.998.bbbbbb.somarkiv-tmp", "crash_2026-H2_v1.pdf"]);
  });

  it("lists nothing from a folder that does not exist yet", async () => {
    const listed = [];
    for await (const o of store.list()) listed.push(o);
    expect(listed).toEqual([]);
  });

  it("downloads a stored object to a writable local copy; a missing one is a plain error", async () => {
    const key = recordKey("2026-H2", "youtube-kommun", 1, "pdf");
    const content = Buffer.from("stored pdf bytes");
    await store.put(key, await localFile("y.pdf", content), sha(content));
    const target = path.join(dir, "restored", "copy.pdf");
    await store.download(key, target);
    expect(await fsp.readFile(target)).toEqual(content);
    await fsp.appendFile(target, "x"); // writable

    const err = await store.download("2026-H2/none/none_2026-H2_v1.pdf", path.join(dir, "none.pdf")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as StorageError).problem).toBe("missing");
    expect((err as Error).message).toContain("There is no object named 2026-H2/none/none_2026-H2_v1.pdf");
  });

  it("reads a record's key back into its parts, and no other key", () => {
    expect(parseRecordKey(recordKey("2026-H2", "facebook-kommun", 12, "json"))).toEqual({ period: "2026-H2", accountId: "facebook-kommun", version: 12, ext: "json" });
    for (const other of ["_log-anchors/0000000007-ab.json", "2026-H2/facebook-kommun/youtube-kommun_2026-H2_v1.pdf", "2026-H3/a/a_2026-H3_v1.pdf", "notes.txt"]) {
      expect(parseRecordKey(other), other).toBeUndefined();
    }
  });

  it("refuses keys that would escape the folder", async () => {
    const c = Buffer.from("x");
    const p = await localFile("esc", c);
    await expect(store.put("../outside.pdf", p, sha(c))).rejects.toThrow(/not a valid object name/);
    await expect(store.put("/etc/x.pdf", p, sha(c))).rejects.toThrow(/not a valid object name/);
  });

  it("check() reports a writable folder, and an unusable one as an error", async () => {
    await fsp.mkdir(root, { recursive: true });
    const ok = await store.check();
    expect(ok[0]).toEqual({ level: "ok", message: `Records are stored in the folder ${root}, which somarkiv can write to.` });
    expect(await fsp.readdir(root)).toEqual([]); // the probe file is gone

    await fsp.writeFile(path.join(dir, "afile"), "x");
    const bad = await new FilesystemStore(path.join(dir, "afile", "objects")).check();
    expect(bad).toHaveLength(1);
    expect(bad[0].level).toBe("error");
    expect(bad[0].message).toContain("is a file, not a folder");
  });

  it("check() makes nothing: a folder not there yet is one somarkiv makes at the first record, and one gone with records stored in it is an error", async () => {
    const fresh = path.join(dir, "ny", "objects");
    const first = await new FilesystemStore(fresh).check();
    expect(first[0]).toEqual({ level: "ok", message: `Records are stored in the folder ${fresh}, which is not there yet; somarkiv makes it when it stores the first record (it may write in ${dir}).` });
    expect(existsSync(path.join(dir, "ny"))).toBe(false);
    expect(await fsp.readdir(dir)).not.toContainEqual(expect.stringMatching(/^\.check\./)); // the folder it tried to make is gone
    // A folder no one can make, root included (root's rights let it past the check of access): said as an error.
    const system = await new FilesystemStore("/proc/somarkiv-objekt").check();
    expect(system).toEqual([{ level: "error", message: expect.stringMatching(/^the folder \/proc\/somarkiv-objekt is not there, and (no folder can be made in \/proc \(\/proc is the system's own, not a folder on a disk\): the system refused \(ENOENT\)\. Set storage\.path to a folder on a disk|somarkiv's user may not make it)/) }]);
    const gone = await new FilesystemStore(fresh, { holdsRecords: () => true }).check();
    expect(gone).toEqual([{ level: "error", message: expect.stringContaining(`the folder ${fresh} is not there, though the log has records stored in it`) }]);
    expect(existsSync(path.join(dir, "ny"))).toBe(false);
  });

  // File modes do not stop root, as CI runs: each refusal is one root meets too (a path through a file, running a file nobody may run, a hard link to a folder).
  it("says in plain words when a path in the store runs through a file, which stops root too", async () => {
    await fsp.writeFile(path.join(dir, "afile"), "x");
    const s = new FilesystemStore(path.join(dir, "afile", "objects"));
    const c = Buffer.from("y");
    const err = await s.put("2026-H1/a/a_2026-H1_v1.pdf", await localFile("y", c), sha(c)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/is a file, not a folder/);
  });

  it("names a refusal by the file system (EACCES, EPERM) as permission denied, for the operator to act on, for root as for anyone", async () => {
    // Real refusals that root meets too: running a file that nobody may run, and a hard link to a folder.
    const file = await localFile("not-runnable", Buffer.from("x"));
    await fsp.chmod(file, 0o644);
    const eacces = await fsp.access(file, fsp.constants.X_OK).catch((e: unknown) => e);
    const eperm = await fsp.link(dir, path.join(dir, "link-to-folder")).catch((e: unknown) => e);
    expect([(eacces as NodeJS.ErrnoException).code, (eperm as NodeJS.ErrnoException).code]).toEqual(["EACCES", "EPERM"]);
    for (const e of [eacces, eperm]) {
      const err = storeError(e, "store 2026-H1/a/a_2026-H1_v1.pdf", store);
      expect(err).toBeInstanceOf(StorageError);
      expect((err as StorageError).problem).toBe("access-denied");
      expect(err.message).toContain(`somarkiv may not store 2026-H1/a/a_2026-H1_v1.pdf in the folder ${root}: permission denied`);
      expect(err.message).toContain("Give the user that runs somarkiv write access to the folder.");
    }
  });
});

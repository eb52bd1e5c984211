import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { READ_CHUNK, sha256File } from "../../src/storage/hash.ts";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-hash-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, bytes: number): { path: string; sha256: string } {
  const data = crypto.randomBytes(bytes);
  const p = path.join(dir, name);
  fs.writeFileSync(p, data);
  return { path: p, sha256: crypto.createHash("sha256").update(data).digest("hex") };
}

describe("sha256File", () => {
  it("gives the SHA-256 and size of files at and around the read size", async () => {
    for (const bytes of [0, 1, READ_CHUNK - 1, READ_CHUNK, READ_CHUNK + 1, 3 * READ_CHUNK + 7]) {
      const f = file(`f-${bytes}`, bytes);
      expect(await sha256File(f.path)).toEqual({ sha256: f.sha256, bytes });
    }
  });

  it("keeps files hashed at the same time apart, though they share read buffers", async () => {
    const files = Array.from({ length: 8 }, (_, i) => file(`c-${i}`, 2 * READ_CHUNK + i * 1013));
    for (let round = 0; round < 3; round++) {
      const digests = await Promise.all(files.map((f) => sha256File(f.path)));
      expect(digests.map((d) => d.sha256)).toEqual(files.map((f) => f.sha256));
    }
  });

  it("fails with the system's error for a missing file, and the next file still hashes right", async () => {
    await expect(sha256File(path.join(dir, "missing"))).rejects.toMatchObject({ code: "ENOENT" });
    const f = file("after", READ_CHUNK + 5);
    expect((await sha256File(f.path)).sha256).toBe(f.sha256);
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Spool } from "../../src/spool/index.ts";

describe("the spool", () => {
  let dir = "";
  afterEach(() => { if (dir) fs.rmSync(dir, { recursive: true, force: true }); });

  it("writes a record's files whole under the record's folder, and nothing else", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-spool-"));
    const spool = new Spool(dir);
    const pdf = Buffer.alloc(3 * 1024 * 1024, 7);
    const folder = spool.write("konto_2026-H2_v1", { "konto_2026-H2_v1.pdf": pdf, "konto_2026-H2_v1.json": Buffer.from("{}\n") });
    expect(folder).toBe(path.join(dir, "konto_2026-H2_v1"));
    expect(fs.readFileSync(path.join(folder, "konto_2026-H2_v1.pdf")).equals(pdf)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["konto_2026-H2_v1"]);
  });

  it("leaves nothing behind when a file cannot be written (a full disk, here a name it cannot take)", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-spool-"));
    const spool = new Spool(dir);
    expect(() => spool.write("konto_2026-H2_v1", { "konto_2026-H2_v1.pdf": Buffer.from("%PDF"), "no/such/folder.json": Buffer.from("{}") })).toThrow(/ENOENT/);
    // The half-written temporary folder is gone; it would hold the space a full disk needs back.
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

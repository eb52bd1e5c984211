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
    // In a folder of its own: the spool's identity file is written beside it, not in /tmp for every test.
    const spoolDir = path.join(dir, "spool");
    const spool = new Spool(spoolDir);
    const pdf = Buffer.alloc(3 * 1024 * 1024, 7);
    const folder = spool.write("konto_2026-H2_v1", { "konto_2026-H2_v1.pdf": pdf, "konto_2026-H2_v1.json": Buffer.from("{}\n") });
    expect(folder).toBe(path.join(spoolDir, "konto_2026-H2_v1"));
    expect(fs.readFileSync(path.join(folder, "konto_2026-H2_v1.pdf")).equals(pdf)).toBe(true);
    expect(fs.readdirSync(spoolDir)).toEqual(["konto_2026-H2_v1"]);
  });

  it("leaves nothing behind when a file cannot be written (a full disk, here a name it cannot take)", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-spool-"));
    const spoolDir = path.join(dir, "spool");
    const spool = new Spool(spoolDir);
    expect(() => spool.write("konto_2026-H2_v1", { "konto_2026-H2_v1.pdf": Buffer.from("%PDF"), "no/such/folder.json": Buffer.from("{}") })).toThrow(/ENOENT/);
    // The half-written temporary folder is gone; it would hold the space a full disk needs back.
    expect(fs.readdirSync(spoolDir)).toEqual([]);
  });

  it("from before spools were named (record folders, no identity file) is taken as the one its records were spooled in: a folder removed from it is lost, not on an old server", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-spool-"));
    const spoolDir = path.join(dir, "spool");
    const files = (id: string) => ({ [`${id}.pdf`]: Buffer.from("%PDF-1.7\n"), [`${id}.json`]: Buffer.from("{}\n") });
    // As an older release left it: record folders, and no .somarkiv-spool-id beside them.
    for (const id of ["konto_2025-H2_v1", "konto_2026-H1_v1"]) {
      fs.mkdirSync(path.join(spoolDir, id), { recursive: true });
      for (const [name, bytes] of Object.entries(files(id))) fs.writeFileSync(path.join(spoolDir, id, name), bytes);
    }
    const spool = new Spool(spoolDir);
    spool.write("konto_2026-H2_v1", files("konto_2026-H2_v1"));
    expect(spool.identity().adopted).toBe(true);
    expect(new Spool(spoolDir).identity()).toEqual(spool.identity());

    fs.rmSync(path.join(spoolDir, "konto_2025-H2_v1"), { recursive: true });
    // Its capture event, from before spool identities were kept, names no spool.
    const removed = { spoolDir: path.join(spoolDir, "konto_2025-H2_v1"), pdfName: "konto_2025-H2_v1.pdf", sha256: null, bytes: null, manifestName: null, manifestSha256: null, manifestBytes: null, spoolId: null };
    expect(spool.find(removed)).toEqual({ state: "lost", why: `its spool folder ${path.join(spoolDir, "konto_2025-H2_v1")} was removed`, folder: path.join(spoolDir, "konto_2025-H2_v1"), faults: [] });
    expect(spool.find({ ...removed, spoolDir: path.join(spoolDir, "konto_2026-H1_v1") })).toEqual({ state: "here", folder: path.join(spoolDir, "konto_2026-H1_v1") });
  });

  it("named empty is its own records' only: a record of another spool missing here is away, to be copied from the old server", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-spool-"));
    const spoolDir = path.join(dir, "spool");
    const spool = new Spool(spoolDir);
    expect(spool.identity().adopted).toBe(false);
    const elsewhere = { spoolDir: "/srv/gamla-servern/archive/spool/konto_2025-H2_v1", pdfName: "konto_2025-H2_v1.pdf", sha256: null, bytes: null, manifestName: null, manifestSha256: null, manifestBytes: null, spoolId: null };
    const found = spool.find(elsewhere);
    expect(found.state).toBe("away");
    expect(found.state === "away" && found.why).toContain(`Copy the spool folder from the old server: copy konto_2025-H2_v1 from its spool folder into ${spoolDir}`);
  });
});

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { createIntakeTargets, DeliveryError, directoryTarget, isPermanent } from "../../src/intake/index.ts";
import { makeRecord, type RecordFiles } from "./record.ts";

const sha = (b: Buffer) => createHash("sha256").update(b).digest("hex");

let tmp: string;
let record: RecordFiles;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-intake-dir-"));
  record = await makeRecord(path.join(tmp, "spool"));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe("directory intake", () => {
  it("places the PDF and the manifest with the same bytes and leaves no temporary files", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.mkdir(inbox);
    const [target] = createIntakeTargets([{ type: "directory", path: inbox }]);
    expect(target.name).toBe(`directory:${inbox}`);
    const receipt = await target.deliver(record.item);
    const pdf = await fs.readFile(path.join(inbox, record.item.pdfName));
    const manifest = await fs.readFile(path.join(inbox, record.item.manifestName));
    expect(sha(pdf)).toBe(record.item.sha256);
    expect(manifest.equals(await fs.readFile(record.item.manifestPath))).toBe(true);
    expect(receipt.receipt).toContain(path.join(inbox, record.item.pdfName));
    expect(receipt.receipt).toContain(path.join(inbox, record.item.manifestName));
    expect((await fs.readdir(inbox)).sort()).toEqual([record.item.manifestName, record.item.pdfName, "LÄS MIG – somarkiv.txt"].sort());
  });

  it("removes the temporary files a killed delivery left in the folder once they are an hour old, and nobody else's", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.mkdir(inbox);
    const old = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const leftovers = [".facebook-kommun_2026-H2_v1.pdf.3f9a0c1d2e4b.tmp", ".guide.0123456789ab.tmp", ".check.89abcdef.tmp"];
    const kept = [".konto_2026-H2_v1.pdf.aaaaaaaaaaaa.tmp" /* young: another worker's copy under way */, ".registratorns-egen.tmp", "utkast.pdf.0123456789ab.tmp"];
    for (const name of [...leftovers, ...kept]) {
      await fs.writeFile(path.join(inbox, name), "%PDF-1.4 halv");
      if (name !== kept[0]) await fs.utimes(path.join(inbox, name), old, old);
    }
    const [target] = createIntakeTargets([{ type: "directory", path: inbox }]);
    await target.deliver(record.item);
    expect((await fs.readdir(inbox)).sort()).toEqual([record.item.manifestName, record.item.pdfName, "LÄS MIG – somarkiv.txt", ...kept].sort());
  });

  it("tells the registrar who opens the folder what the files are and how the diary number gets back, in a file of its own", async () => {
    const inbox = path.join(tmp, "inkorg");
    const [target] = createIntakeTargets([{ type: "directory", path: inbox }]);
    await target.deliver({ ...record.item, configPath: "/etc/somarkiv/kommun.yaml" });
    const guide = await fs.readFile(path.join(inbox, "LÄS MIG – somarkiv.txt"));
    // Windows' own form: Notepad on the registrar's PC shows the letters and the lines.
    expect(guide.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const text = guide.toString("utf8").replace(/^\uFEFF/, "");
    expect(text.split("\r\n").length).toBeGreaterThan(10);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain("Överkalix kommun");
    expect(text).toContain("med registreringsbladet som första sida");
    expect(text).toContain(`somarkiv registered ${record.item.recordId} --dnr "KS 2026/123" --config /etc/somarkiv/kommun.yaml`);
    expect(text).not.toContain("npx");
    // Rewritten whole when it changes (the latest record is its example), never left half-written.
    const next = await makeRecord(path.join(tmp, "spool2"), { accountId: "instagram-kommun" });
    await target.deliver(next.item);
    expect(await fs.readFile(path.join(inbox, "LÄS MIG – somarkiv.txt"), "utf8")).toContain(`registered ${next.item.recordId} --dnr`);
    expect((await fs.readdir(inbox)).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  });

  it("explains in Swedish the sheet's technical rows and the CSV's columns a registrar cannot read by their names", async () => {
    const inbox = path.join(tmp, "inkorg");
    const [target] = createIntakeTargets([{ type: "directory", path: inbox }]);
    await target.deliver(record.item);
    const text = (await fs.readFile(path.join(inbox, "LÄS MIG – somarkiv.txt"), "utf8")).replace(/^\uFEFF/, "").replace(/\r\n/g, "\n");
    expect(text).toContain("Så läser du registreringsbladet och listan från \"somarkiv records --csv\":\n");
    // Each by the name it has on the sheet or in the CSV's header, at the start of its own line, with words after it.
    for (const name of ["HTTP-status", "SHA-256 för skärmbilden", "Visning", "Sidans storlek", "Cookie-dialog", "Slutlig (i listan)", "Lagringsnyckel (i listan)"]) {
      expect(text, name).toMatch(new RegExp(`\\n  ${name.replace(/[()]/g, "\\$&")} – \\S.{20,}`));
    }
    expect(text).toContain("200 betyder att sidan visades som vanligt");
    // Words in pictures are not searchable; a registrar searching a poster's words finds nothing otherwise unexplained.
    expect(text).toMatch(/\n  Sökbar text – .*\n    \(en affisch, ett fotograferat anslag\) syns i bilden men går inte att söka på\./);
    expect(text).toContain("Du behöver inte göra något med den");
    // A consent page of its own, which the sheet names, is told from a dialog over the account's page.
    expect(text.replace(/\s+/g, " ")).toContain("Står det att webbplatsen frågade på en egen sida (en samtyckessida) visade den frågan före kontots sida");
  });

  it("leaves the instructions file out of a case system's import folder (readme: false)", async () => {
    const inbox = path.join(tmp, "import");
    const [target] = createIntakeTargets([{ type: "directory", path: inbox, readme: false }]);
    await target.deliver(record.item);
    expect((await fs.readdir(inbox)).sort()).toEqual([record.item.manifestName, record.item.pdfName].sort());
  });

  it("counts a second delivery of the same record as delivered (retry after a crash)", async () => {
    const inbox = path.join(tmp, "inkorg");
    const target = directoryTarget(inbox);
    await target.deliver(record.item);
    // A crash after the PDF was placed but before the manifest: only the PDF is there.
    await fs.unlink(path.join(inbox, record.item.manifestName));
    await target.deliver(record.item);
    await target.deliver(record.item);
    expect((await fs.readdir(inbox)).sort()).toEqual([record.item.manifestName, record.item.pdfName].sort());
    expect(sha(await fs.readFile(path.join(inbox, record.item.pdfName)))).toBe(record.item.sha256);
  });

  it("says which file it could not read when the record's file is gone, and places nothing", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.rm(record.item.pdfPath);
    const error = await directoryTarget(inbox).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`could not read ${record.item.pdfPath}`);
    expect((error as Error).message).toContain("somarkiv verify");
    expect(await fs.readdir(inbox)).toEqual([]);
  });

  it("never overwrites a different file with the same name", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.mkdir(inbox);
    const other = Buffer.from("%PDF-1.7\nsomething the registrar already has\n%%EOF\n");
    await fs.writeFile(path.join(inbox, record.item.pdfName), other);
    const error = await directoryTarget(inbox).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`a different file named ${record.item.pdfName} already exists`);
    expect(isPermanent(error)).toBe(true);
    expect((await fs.readFile(path.join(inbox, record.item.pdfName))).equals(other)).toBe(true);
    // Neither the manifest nor a temporary file was left behind.
    expect(await fs.readdir(inbox)).toEqual([record.item.pdfName]);
  });

  it("never takes a different file of the same size for the record (an earlier version, a registrar's copy)", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.mkdir(inbox);
    const other = Buffer.alloc(record.pdf.length, 0x41);
    await fs.writeFile(path.join(inbox, record.item.pdfName), other);
    const error = await directoryTarget(inbox).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`a different file named ${record.item.pdfName} already exists`);
    expect((await fs.readFile(path.join(inbox, record.item.pdfName))).equals(other)).toBe(true);
  });

  it("names the manifest when the PDF is the same but a different manifest is in the way", async () => {
    const inbox = path.join(tmp, "inkorg");
    await fs.mkdir(inbox);
    await fs.copyFile(record.item.pdfPath, path.join(inbox, record.item.pdfName));
    await fs.writeFile(path.join(inbox, record.item.manifestName), "{}\n");
    const error = await directoryTarget(inbox).deliver(record.item).catch((e: unknown) => e);
    expect((error as Error).message).toContain(`a different file named ${record.item.manifestName} already exists in the registrar's folder`);
    expect(await fs.readFile(path.join(inbox, record.item.manifestName), "utf8")).toBe("{}\n");
    expect((await fs.readdir(inbox)).sort()).toEqual([record.item.manifestName, record.item.pdfName].sort());
  });

  it("creates the intake folder when only the folder itself is missing", async () => {
    const inbox = path.join(tmp, "archive-intake");
    await directoryTarget(inbox).deliver(record.item);
    expect(sha(await fs.readFile(path.join(inbox, record.item.pdfName)))).toBe(record.item.sha256);
  });

  it("says the folder does not exist when its parent is missing too (an unmounted share), without creating it", async () => {
    const inbox = path.join(tmp, "mnt", "registrator", "inkorg");
    const error = await directoryTarget(inbox).deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`the folder ${inbox} does not exist`);
    expect(isPermanent(error)).toBe(false);
    await expect(fs.stat(path.join(tmp, "mnt"))).rejects.toThrow();
  });

  it("is checked for config check without delivering: there, to be made in its parent, or with no parent (a share not mounted)", async () => {
    const inbox = path.join(tmp, "inkorg");
    expect(await directoryTarget(inbox).check!()).toEqual([{ level: "ok", message: `Records are delivered to the folder ${inbox}, which the first delivery creates in ${tmp}.` }]);
    await fs.mkdir(inbox);
    expect(await directoryTarget(inbox).check!()).toEqual([{ level: "ok", message: `Records are delivered to the folder ${inbox}, which somarkiv can write to.` }]);
    expect(await fs.readdir(inbox)).toEqual([]);
    const unmounted = path.join(tmp, "mnt", "registrator", "inkorg");
    expect(await directoryTarget(unmounted).check!()).toEqual([{ level: "warning", message: expect.stringContaining(`The folder ${unmounted} does not exist, nor does the folder it should be in`) }]);
    // In somarkiv's own data folder, not made yet on a new installation: made with it, no warning to act on.
    const own = path.join(tmp, "archive");
    expect(await directoryTarget(path.join(own, "intake"), { ownFolder: own }).check!()).toEqual([{ level: "ok", message: `The folder ${path.join(own, "intake")} is not there yet; somarkiv makes it, in its own data folder ${own}, when it delivers the first record.` }]);
    expect(await directoryTarget(unmounted, { ownFolder: own }).check!()).toEqual([{ level: "warning", message: expect.stringContaining(`The folder ${unmounted} does not exist, nor does the folder it should be in`) }]);
    await fs.writeFile(path.join(tmp, "fil"), "");
    expect(await directoryTarget(path.join(tmp, "fil")).check!()).toEqual([{ level: "error", message: expect.stringContaining("is not a folder but a file") }]);
  });

  it("fails in plain words while the folder cannot be written, then delivers once it can", async () => {
    // Tests may run as root, where chmod does not stop writes; a file where the folder should be stops everyone.
    const inbox = path.join(tmp, "inkorg");
    await fs.writeFile(inbox, "not a folder");
    const target = directoryTarget(inbox);
    const error = await target.deliver(record.item).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect((error as Error).message).toContain(`the registrar's folder ${inbox} is not a folder`);
    expect(isPermanent(error)).toBe(false);

    const nested = path.join(inbox, "sub");
    const nestedError = await directoryTarget(nested).deliver(record.item).catch((e: unknown) => e);
    expect((nestedError as Error).message).toContain(`the path ${nested} is not a folder`);

    await fs.rm(inbox);
    await fs.mkdir(inbox);
    await target.deliver(record.item);
    expect(sha(await fs.readFile(path.join(inbox, record.item.pdfName)))).toBe(record.item.sha256);
  });
});

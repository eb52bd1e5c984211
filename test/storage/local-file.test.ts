/** The local file a store is given, checked against its recorded checksum before the folder or S3 store takes it. */
import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { localFileAsRecorded } from "../../src/storage/local-file.ts";

const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-local-file-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

describe("localFileAsRecorded", () => {
  it("gives the file's digest when it is as recorded, and refuses one changed or missing in the store's own words", async () => {
    const file = path.join(tmp, "record.pdf");
    await fs.writeFile(file, "%PDF-1.7 record");
    const sha256 = createHash("sha256").update("%PDF-1.7 record").digest("hex");
    expect(await localFileAsRecorded(file, sha256.toUpperCase(), "stored")).toEqual({ sha256, bytes: 15 });
    await expect(localFileAsRecorded(file, "ab".repeat(32), "uploaded")).rejects.toThrow(`The local file ${file} does not match its recorded checksum (expected SHA-256 ${"ab".repeat(32)}, found ${sha256}); it was not uploaded.`);
    await expect(localFileAsRecorded(path.join(tmp, "gone.pdf"), sha256, "stored")).rejects.toThrow(`The local file ${path.join(tmp, "gone.pdf")} is missing, so it cannot be stored.`);
  });
});

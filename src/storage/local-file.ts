import { StorageError } from "./errors.ts";
import { sha256File, type FileDigest } from "./hash.ts";

/**
 * The local file about to be put in a store, read and checked against the checksum the log has of
 * it: a file changed or cut since the capture is refused, not stored as the record. One check for
 * the folder and the S3 store, which each had their own copy; `putting` is what the store does with
 * it ("stored", "uploaded"), as their messages say.
 */
export async function localFileAsRecorded(localPath: string, sha256: string, putting: "stored" | "uploaded"): Promise<FileDigest> {
  const expected = sha256.toLowerCase();
  let local: FileDigest;
  try {
    local = await sha256File(localPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") throw new StorageError("local-file", `The local file ${localPath} is missing, so it cannot be ${putting}.`, { cause: e });
    throw new StorageError("local-file", `Could not read the local file ${localPath}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (local.sha256 !== expected) {
    throw new StorageError("local-file", `The local file ${localPath} does not match its recorded checksum (expected SHA-256 ${expected}, found ${local.sha256}); it was not ${putting}.`);
  }
  return local;
}

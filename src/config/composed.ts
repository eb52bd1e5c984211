/**
 * The configuration's texts in composed Unicode (NFC). A name pasted from a Mac comes decomposed
 * (NFD: "á" as "a" and a combining accent), which reads the same but is other characters: it went
 * so into the record's title, the e-mail's subject and the public list, and "Sámi giellaguovddáš"
 * was not the same name as itself typed elsewhere. Composed once, as the file is read, every later
 * use has one form.
 */

/** Settings that name files on this machine: a file's name is the bytes it was made with, so it stays as written. */
const PATH_KEYS = new Set(["path", "storageState", "database"]);

export function composedTexts<T>(value: T, key?: string): T {
  if (typeof value === "string") return (key !== undefined && PATH_KEYS.has(key) ? value : value.normalize("NFC")) as T;
  if (Array.isArray(value)) return value.map((v) => composedTexts(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.normalize("NFC"), composedTexts(v, k)])) as T;
  }
  return value;
}

import fs from "node:fs";
import path from "node:path";
import { composedTexts } from "./composed.ts";
import { parseDocument, isMap, isSeq, isScalar, isPair, LineCounter, visit } from "yaml";
import { configSchema, type Config, type RawConfig } from "./schema.ts";
import { cronProblems } from "../schedule/cron.ts";
import { nearestWord } from "./nearest.ts";
import { accountSaid, intakeKindSaid, ordinal, placeSaid } from "./place.ts";
import { foldersOverlapping } from "./folders-apart.ts";
import { displayUrl } from "../intake/secrets.ts";
import { foundSaid } from "./quoted.ts";
import { textOverLines, unclosedQuote } from "./text-over-lines.ts";
import { CLOSING_MARKS, markClass, OPENING_MARKS } from "./quotation-marks.ts";

/** A configuration that cannot be used. Each problem is one line for the operator. */
export class ConfigError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(problems.join("\n"));
    this.name = "ConfigError";
  }
}

export const DEFAULT_CONFIG_PATH = "config/somarkiv.yaml";

/**
 * Which file to read: --config, then SOMARKIV_CONFIG, then config/somarkiv.yaml in the working folder.
 */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return path.resolve(cwd, flag ?? env.SOMARKIV_CONFIG ?? DEFAULT_CONFIG_PATH);
}

export function loadConfig(file: string): Config {
  let text: string;
  try {
    text = utf8Text(fs.readFileSync(file), file);
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "the file does not exist" : code === "EACCES" ? "the file cannot be read (permission denied)" : code === "EISDIR" ? "this is a folder, not a file" : String((e as Error).message);
    throw new ConfigError(file, [`${file}: ${why}. Give the right file with --config PATH or SOMARKIV_CONFIG.`]);
  }
  return parseConfig(text, file);
}

/**
 * The file's text, which must be UTF-8. A file saved as Windows-1252 or Latin-1 (Notepad's
 * "ANSI") would otherwise be read with Å, Ä and Ö turned into replacement characters, and those
 * would go into every record sheet and the public list of accounts. The message names the first
 * such place and the letter it most likely is, not the line, which may hold an address.
 */
function utf8Text(bytes: Buffer, file: string): string {
  if (isUtf16(bytes))
    throw new ConfigError(file, [`${file}: the file is saved as UTF-16 ("Unicode" in Notepad, or written by PowerShell's > ), not UTF-8. Save it with the encoding UTF-8 (in Notepad: Save as, Encoding: UTF-8; in PowerShell: … | Out-File -Encoding utf8 FILE, not > FILE) and try again.`]);
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    // Old Mac line ends (CR alone, as some editors and exports still write): read as the lines they are.
    return text.includes("\r") && !text.includes("\n") ? text.replace(/\r/g, "\n") : text;
  } catch {
    // Read leniently, the first bad byte is the first replacement character; what comes before it
    // is good UTF-8, so its length in bytes is the bad byte's offset.
    const lines = new TextDecoder("utf-8").decode(bytes).split("\n");
    const line = Math.max(0, lines.findIndex((l) => l.includes("\uFFFD")));
    const column = Math.max(0, lines[line]!.indexOf("\uFFFD"));
    const offset = Buffer.byteLength(lines.slice(0, line).map((l) => `${l}\n`).join("") + lines[line]!.slice(0, column));
    const letter = windows1252(bytes[offset]!);
    throw new ConfigError(file, [`${file}:${line + 1}:${column + 1}: the file is not saved as UTF-8: "${letter}" there (and perhaps other letters such as å, ä and ö) is in another encoding, probably Windows-1252 or Latin-1 (Notepad's "ANSI"). Save the file with the encoding UTF-8 and try again.`]);
  }
}

/**
 * A byte as Windows-1252 reads it. Node's decoder of that name reads 0x80–0x9F as Latin-1's
 * invisible controls, so the en dash Notepad writes as 0x96 was quoted as nothing ("" there).
 */
function windows1252(byte: number): string {
  const high = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
  return byte >= 0x80 && byte <= 0x9f ? high[byte - 0x80]! : String.fromCharCode(byte);
}

/**
 * UTF-16, as Notepad's "Unicode" and PowerShell's > save a file: its byte order mark (FF FE or
 * FE FF), or without one, a zero byte beside each letter of plain text. Read as UTF-8, the mark
 * was taken for a Windows-1252 "ÿ", and the advice was to change an encoding the file did not have.
 */
function isUtf16(bytes: Buffer): boolean {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) return true;
  const head = bytes.subarray(0, 200);
  const zeros = head.filter((b) => b === 0).length;
  return head.length >= 4 && zeros >= head.length / 3;
}

/** Parse and validate YAML text; `file` names the source in messages and is the base for relative paths. */
export function parseConfig(text: string, file: string): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(file, yamlProblems(doc.errors.map((e) => ({ code: e.code, message: e.message.split("\n")[0]!, pos: e.linePos?.[0] ?? lineCounter.linePos(e.pos[0]) })), text)
      .map((p) => `${file}:${p.line}:${p.col}: the file is not valid YAML: ${p.says}`));
  }
  // An empty file (or one of comments only) was said as "organisation: is missing", as if one setting were.
  if (doc.contents === null) {
    throw new ConfigError(file, [`${file}: the file is empty${/#/.test(text) ? " but for comments" : ""}; it needs at least "organisation:" with the organisation's name, and "accounts:" listing each official account (see the example in the README).`]);
  }
  const data = emptyAsMissing(composedTexts(withoutControlCharacters(doc.toJS() ?? {})));
  const parsed = configSchema.safeParse(data);
  const found: Array<{ line: number | undefined; said: string }> = parsed.success ? [] : parsed.error.issues.filter((issue, _, all) => !missingButMisspelt(issue, all, data)).map((issue) => {
    const where = placeSaid(issue.path, data);
    // An unknown setting is pointed at on its own line, not at the group's first.
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys ?? [] : [];
    const line = lineOf(doc, keys.length ? [...issue.path, keys[0]!] : issue.path, lineCounter, keys.length > 0);
    return { line, said: `${file}${line ? `:${line}` : ""}: ${where || "at the top of the file"}: ${describeIssue(issue, data)}` };
  });
  const config = parsed.success ? resolve(parsed.data, file) : undefined;
  const set = { intake: valueAt(data, ["intake"]) !== undefined, storage: valueAt(data, ["storage"]) !== undefined, database: valueAt(data, ["database"]) !== undefined };
  // Each cross-check names its place as a schema problem does, and its line is found the same way.
  found.push(...[...crossChecks(data), ...(config ? foldersOverlapping(config, set) : [])].map(({ place, says }) => {
    const line = lineOf(doc, place, lineCounter);
    return { line, said: `${file}${line ? `:${line}` : ""}: ${placeSaid(place, data)}: ${says}` };
  }));
  // In the file's order, as an operator mends them from the top (the schema's order put line 8 before line 7);
  // those of no line (a setting left out) after them, as found.
  const lines = found.map((f, i) => ({ ...f, i })).sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || a.i - b.i).map((f) => f.said);
  if (!config || lines.length) throw new ConfigError(file, lines);
  return config;
}

/**
 * Every text of the file with its control characters made spaces (line breaks and tabs stay): a
 * name pasted from a word processor can carry a line break of its own (Shift+Enter gives U+000B),
 * which the record sheet cannot show and which put a PDF's title out of step with its metadata.
 */
function withoutControlCharacters<T>(value: T): T {
  if (typeof value === "string") return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, " ") as T;
  if (Array.isArray(value)) return value.map(withoutControlCharacters) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutControlCharacters(v)])) as T;
  }
  return value;
}

/** Settings the policy asks for but the file may leave out: empty, they are missing, which the policy check names. */
const OPTIONAL_BY_POLICY = {
  organisation: ["website", "switchboard", "registrar"],
  account: ["unit", "responsible", "administrators", "webManager", "substitute", "purpose", "audience"],
  person: ["email", "phone"],
};

/**
 * The file with a setting written and left empty ("purpose:" to fill in later, which YAML reads as
 * null) taken as left out: it stopped the whole file as "is missing; it is required", where the line
 * left out, or written '', was a policy warning.
 */
function emptyAsMissing<T>(data: T): T {
  const drop = (group: unknown, keys: string[]) => {
    if (!group || typeof group !== "object" || Array.isArray(group)) return;
    for (const k of keys) if ((group as Record<string, unknown>)[k] === null) delete (group as Record<string, unknown>)[k];
  };
  const root = data as Record<string, unknown>;
  drop(root.organisation, OPTIONAL_BY_POLICY.organisation);
  for (const a of Array.isArray(root.accounts) ? root.accounts : []) {
    drop(a, OPTIONAL_BY_POLICY.account);
    if (!a || typeof a !== "object") continue;
    for (const p of [a.responsible, a.webManager, a.substitute, ...(Array.isArray(a.administrators) ? a.administrators : [])]) drop(p, OPTIONAL_BY_POLICY.person);
  }
  return data;
}

/** Settings whose text people read: in the public list, a record's title and sheet, the e-mail. */
const TEXT_SETTINGS = new Set(["name", "purpose", "audience", "unit", "url", "website", "switchboard", "phone", "creator", "documentType", "classification", "retention"]);

/** Typographic quotation marks, as Word puts them around a text typed between " and ". */
const CURLY = new RegExp(`^${markClass(OPENING_MARKS)}.*${markClass(CLOSING_MARKS)}$`, "su");
/** A text between a typographic quotation mark and a straight one, either way round. */
const HALF_CURLY = new RegExp(`^${markClass(OPENING_MARKS)}.*["']$|^["'].*${markClass(CLOSING_MARKS)}$`, "su");

/**
 * What the file says other than it means, though it is valid YAML: a text cut at " #", which YAML
 * reads as the start of a comment (a hashtag in a purpose published half of it, with no word said),
 * and a text between Word's typographic quotation marks, which YAML keeps as part of it, so that
 * ”Ungdomens hus” stood so in every title, e-mail and the public list.
 * One line each, naming the line and how to write it. Nothing for a file that is not valid YAML.
 */
export function textSlips(text: string): string[] {
  return textSlipsAbout(text).map((s) => s.said);
}

/**
 * A slip and what it is about: the setting (under the id of the entry that has it, not its line or
 * place in a list, which change as entries are added above it), the kind of slip and the text as
 * written. A worker keeps these, not the words said, which name the line.
 */
export interface TextSlip { about: string; said: string }

export function textSlipsAbout(text: string): TextSlip[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length) return [];
  const found: TextSlip[] = [];
  visit(doc, {
    Pair(_, pair, ancestors) {
      if (!isScalar(pair.key) || !isScalar(pair.value) || !pair.value.range) return;
      const key = String(pair.key.value);
      if (!TEXT_SETTINGS.has(key)) return;
      const place = ancestors.flatMap((n): string[] => {
        if (isPair(n) && isScalar(n.key)) return [String(n.key.value)];
        const id = isMap(n) ? n.get("id") : undefined;
        return id === undefined || id === null ? [] : [`id=${String(id)}`];
      });
      const slip = (kind: string, written: string, said: string) => found.push({ about: JSON.stringify([...place, key, kind, written]), said });
      const [start, end] = pair.value.range;
      const { line } = lineCounter.linePos(start);
      const lineEnd = text.indexOf("\n", start) < 0 ? text.length : text.indexOf("\n", start);
      const rest = text.slice(end, lineEnd).replace(/\r$/, "");
      // A text that begins with "#" is all comment: the setting is read as empty.
      const empty = pair.value.value === null;
      if (pair.value.type === "PLAIN" && (empty ? /^\s*#/ : /^\s+#/).test(rest)) {
        const whole = text.slice(start, lineEnd).replace(/\r$/, "").trimEnd();
        const quoted = whole.includes('"') ? `'${whole.replace(/'/g, "''")}'` : `"${whole.replace(/\\/g, "\\\\")}"`;
        slip("cut", whole, `line ${line}: ${key} is cut at " #", which YAML reads as the start of a comment, so it is ${empty ? "empty" : `only "${String(pair.value.value)}"`}. Put the whole text in quotation marks: ${key}: ${quoted}`);
      }
      const value = pair.value.value;
      // One mark of each kind (”Ungdomens hus"): YAML takes it as plain text, both marks kept.
      if (typeof value === "string" && HALF_CURLY.test(value.trim()) && !CURLY.test(value.trim())) {
        slip("half-curly", value.trim(), `line ${line}: ${key} begins or ends with a typographic quotation mark and the other end with a straight one (${value.trim()}, as Word makes them), so YAML keeps both as part of the text, and they would stand in the public list, the records' titles and the e-mails. ${withoutMarks(key, value.trim().slice(1, -1).trim(), " at both ends")}`);
      }
      if (typeof value === "string" && CURLY.test(value.trim())) {
        slip("curly", value.trim(), `line ${line}: ${key} begins and ends with typographic quotation marks (${value.trim()}, as Word makes them), which YAML keeps as part of the text, so they would stand in the public list, the records' titles and the e-mails. ${withoutMarks(key, value.trim().slice(1, -1).trim(), "")}`);
      }
    },
  });
  return found;
}

/** The embedded defaults: used by `npm run demo` and when no file exists and none was asked for. */
/**
 * The file itself, where a link to it was named (/etc/somarkiv/somarkiv.yaml linked to the archive's
 * own file): its relative paths are of the folder it was written in, beside its log and store, not
 * of the link's, where they named a new, empty archive and the worker began the series anew there.
 */
function realFile(file: string): string {
  // Only the file's own links are followed, not links among its folders: an installation reached by
  // /opt/somarkiv/current -> releases/1.4 keeps its archive/ beside the link it was set up with.
  let at = path.resolve(file);
  for (let hops = 0; hops < 40; hops++) {
    try {
      if (!fs.lstatSync(at).isSymbolicLink()) return at;
      at = path.resolve(path.dirname(at), fs.readlinkSync(at));
    } catch {
      return at;
    }
  }
  return at;
}

export function defaultsConfig(baseDir: string, accounts: RawConfig["accounts"] = []): Config {
  const raw = configSchema.parse({ organisation: { name: "Demokommunen" }, accounts });
  return resolve(raw, path.join(baseDir, "(embedded defaults)"));
}

function resolve(raw: RawConfig, file: string): Config {
  const baseDir = path.dirname(realFile(file));
  // Relative paths in a config/ folder mean "relative to the config file" (SPEC §3); the defaults
  // put local data in archive/ beside config/, i.e. the project root when the file is config/somarkiv.yaml.
  const root = path.basename(baseDir) === "config" ? path.dirname(baseDir) : baseDir;
  const abs = (p: string) => path.resolve(baseDir, p);
  const defaultData = path.join(root, "archive");
  const database = raw.database ? abs(raw.database) : path.join(defaultData, "somarkiv.sqlite");
  // The spool and failed-capture screenshots live beside the log: an operator who moves the log to
  // /var/lib/somarkiv moves the rest of the local working data with it.
  const dataDir = raw.database ? path.dirname(database) : defaultData;
  const storage = raw.storage
    ? raw.storage.type === "filesystem" ? { ...raw.storage, path: abs(raw.storage.path) } : raw.storage
    : { type: "filesystem" as const, path: path.join(defaultData, "objects"), unset: true as const };
  const intake = (raw.intake ?? [{ type: "directory" as const, path: path.join(defaultData, "intake") }])
    .map((t) => (t.type === "directory" ? { ...t, path: abs(t.path) } : t));
  const accounts = raw.accounts.map((a) => (a.login ? { ...a, login: { storageState: abs(a.login.storageState) } } : a));
  // Setting database: moves the log and the spool, not the defaults of the store and the registrar's
  // folder: on a server those stay in /etc/somarkiv/archive, which config check says.
  const apart = raw.database && dataDir !== defaultData && (!raw.storage || !raw.intake);
  return {
    ...(apart ? { defaultsApartFromLog: { archive: defaultData, storage: !raw.storage, intake: !raw.intake } } : {}),
    ...raw,
    ...(raw.database ? {} : { databaseUnset: true as const }),
    accounts,
    source: path.resolve(file),
    baseDir,
    dataDir,
    storage,
    intake,
    database,
  };
}

/** Rules across entries, checked on the raw data so they are reported together with the schema's problems. */
function crossChecks(data: unknown): Array<{ place: PropertyKey[]; says: string }> {
  const problems: Array<{ place: PropertyKey[]; says: string }> = [];
  const accounts = valueAt(data, ["accounts"]);
  if (Array.isArray(accounts)) {
    const seen = new Map<unknown, number>();
    accounts.forEach((a: Record<string, unknown> | null, i) => {
      if (!a || typeof a !== "object" || typeof a.id !== "string") return;
      const first = seen.get(a.id);
      if (first !== undefined) problems.push({ place: ["accounts", i, "id"], says: `"${a.id}" is already used by ${otherAccountSaid(accounts[first], first)}; every account needs its own id.` });
      else seen.set(a.id, i);
      if ((a.status ?? "active") === "active" && a.closedOn) problems.push({ place: ["accounts", i, "closedOn"], says: "the account is active but has a closing date; set status: closed or remove closedOn." });
    });
    problems.push(...formerIdProblems(accounts));
  }
  // Each place the registrar receives records is named once: a second entry for the same place (a
  // copied line) would be the same delivery twice, which the log keeps only one of per record.
  const intake = valueAt(data, ["intake"]);
  if (Array.isArray(intake)) {
    const seen = new Map<string, number>();
    intake.forEach((t: Record<string, unknown> | null, i) => {
      if (!t || typeof t !== "object") return;
      const where = t.type === "directory" && typeof t.path === "string" ? path.normalize(t.path).replace(/\/$/, "")
        : t.type === "email" && typeof t.to === "string" ? t.to.toLowerCase()
        : t.type === "http" && typeof t.url === "string" ? t.url : null;
      if (where === null) return;
      const key = `${String(t.type)}:${where}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push({ place: ["intake", i], says: `the same place as the ${ordinal(first + 1)} intake (${intakeKindSaid(t) ?? String(t.type)} ${t.type === "http" ? displayUrl(where) : where}); each place receives a record once, so remove one of them.` });
      else seen.set(key, i);
    });
  }
  // With the rest, so a bad expression is not found only once everything else is mended.
  const cron = valueAt(data, ["schedule", "cron"]);
  if (typeof cron === "string") problems.push(...cronProblems(cron).map((says) => ({ place: ["schedule", "cron"], says })));
  const months = valueAt(data, ["schedule", "months"]);
  if (Array.isArray(months)) {
    const seen = new Set<unknown>();
    months.forEach((m, i) => {
      if (seen.has(m)) problems.push({ place: ["schedule", "months", i], says: `month ${m} is listed twice.` });
      seen.add(m);
    });
  }
  return problems;
}

/**
 * A former id is one account's only: named as another account's id, or as another's former id, its
 * records would be read into two series at once (what is due, the closing record, "Föregående").
 */
function formerIdProblems(accounts: unknown[]): Array<{ place: PropertyKey[]; says: string }> {
  const problems: Array<{ place: PropertyKey[]; says: string }> = [];
  const idAt = new Map<string, number>();
  accounts.forEach((a, i) => { const id = (a as Record<string, unknown> | null)?.id; if (typeof id === "string" && !idAt.has(id)) idAt.set(id, i); });
  const formerAt = new Map<string, number>();
  accounts.forEach((a, i) => {
    const former = (a as Record<string, unknown> | null)?.formerIds;
    if (!Array.isArray(former)) return;
    const own = (a as Record<string, unknown>).id;
    former.forEach((f: unknown, j) => {
      if (typeof f !== "string") return;
      const place = ["accounts", i, "formerIds", j];
      const other = idAt.get(f);
      if (f === own) problems.push({ place, says: `"${f}" is this account's own id; formerIds names only the ids it had before. Take "${f}" out of formerIds.` });
      else if (other !== undefined) problems.push({ place, says: `"${f}" is the id of ${accountSaid(accounts[other], other)}, an account of its own; its records are its series, and cannot be this account's too. Take "${f}" out of formerIds, or, if that entry is this account under its old id, remove that entry instead.` });
      else if (formerAt.has(f)) problems.push({ place, says: `"${f}" is named in formerIds of ${accountSaid(accounts[formerAt.get(f)!], formerAt.get(f)!)} already; an old id's records are one account's series. Keep it in formerIds of the account that had that id, and take it out here.` });
      else formerAt.set(f, i);
    });
  });
  return problems;
}

/**
 * The YAML parser's errors in the words of someone who edits the file by hand: where the slip is
 * and how to mend it. Tabs are said once for every line whose indent has one, and what follows from
 * them is left out: mending the tabs mends it.
 */
export function yamlProblems(errors: Array<{ code: string; message: string; pos: { line: number; col: number } }>, text: string): Array<{ line: number; col: number; says: string }> {
  const lines = text.split(/\r?\n/);
  const tabs = errors.filter((e) => e.code === "TAB_AS_INDENT");
  const out: Array<{ line: number; col: number; says: string }> = [];
  // A space that is not one, pasted from Word or a web page (a no-break space), in a line's indent:
  // the parser reads it as text and reports what follows from it, in its own words and on other lines.
  // Also after a list's "-" or a setting's ":", where YAML needs an ordinary space as well.
  const ODD = "[\\u00A0\\u2000-\\u200B\\u202F\\u205F\\u3000]";
  const oddIndent = new RegExp(`^[ \\t]*${ODD}`);
  const oddAfterMark = new RegExp(`^[ \\t]*(?:-${ODD}|(?:- )?[^:#'"\\s][^:#'"]*:${ODD})`);
  const oddSpaces = lines.flatMap((l, i) => (oddIndent.test(l) || oddAfterMark.test(l) ? [i + 1] : []));
  if (oddSpaces.length) {
    return [{ line: oddSpaces[0]!, col: 1, says: `line${oddSpaces.length > 1 ? "s" : ""} ${oddSpaces.join(", ")} ${oddSpaces.length > 1 ? "have" : "has"} a space that is not an ordinary one (a no-break space or another wide or narrow space, as text pasted from Word or a web page has) in the indent, after a "-" or after a setting's ":"; YAML takes ordinary spaces only there: delete that space and type it again with the space bar` }];
  }
  // A tab anywhere in a line's indent, not only at its start ("  \t  purpose:"), which the parser
  // calls an indent that differs, or blames on the settings after it.
  const at = [...new Set([...tabs.map((e) => e.pos.line), ...lines.flatMap((l, i) => (/^[ \t]*\t[ \t]*(?:-[ \t]+)?\S/.test(l) && /^[ \t]*(?:-[ \t]+)?[^\s#]/.test(l) ? [i + 1] : []))])].sort((x, y) => x - y);
  if (at.length) {
    const rest = errors.some((e) => e.code !== "TAB_AS_INDENT" && e.code !== "DUPLICATE_KEY");
    return [{ line: at[0]!, col: 1, says: `line${at.length > 1 ? "s" : ""} ${at.join(", ")} ${at.length > 1 ? "have" : "has"} a tab in ${at.length > 1 ? "their" : "its"} indent; YAML indents with spaces only: replace each tab with spaces, lined up with the settings of the same group${rest ? MEND_FIRST : ""}` }];
  }
  // An account's id given twice is a new account without its "- ": its settings were read into the
  // account above, each "given twice", and keeping one of each, as that said, deleted an account.
  const newAccount = errors.find((e) => e.code === "DUPLICATE_KEY" && /^\s*id\s*:/.test(lines[e.pos.line - 1] ?? "") && inAccounts(lines, e.pos.line));
  if (newAccount) {
    const n = newAccount.pos.line;
    const dash = lines.slice(0, n - 1).reverse().map((l) => /^(\s*)-\s+id\s*:/.exec(l)?.[1]).find((indent) => indent !== undefined) ?? "  ";
    out.push({ line: n, col: 1, says: `line ${n} begins a new account, but without "- " before its id, so its settings were read as the account's above, given twice: a new account starts with "- " before its id, the dash lined up with the other accounts' dashes: "${dash}- ${lines[n - 1]!.trim()}"` });
  }
  // A setting given twice is a slip of its own, each said; any other error leads the parser astray
  // for the lines after it, so only the first is said, where the parser gave a dozen for lines that
  // were right.
  const others = errors.filter((e) => e.code !== "DUPLICATE_KEY").sort((x, y) => x.pos.line - y.pos.line || x.pos.col - y.pos.col);
  const shown = [...(newAccount ? [] : errors.filter((e) => e.code === "DUPLICATE_KEY")), ...others.slice(0, 1)];
  for (const e of shown) {
    const { line, col } = e.pos;
    const opened = (open: string, close: string) => {
      // The line where the bracket was opened and not closed: the error is found only on the next.
      for (let n = line - 1; n >= 1; n--) {
        const l = lines[n - 1] ?? "";
        if (l.split(open).length > l.split(close).length) return n;
      }
      return line;
    };
    const then = e === others[0] && others.length > 1 ? MEND_FIRST : "";
    let says = e.message;
    const slip = e.code === "DUPLICATE_KEY" ? undefined : valueSlip(lines[line - 1] ?? "", line);
    if (/^Flow map .*end with a \}/.test(e.message)) { const n = opened("{", "}"); out.push({ line: n, col: 1, says: `the { opened on line ${n} is not closed with }; close it on the same line, or write the settings below each other without braces${then}` }); continue; }
    if (/^Flow sequence .*end with a \]/.test(e.message)) { const n = opened("[", "]"); out.push({ line: n, col: 1, says: `the [ opened on line ${n} is not closed with ]; close it on the same line, or write the list below each other, each entry starting with "- "${then}` }); continue; }
    const over = /^(?:Implicit keys need to be on a single line|Nested mappings are not allowed in compact mappings|Implicit map keys need to be followed by map values)/.test(e.message) ? textOverLines(lines, line) : undefined;
    if (over) { out.push({ line: over.line, col: 1, says: `${over.says}${then}` }); continue; }
    const quote = /^Missing closing "?quote/.test(e.message) ? unclosedQuote(lines) : undefined;
    if (quote) { out.push({ line: quote.line, col: 1, says: `${quote.says}${then}` }); continue; }
    if (/^Missing closing "?quote/.test(e.message)) says = `a quotation mark opened before line ${line} is not closed; close it on the same line`;
    else if (slip) { out.push({ line, col: 1, says: `${slip}${then}` }); continue; }
    else if (/^All mapping items must start at the same column/.test(e.message)) says = `line ${line} is indented differently from the settings above it in the same group; line them up with the same number of spaces`;
    else if (e.code === "DUPLICATE_KEY") says = givenTwice(lines, line);
    else if (/^Sequence item without - indicator/.test(e.message)) says = `line ${line} is in a list but does not start with "- ", or is indented differently from the entry above it`;
    out.push({ line, col, says: `${says}${then}` });
  }
  return out;
}

/**
 * A setting given twice, named, with the line of the other: "a setting is given twice" alone sent
 * the operator reading the group for which. The other is the same name at the same indent above it,
 * within its group (a line indented less ends the look).
 */
function givenTwice(lines: string[], line: number): string {
  const at = /^(\s*)(?:-\s+)?(["']?)([^"':#]+?)\2\s*:/.exec(lines[line - 1] ?? "");
  if (!at) return `a setting is given twice in the same group (line ${line}); keep one of them`;
  const indent = (lines[line - 1]!.match(/^\s*(?:-\s+)?/) ?? [""])[0]!.length;
  const key = at[3]!.trim();
  for (let n = line - 1; n >= 1; n--) {
    const l = lines[n - 1] ?? "";
    if (!l.trim() || /^\s*#/.test(l)) continue;
    const lead = (l.match(/^\s*(?:-\s+)?/) ?? [""])[0]!.length;
    if (lead < indent) break;
    const m = /^\s*(?:-\s+)?(["']?)([^"':#]+?)\1\s*:/.exec(l);
    if (lead === indent && m && m[2]!.trim() === key) return `"${key}" is given twice in the same group, on line ${n} and on line ${line}; keep one of them`;
    // A list's entry begins its group: the entry above is another group.
    if (lead === indent && /^\s*-\s/.test(l)) break;
  }
  return `"${key}" is given twice in the same group (line ${line}); keep one of them`;
}

/** Said after the first of several parse errors: the rest are often the parser led astray by it. */
const MEND_FIRST = ". Mend this first: the lines after it may well be right once it is, and config check then says what is left, if anything";

/**
 * A value YAML cannot take as plain text, on the line a parse error is on, in words and with the line
 * as it should be: "key:value" without the space, a value with ": " in it, one that begins with a
 * character YAML keeps for itself (@ or `), or with a quotation mark that closes before its end.
 */
function valueSlip(text: string, line: number): string | undefined {
  const setting = /^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*):(.*)$/.exec(text);
  if (!setting) return undefined;
  const [, , key, after] = setting as unknown as [string, string, string, string];
  if (/^\S/.test(after) && !/^\/\//.test(after)) return `line ${line} has no space after "${key}:"; YAML needs one between a setting and its value: ${key}: ${after.trim()}`;
  const value = after.trim();
  if (!value || !/^\s/.test(after)) return undefined;
  // A text Word put between its own marks gets straight ones instead, not straight ones around them.
  const inner = CURLY.test(value) ? value.slice(1, -1).trim() : value;
  const inQuotes = inner === value
    ? `put the whole text in quotation marks: ${key}: ${quoteWhole(value)}`
    : `put the whole text in straight quotation marks instead of the typographic ones (as Word makes them, which YAML keeps as part of the text): ${key}: ${quoteWhole(inner)}`;
  if (/^[@`]/.test(value)) return `line ${line}: ${key} begins with "${value[0]}", which YAML keeps for other uses; ${inQuotes}`;
  const closed = /^"(?:[^"\\]|\\.)*"\s*(?:#.*)?$|^'(?:[^']|'')*'\s*(?:#.*)?$/.test(value);
  if (/^["']/.test(value) && !closed) return `line ${line}: ${key} begins with a quotation mark that closes before the text ends, which YAML cannot read; ${inQuotes} (or take out the quotation marks that are not part of the text)`;
  if (!/^["'{\[|>]/.test(value) && /:(\s|$)/.test(value)) return `line ${line}: ${key} has a colon followed by a space in its text, which YAML reads as the start of another setting; ${inQuotes}`;
  return undefined;
}

/**
 * How to write a text without the typographic marks around it: plain where YAML reads it so, else in
 * straight quotation marks. "Write it without them (purpose: Rekrytering: arbetsgivarvarumärke)" was
 * itself a line YAML cannot read, and its owner went a third round.
 */
function withoutMarks(key: string, inner: string, where: string): string {
  const quoted = quoteWhole(inner);
  if (plainReadsAs(inner)) return `Write it without them (${key}: ${inner}), or with straight ones (" ")${where} if it must be quoted`;
  return `Write it with straight ones (" ") instead, as YAML needs for this text: ${key}: ${quoted}`;
}

/** Whether a text written plain after "key: " is read back as that text, nothing more or less. */
function plainReadsAs(text: string): boolean {
  try {
    const doc = parseDocument(`k: ${text}\n`);
    return doc.errors.length === 0 && (doc.toJS() as { k?: unknown } | null)?.k === text;
  } catch {
    return false;
  }
}

/** A text in the quotation marks that keep it as written: double, or single when it holds a double one. */
function quoteWhole(value: string): string {
  return value.includes('"') ? `'${value.replace(/'/g, "''")}'` : `"${value.replace(/\\/g, "\\\\")}"`;
}

/** Whether line n is within the accounts list: below "accounts:" at the top level, before the next top-level setting. */
function inAccounts(lines: string[], n: number): boolean {
  for (let i = n - 2; i >= 0; i--) {
    const top = /^([^\s#-][^:]*):/.exec(lines[i]!);
    if (top) return top[1]!.trim() === "accounts";
  }
  return false;
}

let places: Map<string, Set<string>> | undefined;

/**
 * Every setting's name the configuration knows, with the places it belongs ("" the top level,
 * "capture", "accounts[]" each account, "accounts[].responsible"), read from the schema itself.
 */
function settingPlaces(): Map<string, Set<string>> {
  if (places) return places;
  const found = new Map<string, Set<string>>();
  const seen = new Map<unknown, Set<string>>();
  const walk = (schema: unknown, at: string) => {
    if (!schema || seen.get(schema)?.has(at)) return;
    seen.set(schema, (seen.get(schema) ?? new Set()).add(at));
    const def = (schema as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
    if (!def) return;
    if (def.shape) {
      for (const [k, v] of Object.entries(def.shape as Record<string, unknown>)) {
        found.set(k, (found.get(k) ?? new Set()).add(at));
        walk(v, at ? `${at}.${k}` : k);
      }
    }
    walk(def.element, `${at}[]`);
    walk(def.valueType, `${at}.*`);
    for (const f of ["innerType", "in", "out", "left", "right"]) walk(def[f], at);
    if (Array.isArray(def.options)) for (const o of def.options) walk(o, at);
  };
  walk(configSchema, "");
  return (places = found);
}

function settingNames(): Set<string> {
  return new Set(settingPlaces().keys());
}

/** A place in the schema's terms, from a problem's path in the file: list entries by "[]". */
function placeOf(path: PropertyKey[]): string {
  return path.map((p) => (typeof p === "number" ? "[]" : `.${String(p)}`)).join("").replace(/^\./, "");
}

/** Where a setting is written, as the file's reader finds the place. */
function wherePlaced(at: string): string {
  if (at === "") return "at the top level (not indented)";
  if (at === "accounts[]") return "in each account, beside its id and name";
  if (at.startsWith("accounts[].")) return `in an account's ${at.slice("accounts[].".length).replace(/\[\]/g, "").replace(/\./g, ": ")}:`;
  return `under ${at.replace(/\[\]/g, "").replace(/\./g, ": ")}:`;
}

/** A known setting written where it does not belong: where it does (at most three places named). */
function belongsElsewhere(key: string, here: string): string | undefined {
  const at = [...(settingPlaces().get(key) ?? [])].filter((p) => p !== here && !p.includes("*"));
  if (!at.length) return undefined;
  return `"${key}" is a setting ${at.slice(0, 3).map(wherePlaced).join(", or ")}, not here; move it there`;
}

/** What a value of each kind looks like in the file, for a value of the wrong kind. */
const KINDS: Record<string, string> = {
  number: "must be a number",
  string: "must be text",
  boolean: "must be true or false",
  array: 'must be a list: each entry on its own line, starting with "- "',
  object: "must be a group of settings, each on its own line below it (name: value)",
  record: "must be a group of settings, each on its own line below it (name: value)",
};

function wrongKind(expected: string | undefined, p: PropertyKey[], input?: unknown): string | undefined {
  const last = p[p.length - 1];
  const parent = p[p.length - 2];
  if (parent === "months" && typeof last === "number") return "a month is written as its number, 1 to 12 (June is 6, December 12)";
  // "juni, december" or "6, 12" written as one text: the list it was meant as, when every word is a month.
  if (last === "months" && expected === "array") {
    const meant = monthsMeant(input);
    return `are written as numbers in square brackets, e.g. months: [6, 12] for June and December${meant ? `; here: months: [${meant.join(", ")}]` : ""}`;
  }
  if (last === "viewport") return "must be the width and height in pixels: viewport: { width: 1280, height: 900 }";
  // Two people where one is asked for: which one is meant, and where the others go.
  if (expected === "object" && (last === "responsible" || last === "webManager" || last === "substitute") && Array.isArray(input))
    return `is one person, written with the name after "name:" and, if wanted, the e-mail address after "email:", on one line: ${String(last)}: { name: ${personName(input[0]) ?? "Anna Andersson"}, email: … }; the people who administer the account are listed under "administrators:", each on a line of its own starting with "- "`;
  // A person written as a name alone ("- Gun Gran"): "below it" said nothing inside a list.
  if (expected === "object" && ((parent === "administrators" && typeof last === "number") || last === "responsible" || last === "webManager" || last === "substitute"))
    return `is a person, written with the name after "name:" and, if wanted, the e-mail address after "email:", on one line: ${parent === "administrators" ? "- " : `${String(last)}: `}{ name: ${personName(input) ?? "Anna Andersson"}, email: … }`;
  // Filed per year, since a case is opened for a year: one number alone gives no year to file it under.
  if (last === "collectiveCase") return 'is given per year, each year\'s case number on its own line below it ("2026": KS 2026/45), or on one line: collectiveCase: { "2026": "KS 2026/45" }';
  return expected ? KINDS[expected] : undefined;
}

const MONTH_WORDS: Record<string, number> = Object.fromEntries([
  ["januari", "january", "jan"], ["februari", "february", "feb"], ["mars", "march", "mar"], ["april", "apr"], ["maj", "may"],
  ["juni", "june", "jun"], ["juli", "july", "jul"], ["augusti", "august", "aug"], ["september", "sep", "sept"],
  ["oktober", "october", "okt", "oct"], ["november", "nov"], ["december", "dec"],
].flatMap((words, i) => words.map((w) => [w, i + 1])));

/** The month numbers a text of months stands for ("juni, december", "6 och 12"), or none where a word is not a month. */
function monthsMeant(input: unknown): number[] | undefined {
  if (typeof input === "number" && Number.isInteger(input) && input >= 1 && input <= 12) return [input];
  if (typeof input !== "string") return undefined;
  const words = input.toLowerCase().split(/[\s,;/&+]+|\b(?:och|and)\b/).map((w) => w.replace(/\.$/, "")).filter(Boolean);
  const months = words.map((w) => (/^\d{1,2}$/.test(w) && +w >= 1 && +w <= 12 ? +w : MONTH_WORDS[w]));
  return words.length && months.every((m) => m !== undefined) ? [...new Set(months as number[])].sort((a, b) => a - b) : undefined;
}

/** A name written where a person was asked for, as it can stand after "name: " in the example. */
function personName(input: unknown): string | undefined {
  return typeof input === "string" && /^[\p{L}][\p{L}\p{M} .'-]{0,60}$/u.test(input.trim()) ? input.trim() : undefined;
}

/** The settings' names as a Swedish-speaking editor may write them, from the public list's own words. */
const SWEDISH_NAMES: Record<string, string> = {
  syfte: "purpose", "målgrupp": "audience", ansvarig: "responsible", enhet: "unit", "förvaltning": "unit", namn: "name",
  plattform: "platform", adress: "url", "länk": "url", "administratörer": "administrators", webbansvarig: "webManager",
  "ersättare": "substitute", "stängd": "closedOn", "tidigare-id": "formerIds", tidigareid: "formerIds", "tidigare_id": "formerIds", "gamla-id": "formerIds", telefon: "phone", "e-post": "email", epost: "email",
};

/** What a required setting of an intake or a store is, said where it is missing: its name alone told a communicator little. */
const MISSING_SAID: Record<string, string> = {
  "intake.email.to": ": the registrar's address the records are sent to, e.g. to: registrator@kommun.se",
  "intake.email.from": ": the address the e-mail is sent from, e.g. from: somarkiv@kommun.se",
  "intake.email.smtpUrlEnv": ": the name of the environment variable that holds the mail server's address (smtp://user:password@mail.kommun.se:587), e.g. smtpUrlEnv: SOMARKIV_SMTP_URL; the address itself is never written in the file",
  "intake.http.url": ": the web address the intake receives the records at",
  "intake.directory.path": ": the registrar's intake folder, e.g. path: /mnt/registrator/inkorg",
  "storage.s3.bucket": ": the name of the S3 bucket the records are stored in",
  "storage.filesystem.path": ": the folder the records are stored in, e.g. path: /var/lib/somarkiv/arkiv",
};

/** The place of a setting in MISSING_SAID: intake.email.from for the 2nd intake's from, of type email. */
function missingKey(p: PropertyKey[], data: unknown): string {
  if (p[0] === "intake" && typeof p[1] === "number" && p.length === 3) return `intake.${String(valueAt(data, ["intake", p[1], "type"]))}.${String(p[2])}`;
  if (p[0] === "storage" && p.length === 2) return `storage.${String(valueAt(data, ["storage", "type"]))}.${String(p[1])}`;
  return "";
}

/** Setting names under which a secret itself, not the name of the variable holding it, would be written. */
const SECRET_KEYS = /^(smtpurl|smtp|url_?smtp|password|pass|passwd|token|apitoken|bearer|secret|secretaccesskey|accesskeyid|accesskey|secretkey|credentials?)$/i;

/** The setting each unknown name was likely meant as (a near spelling, or the Swedish word's), for those of one. */
function meantNames(unknown: string[]): Array<readonly [string, string]> {
  return unknown.map((k) => [k, SWEDISH_NAMES[k.toLowerCase()] ?? nearestWord(k, settingNames())] as const).filter((p): p is readonly [string, string] => !!p[1]);
}

/**
 * Whether a setting said to be missing is the one an unknown name beside it was likely meant as
 * ("organization" for "organisation"): saying both read as two mistakes where there is one, and the
 * did-you-mean line says how to mend it.
 */
function missingButMisspelt(issue: { code: string; path: PropertyKey[] }, issues: Array<{ code: string; path: PropertyKey[]; keys?: string[] }>, data: unknown): boolean {
  if (issue.code !== "invalid_type" || valueAt(data, issue.path) !== undefined || issue.path.length === 0) return false;
  const parent = issue.path.slice(0, -1);
  const here = placeOf(parent);
  return issues.some((other) => other.code === "unrecognized_keys" && samePath(other.path, parent)
    && meantNames((other.keys ?? []).filter((k) => !belongsElsewhere(k, here))).some(([, m]) => m === issue.path.at(-1)));
}

function samePath(a: PropertyKey[], b: PropertyKey[]): boolean {
  return a.length === b.length && a.every((k, i) => k === b[i]);
}

function describeIssue(issue: { code: string; message: string; path: PropertyKey[]; keys?: string[]; expected?: string; minimum?: unknown; maximum?: unknown; origin?: string }, data: unknown): string {
  const value = valueAt(data, issue.path);
  // The accounts are the file's purpose: "accounts:" with none under it was said as a setting missing.
  if (issue.code === "invalid_type" && (value === undefined || value === null) && issue.path.length === 1 && issue.path[0] === "accounts") return `is missing or lists no account; list each official account under "accounts:", each beginning with "- id:" (see the example in the README).`;
  // A path written "~" is read by YAML as nothing (null): "is missing" of a line the operator wrote.
  const key = issue.path[issue.path.length - 1];
  if (issue.code === "invalid_type" && value === null && (key === "path" || key === "database" || key === "storageState")) return `is empty; it is required. (A lone "~" is read as empty, not as a home folder: write the whole path from /.)`;
  if (issue.code === "invalid_type" && (value === undefined || value === null)) return `is missing; it is required${MISSING_SAID[missingKey(issue.path, data)] ?? ""}.`;
  if (issue.code === "unrecognized_keys") {
    const keys = issue.keys ?? [];
    // A secret written into the file, where the file may be read by many and is kept in backups: where it goes instead.
    const secret = keys.find((k) => SECRET_KEYS.test(k));
    if (secret) return `"${secret}" would put a secret in the file, which somarkiv does not take (the file is read by many and kept in backups); take it out, and give it in an environment variable instead: for an e-mail intake, name the variable holding the SMTP URL with smtpUrlEnv; for an HTTP intake, the token's with tokenEnv; S3 keys come from the AWS credential chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).`;
    // A right name in the wrong place ("administrators" at the top level): where it belongs, not a spelling to check.
    const here = placeOf(issue.path);
    const misplaced = keys.map((k) => belongsElsewhere(k, here)).filter((m): m is string => m !== undefined);
    if (misplaced.length === keys.length) return `${misplaced.join("; ")} (see the example in the README).`;
    const unknown = keys.filter((k) => !belongsElsewhere(k, here));
    const meant = meantNames(unknown);
    const swedish = unknown.some((k) => SWEDISH_NAMES[k.toLowerCase()]) ? "the settings' names are in English; " : "";
    // A near name that belongs elsewhere is named with its place: "timeoutSecond" at the top level is capture's.
    const said = (m: string) => (settingPlaces().get(m)?.has(here) ? `"${m}"` : `"${m}" (${[...settingPlaces().get(m) ?? []].slice(0, 1).map(wherePlaced).join("")})`);
    return `${misplaced.map((m) => `${m}; `).join("")}unknown setting${unknown.length > 1 ? "s" : ""} ${unknown.map((k) => `"${k}"`).join(", ")}; ${meant.length ? `did you mean ${[...new Set(meant.map(([, m]) => said(m)))].join(", ")}? ` : ""}${swedish}check the spelling against the README.`;
  }
  // A collective case's year is its key: zod says only "Invalid key in record", of Word's ”2026” too.
  if (issue.code === "invalid_key") {
    const key = String(issue.path[issue.path.length - 1]);
    // The marks Word puts around a text (”2026”), as a text's are looked for, and straight ones and spaces.
    const bare = key.replace(new RegExp(markClass(OPENING_MARKS, `"'\\s`), "g"), "");
    const typographic = new RegExp(markClass(OPENING_MARKS)).test(key);
    return `the year ${key} is not written as a year${typographic ? `: it is between typographic quotation marks (as Word makes them), which YAML keeps as part of it` : ""}; each case number is given under its year, e.g. "${/^\d{4}$/.test(bare) ? bare : "2026"}": KS ${/^\d{4}$/.test(bare) ? bare : "2026"}/45, with straight quotation marks or none.`;
  }
  const shown = foundSaid(value, issue.path);
  let msg = issue.message;
  if (issue.code === "invalid_type") msg = wrongKind(issue.expected, issue.path, value) ?? `has the wrong kind of value: ${msg.replace(/^Invalid input: /, "")}`;
  // YAML reads 2.10 as the number 2.1 and 010 as 10: what was written is lost, and the message must not quote it as the user's.
  if (issue.code === "invalid_type" && issue.expected === "string" && typeof value === "number") {
    return `must be text, and YAML read what is written there as the number ${String(value)}: put it in quotation marks, as it is meant to read (e.g. "2.10" for a classification 2.10).`;
  }
  // zod's own words only ("Too small: expected number to be >=1"); a message of the schema's stays.
  else if (issue.code === "too_small" && issue.origin === "number" && /^Too small/.test(msg)) msg = `must be at least ${String(issue.minimum)}`;
  else if (issue.code === "too_big" && issue.origin === "number" && /^Too big/.test(msg)) msg = `must be at most ${String(issue.maximum)}`;
  if (issue.path[0] === "accounts" && issue.path[2] === "id") msg = freeSuggestion(msg, data);
  // Said after its place ("storage.type: "), the setting's name is not said again ("type must be …").
  if (issue.path.at(-1) === "type") msg = msg.replace(/^type must be /, "must be ");
  // A time zone mistyped ("Europe/Stokholm") is named with the one meant, as a mistyped setting is.
  if (issue.path.join(".") === "schedule.timezone" && typeof value === "string") {
    const meant = nearestWord(value.trim(), Intl.supportedValuesOf("timeZone"), () => 2);
    if (meant && meant !== value) return `${msg}${shown}; did you mean "${meant}"?`;
  }
  return `${msg}${shown}.`.replace(/\.\.$/, ".");
}

/**
 * The schema's suggested id ("Facebook-Kommun" → "facebook-kommun") made one no other account has:
 * the one already taken was then refused as "already used", which sent the user round again.
 */
function freeSuggestion(msg: string, data: unknown): string {
  const suggested = /for example "([a-z0-9-]+)"/.exec(msg)?.[1];
  const accounts = valueAt(data, ["accounts"]);
  if (!suggested || !Array.isArray(accounts)) return msg;
  const ids = accounts.map((a) => (a && typeof a === "object" ? (a as Record<string, unknown>).id : undefined));
  const taken = ids.indexOf(suggested);
  if (taken < 0) return msg;
  let n = 2;
  while (ids.includes(`${suggested}-${n}`)) n++;
  return msg.replace(`for example "${suggested}"`, `for example "${suggested}-${n}" ("${suggested}" is already used by ${otherAccountSaid(accounts[taken], taken)})`);
}

/**
 * The account an id is already used by, in a message about another one with that id: by its place
 * and name, as its id is the same and would not tell the two apart.
 */
function otherAccountSaid(account: unknown, index: number): string {
  const name = account && typeof account === "object" ? (account as Record<string, unknown>).name : undefined;
  return `the ${ordinal(index + 1)} account in the list${typeof name === "string" && name.trim() ? `, named "${name.trim()}"` : ""}`;
}

function valueAt(data: unknown, p: PropertyKey[]): unknown {
  let cur: unknown = data;
  for (const k of p) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[k];
  }
  return cur;
}

function lineOf(doc: ReturnType<typeof parseDocument>, p: PropertyKey[], lc: LineCounter, atKey = false): number | undefined {
  // Walk to the deepest node that exists so a missing key points at its parent.
  let node: unknown = doc.contents;
  let found: unknown = node;
  for (const [i, k] of p.entries()) {
    if (isMap(node)) {
      const pair = node.items.find((it) => isPair(it) && isScalar(it.key) && it.key.value === k);
      if (!pair) break;
      node = pair.value;
      found = pair.key ?? pair.value;
      // A setting's own line, not that of the first line under it (an unknown "organization:" was said at line 2).
      if (node && !(atKey && i === p.length - 1 && pair.key)) found = node;
    } else if (isSeq(node) && typeof k === "number") {
      node = node.items[k];
      if (!node) break;
      found = node;
    } else break;
  }
  const range = (found as { range?: [number, number, number] } | undefined)?.range;
  return range ? lc.linePos(range[0]).line : undefined;
}

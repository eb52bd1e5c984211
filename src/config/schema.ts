import { domainToUnicode } from "node:url";
import { addressBlanked } from "../intake/secrets.ts";
import { holdsLogin, loginMayBePath } from "./login-in-address.ts";
import { suggestedId } from "./suggested-id.ts";
import { portWrong } from "./address-port.ts";
import { ENV_NAME_MAX, envNameReading } from "./env-name.ts";
import { invisibleWithin, withoutEdgeSpaces } from "./edges.ts";
import { TYPOGRAPHIC_QUOTE } from "./quotation-marks.ts";
import { nearestWord } from "./nearest.ts";
import { z } from "zod";

export const PLATFORMS = [
  "facebook", "instagram", "x", "youtube", "linkedin", "tiktok", "threads",
  "mastodon", "bluesky", "flickr", "vimeo", "other",
] as const;

/** Human-readable platform names, as the registrar and the public see them. */
export const PLATFORM_NAMES: Record<(typeof PLATFORMS)[number], string> = {
  facebook: "Facebook", instagram: "Instagram", x: "X (Twitter)", youtube: "YouTube",
  linkedin: "LinkedIn", tiktok: "TikTok", threads: "Threads", mastodon: "Mastodon",
  bluesky: "Bluesky", flickr: "Flickr", vimeo: "Vimeo", other: "Annan tjänst",
};

/**
 * The service an account is on, as a record's title, its sheet, the e-mail and the public list name
 * it: the platform's name, or for platform "other" the host of its address ("mastodon.social"), where
 * "Annan tjänst" made a title ("Ögonblicksbild Annan tjänst Kommunen 2026 H2") that said nothing of where.
 */
export function serviceName(a: { platform: string; url?: string | null }): string {
  if (a.platform === "other" && a.url) {
    try {
      const host = domainToUnicode(new URL(a.url).hostname).replace(/^www\./, "");
      if (host) return host;
    } catch { /* an address that cannot be read: the platform's name */ }
  }
  return PLATFORM_NAMES[a.platform as keyof typeof PLATFORM_NAMES] ?? a.platform;
}

/**
 * Whether an account's name already says the service it is on ("Överkalix kommun på X", "Biblioteket
 * (Instagram)"), where "… på X på X (Twitter)" would say it twice. "X (Twitter)" is named by either word,
 * or whole; "Projekt X" on X is not taken for it: only "på", a bracket or a dash before the name say it.
 */
export function nameSaysService(name: string, service: string): boolean {
  const names = [service, ...(/^(.+) \((.+)\)$/.exec(service)?.slice(1) ?? [])];
  return names.some((n) => new RegExp(`(?:\\sp[åa]\\s+|[(/]|\\s[–-]\\s*)${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)?$`, "iu").test(name.trim()));
}

/**
 * An account as the registrar and the public read it: "Överkalix kommun på Facebook", as the public
 * list's link says it. Its name alone is most often the organisation's, the same for each of its
 * services. An account on another kind of site is its name alone, as on the public list.
 */
export function accountOnService(a: { name: string; platform: string; url?: string | null }): string {
  if (a.platform === "other") return a.name;
  const service = serviceName(a);
  return nameSaysService(a.name, service) ? a.name : `${a.name} på ${service}`;
}

/** Other names of a platform, or of a kind of site that is "other", as an editor may write them. */
const PLATFORM_ALIASES: Record<string, (typeof PLATFORMS)[number]> = {
  twitter: "x", "x (twitter)": "x", "x.com": "x", fb: "facebook", ig: "instagram", insta: "instagram", "youtube.com": "youtube",
  blogg: "other", blog: "other", webbplats: "other", hemsida: "other", podcast: "other", podd: "other", snapchat: "other", pinterest: "other",
};

/**
 * What an address names, for the words of its message: an account's page (another address is
 * another account, with an entry of its own), the organisation's website (it has one, its start
 * page), or a server's address (an intake's, a store's endpoint), which the browser does not show.
 */
type AddressOf = "account" | "website" | "server";

const MORE_THAN_ONE: Record<AddressOf, (first: string) => string> = {
  account: (first) => `give one address here (${first}), and an account of its own, with its own entry and id, for each other`,
  website: (first) => `the organisation has one website: give its start page here, perhaps ${first}; the accounts' addresses go under accounts`,
  server: (first) => `give the one address somarkiv sends to here, perhaps ${first}`,
};

const WITH_SPACE: Record<AddressOf, (joined: string) => string> = {
  account: (joined) => `copy the address from the browser's address bar on the page itself, perhaps "${joined}"`,
  website: (joined) => `copy the address from the browser's address bar on the website's start page, perhaps "${joined}"`,
  server: (joined) => `write it as the one who runs that server gives it, perhaps "${joined}"`,
};

const PORT_FROM: Record<AddressOf, string> = {
  account: "Copy the address from the browser's address bar on the page itself",
  website: "Copy the address from the browser's address bar on the website's start page",
  server: "Write the port the one who runs that server gives, or leave it out",
};

// Spaces and invisible marks at its ends, pasted with it, are taken off as read: kept, they were
// percent-encoded into the address on the sheet and the public list.
const httpUrl = (of: AddressOf) => z.preprocess(withoutEdgeSpaces, z
  .string({ error: "must be a web address (text)" })
  .superRefine((v, ctx) => {
    // A server's query may hold its key (?apikey=…): its values are blanked where the message shows it.
    const said = of === "server" ? addressBlanked : (text: string) => text;
    // Taken by the URL parser (the space as %20, the comma as part of the path) and published as a
    // broken link: two addresses on one line, or a space typed or pasted into one.
    const inner = v.trim();
    if (TYPOGRAPHIC_QUOTE.test(inner)) {
      ctx.addIssue({ code: "custom", message: `is between typographic quotation marks (${inner}, as Word or a phone makes them), which YAML keeps as part of the address; write it without them: ${inner.replace(new RegExp(TYPOGRAPHIC_QUOTE.source, "gu"), "")}` });
      return;
    }
    const invisible = invisibleWithin(inner);
    if (invisible) {
      ctx.addIssue({ code: "custom", message: `has ${invisible} in it, an invisible character pasted with the address, which no web address has; ${WITH_SPACE[of](inner.replace(/[\u200b-\u200d\u2060\ufeff\u00ad\u180e]/gu, ""))}` });
      return;
    }
    const address = /^(?:https?:\/\/|www\.)/i.test(inner);
    if (address && /,\s*(?:https?:\/\/|www\.)/i.test(inner)) {
      ctx.addIssue({ code: "custom", message: `holds more than one address, separated by a comma; ${MORE_THAN_ONE[of](said(inner.split(",")[0]!.trim()))}` });
      return;
    }
    if (address && /\s/.test(inner)) {
      // In the path or query of a page's address, a space may be the page's own (an old site's
      // "/nyheter/förskola och skola"), which the address bar shows as %20: joining the words named
      // a page that does not exist. Both are offered; in the host, or a handle, joined is the one.
      const afterScheme = inner.replace(/^https?:\/\//i, "");
      const pathAt = afterScheme.search(/[/?#]/);
      const inPath = of !== "server" && pathAt >= 0 && afterScheme.search(/\s/) > pathAt && !/\/@[^/\s]*\s/.test(inner);
      const encoded = inPath ? `, or "${inner.replace(/\s+/g, "%20")}" if the page's own address has a space there (the address bar writes it %20)` : "";
      ctx.addIssue({ code: "custom", message: `has a space in it, which no web address has; ${WITH_SPACE[of](said(inner.replace(/\s+/g, "")))}${encoded}` });
      return;
    }
    // A login is refused below in words of its own: a password holding a / ? or # made the address
    // unparsable, and "must be an http: or https: web address" sent the user looking at its scheme.
    if (hasCredentials(v)) return;
    // Before the URL parser, which takes port 0 ("https://diarium.example.se:0/api").
    const port = /^\s*https?:/i.test(v) ? portWrong(v) : null;
    if (port) {
      ctx.addIssue({ code: "custom", message: `${port}. ${PORT_FROM[of]}` });
      return;
    }
    try {
      const u = new URL(v);
      if (u.protocol === "http:" || u.protocol === "https:") return;
    } catch {
      /* not an address at all; said below */
    }
    // An address copied from the browser's address bar often lacks its "https://".
    const bare = /^(www\.)?[\p{L}\d-]+(\.[\p{L}\d-]+)+(\/\S*)?$/u.test(v.trim()) ? `https://${v.trim()}` : null;
    ctx.addIssue({ code: "custom", message: bare ? `lacks its https:// at the start (write "${said(bare)}"${said(bare) === bare ? "" : ", each *** as it stands in the file"})` : "must be an http: or https: web address" });
  })
  // A password in an address would be printed in every message, written into the log and the manifest,
  // and shown on the record sheet the registrar files: credentials never go in the file (§7).
  .superRefine((v, ctx) => {
    if (!hasCredentials(v)) return;
    // A dotless host's path holding ":" and then "@" cannot always be told from a user name holding a
    // "/" (see userCutShort): refused for the secret's sake, and said how a path is written to pass.
    const path = loginMayBePath(v) ? ". If it is no login but a page's address with a \":\" and then an \"@\" after its host (http://wiki/File:Logo@2x.png), write that @ as %40 (http://wiki/File:Logo%402x.png)" : "";
    ctx.addIssue({
      code: "custom",
      message: "must not contain a user name or password (user:password@…): they would be printed and filed with every record. "
        + `A login for an account is kept as a session (somarkiv login --account ID); an intake's token comes from an environment variable (tokenEnv)${path}`,
    });
  }));

/**
 * An e-mail address, its pasted edges taken off as read, and refused with the cause a person can
 * mend: "must be an e-mail address" alone left a Word quotation mark, an invisible space or an "ö"
 * to be found by eye.
 */
const emailAddress = z.preprocess(withoutEdgeSpaces, z.string({ error: "must be an e-mail address (text)" }).superRefine((v, ctx) => {
  if (z.email().safeParse(v).success) return;
  const plain = v.replace(new RegExp(TYPOGRAPHIC_QUOTE.source, "gu"), "").replace(/^["']|["']$/g, "");
  const invisible = invisibleWithin(v);
  const letters = [...new Set(v.match(/[^\x00-\x7f]/gu) ?? [])].filter((c) => !TYPOGRAPHIC_QUOTE.test(c) && !/[\s\u200b-\u200d\u2060\ufeff\u00ad]/u.test(c));
  let why = "";
  if (plain !== v && z.email().safeParse(plain).success) why = `: it is between quotation marks (as Word or a phone makes them), which YAML keeps as part of it; write it without them: ${plain}`;
  else if (invisible) why = `: it has ${invisible} in it, pasted with it; type the address anew`;
  else if (!v.includes("@")) why = `: it has no "@"`;
  else if (/\s/.test(v)) why = `: it has a space in it (perhaps a no-break space pasted with it), which no e-mail address has; write it without: ${v.replace(/\s+/g, "")}`;
  else if (letters.length) why = `: it has ${letters.map((c) => `"${c}"`).join(", ")} in it, which an e-mail address is not written with here; write it as the organisation's address book gives it (å and ä are usually a, ö o: ${v.normalize("NFD").replace(/[\u0300-\u036f]/g, "")})`;
  // "registrator@overkalix": the domain's ending left out, as in a mail program that fills it in.
  else if (/^[^@]+@[^@.]+$/.test(v)) why = `: the part after "@" has no ending such as ".se" (write the whole address, e.g. ${v}.se)`;
  else if ((v.match(/@/g) ?? []).length > 1) why = `: it has more than one "@"; an address has one`;
  ctx.addIssue({ code: "custom", message: `must be an e-mail address${why}` });
}));

/**
 * A folder or file on this server. A Windows path (C:\\…, D:/…, \\\\server\\share) is no path here:
 * it was taken as a folder of that odd name beside the configuration, and records "delivered" to the
 * registrar's share lay in it where nobody looked. Nor is "~/…" or "$HOME/…": only a shell reads them,
 * and somarkiv made a folder named "~" beside the configuration, with the log, the store and the
 * intake in it, all said to be "ok" (and one "rm -rf ~" from an operator's own home). `example` is
 * a path of the same kind as the setting's, for the advice.
 */
const localPath = (example: string) => z.string({ error: "must be a path (text)" }).min(1, { error: "must not be empty" }).superRefine((v, ctx) => {
  const windows = windowsPath(v);
  if (windows) ctx.addIssue({ code: "custom", message: `is a Windows path (${windows}); somarkiv runs on a Linux server and sees a Windows share only where it is mounted: write the folder as the server sees it, for example ${example}, and ask IT to mount the share there` });
  const shell = shellPath(v);
  if (shell) ctx.addIssue({ code: "custom", message: `${shell}, which only a command shell replaces; somarkiv reads the path as written and would make a folder of that name beside the configuration file. Write the whole path from /, for example ${example}` });
});

/** A path for the shell to expand ("~/…", "$HOME/…", "%APPDATA%"), in words, or null. */
export function shellPath(v: string): string | null {
  if (/^~([\/]|$)/.test(v) || /^~[a-z_][a-z0-9_-]*([\/]|$)/i.test(v)) return `begins with "${v.split(/[\/]/)[0]}", a home folder`;
  const variable = /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|%[A-Za-z_][A-Za-z0-9_]*%/.exec(v);
  if (variable) return `has the variable ${variable[0]} in it`;
  return null;
}

/** What makes a path a Windows one, in words, or null. */
export function windowsPath(v: string): string | null {
  if (/^[A-Za-z]:([\\/]|$)/.test(v)) return `it begins with the drive ${v.slice(0, 2)}`;
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(v)) return "a network share written \\\\server\\share";
  if (v.includes("\\")) return "its folders are separated by \\";
  return null;
}

/**
 * Whether a web address carries a user name or password before its host, as parsed or as a person
 * reads it: a password holding an unescaped / ? or # is none to the URL parser (see holdsLogin).
 */
export function hasCredentials(v: string): boolean {
  try {
    const u = new URL(v);
    if (u.username !== "" || u.password !== "") return true;
  } catch { /* read as written below */ }
  return holdsLogin(v);
}

/**
 * Text that goes into a record's title, its sheet's lines, the e-mail's subject or a CSV cell: one
 * line. A line break there ("Överkalix\nkommun") split the CSV row, ran words together on the sheet
 * and would break the e-mail's subject. (Other control characters are made spaces before this; see
 * withoutControlCharacters in load.ts.)
 */
const oneLine = (what: string) => z.string().refine((v) => !/[\r\n\t\u0085\u2028\u2029]/.test(v), {
  error: `must be on one line, without a line break or tab: it goes into ${what}. Write it on one line`,
}).refine((v) => !/[\u202a-\u202e\u2066-\u2069]/.test(v), {
  // Invisible, and it turns what follows it around: "slut" shows as "tuls" on the public page and the sheet.
  error: `holds an invisible mark that turns the direction of the text after it (U+202A–U+202E or U+2066–U+2069, pasted with the text): it goes into ${what}, where it would show the text reversed. Type the text anew without it`,
});
const ONE_LINE_RECORD = "each record's title, record sheet and the e-mail to the registrar";

/**
 * A name that goes into a record's title (ärendemening) is kept short enough for a diary system's
 * field and for one line of the sheet: a pasted paragraph made a 3,000-character title and a five-page
 * record sheet, accepted without a word.
 */
const NAME_MAX = 200;
const shortName = (v: string) => v.length <= NAME_MAX;
const tooLong = (iss: { input?: unknown }) => `is ${typeof iss.input === "string" ? iss.input.length.toLocaleString("en") : "too many"} characters long; at most ${NAME_MAX} fit a record's title and sheet. Shorten it (the purpose and audience can be longer)`;

const person = z.object({
  name: z.preprocess(withoutEdgeSpaces, oneLine("the record sheet and the e-mail to the registrar").pipe(z.string().min(1, "must not be empty")).refine(shortName, { error: tooLong })),
  email: emailAddress.optional(),
  phone: z.string().optional(),
}).strict();

/**
 * The name of the environment variable that holds a secret; what is written is never quoted (see
 * foundSaid), since it may be the secret itself.
 */
const envName = (example: string) => z.string().superRefine((v, ctx) => {
  const reading = envNameReading(v);
  if (reading === "no name") ctx.addIssue({ code: "custom", message: `must be the name of an environment variable, e.g. ${example}` });
  if (reading === "like a secret") ctx.addIssue({ code: "custom", message: `looks like the secret itself, not the name of an environment variable (a name is upper-case letters, digits and _, at most ${ENV_NAME_MAX}): put the secret in the worker's environment under a name such as ${example}, write that name here, and ask for a new secret if this file has been shared or kept in version control` });
});

export const recordsMetaSchema = z.object({
  creator: oneLine(ONE_LINE_RECORD).pipe(z.string().min(1)).optional(),          // arkivbildare
  documentType: oneLine(ONE_LINE_RECORD).pipe(z.string().min(1)).optional(),     // handlingstyp
  classification: oneLine(ONE_LINE_RECORD).pipe(z.string().min(1)).optional(),   // klassificering
  collectiveCase: z.record(z.string().regex(/^\d{4}$/, "keys must be years, e.g. \"2026\""), oneLine(ONE_LINE_RECORD).pipe(z.string().min(1))).optional(), // samlingsärende per year
  retention: oneLine(ONE_LINE_RECORD).pipe(z.string().min(1)).optional(),        // bevaras / gallras
  personalData: z.boolean().optional(),           // personuppgifter
}).strict();

const isoDate = z.union([
  z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date like 2026-06-30")
    // A day the calendar has: "2026-11-31" was published as 1 December, and "2026-13-01" stopped the public list.
    // Only of a date written as one: "4/12 2026" is told the form alone, not also that it is no day.
    .refine((v) => !/^\d{4}-\d{2}-\d{2}$/.test(v) || realDay(v), { error: (issue) => `${String(issue.input)} is not a day in the calendar (month 01–12, and a day the month has); give a date like 2026-06-30` }),
  z.date().transform((d) => d.toISOString().slice(0, 10)),
]);

/** Whether YYYY-MM-DD names a day that exists. */
export function realDay(value: string): boolean {
  const [y, m, d] = value.split("-").map(Number) as [number, number, number];
  const day = new Date(Date.UTC(y, m - 1, d));
  return m >= 1 && m <= 12 && day.getUTCFullYear() === y && day.getUTCMonth() === m - 1 && day.getUTCDate() === d;
}

/** An id that would do, made of the one written ("Överkalix kommun" → "overkalix-kommun"), for the message. */
function idSuggestion(input: unknown): string {
  if (typeof input !== "string") return "";
  const id = suggestedId(input);
  return id && id !== input ? `, for example "${id}"` : "";
}

/** Text the public register shows: blank or left out alike are missing, which the policy check names. */
const registerText = z.preprocess(withoutEdgeSpaces, z.string()).transform((v) => (v ? v : undefined)).optional();

/** The status meant by a word for it in Swedish or in other English words ("aktiv", "stängd", "inactive"). */
function statusMeant(input: unknown): string {
  const word = typeof input === "string" ? input.trim().toLowerCase() : "";
  const meant = ["active", "aktiv", "open", "öppen", "i bruk", "in use"].includes(word) ? "active"
    : ["closed", "stängd", "stängt", "nedlagd", "nedlagt", "avslutad", "avslutat", "inactive", "inaktiv", "inaktivt", "passive", "passiv"].includes(word) ? "closed" : undefined;
  return meant ? `: write status: ${meant}${meant === "closed" ? ", with the day it was closed as closedOn" : ""}` : "";
}

export const accountSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/, { error: (iss) => `must be lower-case letters a-z, digits and '-' only${idSuggestion(iss.input)}` }),
  name: z.preprocess(withoutEdgeSpaces, oneLine(`${ONE_LINE_RECORD} ("Ögonblicksbild … 2026 H2"), and the public list's lines`).pipe(z.string().min(1, "must not be empty")).refine(shortName, { error: tooLong })),
  platform: z.enum(PLATFORMS, {
    error: (issue) => {
      const lower = typeof issue.input === "string" ? issue.input.trim().toLowerCase() : "";
      if ((PLATFORMS as readonly string[]).includes(lower) && lower !== issue.input) return `is written in lower case: platform: ${lower}`;
      const meant = PLATFORM_ALIASES[lower];
      // A slip of a letter ("instagramm", "facebok") is named as a misspelt setting's name is.
      const near = meant ? undefined : nearestWord(lower, PLATFORMS.filter((p) => p !== "other"));
      return `must be one of: ${PLATFORMS.join(", ")}${meant ? ` (${meant === "other" ? `a ${lower} is platform: other` : `${lower} is platform: ${meant}`})` : near ? `; did you mean platform: ${near}?` : ""}`;
    },
  }),
  url: httpUrl("account"),
  // Ids this account had before (its id changed in the file): their records are of its series.
  formerIds: z.array(z.string().regex(/^[a-z0-9-]+$/, { error: "must be an id as it was written before: lower-case letters a-z, digits and '-' only" }), { error: "must be a list of the ids the account had before, e.g. formerIds: [facebook-kommun]" }).optional(),
  unit: z.preprocess(withoutEdgeSpaces, oneLine("the record sheet and the e-mail to the registrar")).transform((v) => (v ? v : undefined)).optional(),
  responsible: person.optional(),
  administrators: z.array(person).default([]),
  webManager: person.optional(),
  substitute: person.optional(),
  // The address the public list gives as the account's contact (a shared mailbox); null for none.
  publicEmail: emailAddress.nullable().optional(),
  purpose: registerText,
  audience: registerText,
  status: z.enum(["active", "closed"], { error: (issue) => `must be active or closed${statusMeant(issue.input)}` }).default("active"),
  closedOn: isoDate.nullable().optional(),
  login: z.object({ storageState: localPath("/var/lib/somarkiv/inloggning/konto.json") }).strict().nullable().optional(),
  records: recordsMetaSchema.optional(),
}).strict();

const intakeSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("directory"),
    path: localPath("/mnt/registrator/inkorg"),
    /** Whether the folder holds the registrar's instructions file ("LÄS MIG – somarkiv.txt"); false for a case system's import folder that takes every file. */
    readme: z.boolean({ error: "must be true or false" }).optional(),
  }).strict(),
  z.object({
    type: z.literal("email"),
    to: emailAddress,
    from: emailAddress,
    /** Where the registrar's reply with the diary number goes: a mailbox that whoever runs somarkiv reads. Default: from. */
    replyTo: emailAddress.optional(),
    smtpUrlEnv: envName("SOMARKIV_SMTP_URL"),
  }).strict(),
  z.object({
    type: z.literal("http"),
    url: httpUrl("server"),
    tokenEnv: envName("SOMARKIV_INTAKE_TOKEN").optional(),
  }).strict(),
], { error: (issue) => typeSaid(issue.input, "directory, email or http", {
  directory: [["filesystem", "folder", "local", "file", "mapp", "katalog"], "a folder intake"],
  email: [["e-mail", "mail", "smtp", "epost", "e-post", "mejl"], "an e-mail intake"],
  http: [["https", "api", "webhook", "rest", "web"], "an HTTP intake"],
}) });

/**
 * A storage or intake type refused, named with the one meant where the word is the other section's
 * (storage is "filesystem", a folder intake "directory": each was written for the other).
 */
/** The type's refusal, with the type meant by a word for it ("folder", "e-mail"): each type, the words for it and what it is. */
function typeSaid(input: unknown, allowed: string, alike: Record<string, [string[], string]>): string {
  const given = (input as { type?: unknown } | null)?.type;
  const word = typeof given === "string" ? given.trim().toLowerCase() : "";
  const meant = Object.entries(alike).find(([, [words]]) => words.includes(word));
  if (meant) return `type must be ${allowed}; for ${meant[1][1]} write type: ${meant[0]} (not "${given as string}")`;
  return `type must be ${allowed}`;
}

const storageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("filesystem"), path: localPath("/var/lib/somarkiv/arkiv") }).strict(),
  z.object({
    type: z.literal("s3"),
    bucket: z.string().min(3, "must be a bucket name"),
    prefix: z.string().default(""),
    endpoint: httpUrl("server").optional(),
    region: z.string().default("eu-north-1"),
    forcePathStyle: z.boolean().default(false),
    retention: z.object({
      mode: z.enum(["GOVERNANCE", "COMPLIANCE"]),
      years: z.number().int().min(1).max(100),
    }).strict().optional(),
  }).strict(),
], { error: (issue) => typeSaid(issue.input, "filesystem or s3", {
  filesystem: [["directory", "folder", "local", "file", "disk", "mapp", "katalog"], "a store in a folder on this machine"],
  s3: [["minio", "aws", "bucket", "s3-compatible", "object-storage", "objectstorage"], "an S3-compatible store"],
}) });

export const configSchema = z.object({
  organisation: z.object({
    name: z.preprocess(withoutEdgeSpaces, oneLine(`${ONE_LINE_RECORD}, and the public list's heading`).pipe(z.string().min(1, "must not be empty"))),
    website: httpUrl("website").optional(),
    switchboard: z.string().optional(),
    registrar: emailAddress.optional(),
  }).strict(),
  schedule: z.object({
    timezone: z.string().default("Europe/Stockholm").refine((tz) => {
      try { new Intl.DateTimeFormat("en", { timeZone: tz }); return true; } catch { return false; }
    }, { message: "must be an IANA time zone such as Europe/Stockholm" }),
    months: z.array(z.number().int().min(1, "months are 1-12").max(12, "months are 1-12")).min(1, "name at least one capture month, e.g. [6, 12] for June and December, the half-year changes the policy names; without one nothing is ever captured").default([6, 12]),
    cron: z.string().default("0 6 * * *"),
    preflightDaysBefore: z.number().int().min(0).max(120).default(21),
  }).strict().default({ timezone: "Europe/Stockholm", months: [6, 12], cron: "0 6 * * *", preflightDaysBefore: 21 }),
  capture: z.object({
    browser: z.string().default("auto"),
    viewport: z.object({
      width: z.number().int().min(320).max(3840),
      height: z.number().int().min(240).max(4320),
    }).strict().default({ width: 1280, height: 900 }),
    locale: z.string().default("sv-SE"),
    timeoutSeconds: z.number().positive().max(3600).default(120),
    concurrency: z.number().int().min(1).max(16).default(2),
    maxHeight: z.number().int().min(1000).max(200_000).default(30_000),
  }).strict().default({ browser: "auto", viewport: { width: 1280, height: 900 }, locale: "sv-SE", timeoutSeconds: 120, concurrency: 2, maxHeight: 30_000 }),
  storage: storageSchema.optional(),
  // Sending each snapshot to the registrar is the policy's point; an empty list would store records that never reach anyone.
  intake: z.array(intakeSchema).min(1, "needs at least one place where the registrar receives records (leave intake out for the folder archive/intake)").optional(),
  pdf: z.object({
    conformance: z.enum(["2b", "1b"], { error: "must be 2b or 1b" }).default("2b"),
  }).strict().default({ conformance: "2b" }),
  records: recordsMetaSchema.default({}),
  database: localPath("/var/lib/somarkiv/somarkiv.sqlite").optional(),
  accounts: z.array(accountSchema).default([]),
}).strict();

export type RawConfig = z.infer<typeof configSchema>;
export type Account = z.infer<typeof accountSchema>;
export type Person = z.infer<typeof person>;
export type RecordsMeta = z.infer<typeof recordsMetaSchema>;
export type IntakeConfig = z.infer<typeof intakeSchema>;
export type StorageConfig = z.infer<typeof storageSchema>;
/**
 * The store as the configuration resolves it. `unset`: "storage:" is not in the file, so the folder
 * store is archive/objects by where the file is, and advice names that folder and where it follows
 * from, not storage.path, a setting the file does not have.
 */
export type StoreSetting = StorageConfig & { unset?: true };
export type Platform = (typeof PLATFORMS)[number];

/** The configuration after validation, with every path absolute and every default filled in. */
export interface Config extends Omit<RawConfig, "storage" | "intake" | "database"> {
  /** Absolute path of the file it was read from, or "(embedded defaults)". */
  source: string;
  /** Folder that relative paths resolved against. */
  baseDir: string;
  /** Local data root: the spool, failed screenshots, locks. */
  dataDir: string;
  /** "database:" is not in the file: the log and dataDir are in archive/, which follows from the file's place (see DataPlace). */
  databaseUnset?: true;
  storage: StoreSetting;
  intake: IntakeConfig[];
  database: string;
  /**
   * The folder archive/ beside the file, where storage: or intake: left out put the store or the
   * registrar's folder while database: puts the log (and the spool) elsewhere; undefined otherwise.
   */
  defaultsApartFromLog?: { archive: string; storage: boolean; intake: boolean };
}

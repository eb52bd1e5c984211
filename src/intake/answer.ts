/**
 * Whether a 2xx answer of an HTTP intake says the record was not taken. Diarium APIs and integration
 * platforms answer their failures with 200 more often than not, each in its own shape; a failure
 * counted as delivered is a record never filed and never tried again, so the shapes met in the field
 * are read here. Pure.
 */

/** Why an answer of 2xx is not a receipt: the answer's own words of its failure, or a web page that came instead. */
export type AnswerFailure = { kind: "said"; words: string } | { kind: "page"; words: string };

/** Keys whose false says the call failed: .NET's Successful, Java's success, ok … */
const SUCCESS_FLAGS = new Set(["ok", "success", "successful", "succeeded", "issuccess", "issuccessful", "issucceeded", "accepted", "stored", "saved"]);
/** Keys holding a status word. */
const STATUS_KEYS = new Set(["status", "result", "state", "outcome", "resultat", "statuscode"]);
/** Status words of a failure, in lower case, English and Swedish. */
const FAILURE_WORDS = /^(error|err|errors|fail|failed|failure|fault|rejected|refused|denied|declined|invalid|aborted|exception|nok|not[ _-]?ok|fel|misslyckad|misslyckades|avvisad|avvisat|nekad|nekat|avslagen|avslaget)$/;
/** Keys holding an error's text, or a list of errors. */
const ERROR_KEYS = new Set(["error", "errors", "errormessage", "error_message", "errormsg", "errordescription", "error_description", "exception", "fault", "fel", "felmeddelande"]);
/** Keys whose text says what happened, quoted in the message. */
const SAID_KEYS = ["errormessage", "error_message", "errormsg", "errordescription", "error_description", "message", "meddelande", "felmeddelande", "fel", "detail", "title", "error"];
/** A plain-text answer that begins with one of these words says it failed. */
const TEXT_FAILURE = /^\s*(error|err|fail(ed|ure)?|fault|exception|rejected|refused|denied|invalid|fel|misslyckades|misslyckad)\b/i;

export function failureIn(contentType: string | null, body: string): AnswerFailure | null {
  const type = (contentType ?? "").toLowerCase();
  if (/json/.test(type) || /^\s*[{[]/.test(body)) {
    let parsed: unknown;
    try { parsed = JSON.parse(body); } catch { parsed = undefined; }
    if (parsed !== undefined) return jsonFailure(parsed);
  }
  if (looksLikePage(type, body)) return { kind: "page", words: pageWords(body) };
  if (/html|xml/.test(type)) return null;
  const text = body.trim();
  if (TEXT_FAILURE.test(text)) return { kind: "said", words: text.split(/\r?\n/)[0]!.slice(0, 200) };
  return null;
}

function jsonFailure(parsed: unknown): AnswerFailure | null {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return null;
  // Keys read without regard to case: {"Successful": false} and {"successful": false} are one answer.
  const o = new Map(Object.entries(parsed as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
  const flags = [...o].filter(([k]) => SUCCESS_FLAGS.has(k)).map(([, v]) => flagOf(v)).filter((v) => v !== undefined);
  const failedFlag = flags.includes(false);
  const successSaid = flags.includes(true);
  const failedStatus = [...o].some(([k, v]) => STATUS_KEYS.has(k) && typeof v === "string" && FAILURE_WORDS.test(v.trim().toLowerCase()));
  // An error's text or list counts where nothing says it went well (a success flag, a diary number):
  // some APIs send "error": "" or "errors": [] with every answer, and warnings beside a receipt.
  const errorShown = [...o].some(([k, v]) => ERROR_KEYS.has(k) && filled(v));
  const numbered = ["dnr", "diarienummer"].some((k) => typeof o.get(k) === "string" && (o.get(k) as string).trim() !== "");
  if (!failedFlag && !failedStatus && !(errorShown && !successSaid && !numbered)) return null;
  return { kind: "said", words: saidIn(o) };
}

function flagOf(v: unknown): boolean | undefined {
  if (typeof v === "boolean") return v;
  if (typeof v === "string" && /^(true|false)$/i.test(v.trim())) return v.trim().toLowerCase() === "true";
  return undefined;
}

function filled(v: unknown): boolean {
  if (typeof v === "string") return v.trim() !== "";
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === "object") return Object.keys(v).length > 0;
  return v === true;
}

/** The answer's words of what went wrong: its message, the first error's message, or its status. */
function saidIn(o: Map<string, unknown>): string {
  for (const key of SAID_KEYS) {
    const words = wordsOf(o.get(key));
    if (words) return words.slice(0, 200);
  }
  const errors = o.get("errors");
  const first = wordsOf(Array.isArray(errors) ? errors[0] : errors);
  if (first) return first.slice(0, 200);
  for (const key of STATUS_KEYS) if (typeof o.get(key) === "string") return (o.get(key) as string).slice(0, 200);
  return "error";
}

function wordsOf(v: unknown): string | undefined {
  if (typeof v === "string") return v.trim() || undefined;
  if (v && typeof v === "object" && !Array.isArray(v)) {
    const inner = new Map(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k.toLowerCase(), x]));
    for (const key of ["message", "errormessage", "detail", "description", "title"]) {
      const w = inner.get(key);
      if (typeof w === "string" && w.trim()) return typeof inner.get("code") === "string" || typeof inner.get("code") === "number" ? `${String(inner.get("code"))}: ${w.trim()}` : w.trim();
    }
  }
  return undefined;
}

/**
 * A web page: an API answers its caller in JSON or plain text, so a page that comes with 2xx is an
 * integration platform's or a proxy's (its error, its login, its maintenance notice), not the
 * intake's receipt. A short "OK" that a PHP script sends as text/html is not a page.
 */
function looksLikePage(type: string, body: string): boolean {
  if (/<!doctype\s+html|<html[\s>]/i.test(body)) return true;
  return /html/.test(type) && /<(head|body|title|h1|h2|div|p)[\s>]/i.test(body);
}

/** The page's title and first heading, to say what came. */
function pageWords(body: string): string {
  const text = (re: RegExp) => re.exec(body)?.[1]?.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim() ?? "";
  const title = text(/<title[^>]*>([\s\S]*?)<\/title>/i);
  const heading = text(/<h[1-3][^>]*>([\s\S]*?)<\/h[1-3]>/i);
  const words = [title, heading].filter((w, i, all) => w && all.indexOf(w) === i).join(": ");
  return (words || body.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().slice(0, 80) || "an empty page").slice(0, 200);
}

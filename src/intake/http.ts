import { openAsBlob } from "node:fs";
import { DeliveryError, asSentence, failureWithoutNext, type DeliveryItem, type DeliveryReceipt, type IntakeFinding, type IntakeTarget } from "./types.ts";
import { parseRetryAfter } from "./retry.ts";
import { CERTIFICATE_FIX, certificateProblem } from "./certificate.ts";
import { checkDnr } from "../record/dnr.ts";
import { displayUrl, redact, secretsOf } from "./secrets.ts";
import { failureIn } from "./answer.ts";
import { envNameSaid } from "../config/env-name.ts";

/** What becomes of a record whose delivery failed for a while: a failure's `next`. */
const LATER = "it will be tried again later";

export { failureIn, type AnswerFailure } from "./answer.ts";

export interface HttpIntakeOptions {
  url: string;
  /** Name of the environment variable holding the bearer token, when the intake wants one. */
  tokenEnv?: string;
  /** How long one delivery may take, everything included. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * An HTTP API of the case-management system: one multipart POST per record. The record id goes in an
 * Idempotency-Key header, so an intake that honours it registers a record sent twice (after a crash
 * between its answer and our log entry) only once, answering the repeat as the first or with 409.
 */
export function httpTarget(options: HttpIntakeOptions, env: NodeJS.ProcessEnv = process.env): IntakeTarget {
  const shown = displayUrl(options.url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return {
    name: `http:${shown}`,
    async deliver(item: DeliveryItem): Promise<DeliveryReceipt> {
      let token: string | undefined;
      if (options.tokenEnv) {
        token = env[options.tokenEnv];
        if (!token)
          throw new DeliveryError(`the environment variable ${envNameSaid(options.tokenEnv, "tokenEnv")} is not set; it must hold the access token for the registrar's intake at ${shown}`);
      }
      const secrets = secretsOf(options.url, token);
      const form = new FormData();
      form.append("recordId", item.recordId);
      // Sent again at a person's asking: the intake may have it, and is told so, as an e-mail says it in its subject.
      if (item.deliveredAgain) form.append("repeat", "kan vara en upprepning");
      // Blobs backed by the files: the request streams them from disk.
      const pdf = await fileBlob(item.pdfPath, "application/pdf"), manifest = await fileBlob(item.manifestPath, "application/json");
      form.append("pdf", pdf, item.pdfName);
      form.append("manifest", manifest, item.manifestName);
      const headers: Record<string, string> = {
        "Idempotency-Key": item.recordId,
        Accept: "application/json, text/plain;q=0.9, */*;q=0.1",
        "User-Agent": "somarkiv",
      };
      if (token) headers.Authorization = `Bearer ${token}`;
      if (item.deliveredAgain) headers["X-Somarkiv-Repeat"] = "deliver-again";

      let response: Response;
      let text: string;
      try {
        // Redirects are not followed: a 301/302 would turn the POST into a GET without the record, and the
        // token must not travel to an address nobody configured.
        response = await fetch(options.url, { method: "POST", body: form, headers, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        throw networkError(error, shown, timeoutMs, pdf.size + manifest.size);
      }
      // An intake may echo the request (its address with the query, the Authorization header) in its
      // answer; what is kept of the answer is stored, shown and put in the CSV, so the secrets go first.
      const answer = redact(text, secrets);
      const excerpt = squeeze(answer);
      const status = squeeze(redact(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`, secrets));
      // The Idempotency-Key is the record id: a 409 to it is the intake saying it has this record
      // already (its first answer lost on the way), which is all a delivery asks. Counted otherwise,
      // the record was sent again at every deliver and given up on, while the registrar had it.
      const alreadyHad = response.status === 409;
      if (response.ok || alreadyHad) {
        // A sign-in page in front of the intake (a proxy that wants a login) may answer 200 with its
        // form: the record did not reach the registrar, and counting it delivered would lose it.
        if (!alreadyHad && looksLikeSignIn(response.headers.get("content-type"), text))
          throw new DeliveryError(`the registrar's intake at ${shown} answered ${status} with a sign-in page instead of taking the record; a login stands in front of it. Check the intake address${options.tokenEnv ? ` and the token in ${envNameSaid(options.tokenEnv, "tokenEnv")}` : ""} with whoever runs the intake`, true);
        // An error answered with 200 (a proxy's "502 Bad Gateway" page, a JSON "status": "error"):
        // the record did not reach the registrar, and counting it delivered would lose it.
        // A 409's body is an error by its nature ("already received"), and says nothing against the record.
        const failed = alreadyHad ? null : failureIn(response.headers.get("content-type"), answer);
        if (failed?.kind === "said") throw new DeliveryError(`the registrar's intake at ${shown} answered ${status}, but its answer says the record was not taken ("${squeeze(failed.words)}")`, false, undefined, { mend: "if it keeps happening, ask whoever runs the intake what the answer means", next: LATER });
        if (failed) throw new DeliveryError(`the registrar's intake at ${shown} answered ${status} with a web page ("${squeeze(failed.words)}") instead of an intake's answer, most likely an integration platform's or a proxy's error or login page in front of it, so the record is not counted as taken`, false, undefined, { mend: "if it keeps happening, ask whoever runs the intake what the page means (an intake that files the record answers in JSON or plain text, and with a status other than 2xx when it could not)", next: LATER });
        const dnr = diaryNumber(text);
        const refused = dnr ? undefined : refusedDiaryNumber(text);
        return { receipt: excerpt ? `${status}: ${excerpt}` : status, ...(dnr ? { dnr } : {}), ...(refused ? { dnrRefused: refused } : {}), ...(alreadyHad ? { alreadyHad: `HTTP ${response.status}` } : {}) };
      }
      const reply = excerpt ? ` (${excerpt})` : "";
      if (response.status >= 300 && response.status < 400) {
        const location = response.headers.get("location");
        const target = location ? displayUrl(location, options.url) : "another address";
        throw new DeliveryError(`the registrar's intake at ${shown} answered ${status}, pointing to ${target}; put the right address in the intake configuration`, true);
      }
      if (response.status === 401 || response.status === 403)
        throw new DeliveryError(
          `the registrar's intake at ${shown} refused access: ${status}${reply}; check the token${options.tokenEnv ? ` in the environment variable ${envNameSaid(options.tokenEnv, "tokenEnv")}` : " (none is configured: set intake tokenEnv)"}`,
          true,
        );
      // A busy or paused intake may say how long to wait; the outbox waits at least that long.
      const retryAfterMs = parseRetryAfter(response.headers.get("retry-after"));
      // The wait it asked for is a fact of its answer, kept beside the next try a listing says itself.
      const asked = retryAfterMs === undefined ? "" : `; it asked to wait ${duration(retryAfterMs)}`;
      const again = { next: retryAfterMs === undefined ? LATER : "it will be tried again after that" };
      if (response.status === 408 || response.status === 429)
        throw new DeliveryError(`the registrar's intake at ${shown} is busy: ${status}${reply}${asked}`, false, retryAfterMs, again);
      if (response.status === 413)
        throw new DeliveryError(`the record is larger than the registrar's intake at ${shown} accepts: ${status}${reply}; ask whoever runs the intake to accept larger records, or deliver to a folder instead`, true);
      if (response.status >= 400 && response.status < 500)
        throw new DeliveryError(`the registrar's intake at ${shown} refused the record: ${status}${reply}; ask whoever runs the intake what it expects`, true);
      throw new DeliveryError(`the registrar's intake at ${shown} failed: ${status}${reply}${asked}`, false, retryAfterMs, again);
    },
    /**
     * Asks the intake's address once (HEAD, no record) with the token, as a delivery would reach it:
     * an intake that cannot be reached, or that refuses the token, is better found now than at the
     * half-year change. Any other answer means something listens there; only a delivery shows more.
     */
    async check(): Promise<IntakeFinding[]> {
      const token = options.tokenEnv ? env[options.tokenEnv] : undefined;
      if (options.tokenEnv && !token) return []; // said by config check itself
      const checkMs = Math.min(timeoutMs, 15_000);
      let response: Response;
      try {
        response = await fetch(options.url, { method: "HEAD", headers: { "User-Agent": "somarkiv", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, redirect: "manual", signal: AbortSignal.timeout(checkMs) });
      } catch (error) {
        return [{ level: "error", message: asSentence(failureWithoutNext(networkError(error, shown, checkMs))) }];
      }
      const status = squeeze(redact(`HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`, secretsOf(options.url, token)));
      if (response.status === 401 || response.status === 403)
        return [{ level: options.tokenEnv ? "error" : "warning", message: `The registrar's intake at ${shown} refused access (${status}); ${options.tokenEnv ? `check the token in the environment variable ${envNameSaid(options.tokenEnv, "tokenEnv")}` : "if it needs a token, set intake tokenEnv"}.` }];
      if (response.status >= 300 && response.status < 400)
        return [{ level: "error", message: `The registrar's intake at ${shown} answers ${status}, pointing elsewhere; deliveries do not follow it, so put the address it points to in the intake configuration.` }];
      if (response.status >= 500)
        return [{ level: "warning", message: `The registrar's intake at ${shown} answers, but with a fault (${status}); deliveries wait and are tried again while it does.` }];
      // A sign-in page in front of the intake answers 200 too, and every delivery then fails: its page
      // is fetched (HEAD has no body) and looked at, as a delivery's answer is.
      if (/html/i.test(response.headers.get("content-type") ?? "")) {
        const page = await fetch(options.url, { method: "GET", headers: { "User-Agent": "somarkiv", ...(token ? { Authorization: `Bearer ${token}` } : {}) }, redirect: "manual", signal: AbortSignal.timeout(checkMs) })
          .then(async (r) => ({ type: r.headers.get("content-type"), body: (await r.text()).slice(0, 200_000) }), () => null);
        if (page && looksLikeSignIn(page.type, page.body)) {
          return [{ level: "error", message: `The registrar's intake at ${shown} answers (${status}) with a sign-in page, not as an intake: a login stands in front of it, and every delivery would fail. Ask for the intake's own address, or a token for somarkiv (intake tokenEnv).` }];
        }
      }
      return [{ level: "ok", message: `The registrar's intake at ${shown} answers (${status}); records are sent to it one by one.` }];
    },
  };
}

/** An HTML answer with a password field: a sign-in page, not an intake's receipt. */
function looksLikeSignIn(contentType: string | null, body: string): boolean {
  return /html/i.test(contentType ?? "") && /<input[^>]+type\s*=\s*["']?password/i.test(body);
}

/** "45 seconds", "20 minutes", "2 hours", for a message. */
function duration(ms: number): string {
  const s = Math.ceil(ms / 1000);
  if (s < 120) return `${s} second${s === 1 ? "" : "s"}`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m} minutes`;
  return `${Math.round(m / 6) / 10} hours`;
}

/** Why the diary number of a JSON reply is not one the log can keep; undefined when there is none, or it is fine. */
export function refusedDiaryNumber(body: string): string | undefined {
  let parsed: unknown;
  try { parsed = JSON.parse(body); } catch { return undefined; }
  for (const value of dnrValues(parsed)) {
    if (typeof value !== "string" || !value.trim()) continue;
    const checked = checkDnr(value);
    // Without the advice to give the number alone, on one line: that is for a person typing it.
    return "problem" in checked ? checked.problem.replace(/; give the number alone.*$/, "") : undefined;
  }
  return undefined;
}

/**
 * The values under dnr and diarienummer, in that order, their keys read in any case as failureIn reads
 * them: a .NET intake answers {"Successful": true, "Dnr": "KS 2026/45"}, and a receipt read as one must
 * give its number too.
 */
function dnrValues(parsed: unknown): unknown[] {
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) return [];
  const entries = Object.entries(parsed as Record<string, unknown>);
  return ["dnr", "diarienummer"].flatMap((key) => entries.filter(([k]) => k.toLowerCase() === key).map(([, v]) => v));
}

/** The diary number, when the intake registered the record right away and said so in a JSON reply. */
export function diaryNumber(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  for (const value of dnrValues(parsed)) {
    // A number the log could not keep as a diary number (a line break, a whole document) is not one.
    if (typeof value === "string" && value.trim()) {
      const checked = checkDnr(value);
      return "dnr" in checked ? checked.dnr : undefined;
    }
  }
  return undefined;
}

async function fileBlob(file: string, type: string): Promise<Blob> {
  try {
    return await openAsBlob(file, { type });
  } catch (error) {
    throw new DeliveryError(`could not read ${file}, the file to deliver (${(error as Error).message}); run \`somarkiv verify\` to check the stored records`);
  }
}

function networkError(error: unknown, shown: string, timeoutMs: number, recordBytes?: number): DeliveryError {
  const e = error as { name?: string; cause?: { code?: string; socket?: { bytesWritten?: number } } };
  if (recordBytes !== undefined && answerLostAfterUpload(e.cause?.code, e.cause?.socket, recordBytes))
    return new DeliveryError(`the registrar's intake at ${shown} received the whole record, but the connection was cut off before it answered, so whether it took the record is not known; it may have it. The record is sent again with the same Idempotency-Key (its record id), which lets the intake see it is the same record and file it once`, false, undefined, { next: LATER });
  if (e?.name === "TimeoutError" || e?.name === "AbortError")
    return new DeliveryError(`the registrar's intake at ${shown} did not answer within ${Math.round(timeoutMs / 1000)} seconds`, false, undefined, { next: LATER });
  const code = e?.cause?.code;
  const certificate = certificateProblem(code);
  if (certificate) return new DeliveryError(`the registrar's intake at ${shown} answered, but ${certificate} (${code})`, false, undefined, { mend: CERTIFICATE_FIX, next: LATER });
  const why = code === "ECONNREFUSED" ? "the connection was refused"
    : code === "ENOTFOUND" || code === "EAI_AGAIN" ? "the server name could not be looked up"
    : code === "ECONNRESET" || code === "UND_ERR_SOCKET" ? "the connection was cut off"
    : code?.startsWith("ERR_TLS") || code?.includes("CERT") ? "the secure connection failed (certificate problem)"
    : code ?? "network error";
  // A refused connection is a wrong port or an intake that is down: said with where to look.
  const check = code === "ECONNREFUSED" ? ": nothing answers at that address and port; check that the intake is running and that its url: in the configuration has the right host and port"
    : code === "ENOTFOUND" ? ": check the host name in the intake's url: in the configuration" : "";
  return new DeliveryError(`could not reach the registrar's intake at ${shown} (${why})${check}`, false, undefined, { next: LATER });
}

/**
 * Whether a connection cut before any answer came was cut after the whole request had gone: the
 * socket wrote at least the record's two files (the form's own lines are a few hundred bytes beside
 * them). A cut in the middle of the upload writes less. Only a connection closed (undici's
 * UND_ERR_SOCKET) says what its socket wrote: a reset (ECONNRESET) comes as the system's bare error,
 * without its socket, so how much went is not known, and a server that resets most often does so
 * with part of the request unread. Pure.
 */
export function answerLostAfterUpload(code: string | undefined, socket: { bytesWritten?: number } | undefined, recordBytes: number): boolean {
  if (code !== "UND_ERR_SOCKET") return false;
  return typeof socket?.bytesWritten === "number" && socket.bytesWritten >= recordBytes;
}

/**
 * An answer's words on one line, for a message: control characters (an escape sequence that clears the
 * operator's terminal, a CR LF that starts a forged header line) and the marks that turn the
 * direction of the text are taken out, as they would be kept raw in the log and the CSV.
 */
function squeeze(text: string): string {
  const one = text.replace(/\s+/g, " ").replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, "").replace(/ {2,}/g, " ").trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}


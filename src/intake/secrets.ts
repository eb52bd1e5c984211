// Not through config/index.ts, which imports this file (through load.ts): the rule alone, no loop.
import { loginsIn } from "../config/login-in-address.ts";

/**
 * What of an HTTP intake's address and token must not be shown: the token, the whole address, its user
 * and password, and each value of its query (?apikey=…), as written and as decoded. A value shorter
 * than four characters is not blanked wherever it stands, as that would blank it inside the answer's
 * own words; one of a secret-named parameter is blanked after its name instead (see redact).
 */
export function secretsOf(url: string, token: string | undefined): string[] {
  const parts = [url, token ?? ""];
  try {
    const u = new URL(url);
    parts.push(u.username, u.password);
    for (const pair of u.search.slice(1).split("&")) parts.push(pair.slice(pair.indexOf("=") + 1));
  } catch { /* the configuration check refuses such an address */ }
  const decoded = parts.map((p) => { try { return decodeURIComponent(p.replace(/\+/g, " ")); } catch { return p; } });
  // Longest first: the whole address goes as one, not as its parts with the rest left.
  return [...new Set([...parts, ...decoded])].filter((p) => p.length >= 4).sort((a, b) => b.length - a.length);
}

/**
 * A query parameter whose name says it holds a secret (?token=, ?apikey=, &sig=, ?password=). Its value
 * guards something whatever its length: "?token=abc" is as much a secret as a long one. The value ends
 * where the address does, a comma or full stop of the sentence around it left out.
 */
const SECRET_PARAM = /([?&;](?:[\w.-]*(?:key(?!word)|secret|token|passw(?:or)?d|pwd|sig|signature|auth(?!or)|credential|session)[\w.-]*)=)[^&\s#"'<>]*?(?=[.,;:)\]]*(?:[&\s#"'<>]|$))/gi;

/** The text with the secrets blanked out as ***, and every value of a secret-named parameter in an address in it. */
export function redact(text: string, secrets: string[]): string {
  let out = text;
  // In any letter case: an intake that lowers its request's address in its answer ("%2b123%c3%a5")
  // kept the secret but for its case.
  for (const secret of secrets) out = out.replace(new RegExp(secret.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "***");
  return out.replace(SECRET_PARAM, "$1***");
}

/**
 * An intake's address as every message and the log name it: without its user, password or query,
 * which may carry secrets (?apikey=…). Relative to `base`, for a redirect's Location.
 */
export function displayUrl(url: string, base?: string): string {
  try {
    const u = new URL(url, base);
    return `${u.origin}${u.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * An address, or a text holding addresses, as a message quotes it where it may not parse (a
 * configuration error's "found …" for a bad scheme or port, where displayUrl has nothing to show):
 * its user and password as …, each value of its query as ***, the rest as written so that the
 * mistake still shows. A text with neither is returned as it is.
 */
export function addressBlanked(text: string): string {
  return credentialsBlanked(text).replace(QUERY, (_, query: string) => `?${query.split("&").map(valueBlanked).join("&")}`);
}

/**
 * A text with the user and password of each address in it as …, its query left (an account's ?id=),
 * a password holding an unescaped / ? # or @ blanked whole (see loginsIn).
 */
export function credentialsBlanked(text: string): string {
  let out = "";
  let from = 0;
  for (const { start, end } of loginsIn(text)) {
    out += `${text.slice(from, start)}…`;
    from = end;
  }
  return out + text.slice(from);
}

/** An address's query, ended as SECRET_PARAM ends a value: a comma or full stop of a sentence around it left out. */
const QUERY = /\?([^\s#"'<>]*?)(?=[.,;:)\]]*(?:[\s#"'<>]|$))/g;

/** One name=value of a query with its value as ***; a part without a name (?s3cr3t) is all value. */
function valueBlanked(pair: string): string {
  const eq = pair.indexOf("=");
  if (eq < 0) return pair === "" ? pair : "***";
  return eq === pair.length - 1 ? pair : `${pair.slice(0, eq + 1)}***`;
}

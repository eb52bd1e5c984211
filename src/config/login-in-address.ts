/**
 * Where a user name and password stand in an address, or in a text holding addresses, as written.
 *
 * The URL parser ends an address's first part at its first / ? or #, so a password holding one
 * unescaped ("https://somarkiv:pa/ss@diarium.example.se", "smtp://u:p#w@mail:587") is read as a host
 * and a port that do not parse, or do ("https://somarkiv:12/ss@…" is host "somarkiv", port 12), and
 * the parsed address has no login to blank or refuse. Read here as a person reads it instead: what
 * stands between the scheme's "//" and the first "@" after it is a login where it holds a ":" with a
 * user name before it, whatever the password holds; a user name may hold / ? or # too ("kommun/ext",
 * where the parser read host "kommun") where what stands before them is no host and, in a web
 * address, what follows the "@" is one (see userCutShort). A host and port before a path holding an
 * "@" ("https://www.tiktok.com:443/@kommun") is no login: its "host" has a dot, or is localhost, and
 * its "password" is a port's digits ending at / ? or #.
 */
export function loginsIn(text: string): Array<{ start: number; end: number }> {
  const found: Array<{ start: number; end: number }> = [];
  for (const scheme of text.matchAll(/[a-z][a-z\d+.-]*:\/\//gi)) {
    const start = scheme.index + scheme[0].length;
    if (found.length && start < found[found.length - 1]!.end) continue;
    const end = loginEnd(text, start, PATHLESS.has(scheme[0].slice(0, -3).toLowerCase()));
    if (end !== undefined) found.push({ start, end });
  }
  return found;
}

/** Whether an address holds a user name or password before its host, however they are written. */
export function holdsLogin(address: string): boolean {
  return loginsIn(address.trim()).length > 0;
}

/** Schemes whose addresses end at the host and port: an "@" after them is in no path, so ends a login. */
const PATHLESS = new Set(["smtp", "smtps"]);

/** Where the login that begins at `start` ends (the index of its last "@"), or undefined for none. */
function loginEnd(text: string, start: number, pathless: boolean): number | undefined {
  const at = text.indexOf("@", start);
  if (at < 0) return undefined;
  const login = text.slice(start, at);
  // A space or quotation mark ends the address: an "@" beyond it is another's, or an e-mail address.
  if (/[\s"'<>]/.test(login)) return undefined;
  const colon = login.indexOf(":");
  if (colon < 0) {
    // A user name alone, as the URL parser reads one; with / ? or # the "@" is in the path (…/@kommun),
    // but an SMTP URL has none: "smtp://kommun/ext@mail…" is the user "kommun/ext", to be said as such.
    if (login === "") return undefined;
    if (/[/?#]/.test(login) && !(pathless && userCutShort(login, pathless, ""))) return undefined;
  } else {
    const user = login.slice(0, colon);
    if (/[[\]]/.test(user)) return undefined;
    if (/[/?#]/.test(user) && !userCutShort(user, pathless, text.slice(laterAt(text, at) + 1))) return undefined;
    const port = /^\d{0,5}[/?#]/.test(login.slice(colon + 1));
    if (port && (user.includes(".") || user.toLowerCase() === "localhost")) return undefined;
  }
  return laterAt(text, at);
}

/**
 * Whether a "user name" holding / ? or # (before a ":", or alone in an SMTP URL) is a user name
 * ("kommun/ext", "user?x"), not a host and the path after it ("www.example.se/wiki/File:Logo@2x.png"):
 * what stands before its first / ? or # is no host one reaches, without a dot and not localhost. The
 * URL parser took "kommun" for the host, so the address passed as one without a login, led nowhere,
 * and its password was quoted.
 *
 * A dotless host is an intranet's too, and a web address's path may hold a ":" and then an "@"
 * ("http://diarium/wiki/File:a@b", "http://intranet/user:anna@kommun"): refused as a login, a wiki's
 * or a profile's link was said to hold a password. In a web address it is a user name only where it
 * holds one / ? or # (a path of one step, "kommun/ext"; "diarium/wiki/File" is two, "intranet/sok?q=from"
 * a path and a query) and what follows the "@" is a host one reaches: with a dot, localhost, an IP
 * address or a port ("diarium.example.se", "intranet:8443"). An SMTP URL has no path, so any "@" after
 * its host is a login's. What cannot be told apart is decided for the secret: "http://wiki/File:Logo@2x.png"
 * reads as the user "wiki/File" at host "2x.png" as well as a path, and is refused (the message says to
 * write a path's "@" as %40); "https://kommun/ext:pw@intranet", a login to a dotless host without a
 * port, reads as "intranet/user:anna@kommun" does, and passes as a path.
 */
function userCutShort(user: string, pathless: boolean, afterAt: string): boolean {
  const before = user.slice(0, user.search(/[/?#]/));
  if (before === "" || before.includes(".") || before.toLowerCase() === "localhost") return false;
  if (pathless) return true;
  return user.match(/[/?#]/g)!.length === 1 && hostReached(afterAt);
}

/** Whether an address's rest begins with a host one reaches, as a login's host: with a dot, localhost, an IP address or a port. */
function hostReached(rest: string): boolean {
  const m = /^(\[[^\]]*\]|[^/?#\s"'<>:@[\]]+)(:\d{1,5})?(?=[/?#\s"'<>]|$)/.exec(rest);
  if (!m) return false;
  return m[1]!.startsWith("[") || m[1]!.includes(".") || m[1]!.toLowerCase() === "localhost" || m[2] !== undefined;
}

/**
 * Whether the login found at an address's start may be a web address's path instead ("http://wiki/File:Logo@2x.png",
 * refused for the secret's sake; see userCutShort): its user name as written holds / ? or #, which the
 * URL parser reads as the end of the host. The refusal then says how to write such a path's "@".
 */
export function loginMayBePath(address: string): boolean {
  const text = address.trim();
  const scheme = /^([a-z][a-z\d+.-]*):\/\//i.exec(text);
  if (!scheme || PATHLESS.has(scheme[1]!.toLowerCase())) return false;
  const login = loginsIn(text).find((l) => l.start === scheme[0].length);
  if (!login) return false;
  const written = text.slice(login.start, login.end);
  const colon = written.indexOf(":");
  return /[/?#]/.test(colon < 0 ? written : written.slice(0, colon));
}

/** An "@" in the password ("p@ss@host"): the login runs to the last "@" before the host's / ? or #. */
function laterAt(text: string, at: number): number {
  let end = at;
  for (;;) {
    const next = text.indexOf("@", end + 1);
    if (next < 0 || /[/?#\s"'<>]/.test(text.slice(end + 1, next))) return end;
    end = next;
  }
}

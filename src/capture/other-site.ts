/**
 * Whether the page the capture reached belongs to another site than the account's address: a
 * redirect (or a script's move) to a login host, a parked domain, a page put up after the account
 * was taken over or its domain lapsed, or an address in an internal network. Pure: a function of
 * the address asked for and the one reached, so that it is tested without a browser.
 */

/** The flags a capture gets when the page it reached is not on the account's site. */
export type OtherSiteFlag = "reached-other-site" | "reached-internal-address";

/**
 * The flag for a capture asked for at `asked` that reached `reached`, or null when both are the
 * same site: www. to bare, m. to www., http to https and another path are the same site. An
 * address in an internal network is flagged as such unless the account's own address already is
 * one (a test, the demo), when only another site is.
 */
export function otherSiteFlag(asked: string, reached: string): OtherSiteFlag | null {
  let a: URL, r: URL;
  try { a = new URL(asked); r = new URL(reached); } catch { return null; }
  // Only web pages are compared: an error page (chrome-error://) is not a site the account moved to.
  if (!/^https?:$/.test(r.protocol) || !/^https?:$/.test(a.protocol)) return null;
  if (isInternalHost(r.hostname) && !isInternalHost(a.hostname)) return "reached-internal-address";
  return siteOf(a.hostname) === siteOf(r.hostname) ? null : "reached-other-site";
}

/**
 * Whether the page reached on the account's own site is another page than the account's: a redirect
 * to the platform's front page, or to another account's page, is how an account that was renamed,
 * deleted or taken over usually looks, and the snapshot would be filed as the account's unremarked.
 * The account's own address written otherwise (a slash at the end, capitals, escapes, a query or a
 * #part, "/index.html") is the same page; so are its sub-pages ("/@kommun/featured") and an address
 * the asked one lies under ("/kommun/posts" to "/kommun"), but never the front page of a site whose
 * account was asked for under a path. Null for another site, which otherSiteFlag says.
 */
export function otherPageFlag(asked: string, reached: string): "reached-other-page" | null {
  let a: URL, r: URL;
  try { a = new URL(asked); r = new URL(reached); } catch { return null; }
  if (!/^https?:$/.test(r.protocol) || !/^https?:$/.test(a.protocol)) return null;
  if (siteOf(a.hostname) !== siteOf(r.hostname)) return null;
  const [from, to] = [pageOf(a), pageOf(r)];
  if (from === to || to.startsWith(`${from}/`) || (to !== "" && from.startsWith(`${to}/`))) return null;
  return "reached-other-page";
}

/** An address's path as the same page is written every way: unescaped, lower case, no slash at the end. */
function pageOf(u: URL): string {
  let p = u.pathname;
  try { p = decodeURIComponent(p); } catch { /* a stray % is kept as written */ }
  return p.toLowerCase().replace(/\/{2,}/g, "/").replace(/\/index\.(html?|php)$/, "").replace(/\/+$/, "");
}

/** Second-level names under which a country's registry gives out names (kommun.co.uk is a site of its own). */
const SECOND_LEVEL = new Set(["co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go", "mil", "nic"]);

/**
 * The registrable part of a host name ("facebook.com" of "m.facebook.com", "bbc.co.uk" of
 * "www.bbc.co.uk"): two labels, three under a country's second level. An IP address is its own site.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase().replace(/\.$/, "");
  if (host.startsWith("[") || /^\d+(\.\d+){3}$/.test(host)) return host;
  const labels = host.split(".");
  if (labels.length <= 2) return SAME_PLATFORM[host] ?? host;
  const [second, top] = labels.slice(-2) as [string, string];
  const keep = top.length === 2 && SECOND_LEVEL.has(second) ? 3 : 2;
  const site = labels.slice(-keep).join(".");
  return SAME_PLATFORM[site] ?? site;
}

/**
 * A platform's other names, which it moves its visitors between: an account given as
 * twitter.com/… is shown at x.com/…, threads.net at threads.com, and that is the account's own page.
 */
const SAME_PLATFORM: Record<string, string> = {
  "twitter.com": "x.com", "t.co": "x.com",
  "fb.com": "facebook.com", "fb.me": "facebook.com", "fb.watch": "facebook.com",
  "instagr.am": "instagram.com", "threads.net": "threads.com",
  "youtu.be": "youtube.com", "flic.kr": "flickr.com", "lnkd.in": "linkedin.com",
};

/**
 * A host in this machine or an internal network, or at no public address: localhost, a name of one
 * label ("intranet") or under .local, .internal, .lan or .home.arpa, 127/8, 10/8, 172.16/12,
 * 192.168/16, 169.254/16 (the cloud's metadata address), 100.64/10 (a carrier's or cloud's shared
 * space), 0/8, 192.0.0/24, 198.18/15, multicast and reserved (224/3), and IPv6 ::, ::1, fc00::/7,
 * fe80::/10 and multicast ff00::/8 (also an IPv4 written in IPv6, mapped or NAT64). Judged by the
 * address as written; a public name that resolves to such an address is not seen here.
 */
export function isInternalHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, "").replace(/^\[|\]$/g, "");
  if (host === "localhost" || /\.(localhost|local|internal|lan|home\.arpa)$/.test(host)) return true;
  // A name of one label is looked up in the local network only: no site on the internet has one.
  if (host !== "" && !host.includes(".") && !host.includes(":") && !/^\d+$/.test(host)) return true;
  const mapped = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(host);
  const v4 = mapped ? mapped[1]! : host;
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(v4);
  if (m) {
    const [a, b] = [Number(m[1]), Number(m[2])];
    const c = Number(m[3]);
    return a === 127 || a === 10 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
      || (a === 100 && b >= 64 && b <= 127) || (a === 192 && b === 0 && c === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
  }
  // The URL parser writes an IPv4 in IPv6 as hex ("::ffff:a00:1" for 10.0.0.1).
  const hexMapped = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (hexMapped) {
    const n = parseInt(hexMapped[1]!, 16), lo = parseInt(hexMapped[2]!, 16);
    return isInternalHost(`${n >> 8}.${n & 255}.${lo >> 8}.${lo & 255}`);
  }
  if (!host.includes(":")) return false;
  return host === "::1" || host === "::" || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host) || /^ff[0-9a-f]{2}:/.test(host);
}

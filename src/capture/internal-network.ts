/**
 * Which addresses belong to the internal network, and whether a capture refuses its page's
 * requests to them. A page on the internet is the municipality's to record, the network somarkiv
 * runs in is not: a hostile page's frame or fetch of http://10.0.0.5/admin or the cloud's metadata
 * address would otherwise put the intranet's words into a public record. Pure: the addresses a
 * name resolves to are given, so that the decisions are tested without a network.
 */
import { isInternalHost } from "./other-site.ts";

/** The schemes whose requests go to a host over the network; data:, blob: and the like stay in the page. */
const NETWORK_SCHEMES = /^(https?|wss?|ftp):$/;

/** The host of an address as the browser reads it (2130706433 and 0x7f.1 are 127.0.0.1), or null for one that goes to no host. */
export function hostOf(url: string): string | null {
  try {
    const u = new URL(url);
    return NETWORK_SCHEMES.test(u.protocol) && u.hostname ? u.hostname : null;
  } catch {
    return null;
  }
}

/**
 * Whether the capture of the account at `accountUrl` refuses its page's requests to the internal
 * network: when the account's own address is on the internet, by how it is written and by what its
 * name resolves to here (`resolvesTo`, empty when it could not be resolved). An account whose address
 * is internal (an intranet page, a test's 127.0.0.1, the demo) is its own network's, and is taken as it was.
 */
export function guardsInternalNetwork(accountUrl: string, resolvesTo: readonly string[]): boolean {
  const host = hostOf(accountUrl);
  if (!host) return false;
  return !isInternalHost(host) && !resolvesTo.some(isInternalHost);
}

/**
 * Whether a request of a guarded page to `url` is refused: its host is internal as written, or its
 * name resolves here to an internal address (`resolvesTo`; null or empty when it is not known, as
 * behind a proxy that resolves names itself, and then only the address as written counts).
 */
export function refusedRequest(url: string, resolvesTo: readonly string[] | null): boolean {
  const host = hostOf(url);
  if (!host) return false;
  return isInternalHost(host) || (resolvesTo ?? []).some(isInternalHost);
}

/** Whether the host of `url` may be resolved to judge it: a name, not an address, and not one judged as written. */
export function needsResolving(url: string): boolean {
  const host = hostOf(url);
  return !!host && !isInternalHost(host) && !/^\[|^\d+(\.\d+){3}$/.test(host);
}

/** The internal addresses a page asked for, as said in a message: each host (and port) once, the first few named. */
export function refusedSaid(refused: readonly string[], named = 3): string {
  const hosts = [...new Set(refused.map((u) => { try { return new URL(u).host; } catch { return u; } }))];
  const shown = hosts.slice(0, named).join(", ");
  return hosts.length > named ? `${shown} and ${hosts.length - named} more` : shown;
}

/**
 * The host names the page asked for in the internal network, each once, in the order asked, for the
 * record: names only, never the whole address, whose path and query may hold what the page should
 * not have known (a token, a user's name), nor the port.
 */
export function refusedHosts(refused: readonly string[]): string[] {
  return [...new Set(refused.map((u) => hostOf(u) ?? "").filter(Boolean))];
}

/**
 * The failure of a capture whose page a redirect led into the internal network: no record, as the
 * page is the network's, not the account's, and a record would file and send the intranet's page.
 */
export function ledInsideMessage(accountUrl: string, reached: readonly string[]): string {
  return `The page at ${accountUrl} led into the internal network (to ${refusedSaid(reached)}): a redirect took the browser to an address inside it, where no site on the internet has the account's page. No record was made, so nothing of the internal network is filed or sent to the registrar. Look at the account: open its address in a browser to see where it leads; if the account has moved, put its new address in url in the configuration, and if the site or its domain has changed hands, tell the account's responsible. It will be tried again on the next run.`;
}

/**
 * The capture's refusal of the internal network, for an account whose address is on the internet:
 * every request of its pages (frames, fetches, pictures, a script's move, a window it opens) to an
 * internal address is aborted before it leaves the browser, and noted for the record. A redirect is
 * followed by the browser itself, past any route: one that leads into the internal network is noted
 * as reached, and the capture gives no record of it (see ledInside).
 */
import dns from "node:dns";
import type { BrowserContext, Request, Route } from "playwright-core";
import { within, LATE } from "./browser.ts";
import { guardsInternalNetwork, needsResolving, hostOf, refusedRequest } from "./internal-network.ts";

/** How long a name is given to resolve here before it is judged by how it is written only. */
const RESOLVE_MS = 2_000;

export class InternalGuard {
  /** The addresses of the page's requests that were refused, in the order asked. */
  readonly refused: string[] = [];
  /** The internal addresses a redirect took a request to, which no route can stop. */
  readonly ledInto: string[] = [];
  private readonly resolved = new Map<string, Promise<string[] | null>>();
  private readonly noting: Promise<void>[] = [];

  /** Resolves a host here, once per capture; null when it cannot be (no such name, a proxy's network). */
  resolve(url: string): Promise<string[] | null> {
    const host = hostOf(url);
    if (!host || !needsResolving(url)) return Promise.resolve(null);
    let known = this.resolved.get(host);
    if (!known) {
      const lookup = dns.promises.lookup(host, { all: true }).then((all) => all.map((a) => a.address), () => null);
      known = within(lookup, RESOLVE_MS).then((r) => (r === LATE ? null : r));
      this.resolved.set(host, known);
    }
    return known;
  }

  async refuses(url: string): Promise<boolean> {
    return refusedRequest(url, await this.resolve(url));
  }

  private async route(route: Route): Promise<void> {
    const url = route.request().url();
    if (await this.refuses(url)) {
      this.refused.push(url);
      // "aborted", as a request the page itself cancelled: a page moved on by its script stays where
      // it was, a frame stays empty, and no error page of the browser's takes the page's place.
      await route.abort("aborted").catch(() => undefined);
      return;
    }
    await route.continue().catch(() => undefined);
  }

  /** The internal addresses redirects took the page's requests to, once every request seen so far is judged. */
  async reached(): Promise<string[]> {
    await Promise.all(this.noting);
    return this.ledInto;
  }

  private async noteRedirect(request: Request): Promise<void> {
    if (!request.redirectedFrom()) return;
    const url = request.url();
    if (await this.refuses(url)) this.ledInto.push(url);
  }

  /**
   * Installs the guard on a context for the account at `accountUrl`, or returns null when the
   * account's own address is internal and its pages are taken as they are.
   */
  static async install(context: BrowserContext, accountUrl: string): Promise<InternalGuard | null> {
    const guard = new InternalGuard();
    const own = await guard.resolve(accountUrl);
    if (!guardsInternalNetwork(accountUrl, own ?? [])) return null;
    await context.route(() => true, (route) => guard.route(route));
    // A WebSocket is no request a route sees: one to an internal address as written is closed.
    await context.routeWebSocket((u) => refusedRequest(u.href, null), (ws) => { guard.refused.push(ws.url()); void ws.close({ code: 1008, reason: "internal network" }); });
    context.on("request", (r) => { guard.noting.push(guard.noteRedirect(r).catch(() => undefined)); });
    return guard;
  }
}

/**
 * The capture's watch on the network of its browser context, for the waits that need the page's
 * requests to have gone quiet.
 */
import type { BrowserContext, Page, Request } from "playwright-core";
import { sleep } from "./browser.ts";

/**
 * How long a request may run and still count as one the page waits for. A feed's next batch can
 * take a second or more to answer; a long poll, a stream or a request that hangs would hold the
 * page "busy" for ever, so past this age a request no longer counts.
 */
const REQUEST_COUNTS_MS = 4000;

/** Watches network activity so we can wait for a quiet moment: nothing started, nothing running, nothing ended. */
export class NetworkWatch {
  lastActivity = Date.now();
  private running = new Map<Request, number>();
  attach(context: BrowserContext): void {
    context.on("request", (r) => { this.lastActivity = Date.now(); this.running.set(r, Date.now()); });
    const ended = (r: Request) => { this.lastActivity = Date.now(); this.running.delete(r); };
    context.on("requestfinished", ended);
    context.on("requestfailed", ended);
  }
  /**
   * Forgets the requests of a page that was closed (a window the page opened by itself): they
   * never finish, and each held every wait for quiet to REQUEST_COUNTS_MS.
   */
  forget(page: Page): void {
    for (const request of this.running.keys()) {
      let of: Page | null = null;
      try { of = request.frame().page(); } catch { /* a service worker's request has no frame */ }
      if (of === page) this.running.delete(request);
    }
  }
  /**
   * Milliseconds since the network was last busy: a request started or ended, or one still running
   * reached REQUEST_COUNTS_MS. Zero while a younger request is running.
   */
  quietFor(): number {
    const now = Date.now();
    let busy = this.lastActivity;
    for (const [request, started] of this.running) {
      if (now - started < REQUEST_COUNTS_MS) return 0;
      busy = Math.max(busy, started + REQUEST_COUNTS_MS);
      // Long past counting (a stream, a long poll): forgotten, so the map stays small.
      if (now - started > 60_000) this.running.delete(request);
    }
    return now - busy;
  }
  /**
   * Whether a request started within the last `withinMs` is still running: a page's data on its way,
   * however long it takes, where quietFor stops counting one after a few seconds (a long poll).
   */
  awaiting(withinMs: number): boolean {
    const since = Date.now() - withinMs;
    for (const started of this.running.values()) if (started >= since) return true;
    return false;
  }
  /**
   * Whether the page's own data is still on its way: a script, or a request for data (fetch, XHR),
   * to the site of `pageUrl`, started within the last `withinMs` and still running. Another site's
   * is left out: a tracker that a firewall drops would hold every capture to its bound.
   */
  awaitingOwn(withinMs: number, pageUrl: string): boolean {
    const site = siteOf(pageUrl);
    if (!site) return false;
    const since = Date.now() - withinMs;
    for (const [request, started] of this.running) {
      if (started < since) continue;
      const type = request.resourceType();
      if ((type === "fetch" || type === "xhr" || type === "script") && siteOf(request.url()) === site) return true;
    }
    return false;
  }
  /** Resolves once the network has been quiet (see quietFor) for `quietMs`, or at `until`. */
  async quiet(until: number, quietMs = 250): Promise<boolean> {
    for (;;) {
      const wait = quietMs - this.quietFor();
      if (wait <= 0) return true;
      if (Date.now() >= until) return false;
      await sleep(Math.max(10, Math.min(wait, until - Date.now())));
    }
  }
}

/**
 * A site as the address's host names it: an address of its own, or its last two names
 * (api.facebook.com and www.facebook.com are one site). Null for what is not a web address.
 */
function siteOf(url: string): string | null {
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    host = u.hostname;
  } catch {
    return null;
  }
  if (/^[\d.]+$/.test(host) || host.includes(":") || host.startsWith("[")) return host;
  return host.split(".").slice(-2).join(".");
}

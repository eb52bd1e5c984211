/**
 * The capture's refusal of the internal network, for an account whose address is on the internet:
 * every request of its pages (frames, fetches, pictures, a script's move, a window it opens) to an
 * internal address is aborted before it leaves the browser, and noted for the record.
 *
 * A redirect's hop is followed by the browser itself, and Playwright lets it through past any route
 * (a 3xx handed on with route.fulfill too: its follow-up is a redirect again). Chromium pauses the
 * hop for every client that asked it to (Fetch.enable), so the guard is a second client, on the
 * browser's own session (one for all the guarded captures of a browser, HopWatch), which sees the hops of every frame, frames of other sites in their own
 * process and windows included, and fails the one into the internal network before it is sent. The
 * browser's session sees every context's requests: a hop is stopped only where it is this context's.
 * A hop of the page itself is noted as reached (the capture gives no record of it, see ledInside);
 * one of a picture, frame or fetch as refused, like any request refused.
 */
import dns from "node:dns";
import type { Browser, BrowserContext, CDPSession, Page, Request, Route } from "playwright-core";
import { within, LATE } from "./browser.ts";
import { guardsInternalNetwork, needsResolving, hostOf, refusedRequest } from "./internal-network.ts";

/** How long a name is given to resolve here before it is judged by how it is written only. */
const RESOLVE_MS = 2_000;
/** How long a hop the context saw is waited for to be judged on the browser's session (a name resolved, its frame looked up). */
const JUDGE_MS = RESOLVE_MS + 3_000;

/** An address without its #part, which the browser's session gives apart and the context's request with it. */
const withoutPart = (url: string): string => url.replace(/#.*$/s, "");

export class InternalGuard {
  /** The addresses of the page's requests that were refused, in the order asked. */
  readonly refused: string[] = [];
  /** The internal addresses a redirect took a request to, which no route can stop. */
  readonly ledInto: string[] = [];
  private readonly resolved = new Map<string, Promise<string[] | null>>();
  private readonly noting: Promise<void>[] = [];
  /** The hops into the internal network stopped before they were sent. */
  private readonly stopped = new Set<string>();
  /** The hops into the internal network judged another capture's and let go on. */
  private readonly passed = new Set<string>();
  /** Called at each hop judged, for reached, which waits for the judgement of every hop its context saw. */
  private readonly onJudged = new Set<() => void>();
  /** The hops into the internal network the page's requests were seen to take, stopped or not. */
  private readonly hops: string[] = [];

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

  /**
   * The internal addresses redirects took the page itself to, and any hop into the internal network
   * that was sent after all (one the guard could not tell for this context's), once every request
   * seen so far is judged.
   */
  async reached(): Promise<string[]> {
    await Promise.all(this.noting);
    // The context hears of a hop on its own session, the guard on the browser's, in no set order: a hop
    // heard of before the guard judged it would be said to have reached the intranet, and the page that
    // only asked for it fail as led-to-internal-address. Each is waited for; one never judged counts as reached.
    const unjudged = () => this.hops.filter((u) => !this.stopped.has(u) && !this.passed.has(u));
    if (unjudged().length) {
      let look = () => undefined as void;
      const all = new Promise<void>((resolve) => { look = () => { if (!unjudged().length) resolve(); }; });
      this.onJudged.add(look);
      look();
      await within(all, JUDGE_MS);
      this.onJudged.delete(look);
    }
    return [...this.ledInto, ...this.hops.filter((u) => !this.stopped.has(u) && !this.ledInto.includes(u))];
  }

  private async noteRedirect(request: Request): Promise<void> {
    if (!request.redirectedFrom()) return;
    const url = request.url();
    if (await this.refuses(url)) this.hops.push(withoutPart(url));
  }

  /**
   * Judges a redirect's hop, paused on the browser's session, for this guard: "stop" where it is into
   * the internal network and this context's (noted as refused, or as reached for the page's own
   * document), "pass" where it is into the internal network and another capture's, null where it is
   * not into the internal network.
   */
  private async judgeHop(own: Owner, e: PausedRequest): Promise<"stop" | "pass" | null> {
    const url = e.request.url;
    let stop = false;
    let internal = false;
    try {
      internal = await this.refuses(url);
      stop = internal && (await own.has(e.frameId));
    } catch {
      // Not to be told, as this context's page has gone with its session: let go on, never left paused,
      // which would hold every capture of the browser; were it this context's after all, reached says so.
    }
    if (!internal) return null;
    (stop ? this.stopped : this.passed).add(withoutPart(url));
    if (stop) {
      // The page's own document led inside: no record of it (ledInside). A picture's, frame's or fetch's: refused, as any request.
      if (e.resourceType === "Document" && e.frameId === own.mainFrame) this.ledInto.push(url);
      else this.refused.push(url);
    }
    return stop ? "stop" : "pass";
  }

  /** Tells reached that a hop into the internal network has been judged and sent on or stopped. */
  private judged(): void {
    for (const look of this.onJudged) look();
  }

  /**
   * Installs the guard on a context for the account at `accountUrl`, or returns null when the
   * account's own address is internal and its pages are taken as they are.
   */
  static async install(context: BrowserContext, accountUrl: string): Promise<InternalGuard | null> {
    const guard = new InternalGuard();
    const own = await guard.resolve(accountUrl);
    if (!guardsInternalNetwork(accountUrl, own ?? [])) return null;
    // The routes and the browser's session are set up at once, not one round trip after another: the
    // guard is installed in every capture of an account on the internet, before its page is opened.
    const routes = Promise.all([
      context.route(() => true, (route) => guard.route(route)),
      // A WebSocket is no request a route sees: one to an internal address as written is closed.
      context.routeWebSocket((u) => refusedRequest(u.href, null), (ws) => { guard.refused.push(ws.url()); void ws.close({ code: 1008, reason: "internal network" }); }),
    ]);
    context.on("request", (r) => { guard.noting.push(guard.noteRedirect(r).catch(() => undefined)); });
    const page = context.pages()[0];
    const browser = context.browser();
    const hops = page && browser ? InternalGuard.stopHops(guard, context, page, browser) : undefined;
    await Promise.all([routes, hops]);
    return guard;
  }

  /** The second interception, on the browser's own session (see the top of this file), shared by the guarded captures beside this one. */
  private static async stopHops(guard: InternalGuard, context: BrowserContext, page: Page, browser: Browser): Promise<void> {
    const opened = await Promise.allSettled([context.newCDPSession(page), HopWatch.enter(browser)]);
    const pageSession = opened[0].status === "fulfilled" ? opened[0].value : null;
    const seat = opened[1].status === "fulfilled" ? opened[1].value : null;
    const leave = () => { seat?.leave(); void pageSession?.detach().catch(() => undefined); };
    // The browser's session outlives the context: one left attached by a failure here would pause every later capture's requests.
    if (!pageSession || !seat) { leave(); throw (opened.find((o) => o.status === "rejected") as PromiseRejectedResult).reason; }
    context.on("close", leave);
    try {
      const { targetInfo } = await pageSession.send("Target.getTargetInfo") as { targetInfo: { targetId: string; browserContextId?: string } };
      const own = new Owner(seat.session, pageSession, targetInfo.targetId, targetInfo.browserContextId ?? "");
      seat.judge = { hop: (e) => guard.judgeHop(own, e), judged: () => guard.judged() };
    } catch (e) {
      leave();
      throw e;
    }
  }
}

/** A guarded capture's place at the browser's session: how it judges a hop, once it can. */
interface Seat {
  readonly session: CDPSession;
  judge: { hop: (e: PausedRequest) => Promise<"stop" | "pass" | null>; judged: () => void } | null;
  leave(): void;
}

/**
 * The browser's one session that pauses every request for the hops into the internal network, shared
 * by the guarded captures running in that browser. Each capture's own session would pause every
 * request of every capture once for each guarded capture beside it (seven times a request at
 * concurrency 6), and each pause waits for Node's thread, which the captures share.
 */
class HopWatch {
  private static readonly open = new WeakMap<Browser, Promise<HopWatch>>();
  private readonly seats = new Set<Seat>();
  private closed = false;

  private constructor(private readonly session: CDPSession) {
    session.on("Fetch.requestPaused", (e) => { void this.paused(e as PausedRequest); });
  }

  /** A seat at the browser's watch, opened when no guarded capture has one; left when the capture's context closes. */
  static async enter(browser: Browser): Promise<Seat> {
    for (;;) {
      let opening = HopWatch.open.get(browser);
      if (!opening) {
        opening = HopWatch.start(browser);
        HopWatch.open.set(browser, opening);
        const mine = opening;
        mine.catch(() => { if (HopWatch.open.get(browser) === mine) HopWatch.open.delete(browser); });
      }
      const watch = await opening;
      // The last seat may have been left while this one waited for the session: the watch is gone then.
      if (watch.closed) continue;
      const seat: Seat = { session: watch.session, judge: null, leave: () => watch.leave(browser, seat, opening) };
      watch.seats.add(seat);
      return seat;
    }
  }

  private static async start(browser: Browser): Promise<HopWatch> {
    const session = await browser.newBrowserCDPSession();
    try {
      await session.send("Fetch.enable", { patterns: [{ urlPattern: "*" }] });
    } catch (e) {
      await session.detach().catch(() => undefined);
      throw e;
    }
    return new HopWatch(session);
  }

  private leave(browser: Browser, seat: Seat, opening: Promise<HopWatch>): void {
    if (!this.seats.delete(seat) || this.seats.size > 0) return;
    // No guarded capture left: a session left attached would keep pausing every later capture's requests.
    this.closed = true;
    if (HopWatch.open.get(browser) === opening) HopWatch.open.delete(browser);
    void this.session.detach().catch(() => undefined);
  }

  /** Every request is paused here; only a redirect's hop is judged, by each guarded capture, and stopped where it is that capture's. */
  private async paused(e: PausedRequest): Promise<void> {
    const judges = e.redirectedRequestId ? [...this.seats].flatMap((s) => (s.judge ? [s.judge] : [])) : [];
    const verdicts = await Promise.all(judges.map((j) => j.hop(e).catch(() => null)));
    if (verdicts.includes("stop")) await this.session.send("Fetch.failRequest", { requestId: e.requestId, errorReason: "Aborted" }).catch(() => undefined);
    else await this.session.send("Fetch.continueRequest", { requestId: e.requestId }).catch(() => undefined);
    judges.forEach((j, i) => { if (verdicts[i] !== null) j.judged(); });
  }
}

interface PausedRequest {
  requestId: string;
  request: { url: string };
  frameId: string;
  resourceType: string;
  redirectedRequestId?: string;
}

/** Whose a frame the browser's session names is: this context's or another capture's, running beside it. */
class Owner {
  constructor(private readonly browser: CDPSession, private readonly page: CDPSession, readonly mainFrame: string, private readonly contextId: string) {}

  async has(frameId: string): Promise<boolean> {
    if (frameId === this.mainFrame) return true;
    // A page, a window it opened, or a frame of another site in its own process is a target of its own, with its context.
    const { targetInfos } = await this.browser.send("Target.getTargets") as { targetInfos: Array<{ targetId: string; type: string; browserContextId?: string }> };
    const target = targetInfos.find((t) => t.targetId === frameId);
    if (target) return target.browserContextId === this.contextId;
    // A frame in the page's own process.
    const { frameTree } = await this.page.send("Page.getFrameTree") as { frameTree: FrameTree };
    if (inTree(frameTree, frameId)) return true;
    // A worker's request names its page's frame, and a frame within another site's frame is a target of its
    // own or in the page's tree (test/capture/internal-side-by-side.test.ts): what is left is a frame the
    // browser no longer lists (gone as it was asked). It is this context's when no other capture has a page
    // open; beside another capture it is let go on, the intranet gets its request, and the capture that
    // asked for it, hearing of the hop, fails as led-to-internal-address with no record (reached).
    return targetInfos.every((t) => t.type !== "page" || t.browserContextId === this.contextId);
  }
}

interface FrameTree { frame: { id: string }; childFrames?: FrameTree[] }
const inTree = (t: FrameTree, id: string): boolean => t.frame.id === id || (t.childFrames ?? []).some((c) => inTree(c, id));

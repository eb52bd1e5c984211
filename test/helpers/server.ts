import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";

export const FIXTURES = path.resolve(import.meta.dirname, "../fixtures");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".gif": "image/gif",
  ".webp": "image/webp",
};

export type Route = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;

export interface FixtureServer {
  url: string;
  /** Absolute URL of a path on this server. */
  at(p: string): string;
  close(): Promise<void>;
}

/**
 * Serves test/fixtures (or another folder) on 127.0.0.1 with a free port. Extra routes take precedence;
 * `?delay=ms` on any static file delays the answer, which fixtures use to imitate slow lazy content.
 */
export async function startFixtureServer(opts: { root?: string; routes?: Record<string, Route> } = {}): Promise<FixtureServer> {
  const root = opts.root ?? FIXTURES;
  const routes = opts.routes ?? {};
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? "/", "http://127.0.0.1");
    const route = routes[u.pathname];
    if (route) {
      try {
        await route(req, res);
      } catch (e) {
        if (!res.headersSent) res.writeHead(500);
        res.end(String(e));
      }
      return;
    }
    let p = path.normalize(decodeURIComponent(u.pathname)).replace(/^(\.\.[/\\])+/, "");
    let file = path.join(root, p);
    if (!file.startsWith(root)) { res.writeHead(403); res.end(); return; }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) { res.writeHead(404, { "content-type": "text/html" }); res.end("<h1>404 Not found</h1>"); return; }
    const delay = Number(u.searchParams.get("delay") ?? 0);
    if (delay > 0) await new Promise((r) => setTimeout(r, Math.min(delay, 30_000)));
    res.writeHead(200, { "content-type": TYPES[path.extname(file).toLowerCase()] ?? "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    at: (p: string) => new URL(p, url + "/").toString(),
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

import * as fsp from "node:fs/promises";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
// s3rver ships no types; only its constructor, run() and the http server it keeps are used here.
// @ts-expect-error -- untyped CommonJS module
import S3rverModule from "s3rver";

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  httpServer?: Server;
}
const S3rver = S3rverModule as unknown as new (opts: Record<string, unknown>) => S3rverInstance;

export interface TestS3 {
  /** e.g. http://127.0.0.1:41234 */
  endpoint: string;
  port: number;
  bucket: string;
  /** Where s3rver keeps its data; it survives stop(), so start() brings the same objects back. */
  dir: string;
  /** Stops listening and cuts open connections, so that clients see the store as down at once. Safe to call twice. */
  stop(): Promise<void>;
  /** Starts again on the same port and directory, after stop(). */
  start(): Promise<void>;
  /** stop() and remove the data directory (when startS3 created it). */
  destroy(): Promise<void>;
}

/**
 * A real S3-compatible server (s3rver) on 127.0.0.1 for tests, with one bucket. Sets the credentials that
 * s3rver accepts (S3RVER/S3RVER) in the environment, where the AWS SDK's default chain finds them — the
 * same way somarkiv gets credentials in production.
 */
export async function startS3(opts: { port?: number; dir?: string; bucket?: string } = {}): Promise<TestS3> {
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

  const bucket = opts.bucket ?? "somarkiv";
  const ownDir = !opts.dir;
  const dir = opts.dir ?? (await fsp.mkdtemp(path.join(os.tmpdir(), "somarkiv-s3rver-")));
  let port = opts.port ?? 0;
  let server: Server | undefined;

  const start = async (): Promise<void> => {
    if (server) return;
    const s3 = new S3rver({
      address: "127.0.0.1",
      port,
      silent: true,
      directory: dir,
      configureBuckets: [{ name: bucket }],
    });
    // A port freed a moment ago can still be held by the previous server's last sockets; try briefly.
    let lastError: unknown;
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        const addr = await s3.run();
        port = addr.port;
        server = s3.httpServer;
        return;
      } catch (e) {
        lastError = e;
        if ((e as NodeJS.ErrnoException).code !== "EADDRINUSE") throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw lastError;
  };

  const stop = async (): Promise<void> => {
    const s = server;
    if (!s) return;
    server = undefined;
    await new Promise<void>((resolve) => {
      s.close(() => resolve());
      // Keep-alive connections from the SDK would hold close() open indefinitely.
      s.closeAllConnections();
    });
  };

  await start();
  const handle: TestS3 = {
    get endpoint() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    bucket,
    dir,
    stop,
    start,
    destroy: async () => {
      await stop();
      if (ownDir) await fsp.rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

import { afterAll, beforeAll } from "vitest";
import { startFixtureServer, type FixtureServer } from "./server.ts";
import type { Workspace } from "./cli.ts";

/**
 * A test file's fixture site, started before its tests, and the workspaces its tests make, removed
 * with the site after them: the set-up each file of command-line tests had written out for itself.
 */
export function siteAndWorkspaces(opts?: Parameters<typeof startFixtureServer>[0]): {
  readonly server: FixtureServer;
  keep(ws: Workspace): Workspace;
} {
  let server: FixtureServer | undefined;
  const workspaces: Workspace[] = [];
  beforeAll(async () => { server = await startFixtureServer(opts); });
  afterAll(async () => {
    await server?.close();
    for (const ws of workspaces) ws.cleanup();
  });
  return {
    get server() {
      if (!server) throw new Error("the fixture site is started before the file's tests, not while it is read");
      return server;
    },
    keep(ws) { workspaces.push(ws); return ws; },
  };
}

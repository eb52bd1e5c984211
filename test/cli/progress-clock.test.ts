import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, type Workspace } from "../helpers/cli.ts";
import { syntheticArchive } from "../log/archive.ts";

describe("progress lines on a server whose clock is in another time zone", () => {
  let ws: Workspace;
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws.cleanup());

  it("give their time in the configuration's zone, as every other time somarkiv gives, not the server's", async () => {
    const r = await runCli(["verify", "--config", ws.configPath], { env: { TZ: "America/New_York" } });
    expect(r.code, r.stderr).toBe(0);
    const line = r.stderr.split("\n").find((l) => l.includes("verify: reading every record"));
    expect(line).toMatch(/^\d\d:\d\d:\d\d CES?T verify: reading every record/);
  });
});

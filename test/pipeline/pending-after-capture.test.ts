import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, runCli } from "../helpers/cli.ts";
import { ORGANISATION, spoolSecondVersion, syntheticArchive } from "../log/archive.ts";

/**
 * A manual capture takes its pages first and then sends what waited from earlier runs: a store that
 * took the connection and never answered held the capture for minutes (3 tries of 60 s) before it began,
 * with the operator at the terminal. The record waiting is still sent by the same command.
 */
describe("a manual capture with records waiting from earlier runs", () => {
  let site: FixtureServer | undefined;
  let ws: Awaited<ReturnType<typeof syntheticArchive>> | undefined;
  afterEach(async () => { await site?.close(); ws?.cleanup(); });

  it("captures before it stores and delivers what waited, and still does both", async () => {
    site = await startFixtureServer();
    ws = await syntheticArchive();
    ws.write({ organisation: ORGANISATION, capture: { timeoutSeconds: 60, concurrency: 1 }, accounts: [account("konto-a", "https://example.se/konto-a"), account("konto-b", site.at("pipeline/kommun.html"))] });
    const { id } = spoolSecondVersion(ws);
    const r = await runCli(["capture", "--account", "konto-b", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stderr.split("\n");
    const began = lines.findIndex((l) => l.includes("capturing 1 account for"));
    const waitedSent = lines.findIndex((l) => l.includes(`storing ${id}`));
    expect(began, r.stderr).toBeGreaterThanOrEqual(0);
    expect(waitedSent, r.stderr).toBeGreaterThan(began);
    expect(lines.findIndex((l) => /\[konto-b\] captured in/.test(l))).toBeLessThan(waitedSent);
    expect(fs.readdirSync(ws.intake)).toContain(`${id}.pdf`);
  });
});

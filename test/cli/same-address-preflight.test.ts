import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { count, SE } from "../worker/helpers.ts";

/**
 * Preflight, run weeks before the capture month to find what would go wrong, is where an entry pasted
 * twice is still mended in time: it says so, in capture's words, before it opens the page.
 */

const site = siteAndWorkspaces();

describe("preflight of a page entered twice", () => {
  it("warns once of the pair, naming the entry it was not asked for, and checks the page all the same", async () => {
    const page = site.server.at("worker/kommun.html");
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommun" }, schedule: { timezone: SE }, capture: { timeoutSeconds: 60 }, accounts: [
      account("kommun-gamla", page, { status: "closed", closedOn: "2025-06-30" }),
      account("kommun", `${page}?mibextid=ZbWKwL`),
      account("kommun-2", `${page}?fbclid=IwAR0xyz`),
    ] }));
    const r = await runCli(["preflight", "--account", "kommun", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(r.code, r.stderr).toBe(0);
    const err = unnamed(r.stderr, ws);
    const twice = `WARNING: ${ws.configPath}: the accounts "kommun" and "kommun-2" have the same address (${page}?mibextid=ZbWKwL and ${page}?fbclid=IwAR0xyz), so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-2"`;
    expect(count(r.stderr, twice), r.stderr).toBe(1);
    expect(count(err, `the accounts "kommun-gamla" and "kommun" have the same address (${page} and ${page}?mibextid=ZbWKwL), and "kommun-gamla" is closed, so the records of "kommun" begin a second series of its page under a new id.`), err).toBe(1);
    expect(r.stderr.indexOf(twice)).toBeLessThan(r.stderr.indexOf("[kommun] preflight: opening"));
    expect(r.stdout).toContain("kommun: ready");
  });
});

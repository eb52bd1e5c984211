/**
 * The browser's view of a failed capture is kept in failed/ for the administrator to see why it
 * failed. It may show people's posts, and is no record: once a capture of the account succeeds it
 * has served, and it is removed, while another account's, still failing, is kept.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";

const site = siteAndWorkspaces();

describe("the screenshots of failed captures", () => {
  it("are removed once a capture of the account succeeds, and kept for an account still failing", async () => {
    const blank = site.server.at("capture/blank-white.html");
    const config = (kommunUrl: string) => ({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", kommunUrl), account("kommun-bibliotek", blank)],
    });
    const ws = site.keep(makeWorkspace(config(blank)));
    const failed = path.join(ws.dir, "failed");
    const shots = () => (fs.existsSync(failed) ? fs.readdirSync(failed).sort() : []);

    const first = await runCli(["capture", "--config", ws.configPath]);
    expect(first.code).toBe(1);
    expect(shots().map((f) => f.split("_")[0])).toEqual(["kommun-bibliotek", "kommun"]);
    expect(shots().every((f) => /_failed-\S+\.png$/.test(f))).toBe(true);
    const libraryShot = shots().find((f) => f.startsWith("kommun-bibliotek_"))!;

    // The address corrected: the next capture of kommun succeeds; the library's page is still blank.
    ws.write(config(site.server.at("pipeline/kommun.html")));
    const second = await runCli(["capture", "--config", ws.configPath]);
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/\[kommun\] the screenshot of 1 earlier failed attempt was removed from \S*failed: the account is captured now, and it showed only why that attempt failed/);
    const left = shots();
    expect(left.filter((f) => f.startsWith("kommun_"))).toEqual([]);
    // The library's first failure's screenshot and its second's are both kept.
    expect(left).toContain(libraryShot);
    expect(left.filter((f) => f.startsWith("kommun-bibliotek_"))).toHaveLength(2);
  }, 300_000);
});

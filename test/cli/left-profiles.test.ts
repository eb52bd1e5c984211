/**
 * A capture killed outright (SIGKILL, as a container stopped without waiting) leaves Playwright's
 * profile folder in TMPDIR; the next browser's start removes it, and never one a running browser
 * (or anything else running) was started with.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, it, expect } from "vitest";
import { account, makeWorkspace, runCli, BIN, PROJECT } from "../helpers/cli.ts";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { leftArtifacts as leftArtifactFolders, leftProfiles, PROFILE_GRACE_MS } from "../../src/capture/left-profiles.ts";

const site = siteAndWorkspaces();

/** The pids of running processes started with --user-data-dir=dir. */
function using(dir: string): number[] {
  return fs.readdirSync("/proc").filter((n) => /^\d+$/.test(n)).flatMap((pid) => {
    try { return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").includes(`--user-data-dir=${dir}`) ? [Number(pid)] : []; } catch { return []; }
  });
}

async function until(what: () => boolean): Promise<void> {
  while (!what()) await new Promise((r) => setTimeout(r, 100));
}

const profiles = (tmp: string) => fs.readdirSync(tmp).filter((n) => n.startsWith("playwright_chromiumdev_profile-")).sort();
const artifacts = (tmp: string) => fs.readdirSync(tmp).filter((n) => n.startsWith("playwright-artifacts-")).sort();

describe("the profile folders of browsers killed with somarkiv", () => {
  it("are removed at the next browser's start; one a running process uses is kept", async () => {
    const config = (url: string) => ({ organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 }, accounts: [account("kommun", url)] });
    const ws = site.keep(makeWorkspace(config(site.server.at("pipeline/kommun.html?delay=60000"))));
    const tmp = path.join(ws.dir, "tmp");
    fs.mkdirSync(tmp);
    const env = { ...process.env, SOMARKIV_CONFIG: undefined, TMPDIR: tmp };

    // A capture killed while its browser waits for the page.
    const child = spawn(process.execPath, [BIN, "capture", "--config", ws.configPath], { cwd: PROJECT, env, stdio: "ignore" });
    const exited = new Promise((r) => child.on("exit", r));
    await until(() => profiles(tmp).some((p) => using(path.join(tmp, p)).length > 0));
    const [left] = profiles(tmp);
    child.kill("SIGKILL");
    await exited;
    // Its browser goes when somarkiv's end of the pipe closes; its folder stays.
    await until(() => using(path.join(tmp, left!)).length === 0);
    expect(profiles(tmp)).toEqual([left]);
    const leftArtifacts = artifacts(tmp);
    expect(leftArtifacts).toHaveLength(1);

    // Another browser's folder, in use by a process still running (as a second somarkiv's would be).
    const inUse = path.join(tmp, "playwright_chromiumdev_profile-Run1ng");
    fs.mkdirSync(inUse);
    const holder = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)", "--", `--user-data-dir=${inUse}`], { stdio: "ignore" });
    try {
      await until(() => using(inUse).length > 0);
      // The worker restarted some minutes later.
      const before = new Date(Date.now() - 10 * 60_000);
      for (const p of profiles(tmp)) fs.utimesSync(path.join(tmp, p), before, before);

      ws.write(config(site.server.at("pipeline/kommun.html")));
      const next = await runCli(["capture", "--config", ws.configPath], { env: { TMPDIR: tmp } });
      expect(next.code).toBe(0);
      expect(next.stderr).toContain(`removed 1 browser profile folder (playwright_chromiumdev_profile-…) from ${tmp}, left by browsers no longer running`);
      expect(profiles(tmp)).toEqual([path.basename(inUse)]);
      // The killed browser's artifacts folder stays while a profile is in use: nothing says whose it is.
      expect(artifacts(tmp)).toEqual(leftArtifacts);
    } finally {
      holder.kill("SIGKILL");
    }

    // Once no browser runs, the next start removes it too, and says so.
    await until(() => using(inUse).length === 0);
    const past = new Date(Date.now() - 10 * 60_000);
    for (const a of artifacts(tmp)) fs.utimesSync(path.join(tmp, a), past, past);
    const last = await runCli(["capture", "--config", ws.configPath, "--force", "--reason", "test"], { env: { TMPDIR: tmp } });
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).toContain(`removed 1 browser profile folder (playwright_chromiumdev_profile-…) and 1 browser artifacts folder (playwright-artifacts-…) from ${tmp}, left by browsers no longer running`);
    expect(artifacts(tmp)).toEqual([]);
    expect(profiles(tmp)).toEqual([]);
  }, 300_000);

  it("an artifacts folder is left while any browser's profile is in use, and removed past the grace once none is (a pure decision)", () => {
    const now = Date.parse("2026-06-01T06:00:00Z");
    const old = now - PROFILE_GRACE_MS - 1;
    const entries = [
      { name: "playwright-artifacts-aB3dE6", uid: 999, mtimeMs: old },
      { name: "playwright-artifacts-other1", uid: 1000, mtimeMs: old },
      { name: "playwright-artifacts-fresh1", uid: 999, mtimeMs: now - 1000 },
      { name: "playwright_chromiumdev_profile-aB3dE6", uid: 999, mtimeMs: old },
    ];
    expect(leftArtifactFolders(entries, new Set(["playwright_chromiumdev_profile-inuse1"]), 999, now)).toEqual([]);
    expect(leftArtifactFolders(entries, new Set(), 999, now)).toEqual(["playwright-artifacts-aB3dE6"]);
  });

  it("leaves another user's, one made a moment ago, and folders of other names (a pure decision)", () => {
    const now = Date.parse("2026-06-01T06:00:00Z");
    const old = now - PROFILE_GRACE_MS - 1;
    const entries = [
      { name: "playwright_chromiumdev_profile-aB3dE6", uid: 999, mtimeMs: old },
      { name: "playwright_chromiumdev_profile-other1", uid: 1000, mtimeMs: old },
      { name: "playwright_chromiumdev_profile-fresh1", uid: 999, mtimeMs: now - 1000 },
      { name: "playwright_chromiumdev_profile-inuse1", uid: 999, mtimeMs: old },
      { name: "playwright-artifacts-aB3dE6", uid: 999, mtimeMs: old },
      { name: "somarkiv-read-aB3dE6", uid: 999, mtimeMs: old },
    ];
    expect(leftProfiles(entries, new Set(["playwright_chromiumdev_profile-inuse1"]), 999, now)).toEqual(["playwright_chromiumdev_profile-aB3dE6"]);
  });
});

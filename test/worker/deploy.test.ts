import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { configSchema } from "../../src/config/schema.ts";
import { PROJECT } from "../helpers/cli.ts";

const UNIT = path.join(PROJECT, "scripts/deploy/somarkiv.service");
const CONTAINERFILE = path.join(PROJECT, "scripts/deploy/Containerfile");

function unitSettings(text: string): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const line of text.split("\n")) {
    const t = line.trim();
    if (!t || t.startsWith("#") || t.startsWith("[")) continue;
    const i = t.indexOf("=");
    m.set(t.slice(0, i), [...(m.get(t.slice(0, i)) ?? []), t.slice(i + 1)]);
  }
  return m;
}

describe("deployment files", () => {
  const unit = fs.readFileSync(UNIT, "utf8");
  const s = unitSettings(unit);
  const one = (k: string) => s.get(k)?.at(-1);

  it("the systemd unit stops the worker with SIGTERM and waits longer than its stop bound", () => {
    const defaults = configSchema.parse({ organisation: { name: "x" } });
    // The worker waits capture.timeoutSeconds + 60 s for the capture in progress (src/cli/commands/worker.ts).
    const bound = defaults.capture.timeoutSeconds + 60;
    expect(Number(one("TimeoutStopSec"))).toBeGreaterThan(bound);
    expect(one("KillSignal")).toBe("SIGTERM");
    expect(one("KillMode")).toBe("mixed");
    expect(one("Restart")).toBe("on-failure");
    expect(one("User")).toBe("somarkiv");
    expect(one("ProtectSystem")).toBe("strict");
    expect(one("ReadWritePaths")).toContain("/var/lib/somarkiv");
    // config check reports at start, but its findings (a store or mail server down at boot) do not stop the worker.
    expect(one("ExecStartPre")).toMatch(/^-\/usr\/bin\/node \/opt\/somarkiv\/bin\/somarkiv\.mjs config check /);
    expect(one("EnvironmentFile")).toMatch(/^-?\/etc\/somarkiv\//);
    const exec = one("ExecStart")!.split(" ");
    expect(exec.slice(1)).toEqual(["/opt/somarkiv/bin/somarkiv.mjs", "run", "--config", "/etc/somarkiv/somarkiv.yaml"]);
    expect(fs.existsSync(path.join(PROJECT, "bin/somarkiv.mjs"))).toBe(true);
  });

  it("the container file builds from node:20-bookworm-slim with Chromium and its headless shell and runs the worker on a /data volume", () => {
    const c = fs.readFileSync(CONTAINERFILE, "utf8");
    expect(c).toMatch(/^FROM node:20-bookworm-slim$/m);
    expect(c).toMatch(/apt-get install[^\n]*\\\n[^\n]*chromium chromium-headless-shell icc-profiles-free/);
    expect(c).toContain("npm ci --omit=dev");
    expect(c).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(c).toMatch(/^USER somarkiv$/m);
    expect(c).toMatch(/^STOPSIGNAL SIGTERM$/m);
    expect(c).toMatch(/^CMD \["run"\]$/m);
    // Every file the image copies exists, and tsx (which runs the sources when dist/ is not current) is a runtime dependency.
    for (const m of c.matchAll(/^COPY (.+) \S+$/gm)) for (const f of m[1].split(" ")) expect(fs.existsSync(path.join(PROJECT, f)), f).toBe(true);
    const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT, "package.json"), "utf8"));
    expect(Object.keys(pkg.dependencies)).toContain("tsx");
    // The image runs the compiled copy: it builds it, with esbuild, which --omit=dev keeps.
    expect(c).toMatch(/^RUN node scripts\/build\.mjs$/m);
    expect(c.indexOf("RUN node scripts/build.mjs")).toBeGreaterThan(c.indexOf("COPY src ./src"));
    expect(Object.keys(pkg.dependencies)).toContain("esbuild");
  });

  it("puts somarkiv on the PATH under the name every message and the registrar's e-mail give its commands, a link that runs from any folder", () => {
    const readme = fs.readFileSync(path.join(PROJECT, "scripts/deploy/README.md"), "utf8");
    const c = fs.readFileSync(CONTAINERFILE, "utf8");
    expect(readme).toContain("ln -s /opt/somarkiv/bin/somarkiv.mjs /usr/local/bin/somarkiv");
    expect(c).toMatch(/^RUN ln -s \/opt\/somarkiv\/bin\/somarkiv\.mjs \/usr\/local\/bin\/somarkiv$/m);
    // Such a link, run by its name from another folder, finds the program behind it.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-path-"));
    try {
      fs.symlinkSync(path.join(PROJECT, "bin", "somarkiv.mjs"), path.join(dir, "somarkiv"));
      const out = execFileSync("somarkiv", ["--version"], { cwd: os.tmpdir(), env: { ...process.env, PATH: `${dir}:${process.env.PATH}` }, encoding: "utf8" });
      expect(out).toMatch(/^somarkiv \d+\.\d+\.\d+\n$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

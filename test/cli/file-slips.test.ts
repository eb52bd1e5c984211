import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli, type Workspace } from "../helpers/cli.ts";
import { count, months, SE, startRun, waitFor } from "../worker/helpers.ts";

/**
 * A purpose cut at " #" and a name between Word's quotation marks are said by the commands that
 * archive or publish them, not only by config check: the communicator who edited the file may never
 * run it, while every record and the public list took the text as YAML read it.
 */

const site = siteAndWorkspaces();

const cut = (line: number) => `line ${line}: purpose is cut at " #", which YAML reads as the start of a comment, so it is only "Visa vad som händer på". Put the whole text in quotation marks: purpose: "Visa vad som händer på #ungdomenshuset"`;
const curly = (line: number) => `line ${line}: name begins and ends with typographic quotation marks (”Ungdomens hus”, as Word makes them)`;

/** A workspace whose file has both slips, written as typed: YAML.stringify would quote them. */
function slipped(config: Record<string, unknown>): { ws: Workspace; CUT: string; CURLY: string } {
  const ws = makeWorkspace({ organisation: { name: "Testkommun" }, ...config,
    accounts: [account("ungdom", site.server.at("worker/kommun.html"), { name: "NAME", purpose: "PURPOSE" })] });
  site.keep(ws);
  const text = fs.readFileSync(ws.configPath, "utf8").replace("name: NAME", "name: ”Ungdomens hus”").replace("purpose: PURPOSE", "purpose: Visa vad som händer på #ungdomenshuset");
  fs.writeFileSync(ws.configPath, text);
  const lineOf = (what: string) => text.split("\n").findIndex((l) => l.includes(what)) + 1;
  return { ws, CUT: cut(lineOf("purpose: Visa")), CURLY: curly(lineOf("name: ”")) };
}

describe("a text YAML reads otherwise than meant, said where it is archived", () => {
  it("capture and preflight warn once on stderr, naming the file and the line, and go on", async () => {
    const { ws, CUT, CURLY } = slipped({ schedule: { timezone: SE, preflightDaysBefore: 0 }, capture: { timeoutSeconds: 60 } });
    const pre = await runCli(["preflight", "--config", ws.configPath], { timeoutMs: 120_000 });
    expect(pre.code, pre.stderr).toBe(0);
    expect(count(pre.stderr, `WARNING: ${ws.configPath}, ${CUT}. It goes into the records and the public list as read until the file is mended.`)).toBe(1);
    expect(count(pre.stderr, `WARNING: ${ws.configPath}, ${CURLY}`)).toBe(1);

    const cap = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(cap.code, cap.stderr).toBe(0);
    expect(count(cap.stderr, `WARNING: ${ws.configPath}, ${CUT}`)).toBe(1);
    expect(count(cap.stderr, `WARNING: ${ws.configPath}, ${CURLY}`)).toBe(1);
    expect(cap.stdout).toContain("ungdom");

    // The public list made straight away: said on stderr, the list itself on stdout.
    const list = await runCli(["accounts", "--html", "--config", ws.configPath]);
    expect(list.code).toBe(0);
    expect(count(list.stderr, `WARNING: ${ws.configPath}, ${CUT}`)).toBe(1);
    expect(list.stdout).not.toContain("WARNING");
  });

  it("the worker warns once when it starts, not again at each wake that reads the file", async () => {
    const { other } = months();
    const { ws, CUT, CURLY } = slipped({ schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 0 } });
    const w = startRun(ws);
    await waitFor("three wakes", () => count(w.stderr(), "worker: wake done") >= 3 || undefined, 90_000, w.stderr);
    w.child.kill("SIGTERM");
    expect(await w.exited).toEqual({ code: 0, signal: null });
    expect(count(w.stderr(), `worker: WARNING: ${ws.configPath}, ${CUT}`)).toBe(1);
    expect(count(w.stderr(), `worker: WARNING: ${ws.configPath}, ${CURLY}`)).toBe(1);
  });
});

describe("a slip mended and typed in again while the worker runs", () => {
  it("is warned of again at the wake that reads it back, and one whose line only moved is not", async () => {
    const { other } = months();
    // Not a capture month: the wakes read the file and take nothing, which is all this needs.
    const { ws, CUT, CURLY } = slipped({ schedule: { timezone: SE, cron: "* * * * * *", months: [other], preflightDaysBefore: 0 } });
    const typed = fs.readFileSync(ws.configPath, "utf8");
    const curlySaid = `worker: WARNING: ${ws.configPath}, ${CURLY}`;
    const anyCurly = "name begins and ends with typographic quotation marks";
    const anyCut = "purpose is cut at";
    const changed = "worker: the configuration has changed";
    const w = startRun(ws);
    const wakes = () => count(w.stderr(), "worker: wake done");
    const twoWakesMore = async () => { const n = wakes(); await waitFor("two wakes more", () => wakes() >= n + 2 || undefined, 60_000, w.stderr); };
    try {
      await waitFor("two wakes", () => wakes() >= 2 || undefined, 60_000, w.stderr);
      expect(count(w.stderr(), curlySaid), w.stderr()).toBe(1);
      expect(count(w.stderr(), `worker: WARNING: ${ws.configPath}, ${CUT}`)).toBe(1);
      // Mended: the name without Word's marks.
      fs.writeFileSync(ws.configPath, typed.replace("name: ”Ungdomens hus”", "name: Ungdomens hus"));
      await waitFor("the mended file read", () => count(w.stderr(), changed) >= 1 || undefined, 60_000, w.stderr);
      await twoWakesMore();
      expect(count(w.stderr(), anyCurly), w.stderr()).toBe(1);
      // Typed in again from Word: said again, once, on the same line as before.
      fs.writeFileSync(ws.configPath, typed);
      await waitFor("the file with the slip again read", () => count(w.stderr(), changed) >= 2 || undefined, 60_000, w.stderr);
      await twoWakesMore();
      expect(count(w.stderr(), curlySaid), w.stderr()).toBe(2);
      // A line added above both: the slips are the same ones, on other lines, and not said again.
      fs.writeFileSync(ws.configPath, `# Ändrad av kommunikatören\n${typed}`);
      await twoWakesMore();
      await twoWakesMore();
      expect(count(w.stderr(), anyCurly), w.stderr()).toBe(2);
      expect(count(w.stderr(), anyCut), w.stderr()).toBe(1);
    } finally {
      w.child.kill("SIGTERM");
      expect(await w.exited).toEqual({ code: 0, signal: null });
    }
  });
});

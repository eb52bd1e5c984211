import { describe, it, expect, afterEach } from "vitest";
import { runCli } from "../helpers/cli.ts";
import { syntheticArchive } from "../log/archive.ts";

/**
 * `registered` with the record's id as the registrar pastes it, from the e-mail or a list in Word:
 * in curly quotation marks, or with a character that shows as nothing. The id is the one it looks like.
 */
const cleanups: Array<() => void> = [];
afterEach(() => { for (const c of cleanups.splice(0)) c(); });

describe("registered with a record id as pasted", () => {
  it("finds the record under quotation marks and characters that show as nothing", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const r = await runCli(["registered", `”${id}\u200b”`, "--dnr", "KS 2026/9", "--config", ws.configPath]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const rec = (JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; dnr: string | null }>).find((x) => x.recordId === id);
    expect(rec?.dnr).toBe("KS 2026/9");
  });

  it("refuses a number that starts as a spreadsheet formula, Swedish first, and records nothing", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    for (const dnr of ['=HYPERLINK("http://evil.example","KS 1")', "+KS 2026/1", "@SUM(A1)", "-"]) {
      const r = await runCli(["registered", id, "--dnr", dnr, "--config", ws.configPath]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^somarkiv: registered: diarienumret "[^\\n]*" börjar med "${dnr[0]!.replace(/[+]/, "\\+")}", som inget diarienummer gör[^\\n]*Inget sparades\\.\\nregistered: the diary number "[^\\n]*" starts with`, "m"));
    }
    const rec = (JSON.parse((await runCli(["records", "--json", "--config", ws.configPath])).stdout) as Array<{ recordId: string; dnr: string | null }>).find((x) => x.recordId === id);
    expect(rec?.dnr).toBeNull();
  });
});

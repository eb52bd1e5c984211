import { describe, it, expect, afterEach } from "vitest";
import { runCli, unnamed } from "../helpers/cli.ts";
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

  it("takes a value that begins with a dash as the option's value, and a missing one followed by an option is still said", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const id = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const cfg = ["--config", ws.configPath];
    const dnrOf = async () => (JSON.parse((await runCli(["records", "--json", ...cfg])).stdout) as Array<{ recordId: string; dnr: string | null }>).find((x) => x.recordId === id)?.dnr;
    // As --dnr=-2+3 is (a system may number so): a digit after the dash is no option.
    const dash = await runCli(["registered", id, "--dnr", "-2+3", ...cfg]);
    expect(dash.code, dash.stdout + dash.stderr).toBe(0);
    expect(await dnrOf()).toBe("-2+3");
    // Nor is a word with a space in it.
    const fixed = await runCli(["registered", id, "--dnr", "-KS 2026/10", "--correct", "-2+3 var fel", ...cfg]);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain(`Handlingens ${id} diarienummer är rättat från -2+3 till -KS 2026/10`);
    expect(await dnrOf()).toBe("-KS 2026/10");

    const missing = await runCli(["registered", id, "--dnr", "--correct", "x", ...cfg]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('somarkiv: registered: --dnr needs a value after it, for example --dnr "KS 2026/45-1". See "somarkiv --help".\n');
    // A word that could be an option: the message says how to give it as the value.
    const letter = await runCli(["registered", id, "--dnr", "-KS2026/11", ...cfg]);
    expect(letter.code).toBe(2);
    expect(letter.stderr).toBe('somarkiv: registered: --dnr needs a value after it, for example --dnr "KS 2026/45-1". If "-KS2026/11" is its value, write it joined to the option with =: --dnr="-KS2026/11". See "somarkiv --help".\n');
    expect(await dnrOf()).toBe("-KS 2026/10");
  });

  it("refuses another record's id given as the diary number, with the command as meant, and records nothing", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const [a, b] = [ws.ids.find((x) => x.startsWith("konto-a"))!, ws.ids.find((x) => x.startsWith("konto-b"))!];
    const cfg = ["--config", ws.configPath];
    // The next id in the list pasted for the number, one not (yet) in the log, and the two swapped.
    for (const dnr of [b, "konto-a_2026-H2_v2"]) {
      const r = await runCli(["registered", a, "--dnr", dnr, ...cfg]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(unnamed(r.stderr, ws)).toContain(`somarkiv registered: diarienumret som angavs, ${dnr}, är ett handlings-id, inte ett diarienummer. Inget sparades. Ange numret från diariet: somarkiv registered ${a} --dnr "DIARIENUMMER"\n`);
      expect(r.stderr).toContain(`the diary number given, ${dnr}, is a record's id, not a diary number. Nothing was recorded.`);
    }
    const swapped = await runCli(["registered", "KS 2026/12", "--dnr", a, ...cfg]);
    expect(swapped.code).toBe(2);
    expect(unnamed(swapped.stderr, ws)).toContain(`(handlings-id och nummer har bytt plats). Inget sparades. Ange numret från diariet: somarkiv registered ${a} --dnr "KS 2026/12"`);
    const corrected = await runCli(["registered", a, "--dnr", b, "--correct", "fel", ...cfg]);
    expect(corrected.code).toBe(2);
    const records = JSON.parse((await runCli(["records", "--json", ...cfg])).stdout) as Array<{ recordId: string; dnr: string | null }>;
    expect(records.map((r) => r.dnr)).toEqual([null, null]);
  });

  it("takes a number whose year is still to come, far from the year the record was taken, with a note to check it", async () => {
    const ws = await syntheticArchive();
    cleanups.push(() => ws.cleanup());
    const a = ws.ids.find((x) => x.startsWith("konto-a"))!;
    const cfg = ["--config", ws.configPath];
    const r = await runCli(["registered", a, "--dnr", "KS 2062/120", ...cfg]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`Handlingen ${a} är diarieförd med diarienummer KS 2062/120.`);
    expect(unnamed(r.stdout, ws)).toContain(`Obs: KS 2062/120 har årtalet 2062, ett år som inte har kommit än, men ${a} togs 2026. Är numret felskrivet, rätta det med: somarkiv registered ${a} --dnr "RÄTT NUMMER" --correct "skälet".\n`);
    expect(r.stdout).toContain(`Note: KS 2062/120 has the year 2062 in it, a year still to come, but ${a} was taken in 2026.`);
    // A correction says what it corrected, and no note (which numbers are noted: test/record/dnr.test.ts).
    for (const dnr of ["KS 2026/2031", "KS 2025/7"]) {
      const ok = await runCli(["registered", a, "--dnr", dnr, "--correct", "prov", ...cfg]);
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect(ok.stdout).not.toContain("Obs:");
    }
    const b = ws.ids.find((x) => x.startsWith("konto-b"))!;
    // A case opened years before the record was taken: a year gone by is no mistyped year still to come.
    const plain = await runCli(["registered", b, "--dnr", "KS 2019/5", ...cfg]);
    expect(plain.code, plain.stdout + plain.stderr).toBe(0);
    expect(plain.stdout).toContain(`Handlingen ${b} är diarieförd med diarienummer KS 2019/5.`);
    expect(plain.stdout).not.toContain("Obs:");
    // A number with the record's own year in it is no mistyped year, though another of its years is still to come.
    const within = await runCli(["registered", b, "--dnr", "KS 2026/2031", "--correct", "fel ärende", ...cfg]);
    expect(within.code, within.stdout + within.stderr).toBe(0);
    expect(within.stdout).not.toContain("inte har kommit");
    // A correction to a number of a year to come is noted as the first number is.
    const corrected = await runCli(["registered", a, "--dnr", "KS 2062/121", "--correct", "fel löpnummer", ...cfg]);
    expect(corrected.code, corrected.stdout + corrected.stderr).toBe(0);
    expect(corrected.stdout).toContain(`Handlingens ${a} diarienummer är rättat från KS 2025/7 till KS 2062/121;`);
    expect(unnamed(corrected.stdout, ws)).toContain(`Obs: KS 2062/121 har årtalet 2062, ett år som inte har kommit än, men ${a} togs 2026. Är numret felskrivet, rätta det med: somarkiv registered ${a} --dnr "RÄTT NUMMER" --correct "skälet".\n`);
    expect(corrected.stdout).toContain(`Note: KS 2062/121 has the year 2062 in it, a year still to come, but ${a} was taken in 2026.`);
  });
});

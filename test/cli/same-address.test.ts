import { describe, expect, it } from "vitest";
import { siteAndWorkspaces } from "../helpers/site.ts";
import { account, makeWorkspace, runCli, unnamed } from "../helpers/cli.ts";
import { count, SE } from "../worker/helpers.ts";

/**
 * One account pasted twice, once from a phone's share button (m., a tracking tail) and once from a
 * browser: config check says it is one account entered twice and how to remove the entry without
 * losing its records, and a capture says it before it makes two records of it.
 */

const site = siteAndWorkspaces();

describe("one account entered twice under two entries", () => {
  it("config check sees through m./www., case, the trailing slash and every tracking parameter, and says to remove one entry", async () => {
    const ws = site.keep(makeWorkspace({ organisation: { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" }, accounts: [
      account("facebook-kommun", "https://m.facebook.com/overkalixkommun/?mibextid=ZbWKwL", { name: "Överkalix kommun" }),
      account("facebook-kommun-2", "https://www.facebook.com/OverkalixKommun", { name: "Kommunen i Överkalix" }),
      account("instagram-ungdom", "https://instagram.com/ungdomenshus?utm_source=ig_web_copy_link&igsh=abc123", { name: "Ungdomens hus", platform: "instagram" }),
      account("instagram-ungdom-2", "https://www.instagram.com/ungdomenshus/?igsh=MWZ3bXRrd2", { name: "Ungdomens hus", platform: "instagram" }),
    ] }));
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Account "facebook-kommun-2" (Kommunen i Överkalix, Facebook) has the same address (https://www.facebook.com/OverkalixKommun) as account "facebook-kommun" (Överkalix kommun, Facebook). One account belongs in the register once. It is one account entered twice: remove the entry "facebook-kommun-2" (if one of the addresses is wrong, correct it instead), and if records were already taken under "facebook-kommun-2", add formerIds: [facebook-kommun-2] to the entry "facebook-kommun", so that they stay in its series.`);
    // Alike in name too: the advice is to remove one, not to tell their names apart, which kept both.
    expect(r.stdout).toContain(`Account "instagram-ungdom-2" (Ungdomens hus, Instagram) has the same address (https://www.instagram.com/ungdomenshus/?igsh=MWZ3bXRrd2) as account "instagram-ungdom" (Ungdomens hus, Instagram), and the same name. One account belongs in the register once. It is one account entered twice: remove the entry "instagram-ungdom-2", and if records were already taken under "instagram-ungdom-2", add formerIds: [instagram-ungdom-2] to the entry "instagram-ungdom", so that they stay in its series.`);
    expect(r.stdout).not.toContain("names a reader can tell apart");
  });

  it("capture warns once on stderr before it makes two records of one address", async () => {
    const page = site.server.at("worker/kommun.html");
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommun" }, schedule: { timezone: SE }, capture: { timeoutSeconds: 60 }, accounts: [
      account("kommun", `${page}?mibextid=ZbWKwL`),
      account("kommun-2", page.replace("http://", "HTTP://").replace("kommun.html", "Kommun.html/")),
    ] }));
    const cap = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(count(cap.stderr, `WARNING: ${ws.configPath}: the accounts "kommun" and "kommun-2" have the same address`)).toBe(1);
    expect(cap.stderr).toContain(`so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-2"`);
    expect(cap.stderr).toContain(`add formerIds: [kommun-2] to the entry "kommun"`);
    expect(cap.stderr.indexOf("have the same address")).toBeLessThan(cap.stderr.indexOf("capturing 2 accounts for"));
  });

  it("capture --account of one entry warns of the other entry of its page, not asked for, and of no other pair, and takes it all the same", async () => {
    const page = site.server.at("worker/kommun.html");
    const other = site.server.at("worker/bibliotek.html");
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommun" }, schedule: { timezone: SE }, capture: { timeoutSeconds: 60 }, accounts: [
      account("kommun", `${page}?mibextid=ZbWKwL`),
      account("bibliotek", other),
      account("kommun-2", `${page}?fbclid=IwAR0xyz`),
      account("bibliotek-2", `${other}?utm_source=share`),
    ] }));
    // The entry kept (the one above) asked for: the one below it, which the worker takes too, is named.
    const cap = await runCli(["capture", "--account", "kommun", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(cap.code, cap.stderr).toBe(0);
    expect(count(cap.stderr, `WARNING: ${ws.configPath}: the accounts "kommun" and "kommun-2" have the same address (${page}?mibextid=ZbWKwL and ${page}?fbclid=IwAR0xyz), so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-2"`)).toBe(1);
    expect(cap.stderr.indexOf("have the same address")).toBeLessThan(cap.stderr.indexOf("capturing 1 account for"));
    // A pair the capture does not touch is config check's and the worker's to say.
    expect(cap.stderr).not.toContain(`"bibliotek" and "bibliotek-2"`);
    expect(cap.stdout).toContain("kommun_");
    expect(cap.stdout).not.toContain("kommun-2_");
  });

  it("capture --account of one of three entries of one page names every pair of the page, the two it is not in too", async () => {
    const page = site.server.at("worker/kommun.html");
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommun" }, schedule: { timezone: SE }, capture: { timeoutSeconds: 60 }, accounts: [
      account("kommun", `${page}?mibextid=ZbWKwL`),
      account("kommun-2", `${page}?fbclid=IwAR0xyz`),
      account("kommun-3", `${page}?utm_source=share`),
    ] }));
    const cap = await runCli(["capture", "--account", "kommun-2", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(cap.code, cap.stderr).toBe(0);
    const pair = (later: string) => `WARNING: ${ws.configPath}: the accounts "kommun" and "${later}" have the same address`;
    expect(count(cap.stderr, pair("kommun-2")), cap.stderr).toBe(1);
    // Whoever removes the entry kommun-2 as told learns that kommun-3 is the same page, taken a third time.
    expect(count(cap.stderr, pair("kommun-3")), cap.stderr).toBe(1);
    expect(cap.stderr).toContain(`(${page}?mibextid=ZbWKwL and ${page}?utm_source=share), so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-3"`);
    expect(cap.stderr.indexOf(pair("kommun-3"))).toBeLessThan(cap.stderr.indexOf("capturing 1 account for"));
    expect(cap.stdout).toContain("kommun-2_");
  });

  it("an entry in use with the page of a closed entry is said by config check, capture and capture --account in the same words, and the one in use is taken", async () => {
    const page = site.server.at("worker/kommun.html");
    const ws = site.keep(makeWorkspace({ organisation: { name: "Testkommun" }, schedule: { timezone: SE }, capture: { timeoutSeconds: 60 }, accounts: [
      account("kommun-gamla", page, { status: "closed", closedOn: "2025-06-30" }),
      account("kommun", `${page}?fbclid=IwAR0xyz`),
    ] }));
    // Not one account pasted twice: the closed one's series is the one to go on, if it is that account.
    const says = `"kommun-gamla" is closed, so the records of "kommun" begin a second series of its page under a new id. If it is the account "kommun-gamla" opened again, its series goes on under its own id: remove the entry "kommun", set status: active on "kommun-gamla" again (and remove its closedOn), take it back with "somarkiv capture --account kommun-gamla --reopen" if its closing record was taken, and if records were already taken under "kommun", add formerIds: [kommun] to the entry "kommun-gamla", so that they stay in its series. If the address of "kommun" was pasted by mistake, correct it instead`;
    const check = await runCli(["config", "check", "--config", ws.configPath]);
    expect(check.code, check.stderr).toBe(0);
    expect(unnamed(check.stdout, ws)).toContain(`Account "kommun" (Konto kommun, Facebook) has the same address (${page}?fbclid=IwAR0xyz) as account "kommun-gamla" (Konto kommun-gamla, Facebook), and ${says}.`);
    expect(check.stdout).not.toContain("one account entered twice");

    const warning = `WARNING: ${ws.configPath}: the accounts "kommun-gamla" and "kommun" have the same address (${page} and ${page}?fbclid=IwAR0xyz), and ${says}. "kommun" is taken until the file is mended.`;
    const cap = await runCli(["capture", "--config", ws.configPath], { timeoutMs: 180_000 });
    expect(cap.code, cap.stderr).toBe(0);
    expect(count(unnamed(cap.stderr, ws), warning), cap.stderr).toBe(1);
    expect(unnamed(cap.stderr, ws).indexOf(warning)).toBeLessThan(unnamed(cap.stderr, ws).indexOf("capturing 1 account for"));
    expect(cap.stdout).toContain("kommun_");
    expect(cap.stdout).not.toContain("kommun-gamla_");

    // Of the one in use asked for by name, and of the closed one (its closing record asked for) too.
    for (const id of ["kommun", "kommun-gamla"]) {
      const one = await runCli(["capture", "--account", id, "--config", ws.configPath], { timeoutMs: 180_000 });
      expect(count(unnamed(one.stderr, ws), warning), one.stderr).toBe(1);
    }
  });
});

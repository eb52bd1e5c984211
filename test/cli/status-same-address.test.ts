import { afterAll, describe, expect, it } from "vitest";
import { account, makeLog, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";
import { count } from "../worker/helpers.ts";

/**
 * Status, what the operator reads most, names the entries of one page the worker and capture warn of,
 * in their words, once each above the accounts, and status --json gives them as sameAddress.
 */

const workspaces: Workspace[] = [];
afterAll(() => { for (const ws of workspaces) ws.cleanup(); });

describe("status of a configuration with two entries of one page", () => {
  it("says each pair once above the accounts, in the worker's words, and --json gives the same pairs with the same message", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommun" }, accounts: [
      account("kommun", "https://www.facebook.com/testkommun?mibextid=ZbWKwL"),
      account("bibliotek", "https://www.facebook.com/testbibliotek"),
      account("kommun-2", "https://m.facebook.com/TestKommun/"),
      account("ungdom-gamla", "https://www.instagram.com/ungdomenshus", { platform: "instagram", status: "closed", closedOn: "2025-06-30" }),
      account("ungdom", "https://instagram.com/ungdomenshus/?igsh=abc", { platform: "instagram" }),
      // Two closed entries of one page: neither is taken, so the worker says nothing of them, nor status.
      account("fritid-a", "https://www.facebook.com/testfritid", { status: "closed", closedOn: "2024-06-30" }),
      account("fritid-b", "https://facebook.com/testfritid/", { status: "closed", closedOn: "2024-06-30" }),
    ] });
    workspaces.push(ws);
    makeLog(ws);
    const twice = `WARNING: ${ws.configPath}: the accounts "kommun" and "kommun-2" have the same address (https://www.facebook.com/testkommun?mibextid=ZbWKwL and https://m.facebook.com/TestKommun/), so each capture makes two records of one account, one under each id. It is one account entered twice: remove the entry "kommun-2" (if one of the addresses is wrong, correct it instead), and if records were already taken under "kommun-2", add formerIds: [kommun-2] to the entry "kommun", so that they stay in its series. Both are taken until the file is mended.`;
    const reopened = `WARNING: ${ws.configPath}: the accounts "ungdom-gamla" and "ungdom" have the same address (https://www.instagram.com/ungdomenshus and https://instagram.com/ungdomenshus/?igsh=abc), and "ungdom-gamla" is closed, so the records of "ungdom" begin a second series of its page under a new id. If it is the account "ungdom-gamla" opened again, its series goes on under its own id: remove the entry "ungdom", set status: active on "ungdom-gamla" again (and remove its closedOn), take it back with "somarkiv --config ${ws.configPath} capture --account ungdom-gamla --reopen" if its closing record was taken, and if records were already taken under "ungdom", add formerIds: [ungdom] to the entry "ungdom-gamla", so that they stay in its series. If the address of "ungdom" was pasted by mistake, correct it instead. "ungdom" is taken until the file is mended.`;

    const text = await runCli(["status", "--config", ws.configPath]);
    expect(text.code, text.stderr).toBe(0);
    const lines = text.stdout.split("\n");
    expect(lines.filter((l) => l === twice), text.stdout).toHaveLength(1);
    expect(lines.filter((l) => l === reopened), text.stdout).toHaveLength(1);
    expect(count(text.stdout, "have the same address")).toBe(2);
    expect(text.stdout).not.toContain('"fritid-a"');
    // Above the accounts, where the operator reads the warnings of the file, not under one of the two.
    expect(lines.indexOf(reopened)).toBeLessThan(lines.findIndex((l) => l.startsWith("  kommun (")));

    const json = await runCli(["status", "--json", "--config", ws.configPath]);
    expect(json.code, json.stderr).toBe(0);
    // Data names the command as typed with the default configuration, as the rest of --json does; the text adds --config.
    const data = JSON.parse(json.stdout) as { sameAddress: Array<{ kind: string; accounts: string[]; addresses: string[]; message: string }> };
    expect(data.sameAddress).toEqual([
      { kind: "entered-twice", accounts: ["kommun", "kommun-2"], addresses: ["https://www.facebook.com/testkommun?mibextid=ZbWKwL", "https://m.facebook.com/TestKommun/"], message: twice.replace(/^WARNING: /, "") },
      { kind: "reopened", accounts: ["ungdom-gamla", "ungdom"], addresses: ["https://www.instagram.com/ungdomenshus", "https://instagram.com/ungdomenshus/?igsh=abc"], message: unnamed(reopened, ws).replace(/^WARNING: /, "") },
    ]);
  });

  it("says nothing of it where each page is entered once, and --json gives sameAddress: []", async () => {
    const ws = makeWorkspace({ organisation: { name: "Testkommun" }, accounts: [
      account("kommun", "https://www.facebook.com/testkommun"),
      account("bibliotek", "https://www.facebook.com/testbibliotek"),
    ] });
    workspaces.push(ws);
    makeLog(ws);
    const text = await runCli(["status", "--config", ws.configPath]);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).not.toContain("have the same address");
    const json = await runCli(["status", "--json", "--config", ws.configPath]);
    expect((JSON.parse(json.stdout) as { sameAddress: unknown }).sameAddress).toEqual([]);
  });
});

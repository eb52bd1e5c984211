/**
 * Names pasted from a Mac come in decomposed Unicode (NFD: "á" as "a" and a combining accent): the
 * configuration is read into composed form (NFC), so the record's title, the public list and the
 * same-name warning see one name, where the decomposed one went on into them unchanged.
 */
import { describe, it, expect, afterEach } from "vitest";
import { parseConfig } from "../../src/config/index.ts";
import { recordTitle } from "../../src/record/index.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";

const COMPOSED = "Sámi giellaguovddáš";
const DECOMPOSED = COMPOSED.normalize("NFD");

let ws: Workspace | undefined;
afterEach(() => ws?.cleanup());

describe("a name pasted in decomposed Unicode", () => {
  it("is read in composed form, into the record's title too; a file's path stays as written", () => {
    expect(DECOMPOSED).not.toBe(COMPOSED);
    const c = parseConfig(`organisation:\n  name: "${DECOMPOSED} kommun"\naccounts:\n  - id: sami\n    name: "${DECOMPOSED}"\n    platform: facebook\n    url: https://www.facebook.com/sami\n    purpose: "Giella ${DECOMPOSED}"\n    login: { storageState: "/srv/${DECOMPOSED}.json" }\n`, "/srv/somarkiv/somarkiv.yaml");
    expect(c.organisation.name).toBe(`${COMPOSED} kommun`);
    expect(c.accounts[0]!.name).toBe(COMPOSED);
    expect(c.accounts[0]!.purpose).toBe(`Giella ${COMPOSED}`);
    expect(recordTitle(c.accounts[0]!, "2026-H2", false)).toBe(`Ögonblicksbild Facebook ${COMPOSED} 2026 H2`);
    expect(c.accounts[0]!.login!.storageState).toBe(`/srv/${DECOMPOSED}.json`);
  });

  it("is warned of as the same name as the one typed composed, and the public list gives it composed", async () => {
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      accounts: [account("sami-a", "https://www.facebook.com/sami.a", { name: COMPOSED }), account("sami-b", "https://www.facebook.com/sami.b", { name: DECOMPOSED })],
    });
    const check = await runCli(["config", "check", "--config", ws.configPath]);
    expect(check.stdout + check.stderr).toContain("has the same platform and name as");
    const html = await runCli(["accounts", "--html", "--config", ws.configPath]);
    expect(html.code, html.stderr).toBe(0);
    expect(html.stdout).toContain(COMPOSED);
    expect(html.stdout).not.toContain(DECOMPOSED);
  });
});

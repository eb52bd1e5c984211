import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import { runCli, makeWorkspace, type Workspace } from "../helpers/cli.ts";

/**
 * Addresses pasted from Word, a web page or a phone, with what came along unseen: a no-break space
 * at the end, a zero-width space, Word's quotation marks, an "ö" in an e-mail address. Each file is
 * written as typed, not made by YAML, which would quote the odd characters.
 */
const HEAD = "storage:\n  type: filesystem\n  path: objects\nintake:\n  - type: directory\n    path: intake\ndatabase: somarkiv.sqlite\norganisation:\n  name: Överkalix kommun\n  website: https://www.overkalix.se\u3000\n  switchboard: 0926-140 00\naccounts:\n";
const konto = (url: string, email = "anna@overkalix.se") => `  - id: youtube-kommun\n    name: Överkalix kommun\u00a0\n    platform: youtube\n    url: ${url}\n    unit: Kultur\n    responsible:\n      name: Anna Andersson\n      email: ${email}\n    administrators:\n      - name: Anna Andersson\n      - name: Bo Berg\n    webManager:\n      name: Cecilia Ek\n    substitute:\n      name: Bo Berg\n    purpose: Informera\n    audience: Unga i Överkalix\n`;

describe("an address pasted with what came along unseen", () => {
  let ws: Workspace | undefined;
  afterEach(() => { ws?.cleanup(); ws = undefined; });

  async function run(args: string[], accounts: string) {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    fs.writeFileSync(ws.configPath, HEAD + accounts);
    return runCli([...args, "--config", ws.configPath]);
  }

  it("takes off a no-break, zero-width or ideographic space at an address's ends, so the public list and the CSV carry the plain address", async () => {
    const check = await run(["config", "check"], konto("https://www.youtube.com/@OverkalixKommun/\u00a0\u200b", "anna@overkalix.se\u00a0"));
    expect(check.code, check.stderr).toBe(0);
    const csv = await run(["accounts", "--csv"], konto("https://www.youtube.com/@OverkalixKommun/\u00a0\u200b", "anna@overkalix.se\u00a0"));
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout).toContain("https://www.youtube.com/@OverkalixKommun/;");
    expect(csv.stdout).not.toContain("%C2%A0");
    expect(csv.stdout).not.toContain("\u00a0");
    const html = await run(["accounts", "--html"], konto("https://www.youtube.com/@OverkalixKommun\u00a0"));
    expect(html.stdout).toContain(`href="https://www.youtube.com/@OverkalixKommun"`);
    expect(html.stdout).not.toContain("%C2%A0");
    expect(html.stdout).not.toContain("%E3%80%80");
  });

  it("refuses an invisible character within an address, and an address between Word's quotation marks, naming the line and the cause", async () => {
    const zw = await run(["config", "check"], konto("https://www.youtube.com/@Overkalix\u200bKommun"));
    expect(zw.code).toBe(2);
    expect(zw.stderr).toContain(`${ws!.configPath}:16: account "youtube-kommun" (1st in the list), url: has a zero-width space (U+200B) in it, an invisible character pasted with the address, which no web address has; copy the address from the browser's address bar on the page itself, perhaps "https://www.youtube.com/@OverkalixKommun"`);
    const quoted = await run(["config", "check"], konto("”https://www.youtube.com/@OverkalixKommun”"));
    expect(quoted.code).toBe(2);
    expect(quoted.stderr).toContain(`${ws!.configPath}:16: account "youtube-kommun" (1st in the list), url: is between typographic quotation marks (”https://www.youtube.com/@OverkalixKommun”, as Word or a phone makes them), which YAML keeps as part of the address; write it without them: https://www.youtube.com/@OverkalixKommun`);
  });

  it("says why an e-mail address is refused: Word's quotation marks, an å, ä or ö", async () => {
    const quoted = await run(["config", "check"], konto("https://www.youtube.com/@OverkalixKommun", "”anna@overkalix.se”"));
    expect(quoted.code).toBe(2);
    expect(quoted.stderr).toContain(`${ws!.configPath}:20: account "youtube-kommun" (1st in the list), responsible.email: must be an e-mail address: it is between quotation marks (as Word or a phone makes them), which YAML keeps as part of it; write it without them: anna@overkalix.se`);
    const letters = await run(["config", "check"], konto("https://www.youtube.com/@OverkalixKommun", "åsa.öberg@överkalix.se"));
    expect(letters.code).toBe(2);
    expect(letters.stderr).toContain(`${ws!.configPath}:20: account "youtube-kommun" (1st in the list), responsible.email: must be an e-mail address: it has "å", "ö" in it, which an e-mail address is not written with here; write it as the organisation's address book gives it (å and ä are usually a, ö o: asa.oberg@overkalix.se)`);
  });
});

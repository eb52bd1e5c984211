import { describe, expect, it } from "vitest";
import fs from "node:fs";
import { account, makeWorkspace, runCli } from "../helpers/cli.ts";

/**
 * `capture --reason` goes as typed into the manifest, the e-mail and the CSV: an escape sequence or a
 * mark that turns the direction of the text ("\u202e gnp.exe" reads "exe.png" in Excel) is refused
 * before anything is done. The account's address is never reached: the refusal comes first.
 */
describe("capture --reason with a character that does not show as itself", () => {
  it.each([
    ["\u202e", "U+202E, an invisible direction mark, which changes the order the text around it is shown in"],
    ["\u001b[2J", "U+001B, a control character"],
    ["\u0007", "U+0007, a control character"],
  ])("refuses %j with exit 2, naming it, and captures nothing", async (odd, named) => {
    const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("konto", "http://127.0.0.1:9/")] });
    try {
      const r = await runCli(["capture", "--account", "konto", "--force", "--reason", `Test ${odd} =HYPERLINK("x") gnp.exe`, "--config", ws.configPath]);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain(`--reason holds ${named}`);
      expect(r.stderr).toContain("Type the reason anew, in plain words; nothing was captured.");
      expect(fs.existsSync(ws.database)).toBe(false);
    } finally {
      ws.cleanup();
    }
  });
});

/**
 * The communicator's account list and what config check and status say of it, on the real command
 * line over a synthetic log (no browser): the gaps a list published straight away has, a closing
 * date before the closing record, and a closed account whose page was gone when its closing record
 * was asked for.
 */
import { describe, it, expect } from "vitest";
import { runCli, makeWorkspace, account, unnamed } from "../helpers/cli.ts";

const ORG = { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" };

describe("accounts --html, --json and --csv with gaps in the list", () => {
  it("show a missing responsible person as missing, and say the policy's warnings on stderr, stdout staying the document", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/kommun", { responsible: undefined, substitute: undefined })] });
    try {
      const html = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(html.code).toBe(0);
      expect(html.stdout).toMatch(/<td data-label="Ansvarig"><span class="unit">Kommunledningsförvaltningen<\/span><br><span class="missing">Uppgift saknas<\/span><\/td>/);
      expect(html.stdout).not.toContain("warning");
      expect(unnamed(html.stderr, ws)).toContain(`warning: Account "fb-kommun" (Konto fb-kommun, Facebook) has no responsible person. Add responsible`);
      expect(unnamed(html.stderr, ws)).toContain(`Note: the list has 1 gap(s) the policy asks to fill (said above); 1 more policy warning(s) concern the accounts behind it. Fill the gaps in the configuration and make the list again; "somarkiv config check" shows every warning with what to do.`);
      for (const format of ["--json", "--csv"]) {
        const r = await runCli(["accounts", format, "--config", ws.configPath]);
        expect(r.code).toBe(0);
        expect(r.stderr).toContain(`has no responsible person`);
      }
      const json = JSON.parse((await runCli(["accounts", "--json", "--config", ws.configPath])).stdout);
      expect(json.accounts[0]).toMatchObject({ responsible: null, purpose: "Informera invånarna" });
    } finally {
      ws.cleanup();
    }
  });

  it("say nothing on stderr for a list without gaps", async () => {
    const ws = makeWorkspace({ organisation: ORG, accounts: [account("fb-kommun", "https://www.facebook.com/kommun")] });
    try {
      const r = await runCli(["accounts", "--html", "--config", ws.configPath]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe("");
    } finally {
      ws.cleanup();
    }
  });
});

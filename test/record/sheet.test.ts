/**
 * The record sheet's remarks, as the registrar reads them: a dialog the page showed and that was
 * dismissed is named with what it said, since the picture cannot hold it.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.ts";
import { recordSheet } from "../../src/record/sheet.ts";
import { bodyFor } from "../../src/intake/index.ts";
import { makeRecord } from "../intake/record.ts";

const config = parseConfig("organisation:\n  name: Överkalix kommun\naccounts:\n  - id: facebook-kommun\n    name: Överkalix kommun\n    platform: facebook\n    url: https://www.facebook.com/overkalixkommun\n", "/srv/somarkiv/somarkiv.yaml");
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-sheet-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const remarks = (sheet: ReturnType<typeof recordSheet>) => sheet.rows.find((r) => r.label === "Anmärkningar")!.value;

describe("the remarks of a record whose page showed dialogs of its own", () => {
  it("say what each dialog said, on the sheet and in the e-mail to the registrar", async () => {
    const said = ["Sidan flyttar den 1 januari till overkalix.se/nyheter", "Är du över 18?"];
    const { item, manifest } = await makeRecord(path.join(tmp, "a"), { flags: ["truncated", "dialog-dismissed"], pageDialogs: said });
    const expected = "sidan var för lång och kapades vid högsta tillåtna höjd; en dialogruta från sidan stängdes (den sade ”Sidan flyttar den 1 januari till overkalix.se/nyheter”, ”Är du över 18?”)";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
  });

  it("say only that a dialog was closed when it said nothing that was kept (a box of the page's own markup)", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "b"), { flags: ["dialog-dismissed"] });
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe("en dialogruta från sidan stängdes");
  });
});

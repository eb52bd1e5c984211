import { describe, it, expect } from "vitest";
import { configTextChecker } from "../helpers/cli.ts";

/** A configuration file left empty, or with its accounts not yet written, said as such by config check (exit 2). */
describe("config check of a file not filled in yet", () => {
  const { check, path } = configTextChecker();

  it("says an empty file, or one of comments only, is empty and what it needs, not that one setting is missing", async () => {
    for (const [text, but] of [["", ""], ["\n\n", ""], ["# Överkalix kommun\n# fylls i senare\n", " but for comments"]] as const) {
      const r = await check(text);
      expect(r.code, JSON.stringify(text)).toBe(2);
      expect(r.stderr, JSON.stringify(text)).toContain(`${path()}: the file is empty${but}; it needs at least "organisation:" with the organisation's name, and "accounts:" listing each official account (see the example in the README).`);
      expect(r.stderr).not.toContain("is missing; it is required");
    }
  });

  it("says \"accounts:\" with none under it lists no account, at its line", async () => {
    const r = await check("organisation:\n  name: Överkalix kommun\naccounts:\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path()}:3: accounts: is missing or lists no account; list each official account under "accounts:", each beginning with "- id:" (see the example in the README).`);
  });
});

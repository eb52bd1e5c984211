import { describe, it, expect, beforeAll, afterAll } from "vitest";
import fs from "node:fs";
import path from "node:path";
import type { Workspace } from "../helpers/cli.ts";
import { cli } from "../crash/harness.ts";
import { spoolSecondVersion, syntheticArchive } from "../log/archive.ts";

/**
 * The description of the records' format (docs/format.md) travels with them in the store, under
 * _format/: written once by verify and by the run that stores records, never counted as an object the
 * log does not know, and left alone by recover.
 */
const DOC = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/format.md"), "utf8");
const described = (ws: Workspace) => {
  const dir = path.join(ws.objects, "_format");
  return fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => ({ name: f, text: fs.readFileSync(path.join(dir, f), "utf8") })) : [];
};

describe("the description of the format in the store", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("verify writes it once, as docs/format.md, and a second verify passes with it there and writes no second", async () => {
    const first = await cli(["verify", "--config", ws.configPath]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const copies = described(ws);
    expect(copies.map((c) => c.name)).toEqual([expect.stringMatching(/^somarkiv-format-[0-9a-f]{16}\.md$/)]);
    expect(copies[0]!.text).toBe(DOC);
    const again = await cli(["verify", "--config", ws.configPath]);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(again.stdout).toContain("All good: 2 snapshots, 4 objects");
    expect(described(ws)).toEqual(copies);
  });

  it("recover has nothing to take back and names nothing it could not", async () => {
    const r = await cli(["recover", "--config", ws.configPath]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("nothing to take back");
  });

  it("a description changed in the store: verify names it (exit 1)", async () => {
    const file = path.join(ws.objects, "_format", described(ws)[0]!.name);
    fs.chmodSync(file, 0o644);
    fs.appendFileSync(file, "\nändrad\n");
    const r = await cli(["verify", "--config", ws.configPath]);
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toContain("the description of the records' format has changed");
  });
});

describe("storing records writes the description beside them", () => {
  let ws: Workspace & { ids: string[] };
  beforeAll(async () => { ws = await syntheticArchive(); });
  afterAll(() => ws?.cleanup());

  it("deliver stores a waiting record and the description with it", async () => {
    expect(described(ws)).toEqual([]);
    spoolSecondVersion(ws);
    const r = await cli(["deliver", "--config", ws.configPath]);
    expect(r.stderr).toContain("stored in");
    expect(described(ws).map((c) => c.text)).toEqual([DOC]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fs from "node:fs";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";

/**
 * The registrar's folder moved away (`mv intake intake.gone`) after records were delivered to it: not
 * made anew and empty, which split the registrar's records over two folders without a word.
 */
describe("a directory intake whose folder is gone after deliveries to it", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", site.at("pipeline/kommun.html")), account("skolan", site.at("pipeline/kommun.html"))],
    });
  });

  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  it("is not made anew: the delivery waits saying to put it back or make it by hand, as status and config check say, and goes on once it is made", async () => {
    const first = await runCli(["capture", "--account", "kommun", ...cfg()]);
    expect(first.code, first.stderr).toBe(0);
    expect(fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf"))).toEqual([expect.stringMatching(/^kommun_.*_v1\.pdf$/)]);
    fs.renameSync(ws.intake, `${ws.intake}.gone`);

    const second = await runCli(["capture", "--account", "skolan", ...cfg()]);
    expect(second.code).toBe(1);
    const said = `the registrar's folder ${ws.intake} is not there, though 1 record was delivered to it: it was moved, renamed or removed, or is on a share that is not mounted. It is not made anew, which would split the registrar's records over two folders; put it back where it was, with its records. If it was moved on purpose and records are to go on into a new, empty folder there, make that folder by hand (mkdir ${ws.intake}); the records wait until then`;
    expect(unnamed(second.stderr, ws)).toContain(`NOT DELIVERED to the folder ${ws.intake}: ${said}`);
    expect(fs.existsSync(ws.intake)).toBe(false);

    const status = await runCli(["status", ...cfg()]);
    expect(status.stdout).toContain(said);
    const check = await runCli(["config", "check", ...cfg()]);
    expect(check.stdout).toContain(`intake ERROR: T${said.slice(1)}.`);
    expect(check.code).toBe(1);

    // Moved on purpose: the folder made by hand takes the records from then on.
    fs.mkdirSync(ws.intake);
    const deliver = await runCli(["deliver", ...cfg()]);
    expect(deliver.code, deliver.stderr).toBe(0);
    expect(fs.readdirSync(ws.intake).filter((f) => f.endsWith(".pdf"))).toEqual([expect.stringMatching(/^skolan_.*_v1\.pdf$/)]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { account, makeWorkspace, runCli, unnamed, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";

/**
 * The intake folder's LÄS MIG beside the records, through the real command line, Chromium and the
 * folder: a guide that cannot be written fails no delivery of a record the folder has, and a guide
 * written while a record has not come says so, where it said every account had its snapshot.
 */
describe("the intake folder's LÄS MIG and the records in the folder", () => {
  let site: FixtureServer;
  let ws: Workspace;
  const cfg = () => ["--config", ws.configPath];
  const guidePath = () => path.join(ws.intake, "LÄS MIG – somarkiv.txt");

  beforeAll(async () => {
    site = await startFixtureServer();
    ws = makeWorkspace({
      organisation: { name: "Testkommunen" },
      capture: { timeoutSeconds: 60, concurrency: 1 },
      accounts: [account("kommun", site.at("pipeline/kommun.html")), account("skolan", site.at("pipeline/kommun.html?konto=skolan"))],
    });
  });

  afterAll(async () => {
    await site?.close();
    ws?.cleanup();
  });

  it("delivers a record though its LÄS MIG cannot be written (a folder of its name in the way), and says so", async () => {
    fs.mkdirSync(guidePath(), { recursive: true });
    const r = await runCli(["capture", "--account", "kommun", ...cfg()]);
    expect(r.code, r.stderr).toBe(0);
    expect(unnamed(r.stderr, ws)).toContain(`[kommun] Note: the record is delivered, but the instructions file (LÄS MIG) in the folder could not be written: could not write in the folder ${ws.intake}`);
    expect(r.stderr).not.toContain("NOT DELIVERED");
    const [row] = (JSON.parse((await runCli(["records", "--json", "--account", "kommun", ...cfg()])).stdout) as Array<{ recordId: string; status: string; sha256: string }>);
    expect(row!.status).toBe("delivered");
    const pdf = fs.readFileSync(path.join(ws.intake, `${row!.recordId}.pdf`));
    expect(crypto.createHash("sha256").update(pdf).digest("hex")).toBe(row!.sha256);
    fs.rmSync(guidePath(), { recursive: true });
  });

  it("says in LÄS MIG that a record taken has not come to the folder while its delivery there waits for a person", async () => {
    // Another file under the record's name: somarkiv never overwrites, and the delivery is given up until a person acts.
    const taken = path.join(ws.intake, `skolan_${periodOf(new Date(), "Europe/Stockholm")}_v1.pdf`);
    fs.writeFileSync(taken, "en annan fil");
    const r = await runCli(["capture", "--account", "skolan", ...cfg()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("NOT DELIVERED");
    const text = fs.readFileSync(guidePath(), "utf8").replace(/\r\n/g, "\n");
    expect(text).toContain("En ögonblicksbild har tagits men kunde inte lämnas i den här mappen, och somarkiv försöker inte igen av sig\nsjälv. Den som sköter somarkiv ser vad som hindrade den i \"somarkiv status\"");
    expect(text).not.toContain("så snart det går");
    expect(fs.readFileSync(taken, "utf8")).toBe("en annan fil");

    fs.rmSync(taken);
    const d = await runCli(["deliver", ...cfg()]);
    expect(d.code, d.stderr).toBe(0);
    expect(fs.readFileSync(guidePath(), "utf8")).not.toContain("kunde inte lämnas");
  });
});

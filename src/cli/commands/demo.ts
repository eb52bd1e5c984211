import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { parse } from "../args.ts";
import { openPipeline } from "../context.ts";
import { EXIT } from "../errors.ts";
import { print, progressLine } from "../progress.ts";
import { defaultsConfig, type Account, type Config } from "../../config/index.ts";
import { captureAccounts, finishPending } from "../../record/index.ts";
import { parsePeriod, periodOf } from "../../schedule/index.ts";

const PROJECT = path.resolve(import.meta.dirname, "../../..");
const SITE = path.join(PROJECT, "scripts", "demo-site");

/**
 * `npm run demo`: the main job on the embedded defaults. A local site imitates three account start pages;
 * they are captured into archive/ (objects, intake folder, SQLite log) exactly as real accounts would be.
 */
export async function demoCommand(args: string[]): Promise<number> {
  const { values } = parse("demo", args, { force: { type: "boolean" } });
  const server = await serveFolder(SITE);
  try {
    const people = {
      responsible: { name: "Anna Andersson", email: "anna.andersson@demokommunen.se" },
      administrators: [{ name: "Anna Andersson" }, { name: "Bo Berg" }],
      webManager: { name: "Cecilia Ek", email: "webb@demokommunen.se" },
      substitute: { name: "Bo Berg" },
      unit: "Kommunledningsförvaltningen",
      audience: "Kommuninvånare och besökare",
    };
    const accounts = [
      { id: "facebook-demokommunen", name: "Demokommunen", platform: "facebook", url: `${server.url}/facebook.html`, purpose: "Informera om kommunens service och nyheter", ...people },
      { id: "instagram-demokommunen", name: "Demokommunen", platform: "instagram", url: `${server.url}/instagram.html`, purpose: "Visa livet i kommunen", ...people },
      { id: "youtube-demokommunen", name: "Demokommunen", platform: "youtube", url: `${server.url}/youtube.html`, purpose: "Sända kommunfullmäktige och informationsfilmer", ...people },
    ] as unknown as Account[];
    const config = defaultsConfig(PROJECT, accounts);
    const period = periodOf(new Date(), config.schedule.timezone);
    config.records = demoRecords(period);
    progressLine(`demo: a local demo site runs at ${server.url}; capturing its ${accounts.length} account pages for ${period}`);
    const ctx = openPipeline(config, progressLine, undefined, undefined, "demo");
    try {
      await finishPending(ctx);
      const outcomes = await captureAccounts(ctx, { accounts: config.accounts, period, force: values.force });
      print("");
      for (const o of outcomes) {
        if (o.outcome === "captured") print(`  ${o.accountId}: record ${o.recordId} (${o.status})`);
        else if (o.outcome === "skipped") print(`  ${o.accountId}: skipped, ${o.why}`);
        else print(`  ${o.accountId}: FAILED (${o.reason}): ${o.message}`);
      }
      const failed = outcomes.filter((o) => o.outcome === "failed").length;
      print("");
      print(`PDFs and manifests (the archive):   ${config.storage.type === "filesystem" ? config.storage.path : ""}`);
      print(`The registrar's intake folder:       ${config.intake.map((i) => ("path" in i ? i.path : i.type)).join(", ")}`);
      print(`The log of records (SQLite):         ${config.database}`);
      print(`Run "npm run demo -- --force" to add new versions; see the README for "records", "status" and "verify".`);
      return failed ? EXIT.failed : EXIT.ok;
    } finally {
      await ctx.close();
    }
  } finally {
    await server.close();
  }
}

/**
 * The demo's filing, as config/somarkiv.yaml gives it: with a collective case for the year of the
 * half-year taken, and the next (a run in December files nothing there, but config check would ask for
 * it). Without one the demo's sheets said "Samlingsärende –", read as a case whose name was lost.
 */
export function demoRecords(period: string): Config["records"] {
  const { year } = parsePeriod(period);
  return {
    creator: "Kommunstyrelsen", documentType: "Ögonblicksbild av socialt medium", classification: "1.3.2", retention: "Bevaras",
    collectiveCase: { [String(year)]: `KS ${year}/45`, [String(year + 1)]: `KS ${year + 1}/45` },
  };
}

async function serveFolder(root: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const name = path.basename(new URL(req.url ?? "/", "http://x").pathname) || "index.html";
    const file = path.join(root, name);
    if (!fs.existsSync(file)) { res.writeHead(404, { "content-type": "text/html" }); res.end("<h1>Sidan finns inte</h1>"); return; }
    res.writeHead(200, { "content-type": name.endsWith(".html") ? "text/html; charset=utf-8" : "application/octet-stream" });
    fs.createReadStream(file).pipe(res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

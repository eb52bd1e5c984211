import { parse } from "../main.ts";
import { readConfig, openPipeline, selectAccounts } from "../context.ts";
import { EXIT } from "../errors.ts";
import { print, progressLine } from "../progress.ts";
import { startWorker } from "../../schedule/worker.ts";
import { cronProblems } from "../../schedule/index.ts";
import { launchBrowser, preflightAccount } from "../../capture/index.ts";

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parse("run", args, {});
  const config = readConfig(values);
  const cron = cronProblems(config.schedule.cron);
  if (cron.length) {
    process.stderr.write(`The configuration cannot be used; nothing was done. Fix these and try again:\n${cron.map((p) => `  ${config.source}: schedule.cron: ${p}`).join("\n")}\n`);
    return EXIT.usage;
  }
  const abort = new AbortController();
  const ctx = openPipeline(config, progressLine, abort.signal);
  const worker = startWorker(ctx, abort);
  let signals = 0;
  const onSignal = (sig: string) => {
    signals++;
    if (signals > 1) {
      progressLine(`worker: ${sig} again, stopping at once; what was not finished is completed by the next run`);
      process.exit(1);
    }
    progressLine(`worker: ${sig} received, stopping: no new capture starts; the one in progress finishes within ${config.capture.timeoutSeconds} s`);
    worker.stop();
  };
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  await worker.done;
  await ctx.close();
  progressLine("worker: stopped cleanly");
  return EXIT.ok;
}

export async function preflightCommand(args: string[]): Promise<number> {
  const { values } = parse("preflight", args, { account: { type: "string", multiple: true }, json: { type: "boolean" } });
  const config = readConfig(values);
  const accounts = selectAccounts(config, values.account ?? []);
  const results: Array<{ accountId: string; ok: boolean; problems: string[]; consent: string; flags: string[] }> = [];
  if (accounts.length) {
    const handle = await launchBrowser(config.capture.browser);
    try {
      for (const a of accounts) {
        progressLine(`[${a.id}] preflight: opening ${a.url}`);
        const r = await preflightAccount(handle, {
          url: a.url, viewport: config.capture.viewport, locale: config.capture.locale, timezone: config.schedule.timezone,
          timeoutMs: config.capture.timeoutSeconds * 1000, maxHeight: config.capture.maxHeight, storageStatePath: a.login?.storageState,
          onProgress: (s) => progressLine(`[${a.id}] ${s}`),
        });
        results.push({ accountId: a.id, ...r });
      }
    } finally {
      await handle.close();
    }
  }
  if (values.json) print(JSON.stringify(results, null, 2));
  else {
    print(`Preflight of ${results.length} account(s); no records were made.`);
    for (const r of results) print(`  ${r.accountId}: ${r.ok ? `ready (consent: ${r.consent}${r.flags.length ? `, ${r.flags.join(", ")}` : ""})` : `PROBLEM: ${r.problems.join("; ")}`}`);
  }
  return results.every((r) => r.ok) ? EXIT.ok : EXIT.failed;
}

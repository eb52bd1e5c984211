/**
 * `npm run bench`: somarkiv against the one-Chromium-process-per-address way, on a local fixture site.
 *
 *   npm run bench -- [--accounts N] [--concurrency C] [--skip-baseline] [--baseline-browser PATH]
 *                    [--skip-verify] [--verify-mb MB]
 *                    [--verify-only] [--scale 10,100] [--loopback] [--json] [--save REPORT.json] [--verbose]
 *
 * It captures N accounts with the real pipeline (one browser, a context per capture, C at once) into a
 * temporary archive (filesystem store, directory intake, SQLite log), each account named on the internet
 * as real ones are (the fixture site answers as the browser's proxy; --loopback: on 127.0.0.1), then prints the same addresses with
 * one `chromium --headless --print-to-pdf` process each, one after the other, and measures `verify` on the
 * filesystem store. Each side runs twice: once timed, with nothing watching, and once with the memory
 * sampler, whose reading of /proc would otherwise slow the run it times. `--scale 10,100` instead runs
 * the capture at each size and compares peak memory.
 * The numbers are the measure; nothing here asserts them.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { defaultsConfig, type Account } from "../src/config/index.ts";
import { openPipeline } from "../src/cli/context.ts";
import { captureAccounts, type AccountOutcome, type StepTiming } from "../src/record/index.ts";
import { FilesystemStore } from "../src/storage/index.ts";
import { startFixtureSite, type FixtureKind, type FixtureSite } from "./bench/site.ts";
import { startMemorySampler, type MemoryPeak, type MemorySampler } from "./bench/memory.ts";
import { BASELINE_CHROMIUM, runBaseline, type BaselineResult } from "./bench/baseline.ts";
import { addSyntheticRecords, measureVerify, type VerifyThroughput } from "./bench/verify-throughput.ts";

// tsx turns on source maps, and with them every stack trace is mapped back to the sources; Playwright
// takes one at each call it makes. The command line runs the compiled dist/ without them, and the
// benchmark should time what users run (about 90 ms of Node's work a record, 2026-12-05).
process.setSourceMapsEnabled(false);

const PERIOD = "2026-H2";
const MB = 1024 * 1024;

/** The targets of issue 10, in one place so the table and the README say the same. */
export const TARGETS = {
  ratio: 0.5,
  beyondLoadAndSettle: 0.15,
  facebookPdfBytes: 3 * MB,
  peakMemoryBytes: 1024 * MB,
  /** Peak at the larger size over peak at the smaller: at most this counts as flat. */
  flatness: 1.2,
  verifyMBps: 300,
};

type Step = StepTiming["step"];

interface SomarkivRun {
  accounts: number;
  concurrency: number;
  wallMs: number;
  outcomes: AccountOutcome[];
  /** Per captured record: ms per step. */
  steps: Map<string, Partial<Record<Step, number>>>;
  pdfs: Array<{ accountId: string; kind: FixtureKind; bytes: number; pages: number }>;
  /** Null for a timed run, made with the sampler idle. */
  memory: MemoryPeak | null;
  archiveDir: string;
  /** How long Node's event loop was held at a time (its delay, 99th percentile and longest), ms. */
  eventLoopMs: { p99: number; max: number };
}

async function runSomarkiv(site: FixtureSite, n: number, concurrency: number, sampler: MemorySampler | null, say: (s: string) => void, verbose: boolean): Promise<SomarkivRun & { keep: () => Promise<{ log: import("../src/log/index.ts").RecordLog; store: FilesystemStore; close(): Promise<void> }> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bench-"));
  const people = {
    unit: "Kommunledningsförvaltningen",
    responsible: { name: "Anna Andersson", email: "anna.andersson@example.se" },
    administrators: [{ name: "Anna Andersson" }, { name: "Bo Berg" }],
    webManager: { name: "Cecilia Ek", email: "webb@example.se" },
    substitute: { name: "Bo Berg" },
    purpose: "Informera om kommunens service och nyheter",
    audience: "Kommuninvånare och besökare",
  };
  const accounts = Array.from({ length: n }, (_, i) => ({
    id: `bench-${site.kindOf(i)}-${i}`, name: `Bänkkommunen ${i}`, platform: site.kindOf(i), url: site.accountUrl(i), ...people,
  })) as unknown as Account[];
  const config = defaultsConfig(dir, accounts);
  config.capture.concurrency = concurrency;
  const steps = new Map<string, Partial<Record<Step, number>>>();
  let done = 0;
  const ctx = openPipeline(config, (line) => {
    if (verbose || /FAILED|NOT STORED|NOT DELIVERED/.test(line)) say(line);
  });
  ctx.onTiming = (t) => {
    const s = steps.get(t.accountId) ?? {};
    s[t.step] = (s[t.step] ?? 0) + t.ms;
    steps.set(t.accountId, s);
    if (t.step === "deliver") say(`somarkiv: ${++done}/${n} records delivered`);
  };
  await sampler?.start();
  // How long Node's event loop was held at a time: while it is, no capture beside the one holding it
  // is answered (its page's requests wait on the guard's interception, its steps on their replies).
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const started = process.hrtime.bigint();
  const outcomes = await captureAccounts(ctx, { accounts, period: PERIOD });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  loopDelay.disable();
  const eventLoopMs = { p99: loopDelay.percentile(99) / 1e6, max: loopDelay.max / 1e6 };
  const memory = sampler ? await sampler.takePeak() : null;
  const pdfs = ctx.log.records.list()
    .filter((r) => r.status !== "failed" && r.bytes !== null)
    .map((r) => ({ accountId: r.accountId, kind: r.accountId.split("-")[1] as FixtureKind, bytes: r.bytes!, pages: r.pages ?? 0 }));
  const store = ctx.store as FilesystemStore;
  return {
    accounts: n, concurrency, wallMs, outcomes, steps, pdfs, memory, archiveDir: dir, eventLoopMs,
    keep: async () => ({ log: ctx.log, store, close: async () => { await ctx.close(); fs.rmSync(dir, { recursive: true, force: true }); } }),
  };
}

interface Report {
  date: string;
  machine: { cpus: number; model: string; memoryMB: number; loadBefore: number[]; loadAfter: number[]; mallocArenaMax: string | null };
  somarkiv?: {
    accounts: number; concurrency: number; wallMs: number; captured: number; failed: string[];
    /** Whether the accounts' addresses were names on the internet (the default; not with --loopback), with the internal-network guard on. */
    internet: boolean;
    perRecordMs: Record<string, number>; beyondLoadAndSettle: number; beyondLoadSettleAndScroll: number;
    pdfBytes: Record<string, { min: number; max: number; mean: number; pages: number }>;
    memory: MemoryPeak;
    /** Wall time of the second run, the one the memory was sampled in. */
    sampledWallMs: number;
    eventLoopMs: { p99: number; max: number };
  };
  baseline?: { browser: string; wallMs: number; perUrlMs: number; ok: number; failed: string[]; pdfMeanBytes: number; memory: MemoryPeak; sampledWallMs: number };
  ratio?: number;
  verify?: VerifyThroughput;
  scale?: Array<{ accounts: number; wallMs: number; captured: number; memory: MemoryPeak }>;
  targets: Array<{ target: string; measured: string; met: boolean | null }>;
}

/** "settle-page" is settle less consent; "scroll-steps" is scroll less lazy-wait. */
type Row = Step | "other-browser" | "settle-page" | "scroll-steps";
const ROWS: Array<[Row, string]> = [
  ["navigation", "navigation *"],
  ["settle-page", "settling: load, quiet page *"],
  ["consent", "settling: consent, prompts"],
  ["lazy-wait", "scrolling: waiting for the feed *"],
  ["scroll-steps", "scrolling: steps, back to top"],
  ["screenshot", "screenshot (bands, words)"],
  ["other-browser", "context open/close"],
  ["pdf", "PDF (encode, build)"],
  ["record", "spool and log"],
  ["store", "storage"],
  ["deliver", "delivery"],
];

function perRecord(run: SomarkivRun): Record<string, number> {
  const captured = [...run.steps.values()].filter((s) => s.capture !== undefined && s.pdf !== undefined);
  const out: Record<string, number> = {};
  const mean = (f: (s: Partial<Record<Step, number>>) => number) => captured.length ? captured.reduce((a, s) => a + f(s), 0) / captured.length : 0;
  for (const [key] of ROWS) {
    out[key] = key === "other-browser"
      ? mean((s) => (s.capture ?? 0) - (s.navigation ?? 0) - (s.settle ?? 0) - (s.scroll ?? 0) - (s.screenshot ?? 0))
      : key === "settle-page" ? mean((s) => (s.settle ?? 0) - (s.consent ?? 0))
      : key === "scroll-steps" ? mean((s) => (s.scroll ?? 0) - (s["lazy-wait"] ?? 0))
      : mean((s) => s[key] ?? 0);
  }
  out.total = ROWS.reduce((a, [k]) => a + out[k]!, 0);
  return out;
}

function pdfSizes(run: SomarkivRun): Record<string, { min: number; max: number; mean: number; pages: number }> {
  const out: Record<string, { min: number; max: number; mean: number; pages: number }> = {};
  for (const kind of ["facebook", "instagram", "youtube"]) {
    const xs = run.pdfs.filter((p) => p.kind === kind);
    if (!xs.length) continue;
    const b = xs.map((p) => p.bytes);
    out[kind] = { min: Math.min(...b), max: Math.max(...b), mean: b.reduce((a, x) => a + x, 0) / b.length, pages: Math.max(...xs.map((p) => p.pages)) };
  }
  return out;
}

/** The options, or exit 2 with a plain message and the usage for a word it does not know. */
function readOptions() {
  try {
    return parseArgs({
      options: {
        accounts: { type: "string", default: "8" },
        concurrency: { type: "string" },
        "skip-baseline": { type: "boolean", default: false },
        "baseline-browser": { type: "string", default: BASELINE_CHROMIUM },
        "skip-verify": { type: "boolean", default: false },
        "verify-mb": { type: "string", default: "256" },
        "verify-only": { type: "boolean", default: false },
        scale: { type: "string" },
        json: { type: "boolean", default: false },
        save: { type: "string" },
        verbose: { type: "boolean", default: false },
        // The accounts are named on the internet by default, as real ones are (the guard on);
        // --loopback puts them on 127.0.0.1, as every run before 2026-12-05 did, for comparison.
        internet: { type: "boolean", default: false },
        loopback: { type: "boolean", default: false },
      },
      allowPositionals: false,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message.replace(/\. To specify a positional argument.*$/s, "")}. The options are in scripts/bench/README.md; for example: npm run bench -- --accounts 8 --concurrency 2 --skip-verify\n`);
    process.exit(2);
  }
}

async function main(): Promise<number> {
  const { values } = readOptions();
  const n = positiveInt(values.accounts!, "--accounts");
  if (values.internet && values.loopback) {
    process.stderr.write("--internet and --loopback: choose one. The accounts are on the internet unless --loopback is given.\n");
    process.exit(2);
  }
  const internet = !values.loopback;
  const concurrency = values.concurrency ? positiveInt(values.concurrency, "--concurrency") : defaultsConfig(os.tmpdir()).capture.concurrency;
  const verifyMB = positiveInt(values["verify-mb"]!, "--verify-mb");
  const baselineBrowser = values["baseline-browser"]!;
  if (!values["skip-baseline"] && !values["verify-only"] && !values.scale && !isExecutable(baselineBrowser)) {
    process.stderr.write(`--baseline-browser: ${baselineBrowser} does not exist or cannot be run. Install Debian's chromium (apt-get install chromium) or name another Chromium program.\n`);
    process.exit(2);
  }
  const say = (s: string) => process.stderr.write(`${new Date().toLocaleTimeString("sv-SE")} ${s}\n`);
  const report: Report = {
    date: new Date().toISOString(),
    machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", memoryMB: Math.round(os.totalmem() / MB), loadBefore: os.loadavg(), loadAfter: [], mallocArenaMax: process.env.MALLOC_ARENA_MAX ?? null },
    targets: [],
  };
  // Checked before anything starts, so a bad --scale fails at once.
  const sizes = values.scale ? values.scale.split(",").map((s) => positiveInt(s.trim(), "--scale")) : null;
  const warm = sizes ? Math.max(...sizes) : values["verify-only"] ? 0 : n;
  if (warm) say(`fixture site: drawing the photos of ${warm} accounts in its own process`);
  const site = await startFixtureSite(warm, internet);
  if (internet) process.env.http_proxy = site.url;
  const sampler = startMemorySampler(200, site.pid);
  let failed = false;
  try {
    if (values["verify-only"]) {
      // verify alone, in a process that has not captured anything (no browser, no image buffers around).
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bench-"));
      const ctx = openPipeline(defaultsConfig(dir, []), () => undefined);
      try {
        report.verify = await verifyBench(ctx.log, ctx.store as FilesystemStore, verifyMB, say);
        failed ||= !report.verify.ok;
      } finally {
        await ctx.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const cold = report.verify.coldMBps;
      report.targets.push({ target: `verify ≥ ${TARGETS.verifyMBps} MB/s (filesystem store)`, measured: `${report.verify.warmMBps.toFixed(0)} MB/s cached${cold !== null ? `, ${cold.toFixed(0)} MB/s from disk` : ""}`, met: Math.min(report.verify.warmMBps, cold ?? Infinity) >= TARGETS.verifyMBps });
    } else if (sizes) {
      report.scale = [];
      for (const size of sizes) {
        say(`scale: capturing ${size} accounts at concurrency ${concurrency}`);
        const run = await runSomarkiv(site, size, concurrency, sampler, say, values.verbose!);
        const captured = run.outcomes.filter((o) => o.outcome === "captured").length;
        failed ||= captured < size;
        report.scale.push({ accounts: size, wallMs: run.wallMs, captured, memory: run.memory! });
        await (await run.keep()).close();
      }
      const first = report.scale[0]!, last = report.scale.at(-1)!;
      const highest = report.scale.reduce((a, s) => (s.memory.pss > a.memory.pss ? s : a));
      report.targets.push(memoryTarget(highest.memory, concurrency));
      if (report.scale.length > 1) {
        const growth = last.memory.pss / first.memory.pss;
        report.targets.push({
          target: `peak memory flat from ${first.accounts} to ${last.accounts} accounts (× ≤ ${TARGETS.flatness})`,
          measured: `PSS × ${growth.toFixed(2)} (${mb(first.memory.pss)} → ${mb(last.memory.pss)}); RSS sum × ${(last.memory.rss / first.memory.rss).toFixed(2)} (${mb(first.memory.rss)} → ${mb(last.memory.rss)})`,
          met: growth <= TARGETS.flatness,
        });
      }
    } else {
      say(`somarkiv: capturing ${n} accounts at concurrency ${concurrency} from ${site.url}, timed`);
      const run = await runSomarkiv(site, n, concurrency, null, say, values.verbose!);
      say(`somarkiv: the same ${n} accounts again, sampling memory`);
      const sampled = await runSomarkiv(site, n, concurrency, sampler, say, values.verbose!);
      await (await sampled.keep()).close();
      const per = perRecord(run);
      const captured = run.outcomes.filter((o) => o.outcome === "captured").length;
      const failures = run.outcomes.filter((o) => o.outcome !== "captured").map((o) => `${o.accountId}: ${o.outcome === "failed" ? `${o.reason}: ${o.message}` : o.outcome === "skipped" ? o.why : ""}`);
      failed ||= failures.length > 0;
      // The page's own load and settle: the rows marked *, time spent waiting for the page itself.
      const own = per.navigation! + per["settle-page"]! + per["lazy-wait"]!;
      const beyond = per.total ? (per.total - own) / per.total : 0;
      const beyondScroll = per.total ? (per.total - own - per["consent"]! - per["scroll-steps"]!) / per.total : 0;
      report.somarkiv = {
        accounts: n, concurrency, internet, wallMs: run.wallMs, captured, failed: failures, perRecordMs: per,
        beyondLoadAndSettle: beyond, beyondLoadSettleAndScroll: beyondScroll, pdfBytes: pdfSizes(run), memory: sampled.memory!,
        sampledWallMs: sampled.wallMs, eventLoopMs: run.eventLoopMs,
      };
      const kept = await run.keep();
      try {
        if (!values["skip-baseline"]) {
          const urls = Array.from({ length: n }, (_, i) => site.accountUrl(i));
          const work = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bench-baseline-"));
          try {
            say(`baseline: ${n} × ${baselineBrowser} --headless --print-to-pdf, one after the other, timed`);
            let started = process.hrtime.bigint();
            const results: BaselineResult[] = await runBaseline(urls, work, baselineBrowser);
            const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
            say(`baseline: the same again, sampling memory`);
            await sampler.start();
            started = process.hrtime.bigint();
            await runBaseline(urls, work, baselineBrowser);
            const sampledWallMs = Number(process.hrtime.bigint() - started) / 1e6;
            const memory = await sampler.takePeak();
            const ok = results.filter((r) => r.ok);
            report.baseline = {
              browser: baselineBrowser, wallMs, perUrlMs: wallMs / n, ok: ok.length, failed: results.filter((r) => !r.ok).map((r) => `${r.url}: ${r.error}`),
              pdfMeanBytes: ok.length ? ok.reduce((a, r) => a + r.pdfBytes, 0) / ok.length : 0, memory, sampledWallMs,
            };
            report.ratio = run.wallMs / wallMs;
          } finally {
            fs.rmSync(work, { recursive: true, force: true });
          }
        }
        if (!values["skip-verify"]) {
          report.verify = await verifyBench(kept.log, kept.store, verifyMB, say);
          failed ||= !report.verify.ok;
        }
      } finally {
        await kept.close();
      }
      addTargets(report);
    }
  } finally {
    await sampler.stop();
    await site.close();
  }
  report.machine.loadAfter = os.loadavg();
  if (values.save) fs.writeFileSync(values.save, JSON.stringify(report, null, 2) + "\n");
  if (values.json) process.stdout.write(JSON.stringify(report, null, 2) + "\n");
  else process.stdout.write(formatReport(report));
  return failed ? 1 : 0;
}

async function verifyBench(log: import("../src/log/index.ts").RecordLog, store: FilesystemStore, verifyMB: number, say: (s: string) => void): Promise<VerifyThroughput> {
  say(`verify: adding ${verifyMB} MB of synthetic records to the filesystem store, then verifying`);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bench-verify-"));
  try {
    await addSyntheticRecords(log, store, work, verifyMB, Math.min(32, verifyMB));
    return await measureVerify(log, store);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function addTargets(r: Report): void {
  const s = r.somarkiv!;
  if (r.ratio !== undefined && r.baseline) {
    r.targets.push({ target: `wall time ≤ ${TARGETS.ratio} × baseline (${s.accounts} accounts)`, measured: `${r.ratio.toFixed(2)} × (${sec(s.wallMs)} vs ${sec(r.baseline.wallMs)})`, met: r.ratio <= TARGETS.ratio });
  }
  r.targets.push({ target: `time beyond load and settle ≤ ${pct(TARGETS.beyondLoadAndSettle)}`, measured: `${pct(s.beyondLoadAndSettle)} (${pct(s.beyondLoadSettleAndScroll)} if consent and all of scrolling count as the page's)`, met: s.beyondLoadAndSettle <= TARGETS.beyondLoadAndSettle });
  const fb = s.pdfBytes.facebook;
  if (fb) r.targets.push({ target: `Facebook-like PDF ≤ ${mb(TARGETS.facebookPdfBytes)}`, measured: `${mb(fb.max)} (largest of ${s.accounts >= 3 ? "the facebook ones" : "1"})`, met: fb.max <= TARGETS.facebookPdfBytes });
  r.targets.push(memoryTarget(s.memory, s.concurrency));
  if (r.verify) {
    const cold = r.verify.coldMBps;
    r.targets.push({ target: `verify ≥ ${TARGETS.verifyMBps} MB/s (filesystem store)`, measured: `${r.verify.warmMBps.toFixed(0)} MB/s cached${cold !== null ? `, ${cold.toFixed(0)} MB/s from disk` : ""}`, met: Math.min(r.verify.warmMBps, cold ?? Infinity) >= TARGETS.verifyMBps });
  }
}

/**
 * Judged on PSS: the RSS sum counts the pages Chromium's processes share (its program, fonts, shared
 * memory) once per process, so it overstates what the run occupies; both are shown.
 */
function memoryTarget(m: MemoryPeak, concurrency: number): Report["targets"][number] {
  return {
    target: `peak memory ≤ ${mb(TARGETS.peakMemoryBytes)} at concurrency 2 (PSS of Node and browser)`,
    measured: `${mb(m.pss)} PSS, ${mb(m.rss)} RSS sum, at concurrency ${concurrency}`,
    met: concurrency === 2 ? m.pss <= TARGETS.peakMemoryBytes : null,
  };
}

function formatReport(r: Report): string {
  const lines: string[] = [];
  const row = (label: string, ...cols: string[]) => lines.push(`${label.padEnd(34)}${cols.map((c) => c.padStart(14)).join("")}`);
  lines.push(`somarkiv benchmark, ${r.date} — ${r.machine.cpus} cores (${r.machine.model}), ${r.machine.memoryMB} MB; load average before ${r.machine.loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${r.machine.loadAfter.map((x) => x.toFixed(2)).join(" ")}; MALLOC_ARENA_MAX ${r.machine.mallocArenaMax ?? "unset (the systemd unit and the Containerfile set 2)"}`);
  lines.push("");
  if (r.somarkiv) {
    const s = r.somarkiv;
    row("", "somarkiv", "baseline");
    if (r.baseline && r.baseline.browser !== BASELINE_CHROMIUM) row("Baseline program", "", path.basename(r.baseline.browser));
    row("Accounts / concurrency", `${s.accounts} / ${s.concurrency}`, r.baseline ? `${s.accounts} / 1` : "skipped");
    row("Addresses", s.internet ? "internet" : "127.0.0.1", r.baseline ? (s.internet ? "internet" : "127.0.0.1") : "–");
    row("Wall time", sec(s.wallMs), r.baseline ? sec(r.baseline.wallMs) : "–");
    row("Wall time per record", sec(s.wallMs / s.accounts), r.baseline ? sec(r.baseline.perUrlMs) : "–");
    row("Wall time, run sampling memory", sec(s.sampledWallMs), r.baseline ? sec(r.baseline.sampledWallMs) : "–");
    row("Ratio somarkiv / baseline", r.ratio !== undefined ? `${r.ratio.toFixed(2)} ×` : "–");
    row("Records made", `${s.captured} of ${s.accounts}`, r.baseline ? `${r.baseline.ok} of ${s.accounts}` : "–");
    row("Peak memory, RSS sum", mb(s.memory.rss), r.baseline ? mb(r.baseline.memory.rss) : "–");
    row("Peak memory, PSS sum", mb(s.memory.pss), r.baseline ? mb(r.baseline.memory.pss) : "–");
    row("  of it Node alone (RSS)", mb(s.memory.nodeRss), r.baseline ? mb(r.baseline.memory.nodeRss) : "–");
    row("  of it browsers (PSS)", mb(s.memory.childrenPss), r.baseline ? mb(r.baseline.memory.childrenPss) : "–");
    row("Processes at most", String(s.memory.processes), r.baseline ? String(r.baseline.memory.processes) : "–");
    row("Node's event loop held, p99 / max", `${s.eventLoopMs.p99.toFixed(0)} / ${s.eventLoopMs.max.toFixed(0)} ms`, "–");
    lines.push("");
    row("Per record (mean), time", "ms", "share");
    for (const [key, label] of ROWS) row(`  ${label}`, s.perRecordMs[key]!.toFixed(0), pct(s.perRecordMs[key]! / (s.perRecordMs.total || 1)));
    row("  total (sum of steps)", s.perRecordMs.total!.toFixed(0), "100 %");
    row("Beyond load and settle (not *)", pct(s.beyondLoadAndSettle));
    row("  less consent and all scrolling", pct(s.beyondLoadSettleAndScroll));
    lines.push("");
    row("PDF size per record", "min", "max", "pages");
    for (const [kind, p] of Object.entries(s.pdfBytes)) row(`  ${kind}`, mb(p.min), mb(p.max), String(p.pages));
    if (r.baseline) row("  baseline print-to-pdf (mean)", mb(r.baseline.pdfMeanBytes));
    for (const f of s.failed) lines.push(`  NOT CAPTURED ${f}`);
    for (const f of r.baseline?.failed ?? []) lines.push(`  BASELINE FAILED ${f}`);
  }
  if (r.verify) {
    lines.push("");
    row("Verify (filesystem store)", "cached", "from disk", "hash() only");
    row(`  ${r.verify.objects} objects, ${mb(r.verify.bytes)}`, `${r.verify.warmMBps.toFixed(0)} MB/s`, r.verify.coldMBps !== null ? `${r.verify.coldMBps.toFixed(0)} MB/s` : "n/a", `${r.verify.hashMBps.toFixed(0)} MB/s`);
    for (const p of r.verify.problems) lines.push(`  VERIFY PROBLEM ${p}`);
  }
  if (r.scale) {
    row("Scale", "wall time", "per record", "peak RSS sum", "peak PSS", "Node RSS", "browsers PSS");
    for (const s of r.scale) row(`  ${s.accounts} accounts (${s.captured} captured)`, sec(s.wallMs), sec(s.wallMs / s.accounts), mb(s.memory.rss), mb(s.memory.pss), mb(s.memory.nodeRss), mb(s.memory.childrenPss));
  }
  lines.push("");
  lines.push("Targets");
  for (const t of r.targets) lines.push(`  ${t.met === null ? "n/a    " : t.met ? "MET    " : "NOT MET"}  ${t.target}: ${t.measured}`);
  return lines.join("\n") + "\n";
}

function positiveInt(s: string, flag: string): number {
  const v = Number(s);
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`${flag} needs a whole number of 1 or more, not "${s}".\n`);
    process.exit(2);
  }
  return v;
}

function isExecutable(p: string): boolean {
  try { fs.accessSync(p, fs.constants.X_OK); return fs.statSync(p).isFile(); } catch { return false; }
}

function sec(ms: number): string { return `${(ms / 1000).toFixed(1)} s`; }
function mb(bytes: number): string { return `${(bytes / MB).toFixed(bytes < 10 * MB ? 2 : 0)} MB`; }
function pct(x: number): string { return `${(x * 100).toFixed(1)} %`; }

main().then((code) => { process.exitCode = code; }, (e) => {
  process.stderr.write(`The benchmark stopped: ${(e as Error)?.stack ?? e}\n`);
  process.exitCode = 1;
});

/**
 * Peak resident memory of this process and every process it started (the browser and its renderers,
 * the baseline's Chromium processes), sampled from /proc every ~200 ms. The sampling runs in a worker
 * thread so that a busy main thread (PDF building is synchronous) does not skip samples.
 *
 * Two sums are kept: RSS, which counts pages shared between Chromium's processes once per process
 * (an overestimate, and what a container's limit roughly sees), and PSS from smaps_rollup, which shares
 * them out fairly (the better figure for "how much memory does the run take"). PSS is read once a
 * second and whenever the RSS sum reaches a new high, since reading it is costly.
 */
import { Worker } from "node:worker_threads";

export interface MemoryPeak {
  /** Highest sum of RSS over the process tree, bytes. */
  rss: number;
  /** Highest sum of PSS over the process tree, bytes (0 when smaps_rollup cannot be read). */
  pss: number;
  /** Highest RSS of this Node process alone, bytes. */
  nodeRss: number;
  /** Highest sums over the processes this one started (the browsers), without Node itself, bytes. */
  childrenRss: number;
  childrenPss: number;
  /** Most processes seen in the tree at once. */
  processes: number;
  samples: number;
  /** Samples that read PSS too (once a second, and at every new RSS high). */
  pssSamples: number;
}

/**
 * Samples only between start() and takePeak(). Reading /proc costs the machine CPU and holds each
 * process's memory map lock, which slowed the eight captures by 1–3 s (5–13 %): timed runs are
 * made with the sampler idle, and memory is measured in a run of its own.
 */
export interface MemorySampler {
  start(): Promise<void>;
  /** The peak since start(); sampling stops until the next start(). */
  takePeak(): Promise<MemoryPeak>;
  stop(): Promise<void>;
}

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const root = workerData.pid;
const page = 4096;
let peak, lastPss = 0;
function reset() { peak = { rss: 0, pss: 0, nodeRss: 0, childrenRss: 0, childrenPss: 0, processes: 0, samples: 0, pssSamples: 0 }; }
reset();
function read(p) { try { return fs.readFileSync(p, "utf8"); } catch { return null; } }
function sample() {
  const parent = new Map();
  const rss = new Map();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\\d+$/.test(name)) continue;
    const stat = read("/proc/" + name + "/stat");
    if (!stat) continue;
    // The command name may hold spaces and parentheses; fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    parent.set(Number(name), Number(f[1]));
    rss.set(Number(name), Number(f[21]) * page);
  }
  const children = new Map();
  for (const [pid, pp] of parent) { if (!children.has(pp)) children.set(pp, []); children.get(pp).push(pid); }
  const tree = [root];
  for (let k = 0; k < tree.length; k++) for (const c of children.get(tree[k]) || []) if (c !== workerData.exclude) tree.push(c);
  let r = 0;
  for (const pid of tree) r += rss.get(pid) || 0;
  // PSS (smaps_rollup) makes the kernel walk every page table: read every 200 ms it cost a
  // quarter of a core, taken from the run it measures. It is read once a second, and whenever
  // the RSS sum reaches a new high, which is where the PSS peak most likely is (PSS <= RSS).
  const now = Date.now();
  if (now - lastPss >= 1000 || r > peak.rss) {
    lastPss = now;
    let p = 0, rootPss = 0;
    for (const pid of tree) {
      const roll = read("/proc/" + pid + "/smaps_rollup");
      const m = roll && /^Pss:\\s+(\\d+) kB/m.exec(roll);
      if (m) p += Number(m[1]) * 1024;
      if (m && pid === root) rootPss = Number(m[1]) * 1024;
    }
    peak.childrenPss = Math.max(peak.childrenPss, p - rootPss);
    peak.pss = Math.max(peak.pss, p);
    peak.pssSamples++;
  }
  peak.childrenRss = Math.max(peak.childrenRss, r - (rss.get(root) || 0));
  peak.samples++;
  peak.rss = Math.max(peak.rss, r);
  peak.nodeRss = Math.max(peak.nodeRss, rss.get(root) || 0);
  peak.processes = Math.max(peak.processes, tree.length);
}
let timer = null;
parentPort.on("message", (m) => {
  if (m === "start") { reset(); if (!timer) timer = setInterval(sample, workerData.intervalMs); sample(); parentPort.postMessage(null); }
  if (m === "peak") { sample(); clearInterval(timer); timer = null; parentPort.postMessage(peak); }
  if (m === "stop") { clearInterval(timer); parentPort.close(); }
});
`;

/** `exclude`: a child process (and its own children) that is not part of what is measured: the fixture site. */
export function startMemorySampler(intervalMs = 200, exclude?: number): MemorySampler {
  const worker = new Worker(WORKER, { eval: true, workerData: { pid: process.pid, intervalMs, exclude: exclude ?? -1 } });
  worker.unref();
  const ask = <T>(m: string) => new Promise<T>((resolve, reject) => {
    const failed = (e: Error) => { worker.off("message", answered); reject(e); };
    const answered = (v: T) => { worker.off("error", failed); resolve(v); };
    worker.once("message", answered);
    worker.once("error", failed);
    worker.postMessage(m);
  });
  return {
    start: () => ask<void>("start"),
    takePeak: () => ask<MemoryPeak>("peak"),
    async stop() {
      worker.postMessage("stop");
      await worker.terminate();
    },
  };
}

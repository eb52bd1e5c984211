import fs from "node:fs";

/** Processes whose parent chain leads to pid, not pid itself (read from /proc): e.g. the Chromium a capture started. */
export function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(name));
      children.set(ppid, list);
    } catch { /* the process ended while we looked */ }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) for (const child of children.get(queue.shift()!) ?? []) { out.push(child); queue.push(child); }
  return out;
}

/** Whether a process is running; a zombie has exited, only its parent has not collected it yet. */
export function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/**
 * The processes of `pids` still running once they have had up to `ms` to end: a killed browser's
 * processes are gone within milliseconds on a quiet machine, and within seconds on one whose cores
 * are taken by other tests (the kernel frees their memory first). The bound is a safety net, not a
 * measure: a process close() failed to end is still there after any wait, so it is as long as the
 * crash test gives a killed capture's browser (30 s), not the 5 s a load of 20 could overrun.
 */
export async function stillRunning(pids: number[], ms = 30_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = pids.filter(alive);
    if (!left.length || Date.now() >= deadline) return left;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * The way most archivers do it (ArchiveBox's): one fresh headless Chromium process per address, printing
 * the page to PDF, one after the other. No consent handling, no lazy content, no record, no storage.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export interface BaselineResult {
  url: string;
  ms: number;
  pdfBytes: number;
  ok: boolean;
  error?: string;
}

/** The baseline: Debian's chromium, as ArchiveBox runs Chrome. `--baseline-browser` names another. */
export const BASELINE_CHROMIUM = "/usr/bin/chromium";

export async function runBaseline(urls: string[], workDir: string, browser = BASELINE_CHROMIUM, timeoutMs = 120_000): Promise<BaselineResult[]> {
  const out: BaselineResult[] = [];
  for (const [i, url] of urls.entries()) {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-bench-profile-"));
    const pdf = path.join(workDir, `baseline-${i}.pdf`);
    const started = Date.now();
    try {
      const code = await run(browser, [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", `--user-data-dir=${profile}`, `--print-to-pdf=${pdf}`, url,
      ], timeoutMs);
      const ms = Date.now() - started;
      const bytes = fs.existsSync(pdf) ? fs.statSync(pdf).size : 0;
      out.push({ url, ms, pdfBytes: bytes, ok: code === 0 && bytes > 0, error: code === 0 ? undefined : `exit ${code}` });
    } catch (e) {
      out.push({ url, ms: Date.now() - started, pdfBytes: 0, ok: false, error: (e as Error).message });
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
  return out;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "ignore", "ignore"] });
    const timer = setTimeout(() => { child.kill("SIGKILL"); reject(new Error(`Chromium did not finish within ${timeoutMs / 1000} s and was stopped`)); }, timeoutMs);
    child.on("error", (e) => { clearTimeout(timer); reject(e); });
    child.on("exit", (code) => { clearTimeout(timer); resolve(code); });
  });
}

import { counted } from "../words/counted.ts";
import type { Account, Config } from "../config/schema.ts";
import { browserSupply, secretVariables, forAccount, preflightAccount, type BrowserHandle, type ConsentOutcome } from "../capture/index.ts";
import { asShownBeforeCaptureMonth } from "./due.ts";
import { periodOf } from "./period.ts";

export interface AccountPreflight {
  accountId: string;
  url: string;
  ok: boolean;
  /** Plain-words problems: a login wall, an expired session, a consent dialog that could not be dismissed. */
  problems: string[];
  consent: ConsentOutcome;
  flags: string[];
  /** The first words of a box over the page, or of one that came after it was taken (box-came-after): the ready line quotes them. */
  boxWords?: string;
}

/**
 * Open each account once, as a capture would, without making a record. One account's trouble (even a
 * browser error) is that account's problem and never stops the others; the browser is always closed.
 * The results are in the order of the accounts given.
 */
export async function preflightAccounts(config: Config, accounts: Account[], progress: (line: string) => void, signal?: AbortSignal, results: Array<AccountPreflight | undefined> = []): Promise<AccountPreflight[]> {
  if (!accounts.length) return [];
  results.length = accounts.length;
  const browsers = browserSupply(config.capture.browser, progress, secretVariables(config));
  await browsers.get(); // a browser that cannot start at all is the whole pre-flight's failure
  // As many at once as a capture run takes: each account is taken the whole way, as a capture is.
  let next = 0;
  const lane = async () => {
    while (next < accounts.length && !signal?.aborted) {
      const i = next++;
      const result = await preflightOne(await browsers.get(), config, accounts[i]!, progress);
      // One cut off by a stop (its browser closed under it) is not the page's problem.
      if (signal?.aborted) break;
      results[i] = result;
      if (accounts.length > 1) progress(checkedSoFar(results, accounts.length, result));
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(config.capture.concurrency, accounts.length) }, lane));
  } finally {
    await browsers.close();
  }
  // In the configuration's order; an interrupted pre-flight has gaps, and only what was checked is given.
  return results.filter((r): r is AccountPreflight => r !== undefined);
}

async function preflightOne(handle: BrowserHandle, config: Config, a: Account, progress: (line: string) => void): Promise<AccountPreflight> {
  progress(`[${a.id}] preflight: opening ${a.url}`);
  try {
    const r = await preflightAccount(handle, {
      url: a.url, viewport: config.capture.viewport, locale: config.capture.locale, timezone: config.schedule.timezone,
      timeoutMs: config.capture.timeoutSeconds * 1000, maxHeight: config.capture.maxHeight, storageStatePath: a.login?.storageState,
      onProgress: (s) => progress(`[${a.id}] ${s}`),
    });
    return { accountId: a.id, url: a.url, ok: r.ok, problems: r.problems.map((p) => asShownWhen(forAccount(p, a.id, a.status === "closed"), new Date(), config.schedule.months, config.schedule.timezone)), consent: r.consent, flags: r.flags, ...(r.boxWords ? { boxWords: r.boxWords } : {}) };
  } catch (e) {
    return { accountId: a.id, url: a.url, ok: false, problems: [`somarkiv could not open the page: ${String((e as Error)?.message ?? e).split("\n")[0]}`], consent: "none-found", flags: [] };
  }
}

/**
 * A page that never loads (not-loaded) is filed as it shows with capture --as-shown, which its
 * problem names; before the half-year's capture month that capture is kept as a record of the day,
 * not as the half-year's snapshot (asShownBeforeCaptureMonth), and the problem says so, as capture's
 * early note says it, where the operator took it for the half-year's record. Pure.
 */
export function asShownWhen(problem: string, now: Date, months: number[], timezone: string): string {
  if (!problem.startsWith("not-loaded: ") || !problem.includes("--as-shown")) return problem;
  const note = asShownBeforeCaptureMonth(now, periodOf(now, timezone), months, timezone);
  return note ? `${problem}. ${note}` : problem;
}

/** "17 of 250 account(s) checked: 16 ready, 1 with a problem (konto just now)", as a capture counts its accounts. */
function checkedSoFar(results: Array<AccountPreflight | undefined>, total: number, last: AccountPreflight): string {
  const done = results.filter((r): r is AccountPreflight => r !== undefined);
  const problems = done.filter((r) => !r.ok).length;
  return `${done.length} of ${counted(total, "account")} checked: ${done.length - problems} ready, ${problems} with a problem${last.ok ? "" : ` (${last.accountId} just now)`}`;
}

/**
 * The loud stderr lines for an administrator: one per account with a problem, saying what to do. Each
 * problem carries its own advice (a login wall names \`somarkiv login\`); advice to sign in under a
 * page that is not there or a site that is down would send the operator the wrong way.
 */
export function preflightWarnings(results: AccountPreflight[], captureMonth: string | null): string[] {
  const when = captureMonth ? ` before the capture month ${captureMonth}` : "";
  return results.filter((r) => !r.ok).map((r) =>
    `PREFLIGHT PROBLEM ${r.accountId} (${r.url}): ${r.problems.join("; ")} — fix this${when}, then check again with: somarkiv preflight --account ${r.accountId}`);
}

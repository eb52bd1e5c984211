import type { Account, Config } from "../config/schema.ts";
import { launchBrowser, preflightAccount } from "../capture/index.ts";

export interface AccountPreflight {
  accountId: string;
  url: string;
  ok: boolean;
  /** Plain-words problems: a login wall, an expired session, a consent dialog that could not be dismissed. */
  problems: string[];
  consent: string;
  flags: string[];
}

/**
 * Open each account once, as a capture would, without making a record. One account's trouble (even a
 * browser error) is that account's problem and never stops the others; the browser is always closed.
 */
export async function preflightAccounts(config: Config, accounts: Account[], progress: (line: string) => void, signal?: AbortSignal): Promise<AccountPreflight[]> {
  const results: AccountPreflight[] = [];
  if (!accounts.length) return results;
  const handle = await launchBrowser(config.capture.browser, { onFallback: progress });
  try {
    for (const a of accounts) {
      if (signal?.aborted) break;
      progress(`[${a.id}] preflight: opening ${a.url}`);
      try {
        const r = await preflightAccount(handle, {
          url: a.url, viewport: config.capture.viewport, locale: config.capture.locale, timezone: config.schedule.timezone,
          timeoutMs: config.capture.timeoutSeconds * 1000, maxHeight: config.capture.maxHeight, storageStatePath: a.login?.storageState,
          onProgress: (s) => progress(`[${a.id}] ${s}`),
        });
        results.push({ accountId: a.id, url: a.url, ok: r.ok, problems: r.problems, consent: r.consent, flags: r.flags });
      } catch (e) {
        results.push({ accountId: a.id, url: a.url, ok: false, problems: [`somarkiv could not open the page: ${String((e as Error)?.message ?? e).split("\n")[0]}`], consent: "none-found", flags: [] });
      }
    }
  } finally {
    await handle.close();
  }
  return results;
}

/** The loud stderr lines for an administrator: one per account with a problem, saying what to do. */
export function preflightWarnings(results: AccountPreflight[], captureMonth: string | null): string[] {
  const when = captureMonth ? ` before the capture month ${captureMonth}` : "";
  return results.filter((r) => !r.ok).map((r) =>
    `PREFLIGHT PROBLEM ${r.accountId} (${r.url}): ${r.problems.join("; ")} — fix this${when} (for a login wall or an expired session: somarkiv login --account ${r.accountId}), then check again with: somarkiv preflight --account ${r.accountId}`);
}

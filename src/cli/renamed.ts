import type { Config } from "../config/index.ts";

/**
 * An account whose id was changed in the configuration: its records stay under the old id, and the
 * new id has none, so the half-year is taken again and the account's series is split in two.
 * Found by the address: an id only the log knows whose last record has a configured account's address.
 */
export function renamedAccounts(config: Config, records: Array<{ recordId: string; accountId: string; url: string; status: string; final: boolean }>): Array<{ level: "warning"; message: string; newId?: string }> {
  const known = new Set(config.accounts.map((a) => a.id));
  const lastUrl = new Map<string, string>();
  const closed = new Map<string, string>();
  for (const r of records) {
    if (known.has(r.accountId)) continue;
    lastUrl.set(r.accountId, r.url);
    if (r.final && r.status !== "failed") closed.set(r.accountId, r.recordId);
  }
  const out: Array<{ level: "warning"; message: string; newId?: string }> = [];
  for (const [id, url] of lastUrl) {
    const now = config.accounts.find((a) => a.url === url);
    if (now) out.push({ level: "warning", newId: now.id, message: `The log has records of account "${id}", which is no longer in the configuration, and account "${now.id}" has its address (${url}). If the id was changed, the new id's series starts anew and its half-year snapshot is taken again; to keep one series, change the id back to "${id}".` });
    // Taken out of the file without a closing record: it is gone from the public list and nothing is
    // captured of it, though the policy asks for a last snapshot of an account that is closed.
    else if (!closed.has(id)) out.push({ level: "warning", message: `The log has records of account "${id}" (${url}), which is no longer in the configuration and has no closing record. If the account is closed, put it back with status: closed and closedOn, and take its last snapshot if it is still there (somarkiv capture --account ${id} --final); if it still runs, put it back as it was: until then nothing is captured of it and the public list leaves it out.` });
    // Closed, with its closing record, and then deleted from the file: the public list no longer
    // names it among the closed accounts, though its records are still the organisation's.
    else out.push({ level: "warning", message: `The log has records of account "${id}" (${url}), closed with its closing record ${closed.get(id)}, which is no longer in the configuration: the public list of accounts leaves it out, though a closed account stays on it (with when it was closed) as long as its records are kept. Put it back with status: closed and closedOn.` });
  }
  return out;
}

import { captureCommandLine, seriesOwner, type Config } from "../config/index.ts";
import { normaliseAccountUrl } from "../register/same-address.ts";

/** An id the log has records of that the configuration no longer names: a warning to act on, or a note to pass on. */
export interface NotConfigured { level: "warning" | "ok"; message: string; accountId: string; newId?: string }

/**
 * An account whose id was changed in the configuration, or that was taken out of it. Found by the
 * address: an id only the log knows whose last record has a configured account's address was renamed.
 * Changing the id back is advised only while the new id has no records: once it has, its series has
 * begun, and changing back would split it again (each id in turn advising the other, in circles).
 * An id an account names in formerIds is that account's series, and said of no more.
 *
 * The accounts of `npm run demo` (`demo`, as the log noted them) are no configuration's: the example
 * file shares the demo's log, and each of them was warned of at length as an account taken out of it.
 * Said in one note; an account taken out of a real file is warned of as before.
 */
export function renamedAccounts(config: Config, records: Array<{ recordId: string; accountId: string; url: string; status: string; final: boolean }>, demo: ReadonlySet<string> = new Set()): NotConfigured[] {
  const known = new Set(config.accounts.map((a) => a.id));
  const lastUrl = new Map<string, string>();
  const lastRecord = new Map<string, string>();
  const closed = new Map<string, string>();
  // The first record of each configured id that is a record (a failed attempt is none).
  const firstOwn = new Map<string, string>();
  for (const r of records) {
    if (seriesOwner(config.accounts, r.accountId) !== r.accountId) continue;
    if (known.has(r.accountId)) {
      if (r.status !== "failed" && !firstOwn.has(r.accountId)) firstOwn.set(r.accountId, r.recordId);
      continue;
    }
    lastUrl.set(r.accountId, r.url);
    if (r.status !== "failed") lastRecord.set(r.accountId, r.recordId);
    if (r.final && r.status !== "failed") closed.set(r.accountId, r.recordId);
  }
  const out: NotConfigured[] = [];
  const ofDemo = [...lastUrl.keys()].filter((id) => demo.has(id));
  if (ofDemo.length) out.push({ level: "ok", accountId: ofDemo.join(", "), message: `The log also holds the records of the demo (npm run demo) of ${ofDemo.join(", ")}: the demo's own accounts, in no configuration file, so nothing more is taken of them. Nothing needs doing; "somarkiv records" lists them.` });
  for (const [id, url] of lastUrl) {
    if (demo.has(id)) continue;
    // The address as the same-address check reads it: an entry pasted twice and one of them removed
    // left records of an address written otherwise (HTTP://…/OverkalixKommun/), and the removed id was
    // advised put back and closed with a closing record of an account still in use.
    const now = config.accounts.find((a) => a.url === url) ?? config.accounts.find((a) => normaliseAccountUrl(a.url) === normaliseAccountUrl(url));
    const was = `The log has records of account "${id}", which is no longer in the configuration, and account "${now?.id}" has its address (${url}).`;
    const since = now && firstOwn.get(now.id);
    // The line that makes the two ids one series, as it is written under the account in the file.
    const line = now && `formerIds: [${[...(now.formerIds ?? []), id].join(", ")}]`;
    if (now && since) {
      const last = lastRecord.get(id);
      out.push({ level: "ok", accountId: id, newId: now.id, message: `${was} The id was changed (or the account was entered twice, under two ids, and one entry was removed), and the account has records under both: under "${id}"${last ? ` (the last ${last})` : ""} and under "${now.id}" (the first ${since}); its series continues under "${now.id}", the id in the file. Add this line to account "${now.id}" in the file, so that what is due, the gaps, the closing record and each record's previous snapshot read the records of both ids as one series (they keep their ids): ${line}. Tell the registrar, so that the records of both ids are filed as one series of the account. Keep the id "${now.id}": changing it back now would split the series again.` });
    }
    // A closed account is not captured again: the ids differ between its records and the public list.
    else if (now?.status === "closed") out.push({ level: "warning", accountId: id, newId: now.id, message: `${was} If the id was changed, the account's records stay filed under "${id}" while the public list of accounts names it "${now.id}"; nothing more is taken of a closed account. To have both name it alike, change the id back to "${id}"; to keep the id "${now.id}", add this line to account "${now.id}" in the file, so that its records under "${id}" (its closing record among them) are read as its series: ${line}.` });
    else if (now) out.push({ level: "warning", accountId: id, newId: now.id, message: `${was} If the id was changed (or the account was entered twice and one entry was removed), the new id's series starts anew and its half-year snapshot is taken again; to keep one series, add this line to account "${now.id}" in the file before the next capture, so that the records under "${id}" are read as its series (they keep their ids): ${line}. Or change the id back to "${id}".` });
    // Taken out of the file without a closing record: it is gone from the public list and nothing is
    // captured of it, though the policy asks for a last snapshot of an account that is closed. Nothing
    // can be taken of an account the file does not name, so putting it back comes first.
    else if (!closed.has(id)) out.push({ level: "warning", accountId: id, message: `The log has records of account "${id}" (${url}), which is no longer in the configuration and has no closing record. Until it is back in the file nothing is captured of it and the public list of accounts leaves it out. Put it back first (nothing can be taken of an account the file does not name): if it still runs, as it was; if it is closed or to be closed, take its last snapshot while its page is still there (${captureCommandLine({ accounts: [id], final: true })}), then set status: closed and closedOn.` });
    // Closed, with its closing record, and then deleted from the file: the public list no longer
    // names it among the closed accounts, though its records are still the organisation's.
    else out.push({ level: "warning", accountId: id, message: `The log has records of account "${id}" (${url}), closed with its closing record ${closed.get(id)}, which is no longer in the configuration: the public list of accounts leaves it out, though a closed account stays on it (with when it was closed) as long as its records are kept. Put it back with status: closed and closedOn.` });
  }
  return out;
}

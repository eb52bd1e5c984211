import type { Account } from "../config/schema.ts";
import { captureCommandLine } from "../config/command.ts";

/**
 * Query parameters a shared link adds to say where it was shared from: they name no account.
 * One list, for the address warning (a tracking tail to remove) and for telling two entries of one
 * account apart, where the same-address check kept mibextid and igsh, which the warning itself
 * called tracking, and two pastes of one page from a phone read as two accounts.
 */
export const TRACKING_PARAM = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|igsh|mibextid|rdid|sfnsn|share_url|si|ref|ref_src|ref_url|__cft__.*|__tn__|__xts__.*|_rdr|hc_ref|fref|feature|trk|trackingid|lipi|is_from_webapp|sender_device|_t|_r)$/i;

/** Parameters that change how a page is shown (its language), not which account it is. */
const DISPLAY_PARAM = /^(?:locale|hl|lang)$/i;

/** One platform under two names is one address: twitter.com/Kommun is x.com/kommun, fb.com is facebook.com. */
const SAME_HOST: Record<string, string> = { "twitter.com": "x.com", "fb.com": "facebook.com", "threads.com": "threads.net" };

/**
 * The address as it identifies an account: scheme, "www."/"m.", host case, default port, trailing
 * slash, fragment and tracking parameters do not make a different account. Other query parameters
 * are kept (facebook.com/profile.php?id=123 is an account of its own). The path is case-folded too:
 * the big platforms ignore its case (facebook.com/Kommun is facebook.com/kommun), and erring
 * towards reporting a duplicate is cheaper than a double entry in the public register.
 */
export function normaliseAccountUrl(u: string): string {
  try {
    const url = new URL(u.trim());
    const bare = url.hostname.toLowerCase().replace(/^(www|m|mobile|web)\./, "");
    const host = SAME_HOST[bare] ?? bare;
    const port = url.port ? `:${url.port}` : "";
    const path = decodeURIComponentSafe(url.pathname).replace(/\/+$/, "").toLowerCase();
    const params = [...url.searchParams]
      .filter(([k]) => !TRACKING_PARAM.test(k) && !DISPLAY_PARAM.test(k))
      .sort(([a], [b]) => a.localeCompare(b));
    const query = params.length ? "?" + params.map(([k, v]) => `${k}=${v}`).join("&") : "";
    return `${host}${port}${path}${query}`;
  } catch {
    return u.trim().toLowerCase();
  }
}

/** An account entered again under another entry: the entries before it with the same address. */
export interface SameAddress<A> {
  account: A;
  earlier: A[];
}

/**
 * Each entry whose address another entry above it already has, with those entries: the first is the
 * account as first registered. Pure.
 */
export function sameAddresses<A extends Pick<Account, "url">>(accounts: readonly A[]): SameAddress<A>[] {
  const seen = new Map<string, A[]>();
  const out: SameAddress<A>[] = [];
  for (const a of accounts) {
    const key = normaliseAccountUrl(a.url);
    const earlier = seen.get(key) ?? [];
    if (earlier.length) out.push({ account: a, earlier: [...earlier] });
    seen.set(key, [...earlier, a]);
  }
  return out;
}

/**
 * Two entries of one page as they are warned of. "entered-twice": both in use (or both closed), one
 * account pasted twice. "reopened": one in use with the page of a closed one, most likely the closed
 * account opened again under a new id, whose series should go on under its old one, or an address
 * pasted by mistake; either way not one to remove as a second paste, as the entry in use is the one
 * taken. `kept` is the entry above, `later` the one below.
 */
export interface SameAddressPair<A> {
  kind: "entered-twice" | "reopened";
  kept: A;
  later: A;
}

/**
 * The pair an entry repeating earlier ones is warned of: with the first of them in use, else with the
 * first: of two entries above it, one closed and one in use, the one taken beside it is what matters. Pure.
 */
export function pairOf<A extends Pick<Account, "status">>({ account, earlier }: SameAddress<A>): SameAddressPair<A> {
  const kept = earlier.find((e) => e.status !== "closed") ?? earlier[0]!;
  return { kind: (kept.status === "closed") === (account.status === "closed") ? "entered-twice" : "reopened", kept, later: account };
}

/**
 * The pairs of the pages of the accounts a command takes (`asked`: those of capture --account, or all
 * in use): every pair of entries of such a page, not only those of the entry asked for, where a capture
 * of kommun-2 of kommun, kommun-2 and kommun-3 named kommun and kommun-2 alone, and the person told to
 * remove kommun-2 learnt nothing of kommun-3, the same page taken a third time. Compared with all
 * `accounts`, not only those asked for, where a capture of one of two entries of one page said nothing
 * and began a second series of it beside the other's, and closed ones too, where an entry in use with a
 * closed one's page began a second series of it and only config check said so. A pair of two closed
 * entries is said only when one of them is asked for (capture --account ID --final): otherwise neither
 * is taken, and no record is made twice. Pure.
 */
export function samePagePairsOf<A extends Pick<Account, "url" | "status">>(accounts: readonly A[], asked: readonly A[]): SameAddressPair<A>[] {
  const mine = new Set(asked);
  const pages = new Set(asked.map((a) => normaliseAccountUrl(a.url)));
  const taken = (a: A) => mine.has(a) || a.status !== "closed";
  return sameAddresses(accounts).map(pairOf)
    .filter(({ kept, later }) => pages.has(normaliseAccountUrl(later.url)) && (taken(kept) || taken(later)));
}

/**
 * What an entry in use with the page of a closed entry means, and what to do: said the same by
 * config check, the capture and the worker.
 */
export function reopenedSays(open: Pick<Account, "id">, closed: Pick<Account, "id">): string {
  return `"${closed.id}" is closed, so the records of "${open.id}" begin a second series of its page under a new id. If it is the account "${closed.id}" opened again, its series goes on under its own id: remove the entry "${open.id}", set status: active on "${closed.id}" again (and remove its closedOn), take it back with "${captureCommandLine({ accounts: [closed.id], reopen: true })}" if its closing record was taken, and if records were already taken under "${open.id}", add formerIds: [${open.id}] to the entry "${closed.id}", so that they stay in its series. If the address of "${open.id}" was pasted by mistake, correct it instead`;
}

/** The open and the closed entry of a "reopened" pair. */
export function openAndClosed<A extends Pick<Account, "status">>(p: SameAddressPair<A>): { open: A; closed: A } {
  return p.kept.status === "closed" ? { open: p.later, closed: p.kept } : { open: p.kept, closed: p.later };
}

/**
 * What to do with an entry that repeats an earlier one's address: it is one account entered twice.
 * Remove the later entry; its records, if any were taken under its id, stay the account's series when
 * that id is kept in formerIds of the entry kept. Said the same by config check and by the capture.
 */
function enteredTwiceAdvice(later: Pick<Account, "id">, kept: Pick<Account, "id">, sameName: boolean): string {
  const also = sameName ? "" : ` (if one of the addresses is wrong, correct it instead)`;
  return `remove the entry "${later.id}"${also}, and if records were already taken under "${later.id}", add formerIds: [${later.id}] to the entry "${kept.id}", so that they stay in its series`;
}

/**
 * An entry that repeats an earlier one's address, as config check, capture, preflight, the worker and
 * status say it after their opening: what it is, then what to do. One sentence for all, where config
 * check and the capture's warning each wrote their own lead-in to the same advice.
 */
export function enteredTwiceSaid(later: Pick<Account, "id">, kept: Pick<Account, "id">, sameName: boolean): string {
  return `It is one account entered twice: ${enteredTwiceAdvice(later, kept, sameName)}`;
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

import type { Account, Config } from "../config/index.ts";
import { enteredTwiceSaid, openAndClosed, reopenedSays, samePagePairsOf, type SameAddressPair } from "../register/same-address.ts";

/**
 * Entries of one address among the accounts about to be captured, each said once before the capture
 * makes a record of each: two records of one account, filed under two ids, went to the registrar
 * without a word while only config check named it. Warned, not refused: the address check errs
 * towards one account (the path's case is folded), and a half-year's snapshot refused at its change
 * cannot be taken afterwards, where a record too many can be noted by the registrar.
 * `asked`: the accounts the command takes (those of capture --account, or all in use); each pair
 * of the page of one of them is said, found among all the file's entries, closed ones too.
 * `said`: the pairs told already, for a worker that reads the file at each wake. Kept by what they
 * are about (the two ids and the kind), not by their words, and only while the file has them: a pair
 * mended and pasted in again is said again, where one remembered by its text never was.
 */
export function saySameAddresses(config: Config, asked: readonly Account[], say: (line: string) => void, said = new Set<string>()): void {
  const pairs = samePagePairsOf(config.accounts, asked);
  const now = new Set(pairs.map(pairKey));
  for (const key of said) if (!now.has(key)) said.delete(key);
  for (const p of pairs) {
    if (said.has(pairKey(p))) continue;
    said.add(pairKey(p));
    say(samePageWarning(config, p));
  }
}

function pairKey(p: SameAddressPair<Account>): string {
  return JSON.stringify([p.kind, p.kept.id, p.later.id]);
}

function samePageWarning(config: Config, p: SameAddressPair<Account>): string {
  return `WARNING: ${samePageSaid(config, p)}`;
}

/**
 * The entries of one page among those in use, as status gives them (its text and --json): the pairs
 * the worker warns of, in its words, where status, what the operator reads most, said nothing of them
 * while the worker made two records of one account at each capture month.
 */
export function samePagesInUse(config: Config): Array<{ kind: SameAddressPair<Account>["kind"]; accounts: [string, string]; addresses: [string, string]; message: string }> {
  return samePagePairsOf(config.accounts, config.accounts.filter((a) => a.status === "active"))
    .map((p) => ({ kind: p.kind, accounts: [p.kept.id, p.later.id], addresses: [p.kept.url, p.later.url], message: samePageSaid(config, p) }));
}

/** One pair as capture, preflight, the worker and status say it, without the "WARNING: " each puts before it. */
function samePageSaid(config: Config, p: SameAddressPair<Account>): string {
  const { kept, later } = p;
  const head = `${config.source}: the accounts "${kept.id}" and "${later.id}" have the same address (${kept.url} and ${later.url})`;
  if (p.kind === "reopened") {
    const { open, closed } = openAndClosed(p);
    return `${head}, and ${reopenedSays(open, closed)}. "${open.id}" is taken until the file is mended.`;
  }
  const sameName = kept.name.trim().toLowerCase() === later.name.trim().toLowerCase() && kept.platform === later.platform;
  return `${head}, so each capture makes two records of one account, one under each id. ${enteredTwiceSaid(later, kept, sameName)}. Both are taken until the file is mended.`;
}

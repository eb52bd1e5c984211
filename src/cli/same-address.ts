import type { Account, Config } from "../config/index.ts";
import { enteredTwiceAdvice, sameAddressesOf } from "../register/same-address.ts";

/**
 * Entries of one address among the accounts about to be captured, each said once before the capture
 * makes a record of each: two records of one account, filed under two ids, went to the registrar
 * without a word while only config check named it. Warned, not refused: the address check errs
 * towards one account (the path's case is folded), and a half-year's snapshot refused at its change
 * cannot be taken afterwards, where a record too many can be noted by the registrar.
 * `said` keeps those told already, for a worker that reads the file at each wake. `asked`, the
 * accounts a capture takes when fewer than `accounts` (capture --account): only the entries of one
 * address that concern them are said, each found among all of `accounts`.
 */
export function saySameAddresses(config: Config, accounts: readonly Account[], say: (line: string) => void, said = new Set<string>(), asked: readonly Account[] = accounts): void {
  for (const { account, earlier } of sameAddressesOf(accounts, asked)) {
    const kept = earlier[0]!;
    const sameName = earlier.some((b) => b.name.trim().toLowerCase() === account.name.trim().toLowerCase() && b.platform === account.platform);
    const line = `WARNING: ${config.source}: the accounts "${kept.id}" and "${account.id}" have the same address (${kept.url} and ${account.url}), so each capture makes two records of one account, one under each id. It is one account entered twice: ${enteredTwiceAdvice(account, kept, sameName)}. Both are taken until the file is mended.`;
    if (said.has(line)) continue;
    said.add(line);
    say(line);
  }
}

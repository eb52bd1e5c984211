/**
 * How a message names an account of the file: by the id written for it, else (the id being what is
 * wrong) by its name, else by its place in the list, counted from one. "accounts[4]" had the
 * communicator count entries from zero to find the one meant.
 */
export function accountSaid(account: unknown, index: number): string {
  const a = account && typeof account === "object" && !Array.isArray(account) ? (account as Record<string, unknown>) : {};
  const nth = ordinal(index + 1);
  if (typeof a.id === "string" && a.id.trim()) return `account "${a.id.trim()}" (${nth} in the list)`;
  if (typeof a.name === "string" && a.name.trim()) return `account named "${a.name.trim()}" (${nth} in the list)`;
  return `the ${nth} account in the list`;
}

/**
 * A place in the file as a message names it at its start: an account's setting after the account
 * ("account "fb" (2nd in the list), responsible.email"), anything else as its path ("schedule.cron").
 */
export function placeSaid(p: PropertyKey[], data: unknown): string {
  if (p[0] === "accounts" && typeof p[1] === "number") {
    const accounts = (data as { accounts?: unknown[] } | null)?.accounts;
    const who = accountSaid(Array.isArray(accounts) ? accounts[p[1]] : undefined, p[1]);
    const rest = pathSaid(p.slice(2));
    return rest ? `${who}, ${rest}` : who;
  }
  return pathSaid(p);
}

/** A path as written in the file: groups by ".", list entries by [n]. */
export function pathSaid(p: PropertyKey[]): string {
  let out = "";
  for (const k of p) {
    if (typeof k === "number") out += `[${k}]`;
    else out += out ? `.${String(k)}` : String(k);
  }
  return out;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

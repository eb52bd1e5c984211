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
    const rest = pathSaid(p.slice(2), Array.isArray(accounts) ? accounts[p[1]] : undefined);
    return rest ? `${who}, ${rest}` : who;
  }
  return pathSaid(p, data);
}

/**
 * A path as written in the file: groups by "." ("schedule.cron"), a list's entry by its place counted
 * from one ("administrators (2nd), email"), an intake also by its kind ("intake (1st, e-mail), to"):
 * "intake[0]" had the reader count from zero to find the one meant.
 */
export function pathSaid(p: PropertyKey[], data?: unknown): string {
  let out = "";
  let at: unknown = data;
  for (let i = 0; i < p.length; i++) {
    const k = p[i]!;
    at = at && typeof at === "object" ? (at as Record<PropertyKey, unknown>)[k] : undefined;
    if (typeof k === "number") {
      const kind = i === 1 && p[0] === "intake" ? intakeKindSaid(at) : undefined;
      out += ` (${ordinal(k + 1)}${kind ? `, ${kind}` : ""})`;
    } else out += !out ? String(k) : typeof p[i - 1] === "number" ? `, ${String(k)}` : `.${String(k)}`;
  }
  return out;
}

/** An intake of the file as messages name it: "intake (2nd, e-mail)". */
export function intakeSaid(index: number, intake: unknown): string {
  const kind = intakeKindSaid(intake);
  return `intake (${ordinal(index + 1)}${kind ? `, ${kind}` : ""})`;
}

export function intakeKindSaid(intake: unknown): string | undefined {
  const type = intake && typeof intake === "object" ? (intake as { type?: unknown }).type : undefined;
  return type === "directory" ? "folder" : type === "email" ? "e-mail" : type === "http" ? "HTTP" : undefined;
}

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st. */
export function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : ({ 1: "st", 2: "nd", 3: "rd" } as Record<number, string>)[n % 10] ?? "th";
  return `${n}${suffix}`;
}

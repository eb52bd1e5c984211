import { serviceName, type Account, type Config, type Person } from "../config/schema.ts";
import type { PublicRegister, RegisterEntry } from "./types.ts";

/**
 * The public register: every configured account, active ones first, then closed ones, each in
 * configuration order. Callers that need the two groups apart use publicRegister().
 */
export function accountRegister(config: Config): RegisterEntry[] {
  const entries = config.accounts.map(registerEntry);
  return [...entries.filter((e) => e.status === "active"), ...entries.filter((e) => e.status === "closed")];
}

export function publicRegister(config: Config, opts: { generatedAt?: Date } = {}): PublicRegister {
  const entries = accountRegister(config);
  const org = config.organisation;
  return {
    organisation: {
      name: org.name,
      website: org.website ?? null,
      switchboard: org.switchboard ?? null,
      registrar: org.registrar ?? null,
    },
    generatedAt: opts.generatedAt ? opts.generatedAt.toISOString() : null,
    accounts: entries.filter((e) => e.status === "active"),
    closedAccounts: entries.filter((e) => e.status === "closed"),
  };
}

function registerEntry(a: Account): RegisterEntry {
  return {
    id: a.id,
    name: a.name,
    platform: a.platform,
    platformName: serviceName(a),
    url: a.url,
    status: a.status,
    closedOn: a.status === "closed" ? (a.closedOn ?? null) : null,
    unit: a.unit ?? null,
    responsible: a.responsible?.name ?? null,
    contactEmail: publicContact(a),
    purpose: a.purpose ?? null,
    audience: a.audience ?? null,
  };
}

/**
 * What a municipality publishes is who answers for the account: the unit and the responsible
 * person's name (the policy asks "vem som är ansvarig"; names of officials acting in their role are
 * public). A named employee's own mailbox is not published: people change jobs, the address then
 * bounces or reaches the wrong person, and it invites spam to a personal inbox, while the policy
 * points the public to the switchboard and the registrar. The account's `publicEmail` is published
 * as written (null: none). Without it, the responsible person's address is published when it does
 * not look personal, otherwise the web manager's if that one does not, otherwise none: a guess,
 * which `accounts` names on stderr (contactsGuessed), so that whoever publishes the list sees it.
 */
function publicContact(a: Account): string | null {
  if (a.publicEmail !== undefined) return a.publicEmail;
  return guessedContact(a)?.email ?? null;
}

function guessedContact(a: Account): { email: string; of: "responsible" | "webManager" } | undefined {
  for (const of of ["responsible", "webManager"] as const) {
    const p = a[of];
    if (p?.email && !looksPersonal(p)) return { email: p.email, of };
  }
  return undefined;
}

/** The addresses the public list shows because they did not look like a person's own: a guess a person should check. */
export function contactsGuessed(accounts: Account[]): Array<{ accountId: string; email: string; of: "responsible" | "webManager" }> {
  return accounts.filter((a) => a.publicEmail === undefined).flatMap((a) => {
    const g = guessedContact(a);
    return g ? [{ accountId: a.id, ...g }] : [];
  });
}

/**
 * An address is personal when its local part holds a part of the person's name: a part of four
 * letters or more anywhere in it (anna.andersson@, annaandersson@, andersson.a@), a shorter one only
 * as a word of its own (bo.ek@, not the "ek" of bibliotek@). Initials (aa@) and nicknames (gullan.g@
 * of Gunilla) are not recognised: the account's publicEmail says which address to publish.
 */
function looksPersonal(p: Person): boolean {
  const local = fold(p.email!.split("@")[0] ?? "");
  const words = new Set(local.split(/[^a-z0-9]+/));
  const parts = fold(p.name).split(/[^a-z0-9]+/).filter((s) => s.length >= 2);
  return parts.some((part) => (part.length >= 4 ? local.includes(part) : words.has(part)));
}

/** Lower-case ASCII folding, so "Åsa Öberg" matches asa.oberg@. */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

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
 * points the public to the switchboard and the registrar. A functional address (webb@, kultur@) is
 * fine and useful, so the responsible person's address is published only when it does not look
 * personal, otherwise the web manager's if that one is functional, otherwise none.
 */
function publicContact(a: Account): string | null {
  for (const p of [a.responsible, a.webManager]) {
    if (p?.email && !looksPersonal(p)) return p.email;
  }
  return null;
}

/**
 * An address is personal when its local part contains a part of the person's name (anna.andersson@,
 * andersson.a@). Initials-only addresses (aa@) are not recognised: a unit that uses them should
 * give a functional address in the configuration instead.
 */
function looksPersonal(p: Person): boolean {
  const local = fold(p.email!.split("@")[0] ?? "");
  const parts = fold(p.name).split(/[^a-z0-9]+/).filter((s) => s.length >= 2);
  return parts.some((part) => local.includes(part));
}

/** Lower-case ASCII folding, so "Åsa Öberg" matches asa.oberg@. */
function fold(s: string): string {
  return s.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

import { PLATFORM_NAMES, serviceName, type Account, type Config, type Person } from "../config/schema.ts";
import { captureCommandLine } from "../config/command.ts";
import type { PolicyFacts, PolicyWarning, PolicyWarningCode } from "./types.ts";
import { probablyPassiveSaid } from "./passive.ts";
import { comparePeriods, monthName } from "../schedule/period.ts";
import { enteredTwiceSaid, normaliseAccountUrl, openAndClosed, pairOf, reopenedSays, TRACKING_PARAM } from "./same-address.ts";

export { normaliseAccountUrl } from "./same-address.ts";

/** Section titles of Policy för sociala medier (KF 2013-11-25), as the policy spells them. */
export const POLICY = {
  redovisa: "Redovisa sociala medier",
  administrera: "Administrera konto",
  passiva: "Stäng passiva konton",
  gallra: "Gallra olämpliga inlägg",
  dokumentera: "Dokumentera",
  profil: "Överkalix grafiska profil i sociala medier",
} as const;

/**
 * Each warning in a few words, for a summary that counts them ("tiktok-fritid: too few administrators,
 * no substitute"), where its message, with what to do, is config check's. Every code has one.
 */
export const POLICY_WARNING_SAID: Record<PolicyWarningCode, string> = {
  "organisation-no-website": "no website for the organisation",
  "organisation-no-switchboard": "no switchboard for the organisation",
  "half-year-without-capture": "a half-year without a snapshot",
  "capture-before-half-year-change": "a snapshot taken before the half-year change",
  "too-few-administrators": "too few administrators",
  "no-web-manager": "no web manager",
  "no-substitute": "no substitute",
  "substitute-is-responsible": "the substitute is the responsible person",
  "missing-purpose": "no purpose",
  "missing-audience": "no audience",
  "missing-responsible": "no responsible person",
  "missing-unit": "no responsible unit",
  "duplicate-url": "an address twice",
  "account-address": "an address that is not the account's",
  "closed-without-date": "closed without a closing date",
  "closing-date-ahead": "a closing date ahead",
  "closed-without-closing-record": "closed without a closing record",
  "closed-before-last-snapshot": "closed before its last snapshot",
  "closing-date-on-active-account": "a closing date on an active account",
  "closing-record-on-active-account": "a closing record on an active account",
  "missing-snapshot": "a missing snapshot",
  "gap-in-series": "a gap in its series of snapshots",
  "same-title": "the same name as another account",
  "passive-account": "passive",
  "probably-passive-account": "probably passive",
  "private-email-address": "a private e-mail address",
  "account-not-in-configuration": "no longer in the configuration",
};

/**
 * Where the configuration or the archive falls short of the policy. Pure: the log-derived facts
 * are passed in; checks whose facts are missing are skipped rather than guessed.
 * Organisation warnings come first, then each account's in configuration order.
 */
export function policyWarnings(config: Config, facts: PolicyFacts = {}): PolicyWarning[] {
  const out: PolicyWarning[] = [];
  const org = config.organisation;

  if (!org.website) {
    out.push({
      code: "organisation-no-website",
      message: `The organisation "${org.name}" has no website in the configuration. Add organisation.website (e.g. https://www.overkalix.se): the policy asks every account to link to it, and the public register links to it.`,
      policy: POLICY.profil,
    });
  }
  if (!org.switchboard) {
    out.push({
      code: "organisation-no-switchboard",
      message: `The organisation "${org.name}" has no switchboard number in the configuration. Add organisation.switchboard (e.g. "0926-140 00"): the policy asks every account to show it, and the public register tells people to call it.`,
      policy: POLICY.profil,
    });
  }

  out.push(...scheduleWarnings(config.schedule.months));

  const byUrl = new Map<string, Account[]>();
  for (const a of config.accounts) {
    const key = normaliseAccountUrl(a.url);
    byUrl.set(key, [...(byUrl.get(key) ?? []), a]);
  }

  for (const a of config.accounts) {
    const who = label(a);
    const push = (code: PolicyWarning["code"], policy: string, message: string) => out.push({ accountId: a.id, code, message, policy });
    // Half-years before the last that ended (that one is said below, for accounts in use) with no
    // snapshot: after the next half-year ended nothing else said them, and the series read as whole.
    // A closed account's last half-year is said here too: no missing-snapshot warning is given of a
    // closed account, and one whose captures all failed read as "No policy warnings".
    const seriesGap = (closed = false) => {
      const earlier = (facts.gapsByAccount?.get(a.id) ?? []).filter((p) => closed || p !== facts.lastFinishedPeriod);
      if (!earlier.length) return;
      const why = closed
        ? `It is closed, so none can be taken any more.`
        : `A half-year before the last that ended cannot be taken any more: a snapshot now would show the account as it is today.`;
      push("gap-in-series", POLICY.dokumentera,
        `${who} has no snapshot of ${andList(earlier)}, ${earlier.length === 1 ? "a half-year" : "half-years"} since it was first in use (its first record, or in the configuration at a wake or a capture) that ended with none taken: the registrar's series of it has a gap there, which "somarkiv records" lists as "saknas". Tell the registrar, so that the series is filed with the gap said. ${why}`);
    };

    // Said once for each pair, at the later entry, naming the earlier ones: the first is the account as first registered.
    const same = byUrl.get(normaliseAccountUrl(a.url))!;
    const twins = same.slice(0, same.indexOf(a));
    // The record's title and the public list's link are made of the platform and the name: two accounts
    // alike in both are two series a reader cannot tell apart. Said at the later one.
    const titled = (b: Account) => `${serviceName(b).toLowerCase()} ${b.name.trim().toLowerCase()}`;
    const pair = twins.length ? pairOf({ account: a, earlier: twins }) : undefined;
    if (pair?.kind === "reopened") {
      // One in use with a closed one's page is not a second paste to remove: the one in use is the one taken.
      const { open, closed } = openAndClosed(pair);
      push("duplicate-url", POLICY.redovisa,
        `${who} has the same address (${a.url}) as ${andList(twins.map((b) => label(b, false)))}, and ${reopenedSays(open, closed)}.`);
    } else if (twins.length) {
      // Alike in address and name is the one account pasted twice: names told apart would keep both entries.
      const sameName = twins.some((b) => titled(b) === titled(a));
      push("duplicate-url", POLICY.redovisa,
        `${who} has the same address (${a.url}) as ${andList(twins.map((b) => label(b, false)))}${sameName ? ", and the same name" : ""}. One account belongs in the register once. ${enteredTwiceSaid(a, twins[0]!, sameName)}.`);
    }
    const sameTitle = config.accounts.slice(0, config.accounts.indexOf(a)).filter((b) => titled(b) === titled(a));
    if (sameTitle.length && !twins.length) {
      push("same-title", POLICY.redovisa,
        `${who} has the same platform and name as ${andList(sameTitle.map((b) => label(b, false)))}, so their records get the same title ("Ögonblicksbild ${serviceName(a)} ${a.name} …") and the public list two links with the same text. Give them names a reader can tell apart (the service, the unit or the place in each, e.g. "${a.name} – Ungdomens hus"), before their records are filed.`);
    }

    for (const problem of addressProblems(a)) push("account-address", POLICY.redovisa, `${who}: ${problem}`);

    if (a.status === "closed") {
      if (!a.closedOn) {
        push("closed-without-date", POLICY.passiva,
          `${who} is marked as closed but has no closing date. Add closedOn (e.g. 2026-06-30) so the public register and the registrar can tell when it was closed.`);
      } else if (facts.now && a.closedOn > isoDay(facts.now)) {
        push("closing-date-ahead", POLICY.passiva,
          `${who} is marked as closed from ${a.closedOn}, a day still to come, so the public register already lists it as closed and no snapshot is taken of it meanwhile. Keep status: active until the account is closed on the platform, then set status: closed and the day it was closed.`);
      }
      // Any snapshot (a closing record or an ordinary one) shows the account still open on the day it
      // was taken: a closing date before it is wrong, and the public list would give it.
      const seen = facts.lastSnapshots?.get(a.id);
      if (a.closedOn && seen && a.closedOn < seen.day) {
        push("closed-before-last-snapshot", POLICY.passiva,
          `${who} is marked as closed on ${a.closedOn}, but its ${seen.closing ? "closing record" : "snapshot"} (${seen.recordId}) was taken ${seen.day} and shows it still open then, so the public list gives a closing day before the archive's last snapshot of it. Correct closedOn to the day the account was closed on the platform, ${seen.day} or later${seen.closing ? "" : `; if it is still open, set status: active again (and closedOn away), or take its closing record with "${captureCommandLine({ accounts: [a.id], final: true })}" before closing it`}.`);
      }
      // An account somarkiv has archived is closed with a last record of it (capture --final), which the
      // log lacks; one whose page was already gone when it was asked for has its last snapshot as its last.
      if (facts.closingRecords && !facts.closingRecords.has(a.id) && !facts.goneAtClosing?.has(a.id) && facts.storedPeriodsByAccount?.get(a.id)?.size) {
        push("closed-without-closing-record", POLICY.dokumentera,
          `${who} is closed, but the log has no closing record of it: the last snapshot of an account that is closed is taken with "${captureCommandLine({ accounts: [a.id], final: true })}". If the account can still be opened, take it now; if it is already gone from the platform, its last half-year snapshot is its last record.`);
      }
      // A gap in its series while it was in use stays one after it closed.
      seriesGap(true);
      // The remaining duties (administrators, moderation, description, snapshots) apply to accounts in use.
      continue;
    }

    if (a.closedOn) {
      push("closing-date-on-active-account", POLICY.passiva,
        `${who} has a closing date (${a.closedOn}) but its status is active. Set status: closed if the account has been closed, or remove closedOn.`);
    }

    const closing = facts.closingRecords?.get(a.id);
    if (closing) {
      push("closing-record-on-active-account", POLICY.passiva,
        `${who} has its closing record (${closing}) but its status is still active, so it stays on the public list as in use, though nothing more is captured of it. Once it is closed on the platform, set status: closed and closedOn in the configuration; if it is kept after all, take it back with: ${captureCommandLine({ accounts: [a.id], reopen: true, reasonToType: true })}.`);
    }

    // "Minst två personer samt kommunens webbansvariga": two administrators besides the web manager.
    const admins = distinctPeople(a.administrators).filter((p) => !a.webManager || !samePerson(p, a.webManager));
    if (admins.length < 2) {
      const have = admins.length === 0 ? "no administrators" : `only one administrator (${admins[0]!.name})`;
      push("too-few-administrators", POLICY.administrera,
        `${who} has ${have}${a.webManager ? " besides the web manager" : ""}. Add at least ${2 - admins.length} more ${admins.length === 1 ? "person" : "people"} under administrators, so that the account can still be managed when someone is away or leaves.`);
    }
    for (const { person, role } of privateAddresses(a)) {
      push("private-email-address", POLICY.administrera,
        `${who}: ${person.name}'s e-mail address as ${role} (${person.email}) is at a free mail service, not the organisation's. An account whose login goes to a private mailbox is lost to the organisation when that person leaves, and the policy asks that several people can reach its login. Give an address of the organisation's own, a functional one (such as webb@) where the login goes.`);
    }
    if (!a.webManager) {
      push("no-web-manager", POLICY.administrera,
        `${who} has no web manager. Add webManager (the municipality's web manager, who must also be able to administer every account).`);
    }

    if (!a.substitute) {
      push("no-substitute", POLICY.gallra,
        `${who} has no named substitute. Add substitute: the person who watches the account and removes inappropriate posts within 48 hours when the responsible person is away.`);
    } else if (a.responsible && samePerson(a.substitute, a.responsible)) {
      push("substitute-is-responsible", POLICY.gallra,
        `${who} names ${a.substitute.name} both as responsible and as substitute. The substitute must be someone else, who covers moderation when the responsible person is away.`);
    }

    if (!a.responsible) {
      push("missing-responsible", POLICY.redovisa,
        `${who} has no responsible person. Add responsible (name, and a functional e-mail address if there is one): the public register must say who is responsible for the account.`);
    }
    if (!a.unit) {
      push("missing-unit", POLICY.redovisa,
        `${who} has no responsible unit. Add unit (e.g. Kommunledningsförvaltningen): the public register shows which part of the organisation runs the account.`);
    }
    if (!a.purpose) {
      push("missing-purpose", POLICY.redovisa,
        `${who} has no purpose. Add purpose, a short sentence in Swedish on what the account is for: the public register must state it.`);
    }
    if (!a.audience) {
      push("missing-audience", POLICY.redovisa,
        `${who} has no audience. Add audience, in Swedish, who the account is meant for (e.g. Kommuninvånare och besökare): the public register must state it.`);
    }

    const first = facts.firstPeriodByAccount ? facts.firstPeriodByAccount.get(a.id) : facts.firstLoggedPeriod;
    const began = facts.firstPeriodByAccount && !first ? false : !first || !facts.lastFinishedPeriod || comparePeriods(first, facts.lastFinishedPeriod) <= 0;
    if (facts.lastFinishedPeriod && facts.storedPeriodsByAccount && began) {
      const stored = facts.storedPeriodsByAccount.get(a.id);
      if (!stored?.has(facts.lastFinishedPeriod)) {
        push("missing-snapshot", POLICY.dokumentera,
          `${who} has no stored snapshot for ${facts.lastFinishedPeriod}, the last half-year that has ended. Run "${captureCommandLine({ accounts: [a.id], period: facts.lastFinishedPeriod })}" and check "somarkiv status" for why the scheduled capture did not succeed.`);
      }
    }

    seriesGap();

    const passive = facts.passive?.get(a.id);
    if (passive?.passive) {
      // Once its closing record is taken, what is left of closing it is the configuration.
      const close = closing ? `set status: closed and closedOn, as its closing record (${closing}) is taken` : `take a last snapshot with "${captureCommandLine({ accounts: [a.id], final: true })}", then set status: closed and closedOn`;
      push("passive-account", POLICY.passiva,
        `${who} looks passive: the snapshot for ${passive.current.period} shows nothing new since ${passive.previous.period}: ${passive.reason}. The policy says accounts that are not updated regularly are to be closed: start posting again, or close the account (${close}).`);
    } else if (passive?.probablyPassive) {
      // Too close to call either way: said for a person to judge, where nothing was said.
      const close = closing ? `set status: closed and closedOn, as its closing record (${closing}) is taken` : `take a last snapshot with "${captureCommandLine({ accounts: [a.id], final: true })}", then set status: closed and closedOn`;
      push("probably-passive-account", POLICY.passiva,
        `${who} may be passive: ${probablyPassiveSaid(passive)}: start posting again, or close the account (${close}).`);
    }
  }
  return out;
}

/**
 * "Vid varje halvårsskifte": a snapshot of every half-year, taken as it ends (June, December). The
 * worker takes each half-year's snapshot in its first capture month and files it under that
 * half-year, so months that leave a half-year out, or that come early in it, keep the letter of the
 * schedule and miss the policy's.
 */
function scheduleWarnings(months: number[]): PolicyWarning[] {
  const out: PolicyWarning[] = [];
  const list = `[${[...new Set(months)].sort((a, b) => a - b).join(", ")}]`;
  for (const half of [{ first: 1, last: 6, name: "first", span: "January–June", label: "H1" }, { first: 7, last: 12, name: "second", span: "July–December", label: "H2" }]) {
    const inHalf = months.filter((m) => m >= half.first && m <= half.last);
    if (inHalf.length === 0) {
      out.push({
        code: "half-year-without-capture",
        message: `schedule.months ${list} has no month in the ${half.name} half-year (${half.span}), so no snapshot is ever taken for the ${half.label} periods; the policy asks for one at every half-year change. Add ${half.last} (${monthName(half.last)}), or remove schedule.months to use the default [6, 12].`,
        policy: POLICY.dokumentera,
      });
      continue;
    }
    const first = Math.min(...inHalf);
    const early = half.last - first;
    // A month's margin (May for June) still shows the half-year as it ends; more does not.
    if (early >= 2) {
      out.push({
        code: "capture-before-half-year-change",
        message: `schedule.months ${list} takes the ${half.label} snapshot in ${monthName(first)}, ${early} months before the half-year change at the end of ${monthName(half.last)}: it is filed under that half-year and shows the account as it was in ${monthName(first)}, not as the half-year ended. Use ${half.last} (${monthName(half.last)}) for the ${half.name} half-year, as the default [6, 12] does.`,
        policy: POLICY.dokumentera,
      });
    }
  }
  return out;
}

/** The hosts of each platform's pages (without "www."); "other" and Mastodon (any server) have none. */
const PLATFORM_HOSTS: Partial<Record<Account["platform"], string[]>> = {
  facebook: ["facebook.com", "fb.com"],
  instagram: ["instagram.com"],
  x: ["x.com", "twitter.com"],
  youtube: ["youtube.com", "youtu.be"],
  linkedin: ["linkedin.com"],
  tiktok: ["tiktok.com"],
  threads: ["threads.net", "threads.com"],
  bluesky: ["bsky.app"],
  flickr: ["flickr.com"],
  vimeo: ["vimeo.com"],
};

/** A single post's, video's or picture's address on each platform, not the account's start page. */
const SINGLE_ITEM: Partial<Record<Account["platform"], RegExp>> = {
  facebook: /^\/(?:[^/]+\/(?:posts|photos|videos|events)\/|permalink\.php|story\.php|photo(?:\.php)?\b|watch\/?\?)/i,
  instagram: /^\/(?:p|reel|reels|stories|tv)\/[^/]/i,
  x: /^\/[^/]+\/status\/\d/i,
  youtube: /^\/(?:watch\b|shorts\/|live\/)/i,
  linkedin: /^\/(?:posts\/|feed\/update\/)/i,
  tiktok: /^\/@[^/]+\/(?:video|photo)\/\d/i,
  threads: /^\/@[^/]+\/post\//i,
  bluesky: /^\/profile\/[^/]+\/post\//i,
  flickr: /^\/photos\/[^/]+\/\d/i,
  vimeo: /^\/\d+(?:\/|$)/,
  // The same on every Mastodon server: /@name/ and the post's number.
  mastodon: /^\/@[^/]+\/\d+(?:\/|$)/,
};

/** Where each platform's account page keeps its name, and the example of one when the post's address does not give it. */
const START_PAGE: Partial<Record<Account["platform"], { name: RegExp; page: (name: string) => string }>> = {
  facebook: { name: /^\/([^/]+)\/(?:posts|photos|videos|events)\//i, page: (n) => `/${n}` },
  x: { name: /^\/([^/]+)\/status\//i, page: (n) => `/${n}` },
  youtube: { name: /^\/(@[^/]+)/, page: (n) => `/${n}` },
  linkedin: { name: /^\/company\/([^/]+)/i, page: (n) => `/company/${n}` },
  tiktok: { name: /^\/@([^/]+)\//, page: (n) => `/@${n}` },
  threads: { name: /^\/@([^/]+)\//, page: (n) => `/@${n}` },
  mastodon: { name: /^\/@([^/]+)\//, page: (n) => `/@${n}` },
  bluesky: { name: /^\/profile\/([^/]+)\//, page: (n) => `/profile/${n}` },
  flickr: { name: /^\/photos\/([^/]+)\//, page: (n) => `/photos/${n}` },
};

/**
 * The account's start page made of a post's address, on the same site, when the name is in it
 * (/@ungdomenshus/video/… → https://www.tiktok.com/@ungdomenshus); else an example of the page's
 * form with "name" ("for example …"), where a bare "https://threads.net/name" lacked the "@" its pages have.
 */
function startPageOf(platform: Account["platform"], url: URL): string {
  const form = START_PAGE[platform] ?? { name: /^$/, page: (n: string) => `/${n}` };
  const name = form.name.exec(url.pathname)?.[1];
  if (name) return url.origin + form.page(name);
  return `for example ${url.origin}${form.page(platform === "youtube" ? "@name" : platform === "bluesky" ? "name.bsky.social" : "name")}`;
}

/**
 * What is wrong with an account's address for the public register and its snapshots: another
 * platform's site, plain http, a tracking tail, a single post instead of the account's start page.
 * Pure; an address that cannot be read is the schema's to refuse.
 */
export function addressProblems(a: Pick<Account, "platform" | "url">): string[] {
  let url: URL;
  try {
    url = new URL(a.url);
  } catch {
    return [];
  }
  const out: string[] = [];
  const host = url.hostname.toLowerCase().replace(/^(www|m|mobile|web)\./, "");
  // A local copy or test site (localhost, an address by number) stands in for a platform on purpose.
  const local = host === "localhost" || /^[\d.]+$|^\[|:/.test(host);
  const hosts = local ? undefined : PLATFORM_HOSTS[a.platform];
  const onPlatform = !hosts || hosts.some((h) => host === h || host.endsWith(`.${h}`));
  if (!onPlatform) {
    const other = (Object.entries(PLATFORM_HOSTS) as Array<[Account["platform"], string[]]>).find(([, hs]) => hs.some((h) => host === h || host.endsWith(`.${h}`)));
    out.push(`its address (${a.url}) is on ${other ? `${PLATFORM_NAMES[other[0]]}'s site` : host}, not ${PLATFORM_NAMES[a.platform]}'s; correct the address or the platform (platform: ${other ? other[0] : "other"})`);
  }
  if (url.protocol === "http:" && !local) out.push(`its address begins with http://; write https://, as the platform's own links do, so that the public register does not link visitors to an address that is not secure`);
  const tracking = [...new Set(url.searchParams.keys())].filter((k) => TRACKING_PARAM.test(k));
  if (tracking.length) out.push(`its address carries tracking (${tracking.join(", ")}) from a shared link; remove the part from "?" (or those parameters), so that the public register shows the account's plain address`);
  const item = onPlatform ? SINGLE_ITEM[a.platform] : undefined;
  if (item && item.test(`${url.pathname}${url.search}`)) out.push(`its address (${a.url}) is a single post or video, not the account's start page: the snapshot would be of that post, and the public register would link to it. Give the account's own page (${startPageOf(a.platform, url)})`);
  return out;
}

/**
 * Mail services anyone can sign up to, as the domain after "@". An address there is a person's own,
 * or a mailbox made outside the organisation's control; the organisation's own domains vary and are
 * not guessed at.
 */
const FREE_MAIL = /^(?:gmail\.com|googlemail\.com|(?:hotmail|outlook|live|yahoo|msn)\.[a-z.]+|icloud\.com|me\.com|mac\.com|proton(?:mail)?\.(?:com|me|ch)|pm\.me|gmx\.[a-z.]+|aol\.com|yandex\.[a-z]+|mail\.ru|telia\.com|spray\.se|passagen\.se|bredband\.net|comhem\.se|tele2\.se|home\.se|tutanota\.com|tuta\.io)$/i;

/** The people of an account whose e-mail address is at a free mail service, each once, with their first role. */
function privateAddresses(a: Account): Array<{ person: Person; role: string }> {
  const roles: Array<[Person | undefined, string]> = [
    [a.responsible, "responsible"], ...a.administrators.map((p): [Person, string] => [p, "administrator"]),
    [a.webManager, "web manager"], [a.substitute, "substitute"],
  ];
  const out: Array<{ person: Person; role: string }> = [];
  for (const [person, role] of roles) {
    const domain = person?.email?.split("@").pop()?.trim();
    if (!person || !domain || !FREE_MAIL.test(domain)) continue;
    if (!out.some((o) => o.person.email!.toLowerCase() === person.email!.toLowerCase())) out.push({ person, role });
  }
  return out;
}

function isoDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

function andList(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** The account as a warning names it: at the start of a sentence, or within one. */
function label(a: Account, first = true): string {
  return `${first ? "Account" : "account"} "${a.id}" (${a.name}, ${PLATFORM_NAMES[a.platform]})`;
}

function samePerson(a: Person, b: Person): boolean {
  if (a.email && b.email) return a.email.toLowerCase() === b.email.toLowerCase();
  return a.name.trim().toLowerCase() === b.name.trim().toLowerCase();
}

function distinctPeople(people: Person[]): Person[] {
  const out: Person[] = [];
  for (const p of people) if (!out.some((q) => samePerson(p, q))) out.push(p);
  return out;
}

/** One warning as a line for `config check` on stderr: "warning: <message> [Policy: <section>]". */
export function formatPolicyWarning(w: PolicyWarning): string {
  return `warning: ${w.message} [Policy för sociala medier: ${w.policy}]`;
}

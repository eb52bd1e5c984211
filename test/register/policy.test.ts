import { describe, expect, it } from "vitest";
import { accountSchema } from "../../src/config/schema.ts";
import { detectPassive, formatPolicyWarning, normaliseAccountUrl, policyWarnings, POLICY, type PolicyFacts } from "../../src/register/index.ts";
import { configFromYaml, fixtureConfig } from "./config.ts";

/** An account that meets every duty; each test breaks one thing. */
const GOOD = {
  id: "fb",
  name: "Överkalix kommun",
  platform: "facebook",
  url: "https://www.facebook.com/overkalixkommun",
  unit: "Kommunledningsförvaltningen",
  responsible: { name: "Anna Andersson", email: "anna.andersson@overkalix.se" },
  administrators: [{ name: "Anna Andersson", email: "anna.andersson@overkalix.se" }, { name: "Bo Berg", email: "bo.berg@overkalix.se" }],
  webManager: { name: "Cecilia Ek", email: "webb@overkalix.se" },
  substitute: { name: "Bo Berg", email: "bo.berg@overkalix.se" },
  purpose: "Informera medborgare",
  audience: "Kommuninvånare",
};
const ORG = { name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00" };

function configWith(accounts: object[], organisation: object = ORG) {
  return configFromYaml(JSON.stringify({ organisation, accounts }));
}
function account(changes: Record<string, unknown>, drop: string[] = []): object {
  const a: Record<string, unknown> = { ...GOOD, ...changes };
  for (const k of drop) delete a[k];
  accountSchema.parse(a); // the test config itself must be valid
  return a;
}

const PERIOD = "2026-H1";
const fullFacts = (ids: string[]): PolicyFacts => ({
  now: new Date("2026-09-01T10:00:00Z"),
  lastFinishedPeriod: PERIOD,
  storedPeriodsByAccount: new Map(ids.map((id) => [id, new Set(["2025-H2", PERIOD])])),
  passive: new Map(),
});

describe("policy warnings", () => {
  it("a complete configuration with a snapshot for the last period gives none", () => {
    const config = fixtureConfig();
    expect(policyWarnings(config, fullFacts(config.accounts.map((a) => a.id)))).toEqual([]);
    expect(policyWarnings(configWith([GOOD]), fullFacts(["fb"]))).toEqual([]);
  });

  const cases: [string, object[], string, string | undefined, RegExp][] = [
    ["too-few-administrators", [account({ administrators: [GOOD.administrators[0]] })], POLICY.administrera, "fb", /only one administrator \(Anna Andersson\).*Add at least 1 more person under administrators/],
    ["too-few-administrators", [account({}, ["administrators"])], POLICY.administrera, "fb", /no administrators/],
    // The web manager does not count as one of the two: the policy asks for two people *and* the web manager.
    ["too-few-administrators", [account({ administrators: [GOOD.administrators[0], GOOD.webManager] })], POLICY.administrera, "fb", /only one administrator/],
    // The same person listed twice is one person.
    ["too-few-administrators", [account({ administrators: [GOOD.administrators[0], { name: "Anna Andersson", email: "Anna.Andersson@overkalix.se" }] })], POLICY.administrera, "fb", /only one administrator/],
    ["no-web-manager", [account({}, ["webManager"])], POLICY.administrera, "fb", /no web manager\. Add webManager/],
    ["no-substitute", [account({}, ["substitute"])], POLICY.gallra, "fb", /no named substitute.*48 hours/],
    ["substitute-is-responsible", [account({ substitute: GOOD.responsible })], POLICY.gallra, "fb", /Anna Andersson both as responsible and as substitute/],
    ["missing-purpose", [account({}, ["purpose"])], POLICY.redovisa, "fb", /no purpose\. Add purpose/],
    ["missing-audience", [account({}, ["audience"])], POLICY.redovisa, "fb", /no audience\. Add audience/],
    ["missing-responsible", [account({}, ["responsible"])], POLICY.redovisa, "fb", /no responsible person\. Add responsible/],
    ["missing-unit", [account({}, ["unit"])], POLICY.redovisa, "fb", /no responsible unit\. Add unit/],
    // Said once, at the later entry; the address differs only in what does not make another account.
    ["duplicate-url", [GOOD, account({ id: "fb2", url: "https://m.FACEBOOK.com/overkalixkommun/" })], POLICY.redovisa, "fb2", /same address .* as account "fb" \(Överkalix kommun, Facebook\), and the same name\. One account belongs in the register once\. It is one account entered twice: remove the entry "fb2", and if records were already taken under "fb2", add formerIds: \[fb2\] to the entry "fb"/],
    ["account-address", [account({ url: "http://www.facebook.com/overkalixkommun" })], POLICY.redovisa, "fb", /begins with http:\/\/; write https:\/\//],
    ["account-address", [account({ url: "https://www.facebook.com/overkalixkommun/?utm_source=ig&fbclid=abc" })], POLICY.redovisa, "fb", /carries tracking \(utm_source, fbclid\)/],
    ["account-address", [account({ url: "https://www.facebook.com/overkalixbibliotek/posts/pfbid02xYz123" })], POLICY.redovisa, "fb", /is a single post or video, not the account's start page/],
    ["account-address", [account({ platform: "instagram" })], POLICY.redovisa, "fb", /is on Facebook's site, not Instagram's; correct the address or the platform \(platform: facebook\)/],
    ["same-title", [account({}), account({ id: "fb2", url: "https://www.facebook.com/overkalixkommun2" })], POLICY.redovisa, "fb2", /has the same platform and name as account "fb" \(Överkalix kommun, Facebook\), so their records get the same title \("Ögonblicksbild Facebook Överkalix kommun …"\) and the public list two links with the same text\. Give them names a reader can tell apart/],
    // A reader does not tell a title apart by a capital letter or a space at its end.
    ["same-title", [account({}), account({ id: "fb2", name: "överkalix kommun ", url: "https://www.facebook.com/overkalixkommun2" })], POLICY.redovisa, "fb2", /has the same platform and name as account "fb" \(Överkalix kommun, Facebook\), so their records get the same title/],
    ["closing-date-ahead", [account({ status: "closed", closedOn: "2027-03-01" })], POLICY.passiva, "fb", /closed from 2027-03-01, a day still to come/],
    ["closed-without-date", [account({ status: "closed" })], POLICY.passiva, "fb", /closed but has no closing date\. Add closedOn/],
    ["closing-date-on-active-account", [account({ closedOn: "2026-01-31" })], POLICY.passiva, "fb", /closing date \(2026-01-31\) but its status is active/],
  ];
  for (const [code, accounts, policy, accountId, message] of cases) {
    it(`${code}: ${message.source.slice(0, 50)}`, () => {
      const ids = (accounts as { id: string }[]).map((a) => a.id);
      const warnings = policyWarnings(configWith(accounts), fullFacts(ids));
      const hit = warnings.filter((w) => w.code === code);
      expect(hit.length, JSON.stringify(warnings, null, 1)).toBeGreaterThan(0);
      expect(hit[0]).toMatchObject({ code, policy, accountId });
      expect(hit[0]!.message).toMatch(message);
      expect(hit[0]!.message).toContain(`Account "${accountId}" (`);
      // Only the one thing that was broken is reported.
      expect(new Set(warnings.map((w) => w.code))).toEqual(new Set([code]));
      expect(hit).toHaveLength(1);
    });
  }

  it("duplicate-url: three entries of one address name each pair once, at the later entry, in a sentence's own case", () => {
    const config = configWith([account({ id: "d1" }), account({ id: "d2", url: "https://www.facebook.com/OverkalixKommun/" }), account({ id: "d3", url: "https://m.facebook.com/overkalixkommun" })]);
    const w = policyWarnings(config, fullFacts(["d1", "d2", "d3"])).filter((x) => x.code === "duplicate-url");
    expect(w.map((x) => [x.accountId, x.message.replace(/ One account.*$/, "")])).toEqual([
      ["d2", `Account "d2" (Överkalix kommun, Facebook) has the same address (https://www.facebook.com/OverkalixKommun/) as account "d1" (Överkalix kommun, Facebook), and the same name.`],
      ["d3", `Account "d3" (Överkalix kommun, Facebook) has the same address (https://m.facebook.com/overkalixkommun) as account "d1" (Överkalix kommun, Facebook) and account "d2" (Överkalix kommun, Facebook), and the same name.`],
    ]);
  });

  it("closing-record-on-active-account: an active account with a stored closing record, and not a closed one", () => {
    const facts = { ...fullFacts(["fb"]), closingRecords: new Map([["fb", "fb_2026-H2_v2"]]) };
    const w = policyWarnings(configWith([GOOD]), facts);
    expect(w.map((x) => [x.code, x.accountId, x.policy])).toEqual([["closing-record-on-active-account", "fb", POLICY.passiva]]);
    expect(w[0]!.message).toMatch(/^Account "fb" \(.*\) has its closing record \(fb_2026-H2_v2\) but its status is still active, so it stays on the public list as in use, though nothing more is captured of it\. Once it is closed on the platform, set status: closed and closedOn in the configuration; if it is kept after all, take it back with: somarkiv capture --account fb --reopen --reason "…"\.$/);
    expect(policyWarnings(configWith([account({ status: "closed", closedOn: "2026-08-31" })]), facts)).toEqual([]);
  });

  it("closed-without-closing-record: a closed account somarkiv archived, with no closing record in the log; not one it never archived", () => {
    const closed = account({ status: "closed", closedOn: "2026-08-31" });
    const w = policyWarnings(configWith([closed]), { ...fullFacts(["fb"]), closingRecords: new Map() });
    expect(w.map((x) => [x.code, x.policy])).toEqual([["closed-without-closing-record", POLICY.dokumentera]]);
    expect(w[0]!.message).toContain(`somarkiv capture --account fb --final`);
    expect(policyWarnings(configWith([closed]), { ...fullFacts(["fb"]), closingRecords: new Map([["fb", "fb_2026-H2_v2"]]) })).toEqual([]);
    expect(policyWarnings(configWith([closed]), { ...fullFacts([]), closingRecords: new Map() })).toEqual([]);
  });

  it("private-email-address: a person of the account at a free mail service, each address once, not the organisation's own", () => {
    const gmail = { name: "Bo Berg", email: "bo.berg71@Gmail.com" };
    const config = configWith([account({ administrators: [GOOD.administrators[0], gmail], substitute: gmail, webManager: { name: "Cecilia Ek", email: "overkalix.webb@hotmail.se" } })]);
    const ws = policyWarnings(config).filter((w) => w.code === "private-email-address");
    expect(ws.map((w) => w.message)).toEqual([
      expect.stringMatching(/^Account "fb" \(Överkalix kommun, Facebook\): Bo Berg's e-mail address as administrator \(bo\.berg71@Gmail\.com\) is at a free mail service, not the organisation's\. .*lost to the organisation when that person leaves/),
      expect.stringMatching(/Cecilia Ek's e-mail address as web manager \(overkalix\.webb@hotmail\.se\)/),
    ]);
    expect(ws.every((w) => w.policy === POLICY.administrera && w.accountId === "fb")).toBe(true);
    // The organisation's own domain, and a domain that only resembles a free service's, are not.
    expect(policyWarnings(configWith([account({ substitute: { name: "Bo Berg", email: "bo@gmail.com.overkalix.se" } })])).map((w) => w.code)).not.toContain("private-email-address");
  });

  it("says \"besides the web manager\" only when there is one", () => {
    const [w] = policyWarnings(configWith([account({}, ["administrators", "webManager"])]), fullFacts(["fb"])).filter((x) => x.code === "too-few-administrators");
    expect(w!.message).toContain("has no administrators. Add at least 2 more people");
  });

  it("leaves a local copy or test site's address alone (localhost, an address by number), as the demo's", () => {
    for (const url of ["http://127.0.0.1:8080/facebook", "http://localhost:3000/kommun", "http://[::1]:8080/x"]) {
      expect(policyWarnings(configWith([account({ url })]), fullFacts(["fb"])), url).toEqual([]);
    }
  });

  it("takes blank register text for missing, as left out", () => {
    const blank = configWith([{ ...GOOD, purpose: "   ", audience: "" }]);
    expect(blank.accounts[0]!.purpose).toBeUndefined();
    expect(policyWarnings(blank, fullFacts(["fb"])).map((x) => x.code)).toEqual(["missing-purpose", "missing-audience"]);
  });

  it("formats a warning as one line for the operator", () => {
    const [w] = policyWarnings(configWith([account({}, ["webManager"])]));
    expect(formatPolicyWarning(w!)).toBe(`warning: ${w!.message} [Policy för sociala medier: Administrera konto]`);
  });

  it("organisation without website or switchboard", () => {
    const w = policyWarnings(configWith([GOOD], { name: "Överkalix kommun" }), fullFacts(["fb"]));
    expect(w.map((x) => [x.code, x.accountId, x.policy])).toEqual([
      ["organisation-no-website", undefined, POLICY.profil],
      ["organisation-no-switchboard", undefined, POLICY.profil],
    ]);
    expect(w[0]!.message).toContain("organisation.website");
    expect(w[1]!.message).toContain("organisation.switchboard");
  });

  describe("capture months against the half-year change", () => {
    const withMonths = (months: number[]) => policyWarnings(configFromYaml(JSON.stringify({ organisation: ORG, schedule: { months }, accounts: [GOOD] })), fullFacts(["fb"]));

    it("says nothing of the default, nor of a month's margin before June or December", () => {
      expect(withMonths([6, 12])).toEqual([]);
      expect(withMonths([5, 6, 11, 12])).toEqual([]);
    });

    it("names a half-year that has no capture month, and the month to add", () => {
      const w = withMonths([6]);
      expect(w.map((x) => [x.code, x.accountId, x.policy])).toEqual([["half-year-without-capture", undefined, POLICY.dokumentera]]);
      expect(w[0]!.message).toContain("schedule.months [6] has no month in the second half-year (July–December)");
      expect(w[0]!.message).toContain("no snapshot is ever taken for the H2 periods");
      expect(w[0]!.message).toContain("Add 12 (December)");
      expect(withMonths([12])[0]!.message).toContain("Add 6 (June)");
    });

    it("names months that take a half-year's snapshot as it begins rather than as it ends", () => {
      const w = withMonths([7, 1]);
      expect(w.map((x) => x.code)).toEqual(["capture-before-half-year-change", "capture-before-half-year-change"]);
      expect(w[0]!.message).toContain("schedule.months [1, 7] takes the H1 snapshot in January, 5 months before the half-year change at the end of June");
      expect(w[0]!.message).toContain("Use 6 (June) for the first half-year");
      expect(w[1]!.message).toContain("takes the H2 snapshot in July, 5 months before the half-year change at the end of December");
      expect(withMonths([3, 6, 12]).map((x) => x.message)).toEqual([expect.stringContaining("H1 snapshot in March, 3 months before")]);
    });
  });

  it("missing snapshot for the last finished period, only for active accounts", () => {
    const config = configWith([GOOD, account({ id: "old", name: "Gamla kontot", url: "https://www.facebook.com/old", status: "closed", closedOn: "2025-06-30" })]);
    const facts: PolicyFacts = { ...fullFacts([]), storedPeriodsByAccount: new Map([["fb", new Set(["2025-H2"])]]) };
    const w = policyWarnings(config, facts);
    expect(w.map((x) => [x.code, x.accountId])).toEqual([["missing-snapshot", "fb"]]);
    expect(w[0]).toMatchObject({ policy: POLICY.dokumentera });
    expect(w[0]!.message).toContain("no stored snapshot for 2026-H1");
    expect(w[0]!.message).toContain("somarkiv capture --account fb --period 2026-H1");
  });

  it("no missing snapshot for a half-year that ended before somarkiv began (a new installation)", () => {
    const facts: PolicyFacts = { ...fullFacts([]), storedPeriodsByAccount: new Map([["fb", new Set(["2026-H2"])]]) };
    expect(policyWarnings(configWith([GOOD]), { ...facts, firstLoggedPeriod: "2026-H2" }).map((x) => x.code)).toEqual([]);
    // Once somarkiv kept records in that half-year, a missing one is warned of.
    expect(policyWarnings(configWith([GOOD]), { ...facts, firstLoggedPeriod: "2026-H1" }).map((x) => x.code)).toEqual(["missing-snapshot"]);
  });

  it("no missing snapshot for an account added since the half-year ended, though others were kept then", () => {
    const other = account({ id: "ny", name: "Nya kontot", url: "https://www.facebook.com/ny" });
    const facts: PolicyFacts = { ...fullFacts([]), storedPeriodsByAccount: new Map([["fb", new Set(["2025-H2"])], ["ny", new Set(["2026-H2"])]]), firstLoggedPeriod: "2025-H2" };
    const byAccount = new Map([["fb", "2025-H2"], ["ny", "2026-H2"]]);
    expect(policyWarnings(configWith([GOOD, other]), { ...facts, firstPeriodByAccount: byAccount }).map((x) => [x.code, x.accountId])).toEqual([["missing-snapshot", "fb"]]);
    // An account the log has no record of at all is not warned of here either; status names it as without a snapshot.
    expect(policyWarnings(configWith([GOOD, other]), { ...facts, firstPeriodByAccount: new Map([["fb", "2025-H2"]]) }).map((x) => [x.code, x.accountId])).toEqual([["missing-snapshot", "fb"]]);
  });

  it("skips the log-based checks when no log facts are given", () => {
    expect(policyWarnings(configWith([GOOD]))).toEqual([]);
  });

  it("passive account, with the policy's advice to close it", () => {
    const prev = { recordId: "r1", period: "2025-H2", text: "Välkommen! 12 gilla-markeringar · 2 tim", image: "00ff00ff" };
    const cur = { recordId: "r2", period: "2026-H1", text: "Välkommen! 15 gilla-markeringar · 3 dagar sedan", image: "00ff00ff" };
    const finding = detectPassive("fb", prev, cur);
    expect(finding.passive).toBe(true);
    const w = policyWarnings(configWith([GOOD]), { ...fullFacts(["fb"]), passive: new Map([["fb", finding]]) });
    expect(w.map((x) => x.code)).toEqual(["passive-account"]);
    expect(w[0]).toMatchObject({ accountId: "fb", policy: POLICY.passiva });
    expect(w[0]!.message).toMatch(/looks passive.*2026-H1.*since 2025-H2.*close the account.*--final/);
    // With its closing record taken, what is left to do is the configuration.
    const after = policyWarnings(configWith([GOOD]), { ...fullFacts(["fb"]), passive: new Map([["fb", finding]]), closingRecords: new Map([["fb", "fb_2026-H1_v2"]]) });
    expect(after.find((x) => x.code === "passive-account")!.message).toContain("set status: closed and closedOn, as its closing record (fb_2026-H1_v2) is taken");
    expect(after.find((x) => x.code === "passive-account")!.message).not.toContain("--final");

    // A finding that is not passive gives no warning.
    const active = detectPassive("fb", prev, { ...cur, text: "Nu öppnar badhuset igen efter renoveringen, välkommen!" });
    expect(active.passive).toBe(false);
    expect(policyWarnings(configWith([GOOD]), { ...fullFacts(["fb"]), passive: new Map([["fb", active]]) })).toEqual([]);
  });

  it("normalises account addresses", () => {
    const same = ["https://www.facebook.com/Kommun", "http://facebook.com/kommun/", "https://m.facebook.com/kommun?utm_source=x#top", "https://FACEBOOK.COM:443/kommun"];
    expect(new Set(same.map(normaliseAccountUrl)).size).toBe(1);
    expect(normaliseAccountUrl("https://www.facebook.com/profile.php?id=1")).not.toBe(normaliseAccountUrl("https://www.facebook.com/profile.php?id=2"));
    expect(normaliseAccountUrl("https://x.com/kommun")).not.toBe(normaliseAccountUrl("https://x.com/kommun2"));
    // One platform under its two names.
    expect(normaliseAccountUrl("https://twitter.com/Overkalix")).toBe(normaliseAccountUrl("https://x.com/overkalix"));
    expect(normaliseAccountUrl("https://fb.com/kommun")).toBe(normaliseAccountUrl("https://www.facebook.com/kommun"));
    // Every parameter the address warning calls tracking, as a phone's share button adds them.
    expect(normaliseAccountUrl("https://m.facebook.com/overkalixkommun/?mibextid=ZbWKwL")).toBe(normaliseAccountUrl("https://www.facebook.com/OverkalixKommun"));
    expect(normaliseAccountUrl("https://instagram.com/ungdomenshus?utm_source=ig_web_copy_link&igsh=abc123")).toBe(normaliseAccountUrl("https://www.instagram.com/ungdomenshus/?igsh=MWZ3bXRrd2"));
  });
});

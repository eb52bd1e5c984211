import { describe, expect, it } from "vitest";
import { accountRegister, renderRegisterCsv, renderRegisterHtml, renderRegisterJson, toCsv } from "../../src/register/index.ts";
import { configFromYaml, fixtureConfig } from "./config.ts";
import { parseCsv } from "../helpers/csv.ts";

describe("account register", () => {
  const config = fixtureConfig();

  it("lists active accounts first and closed ones with their closing date", () => {
    const reg = accountRegister(config);
    expect(reg.map((e) => [e.id, e.status, e.closedOn])).toEqual([
      ["facebook-kommun", "active", null],
      ["instagram-fritid", "active", null],
      ["x-raddning", "active", null],
      ["youtube-kf", "closed", "2025-12-31"],
    ]);
    // A closed account written first in the configuration is still listed after the active ones.
    const closedFirst = { ...config, accounts: [...config.accounts.filter((a) => a.status === "closed"), ...config.accounts.filter((a) => a.status !== "closed")] };
    expect(accountRegister(closedFirst).map((e) => e.id)).toEqual(["facebook-kommun", "instagram-fritid", "x-raddning", "youtube-kf"]);
    const fb = reg[0]!;
    expect(fb).toMatchObject({
      name: "Överkalix kommun", platform: "facebook", platformName: "Facebook",
      url: "https://www.facebook.com/overkalixkommun", unit: "Kommunledningsförvaltningen",
      responsible: "Anna Andersson", purpose: "Informera medborgare om kommunens service och nyheter",
      audience: "Kommuninvånare och besökare",
    });
  });

  it("publishes functional contact addresses but never a named employee's own mailbox", () => {
    const reg = accountRegister(config);
    const json = JSON.stringify(reg);
    for (const personal of ["anna.andersson@", "asa.oberg@", "bo.berg@", "dan.dahl@"]) expect(json).not.toContain(personal);
    expect(reg.find((e) => e.id === "instagram-fritid")!.contactEmail).toBe("kultur@overkalix.se");
    // The responsible person's address is personal, so the web manager's functional one is given instead.
    expect(reg.find((e) => e.id === "facebook-kommun")!.contactEmail).toBe("webb@overkalix.se");
  });

  /** The contact the list gives an account with these people (YAML lines under the account). */
  const contactOf = (people: string) => accountRegister(configFromYaml(`
organisation: { name: Test kommun }
accounts:
  - id: a
    name: A
    platform: other
    url: https://example.se/a
${people}
`))[0]!.contactEmail;

  it("takes a short part of the name only as a word of its own, a longer one anywhere", () => {
    const one = (name: string, email: string) => contactOf(`    responsible: { name: ${name}, email: ${email} }`);
    expect(one("Eva Ek", "bibliotek@example.se")).toBe("bibliotek@example.se");
    expect(one("Eva Ek", "eva.ek@example.se")).toBeNull();
    expect(one("Bo Ek", "ek.b@example.se")).toBeNull();
    expect(one("Anna Andersson", "annaandersson@example.se")).toBeNull();
    expect(one("Åsa Öberg", "oberga@example.se")).toBeNull();
  });

  it("gives no contact at all when every address is personal", () => {
    expect(contactOf("    responsible: { name: Åsa Öberg, email: asa.oberg@example.se }\n    webManager: { name: Per Holm, email: holm.p@example.se }")).toBeNull();
  });

  it("JSON gives the same set, closed accounts apart", () => {
    const doc = JSON.parse(renderRegisterJson(config, { generatedAt: new Date("2026-06-12T08:00:00Z") }));
    expect(doc.organisation).toEqual({
      name: "Överkalix kommun", website: "https://www.overkalix.se", switchboard: "0926-140 00", registrar: "registrator@overkalix.se",
    });
    expect(doc.generatedAt).toBe("2026-06-12T08:00:00.000Z");
    expect(doc.accounts.map((e: { id: string }) => e.id)).toEqual(["facebook-kommun", "instagram-fritid", "x-raddning"]);
    expect(doc.closedAccounts).toHaveLength(1);
    expect(doc.closedAccounts[0]).toMatchObject({ id: "youtube-kf", closedOn: "2025-12-31", status: "closed" });
  });

  it("CSV opens in Swedish Excel: BOM, semicolons, CRLF, quoted fields, å ä ö intact", () => {
    const csv = renderRegisterCsv(config);
    const bytes = Buffer.from(csv, "utf8");
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.replace(/\r\n/g, "")).not.toMatch(/\n/);
    const rows = parseCsv(csv.slice(1));
    expect(rows[0]).toEqual(["Status", "Konto", "Tjänst", "Adress", "Ansvarig enhet", "Ansvarig", "Kontakt", "Syfte", "Målgrupp", "Avslutat datum", "Id"]);
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(r).toHaveLength(11);
    const insta = rows.find((r) => r[10] === "instagram-fritid")!;
    // The purpose holds both a semicolon and double quotes: it must come back exactly.
    expect(insta[7]).toBe('Visa evenemang; badhusets öppettider och "Sommarlovsaktiviteter" för unga');
    expect(csv).toContain('"Visa evenemang; badhusets öppettider och ""Sommarlovsaktiviteter"" för unga"');
    expect(insta.slice(0, 3)).toEqual(["Aktivt", "Fritid & kultur i Överkalix", "Instagram"]);
    const closed = rows.find((r) => r[10] === "youtube-kf")!;
    expect(closed[0]).toBe("Avslutat");
    expect(closed[9]).toBe("2025-12-31");
    expect(rows.filter((r) => r[0] === "Aktivt").map((r) => r[10])).toEqual(["facebook-kommun", "instagram-fritid", "x-raddning"]);
  });

  it("gives an address as a person reads it: letters, not their percent-escapes, in the CSV and the public page", () => {
    const c = configFromYaml(`
organisation: { name: Älvsåkra kommun }
accounts:
  - { id: yt-bibliotek, name: Biblioteket, platform: youtube, url: "https://www.youtube.com/@%C3%84lvs%C3%A5kraBibliotek" }
`);
    const rows = parseCsv(renderRegisterCsv(c).slice(1));
    expect(rows[1]![3]).toBe("https://www.youtube.com/@ÄlvsåkraBibliotek");
    const html = renderRegisterHtml(c);
    expect(html).toContain(">youtube.com/@ÄlvsåkraBibliotek<");
    // The link itself stays as the configuration has it.
    expect(html).toContain('href="https://www.youtube.com/@%C3%84lvs%C3%A5kraBibliotek"');
  });

  it("does not say the platform twice in the link when the name already ends with it", () => {
    const c = configFromYaml(`
organisation: { name: Överkalix kommun }
accounts:
  - { id: x-kommun, name: "Överkalix kommun på X", platform: x, url: "https://x.com/overkalix" }
  - { id: ig-bib, name: "Biblioteket (Instagram)", platform: instagram, url: "https://www.instagram.com/bib" }
  - { id: x-projekt, name: "Projekt X", platform: x, url: "https://x.com/projektx" }
`);
    const links = renderRegisterHtml(c).match(/<a href="https:\/\/(?:x|www\.instagram)\.com[^"]*">[^<]*<\/a>/g);
    expect(links).toEqual([
      `<a href="https://x.com/overkalix">Överkalix kommun på X</a>`,
      `<a href="https://www.instagram.com/bib">Biblioteket (Instagram)</a>`,
      `<a href="https://x.com/projektx">Projekt X på X (Twitter)</a>`,
    ]);
  });

  it("says a missing responsible person in the public page as a missing purpose is, under the unit", () => {
    const c = configFromYaml(`
organisation: { name: Överkalix kommun }
accounts:
  - { id: a, name: Kommunen, platform: facebook, url: "https://www.facebook.com/a", unit: Kommunledningsförvaltningen }
  - { id: b, name: Biblioteket, platform: facebook, url: "https://www.facebook.com/b" }
`);
    const cells = renderRegisterHtml(c).match(/<td data-label="Ansvarig">.*<\/td>/g);
    expect(cells).toEqual([
      `<td data-label="Ansvarig"><span class="unit">Kommunledningsförvaltningen</span><br><span class="missing">Uppgift saknas</span></td>`,
      `<td data-label="Ansvarig"><span class="missing">Uppgift saknas</span></td>`,
    ]);
  });

  it("names the organisation in the page's text, in its own name and genitive, not as \"kommunen\"", () => {
    const c = configFromYaml(`
organisation: { name: Region Östergötland, website: "https://www.regionostergotland.se" }
accounts:
  - id: a
    name: Region Östergötland
    platform: facebook
    url: "https://www.facebook.com/regionostergotland"
  - id: b
    name: Vårdguiden
    platform: instagram
    url: "https://www.instagram.com/vardguiden"
    status: closed
    closedOn: "2025-12-31"
`);
    const text = renderRegisterHtml(c).replace(/<[^>]+>/g, "").replace(/\s+/g, " ");
    expect(text).toContain("Konton som inte finns i förteckningen är inte Region Östergötlands officiella konton.");
    expect(text).toContain("som Region Östergötland tog medan de användes");
    expect(text).toContain("sparar Region Östergötland en ögonblicksbild av startsidan på varje konto");
    expect(text).toContain("Region Östergötlands webbplats regionostergotland.se är alltid den officiella kanalen");
    expect(text).not.toMatch(/kommun/i);
  });

  it("keeps the lines of a purpose written over several lines, each escaped", () => {
    const c = configFromYaml(`
organisation: { name: Överkalix kommun }
accounts:
  - id: a
    name: Kommunen
    platform: facebook
    url: "https://www.facebook.com/a"
    purpose: |
      Informera om kommunens service.
      Svara på frågor <vardagar>.
`);
    expect(renderRegisterHtml(c)).toContain(`<td data-label="Syfte">Informera om kommunens service.<br>Svara på frågor &lt;vardagar&gt;.</td>`);
  });

  it("CSV keeps a value that starts like a formula as text", () => {
    const c = configFromYaml(`
organisation: { name: Test kommun }
accounts:
  - { id: a, name: "=HYPERLINK(\\"http://evil\\")", platform: other, url: "https://example.se/a" }
`);
    const rows = parseCsv(renderRegisterCsv(c).slice(1));
    expect(rows[1]![1]).toBe(`'=HYPERLINK("http://evil")`);
  });

  it("the log of records is written the same way: text that starts like a formula stays text, numbers stay numbers", () => {
    // A diary number comes from the registrar, or from an intake's reply; neither is a formula.
    const rows = parseCsv(toCsv(["Diarienummer", "Fel", "Byte"], [["=1+1", "+46 926 140 00", -5], ["@SUM(A1)", "KS 2026/45", 7]]).slice(1));
    expect(rows).toEqual([["Diarienummer", "Fel", "Byte"], ["'=1+1", "'+46 926 140 00", "-5"], ["'@SUM(A1)", "KS 2026/45", "7"]]);
  });

  it("keeps a text starting with a minus a text, a line break inside its field, and spaces at a field's ends", () => {
    const csv = toCsv(["Kontonamn", "Anmärkning", "Diarienummer"], [["-1+2", "rad ett\r\nrad två", " KS 2026/45 "]]);
    expect(parseCsv(csv.slice(1))).toEqual([["Kontonamn", "Anmärkning", "Diarienummer"], ["'-1+2", "rad ett\r\nrad två", " KS 2026/45 "]]);
    // Quoted, so that a spreadsheet keeps the spaces rather than trimming them.
    expect(csv).toContain('"rad ett\r\nrad två";" KS 2026/45 "\r\n');
  });
});

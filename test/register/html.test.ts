import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser, type Page } from "playwright-core";
import { renderRegisterHtml } from "../../src/register/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { configFromYaml, fixtureConfig } from "./config.ts";

const AXE = path.resolve(import.meta.dirname, "../../node_modules/axe-core/axe.min.js");
const GENERATED = new Date("2026-06-12T08:30:00Z");

interface AxeViolation { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }

let browser: Browser;
let server: FixtureServer;
const pages: Record<string, string> = {};

beforeAll(async () => {
  pages["/register.html"] = renderRegisterHtml(fixtureConfig(), { generatedAt: GENERATED });
  pages["/hostile.html"] = renderRegisterHtml(configFromYaml(`
organisation: { name: "<script>window.pwned=1</script> & Co" }
accounts:
  - id: a
    name: "Bad <img src=x onerror=window.pwned=2>"
    platform: other
    url: "https://example.se/a?x=\\"><script>window.pwned=3</script>"
    purpose: "</td></tr></table><h1>Extra</h1>"
`), { generatedAt: GENERATED });
  pages["/rtl.html"] = renderRegisterHtml(configFromYaml(`
organisation: { name: Överkalix kommun }
accounts:
  - id: instagram-persiska
    name: "کمون اوورکالیکس (فارسی)"
    platform: instagram
    url: "https://www.instagram.com/overkalix_fa/"
    responsible: { name: Anna Andersson, email: anna.andersson@overkalix.se }
    purpose: "اطلاعات برای تازه‌واردان (فارسی/دری)"
    audience: Nyanlända som läser persiska
`), { generatedAt: GENERATED });
  pages["/minimal.html"] = renderRegisterHtml(configFromYaml("organisation: { name: Pajala kommun }"), { generatedAt: GENERATED });
  // Served over HTTP from 127.0.0.1 like a published page; nothing else is reachable.
  const routes = Object.fromEntries(Object.entries(pages).map(([p, html]) => [p, (_req: unknown, res: import("node:http").ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(html);
  }]));
  server = await startFixtureServer({ routes });
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function open(p: string, width = 1280, height = 900): Promise<{ page: Page; requests: string[] }> {
  const page = await browser.newPage({ viewport: { width, height }, locale: "sv-SE" });
  const requests: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(server.at(p), { waitUntil: "load" });
  return { page, requests };
}

async function axe(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // @ts-expect-error axe is injected above
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
    return r.violations.map((v: AxeViolation) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
}

describe("public register page in Chromium", () => {
  it("is a standalone Swedish page with no external resources and no scripts", async () => {
    const html = pages["/register.html"]!;
    expect(html).toMatch(/^<!doctype html>\n<html lang="sv">/);
    expect(html).not.toMatch(/<script|<link|@import|url\(/i);
    const { page, requests } = await open("/register.html");
    expect(requests).toEqual([server.at("/register.html")]);
    expect(await page.title()).toBe("Officiella konton i sociala medier – Överkalix kommun");
    expect(await page.locator("h1").count()).toBe(1);
    await page.close();
  });

  for (const [label, width, height] of [["desktop", 1280, 900], ["phone", 375, 740]] as const) {
    it(`has no serious or critical axe violations (${label})`, async () => {
      const { page } = await open("/register.html", width, height);
      const violations = await axe(page);
      console.log(`axe (${label}): ${violations.map((v) => `${v.id}/${v.impact}`).join(", ") || "no violations"}`);
      const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      expect(bad, JSON.stringify(bad, null, 1)).toEqual([]);
      await page.screenshot({ path: `/tmp/register${label === "phone" ? "-phone" : ""}.png`, fullPage: true });
      // Nothing sticks out sideways on a phone.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await page.close();
    });
  }

  it("shows the organisation, every active account with its link, and the closed one apart with its date", async () => {
    const { page } = await open("/register.html");
    const h1 = await page.locator("h1").innerText();
    expect(h1).toContain("Officiella konton i sociala medier");
    expect(h1).toContain("Överkalix kommun");
    const contact = await page.locator("ul.contact").innerText();
    expect(contact).toContain("overkalix.se");
    expect(contact).toContain("0926-140 00");
    expect(await page.locator('ul.contact a[href^="tel:"]').getAttribute("href")).toBe("tel:092614000");
    expect(await page.locator('ul.contact a[href="https://www.overkalix.se"]').count()).toBe(1);

    const active = page.locator("table").first();
    expect(await active.locator("caption").innerText()).toBe("Konton med ansvarig, syfte och målgrupp (3 konton)");
    const headers = await active.locator("thead th").evaluateAll((ths) => ths.map((t) => [t.textContent, t.getAttribute("scope")]));
    expect(headers).toEqual([["Konto", "col"], ["Tjänst", "col"], ["Ansvarig", "col"], ["Syfte", "col"], ["Målgrupp", "col"]]);
    const rows = active.locator("tbody tr");
    expect(await rows.count()).toBe(3);
    const expected = [
      ["Överkalix kommun på Facebook", "https://www.facebook.com/overkalixkommun", "Kommunledningsförvaltningen", "Informera medborgare om kommunens service och nyheter", "Kommuninvånare och besökare"],
      ["Fritid & kultur i Överkalix på Instagram", "https://www.instagram.com/overkalixfritid/", "Kultur- och fritidsförvaltningen", 'Visa evenemang; badhusets öppettider och "Sommarlovsaktiviteter" för unga', "Barn, unga och deras föräldrar"],
      ["Räddningstjänsten Överkalix på X (Twitter)", "https://x.com/overkalixrtj", "Räddningstjänsten", "Varningar och information vid olyckor, bränder och kriser", "Alla som bor i eller besöker Överkalix"],
    ];
    for (let i = 0; i < expected.length; i++) {
      const [linkText, href, unit, purpose, audience] = expected[i]!;
      const row = rows.nth(i);
      const link = row.locator('th[scope="row"] a');
      expect(await link.innerText()).toBe(linkText);
      expect(await link.getAttribute("href")).toBe(href);
      const cells = await row.locator("td").allInnerTexts();
      expect(cells[1]).toContain(unit);
      expect(cells[2]).toBe(purpose);
      expect(cells[3]).toBe(audience);
    }
    expect(await rows.nth(0).locator("td").nth(1).innerText()).toContain("Anna Andersson");
    // The mailbox under the name is the account's contact, not the named person's: said so.
    expect(await rows.nth(0).locator("td").nth(1).innerText()).toMatch(/Kontakt: \S+@overkalix\.se/);
    expect(await rows.nth(0).locator("td").nth(1).innerText()).not.toContain("E-post");

    const main = await page.locator("main").innerText();
    expect(main).not.toContain("anna.andersson@");
    // The closed account: in its own section with its date, not in the active table and not linked.
    const closed = page.locator("section", { has: page.locator("h2", { hasText: "Avslutade konton" }) });
    const closedText = await closed.innerText();
    expect(closedText).toContain("Kommunfullmäktige Överkalix");
    expect(closedText).toContain("31 december 2025");
    expect(await closed.locator("time").getAttribute("datetime")).toBe("2025-12-31");
    expect(await closed.locator("a").count()).toBe(0);
    // What is kept of it is promised, not more: its start page at each half-year change, not all it published.
    expect(closedText).toContain("De ögonblicksbilder av kontonas startsidor som Överkalix kommun tog medan de användes (vid varje halvårsskifte) finns kvar som allmänna handlingar.");
    expect(closedText).not.toContain("Det som publicerades där finns kvar");
    expect(await active.innerText()).not.toContain("Kommunfullmäktige");

    const archive = await page.locator("section", { has: page.locator("h2", { hasText: "Så arkiveras kontona" }) }).innerText();
    expect(archive).toContain("Vid varje halvårsskifte, i juni och december, sparar Överkalix kommun en ögonblicksbild");
    expect(archive).toContain("diarieför");
    expect(archive).toContain("allmänna handlingar");
    expect(archive).toContain("registrator@overkalix.se");
    expect(await page.locator("footer").innerText()).toBe("Förteckningen skapades 12 juni 2026.");
    await page.close();
  });

  it("the axe check does catch a broken page (so the checks above can fail)", async () => {
    const page = await browser.newPage();
    const broken = pages["/register.html"]!.replace('<html lang="sv">', "<html>").replace("a{color:#0a4f8f", "a{color:#c8d8e8");
    await page.setContent(broken);
    const ids = (await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    expect(ids).toContain("html-has-lang");
    expect(ids).toContain("color-contrast");
    await page.close();
  });

  it("a register without accounts or contact details still makes sense and stays accessible", async () => {
    const { page } = await open("/minimal.html");
    const main = await page.locator("main").innerText();
    expect(main).toContain("Pajala kommun har just nu inga officiella konton i sociala medier.");
    expect(main).toContain("Kontakta Pajala kommun.");
    expect(await page.locator("table, ul.contact, a").count()).toBe(0);
    expect((await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await page.close();
  });

  it("escapes every text so configuration values cannot inject markup", async () => {
    const { page } = await open("/hostile.html");
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator("h1").count()).toBe(1);
    expect(await page.locator("h1").innerText()).toContain("<script>window.pwned=1</script> & Co");
    // Its name alone: "på Annan tjänst" says nothing a reader needs, and the address stands below it.
    expect(await page.locator("tbody th a").innerText()).toBe("Bad <img src=x onerror=window.pwned=2>");
    expect(await page.locator("tbody td").nth(2).innerText()).toBe("</td></tr></table><h1>Extra</h1>");
    await page.close();
  });

  it("sets a name and a purpose in Persian in their own direction, brackets on the right words", async () => {
    // In the page's left-to-right flow the closing bracket of "کمون اوورکالیکس (فارسی)" stood at its
    // right end, after the first word read, and " på Instagram" ran into the name.
    const { page } = await open("/rtl.html");
    // Where the browser draws the text's first character and its last (the closing bracket).
    const ends = (selector: string) => page.locator(selector).evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const node = walker.nextNode() as Text;
      const at = (i: number) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1); return r.getBoundingClientRect().x; };
      return { text: node.data, first: at(0), last: at(node.data.length - 1) };
    });
    const name = await ends("tbody th a");
    expect(name.text).toBe("کمون اوورکالیکس (فارسی)");
    // Read right to left: its last character, the bracket, is drawn at its left end.
    expect(name.last).toBeLessThan(name.first);
    const purpose = await ends("tbody td:nth-of-type(3)");
    expect(purpose.text).toBe("اطلاعات برای تازه‌واردان (فارسی/دری)");
    expect(purpose.last).toBeLessThan(purpose.first);
    expect(await page.locator("tbody th a").innerText()).toBe("کمون اوورکالیکس (فارسی) på Instagram");
    // The Swedish around stays left to right, and the page stays accessible.
    expect(await page.locator("tbody td:nth-of-type(4)").innerText()).toBe("Nyanlända som läser persiska");
    expect((await axe(page)).filter((v) => v.impact === "serious" || v.impact === "critical")).toEqual([]);
    await page.close();
  });
});

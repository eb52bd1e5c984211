/**
 * A page that leads off the account's site (a redirect or a script's move to another host, or to an
 * address in an internal network) is flagged, and the sheet's remark names both addresses; moves
 * within the site (www. to bare, m. to www., http to https) are not, and one to another page of it
 * (its front page, another account's) is said as such.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, preflightAccount, type BrowserHandle } from "../../src/capture/index.ts";
import { isInternalHost, otherPageFlag, otherSiteFlag } from "../../src/capture/other-site.ts";
import { flagsSv } from "../../src/record/metadata.ts";
import { lookAtIt } from "../../src/cli/flags.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { options } from "./helpers.ts";

describe("where the page the capture reached belongs", () => {
  it("is the account's site after moves within it", () => {
    expect(otherSiteFlag("https://www.facebook.com/overkalix", "https://facebook.com/overkalix")).toBeNull();
    expect(otherSiteFlag("http://facebook.com/overkalix", "https://m.facebook.com/overkalix/about")).toBeNull();
    expect(otherSiteFlag("https://m.facebook.com/overkalix", "https://www.facebook.com/overkalix")).toBeNull();
    expect(otherSiteFlag("https://www.bbc.co.uk/news", "https://bbc.co.uk/nyheter")).toBeNull();
    // A platform's other name, which it moves visitors to, is the account's own page.
    expect(otherSiteFlag("https://twitter.com/overkalix", "https://x.com/overkalix")).toBeNull();
    expect(otherSiteFlag("https://www.threads.net/@overkalix", "https://www.threads.com/@overkalix")).toBeNull();
    expect(otherSiteFlag("https://fb.com/overkalix", "https://www.facebook.com/overkalix")).toBeNull();
    expect(otherSiteFlag("https://twitter.com/overkalix", "https://twitter.example.com/overkalix")).toBe("reached-other-site");
    expect(otherSiteFlag("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b")).toBeNull();
  });

  it("is another site after a move to another host, named by its registrable part", () => {
    expect(otherSiteFlag("https://www.facebook.com/overkalix", "https://login.microsoftonline.com/?next=x")).toBe("reached-other-site");
    expect(otherSiteFlag("https://overkalix-ungdom.se/", "https://www.parkerad-doman.example/for-sale")).toBe("reached-other-site");
    // Two councils under the same country's second level are two sites.
    expect(otherSiteFlag("https://kommun.co.uk/", "https://annan.co.uk/")).toBe("reached-other-site");
    expect(otherSiteFlag("http://127.0.0.1:8080/", "http://localhost:8080/")).toBe("reached-other-site");
  });

  it("is an internal network's address from a public one, and only another site from an internal one", () => {
    for (const to of ["http://localhost/", "http://127.0.0.1/", "http://10.1.2.3/", "http://172.20.0.1/", "http://192.168.1.1/admin", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://[fd12:3456::1]/", "http://[::ffff:10.0.0.1]/"]) {
      expect(otherSiteFlag("https://www.facebook.com/overkalix", to), to).toBe("reached-internal-address");
    }
    expect(otherSiteFlag("http://127.0.0.1:5000/konto", "http://192.168.1.1/")).toBe("reached-other-site");
    expect(otherSiteFlag("http://localhost:5000/konto", "http://localhost:5000/annan")).toBeNull();
    // The edges of the ranges: 172.16/12 ends at 172.31; fe80::/10 is a link's own address, as
    // 169.254/16 is in IPv4; 0.0.0.0 reaches this machine.
    for (const to of ["http://172.31.255.254/", "http://172.16.0.1/", "http://[fe80::1]/", "http://[febf::1]/", "http://0.0.0.0:8080/", "http://[::ffff:172.31.0.1]/"]) {
      expect(otherSiteFlag("https://www.facebook.com/overkalix", to), to).toBe("reached-internal-address");
    }
    for (const host of ["172.32.0.1", "172.15.255.255", "[fe7f::1]", "1.0.0.0"]) expect(isInternalHost(host), host).toBe(false);
    expect(isInternalHost("fc.example.se")).toBe(false);
    expect(isInternalHost("[fc::1]")).toBe(false);
  });

  it("is another page of the account's site after a move to the front page or to another account's page, and the account's own page otherwise", () => {
    // The account's own page written otherwise, its sub-pages, and the page an address lies under.
    for (const [asked, reached] of [
      ["https://www.facebook.com/overkalix", "https://m.facebook.com/overkalix/"],
      ["https://www.facebook.com/Overkalix.Kommun", "https://www.facebook.com/overkalix.kommun?locale=sv_SE#posts"],
      ["https://www.youtube.com/@Överkalix", "https://www.youtube.com/@%C3%96verkalix/featured"],
      ["https://www.linkedin.com/company/overkalix/posts", "https://www.linkedin.com/company/overkalix/"],
      ["https://kommun.example.se/", "https://kommun.example.se/start"],
      ["https://kommun.example.se/sociala-medier/index.html", "https://kommun.example.se/sociala-medier/"],
      ["https://twitter.com/overkalix", "https://x.com/overkalix"],
    ] as const) expect(otherPageFlag(asked, reached), `${asked} → ${reached}`).toBeNull();
    // The platform's front page, another account's page, an old name's page led to the new name's.
    for (const [asked, reached] of [
      ["https://www.linkedin.com/company/overkalix", "https://www.linkedin.com/"],
      ["https://www.linkedin.com/company/overkalix", "https://www.linkedin.com/company/kalix-bygg/"],
      ["https://www.facebook.com/profile.php?id=100064", "https://www.facebook.com/"],
      ["https://www.youtube.com/c/OverkalixKommun", "https://www.youtube.com/@overkalix"],
      ["http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"],
    ] as const) expect(otherPageFlag(asked, reached), `${asked} → ${reached}`).toBe("reached-other-page");
    // Another site is otherSiteFlag's to say.
    expect(otherPageFlag("https://www.facebook.com/overkalix", "https://login.microsoftonline.com/")).toBeNull();
    const remark = flagsSv(["reached-other-page"], { url: "https://www.linkedin.com/company/overkalix", finalUrl: "https://www.linkedin.com/company/kalix-bygg/" });
    expect(remark).toBe("sidan ledde vidare till en annan sida på samma webbplats: kontots adress är https://www.linkedin.com/company/overkalix, men ögonblicksbilden visar https://www.linkedin.com/company/kalix-bygg/; så ser ett konto ut som har bytt namn, tagits bort eller tagits över; kontrollera att det är kontots sida innan handlingen registreras som kontots");
    expect(lookAtIt("linkedin", ["reached-other-page"])).toMatch(/^look at it: the page led on to another page of the same site than the account's address .* put it in url in the configuration\. Once the cause is fixed, take it again with: somarkiv capture --account linkedin --force/);
  });

  it("is said on the sheet with both addresses, and status says what to do", () => {
    const remark = flagsSv(["reached-other-site"], { url: "https://www.facebook.com/overkalix", finalUrl: new URL("https://parkerad-domän.example/").href });
    expect(remark).toContain("sidan ledde vidare till en annan webbplats: kontots adress är https://www.facebook.com/overkalix, men ögonblicksbilden visar https://parkerad-domän.example/, inte kontot");
    expect(flagsSv(["reached-internal-address"], { url: "https://x.se/", finalUrl: "http://10.0.0.5/" })).toContain("en adress i ett internt nätverk: kontots adress är https://x.se/, men ögonblicksbilden visar http://10.0.0.5/");
    expect(lookAtIt("ungdom", ["reached-other-site"])).toMatch(/^look at it: the page led on to another site than the account's address .* put its new address in url in the configuration\. Once the cause is fixed, take it again with: somarkiv capture --account ungdom --force/);
  });
});

describe("a capture led off the account's site", () => {
  let browser: BrowserHandle;
  let server: FixtureServer;
  // Two hosts on this machine: the account at 127.0.0.1, the other site at localhost.
  const elsewhere = (path: string) => `${server.url.replace("127.0.0.1", "localhost")}/${path}`;
  beforeAll(async () => {
    server = await startFixtureServer({
      routes: {
        "/flyttad": (_req, res) => { res.writeHead(302, { location: elsewhere("capture/simple.html") }); res.end(); },
        "/skript": (_req, res) => {
          res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          res.end(`<!doctype html><title>Flyttar</title><p>Ett ögonblick</p><script>location.replace(${JSON.stringify(elsewhere("capture/simple.html"))})</script>`);
        },
        "/samma": (_req, res) => { res.writeHead(301, { location: "/capture/simple.html" }); res.end(); },
        "/konto": (_req, res) => { res.writeHead(301, { location: "/konto/" }); res.end(); },
        "/konto/": (_req, res) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }); res.end("<!doctype html><title>Kontot</title><h1>Överkalix kommun</h1><p>Välkommen till kontots sida.</p>"); },
      },
    });
    browser = await launchBrowser("auto");
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("by a redirect or by its script is flagged, with the page it reached; a move within the site is not", async () => {
    const redirected = await captureAccount(browser, options(server.at("flyttad")));
    expect(redirected.finalUrl).toBe(elsewhere("capture/simple.html"));
    expect(redirected.flags).toContain("reached-other-site");
    const moved = await captureAccount(browser, options(server.at("skript")));
    expect(moved.finalUrl).toBe(elsewhere("capture/simple.html"));
    expect(moved.flags).toContain("reached-other-site");
    const same = await captureAccount(browser, options(server.at("samma")));
    expect(same.finalUrl).toBe(server.at("capture/simple.html"));
    expect(same.flags).not.toContain("reached-other-site");
    // Another page of the same site (an account renamed, removed or taken over looks so) is said as such.
    expect(same.flags).toContain("reached-other-page");
    // The account's own page, reached by a slash added, is not.
    const own = await captureAccount(browser, options(server.at("konto")));
    expect(own.finalUrl).toBe(server.at("konto/"));
    expect(own.flags).not.toContain("reached-other-page");
    expect(own.flags).not.toContain("reached-other-site");
  }, 240_000);

  it("to another page of the site is a problem preflight names, with both addresses and what to do", async () => {
    const p = await preflightAccount(browser, options(server.at("samma")));
    expect(p.ok).toBe(false);
    expect(p.problems).toEqual([`The address ${server.at("samma")} leads on to ${server.at("capture/simple.html")}, another page of the same site (its front page, or another account's): snapshots would show that page. Open the address in a browser: an account renamed, removed or taken over looks so; if the account has a new address, put it in the configuration.`]);
    expect((await preflightAccount(browser, options(server.at("konto")))).ok).toBe(true);
  }, 240_000);
});

/**
 * A page on the internet that asks for the internal network: its frames and fetches of intranet
 * addresses are refused and said, and a page a redirect leads into the network gives no record.
 * The "internet" is a proxy on 127.0.0.1 that serves any host name, as http_proxy for the browser
 * (as a security officer tried it); the intranet is a second 127.0.0.1 port that notes every request,
 * and must see none, a redirect's hop into it included.
 * Real Chromium, and the real command line for the PDF and the exit code.
 */
import http from "node:http";
import net from "node:net";
import fs from "node:fs";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { guardsInternalNetwork, refusedRequest, refusedSaid, refusedHosts, ledInsideMessage } from "../../src/capture/internal-network.ts";
import { hostsSv } from "../../src/record/metadata.ts";
import { isInternalHost } from "../../src/capture/other-site.ts";
import { runCli, makeWorkspace, account, type Workspace } from "../helpers/cli.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { countColour, failure, options } from "./helpers.ts";

describe("which addresses are internal, and when a capture refuses them", () => {
  it("knows the internal network's addresses as written, and no public one", () => {
    for (const host of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "255.255.255.255",
      "[::1]", "[fd12::1]", "[fe80::1]", "[::ffff:10.0.0.1]", "[64:ff9b::7f00:1]", "localhost", "intranet", "nas.local", "metadata.google.internal", "router.home.arpa"]) {
      expect(isInternalHost(host), host).toBe(true);
    }
    for (const host of ["8.8.8.8", "100.128.0.1", "172.32.0.1", "198.20.0.1", "www.facebook.com", "[2001:db8::1]", "konto.example.se"]) expect(isInternalHost(host), host).toBe(false);
  });

  it("guards the pages of an account on the internet, not one whose address is internal", () => {
    expect(guardsInternalNetwork("https://www.facebook.com/overkalix", [])).toBe(true);
    expect(guardsInternalNetwork("https://www.facebook.com/overkalix", ["157.240.1.35"])).toBe(true);
    // An intranet page, a test's fixture, a name that resolves inside (the demo site): taken as before.
    expect(guardsInternalNetwork("http://127.0.0.1:8080/demo", [])).toBe(false);
    expect(guardsInternalNetwork("http://intranet.overkalix.se/", ["10.0.0.5"])).toBe(false);
    expect(guardsInternalNetwork("http://localhost:3000/", [])).toBe(false);
  });

  it("refuses a request to an internal address as written or as its name resolves, and none else", () => {
    expect(refusedRequest("http://127.0.0.1:41301/admin", null)).toBe(true);
    expect(refusedRequest("http://2130706433/admin", null)).toBe(true);
    expect(refusedRequest("http://169.254.169.254/latest/meta-data/", null)).toBe(true);
    expect(refusedRequest("ws://10.0.0.5/socket", null)).toBe(true);
    expect(refusedRequest("https://intern.example.se/lön", ["10.0.0.5"])).toBe(true);
    expect(refusedRequest("https://scontent.xx.fbcdn.net/p.jpg", ["157.240.1.35"])).toBe(false);
    expect(refusedRequest("https://scontent.xx.fbcdn.net/p.jpg", null)).toBe(false);
    expect(refusedRequest("data:text/plain,hej", null)).toBe(false);
  });

  it("names the hosts refused on the sheet by name only, the first few", () => {
    expect(refusedHosts(["http://127.0.0.1:41301/admin?token=x", "http://127.0.0.1:41301/api/secret", "http://metadata.google.internal/v1/token"])).toEqual(["127.0.0.1", "metadata.google.internal"]);
    expect(hostsSv(["10.0.0.5"])).toBe("10.0.0.5");
    expect(hostsSv(["10.0.0.5", "intranet"])).toBe("10.0.0.5 och intranet");
    expect(hostsSv(["a", "b", "c", "d", "e"])).toBe("a, b, c och 2 till");
  });

  it("names each internal host once, the first few", () => {
    expect(refusedSaid(["http://127.0.0.1:41301/admin", "http://127.0.0.1:41301/api/secret", "http://169.254.169.254/x"])).toBe("127.0.0.1:41301, 169.254.169.254");
    expect(refusedSaid(["http://10.0.0.1/", "http://10.0.0.2/", "http://10.0.0.3/", "http://10.0.0.4/", "http://10.0.0.5/"])).toBe("10.0.0.1, 10.0.0.2, 10.0.0.3 and 2 more");
    expect(ledInsideMessage("http://konto.example.se/", ["http://127.0.0.1:41301/forbidden"])).toContain("led into the internal network (to 127.0.0.1:41301)");
  });
});

const filler = Array.from({ length: 12 }, (_, i) => `<p>Inlägg ${i}: Välkommen till kommunens konto. Här berättar vi om vad som händer i kommunen den här veckan.</p>`).join("");
const page = (title: string, body: string) => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>${title}</title></head><body style="font:16px sans-serif">${body}</body></html>`;

describe("a page on the internet that asks for the internal network", () => {
  let internet: http.Server;
  let intranet: http.Server;
  let proxy = "";
  let intra = "";
  const intranetSaw: string[] = [];
  let browser: BrowserHandle;
  const oldProxy = process.env.http_proxy;

  beforeAll(async () => {
    intranet = http.createServer((req, res) => {
      intranetSaw.push(req.url ?? "");
      if (req.url?.startsWith("/forbidden")) { res.writeHead(401, { "content-type": "text/plain" }); res.end("Unauthorized"); return; }
      if (req.url?.startsWith("/api/secret")) { res.writeHead(200, { "content-type": "text/plain", "access-control-allow-origin": "*" }); res.end("INTRANÄT-HEMLIGHET-42"); return; }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end(page("Intranät", `<div style="background:#cc0000;color:#fff;padding:40px"><h1>INTRANÄT ADMINPANEL</h1><p>Lönelista: Anna Andersson 45000 kr. Admin-lösenord: Sommar2026!</p></div>`));
    });
    await new Promise<void>((r) => intranet.listen(0, "127.0.0.1", r));
    intra = `http://127.0.0.1:${(intranet.address() as net.AddressInfo).port}`;
    // The internet: any host name, as a proxy is asked for it.
    internet = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", `http://${req.headers.host}`);
      const html = (body: string) => { res.writeHead(200, { "content-type": "text/html; charset=utf-8" }); res.end(body); };
      if (u.pathname === "/iframes") return html(page("Kommunens konto", `<h1>Kommunens konto</h1>${filler}
        <iframe src="${intra}/admin" width="900" height="250"></iframe>
        <img src="${intra}/logo.png" alt="intern bild">
        <img src="http://metadata.google.internal/computeMetadata/v1/token" alt="">
        <div id="f">hämtning: väntar</div>
        <script>fetch("${intra}/api/secret").then(r => r.text()).then(t => document.getElementById("f").textContent = "HÄMTAT: " + t).catch(() => document.getElementById("f").textContent = "hämtningen nekades")</script>`));
      // A page whose picture, fetch, frame and a frame of another site answer with a redirect into the intranet.
      if (u.pathname === "/hops") return html(page("Kommunens konto", `<h1>Kommunens konto</h1>${filler}
        <img src="/to-intranet?img" alt="">
        <iframe src="/to-intranet?frame" width="300" height="100"></iframe>
        <iframe src="http://annan.example.org/hop-frame" width="300" height="100"></iframe>
        <div id="f">hämtning: väntar</div>
        <script>fetch("/to-intranet?fetch").then(r => r.text()).then(t => document.getElementById("f").textContent = "HÄMTAT: " + t).catch(() => document.getElementById("f").textContent = "hämtningen nekades")</script>`));
      if (u.pathname === "/hop-frame") return html(page("Annan", `<p>Annan webbplats</p><img src="/to-intranet?in-frame" alt="">`));
      if (u.pathname === "/to-intranet") { res.writeHead(302, { location: `${intra}/admin/delete?all=1&${u.search.slice(1)}` }); res.end(); return; }
      if (u.pathname === "/redirect-intranet") { res.writeHead(302, { location: `${intra}/admin` }); res.end(); return; }
      if (u.pathname === "/redirect-forbidden") { res.writeHead(302, { location: `${intra}/forbidden` }); res.end(); return; }
      res.writeHead(404); res.end("not found");
    });
    await new Promise<void>((r) => internet.listen(0, "127.0.0.1", r));
    proxy = `http://127.0.0.1:${(internet.address() as net.AddressInfo).port}`;
    // As somarkiv is run behind a proxy: the browser is given it (browserEnvironment).
    process.env.http_proxy = proxy;
    browser = await launchBrowser("auto");
  });
  afterAll(async () => {
    if (oldProxy === undefined) delete process.env.http_proxy; else process.env.http_proxy = oldProxy;
    await browser?.close();
    await new Promise((r) => internet?.close(r));
    await new Promise((r) => intranet?.close(r));
  });

  it("refuses its frame, picture and fetch of an intranet port: the intranet sees nothing, the record shows none of it and says so", async () => {
    const seenBefore = intranetSaw.length;
    const r = await captureAccount(browser, options("http://konto4.example.se/iframes"));
    expect(intranetSaw.slice(seenBefore)).toEqual([]);
    expect(r.flags).toContain("internal-address-refused");
    expect(r.text).toContain("Kommunens konto");
    expect(r.text).not.toMatch(/INTRANÄT|Lönelista|Sommar2026|HEMLIGHET/);
    expect(r.text).toContain("hämtningen nekades");
    // The intranet page is red: none of it is in the picture.
    expect(await countColour(r.slices, { r: 0xcc, g: 0, b: 0 }, 20)).toBe(0);
  });

  it("stops the redirects of its picture, fetch and frames into the intranet before they are sent, and records the page flagged", async () => {
    const seenBefore = intranetSaw.length;
    const r = await captureAccount(browser, options("http://konto3.example.se/hops"));
    // The intranet got no request at all: not even the GET a redirect would have sent.
    expect(intranetSaw.slice(seenBefore)).toEqual([]);
    expect(r.flags).toContain("internal-address-refused");
    expect(r.flags).not.toContain("reached-internal-address");
    expect(r.internalHostsRefused).toEqual(["127.0.0.1"]);
    expect(r.text).toContain("Kommunens konto");
    expect(r.text).toContain("hämtningen nekades");
    expect(r.text).not.toMatch(/INTRANÄT|Lönelista|Sommar2026/);
  });

  it("gives no record of a page a redirect took into the internal network, and says so", async () => {
    const seenBefore = intranetSaw.length;
    const e = await failure(captureAccount(browser, options("http://konto2.example.se/redirect-intranet")));
    // The page's own redirect was stopped too: the intranet never saw it.
    expect(intranetSaw.slice(seenBefore)).toEqual([]);
    expect(e.reason).toBe("led-to-internal-address");
    expect(e.message).toContain(`The page at http://konto2.example.se/redirect-intranet led into the internal network (to ${intra.replace("http://", "")})`);
    expect(e.message).toContain("Look at the account");
    expect(e.details.screenshot).toBeUndefined();
  });

  it("says a redirect into the internal network that answers 401 as such, not as a login the account needs", async () => {
    const seenBefore = intranetSaw.length;
    const e = await failure(captureAccount(browser, options("http://konto21.example.se/redirect-forbidden")));
    expect(intranetSaw.slice(seenBefore)).toEqual([]);
    expect(e.reason).toBe("led-to-internal-address");
    expect(e.message).toContain("led into the internal network");
    expect(e.message).not.toMatch(/refused access|sign in|login/);
  });

  describe("on the command line", () => {
    let ws: Workspace;
    const now = periodOf(new Date(), "Europe/Stockholm");
    beforeAll(() => {
      ws = makeWorkspace({});
      ws.write({
        organisation: { name: "Testkommunen" }, capture: { timeoutSeconds: 60 },
        accounts: [account("iframes", "http://konto4.example.se/iframes", { platform: "other" }), account("redirect", "http://konto2.example.se/redirect-intranet", { platform: "other" })],
      });
    });
    afterAll(() => ws?.cleanup());

    it("files the page without the intranet's words, its sheet saying what was refused, and files nothing of the page that led inside (exit 1)", async () => {
      const seenBefore = intranetSaw.length;
      const r = await runCli(["capture", "--config", ws.configPath], { env: { http_proxy: proxy }, timeoutMs: 240_000 });
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toMatch(/redirect: FAILED \(led-to-internal-address\): The page at http:\/\/konto2\.example\.se\/redirect-intranet led into the internal network/);
      expect(r.stderr).toContain("[iframes] the page asked for addresses in the internal network (127.0.0.1:");
      expect(r.stderr).toContain("); they were refused, and the record does not show them");
      // Nothing reached the intranet: no frame, fetch nor picture, nor the redirect's hop.
      expect(intranetSaw.length).toBe(seenBefore);
      expect(fs.readdirSync(ws.intake).filter((f) => f.startsWith("redirect_"))).toEqual([]);
      const pdf = execFileSync("pdftotext", ["-enc", "UTF-8", path.join(ws.intake, `iframes_${now}_v1.pdf`), "-"], { encoding: "utf8" }).replace(/\s+/g, " ");
      expect(pdf).toContain("Kommunens konto");
      expect(pdf).toContain("sidan bad om adresser i ett internt nätverk");
      expect(pdf).toContain("de nekades, och ögonblicksbilden visar dem inte");
      // Which hosts the page asked for, by name: not the whole address, whose path may hold a secret.
      expect(pdf).toContain("sidan bad om adresser i ett internt nätverk (hos 127.0.0.1 och metadata.google.internal)");
      expect(pdf).not.toContain("/api/secret");
      expect(pdf).not.toMatch(/INTRANÄT|Lönelista|Sommar2026|HEMLIGHET/);
    });
  });
});

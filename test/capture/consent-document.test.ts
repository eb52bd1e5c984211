/**
 * A consent page that is a document of its own before the account's page, as YouTube's is for a
 * visitor without its cookie: the channel redirects to it, its forms post the answer, and the answer
 * comes back as a cookie and a redirect to the channel. No fixture had it: the YouTube ones draw the
 * consent in a frame over the channel.
 */
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle, type Slice } from "../../src/capture/index.ts";
import { FIXTURES, startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { countColour, failure, options } from "./helpers.ts";
import { consentChannel, consentChannelVia, consentSave } from "../helpers/consent-site.ts";

let browser: BrowserHandle;
let server: FixtureServer;
beforeAll(async () => {
  // The consent page leading back to another address than /channel (?continue=), as YouTube's does to the channel it was sent from.
  const consentPage = (back: string) => fs.readFileSync(path.join(FIXTURES, "capture/consent-document.html"), "utf8").replaceAll('value="/channel"', `value="${back}"`);
  const consent = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(consentPage(new URL(req.url ?? "/", "http://x").searchParams.get("continue") ?? "/channel"));
  };
  // A channel whose site never keeps the answer: it sends the visitor to its consent page every time.
  const forgets = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: "/consent?continue=/forgets" });
    res.end();
  };
  // One that asks at its own address, with no redirect, and does not keep the answer either.
  const asksHere = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(consentPage("/asks-here"));
  };
  // The answer's cookie is given only where the site keeps it: /channel's, /channel-accept-only's and /channel-google's.
  const save = consentSave((back) => back === "/channel" || back === "/channel-accept-only" || back === "/channel-google");
  // A consent page that offers only an accept, before a channel that keeps the answer or before one that forgets it.
  const acceptOnly = (back: string) => fs.readFileSync(path.join(FIXTURES, "capture/consent-document-accept-only.html"), "utf8").replaceAll('value="/channel-accept-only"', `value="${back}"`);
  const channelAcceptOnly = consentChannelVia("/consent-accept-only?continue=/channel-accept-only");
  const consentAcceptOnly = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(acceptOnly(new URL(req.url ?? "/", "http://x").searchParams.get("continue") ?? "/channel-accept-only"));
  };
  const forgetsAcceptOnly = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: "/consent-accept-only?continue=/forgets-accept-only" });
    res.end();
  };
  // A short profile reached by a redirect, whose cookie box over it goes when declined, and whose
  // footer says in a sentence that it uses cookies beside its "Cookieinställningar": the account's page.
  const moved = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: "/short-profile" });
    res.end();
  };
  // Its footer as each short profile has it: a settings button, or a link named as an answer that leads to the cookie policy.
  const footers: Record<string, string> = {
    "/short-profile": `<footer style="max-width:420px"><p>Vi använder cookies för att sidan ska fungera.</p><button>Cookieinställningar</button></footer>`,
    "/short-profile-link": `<footer style="max-width:420px"><p>Vi använder cookies för att sidan ska fungera. <a href="/cookiepolicy">Godkänn alla</a></p></footer>`,
  };
  const movedTo = (to: string) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(302, { location: to });
    res.end();
  };
  const shortProfile = (req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Överkalix kommun</title></head><body style="font-family:DejaVu Sans,sans-serif;margin:24px">
<h1>Överkalix kommun</h1><p>Midnattssol över Kalixälven</p>
${footers[new URL(req.url ?? "/", "http://x").pathname]}
<div id="box" role="dialog" style="position:fixed;bottom:0;left:0;right:0;background:#ff00aa;padding:20px"><p>Vi använder cookies för statistik.</p><button onclick="document.getElementById('box').remove()">Avvisa alla</button><button onclick="document.getElementById('box').remove()">Godkänn alla</button></div>
</body></html>`);
  };
  // A channel that sends its visitor to Google's consent page, which the maintained rule set answers itself.
  const channelGoogle = consentChannelVia("/capture/consent-document-google.html");
  // A channel whose consent page asks in words somarkiv has no answers' words for.
  const channelUnknownWords = consentChannelVia("/capture/consent-document-unknown-words.html");
  // Short account pages whose words are all in one part of the page (an app's root), with a cookie
  // sentence and a button beside their posts: the page's own, not a consent page's question.
  const oneBox = (inner: string) => (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Överkalix kommun</title></head><body style="font-family:DejaVu Sans,sans-serif"><div id="root">${inner}</div></body></html>`);
  };
  const posts = `<h1>Överkalix kommun</h1><article><p>Midnattssol över Kalixälven i kväll, välkomna till älvstranden.</p></article><article><p>Biblioteket har öppet hela sommaren, som vanligt.</p></article>`;
  const rootBottom = oneBox(`${posts}<div class="bottom"><p>Nous utilisons des cookies pour mesurer l'audience du site.</p><button>Réglages</button></div>`);
  const rootName = oneBox(`<div><h1>Överkalix kommun</h1><p>Vi använder cookies.</p><button>Följ</button></div>`);
  // A sign-up page whose small print, beside its buttons, names the cookie policy: it asks for an account, not about cookies.
  const signUp = oneBox(`<h1>Överkalix kommun</h1><p>Registrera dig för att se foton och videor från dina vänner.</p><button>Logga in</button><button>Registrera dig</button><p>Genom att registrera dig godkänner du våra villkor, vår integritetspolicy och vår cookiepolicy.</p>`);
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({ routes: { "/channel-google": channelGoogle, "/channel-unknown-words": channelUnknownWords, "/root-bottom": rootBottom, "/root-name": rootName, "/sign-up": signUp, "/channel": consentChannel, "/consent-save": save, "/consent": consent, "/forgets": forgets, "/asks-here": asksHere, "/moved": moved, "/short-profile": shortProfile, "/moved-link": movedTo("/short-profile-link"), "/short-profile-link": shortProfile, "/invitations": movedTo("/capture/consent-answer-outside-box.html"), "/plain-forgets": movedTo("/capture/consent-document-plain.html"), "/channel-accept-only": channelAcceptOnly, "/consent-accept-only": consentAcceptOnly, "/forgets-accept-only": forgetsAcceptOnly } })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a consent page of its own before the account's page", () => {
  it("declines on the consent document and takes the channel it leads back to, at the channel's address", async () => {
    const r = await captureAccount(browser, options(server.at("channel")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("reject");
    expect(r.finalUrl).toBe(server.at("channel"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
    expect(r.text).not.toContain("Innan du fortsätter");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 })).toBe(0);
  });

  it("fails, filing nothing, where the site sends the visitor back to its consent page after the answer: the consent page is no record of the account", async () => {
    const e = await failure(captureAccount(browser, options(server.at("forgets"))));
    expect(e.reason).toBe("consent-not-kept");
    expect(e.details.consent).toBe("declined");
    expect(e.details.finalUrl).toBe(server.at("consent?continue=/forgets"));
    expect(e.message).toContain(`The page at ${server.at("forgets")} was still the site's consent page after somarkiv answered it ("Avvisa alla"): it showed "Innan du fortsätter till YouTube", at ${server.at("consent?continue=/forgets")}, with the buttons "Avvisa alla", "Godkänn alla", not the account's page.`);
    expect(e.message).toContain("it will be tried again on the next run");
    expect(e.message).toContain(`run "somarkiv login --account <id>", answer the consent page in the window it opens`);
    // The administrator's picture is of the consent page.
    expect(e.details.screenshot?.length).toBeGreaterThan(0);
  });

  it("fails where the consent page is at the account's own address and its answer comes back to it, not kept", async () => {
    const e = await failure(captureAccount(browser, options(server.at("asks-here"))));
    expect(e.reason).toBe("consent-not-kept");
    expect(e.details.finalUrl).toBe(server.at("asks-here"));
  });

  it("takes a short profile reached by a redirect whose cookie box went when declined, though its footer speaks of cookies beside its settings button", async () => {
    const r = await captureAccount(browser, options(server.at("moved")));
    expect(r.consent).toBe("declined");
    expect(r.finalUrl).toBe(server.at("short-profile"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
  });

  it("takes a short profile reached by a redirect whose own \"Avvisa alla\" (its invitations') is no cookie answer: the invitations are left as they were, and the cookie box is answered", async () => {
    const r = await captureAccount(browser, options(server.at("invitations")));
    // The cookie box has no decline: its "Godkänn alla" is the answer, and the page is the account's.
    expect(r.consent).toBe("accepted");
    expect(r.consentButton).toBe("Godkänn alla");
    expect(r.finalUrl).toBe(server.at("capture/consent-answer-outside-box.html"));
    expect(r.text).toContain("Du har 2 inbjudningar till evenemang.");
    expect(r.text).not.toContain("INBJUDNINGARNA AVVISADES");
    expect(await countColour(r.slices, { r: 0xff, g: 0xd2, b: 0x3f })).toBe(0);
  });

  it("declines a plain consent page whose question and buttons meet only in the body, and fails where its answer is not kept", async () => {
    const e = await failure(captureAccount(browser, options(server.at("plain-forgets"))));
    expect(e.reason).toBe("consent-not-kept");
    expect(e.details.consent).toBe("declined");
    expect(e.message).toContain('("Avvisa alla")');
  });

  it("takes a short profile reached by a redirect whose footer's link named as an answer (\"Godkänn alla\") leads to the cookie policy, another page", async () => {
    const r = await captureAccount(browser, options(server.at("moved-link")));
    expect(r.consent).toBe("declined");
    expect(r.finalUrl).toBe(server.at("short-profile-link"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
  });

  it("accepts, as the last resort, a consent page that offers only \"Godkänn alla\", takes the channel it leads to and names the button, where it filed the consent page as none-found", async () => {
    const r = await captureAccount(browser, options(server.at("channel-accept-only")));
    expect(r.consent).toBe("accepted");
    expect(r.consentButton).toBe("Godkänn alla");
    expect(r.title).toBe("accept");
    expect(r.finalUrl).toBe(server.at("channel-accept-only"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
    expect(r.text).not.toContain("Innan du fortsätter");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 })).toBe(0);
  });

  it("fails, filing nothing, where a consent page that offers only an accept is still there after it was accepted", async () => {
    const e = await failure(captureAccount(browser, options(server.at("forgets-accept-only"))));
    expect(e.reason).toBe("consent-not-kept");
    expect(e.details.consent).toBe("accepted");
    expect(e.details.finalUrl).toBe(server.at("consent-accept-only?continue=/forgets-accept-only"));
    expect(e.message).toContain(`was still the site's consent page after somarkiv answered it ("Godkänn alla"): it showed "Innan du fortsätter till kanalen"`);
  });

  it("says a consent page the maintained rule set answered itself (Google's, by its forms to consent.youtube.com) as a page of its own, not a dialog over the channel it led to", async () => {
    const steps: string[] = [];
    const r = await captureAccount(browser, options(server.at("channel-google"), { onProgress: (s) => steps.push(s) }));
    expect(steps).toContain("cookie dialog declined: rule set (google-consent-standalone)");
    expect(r.consent).toBe("declined");
    expect(r.consentPage).toBe(true);
    expect(r.consentButton).toBeUndefined();
    expect(r.title).toBe("reject");
    expect(r.finalUrl).toBe(server.at("channel-google"));
    expect(r.text).toContain("Midnattssol över Kalixälven");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 })).toBe(0);
  });

  it("fails, filing nothing, where the consent page's answers are in words somarkiv does not know (\"Tout refuser\"), where it filed the consent page as the account's, saying no dialog was shown", async () => {
    const e = await failure(captureAccount(browser, options(server.at("channel-unknown-words"))));
    expect(e.reason).toBe("consent-not-answered");
    expect(e.details.consent).toBe("not-dismissed");
    expect(e.details.flags).toContain("consent-not-dismissed");
    expect(e.details.finalUrl).toBe(server.at("capture/consent-document-unknown-words.html"));
    expect(e.message).toContain(`The page at ${server.at("channel-unknown-words")} showed the site's consent page in place of the account's page: "Avant d'accéder à la chaîne", at ${server.at("capture/consent-document-unknown-words.html")}, with the buttons "Tout refuser", "Tout accepter". None of its buttons has words somarkiv knows as an answer to a cookie question`);
    expect(e.message).toContain("it will be tried again on the next run");
    expect(e.message).toContain(`run "somarkiv login --account <id>", answer the consent page in the window it opens`);
    // The administrator's picture is of the consent page: its pink ground.
    const shot = e.details.screenshot!;
    const picture: Slice = { image: shot, format: "png", top: 0, height: 900, width: 1280, pixelWidth: 1280, pixelHeight: 900 };
    expect(await countColour([picture], { r: 255, g: 0, b: 170 })).toBeGreaterThan(100_000);
  });

  it("takes short account pages whose words are all in one part (an app's root), with a cookie sentence and a button beside their posts or their name, or a sign-up's small print naming the cookie policy", async () => {
    for (const page of ["root-bottom", "root-name", "sign-up"]) {
      const r = await captureAccount(browser, options(server.at(page)));
      expect(r.consent, page).toBe("none-found");
      expect(r.text, page).toContain("Överkalix kommun");
    }
  });
});

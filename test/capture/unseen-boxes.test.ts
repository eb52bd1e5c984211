/**
 * Pages unlike the first fixtures, as a new user met them (continued from unseen.test.ts, split so
 * that the two halves run beside each other): consent dialogs unlike the usual modal, buttons that
 * are not buttons, boxes over the page, pictures and sections that come only as they are seen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureAccount, launchBrowser, type BrowserHandle } from "../../src/capture/index.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";
import { countColour, options } from "./helpers.ts";

let browser: BrowserHandle;
let server: FixtureServer;
/** What the pages told their site at /log, as a consent tool reports a visitor's answer. */
const told: string[] = [];
beforeAll(async () => {
  const log = (req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => {
    told.push(new URL(req.url ?? "/", "http://x").search.slice(1));
    res.end();
  };
  [browser, server] = await Promise.all([launchBrowser("auto"), startFixtureServer({ routes: { "/log": log } })]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const DIALOG_PINK = { r: 255, g: 0, b: 170 };

describe("consent dialogs unlike the usual modal", () => {
  it("acknowledges a bottom bar whose only button is \"Jag förstår\"", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-bottom-banner.html")));
    expect(r.consent).toBe("accepted");
    expect(r.text).not.toContain("Vi använder kakor");
    expect(await countColour(r.slices, { r: 204, g: 0, b: 255 })).toBe(0);
  });

  it("declines whether or not the buttons end in \"cookies\", and by a link that continues without consenting", async () => {
    for (const [decline, accept, link] of [["Neka alla cookies", "Godkänn alla cookies", ""], ["Fortsätt utan att godkänna →", "Godkänn & stäng", "1"],
      // The no and the necessary ones in one; a public body's banner that asks about its statistics only.
      ["Nej tack, bara nödvändiga", "Ja, tillåt alla", ""], ["Avvisa statistikkakor", "Tillåt statistikkakor", ""], ["Avvisa analyskakor", "Acceptera analyskakor", ""]] as const) {
      const q = new URLSearchParams({ decline, accept, link }).toString();
      const r = await captureAccount(browser, options(server.at(`capture/unseen-consent-labels.html?${q}`)));
      expect(r.consent, decline).toBe("declined");
      expect(r.title, decline).toBe("declined");
      expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
    }
  });

  it("declines a dialog whose words speak of third parties, tracking or partners instead of cookies", async () => {
    for (const text of ["Den här webbplatsen använder tjänster från tredje part för statistik.", "Vi och våra partner lagrar och får åtkomst till information på din enhet.", "We use tracking technologies to measure visits."]) {
      const q = new URLSearchParams({ decline: "Neka", accept: "Acceptera alla", text }).toString();
      const r = await captureAccount(browser, options(server.at(`capture/unseen-consent-labels.html?${q}`)));
      expect(r.consent, text).toBe("declined");
      expect(r.title, text).toBe("declined");
      expect(await countColour(r.slices, DIALOG_PINK), text).toBe(0);
    }
  });

  it("closes a cookie notice that offers no choice, only a bare \"×\" named \"Stäng\", as a person does", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-close-only.html")));
    expect(r.consent).toBe("accepted");
    expect(r.title).toBe("closed");
    expect(r.flags).not.toContain("consent-not-dismissed");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("closes a cookie notice whose only control is an \"×\" drawn as a picture (SVG, a background, an icon font), with no words or name, and leaves a menu icon in a header that links to the privacy policy alone", async () => {
    for (const query of ["", "?named=1", "?close=bg", "?close=font"]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-consent-icon-close.html${query}`)));
      expect(r.consent, query).toBe("accepted");
      expect(r.title, query).toBe("closed");
      expect(r.flags, query).not.toContain("consent-not-dismissed");
      expect(await countColour(r.slices, DIALOG_PINK), query).toBe(0);
    }
    const header = await captureAccount(browser, options(server.at("capture/unseen-consent-icon-close.html?nobar=1")));
    expect(header.consent).toBe("none-found");
    expect(header.title).toBe("open");
  });

  it("switches the optional categories off and saves, where the first layer shows them beside \"Godkänn alla\", rather than accepting all", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-first-layer-switches.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("saved statistik=false marknadsföring=false");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("declines in a second layer that does not name cookies again, with its plain checkboxes unticked and \"Bekräfta\" or \"Spara mina val\"", async () => {
    for (const query of ["", "?save=1"]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-consent-second-layer.html${query}`)));
      expect(r.consent, query).toBe("declined");
      expect(r.title, query).toBe("saved statistik=false annonser=false");
      expect(await countColour(r.slices, DIALOG_PINK), query).toBe(0);
    }
  });

  it("answers the \"Är du säker?\" that follows a decline with its yes to declining", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-confirm-decline.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("answers a cookie banner in the page's flow at its top or its foot, rather than lying over it, and leaves a news item about cookies alone", async () => {
    for (const query of ["", "?at=foot"]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-consent-in-flow.html${query}`)));
      expect(r.consent, query).toBe("accepted");
      expect(r.title, query).toBe("ok");
      expect(await countColour(r.slices, DIALOG_PINK), query).toBe(0);
    }
    const news = await captureAccount(browser, options(server.at("capture/unseen-consent-in-flow.html?news=1")));
    expect(news.consent).toBe("none-found");
    expect(news.flags).not.toContain("consent-not-dismissed");
    expect(news.text).toContain("Nyhet: kommunen använder nu färre kakor på webbplatsen.");
  });

  it("declines with \"Reject non-essential\" rather than accepting", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-english.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("rejected");
    expect(r.text).not.toContain("We value your privacy");
  });

  it("declines a Finnish dialog with its \"Hylkää kaikki\", though it names cookies only in Finnish (evästeitä)", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-finnish.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("rejected");
    expect(r.text).not.toContain("Arvostamme yksityisyyttäsi");
    expect(r.text).toContain("Julkaisu 3");
  });

  it("declines a dialog inside an open shadow root", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-shadow-consent.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("declines a dialog inside a closed shadow root, and the words of closed components are searchable", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-closed-shadow-consent.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
    expect(r.text).toContain("Stängt inlägg 3");
    expect(r.text).toContain("Vattnet stängs av på Storgatan i morgon.");
    // Opening them leaves the browser's function looking as it does to any visitor.
    expect(r.text).toContain("attachShadow ser inbyggd ut");
  });

  it("declines a consent platform's message that comes late in a frame of its own from another site", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-frame-late.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("switches off the optional choices and saves them in a frame from another site whose choices' layer never says \"cookie\"", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-frame-choices.html")));
    expect(r.title).toBe("Bluesky-lik sida [saved:]");
    expect(r.consent).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
    expect(r.text).toContain("CMPMARK5");
    // Its choices opened and left unanswered, it was there: not "no cookie dialog" on the sheet.
    const left = await captureAccount(browser, options(server.at("capture/unseen-consent-frame-choices.html?nosave")));
    expect(left.title).toBe("Bluesky-lik sida");
    expect(left.consent).toBe("not-dismissed");
    // Switches that turn on a press, not a click, are turned off all the same, and the decline is the site's.
    const pressed = await captureAccount(browser, options(server.at("capture/unseen-consent-frame-choices.html?pointer")));
    expect(pressed.title).toBe("Bluesky-lik sida [saved:]");
    expect(pressed.consent).toBe("declined");
    // Switches drawn as spans whose class says "on" are pressed off, seen to be off, and then saved.
    const drawn = await captureAccount(browser, options(server.at("capture/unseen-consent-frame-choices.html?spans")));
    expect(drawn.title).toBe("Bluesky-lik sida [saved:]");
    expect(drawn.consent).toBe("declined");
  });

  it("turns off a second layer's switches drawn as bare spans (no checkbox, role, pointer or handler of their own) before saving, and saves none whose state cannot be read", async () => {
    told.length = 0;
    const r = await captureAccount(browser, options(server.at("capture/unseen-consent-drawn-switches.html")));
    expect(told).toEqual(["dt=save&on=0"]);
    expect(r.consent).toBe("declined");
    // All off to begin with: a press of one shows how "on" is marked, and it is turned off again.
    told.length = 0;
    const off = await captureAccount(browser, options(server.at("capture/unseen-consent-drawn-switches.html?off")));
    expect(told).toEqual(["dt=save&on=0"]);
    expect(off.consent).toBe("declined");
    // In a wrapper of its own without words, or marked on by such a wrapper: found all the same, and turned off.
    for (const q of ["?wrap", "?parent"]) {
      told.length = 0;
      const r2 = await captureAccount(browser, options(server.at(`capture/unseen-consent-drawn-switches.html${q}`)));
      expect(told, q).toEqual(["dt=save&on=0"]);
      expect(r2.consent, q).toBe("declined");
    }
    // Drawn only by a colour in its style, a switch cannot be read as on or off: nothing is saved, and
    // the record says the dialog was left, never "declined" while the site was told all 30 were on.
    told.length = 0;
    const unread = await captureAccount(browser, options(server.at("capture/unseen-consent-drawn-switches.html?style")));
    expect(told).toEqual([]);
    expect(unread.consent).toBe("not-dismissed");
    expect(unread.flags).toContain("consent-not-dismissed");
    // The same with "Godkänn alla" still in view beside the choices: not pressed instead, for the page
    // offered a no; the record must not say it gave no choice, nor the site be told yes.
    told.length = 0;
    const kept = await captureAccount(browser, options(server.at("capture/unseen-consent-drawn-switches.html?style&keep")));
    expect(told).toEqual([]);
    expect(kept.consent).toBe("not-dismissed");
  });

  it("declines a dialog that appears only after scrolling, before the screenshot", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-scroll-consent.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(r.text).not.toContain("Vi använder cookies för statistik");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });
});

describe("a dialog no script can reach", () => {
  it("is said to lie over the page when it is built in a closed shadow root written into the HTML, not recorded as no dialog", async () => {
    const r = await captureAccount(browser, options(server.at("capture/closed-template-dialog.html")));
    expect(r.flags).toContain("box-over-page");
    expect(r.text).toContain("Nyhet 1");
  });
});

describe("buttons that are not buttons in the markup", () => {
  it("declines in a consent dialog whose buttons are plain elements with a click handler", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-div-buttons.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toBe("declined");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("closes a login prompt whose close is a plain \"×\", instead of failing as a login wall", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-login-x-text.html")));
    expect(r.flags).toContain("login-prompt-closed");
    expect(r.text).toContain("Inlägg 6");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("says a login prompt closed when the layer of the page's it was drawn in stays, empty (a portal's root), once its close went with it", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-login-x-text.html?portal=1")));
    expect(r.flags).toContain("login-prompt-closed");
    expect(r.flags).not.toContain("box-over-page");
    expect(r.text).toContain("Inlägg 6");
    expect(r.text).not.toContain("Logga in för att se mer");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });
});

describe("figures that count up as they come into view", () => {
  it("are taken at the figures they end at, not mid-count", async () => {
    const r = await captureAccount(browser, options(server.at("capture/count-up.html")));
    expect(r.text).toContain("Vi är 3412 invånare och 120 företag.");
    expect(r.flags).not.toContain("text-still-changing");
  });
});

describe("a page wider than a picture can be", () => {
  it("is taken cut at its right and flagged, not failed at every run", async () => {
    const r = await captureAccount(browser, options(server.at("capture/too-wide.html")));
    expect(r.pageWidth).toBe(16_000);
    expect(r.flags).toContain("cut-at-width");
    expect(r.text).toContain("Sista raden på sidan");
    expect(r.words.every((w) => w.x < 16_000)).toBe(true);
  });
});

describe("a page that leads on to an address with a password in it", () => {
  it("is recorded at that address without the password, and no progress line says it", async () => {
    const progress: string[] = [];
    const r = await captureAccount(browser, options(server.at("capture/password-redirect.html"), { onProgress: (p) => progress.push(p) }));
    expect(r.finalUrl).toMatch(/^http:\/\/olle:\*\*\*@127\.0\.0\.1:\d+\/capture\/simple\.html\?token=abc$/);
    expect(JSON.stringify(r.references ?? {}) + progress.join("\n") + r.finalUrl).not.toContain("Losen77");
  });
});

describe("a feed that brings its next batch only a while after its end is reached", () => {
  it("is waited for, however it waits: animation frames of rest, a task scheduled for later, a timer of 2.2 s, the wheel (the window's or the feed's), a debounce that then waits again", async () => {
    for (const how of ["raf", "posttask", "timer", "wheel", "feedwheel", "debounce"]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-late-feed.html?how=${how}`)));
      for (const n of [1, 5, 9, 12]) expect(r.text, `${how}: Inlägg ${n}`).toContain(`Inlägg ${n}`);
      expect(r.text, how).toContain("Inga fler inlägg");
    }
  });

  it("that counts animation frames of rest is waited for also where each frame's work is heavy, and the page draws 20 frames a second or fewer", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-late-feed.html?how=raf&heavy=50")));
    for (const n of [1, 5, 9, 12]) expect(r.text, `Inlägg ${n}`).toContain(`Inlägg ${n}`);
    expect(r.text).toContain("Inga fler inlägg");
  });
});

describe("what the record says of a page though its picture is right", () => {
  it("a page drawn largely on a canvas is flagged as not searchable there; a feed that goes on behind \"Visa fler inlägg\" says so; a \"Visa mer\" under a post is no feed's end", async () => {
    const drawn = await captureAccount(browser, options(server.at("capture/unseen-page-notes.html?canvas=1")));
    expect(drawn.flags).toContain("canvas-not-searchable");
    expect(drawn.text).toContain("Kommunens flöde");
    expect(drawn.text).not.toContain("Ritat inlägg");
    const more = await captureAccount(browser, options(server.at("capture/unseen-page-notes.html?more=1")));
    expect(more.flags).toContain("more-behind-button");
    expect(more.flags).not.toContain("canvas-not-searchable");
    expect(more.moreButton).toBe("Visa fler inlägg");
    // Not pressed: the record is of the page as a visitor first sees it.
    expect(more.text).toContain("Visa fler inlägg");
    // In Finnish, and in both languages on one button.
    for (const [q, label] of [["fi", "Lataa lisää julkaisuja"], ["both", "Näytä lisää / Visa äldre inlägg"], ["1&few=1", "Visa fler inlägg"], ["1&tiny=1", "Visa fler inlägg"], ["1&tiny=1&foot=1", "Visa fler inlägg"], ["ev", "Visa fler evenemang"], ["fiev", "Näytä lisää tapahtumia"]]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-page-notes.html?more=${q}`)));
      expect(r.flags, label).toContain("more-behind-button");
      expect(r.moreButton).toBe(label);
    }
    const plain = await captureAccount(browser, options(server.at("capture/unseen-page-notes.html")));
    expect(plain.flags).not.toContain("more-behind-button");
    // Its Finnish, "Näytä lisää" alone, opens a post's text as "Visa mer" does (Facebook's "See more").
    const expander = await captureAccount(browser, options(server.at("capture/unseen-page-notes.html?expander=N%C3%A4yt%C3%A4%20lis%C3%A4%C3%A4")));
    expect(expander.text).toContain("Näytä lisää");
    expect(expander.flags).not.toContain("more-behind-button");
    expect(plain.flags).not.toContain("canvas-not-searchable");
  });
});

describe("other boxes over the page", () => {
  it("closes a newsletter offer with its \"Nej tack\" button and flags it", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-newsletter.html")));
    expect(r.flags).toContain("dialog-dismissed");
    expect(r.text).not.toContain("Prenumerera på vårt nyhetsbrev");
    expect(r.text).toContain("Inlägg 8");
    // What it said is kept for the record, as an alert's words are: the picture no longer holds them.
    expect(r.pageDialogs).toHaveLength(1);
    expect(r.pageDialogs![0]).toContain("Prenumerera på vårt nyhetsbrev");
    expect(r.pageDialogs![0]).not.toMatch(/Nej tack$/);
    // Its heading and its text are apart, as the box showed them, not run together.
    expect(r.pageDialogs![0]).toContain("Prenumerera på vårt nyhetsbrev! Få nyheter från kommunen");
    // Without its buttons' labels: its "Prenumerera" quoted read as if it had been pressed.
    expect(r.pageDialogs![0]).toBe("Prenumerera på vårt nyhetsbrev! Få nyheter från kommunen direkt i din inkorg.");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("closes a login box that comes with the scroll whose only close is an \"×\" drawn in SVG at its panel's top right, with no name, as one named \"Stäng\" is", async () => {
    for (const q of ["", "?named=1"]) {
      const r = await captureAccount(browser, options(server.at(`capture/login-box-icon-close.html${q}`)));
      expect(r.flags, q).toContain("login-prompt-closed");
      expect(r.flags, q).not.toContain("login-wall-hidden");
      expect(r.text, q).not.toContain("Logga in för att se mer");
      expect(r.text, q).toContain("Inlägg 24");
      expect(await countColour(r.slices, DIALOG_PINK, 12), q).toBe(0);
    }
  });

  it("closes an offer in a dimmed layer whose only close is an \"×\" drawn as a background at its panel's top right", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-box-over-page.html?offer=1")));
    expect(r.title).toBe("closed");
    expect(r.flags).toContain("dialog-dismissed");
    expect(r.flags).not.toContain("box-over-page");
    expect(await countColour(r.slices, DIALOG_PINK)).toBe(0);
  });

  it("a box that cannot be closed (an age question) is in the picture, and the record says it lies over the page; a cookie notice with nothing to answer is a consent dialog not dismissed", async () => {
    const gate = await captureAccount(browser, options(server.at("capture/unseen-box-over-page.html?gate=1")));
    expect(gate.flags).toContain("box-over-page");
    expect(gate.consent).toBe("none-found");
    // The picture shows the question over the first screen, as a person sees it.
    expect(await countColour(gate.slices, DIALOG_PINK)).toBeGreaterThan(1280 * 800);
    const notice = await captureAccount(browser, options(server.at("capture/unseen-box-over-page.html?cookies=1")));
    expect(notice.consent).toBe("not-dismissed");
    expect(notice.flags).toContain("consent-not-dismissed");
    expect(notice.flags).not.toContain("box-over-page");
    expect(await countColour(notice.slices, DIALOG_PINK)).toBeGreaterThan(0);
    // A fixed background picture behind the page, and a tint that lets clicks through, cover nothing.
    for (const query of ["?bg=1", ""]) {
      const plain = await captureAccount(browser, options(server.at(`capture/unseen-box-over-page.html${query}`)));
      expect(plain.flags, query).not.toContain("box-over-page");
      expect(plain.flags, query).not.toContain("consent-not-dismissed");
      expect(plain.consent, query).toBe("none-found");
    }
  });
});

describe("a box under a third of the screen over the left part of the page's first lines", () => {
  it("is said to lie over the page, with or without a button in it, where it covers no paragraph's middle; a sticky header, a bar at the foot, a chat bubble and a badge over the ends of lines are not", async () => {
    for (const q of ["?age", "?button"]) {
      const r = await captureAccount(browser, options(server.at(`capture/part-line-box.html${q}`)));
      expect(r.flags, q).toContain("box-over-page");
      // 700 × 500 px over the start of the long first paragraph, which runs on to its right and below it.
      expect(await countColour(r.slices, DIALOG_PINK, 12), q).toBeGreaterThan(650 * 450);
    }
    const plain = await captureAccount(browser, options(server.at("capture/part-line-box.html")));
    expect(plain.flags).not.toContain("box-over-page");
    expect(plain.text).toContain("Stycke 1.");
  });
});

describe("pictures that load only once the page rests on them", () => {
  it("are all in the record: a loader that waits for the scroll to rest, one that waits for a picture to stay in view, and background pictures", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-lazy-rest.html")));
    // 12 pictures, 4 backgrounds and a carousel's first slide of 300 × 200 px, all green once loaded;
    // grey while waiting. The carousel's next slides, hidden by its box, are not waited for nor flagged.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(17 * 300 * 200 * 0.95);
    expect(r.flags).not.toContain("lazy-content-incomplete");
    expect(r.text).toContain("Slut på bildarkivet.");
  });

  it("are all in the record when a blurred stand-in of a few pixels, or one whose photo's address only the script knows (a picture or a box's background), waits for a second in view", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-lazy-blur.html")));
    // 18 photos of 300 × 300 px (3 as boxes' backgrounds), green once loaded; grey (and blurred) stand-ins meanwhile.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(18 * 300 * 300 * 0.95);
    expect(r.flags).not.toContain("lazy-content-incomplete");
    expect(r.text).toContain("Slut på bildflödet.");
  });

  it("that never come for resting either (a loader a click starts) are flagged, and the page is not held on every screen of them", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-lazy-never.html")));
    expect(r.flags).toContain("lazy-content-incomplete");
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBe(0);
    expect(r.text).toContain("Slut.");
  });
});

describe("sections that fade in as they come into view and out as they leave it", () => {
  it("are all in the record as a person scrolling saw them, by their own class or inline style or by their section's class, with their words; a box about cookies or logging in among them is not", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-reveal.html")));
    // Thirteen green sections, 300 px high and about 1230 px wide.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(13 * 300 * 1200 * 0.95);
    for (let i = 1; i <= 5; i++) expect(r.text).toContain(`Tonad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Stilad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Markerad nyhet ${i}`);
    expect(r.flags).toContain("faded-sections-shown");
    // A box about cookies and one asking to log in, faded out again as they left the view, stay as the page left them.
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 }, 12)).toBe(0);
    expect(r.text).not.toContain("Om kakor");
    expect(r.text).not.toContain("Logga in för att kommentera");
  });

  it("are all in the record when they are also skipped while off screen (content-visibility: auto)", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-reveal.html?cv")));
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(13 * 300 * 1200 * 0.95);
    for (let i = 1; i <= 5; i++) expect(r.text).toContain(`Tonad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Stilad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Markerad nyhet ${i}`);
  });

  it("stay in the record as a person scrolling saw them when the page says \"out of view\" again after they are shown (at its next frame, late on a busy machine)", async () => {
    // The page looks at every frame: its word on the jump back to the top comes after the sections were shown again.
    const r = await captureAccount(browser, options(server.at("capture/unseen-reveal.html?poll")));
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(13 * 300 * 1200 * 0.95);
    for (let i = 1; i <= 5; i++) expect(r.text).toContain(`Tonad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Markerad nyhet ${i}`);
    expect(r.flags).toContain("faded-sections-shown");
    expect(await countColour(r.slices, { r: 255, g: 0, b: 170 }, 12)).toBe(0);
  });

  it("are all in the record when the page marks them late, \"in view\" and \"out of view\" in one go, as on a busy machine", async () => {
    // Sections in view at one step of the scroll only were blank: marked after the step had looked.
    const r = await captureAccount(browser, options(server.at("capture/unseen-reveal.html?late")));
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(13 * 300 * 1200 * 0.95);
    for (let i = 1; i <= 5; i++) expect(r.text).toContain(`Tonad nyhet ${i}`);
    for (let i = 1; i <= 4; i++) expect(r.text).toContain(`Markerad nyhet ${i}`);
    expect(r.flags).toContain("faded-sections-shown");
  });
});

describe("a feed that hides the posts far from the view (visibility: hidden)", () => {
  it("is in the record as a person scrolling saw it, every post with its words, by their inline style or by a class", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-hide-far.html")));
    // Sixteen green posts, 300 px high and about 1230 px wide.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(16 * 300 * 1200 * 0.95);
    for (let i = 1; i <= 8; i++) expect(r.text).toContain(`Dolt inlägg ${i}`);
    for (let i = 1; i <= 8; i++) expect(r.text).toContain(`Klassat inlägg ${i}`);
    expect(r.flags).toContain("faded-sections-shown");
  });
});

describe("a page whose scripts wait for the visitor's first move", () => {
  it("is stirred as a visitor stirs it, so its slideshow is in the record", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-delayed.html")));
    expect(r.text).toContain("Bildspel: Välkommen till Överkalix");
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThan(1000 * 200 * 0.9);
  });
});

describe("pages built of web components", () => {
  it("puts the text inside open shadow roots, and slotted text, in the text layer", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-shadow-feed.html")));
    const lines = r.text.split("\n");
    expect(lines).toContain("Skugginlägg 1");
    expect(lines).toContain("Skugginlägg 3");
    expect(r.text).toContain("Signerat Kommunikationsavdelningen");
    // In reading order: the first post's own text before the second post.
    expect(r.text.indexOf("Signerat")).toBeLessThan(r.text.indexOf("Skugginlägg 2"));
    expect(r.words.find((w) => w.text === "Skugginlägg")!.y).toBeGreaterThan(0);
  });
});

describe("feeds that change as they are scrolled", () => {
  it("loads a feed that ignores scroll events coming soon after the last one", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-scroll-throttle.html")));
    for (let n = 1; n <= 15; n++) expect(r.text.split("\n")).toContain(`Scrollinlägg ${n}`); // 3, then 3 batches of 4
    expect(r.text).toContain("Inga fler inlägg");
    expect(r.flags).not.toContain("content-removed-while-scrolling");
  });

  it("waits for a feed that asks for its next batch a moment after its end comes into view, showing nothing meanwhile", async () => {
    for (const page of ["unseen-debounced-feed.html", "unseen-debounced-feed.html?scroll&wait=500"]) {
      const r = await captureAccount(browser, options(server.at(`capture/${page}`)));
      expect(r.text.split("\n"), page).toContain("Fördröjt inlägg 48");
      expect(r.text, page).toContain("Inga fler inlägg");
    }
  });

  it("waits for a feed that shows \"Laddar fler inlägg…\" and brings its next batch a moment later, without a request", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-timer-feed.html")));
    for (let n = 1; n <= 16; n++) expect(r.text.split("\n")).toContain(`Väntande inlägg ${n}`); // 4, then 3 batches of 4
    expect(r.text).toContain("Inga fler inlägg");
  });

  it("waits for such a feed whose loader is a turning circle with no words, and does not take that loader, below the first screen, for the page still loading", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-timer-feed.html?loader=spinner")));
    expect(r.text.split("\n")).toContain("Väntande inlägg 16");
    expect(r.text).toContain("Inga fler inlägg");
    expect(r.flags).not.toContain("still-loading");
  });

  it("takes a feed that keeps only the posts near the screen screen by screen, every post in its text", async () => {
    for (const page of ["unseen-virtual-feed.html", "unseen-virtual-feed.html?recycle", "recycled-short.html"]) {
      const r = await captureAccount(browser, options(server.at(`capture/${page}`)));
      expect(r.flags, page).toContain("taken-screen-by-screen");
      expect(r.flags, page).not.toContain("content-removed-while-scrolling");
      expect(r.text, page).toMatch(page.startsWith("recycled") ? /Sommarjobb #40/ : /Virtuellt inlägg 40:/);
    }
  });

  it("flags such a feed that cannot be taken screen by screen (wider than the window): the picture cannot hold the posts it removed", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-virtual-feed.html?wide")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    expect(r.text).toContain("Virtuellt inlägg 1:");
    expect(r.text).not.toContain("Virtuellt inlägg 30:");
    // The words it showed and took away are kept for the record, each once.
    expect(r.textRemovedWhileScrolling).toContain("Virtuellt inlägg 30: kommunen informerar om snöröjningen");
    expect(new Set(r.textRemovedWhileScrolling).size).toBe(r.textRemovedWhileScrolling!.length);
  });

  it("flags such a feed whose posts are also in the page as data for its script, which no visitor sees", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-virtual-feed.html?data&wide")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    expect(r.textRemovedWhileScrolling).toContain("Virtuellt inlägg 30: kommunen informerar om snöröjningen");
  });

  it("flags a feed that writes each next post into a row scrolled past, and keeps the words it wrote over", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-virtual-feed.html?recycle&wide")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    expect(r.text).not.toContain("Virtuellt inlägg 20:");
    expect(r.textRemovedWhileScrolling).toContain("Virtuellt inlägg 20: kommunen informerar om snöröjningen");
  });

  it("flags such a feed of short posts (\"God jul! #21\"), and keeps each post it took away", async () => {
    const r = await captureAccount(browser, options(server.at("capture/recycled-short.html?wide")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    expect(r.text).not.toContain("Val 2026 #36");
    for (const post of ["God jul! #21", "Val 2026 #36", "Sommarjobb #40"]) expect(r.textRemovedWhileScrolling, post).toContain(post);
    // A post removed whole keeps a space between its heading and its text.
    const whole = await captureAccount(browser, options(server.at("capture/recycled-short.html?whole=1&wide")));
    expect(whole.flags).toContain("content-removed-while-scrolling");
    expect(whole.textRemovedWhileScrolling).toContain("Inlägg 36 Val 2026");
    expect(whole.textRemovedWhileScrolling).not.toContain("Inlägg 1 God jul!");
  });

  it("keeps a post's short heading (\"Post 10\") the feed removes apart from its text, and not its buttons, icons or times", async () => {
    const r = await captureAccount(browser, options(server.at("capture/recycled-short.html?apart=1&wide")));
    expect(r.flags).toContain("content-removed-while-scrolling");
    const removed = r.textRemovedWhileScrolling!;
    // Taken back to the top, the feed shows posts 1 to 12 again: those past them are gone from it.
    expect(r.text).not.toContain("Post 13");
    for (const heading of ["Post 13", "Post 20", "Post 36", "Post 40"]) expect(removed, heading).toContain(heading);
    // Those on the page as it is taken are not listed.
    expect(r.text).toContain("Post 12");
    expect(removed.filter((t) => /^Post ([1-9]|1[0-2])$/.test(t))).toEqual([]);
    // The like buttons' labels ("Gilla 20", long enough to be kept before), the star and the times are no posts taken away.
    expect(removed.filter((t) => /Gilla|★|min$/.test(t))).toEqual([]);
  });

  it("takes a feed in a box of its own that draws only the rows near its view whole, each post where it stands", async () => {
    const r = await captureAccount(browser, options(server.at("capture/virtual-box.html")));
    // Grown to its content, the list draws every row for its new height.
    const posts = r.words.filter((w) => w.text === "Inlägg").map((w) => w.y);
    expect(posts.length).toBe(25);
    expect(posts.every((y, i) => i === 0 || y - posts[i - 1]! === 150)).toBe(true);
    expect(r.flags).toContain("box-expanded");
    expect(r.flags).not.toContain("content-removed-while-scrolling");
  });

  it("does not take text a page rewrites where the visitor is looking (a counter every 100 ms) for posts taken away", async () => {
    const r = await captureAccount(browser, options(server.at("capture/ticker-in-view.html")));
    expect(r.flags).not.toContain("content-removed-while-scrolling");
    expect(r.textRemovedWhileScrolling).toBeUndefined();
    expect(r.text).toContain("Vi är glada att du hittade hit");
    // Said instead: the words were changing when it was taken, and show a moment of them.
    expect(r.flags).toContain("text-still-changing");
  });
});

describe("pages with little on them", () => {
  it("captures a tall page with a few lines of text and much white space, not failing it as blank", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-sparse.html")));
    expect(r.text).toContain("Kontot har inga inlägg än");
    expect(r.text).toContain("Kontakt: kommunen@example.se");
    expect(r.pageHeight).toBeGreaterThan(4000);
  });

  it("takes a photo grid of CSS background pictures with almost no text as content, without waiting for more", async () => {
    const progress: string[] = [];
    const r = await captureAccount(browser, options(server.at("capture/unseen-background-grid.html"), { onProgress: (p) => progress.push(p) }));
    expect(progress.join("\n")).not.toContain("still empty");
    expect(r.text).toContain("Bilder");
    // The twelve 300 × 300 tiles are painted with their green picture, not left grey.
    expect(await countColour(r.slices, { r: 0, g: 170, b: 0 }, 12)).toBeGreaterThanOrEqual(12 * 300 * 300 * 0.9);
  });
});

describe("an app that draws its page on a canvas", () => {
  it("is recorded as drawn, and the record says its text cannot be searched", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-canvas.html")));
    expect(r.words).toHaveLength(0);
    expect(r.flags).toContain("no-searchable-text");
    // The red square the app draws after half a second is in the picture.
    expect(await countColour(r.slices, { r: 204, g: 0, b: 0 }, 12)).toBeGreaterThan(300 * 300 * 0.9);
  });

  it("a page with text is not flagged", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-background-grid.html")));
    expect(r.flags).not.toContain("no-searchable-text");
  });
});

describe("pages that skip drawing what is off screen", () => {
  it("draws and reads sections with content-visibility: auto, but leaves content-visibility: hidden hidden", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-content-visibility.html")));
    for (let i = 1; i <= 12; i++) expect(r.text.split("\n")).toContain(`Avsnitt ${i}`);
    expect(r.text).toContain("Sidans sista rad");
    expect(r.text).not.toContain("Dold flik");
    // Every section's 380 px coloured band is painted, the last one orange, none left blank.
    const width = r.pageWidth - 40;
    expect(await countColour(r.slices, { r: 0, g: 120, b: 255 }, 12)).toBeGreaterThanOrEqual(11 * width * 380 * 0.95);
    expect(await countColour(r.slices, { r: 255, g: 140, b: 0 }, 12)).toBeGreaterThanOrEqual(width * 380 * 0.95);
  });
});

describe("a box that opens by itself late", () => {
  it("a newsletter offer that opens as the page is scrolled back up is closed, as a person closes it, and not recorded over the page", async () => {
    const progress: string[] = [];
    const r = await captureAccount(browser, options(server.at("capture/unseen-newsletter-late.html"), { onProgress: (p) => progress.push(p) }));
    expect(progress.join("\n")).toContain("closed a box over the page");
    expect(r.flags).toContain("dialog-dismissed");
    expect(await countColour(r.slices, DIALOG_PINK, 12)).toBe(0);
    expect(r.text).not.toContain("Prenumerera");
    // The page under it, whole and not darkened: every post's words.
    for (let i = 1; i <= 14; i++) expect(r.text).toContain(`Nyhet ${i}:`);
  });

  it("a full-screen \"open it in the app\" page is turned down by staying on the web, as a visitor without the app does", async () => {
    for (const q of ["", "?as=button", "?say=en"]) {
      const r = await captureAccount(browser, options(server.at(`capture/unseen-app-interstitial.html${q}`)));
      expect(r.flags, q).toContain("dialog-dismissed");
      expect(r.flags, q).not.toContain("box-over-page");
      expect(await countColour(r.slices, DIALOG_PINK, 12), q).toBe(0);
      expect(r.text, q).not.toContain("Appen är bättre");
      for (let i = 1; i <= 6; i++) expect(r.text, q).toContain(`Inlägg ${i}`);
      expect(r.pageDialogs?.join(" "), q).toContain("Öppna i appen för att se alla inlägg");
    }
  });

  it("a small fixed newsletter offer shown halfway down is closed by its \"×\" named \"Stäng\" and quoted, as a dialog is", async () => {
    const offer = await captureAccount(browser, options(server.at("capture/unseen-small-boxes.html")));
    expect(offer.flags).toContain("dialog-dismissed");
    expect(offer.flags).not.toContain("box-over-page");
    expect(offer.pageDialogs?.join(" ")).toContain("Prenumerera på vårt nyhetsbrev");
    expect(await countColour(offer.slices, DIALOG_PINK, 12)).toBe(0);
  });

  it("a small fixed note left over the posts after a decline (\"Dina val har sparats\"), with nothing to close it, is flagged as lying over the page", async () => {
    const saved = await captureAccount(browser, options(server.at("capture/unseen-small-boxes.html?saved")));
    expect(saved.consent).toBe("declined");
    expect(saved.flags).toContain("box-over-page");
    // It is in the picture once, over the first screen, as a person sees it there.
    const pink = await countColour(saved.slices, DIALOG_PINK, 12);
    expect(pink).toBeGreaterThan(400 * 200);
    expect(pink).toBeLessThan(2 * 560 * 300);
  });

  it("a small prompt for notifications is turned down with its \"Nej tack\"; an important notice with a bare close is kept", async () => {
    const r = await captureAccount(browser, options(server.at("capture/unseen-notification-prompt.html")));
    expect(r.flags).toContain("dialog-dismissed");
    expect(r.text).not.toContain("Vill du få notiser");
    expect(await countColour(r.slices, DIALOG_PINK, 12)).toBe(0);
    expect(r.text).toContain("kokningsrekommendation för vattnet");
    expect(await countColour(r.slices, { r: 255, g: 200, b: 0 }, 12)).toBeGreaterThan(300 * 40);
  });

  it("one that opens while the page is being taken is closed, and the page taken again without it", async () => {
    const progress: string[] = [];
    const r = await captureAccount(browser, options(server.at("capture/unseen-newsletter-late.html?opens=while-taken"), { onProgress: (p) => progress.push(p) }));
    expect(progress.join("\n")).toContain("a box came over the page while it was being taken; taking it again");
    expect(r.flags).toContain("dialog-dismissed");
    expect(await countColour(r.slices, DIALOG_PINK, 12)).toBe(0);
    expect(r.text).not.toContain("Prenumerera");
    for (let i = 1; i <= 14; i++) expect(r.text).toContain(`Nyhet ${i}:`);
  });
});

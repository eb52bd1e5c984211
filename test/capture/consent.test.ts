import { describe, expect, it } from "vitest";
import { captureAccount, preflightAccount } from "../../src/capture/index.ts";
import { browserAndSite, countColour, options } from "./helpers.ts";
import { consentSv } from "../../src/record/metadata.ts";

const pages = browserAndSite();

const MAGENTA = { r: 255, g: 0, b: 200 };
const CYAN = { r: 0, g: 230, b: 230 };
const YELLOW = { r: 255, g: 220, b: 0 };

describe("consent dialogs", () => {
  it("declines optional cookies in a Facebook-like dialog, and the dialog is gone from the pixels", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-facebook.html")));
    expect(r.consent).toBe("declined");
    expect(r.text).toContain("Samtycke: avvisat");
    expect(r.text).toContain("Snöröjningen börjar i natt på Storgatan.");
    expect(r.text).not.toContain("Tillåt alla cookies");
    expect(r.flags).not.toContain("consent-not-dismissed");
    expect(await countColour(r.slices, MAGENTA)).toBe(0);
  });

  it("rejects all in a YouTube-like dialog inside an iframe", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-youtube.html")));
    expect(r.consent).toBe("declined");
    expect(r.text).toContain("Consent: rejected");
    expect(await countColour(r.slices, CYAN)).toBe(0);
  });

  it("records the answer to a banner in a frame of the page's own site that removes itself when answered", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-frame.html")));
    expect(r.consent).toBe("declined");
    expect(r.title).toContain("[reject]");
    expect(r.text).not.toContain("Vi använder cookies");
    // A frame that is itself the banner, with only "accept" and "choose" on its first layer.
    const layers = await captureAccount(pages.browser, options(pages.server.at("capture/consent-frame-layers.html")));
    expect(layers.consent).toBe("declined");
    expect(layers.title).toContain("[reject]");
  });

  it("answers the \"Är du säker?\" a decline asks in the same box, though it no longer names cookies, and a thank-you left after it is no dialog", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-step.html")));
    expect(r.text).toContain("Val nekat");
    expect(r.text).not.toContain("Är du säker");
    expect(r.consent).toBe("declined");
    expect(r.flags).not.toContain("consent-not-dismissed");
    expect(await countColour(r.slices, MAGENTA)).toBe(0);
    const thanks = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-step.html?thanks=1")));
    expect(thanks.text).toContain("Val nekat");
    expect(thanks.consent).toBe("declined");
    expect(thanks.flags).not.toContain("consent-not-dismissed");
  });

  it("answers a plain \"Ja\" to the \"Är du säker?\" a decline asks, and never a \"Ja\" to a question that asks to accept", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-yes.html")));
    expect(r.text).toContain("Kakor: nekade");
    expect(r.text).not.toContain("Är du säker");
    expect(r.consent).toBe("declined");
    expect(r.consentButton).toBe("Neka");
    expect(r.flags).not.toContain("consent-not-dismissed");
    const asks = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-yes.html?ask=accept")));
    expect(asks.text).toContain("Kakor: nekade");
    expect(asks.consent).toBe("declined");
  });

  it("answers the \"Är du säker?\" a decline asks with its no in other words (\"Nej, neka\" beside \"Ja, godkänn ändå\"), and never records declined while a no it cannot tell leaves the box over the page", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-no.html")));
    expect(r.text).toContain("Kakor: nekade");
    expect(r.text).not.toContain("Är du säker");
    expect(r.consent).toBe("declined");
    expect(r.flags).not.toContain("consent-not-dismissed");
    expect(await countColour(r.slices, YELLOW)).toBe(0);
    const open = await captureAccount(pages.browser, options(pages.server.at("capture/consent-sure-no.html?no=Tillbaka")));
    expect(open.text).toContain("Är du säker");
    expect(open.text).not.toContain("Kakor: nekade");
    expect(open.consent).toBe("not-dismissed");
    expect(open.flags).toContain("consent-not-dismissed");
    const preflight = await preflightAccount(pages.browser, options(pages.server.at("capture/consent-sure-no.html?no=Tillbaka")));
    expect(preflight.ok).toBe(false);
    expect(preflight.consent).toBe("not-dismissed");
  });

  it("answers the German \"Sind Sie sicher?\" a decline asks with its yes to declining (a plain \"Ja\" beside \"Nein, alle akzeptieren\", \"Ja, ablehnen\"), and never a \"Ja\" to \"Möchten Sie die Statistik doch zulassen?\"", async () => {
    for (const [query, button] of [["", "Ja"], ["?v=ablehnen", "Ja, ablehnen"]] as const) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-german-sure.html${query}`)));
      expect(r.text, query).toContain(`Auswahl: abgelehnt (${button})`);
      expect(r.text, query).not.toContain("Sind Sie sicher");
      expect(r.consent, query).toBe("declined");
      expect(r.flags, query).not.toContain("consent-not-dismissed");
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
    // Its "Ja" would allow what was declined: left unanswered, and said so, never pressed.
    const asks = await captureAccount(pages.browser, options(pages.server.at("capture/consent-german-sure.html?v=zulassen")));
    expect(asks.text).not.toContain("Auswahl: alle akzeptiert");
    expect(asks.text).toContain("Möchten Sie die Statistik doch");
    expect(asks.consent).toBe("not-dismissed");
  });

  it("declines by a link in the dialog's sentence in other words (\"avböja\", \"avvisa dem\", \"reject them here\") where the only button accepts, and never by the link to the cookie policy", async () => {
    for (const v of ["avboja", "dem", "en"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-decline-link-words.html?v=${v}`)));
      expect(r.text, v).toContain("Kakor: nekade");
      expect(r.text, v).not.toContain("Policyn öppnad");
      expect(r.consent, v).toBe("declined");
    }
  });

  it("opens the choices of a Danish dialog (\"Tilpas\" or \"Administrer\") and saves them off (\"Gem valg\", \"Bekræft valg\") rather than pressing \"Accepter alle\"", async () => {
    for (const page of ["capture/consent-danish-layers.html", "capture/consent-danish-layers.html?v=admin"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.text, page).toContain("Valg: statistik=nej markedsføring=nej");
      expect(r.consent, page).toBe("declined");
      expect(await countColour(r.slices, YELLOW), page).toBe(0);
    }
  });

  it("declines a Norwegian or Danish dialog by its only-necessary button (\"Bare nødvendige\", \"Kun nødvendige informasjonskapsler\", \"Tillad kun nødvendige\") rather than pressing \"Godta alle\" or \"Accepter alle\"", async () => {
    for (const page of ["capture/consent-only-necessary-nordic.html", "capture/consent-only-necessary-nordic.html?v=kun", "capture/consent-only-necessary-nordic.html?v=da"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.text, page).toContain("Valg: bare nødvendige");
      expect(r.consent, page).toBe("declined");
      expect(await countColour(r.slices, YELLOW), page).toBe(0);
    }
  });

  it("declines a German banner by its decline (\"Alle ablehnen\", \"Nur notwendige Cookies\", \"Nur erforderliche\", \"Ablehnen\", \"Nein, nur notwendige\", \"Nein, danke\"), never its \"Alle akzeptieren\" or \"Akzeptieren\", fixed, a dialog, in the page's flow, or naming only consent and data protection", async () => {
    const cases: Array<[string, string]> = [["", "Alle ablehnen"], ["?v=notwendig", "Nur notwendige Cookies"], ["?v=erforderlich", "Nur erforderliche"], ["?v=ablehnen", "Ablehnen"],
      ["?v=nein", "Nein, nur notwendige"], ["?v=danke", "Nein, danke"]];
    for (const [query, button] of cases) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-german.html${query}`)));
      expect(r.text, query).toContain(`Auswahl: abgelehnt (${button})`);
      expect(r.consent, query).toBe("declined");
      expect(r.consentButton, query).toBe(button);
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
  });

  it("declines the Danish and Norwegian dialogs whose no is \"Kun nødvendig\", \"Afvis alle cookies\", \"Bare nødvendig\" or nynorsk \"Berre naudsynte\" (its words say \"informasjonskapslar\", not \"cookies\"), never their accept", async () => {
    const cases: Array<[string, string]> = [["", "Kun nødvendig"], ["?v=afvis", "Afvis alle cookies"], ["?v=bare", "Bare nødvendig"], ["?v=nn", "Berre naudsynte"]];
    for (const [query, button] of cases) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-nordic-variants.html${query}`)));
      expect(r.text, query).toContain(`Valg: kun nødvendige (${button})`);
      expect(r.consent, query).toBe("declined");
      expect(r.consentButton, query).toBe(button);
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
  });

  it("declines a Norwegian or Danish banner in the page's flow that says what it uses (\"Vi bruker informasjonskapsler\", \"bruger\", \"benytter\", \"anvender\"), and one that names no cookie but consent or privacy (\"samtykke\", \"personvern\", \"privatliv\"), never their accept", async () => {
    const cases: Array<[string, string]> = [["", "Bare nødvendige"], ["?v=bruger", "Afvis alle"], ["?v=benytter", "Bare nødvendige"], ["?v=anvender", "Afvis alle"],
      ["?v=samtykke", "Avvis alle"], ["?v=personvern", "Bare nødvendige"], ["?v=privatliv", "Afvis"]];
    for (const [query, button] of cases) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-nordic-flow.html${query}`)));
      expect(r.text, query).toContain(`Valg: avvist (${button})`);
      expect(r.consent, query).toBe("declined");
      expect(r.consentButton, query).toBe(button);
      expect(r.flags, query).not.toContain("consent-not-dismissed");
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
  });

  it("opens the choices by a settings button that names declining (\"Inställningar eller avvisa\", German \"Einstellungen oder ablehnen\", Norwegian \"Innstillinger\") in a consent tool's frame from another site, and saves them off", async () => {
    for (const page of ["capture/consent-settings-or-reject.html", "capture/consent-settings-or-reject.html?lang=no", "capture/consent-settings-or-reject.html?lang=de"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.text, page).toContain("Val: statistik=nej marknadsföring=nej");
      expect(r.consent, page).toBe("declined");
    }
  });

  it("declines by a link in the dialog's sentence (\"… kan du neka här\") where the only button accepts", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-decline-link.html")));
    expect(r.text).toContain("Kakor: nekade");
    expect(r.consent).toBe("declined");
    expect(r.consentButton).toBe("neka här");
    // With the cookie word in it too: "neka kakor här" was passed over, and "Godkänn alla" pressed.
    for (const link of ["neka kakor här", "neka cookies här"]) {
      const w = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-decline-link.html?link=${encodeURIComponent(link)}`)));
      expect(w.consent, link).toBe("declined");
      expect(w.consentButton, link).toBe(link);
    }
  });

  it("records a cookie question asked with the browser's own question box, dismissed, as declined", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-confirm.html")));
    expect(r.text).toContain("Kakor nekade.");
    expect(r.consent).toBe("declined");
    expect(r.pageDialogs).toEqual(["Godkänner du kakor?"]);
  });

  it("chooses only necessary cookies in a Swedish banner", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-banner.html")));
    expect(r.consent).toBe("declined");
    expect(r.text).toContain("Kakor: nödvändiga");
    expect(await countColour(r.slices, YELLOW)).toBe(0);
  });

  it("uses the maintained rule set (a OneTrust-like banner whose reject button has an unusual label)", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-onetrust.html")));
    expect(r.consent).toBe("declined");
    // A dialog over the account's page, not a consent page of its own.
    expect(r.consentPage).toBeUndefined();
    expect(r.text).toContain("Val: nekat");
    expect(await countColour(r.slices, YELLOW)).toBe(0);
  });

  it("opens the detailed choices when the first layer only offers accept, and saves with optional cookies off", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-layered.html")));
    expect(r.consent).toBe("declined");
    expect(r.text).toContain("Val: statistik=nej marknadsföring=nej");
    expect(await countColour(r.slices, YELLOW)).toBe(0);
  });

  it("accepts as a last resort when accepting is the only way to close the dialog", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-accept-only.html")));
    expect(r.consent).toBe("accepted");
    expect(r.text).toContain("Kakor: accepterade");
    expect(await countColour(r.slices, YELLOW)).toBe(0);
    expect(r.consentButton).toMatch(/\S/);
  });

  it("accepts as the last resort when its decline does not close the dialog (a button that does nothing, a wall whose decline reloads the page without remembering), and says a decline was tried", async () => {
    for (const query of ["", "?reload=1"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-decline-stuck.html${query}`)));
      expect(r.consent, query).toBe("accepted");
      expect(r.flags, query).toContain("consent-decline-not-kept");
      expect(r.flags, query).not.toContain("consent-not-dismissed");
      expect(r.consentButton, query).toBe("Godkänn alla");
      expect(r.text, query).toContain("Kakor: accepterade");
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
  });

  it("does not accept where the decline closes the dialog only after a second or two (the answer sent to the consent tool's server first)", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-decline-stuck.html?slow=1")));
    expect(r.consent).toBe("declined");
    expect(r.flags).not.toContain("consent-decline-not-kept");
    expect(r.text).toContain("Kakor: avvisade");
  });

  it("declines a dialog the page opens 3 s in, in Swedish or English, in the page or in a shadow root, though the page alone is taken sooner", async () => {
    for (const query of ["", "?en", "?shadow", "?en&shadow"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-late-timer.html${query}`)));
      expect(r.consent, query).toBe("declined");
      expect(r.text, query).toContain("Kakor: avvisade");
      expect(await countColour(r.slices, YELLOW), query).toBe(0);
    }
  });

  it("waits for no timer on a page that sets none of its own: somarkiv's own waits in the page are not taken for the page's", async () => {
    const steps: string[] = [];
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-banner.html"), { onProgress: (s) => steps.push(s) }));
    expect(r.consent).toBe("declined");
    expect(steps.join("\n")).toContain("captured 1 band");
    expect(steps.join("\n")).not.toMatch(/set a timer that comes due/);
    // Nor for one the page sets later from a handler (a toast hidden after 3 s): no box opened as it starts.
    const later: string[] = [];
    await captureAccount(pages.browser, options(pages.server.at("capture/late-handler-timer.html"), { onProgress: (s) => later.push(s) }));
    expect(later.join("\n")).toContain("captured 1 band");
    expect(later.join("\n")).not.toMatch(/set a timer that comes due/);
  });

  it("records a dialog accepted as the only way to close it as accepted, though a second dialog after it was declined", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-accept-then-decline.html")));
    expect(r.text).toContain("Kakor: accepterade");
    expect(r.text).not.toContain("Våra partner använder också cookies.");
    expect(r.consent).toBe("accepted");
  });

  it("declines a dialog in North Sami (\"Hilggon buot\" beside \"Dohkkehan buot\"), and the dialog is gone from the record", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-north-sami.html")));
    expect(r.consent).toBe("declined");
    expect(r.consentButton).toBe("Hilggon buot");
    expect(r.text).toContain("Gáhkkošat: none");
    expect(r.text).not.toContain("Mii geavahit gáhkkošiid");
    expect(r.flags).not.toContain("consent-not-dismissed");
  });

  it("keeps the labels of a dialog's buttons in words somarkiv does not know (\"Zorbla alla\", \"Nix alla\"), and says them as it leaves it over the page", async () => {
    const steps: string[] = [];
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-unknown-words.html"), { onProgress: (s) => steps.push(s) }));
    expect(r.consent).toBe("not-dismissed");
    expect(r.flags).toContain("consent-not-dismissed");
    expect(r.text).toContain("Kekse: unanswered");
    // Only the buttons a visitor sees: a hidden one is no word the dialog showed.
    expect(r.consentButtonsSeen).toEqual(["Zorbla alla", "Nix alla"]);
    expect(steps.join("\n")).toContain('cookie dialog not closed: nothing worked; its buttons said: "Zorbla alla", "Nix alla"');
  });

  it("keeps the labels of a cookie box the consent look does not know, found only as a box over the page, the same way (at most six, each cut at 40 characters)", async () => {
    const steps: string[] = [];
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-unknown-box.html"), { onProgress: (s) => steps.push(s) }));
    expect(steps.join("\n")).toContain("no cookie dialog");
    expect(r.consent).toBe("not-dismissed");
    expect(r.flags).toContain("consent-not-dismissed");
    expect(r.flags).not.toContain("box-over-page");
    expect(r.consentButtonsSeen).toEqual(["Zorbla alla", "Nix alla", "Flumba info om wi mache mit dat cookies…", "Ein", "Twa", "Drei"]);
    expect(steps.join("\n")).toContain('its buttons said: "Zorbla alla", "Nix alla", "Flumba info om wi mache mit dat cookies…", "Ein", "Twa", "Drei"); it is in the picture');
  });

  it("records a dialog that could not be dismissed", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-stuck.html")));
    expect(r.consent).toBe("not-dismissed");
    expect(r.flags).toContain("consent-not-dismissed");
  });

  it("reports a page without a consent dialog as none-found", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/simple.html")));
    expect(r.consent).toBe("none-found");
  });

  it("presses nothing in a platform's footer of links that names \"Cookies\" and \"Inställningar\", and never leaves the page", async () => {
    for (const page of ["capture/footer-links.html", "capture/footer-links.html?hash=1"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.finalUrl, page).toBe(pages.server.at(page));
      expect(r.consent, page).toBe("none-found");
      expect(r.flags, page).not.toContain("consent-not-dismissed");
      expect(r.text, page).toContain("Julmarknad på torget lördag den 12 december.");
    }
  });

  it("takes a site's footer that says it uses cookies beside a \"Cookieinställningar\" for no dialog, as <footer> or as a div named so", async () => {
    for (const page of ["capture/footer-cookie-settings.html", "capture/footer-cookie-settings.html?div"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.consent, page).toBe("none-found");
      expect(r.flags, page).not.toContain("consent-not-dismissed");
      expect(r.consentButtonsSeen, page).toBeUndefined();
      expect(r.text, page).toContain("Julmarknad på torget lördag den 12 december.");
      expect(r.text, page).toContain("Vi använder kakor (cookies) för att webbplatsen ska fungera");
    }
  });

  it("presses nothing on a short account page whose posts bake cookies and \"pepparkakor\", or say \"Vi använder kakor\" of a bakery's, and takes it as the account's page", async () => {
    for (const page of ["capture/cookies-in-posts-sv.html", "capture/cookies-in-posts-sv.html?words=plain"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.consent, page).toBe("none-found");
      expect(r.consentButton, page).toBeUndefined();
      expect(r.consentPage, page).toBeUndefined();
      expect(r.text, page).toContain("Svara på inbjudan:");
      expect(r.text, page).not.toContain("FEL:");
      expect(r.text, page).toContain("På torsdag blir det");
    }
  });

  it("accepts a pay-or-accept wall a decline leads to (\"Godkänn eller prenumerera\"), as the last resort, and says so, where the wall was filed as the account's page; and the wall opened at once, with or without \"Logga in\" for subscribers", async () => {
    for (const q of ["", "?login=1"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/pay-or-accept.html${q}`)));
      expect(r.consent, q).toBe("accepted");
      expect(r.flags, q).toContain("consent-decline-walled");
      expect(r.consentButton, q).toBe("Godkänn och fortsätt");
      expect(r.text, q).toContain("Inlägg 3 på bloggen");
      expect(r.text, q).not.toContain("Godkänn eller prenumerera");
      expect(await countColour(r.slices, MAGENTA), q).toBe(0);
      const wall = await captureAccount(pages.browser, options(pages.server.at(`capture/pay-or-accept-wall.html${q}`)));
      expect(wall.consent, q).toBe("accepted");
      expect(wall.flags, q).not.toContain("consent-decline-walled");
      expect(wall.consentPage, q).toBe(true);
      expect(wall.text, q).toContain("Inlägg 3 på bloggen");
    }
  });

  it("accepts a pay-or-accept dialog a decline opens over the same page, and says the decline came first, not that none was found", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/pay-or-accept-dialog.html")));
    expect(r.title).toBe("Nyheter [none, all]");
    expect(r.consent).toBe("accepted");
    expect(r.flags).toContain("consent-decline-walled");
    expect(r.consentButton).toBe("Godkänn och fortsätt");
    expect(r.text).toContain("Vägarbetet på Storgatan är klart.");
    expect(r.text).not.toContain("Godkänn eller prenumerera");
  });

  it("sets each category given as a pair of radio buttons (\"Av\" / \"På\") to its no before confirming, where \"Bekräfta\" with them left at \"På\" was recorded as declined", async () => {
    for (const q of ["", "?words=ja"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(`capture/consent-radio-layer.html${q}`)));
      expect(r.title, q).toBe("Kanalen [ads=off st=off]");
      expect(r.consent, q).toBe("declined");
      expect(r.consentButton, q).toBe("Bekräfta");
      expect(await countColour(r.slices, MAGENTA), q).toBe(0);
    }
  });

  it("declines in a preferences layer opened beside the first in the same backdrop, whose words name no cookies, by its \"Neka alla\"", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-prefs-beside.html")));
    expect(r.title).toBe("Sidan [disagree-all]");
    expect(r.consent).toBe("declined");
    expect(r.consentButton).toBe("Neka alla");
    expect(await countColour(r.slices, MAGENTA)).toBe(0);
  });

  it("switches off every category whose switch is a label for a hidden checkbox, and saves them off", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-label-switches.html")));
    expect(r.title).toBe("Sidan [save g2=0 g3=0 g4=0]");
    expect(r.consent).toBe("declined");
    expect(r.consentButton).toBe("Bekräfta mina val");
    expect(r.text).toContain("Biblioteket har nya öppettider från måndag.");
    expect(await countColour(r.slices, MAGENTA)).toBe(0);
  });

  it("says, of a dialog accepted whose more choices were a link to a page of their own, that a no may lie there, not that none was found; a footer's settings link is no such thing", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/consent-choices-link.html")));
    expect(r.title).toBe("Kanalen [all]");
    expect(r.finalUrl).toBe(pages.server.at("capture/consent-choices-link.html"));
    expect(r.consent).toBe("accepted");
    expect(r.flags).toContain("consent-choices-elsewhere");
    expect(consentSv(r.consent, r.consentButton, r.flags)).toBe("Cookie-dialogen stängdes genom att godkänna (knappen ”Godkänn alla”); dess fler val låg bakom en länk till en annan sida, som somarkiv inte följer, så ett sätt att avvisa kan ha funnits där");
    const footer = await captureAccount(pages.browser, options(pages.server.at("capture/consent-choices-link.html?footer=1")));
    expect(footer.consent).toBe("accepted");
    expect(footer.flags).not.toContain("consent-choices-elsewhere");
  });

  it("does not press a \"Neka\" button that belongs to the page's content", async () => {
    const r = await captureAccount(pages.browser, options(pages.server.at("capture/poll-neka.html")));
    expect(r.consent).toBe("none-found");
    expect(r.text).toContain("Ska kommunen bygga en ny badplats vid älven?");
    expect(r.text).not.toContain("Röst: nej");
  });

  it("presses nothing on a Norwegian account page without a dialog whose own words say \"bruker\", \"samtykke\" and \"personvern\" beside its buttons (\"Nei takk\", \"OK\"), long or short", async () => {
    for (const page of ["capture/nordic-consent-words-in-posts.html", "capture/nordic-consent-words-in-posts.html?short"]) {
      const r = await captureAccount(pages.browser, options(pages.server.at(page)));
      expect(r.consent, page).toBe("none-found");
      expect(r.consentButton, page).toBeUndefined();
      expect(r.flags, page).not.toContain("consent-not-dismissed");
      expect(r.text, page).toContain("Vil du få varsler når kommunen legger ut noe nytt?");
      expect(r.text, page).not.toContain("Varsler: nei");
      expect(r.text, page).not.toContain("Svar: OK");
      expect(r.text, page).toContain("Skolene bruker samtykke fra foresatte");
    }
  });

  it("preflight reports a consent dialog that cannot be dismissed, and passes a good page", async () => {
    const bad = await preflightAccount(pages.browser, options(pages.server.at("capture/consent-stuck.html")));
    expect(bad.ok).toBe(false);
    expect(bad.consent).toBe("not-dismissed");
    expect(bad.problems.join(" ")).toMatch(/consent dialog/);
    const good = await preflightAccount(pages.browser, options(pages.server.at("capture/consent-facebook.html")));
    expect(good).toMatchObject({ ok: true, consent: "declined", problems: [] });
  });
});

import { describe, expect, it } from "vitest";
import {
  acceptRank,
  announcedMove,
  movesBySelf,
  looksLikeBotCheck,
  captureHeight,
  classifyNavigationError,
  consentOutcome,
  confirmsDecline,
  declineRank,
  settingsRank,
  labelKey,
  browserSignIn,
  httpErrorMessage,
  retryAfterSaid,
  forAccount,
  asShownAdvice,
  notAPageMessage,
  notFoundNotice,
  regionBlockedNotice,
  siteErrorNotice,
  offlineNotice,
  isBlank,
  contentNeverCame,
  isCapturableUrl,
  isLoginWall,
  laterConsent,
  consentNotKept,
  ruleAnsweredOnItsOwnPage,
  planBands,
  ACCEPT_TEXTS,
  CLOSE_TEXTS,
  DECLINE_TEXTS,
  SAVE_TEXTS,
  SETTINGS_TEXTS,
  languageTag,
} from "../../src/capture/decisions.ts";
import { CaptureFailure, findChromium, findChromiums, withoutControls, withoutPassword } from "../../src/capture/index.ts";

describe("planBands", () => {
  it("covers the page with bands that follow each other exactly", () => {
    for (const h of [1, 900, 7999, 8000, 8001, 25_000, 123_457]) {
      const bands = planBands(h);
      let top = 0;
      for (const b of bands) {
        expect(b.top).toBe(top);
        expect(b.height).toBeGreaterThan(0);
        expect(b.height).toBeLessThanOrEqual(8000);
        top += b.height;
      }
      expect(top).toBe(h);
    }
  });
  it("cuts the page at the maximum height and says so", () => {
    expect(captureHeight(40_000, 30_000)).toEqual({ height: 30_000, truncated: true });
    expect(captureHeight(1200.4, 30_000)).toEqual({ height: 1201, truncated: false });
  });
});

describe("addresses and navigation errors", () => {
  it("accepts only http and https", () => {
    expect(isCapturableUrl("https://www.facebook.com/overkalixkommun")).toBe(true);
    expect(isCapturableUrl("http://127.0.0.1:8080/")).toBe(true);
    for (const u of ["file:///etc/passwd", "javascript:alert(1)", "ftp://x", "data:text/html,hi", "not a url"]) expect(isCapturableUrl(u)).toBe(false);
  });
  it("names Chromium's errors with stable reasons", () => {
    expect(classifyNavigationError("page.goto: net::ERR_TOO_MANY_REDIRECTS at http://x/", "http://x/").reason).toBe("redirect-loop");
    expect(classifyNavigationError("page.goto: net::ERR_CONNECTION_REFUSED at http://x/", "http://x/").reason).toBe("network-error");
    const dns = classifyNavigationError("page.goto: net::ERR_NAME_NOT_RESOLVED at http://x/", "http://x/");
    expect(dns.reason).toBe("network-error");
    expect(dns.message).toContain("DNS");
    expect(classifyNavigationError("page.goto: Timeout 5000ms exceeded.", "http://x/").reason).toBe("timeout");
    // A certificate problem is the site's to mend (or the clock's), not the network's.
    const expired = classifyNavigationError("page.goto: net::ERR_CERT_DATE_INVALID at https://x/", "https://x/");
    expect(expired.message).toContain("its security certificate has expired or is not valid yet (check this machine's clock too) (ERR_CERT_DATE_INVALID)");
    expect(expired.message).not.toContain("network access");
    expect(classifyNavigationError("page.goto: net::ERR_CERT_COMMON_NAME_INVALID at https://x/", "https://x/").message).toContain("made out for another address");
    expect(classifyNavigationError("page.goto: net::ERR_SSL_PROTOCOL_ERROR at https://x/", "https://x/").message).toContain("the secure connection could not be set up");
    expect(classifyNavigationError("Target crashed", "http://x/").reason).toBe("browser-error");
    // A port browsers refuse is the address's fault: not the network's, and no later try opens it.
    const unsafe = classifyNavigationError("page.goto: net::ERR_UNSAFE_PORT at http://x:6000/", "http://x:6000/");
    expect(unsafe.reason).toBe("unsupported-url");
    expect(unsafe.message).toBe("The browser does not open http://x:6000/: port 6000 is kept for other services, and browsers refuse it, as a person's would. Check the account's address in the configuration; a web page is on the usual port (no port in the address) or on one such as 8080.");
  });
});

describe("login walls", () => {
  const base = { requestedUrl: "https://www.instagram.com/overkalix/", passwordFieldVisible: false, textOutsideForms: 5000 };
  it("is a redirect to a login address", () => {
    expect(isLoginWall({ ...base, finalUrl: "https://www.instagram.com/accounts/login/?next=/overkalix/" })).toBe(true);
    expect(isLoginWall({ ...base, finalUrl: "https://www.facebook.com/login.php?next=x" })).toBe(true);
    // LinkedIn sends visitors who are not signed in to its "authwall", X to its login flow.
    expect(isLoginWall({ ...base, requestedUrl: "https://www.linkedin.com/company/overkalix-kommun/", finalUrl: "https://www.linkedin.com/authwall?trk=gf&sessionRedirect=x" })).toBe(true);
    expect(isLoginWall({ ...base, requestedUrl: "https://x.com/overkalix", finalUrl: "https://x.com/i/flow/login?redirect_after_login=%2Foverkalix" })).toBe(true);
  });
  it("is a password form with little else", () => {
    expect(isLoginWall({ ...base, finalUrl: base.requestedUrl, passwordFieldVisible: true, textOutsideForms: 80 })).toBe(true);
  });
  it("is not the account page with a login box in a corner, or a page that moved elsewhere", () => {
    expect(isLoginWall({ ...base, finalUrl: base.requestedUrl, passwordFieldVisible: true, textOutsideForms: 3000 })).toBe(false);
    expect(isLoginWall({ ...base, finalUrl: "https://www.instagram.com/overkalix_kommun/" })).toBe(false);
    expect(isLoginWall({ ...base, finalUrl: "https://www.blogin.se/" })).toBe(false);
  });
});

describe("blank snapshots", () => {
  it("one colour is blank, even with some text", () => {
    expect(isBlank({ dominantShare: 0.999, wordCount: 3 })).toBe(true);
  });
  it("a spinner with no text is blank; a picture-only page is not", () => {
    expect(isBlank({ dominantShare: 0.99, wordCount: 0 })).toBe(true);
    expect(isBlank({ dominantShare: 0.4, wordCount: 0 })).toBe(false);
  });
  it("a few words on a page of one colour are blank when they say it is loading, and a page when they say anything else", () => {
    expect(isBlank({ dominantShare: 0.999, wordCount: 1, text: "Laddar…" })).toBe(true);
    expect(isBlank({ dominantShare: 0.99, wordCount: 2, text: "Loading content" })).toBe(true);
    expect(isBlank({ dominantShare: 0.99, wordCount: 1, text: "…" })).toBe(true);
    expect(isBlank({ dominantShare: 0.999, wordCount: 2, text: "Sent sida" })).toBe(false);
    expect(isBlank({ dominantShare: 0.999, wordCount: 3, text: "Sidan är stängd" })).toBe(false);
  });
  it("a page still loading with nothing of its content beside its shell is no record; one with its posts is", () => {
    const column = { stillLoading: true, placeFound: true, placeShare: 0.47, mainRegion: false };
    // A side panel's line of description and its sign-in links beside a column of only a spinner.
    expect(contentNeverCame({ ...column, contentWords: 11 })).toBe(true);
    // A header alone (the shell's words are not counted) and a small spinner where the feed should be.
    expect(contentNeverCame({ ...column, placeShare: 0.002, contentWords: 0 })).toBe(true);
    // A shell's worth of panels beside an empty feed column, or an empty main region.
    expect(contentNeverCame({ ...column, contentWords: 120 })).toBe(true);
    expect(contentNeverCame({ ...column, placeShare: 0.1, mainRegion: true, contentWords: 120 })).toBe(true);
    // Posts beside an empty column, or beside a side panel's spinner.
    expect(contentNeverCame({ ...column, contentWords: 200 })).toBe(false);
    expect(contentNeverCame({ ...column, placeShare: 0.12, contentWords: 60 })).toBe(false);
    // The spinner went after the wait (the feed came), or the page never said it was loading.
    expect(contentNeverCame({ ...column, placeFound: false, contentWords: 0 })).toBe(false);
    expect(contentNeverCame({ ...column, stillLoading: false, contentWords: 0 })).toBe(false);
    // The feed is an embedded wall: its frame's words count, and a frame showing posts or a photo over a tenth of the window is content.
    expect(contentNeverCame({ ...column, placeShare: 0.002, contentWords: 0, frameWords: 200, frameShare: 0.6 })).toBe(false);
    expect(contentNeverCame({ ...column, placeShare: 0.002, contentWords: 0, frameWords: 30, frameShare: 0.05 })).toBe(false);
    expect(contentNeverCame({ ...column, placeShare: 0.002, contentWords: 0, frameWords: 0, frameShare: 0.4 })).toBe(false);
    // An advertisement's frame beside a spinner is not.
    expect(contentNeverCame({ ...column, placeShare: 0.002, contentWords: 0, frameWords: 4, frameShare: 0.06 })).toBe(true);
  });
  it("a normal page is not blank", () => {
    expect(isBlank({ dominantShare: 0.85, wordCount: 200 })).toBe(false);
    expect(isBlank({ dominantShare: 0.98, wordCount: 2 })).toBe(true);
    expect(isBlank({ dominantShare: 0.96, wordCount: 40 })).toBe(false);
  });
  it("a page drawn on a canvas is judged by its pixels: a few lines on a plain ground are content, a spinner is not", () => {
    expect(isBlank({ dominantShare: 0.98, wordCount: 0, canvasShare: 1 })).toBe(false);
    expect(isBlank({ dominantShare: 0.998, wordCount: 0, canvasShare: 1 })).toBe(true);
    // A small canvas (a chart, a logo) does not make a page of no words a drawn page.
    expect(isBlank({ dominantShare: 0.98, wordCount: 0, canvasShare: 0.1 })).toBe(true);
  });
  it("a tall page with a few lines of text and much empty space is not blank", () => {
    expect(isBlank({ dominantShare: 0.9993, wordCount: 8 })).toBe(false);
  });
});

describe("an answer that is not a page", () => {
  it("is a feed, data or a picture by its content type; pages (SVG too) and unknown types are not", () => {
    expect(notAPageMessage("application/rss+xml", "https://x/feed")).toMatch(/gives a news feed \(application\/rss\+xml\), not a web page/);
    expect(notAPageMessage("application/json; charset=utf-8", "https://x/api")).toMatch(/data for programs \(application\/json\)/);
    expect(notAPageMessage("application/ld+json", "https://x/api")).not.toBeNull();
    expect(notAPageMessage("text/xml", "https://x/a.xml")).not.toBeNull();
    expect(notAPageMessage("image/png", "https://x/profile.png")).toMatch(/gives a picture \(image\/png\), not a web page/);
    expect(notAPageMessage("image/jpeg; charset=binary", "https://x/a.jpg")).not.toBeNull();
    for (const page of ["text/html; charset=utf-8", "application/xhtml+xml", "image/svg+xml", "", undefined]) {
      expect(notAPageMessage(page, "https://x/")).toBeNull();
    }
  });
});

describe("a platform's notice that the account is not there", () => {
  it("is found on a short page, in the page's own words, curly apostrophes and all", () => {
    expect(notFoundNotice("facebook Logga in\nDet här innehållet är inte tillgängligt just nu\nDet beror oftast på …")).toBe("Det här innehållet är inte tillgängligt");
    expect(notFoundNotice("Hmm…this page doesn’t exist. Try searching for something else.")).toBe("this page doesn't exist");
    expect(notFoundNotice("Sorry, this page isn't available.\nThe link you followed may be broken.")).toBe("Sorry, this page isn't available");
    expect(notFoundNotice("This account doesn’t exist\nTry searching for another.")).toBe("This account doesn't exist");
    expect(notFoundNotice("Sorry, we couldn’t find that page\nTry searching Vimeo")).toBe("Sorry, we couldn't find that page");
    expect(notFoundNotice("Account suspended\nX suspends accounts which violate the X Rules.")).toBe("Account suspended");
    expect(notFoundNotice("Det här kontot har stängts av")).toBe("Det här kontot har stängts av");
    // In Swedish, as the platforms answer a browser set to Swedish (Instagram, Bluesky).
    expect(notFoundNotice("Instagram\nSidan är tyvärr inte tillgänglig.\nLänken du följde kan vara felaktig eller så kan sidan ha tagits bort.")).toBe("Sidan är tyvärr inte tillgänglig");
    expect(notFoundNotice("Fel\nProfilen hittades inte\nGå tillbaka")).toBe("Profilen hittades inte");
    expect(notFoundNotice("@overkalix\nKontot finns inte\nProva att söka efter ett annat.")).toBe("Kontot finns inte");
  });
  it("is not a notice that the account is held back in the visitor's country, which is told apart in its own words", () => {
    const facebook = "facebook Logga in\nDet här innehållet är inte tillgängligt i ditt land eller din region\nPå grund av lokala lagar har åtkomsten begränsats.";
    expect(notFoundNotice(facebook)).toBeNull();
    expect(regionBlockedNotice(facebook)).toBe("Det här innehållet är inte tillgängligt i ditt land eller din region");
    const x = "X\nProvkommun\n@provkommun\n@provkommun’s account is withheld in SE in response to a legal demand. Learn more.";
    expect(regionBlockedNotice(x)).toBe("@provkommun's account is withheld in SE in response to a legal demand");
    expect(regionBlockedNotice("This video is not available in your country")).toBe("This video is not available in your country");
    // Not in a feed that speaks of such blocks, nor on any other page.
    expect(regionBlockedNotice("Kommunen informerar. ".repeat(80) + "Appen är inte tillgänglig i ditt land ännu, skrev någon.")).toBeNull();
    expect(regionBlockedNotice("Sidan är tyvärr inte tillgänglig.")).toBeNull();
  });
  it("is not found in a page of content, which may quote such words, nor in an ordinary short page", () => {
    const feed = "Kommunen informerar. ".repeat(60) + "Sidan finns inte längre kvar, skrev någon i en kommentar.";
    expect(notFoundNotice(feed)).toBeNull();
    expect(notFoundNotice("Välkommen till Överkalix kommun på Facebook. Här finns nyheter om skola och omsorg.")).toBeNull();
    expect(notFoundNotice("")).toBeNull();
    // Words any site may use count in the title, or on a page of little more than them.
    const sparse = "Kommunen informerar om snöröjningen i vinter. ".repeat(8) + "Sidan finns inte längre kvar, skrev någon.";
    expect(notFoundNotice(sparse)).toBeNull();
    expect(notFoundNotice(sparse, "Sidan hittades inte – Kommunen")).toBe("Sidan hittades inte");
    expect(notFoundNotice("404 Page not found. Back to the start page.")).toBe("Page not found");
  });
  it("is not words a post quotes or tells of on a short page, which are no notice of the platform's", () => {
    const posts = "Överkalix kommun\nInlägg 1: Vägarbeten på Storgatan i vecka 50.\n";
    expect(notFoundNotice(`${posts}Invånare: När jag klickade på länken stod det bara "Det här innehållet är inte tillgängligt just nu". Kan ni lägga upp den igen?`)).toBeNull();
    expect(notFoundNotice(`${posts}Appen svarade «This account doesn't exist» i går.`)).toBeNull();
    expect(notFoundNotice(`${posts}När jag klickade på länken i förra inlägget stod det bara att det här innehållet är inte tillgängligt just nu, så kan ni lägga upp den igen?`)).toBeNull();
    expect(siteErrorNotice(`${posts}Min telefon visade ”Something went wrong. Try reloading.” hela morgonen.`)).toBeNull();
    expect(regionBlockedNotice(`${posts}Någon skrev att videon var "inte tillgänglig i ditt land" men det stämmer inte, den visas i Sverige.`)).toBeNull();
    // Quoted from a few words before the platform's phrase, too.
    expect(regionBlockedNotice(`${posts}X visade ”account has been withheld in SE” för en annan kommun i dag.`)).toBeNull();
    expect(notFoundNotice(`${posts}Grannkommunen fick ”Hmm… this account doesn't exist” i går.`)).toBeNull();
    // The same words as a line of their own are the platform's notice.
    expect(notFoundNotice(`${posts.split("\n")[0]}\nDet här innehållet är inte tillgängligt just nu`)).toBe("Det här innehållet är inte tillgängligt");
  });
});

describe("consent choices", () => {
  it("knows decline and accept labels in Swedish and English, whatever the spacing and case", () => {
    expect(declineRank("Avvisa valfria   cookies")).not.toBeNull();
    expect(declineRank("Reject all")).not.toBeNull();
    expect(declineRank("Endast nödvändiga")).not.toBeNull();
    expect(declineRank("Tillåt alla cookies")).toBeNull();
    expect(acceptRank("Tillåt alla cookies")).not.toBeNull();
    expect(declineRank("Avvisa valfria cookies")!).toBeLessThan(declineRank("Avvisa")!);
  });
  it("matches a label with or without a last \"cookies\" or \"kakor\", and with symbols or punctuation at its ends", () => {
    for (const label of ["Neka icke-nödvändiga cookies", "Refuse non-essential cookies", "Avböj valfria kakor", "Only allow necessary cookies", "Endast obligatoriska kakor", "Acceptera endast obligatoriska cookies", "Endast grundläggande", "Använd nödvändiga kakor", "Neka alla cookies", "NEKA ALLA KAKOR", "✕ Neka alla", "Avvisa alla cookies.", "Avböj cookies", "Bara nödvändiga cookies", "Fortsätt utan att godkänna →", "Continue without accepting", "Only necessary cookies", "Deny all"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Godkänn alla cookies", "Acceptera alla kakor", "✓ Tillåt cookies", "Acceptera och stäng", "Jag accepterar!", "Använd gratis med annonser", "Use free of charge with ads"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
    // A bare no, as smaller sites ask "may we use cookies?": a decline, never taken for an accept.
    for (const label of ["Nej tack", "Nej, tack!", "Tillåt inte", "Jag godkänner inte", "Godkänn inte kakor", "Acceptera inte", "Jag accepterar inte", "Fortsätt utan kakor", "No thanks", "Don't allow cookies", "Continue without cookies"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    // Finnish, as sites in Tornedalen word it.
    for (const label of ["Hylkää kaikki", "Hylkää evästeet", "Vain välttämättömät evästeet", "Salli vain välttämättömät", "Kieltäydy", "Ei kiitos"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Kiellä kaikki", "Jatka hyväksymättä", "Hyväksy välttämättömät evästeet"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Hyväksy kaikki", "Hyväksy evästeet", "Salli kaikki", "Hyväksy ja jatka"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
    // North Sami and Lule Sami, as the Sámi pages of Norrbotten word them.
    for (const label of ["Hilggon buot", "Hilggo buot", "Hilggut", "Biehttalit", "Hilggon gáhkkošiid"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Dohkkehan buot", "Dohkket", "Dohkkeh buot", "Mån dádjadav"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
    // The order of strength holds: declining only the optional ones before a bare "Neka".
    expect(declineRank("Neka valfria cookies")!).toBeLessThan(declineRank("Neka cookies")!);
    expect(labelKey("  Avvisa   valfria\nKAKOR ")).toBe("avvisa valfria");
    // Nothing is made of a word that only ends like one.
    expect(declineRank("Nekad")).toBeNull();
  });
  it("takes a settings label that names declining for the way to the choices, never for a decline itself", () => {
    for (const label of ["Inställningar eller avvisa", "Inställningar eller neka", "Avvisa eller anpassa", "Manage options or reject", "Innstillinger", "Indstillinger", "Inställningar"]) {
      expect(settingsRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    // Only a decline beside the settings words makes one: accepting beside them is no way to the no.
    expect(settingsRank("Inställningar eller godkänn")).toBeNull();
    expect(settingsRank("Läs mer eller avvisa")).toBeNull();
  });
  it("takes a link in the dialog's sentence (\"neka här\") for the decline it names", () => {
    for (const label of ["neka här", "Avvisa här", "reject here", "avvis her"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    expect(declineRank("Läs mer här")).toBeNull();
    // Other words for it: the verb alone, in the infinitive, or with "dem", "them", "all" after it.
    for (const label of ["avböja", "avvisa dem", "neka dem här", "reject them here", "decline all here", "tacka nej", "neka kakor här", "neka cookies här", "reject cookies here", "avvisa alla kakor här"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    // Never the link to the policy beside it.
    for (const label of ["läsa mer", "Cookiepolicy", "Read more", "Läs mer om dem här"]) expect(declineRank(label), label).toBeNull();
  });
  it("takes a no before a decline (\"Nej, neka\" beside \"Ja, godkänn ändå\") for that decline, and a bare no for none", () => {
    for (const label of ["Nej, neka", "Nej neka", "Nej, avvisa", "Nej, avvisa alla", "No, reject all", "Nei, avvis"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Nej", "No", "Ja, godkänn ändå"]) expect(declineRank(label), label).toBeNull();
  });
  it("presses a plain yes after a decline only as the answer to a question that does not ask to accept", () => {
    expect(confirmsDecline("Ja", "Är du säker? Utan cookies blir sidan sämre.")).toBe(true);
    expect(confirmsDecline("Ja, fortsätt", "Är du säker på att du vill neka?")).toBe(true);
    expect(confirmsDecline("Yes", "Are you sure?")).toBe(true);
    // A yes that names accepting, or one to a question that asks to accept, tells the site yes.
    expect(confirmsDecline("Ja, godkänn", "Är du säker?")).toBe(false);
    expect(confirmsDecline("Ja", "Vill du godkänna cookies?")).toBe(false);
    expect(confirmsDecline("Ja", "Vill du tillåta kakor i stället? Sidan blir bättre då.")).toBe(false);
    expect(confirmsDecline("Ja", "Do you want to accept cookies?")).toBe(false);
    // No question, no confirmation: a "Ja" beside a statement answers nothing known.
    expect(confirmsDecline("Ja", "Dina val har sparats.")).toBe(false);
    expect(confirmsDecline("Tillbaka", "Är du säker?")).toBe(false);
  });
  it("knows the words Swedish consent platforms use to open the detailed choices and to save them", () => {
    const has = (list: string[], label: string) => list.map(labelKey).includes(labelKey(label));
    for (const label of ["Visa preferenser", "Individuella sekretessinställningar", "Kakinställningar", "Hantera mina val"]) expect(has(SETTINGS_TEXTS, label), label).toBe(true);
    for (const label of ["Spara preferenser", "Spara mina inställningar", "Spara tjänster"]) expect(has(SAVE_TEXTS, label), label).toBe(true);
    // And the Danish, Norwegian and English of Nordic consent tools.
    for (const label of ["Tilpas", "Tilpas valg", "Tilpass", "Indstillinger", "Administrer", "Anpassa", "Hantera", "Customize", "Manage"]) expect(settingsRank(label), label).not.toBeNull();
    for (const label of ["Gem valg", "Gem", "Bekræft valg"]) expect(has(SAVE_TEXTS, label), label).toBe(true);
    expect(acceptRank("Jag godkänner alla kakor")).not.toBeNull();
    // Neither is a way on: "Läs mer" opens a page about cookies.
    for (const label of ["Läs mer", "Mer information"]) expect(has(SETTINGS_TEXTS, label) || has(SAVE_TEXTS, label) || acceptRank(label) !== null || declineRank(label) !== null, label).toBe(false);
  });
  it("knows Google's consent message (\"Consent\", \"Do not consent\", \"Samtyck inte\") and the other platforms' English words", () => {
    for (const label of ["Do not consent", "Samtyck inte", "I do not agree", "Accept necessary", "Avvis alle"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Consent", "Samtyck", "I accept", "OK, got it", "Godta alle"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
  });
  it("knows the Norwegian and Danish only-necessary buttons as declines, with or without \"informasjonskapsler\" after them", () => {
    for (const label of ["Bare nødvendige", "Kun nødvendige", "Kun nødvendige informasjonskapsler", "Godta bare nødvendige", "Tillat kun nødvendige", "Tillad kun nødvendige", "Kun nødvendige cookies", "Avvis alle informasjonskapsler", "Nei takk", "Nej tak"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Godta alle informasjonskapsler", "Accepter alle"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
  });
  it("knows German banners' declines (\"Alle ablehnen\", \"Nur notwendige Cookies\", \"Nur erforderliche\", \"Ablehnen\") apart from their accepts (\"Alle akzeptieren\", \"Akzeptieren\")", () => {
    for (const label of ["Alle ablehnen", "Alle Cookies ablehnen", "Nur notwendige Cookies", "Nur notwendige Cookies akzeptieren", "Nur erforderliche", "Nur erforderliche Cookies", "Nur essenzielle Cookies", "Ablehnen", "Optionale Cookies ablehnen", "Nicht zustimmen", "Weiter ohne Einwilligung", "Nein danke"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Alle akzeptieren", "Akzeptieren", "Alle Cookies akzeptieren", "Zustimmen", "Alle zulassen"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
    for (const label of ["Einstellungen", "Cookie-Einstellungen", "Individuelle Datenschutzeinstellungen"]) expect(settingsRank(label), label).not.toBeNull();
  });
  it("answers the German \"Sind Sie sicher?\" after a decline with its yes to declining, never a yes to a German, Norwegian or Danish question that asks to allow", () => {
    for (const label of ["Ja, ablehnen", "Ja, alle ablehnen", "Ja, ich lehne ab"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    expect(confirmsDecline("Ja", "Sind Sie sicher? Ohne Statistik können wir die Seite nicht verbessern.")).toBe(true);
    expect(confirmsDecline("Ja, fortfahren", "Sind Sie sicher?")).toBe(true);
    expect(confirmsDecline("Ja, ich bin sicher", "Möchten Sie wirklich alle ablehnen?")).toBe(true);
    for (const question of ["Möchten Sie die Statistik doch zulassen?", "Möchten Sie Cookies akzeptieren?", "Wollen Sie doch zustimmen?", "Dürfen wir Cookies setzen? Erlauben Sie es?", "Geben Sie Ihre Einwilligung?",
      "Vil du godkjenne informasjonskapsler likevel?", "Vil du tillade cookies alligevel?", "Vil du gi samtykke?"]) {
      expect(confirmsDecline("Ja", question), question).toBe(false);
    }
    // "Nein, alle akzeptieren" beside it accepts: never a decline.
    expect(declineRank("Nein, alle akzeptieren")).toBeNull();
  });
  it("takes a German no before a decline (\"Nein, nur notwendige\", \"Nein, danke\") for that decline, and \"Einstellungen oder ablehnen\" for the way to the choices", () => {
    for (const label of ["Nein, nur notwendige", "Nein, nur notwendige Cookies", "Nein, alle ablehnen", "Nein, danke", "Nein danke", "Nein, ablehnen"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    for (const label of ["Nein", "Nein, weiter"]) expect(declineRank(label), label).toBeNull();
    for (const label of ["Einstellungen oder ablehnen", "Einstellungen oder alle ablehnen", "Ablehnen oder anpassen", "Cookie-Einstellungen oder ablehnen"]) {
      expect(settingsRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
    // Accepting beside the settings words is no way to the no.
    expect(settingsRank("Einstellungen oder akzeptieren")).toBeNull();
    expect(settingsRank("Mehr erfahren oder ablehnen")).toBeNull();
  });
  it("knows the Danish and Norwegian declines said in the singular, with \"cookies\" after them, or in nynorsk (\"Kun nødvendig\", \"Afvis alle cookies\", \"Bare nødvendig\", \"Berre naudsynte\")", () => {
    for (const label of ["Kun nødvendig", "Kun nødvendige cookies", "Afvis alle cookies", "Afvis alle", "Bare nødvendig", "Berre naudsynte", "Berre nødvendige", "Kun nødvendige informasjonskapslar", "Tillat berre naudsynte"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
  });
  it("knows the other Nordic ways of saying no (Nynorsk \"Berre nødvendige\", \"Avvis valgfrie\", \"Jeg godtar ikke\", Danish \"Brug kun nødvendige\", \"Accepter ikke\"), though several begin with an accept's word", () => {
    for (const label of ["Berre nødvendige", "Berre nødvendige informasjonskapslar", "Godta kun nødvendige", "Tillat bare nødvendige", "Bruk bare nødvendige", "Bruk kun nødvendige", "Accepter kun nødvendige", "Brug kun nødvendige cookies",
      "Avvis valgfrie", "Avslå valgfrie", "Afvis valgfrie", "Jeg godtar ikke", "Ikke godta", "Accepter ikke", "Tillad ikke"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
  });
  it("has no label in two lists: a word that declines is never pressed to accept, to save or to open the choices", () => {
    const lists = { ACCEPT_TEXTS, DECLINE_TEXTS, SAVE_TEXTS, SETTINGS_TEXTS, CLOSE_TEXTS };
    const seen = new Map<string, string>();
    for (const [name, list] of Object.entries(lists)) {
      for (const key of new Set(list.map(labelKey))) {
        expect(seen.get(key), `"${key}" in ${name}`).toBeUndefined();
        seen.set(key, name);
      }
    }
  });
  it("a dialog still visible is not dismissed, whatever was pressed", () => {
    expect(consentOutcome({ clicked: "declined", dialogStillVisible: true })).toBe("not-dismissed");
    expect(consentOutcome({ clicked: "accepted", dialogStillVisible: false })).toBe("accepted");
    expect(consentOutcome({ clicked: null, dialogStillVisible: false })).toBe("none-found");
  });
  it("knows \"reject non-essential\" as declining and an informing banner's \"Jag förstår\" as accepting", () => {
    expect(declineRank("Reject non-essential")).not.toBeNull();
    expect(declineRank("Avvisa icke-nödvändiga")).not.toBeNull();
    expect(acceptRank("Reject non-essential")).toBeNull();
    expect(acceptRank("Jag förstår")).not.toBeNull();
    expect(declineRank("Jag förstår")).toBeNull();
  });
  it("takes a dialog's \"Fortsätt till sidan\" for agreeing, and its \"Fortsätt utan att acceptera\", or the yes to \"Är du säker?\" after a decline, for declining", () => {
    for (const label of ["Fortsätt", "Fortsätt till sidan →", "Godkänn och fortsätt", "Accept and continue", "Continue"]) {
      expect(acceptRank(label), label).not.toBeNull();
      expect(declineRank(label), label).toBeNull();
    }
    for (const label of ["Fortsätt utan att acceptera", "Continue without accepting", "Ja, fortsätt utan", "Ja, avvisa alla", "Ja, jag är säker", "Yes, reject all"]) {
      expect(declineRank(label), label).not.toBeNull();
      expect(acceptRank(label), label).toBeNull();
    }
  });
  it("a second, later look at consent keeps the first outcome unless it found something", () => {
    expect(laterConsent("declined", "none-found")).toBe("declined");
    expect(laterConsent("none-found", "declined")).toBe("declined");
    expect(laterConsent("declined", "accepted")).toBe("accepted");
    expect(laterConsent("accepted", "declined")).toBe("accepted");
    expect(laterConsent("declined", "not-dismissed")).toBe("not-dismissed");
  });
  it("a consent page of its own still shown after the answer is not kept: at another address, or come anew; never a page that reloaded itself, nor a dialog over the page", () => {
    const at = { consent: "declined" as const, consentDocument: true, dialogOverPage: false, newDocumentSinceAnswer: false, requestedUrl: "https://www.youtube.com/@overkalix", reachedUrl: "https://consent.youtube.com/m?continue=x" };
    expect(consentNotKept(at)).toBe(true);
    expect(consentNotKept({ ...at, consent: "accepted" })).toBe(true);
    // At the account's own address, sent back to it by the answer's form.
    expect(consentNotKept({ ...at, reachedUrl: at.requestedUrl, newDocumentSinceAnswer: true })).toBe(true);
    // At the account's own address, the same document all along: a short page with a notice in it, said as before.
    expect(consentNotKept({ ...at, reachedUrl: `${at.requestedUrl}#top` })).toBe(false);
    // The account's page, though the answer reloaded it: no consent page.
    expect(consentNotKept({ ...at, consentDocument: false, newDocumentSinceAnswer: true })).toBe(false);
    // A dialog left over the page is the account's page, not-dismissed.
    expect(consentNotKept({ ...at, dialogOverPage: true })).toBe(false);
    // Nothing answered: no answer to keep.
    expect(consentNotKept({ ...at, consent: "none-found" })).toBe(false);
    expect(consentNotKept({ ...at, consent: "not-dismissed" })).toBe(false);
  });
  it("a question the rule set answered was on a consent page of its own where that page was left for another document at another address", () => {
    const asked = { askedAt: "https://consent.youtube.com/m?continue=https%3A%2F%2Fwww.youtube.com%2F%40overkalix", askedIn: "a1", nowAt: "https://www.youtube.com/@overkalix", nowIn: "b2" };
    expect(ruleAnsweredOnItsOwnPage(asked)).toBe(true);
    // Another path of the same site, in a new document.
    expect(ruleAnsweredOnItsOwnPage({ ...asked, askedAt: "https://example.se/consent", nowAt: "https://example.se/kommun" })).toBe(true);
    // A dialog whose answer reloads the page: a new document at the same address, its query or fragment aside.
    expect(ruleAnsweredOnItsOwnPage({ ...asked, askedAt: "https://www.instagram.com/kommun/", nowAt: "https://www.instagram.com/kommun/?hl=sv#x" })).toBe(false);
    // An app that changes its address as it draws: the same document.
    expect(ruleAnsweredOnItsOwnPage({ ...asked, askedAt: "https://x.com/kommun", nowAt: "https://x.com/kommun/with_replies", nowIn: "a1" })).toBe(false);
    // Not known in which document it was asked, or is now.
    expect(ruleAnsweredOnItsOwnPage({ ...asked, askedIn: undefined })).toBe(false);
    expect(ruleAnsweredOnItsOwnPage({ ...asked, nowIn: undefined })).toBe(false);
    expect(ruleAnsweredOnItsOwnPage({ ...asked, askedAt: "not an address" })).toBe(false);
  });
});

describe("findChromium", () => {
  it("uses the first browser found, and names what to install when there is none", () => {
    expect(findChromium("auto", (p) => p === "/usr/bin/google-chrome")).toBe("/usr/bin/google-chrome");
    expect(() => findChromium("auto", () => false)).toThrow(/apt-get install chromium/);
    expect(() => findChromium("/opt/nowhere/chrome", () => false)).toThrow(/capture\.browser/);
  });
  it("takes the headless shell for work without a window, and never for a visible browser", () => {
    const installed = new Set(["/usr/bin/chromium", "/usr/lib/chromium/chromium-headless-shell"]);
    expect(findChromium("auto", (p) => installed.has(p), true)).toBe("/usr/lib/chromium/chromium-headless-shell");
    expect(findChromium("auto", (p) => installed.has(p), false)).toBe("/usr/bin/chromium");
    expect(findChromium("auto", (p) => p === "/usr/bin/chromium", true)).toBe("/usr/bin/chromium");
    // A browser named in the configuration is used as it is, for both.
    expect(findChromium("/usr/bin/chromium", (p) => installed.has(p), true)).toBe("/usr/bin/chromium");
  });
  it("keeps the full browser to try after the headless shell, and nothing after a browser the configuration names", () => {
    const installed = new Set(["/usr/bin/chromium", "/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium-headless-shell"]);
    expect(findChromiums("auto", (p) => installed.has(p), true)).toEqual(["/usr/lib/chromium/chromium-headless-shell", "/usr/bin/chromium"]);
    expect(findChromiums("auto", (p) => installed.has(p), false)).toEqual(["/usr/bin/chromium"]);
    expect(findChromiums("auto", (p) => p === "/usr/bin/chromium-headless-shell", true)).toEqual(["/usr/bin/chromium-headless-shell"]);
    expect(findChromiums("/usr/bin/chromium", (p) => installed.has(p), true)).toEqual(["/usr/bin/chromium"]);
    expect(() => findChromiums("auto", (p) => p.includes("headless-shell"), false)).toThrow(/apt-get install chromium/);
  });
});

describe("movesBySelf", () => {
  it("is no move while the document marked before the wait is still the page", () => {
    expect(movesBySelf({ marked: true, sameAddress: true, documents: 0 })).toBe(0);
    expect(movesBySelf({ marked: true, sameAddress: false, documents: 0 })).toBe(0);
  });
  it("counts a move to another address once, also before its document has arrived", () => {
    expect(movesBySelf({ marked: false, sameAddress: false, documents: 0 })).toBe(1);
    expect(movesBySelf({ marked: false, sameAddress: false, documents: 1 })).toBe(1);
  });
  it("holds one reload of the same address as no move, as the page a cookie makes reload once", () => {
    expect(movesBySelf({ marked: false, sameAddress: true, documents: 1 })).toBe(0);
    expect(movesBySelf({ marked: false, sameAddress: true, documents: 0 })).toBe(0);
  });
  it("counts every document of a loop, also one back at its first address when looked at", () => {
    expect(movesBySelf({ marked: false, sameAddress: true, documents: 2 })).toBe(2);
    expect(movesBySelf({ marked: false, sameAddress: true, documents: 40 })).toBe(40);
    expect(movesBySelf({ marked: false, sameAddress: true, documents: 2 })).toBe(2);
    expect(movesBySelf({ marked: false, sameAddress: false, documents: 7 })).toBe(7);
  });
  it("counts a page whose look was cut off by its leaving the document as moving on, at the same address too", () => {
    expect(movesBySelf({ marked: null, sameAddress: true, documents: 0 })).toBe(1);
    expect(movesBySelf({ marked: null, sameAddress: false, documents: 0 })).toBe(1);
    expect(movesBySelf({ marked: null, sameAddress: true, documents: 3 })).toBe(3);
  });
});

describe("announcedMove", () => {
  const here = "https://example.se/konto";
  it("names the page a meta refresh sends the visitor to, in any of HTML's spellings", () => {
    expect(announcedMove(["3;url=/ny-sida"], here, here)).toBe("https://example.se/ny-sida");
    expect(announcedMove(["0; URL='https://www.example.se/konto?x=1'"], here, here)).toBe("https://www.example.se/konto?x=1");
    expect(announcedMove(['2, url="ny"'], "https://example.se/a/", here)).toBe("https://example.se/a/ny");
    expect(announcedMove(["5 url=/b"], here, here)).toBe("https://example.se/b");
  });

  it("is no move when the page only reloads itself, waits longer than a visitor would, or names no web page", () => {
    expect(announcedMove(["5"], here, here)).toBeNull();
    expect(announcedMove(["3;url=/konto"], here, here)).toBeNull();
    expect(announcedMove(["3;url=/konto#topp"], here, here)).toBeNull();
    expect(announcedMove(["600;url=/annan"], here, here)).toBeNull();
    expect(announcedMove(["1;url=javascript:alert(1)"], here, here)).toBeNull();
    expect(announcedMove(["nu;url=/annan"], here, here)).toBeNull();
    expect(announcedMove([], here, here)).toBeNull();
  });

  it("takes the first tag that moves", () => {
    expect(announcedMove(["10", "1;url=/ett", "2;url=/tva"], here, here)).toBe("https://example.se/ett");
  });
});

describe("looksLikeBotCheck", () => {
  it("knows Cloudflare's challenge by its header, and other checks by their page title", () => {
    expect(looksLikeBotCheck({ "cf-mitigated": "challenge" }, "")).toBe(true);
    expect(looksLikeBotCheck({}, "Just a moment...")).toBe(true);
    expect(looksLikeBotCheck({}, "Ett ögonblick – vi kontrollerar din webbläsare")).toBe(true);
    expect(looksLikeBotCheck({}, "Attention Required! | Cloudflare")).toBe(true);
  });

  it("takes a site's own refusal for what it is", () => {
    expect(looksLikeBotCheck({ server: "nginx" }, "403 Forbidden")).toBe(false);
    expect(looksLikeBotCheck({}, "Logga in på Facebook")).toBe(false);
  });

  it("knows a Swedish check by its title, and any check by a short page's words asking the visitor to prove they are a person", () => {
    expect(looksLikeBotCheck({}, "Säkerhetskontroll")).toBe(true);
    const asks = "Bekräfta att du är en människa\nVi har upptäckt ovanlig trafik från ditt nätverk. Slutför säkerhetskontrollen för att fortsätta.\nJag är inte en robot";
    expect(looksLikeBotCheck({}, "Överkalix kommun", asks)).toBe(true);
    expect(looksLikeBotCheck({}, "Överkalix kommun", "Please verify you are a human\nPress and hold")).toBe(true);
    // An account's page that mentions a robot, or a long page with a form's captcha far down, is the account's page.
    expect(looksLikeBotCheck({}, "Överkalix kommun", "Robotgräsklipparen är här! Kom och titta på torget.")).toBe(false);
    expect(looksLikeBotCheck({}, "Överkalix kommun", `${"Inlägg om snöröjning. ".repeat(80)}Kontaktformulär: jag är inte en robot`)).toBe(false);
    expect(looksLikeBotCheck({}, "Överkalix kommun", "")).toBe(false);
    expect(looksLikeBotCheck({}, "Logga in", "Logga in\nLösenord\nThis site is protected by reCAPTCHA and the Google Privacy Policy.")).toBe(false);
  });
});

describe("a platform's own error message instead of the page", () => {
  it("is found on a page of little text, in English and Swedish", () => {
    expect(siteErrorNotice("Överkalix kommun @overkalix\nSomething went wrong. Try reloading.\nRetry")).toBe("Something went wrong. Try reloading");
    expect(siteErrorNotice("Tyvärr, något gick fel.\nVi jobbar på att åtgärda det så snart som möjligt.")).toBe("Tyvärr, något gick fel");
    expect(siteErrorNotice("An error occurred. Please try again later. (Playback ID: x)")).toBe("An error occurred. Please try again later");
  });

  it("is not found in a feed that quotes the words, nor on an ordinary page", () => {
    const feed = `${"Inlägg om skolan och omsorgen i Överkalix. ".repeat(60)} Appen sa: Something went wrong. Try reloading.`;
    expect(siteErrorNotice(feed)).toBeNull();
    expect(siteErrorNotice("Välkommen till Överkalix kommun på X.")).toBeNull();
  });
});

describe("an app page that says it is offline instead of showing its posts", () => {
  it("is found on a page of little text, in Swedish and English", () => {
    expect(offlineNotice("Hälsingemo kommun\nDu är offline\nKontrollera din anslutning och försök igen.\nFörsök igen")).toBe("Du är offline");
    expect(offlineNotice("You\u2019re offline. Check your connection.\nRetry")).toBe("You're offline");
    expect(offlineNotice("Ingen internetanslutning\nFörsök igen")).toBe("Ingen internetanslutning");
  });

  it("is not found in a feed that tells of being offline, nor in a sentence about it", () => {
    const feed = `${"Inlägg om skolan och omsorgen i Hälsingemo. ".repeat(60)}\nDu är offline\nFörsök igen`;
    expect(offlineNotice(feed)).toBeNull();
    expect(offlineNotice("Under stormen i helgen var många hushåll i Hälsingemo utan el, och appen sa att du är offline i flera timmar.")).toBeNull();
  });
});

describe("httpErrorMessage", () => {
  const U = "https://www.facebook.com/kommun";
  it("says what the site's answer means and what to do, in plain words", () => {
    expect(forAccount(httpErrorMessage(404, U), "fb-kommun")).toBe(`Could not capture ${U}: the page does not exist (404). The account may have been renamed or removed: open the address in a browser, correct the account's url in the configuration if it has a new one, or mark the account closed (status: closed, with closedOn) if it is gone.`);
    expect(forAccount(httpErrorMessage(410, U), "fb-kommun")).toBe(`Could not capture ${U}: the site says the page is gone for good (410). The account has most likely been removed; check its address, and close it in the configuration if it is gone.`);
    expect(httpErrorMessage(403, U)).toContain("the site refused access (403). The account may need a login session");
    expect(httpErrorMessage(401, U)).toContain('sign in with "somarkiv login --account <id>"');
    expect(forAccount(httpErrorMessage(401, U), "fb-kommun")).toContain('sign in with "somarkiv login --account fb-kommun" and name');
  });

  it("says a password the browser itself is asked for (HTTP authentication) cannot be given, not to sign in with a session that cannot hold it", () => {
    expect(browserSignIn(401, 'Basic realm="Intranät"')).toBe("Basic");
    expect(browserSignIn(401, "Digest realm=\"x\", nonce=\"1\"")).toBe("Digest");
    expect(browserSignIn(401, "NTLM")).toBe("NTLM");
    // A page's own login answers 401 without such a box, or with a token scheme no browser asks a person for.
    expect(browserSignIn(401, undefined)).toBeNull();
    expect(browserSignIn(401, "Bearer")).toBeNull();
    expect(browserSignIn(403, "Basic realm=x")).toBeNull();
    const m = httpErrorMessage(401, U, false, null, "Basic");
    expect(m).toBe(`Could not capture ${U}: the site asks for a user name and password in the browser's own sign-in box (HTTP authentication, "Basic", 401), which somarkiv cannot give: a saved login session holds cookies, not such a password. An official account's page is public: check the account's address in the configuration; if the page really is behind such a password, take its snapshot by hand and send it to the registrar.`);
    expect(m).not.toContain("somarkiv login");
  });

  it("does not tell to mark closed an account that is closed already (its closing record asked for)", () => {
    expect(forAccount(httpErrorMessage(404, U), "fb-kommun", true)).toBe(`Could not capture ${U}: the page does not exist (404). The account may have been renamed or removed: open the address in a browser, correct the account's url in the configuration if it has a new one.`);
    expect(forAccount(httpErrorMessage(410, U), "fb-kommun", true)).toBe(`Could not capture ${U}: the site says the page is gone for good (410). The account has most likely been removed; check its address.`);
    expect(httpErrorMessage(429, U)).toContain("too many requests (429). Try again later");
    expect(httpErrorMessage(451, U)).toContain("withholds the page for legal reasons (451)");
    expect(httpErrorMessage(503, U)).toContain("the site had an error (503). Try again later");
    // Another refusal of the request itself points at the address.
    expect(httpErrorMessage(400, U)).toBe(`Could not capture ${U}: the site refused the request (400). Check the account's address in the configuration.`);
    expect(httpErrorMessage(405, U)).toContain("Check the account's address in the configuration");
  });

  it("says how long a site that is down or busy asked to be left alone (Retry-After), in seconds or as a date", () => {
    const now = Date.parse("2026-12-03T10:00:00Z");
    expect(retryAfterSaid("3600", now)).toBe("60 minutes");
    expect(retryAfterSaid("60", now)).toBe("60 seconds");
    expect(retryAfterSaid("30", now)).toBe("30 seconds");
    expect(retryAfterSaid("1", now)).toBe("1 second");
    expect(retryAfterSaid("90", now)).toBe("2 minutes");
    expect(retryAfterSaid("Thu, 03 Dec 2026 14:00:00 GMT", now)).toBe("4 hours");
    for (const nonsense of [undefined, "", "snart", "-5", "0", "Thu, 03 Dec 2025 14:00:00 GMT"]) expect(retryAfterSaid(nonsense, now), String(nonsense)).toBeNull();
    expect(httpErrorMessage(503, U, false, "60 minutes")).toBe(`Could not capture ${U}: the site had an error (503). Try again later; it asked to be left alone for 60 minutes.`);
    expect(httpErrorMessage(429, U, false, "4 hours")).toContain("too many requests (429). Try again later; it asked to be left alone for 4 hours.");
  });
});

describe("the page's language as the sheet gives it", () => {
  it("is the lang attribute's first word in the letters a tag has, so a page cannot write a line of its own on the sheet", () => {
    expect(languageTag(" fi-FI ")).toBe("fi-FI");
    expect(languageTag("sv_SE")).toBe("sv_SE");
    expect(languageTag("sv\nDiarienummer KS 2026/1")).toBe("sv");
    expect(languageTag("<b>sv</b>")).toBe("bsvb");
    expect(languageTag("")).toBe("");
  });
});

describe("an address with a password in it, as a page may lead to one", () => {
  it("keeps the user name and never the password, in an address or a message quoting one", () => {
    expect(withoutPassword("http://kalle:Hemligt99@127.0.0.1:44002/landing?token=abc")).toBe("http://kalle:***@127.0.0.1:44002/landing?token=abc");
    expect(withoutPassword("the page moved on to https://olle:Losen77@x.se/a; waiting for it")).toBe("the page moved on to https://olle:***@x.se/a; waiting for it");
    expect(withoutPassword("https://x.se/a?next=mailto:b@c.se and https://u@x.se/")).toBe("https://x.se/a?next=mailto:b@c.se and https://u@x.se/");
    const f = new CaptureFailure("http-error", "The page at https://a:b@x.se/ answered 404", { finalUrl: "https://a:b@x.se/" });
    expect(f.message).toBe("The page at https://a:***@x.se/ answered 404");
    expect(f.details.finalUrl).toBe("https://a:***@x.se/");
  });
});

describe("a page's own words in what the operator reads", () => {
  it("lose the terminal escapes, controls and direction marks a page may put in them; line breaks stay", () => {
    const said = "\u001b[2J\u001b[31mALLT ÄR OK\u001b[0m\r\n;\"=cmd|calc\"; inte tillgängligt i ditt land \u202Etxt.exe\u0007";
    expect(withoutControls(said)).toBe("ALLT ÄR OK\r\n;\"=cmd|calc\"; inte tillgängligt i ditt land txt.exe");
    expect(withoutControls("rad ett\rrad två\nrad tre\tslut")).toBe("rad ett rad två\nrad tre\tslut");
    // A capture's failure quotes the page: what it keeps (the log, the CSV, the terminal) is clean.
    expect(new CaptureFailure("region-blocked", `The page says ("${said}")`).message).toBe(`The page says ("${withoutControls(said)}")`);
  });
});

describe("asShownAdvice", () => {
  const filed = "file the page as it shows (its record sheet says that its content never came): somarkiv capture --account konto";
  it("is worded for what the failed capture was asked for, and its command carries it", () => {
    expect(asShownAdvice("konto")).toBe(`If it never does and the half-year needs a record of the account all the same, ${filed} --as-shown`);
    expect(asShownAdvice("konto", { period: "2026-H1" })).toBe(`If it never does and the half-year 2026-H1 needs a record of the account all the same, ${filed} --period 2026-H1 --as-shown`);
    expect(asShownAdvice("konto", { final: true })).toBe(`If it never does and the account needs its closing record all the same, ${filed} --final --as-shown`);
    expect(asShownAdvice("konto", { final: true, force: true, reason: "the dialog stayed" })).toBe(`If it never does and the account needs its closing record all the same, ${filed} --final --force --reason "the dialog stayed" --as-shown`);
    expect(asShownAdvice("konto", { force: true })).toBe(`If it never does and a new version of its snapshot is needed all the same, ${filed} --force --as-shown`);
    expect(asShownAdvice("konto", { reopen: true })).toBe(`If it never does and the half-year needs a record of the account all the same, ${filed} --reopen --as-shown`);
  });
});

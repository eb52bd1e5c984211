import { textFingerprint } from "../../src/register/text-fingerprint.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chromium, type Browser } from "playwright-core";
import sharp from "sharp";
import {
  takenFarEnoughApart,
  compareSnapshots, findPassiveAccounts, probablyPassiveSaid, detectPassive, FEW_WORDS_DIFFER, fingerprintDistance, IMAGE_DISTANCE_PASSIVE, TEXT_SIMILARITY_PASSIVE, normaliseSnapshotText, textSimilarity,
  type SnapshotFingerprint,
} from "../../src/register/index.ts";
import { imageFingerprint } from "../../src/register/fingerprint.ts";
import { startFixtureServer, type FixtureServer } from "../helpers/server.ts";

describe("snapshot text without dates, times and counters", () => {
  const same: [string, string][] = [
    ["Isvägen är öppen · 2 tim", "Isvägen är öppen · 3 dagar sedan"],
    ["Publicerat 12 juni 2026", "Publicerat 2 december 2026"],
    ["Publicerat 2026-06-12", "Publicerat 2026-12-02T08:15:00Z"],
    ["Möte kl. 14:05", "Möte kl. 09.30"],
    ["1 234 följare · följer 56", "1 301 följare · följer 58"],
    ["1,2 tn reaktioner", "1,5 tn reaktioner"],
    ["12K visningar", "1.3M visningar"],
    ["1 kommentar", "14 kommentarer"],
    ["igår · Offentligt", "för 2 veckor sedan · Offentligt"],
    ["Posted Jun 12, 2026 · 3 likes", "Posted Dec 2 · 1 like"],
    ["3w ago", "5 d"],
    ["måndag 14:05", "fredag 08:00"],
    ["Välkommen   till\n\n biblioteket", "välkommen till biblioteket"],
  ];
  for (const [a, b] of same) {
    it(`"${a}" ≈ "${b}"`, () => {
      expect(normaliseSnapshotText(a)).toEqual(normaliseSnapshotText(b));
      expect(textSimilarity(a, b)).toBe(1);
    });
  }

  it("keeps the words of posts, with å ä ö", () => {
    expect(normaliseSnapshotText("Nu är isvägen till Vänäsudden öppen! 2 tim")).toEqual(["nu", "är", "isvägen", "till", "vänäsudden", "öppen"]);
  });

  it("a new post lowers the similarity", () => {
    const base = "Isvägen är öppen för trafik. Kör försiktigt. Öppet hus på Tallbacka skola.";
    expect(textSimilarity(base, "Julmarknaden flyttas till lördag. " + base)).toBeLessThan(0.9);
  });
});

describe("image fingerprints", () => {
  async function png(draw: string, width = 400, height = 600): Promise<Buffer> {
    return sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/>${draw}</svg>`)).png().toBuffer();
  }

  it("is 256 bits in hex, the same for the same image and far apart for a different one", async () => {
    const a = await png(`<rect x="20" y="20" width="360" height="120" fill="#36c"/><circle cx="80" cy="300" r="60" fill="#c33"/>`);
    const b = await png(`<rect x="20" y="260" width="360" height="120" fill="#36c"/><circle cx="300" cy="120" r="60" fill="#c33"/>`);
    const fa = await imageFingerprint(a);
    expect(fa).toMatch(/^[0-9a-f]{64}$/);
    expect(await imageFingerprint(a)).toBe(fa);
    expect(fingerprintDistance(fa, fa)).toBe(0);
    expect(fingerprintDistance(fa, await imageFingerprint(b))).toBeGreaterThan(IMAGE_DISTANCE_PASSIVE);
  });

  it("looks only at the top of a long page", async () => {
    const top = `<rect x="20" y="20" width="360" height="200" fill="#36c"/>`;
    const a = await png(top + `<rect x="0" y="2000" width="400" height="300" fill="#000"/>`, 400, 3000);
    const b = await png(top + `<rect x="0" y="2000" width="400" height="300" fill="#f80"/>`, 400, 3000);
    expect(await imageFingerprint(a)).toBe(await imageFingerprint(b));
  });

  it("refuses a damaged image with a plain message", async () => {
    await expect(imageFingerprint(Buffer.from("not a png"))).rejects.toThrow(/could not be read.*capture the account again/);
  });

  it("refuses to compare fingerprints of different kinds", () => {
    expect(() => fingerprintDistance("00ff", "00ff00")).toThrow(/cannot be compared/);
  });
});

describe("passive accounts from real snapshots (Chromium)", () => {
  let browser: Browser;
  let server: FixtureServer;
  const shots: Record<string, SnapshotFingerprint> = {};

  beforeAll(async () => {
    server = await startFixtureServer();
    browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, locale: "sv-SE" });
    for (const [name, period] of [["feed-before", "2026-H1"], ["feed-dates-changed", "2026-H2"], ["feed-new-post", "2026-H2"]] as const) {
      await page.goto(server.at(`/register/${name}.html`), { waitUntil: "load" });
      const image = await page.screenshot({ fullPage: true });
      shots[name] = { recordId: `rec-${name}`, period, text: await page.innerText("body"), image: await imageFingerprint(image) };
    }
    await page.close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it("the fixtures do differ in their raw text (dates and counters)", () => {
    expect(shots["feed-before"]!.text).toContain("2 tim");
    expect(shots["feed-dates-changed"]!.text).toContain("5 dagar sedan");
    expect(shots["feed-before"]!.text).not.toBe(shots["feed-dates-changed"]!.text);
  });

  it("only dates and counters changed → passive", () => {
    const r = compareSnapshots(shots["feed-before"]!, shots["feed-dates-changed"]!);
    console.log("dates only:", r);
    expect(r.textSimilarity).toBe(1);
    expect(r.imageDistance).toBeLessThanOrEqual(IMAGE_DISTANCE_PASSIVE);
    expect(r.passive).toBe(true);
    expect(r.reason).toMatch(/no new text/);
  });

  it("a new post → not passive", () => {
    const r = compareSnapshots(shots["feed-before"]!, shots["feed-new-post"]!);
    console.log("new post:", r);
    expect(r.textSimilarity).toBeLessThan(TEXT_SIMILARITY_PASSIVE);
    expect(r.imageDistance).toBeGreaterThan(IMAGE_DISTANCE_PASSIVE);
    expect(r.passive).toBe(false);
    expect(r.reason).toMatch(/new text and a changed top of the page/);
  });

  it("the log's fingerprints of the pages give the same answers as their texts, and hold none of their words", () => {
    const kept = (name: string) => ({ ...shots[name]!, text: textFingerprint(shots[name]!.text) });
    expect(compareSnapshots(kept("feed-before"), kept("feed-dates-changed"))).toEqual(compareSnapshots(shots["feed-before"]!, shots["feed-dates-changed"]!));
    expect(compareSnapshots(kept("feed-before"), kept("feed-new-post"))).toEqual(compareSnapshots(shots["feed-before"]!, shots["feed-new-post"]!));
    for (const word of normaliseSnapshotText(shots["feed-new-post"]!.text).filter((w) => w.length > 4)) expect(kept("feed-new-post").text).not.toContain(word);
  });

  it("the same snapshot twice → passive with identical fingerprints", () => {
    const r = compareSnapshots(shots["feed-before"]!, { ...shots["feed-before"]!, recordId: "again" });
    expect(r).toMatchObject({ passive: true, textSimilarity: 1, imageDistance: 0 });
  });
});

describe("finding the passive accounts from the log", () => {
  const same = "0".repeat(32) + "f".repeat(32);
  const other = "f".repeat(32) + "0".repeat(32);
  const snap = (accountId: string, period: string, text: string, image: string, version = 1) =>
    ({ accountId, recordId: `${accountId}-${period}-v${version}`, period, version, text, image });

  it("compares each active account's latest period with the one before, using the latest version", () => {
    const found = findPassiveAccounts(
      [{ id: "quiet", status: "active" }, { id: "busy", status: "active" }, { id: "new", status: "active" }, { id: "gone", status: "closed" }],
      [
        snap("quiet", "2026-H1", "Välkommen · 2 tim", same),
        snap("quiet", "2025-H2", "Gammalt inlägg om vägarbete", other),
        snap("quiet", "2025-H1", "Gammalt inlägg om vägarbete", other),
        snap("quiet", "2025-H2", "Välkommen · 3 dagar sedan", same, 2),
        snap("busy", "2025-H2", "Välkommen", same),
        snap("busy", "2026-H1", "Julmarknaden flyttas till lördag. Välkommen", other),
        snap("new", "2026-H1", "Första inlägget", same),
        snap("gone", "2025-H2", "Hej", same),
        snap("gone", "2026-H1", "Hej", same),
      ],
    );
    expect([...found.keys()].sort()).toEqual(["busy", "quiet"]);
    expect(found.get("quiet")).toMatchObject({
      passive: true, previous: { recordId: "quiet-2025-H2-v2", period: "2025-H2" }, current: { recordId: "quiet-2026-H1-v1", period: "2026-H1" },
    });
    expect(found.get("busy")!.passive).toBe(false);
  });
});

describe("a page whose own content stands still beside a platform's box of suggestions", () => {
  // As the inspector found it: a channel's own words the same in two half-years, beside a
  // "Rekommenderat" box showing 6 of 12 titles picked anew on each load. The text as a capture
  // gives it: one line per block, in reading order.
  const TITLES = [
    "Sommarläger för barn", "Orgelkonsert i kyrkan", "Nationaldagsfirande på torget", "Julmarknad i Överkalix",
    "Skidskolan startar", "Bokcirkel på biblioteket", "Midnattssolens dag", "Fiskefestivalen vid älven",
    "Skolavslutning i Folkets hus", "Teater för de minsta", "Konstutställning i kulturhuset", "Dansuppvisning i idrottshallen",
  ];
  const page = (pick: number[]) => [
    "Överkalix kulturskola", "Vårkonsert 2025 (sänd 12 maj 2025)", "Luciatåg i kyrkan 2024", "Välkommen till kulturskolan",
    "Rekommenderat", ...pick.map((i) => TITLES[i]!),
  ].join("\n");
  const image = "0".repeat(32) + "f".repeat(32);
  const shot = (recordId: string, period: string, text: string): SnapshotFingerprint => ({ recordId, period, text, image });
  // Pairs of picks as two loads gave them: some titles in both, in another order; one with none in common.
  const PICKS: [number[], number[]][] = [
    [[0, 1, 2, 3, 4, 5], [5, 3, 6, 7, 8, 0]],
    [[11, 2, 9, 4, 6, 1], [1, 2, 3, 4, 10, 7]],
    [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11]],
  ];

  for (const [a, b] of PICKS) {
    it(`is said to be probably passive, counting the lines that differ (${a.join(",")} → ${b.join(",")})`, () => {
      const prev = shot("kulturskola_2025-H2_v1", "2025-H2", page(a));
      const cur = shot("kulturskola_2026-H1_v1", "2026-H1", page(b));
      const r = compareSnapshots(prev, cur);
      // Not called passive outright: the thresholds stand.
      expect(r.textSimilarity).toBeLessThan(TEXT_SIMILARITY_PASSIVE);
      expect(r.passive).toBe(false);
      const gone = a.filter((i) => !b.includes(i)).map((i) => TITLES[i]);
      const added = b.filter((i) => !a.includes(i)).map((i) => TITLES[i]);
      expect(r.probablyPassive).toMatchObject({ newLines: added.length, goneLines: gone.length });
      expect(r.probablyPassive!.wordsDiffering).toBeLessThanOrEqual(FEW_WORDS_DIFFER);
      const said = probablyPassiveSaid(detectPassive("kulturskola", prev, cur));
      expect(said).toContain(`its snapshot kulturskola_2026-H1_v1 differs from kulturskola_2025-H2_v1 (2025-H2) only in ${r.probablyPassive!.wordsDiffering} of its`);
      expect(said).toContain(`the top of the page alike (${added.length} line${added.length === 1 ? "" : "s"} new, ${gone.length} line${gone.length === 1 ? "" : "s"} gone)`);
      expect(said).toMatch(/somarkiv cannot tell whether those are the platform's .* or a post of the account: look at the two records/);
      // The same finding from the fingerprints the log keeps, which hold none of the page's words.
      const kept = (s: SnapshotFingerprint) => ({ ...s, text: textFingerprint(s.text) });
      expect(compareSnapshots(kept(prev), kept(cur))).toEqual(r);
      expect(kept(cur).text).not.toContain(added[0]!.split(" ")[0]!.toLowerCase());
      // The account's own words are not among what differs.
      expect(said).not.toContain("Vårkonsert");
    });
  }

  it("the same picks twice is passive as before", () => {
    const r = compareSnapshots(shot("a", "2025-H2", page([0, 1, 2, 3, 4, 5])), shot("b", "2026-H1", page([5, 4, 3, 2, 1, 0])));
    expect(r).toMatchObject({ passive: true, probablyPassive: null });
  });

  // A feed kept up: 80 posts, then 6 new ones at the top (the oldest 6 gone, or all kept), even with
  // the top of the page alike (no pictures): neither passive nor probably passive.
  // Each post in words of its own, as posts are (made-up words: a feed of look-alike posts would share them).
  const SYLLABLES = ["ka", "lo", "mi", "ra", "se", "tu", "vä", "nö", "bå", "di", "gel", "hus", "por", "sten", "vik", "ång"];
  const post = (n: number) => Array.from({ length: 20 }, (_, k) => {
    let x = (n * 7919 + k * 104729) >>> 0;
    let w = "";
    for (let i = 0; i < 3; i++) { x = (x * 1103515245 + 12345) >>> 0; w += SYLLABLES[(x >>> 16) % SYLLABLES.length]; }
    return w;
  }).join(" ");
  const feed = (posts: number[]) => ["Överkalix kommun", "1 301 följare", ...posts.flatMap((n) => ["Överkalix kommun · 2 tim", post(n), "12 gilla-markeringar"])].join("\n");
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => to - i);
  for (const [label, shown] of [["the oldest 6 gone", range(7, 86)], ["all kept", range(1, 86)]] as const) {
    it(`an 80-post feed with 6 new posts (${label}) is not passive, nor probably passive`, () => {
      const r = compareSnapshots(shot("a", "2025-H2", feed(range(1, 80))), shot("b", "2026-H1", feed(shown)));
      expect(r.passive).toBe(false);
      expect(r.probablyPassive).toBeNull();
    });
  }

  it("a page wholly changed, though short, is not probably passive", () => {
    const r = compareSnapshots(shot("a", "2025-H2", "Välkommen"), shot("b", "2026-H1", "Nu öppnar badhuset igen efter renoveringen"));
    expect(r.probablyPassive).toBeNull();
  });
});

describe("takenFarEnoughApart", () => {
  it("compares snapshots a half-year apart, not a missed half-year made up the day the next was taken", () => {
    expect(takenFarEnoughApart("2026-06-02T06:00:00.000Z", "2026-12-02T06:00:00.000Z")).toBe(true);
    expect(takenFarEnoughApart("2026-12-03T06:00:00.000Z", "2026-12-03T06:01:00.000Z")).toBe(false);
    // A missed December made up in January, against June: still five months apart.
    expect(takenFarEnoughApart("2026-06-02T06:00:00.000Z", "2027-01-10T06:00:00.000Z")).toBe(true);
    expect(takenFarEnoughApart("x", "2026-12-02T06:00:00.000Z")).toBe(false);
  });
});

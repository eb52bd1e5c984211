/**
 * The record sheet's remarks, as the registrar reads them: a dialog the page showed and that was
 * dismissed is named with what it said, since the picture cannot hold it.
 */
import os from "node:os";
import path from "node:path";
import fs from "node:fs/promises";
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/index.ts";
import { beforeCaptureMonthSv, languageSv, recordSheet, takenBecauseSv } from "../../src/record/sheet.ts";
import { FLAG_SV, consentSv, flagsSv, shortened } from "../../src/record/metadata.ts";
import { bodyFor } from "../../src/intake/index.ts";
import { makeRecord } from "../intake/record.ts";
import { buildRecordPdf } from "../../src/pdf/index.ts";
import { pdftotext, sampleMetadata } from "../pdf/tools.ts";

const config = parseConfig("organisation:\n  name: Överkalix kommun\naccounts:\n  - id: facebook-kommun\n    name: Överkalix kommun\n    platform: facebook\n    url: https://www.facebook.com/overkalixkommun\n", "/srv/somarkiv/somarkiv.yaml");
const tmp = await fs.mkdtemp(path.join(os.tmpdir(), "somarkiv-sheet-"));
afterAll(() => fs.rm(tmp, { recursive: true, force: true }));

const remarks = (sheet: ReturnType<typeof recordSheet>) => sheet.rows.find((r) => r.label === "Anmärkningar")!.value;

describe("the remarks of a record whose page showed dialogs of its own", () => {
  it("say what each dialog said, on the sheet and in the e-mail to the registrar", async () => {
    const said = ["Sidan flyttar den 1 januari till overkalix.se/nyheter", "Är du över 18?"];
    const { item, manifest } = await makeRecord(path.join(tmp, "a"), { flags: ["truncated", "dialog-dismissed"], pageDialogs: said });
    const expected = "sidan var för lång och kapades vid högsta tillåtna höjd; 2 dialogrutor från sidan stängdes (de sade ”Sidan flyttar den 1 januari till overkalix.se/nyheter”, ”Är du över 18?”)";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
  });

  it("say how many dialogs there were when more were closed than are quoted", async () => {
    const said = [1, 2, 3, 4, 5].map((i) => `Meddelande ${i}`);
    const { item, manifest } = await makeRecord(path.join(tmp, "many"), { flags: ["dialog-dismissed"], pageDialogs: said, pageDialogsNotQuoted: 3 });
    const expected = `8 dialogrutor från sidan stängdes (de 5 första sade ${said.map((d) => `”${d}”`).join(", ")})`;
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(manifest.pageDialogsNotQuoted).toBe(3);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
  });

  it("name the previous snapshot's diary number beside its id, on the sheet and in the e-mail", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "prev"), { version: 2, previousRecordId: "facebook-kommun_2026-H2_v1-01J8ZK3Q", previousRecordDnr: "KS 2026/77" });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Föregående ögonblicksbild")!.value;
    expect(row).toBe("facebook-kommun_2026-H2_v1-01J8ZK3Q, diarienummer KS 2026/77");
    expect(bodyFor(item)).toMatch(/Föregående ögonblicksbild: +facebook-kommun_2026-H2_v1-01J8ZK3Q, diarienummer KS 2026\/77\n/);
  });

  it("say of a previous snapshot the log did not know (a restored log) that its diary number is not known here", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "prev-not-in-log"), { version: 3, previousRecordId: "facebook-kommun_2026-H2_v2", previousRecordNotInLog: true });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Föregående ögonblicksbild")!.value;
    expect(row).toBe("facebook-kommun_2026-H2_v2 (finns i arkivet men fanns inte i somarkivs logg när denna togs, så dess diarienummer är inte känt här)");
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain("Föregående ögonblicksbild: facebook-kommun_2026-H2_v2 (finns i arkivet men fanns inte i somarkivs logg");
  });

  it("say of a previous snapshot half-years back which half-years between were not taken, on the sheet and in the e-mail", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "prev-gap"), { period: "2026-H1", previousRecordId: "facebook-kommun_2025-H1_v1", periodsMissingBefore: ["2025-H2"] });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Föregående ögonblicksbild")!.value;
    expect(row).toBe("facebook-kommun_2025-H1_v1; när denna togs fanns ingen ögonblicksbild av 2025-H2, så serien hade ett glapp före denna");
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain("Föregående ögonblicksbild: facebook-kommun_2025-H1_v1; när denna togs fanns ingen ögonblicksbild av 2025-H2, så serien hade ett glapp före denna");
  });

  it("say how many texts a feed that removed its posts took away, and where their words are", async () => {
    const removed = Array.from({ length: 52 }, (_, i) => `Inlägg ${i + 9}: kommunen informerar om snöröjningen`);
    const { item, manifest } = await makeRecord(path.join(tmp, "removed"), { flags: ["content-removed-while-scrolling"], textRemovedWhileScrolling: removed });
    const expected = "sidan visar bara inläggen nära skärmen och tog bort de andra medan den rullades; ögonblicksbilden saknar en del av dem, och en ny ögonblicksbild ger detsamma: minst 52 textstycken som sidan visade saknas i bilden; deras text finns i metadatafilen (JSON), under textRemovedWhileScrolling";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
  });

  it("say of a feed taken screen by screen that it shows the whole feed, and nothing of posts missing from the picture", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "screens"), { flags: ["taken-screen-by-screen"] });
    const expected = "sidan visar bara inläggen nära skärmen och tar bort de andra när den rullas; ögonblicksbilden togs därför skärm för skärm medan sidan rullades uppifrån, och visar hela flödet";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    expect(expected).not.toContain("saknas i bilden");
  });

  it("say how many posts of a row moved with arrow buttons are not in the picture, and where their words are", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "carousel"), { flags: ["carousel-hidden-items"], itemsOutOfView: { inScrollingBoxes: 0, inCarousels: 6 }, textOutOfView: ["Inlägg 4: Kod HYLLA-4"] });
    const expected = "en rad med inlägg på sidan visar bara några åt gången (besökaren bläddrar med pilknappar, eller bilderna byts av sig själva); 6 inlägg i den syns inte i ögonblicksbilden; deras text finns i metadatafilen (JSON), under textOutOfView";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(manifest.textOutOfView).toEqual(["Inlägg 4: Kod HYLLA-4"]);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
  });

  it("say how many posts of a box that scrolls by itself are not in the picture, and where their words are", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "scroll-box"), { flags: ["box-scrolls-separately"], itemsOutOfView: { inScrollingBoxes: 6, inCarousels: 0 }, textOutOfView: ["Inlägg 4: Kod HYLLA-4"] });
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe("en ruta på sidan rullas för sig (nedåt eller i sidled) och har mer innehåll än det som syns i den; ögonblicksbilden visar det som syns i rutan; 6 inlägg i rutan syns inte i ögonblicksbilden; deras text finns i metadatafilen (JSON), under textOutOfView");
    // A record from before the count says the flag's own words.
    const { manifest: older } = await makeRecord(path.join(tmp, "scroll-box-older"), { flags: ["box-scrolls-separately"] });
    expect(remarks(recordSheet(older, config.accounts[0]!, config))).toBe("en ruta på sidan rullas för sig (nedåt eller i sidled) och har mer innehåll än det som syns i den; ögonblicksbilden visar det som syns i rutan");
  });

  it("say how many videos and audio players the page has, whose sound and moving picture are not kept", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "media"), { flags: ["media-not-kept"], mediaOnPage: { videos: 12, audio: 1 } });
    const expected = "sidan har 12 videor och 1 ljudspelare; ljud och rörlig bild bevaras inte, bara deras bild på sidan";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    const { manifest: podcast } = await makeRecord(path.join(tmp, "media-audio"), { flags: ["media-not-kept"], mediaOnPage: { videos: 0, audio: 25 } });
    expect(remarks(recordSheet(podcast, config.accounts[0]!, config))).toBe("sidan har 25 ljudspelare; ljud och rörlig bild bevaras inte, bara deras bild på sidan");
  });

  it("say how many post texts the page cut short behind \"Visa mer\", and where their whole words are", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "cut-short"), { flags: ["text-cut-short"], postTextsCutShort: 3, textCutShort: ["a", "b", "c"] });
    const expected = "3 inläggstexter är avkortade på sidan till sina första rader bakom en knapp som ”Visa mer”; ögonblicksbilden och dess sökbara text visar bara de första raderna, och hela texten finns i metadatafilen (JSON), under textCutShort";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    const { manifest: one } = await makeRecord(path.join(tmp, "cut-short-one"), { flags: ["text-cut-short"], postTextsCutShort: 1, textCutShort: ["a"] });
    expect(remarks(recordSheet(one, config.accounts[0]!, config))).toMatch(/^1 inläggstext är avkortad på sidan /);
  });

  it("say of one dialog that it was closed and what it said", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "a1"), { flags: ["dialog-dismissed"], pageDialogs: ["Vattnet är avstängt på Storgatan."] });
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe("en dialogruta från sidan stängdes (den sade ”Vattnet är avstängt på Storgatan.”)");
  });

  it("say only that a dialog was closed when it said nothing that was kept (a box of the page's own markup)", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "b"), { flags: ["dialog-dismissed"] });
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe("en dialogruta från sidan stängdes");
  });
});

describe("each row of the sheet", () => {
  it("holds its own value: the requested and reached addresses, purpose and audience, classification and collective case, window width by height", async () => {
    const described = parseConfig("organisation:\n  name: Överkalix kommun\naccounts:\n  - id: facebook-kommun\n    name: Överkalix kommun\n    platform: facebook\n    url: https://www.facebook.com/overkalixkommun\n    unit: Kommunledningsförvaltningen\n    purpose: Informera om kommunens service\n    audience: Kommuninvånare\n", "/srv/somarkiv/somarkiv.yaml");
    const { manifest } = await makeRecord(path.join(tmp, "rows"), {
      url: "https://www.facebook.com/overkalixkommun",
      finalUrl: "https://www.facebook.com/profile.php?id=100064",
      classification: "1.3.2",
      collectiveCase: "KS 2026/45",
      viewport: { width: 1280, height: 900 },
    });
    const rows = new Map(recordSheet(manifest, described.accounts[0]!, described).rows.map((r) => [r.label, r.value]));
    expect(rows.get("Begärd adress")).toBe("https://www.facebook.com/overkalixkommun");
    expect(rows.get("Nådd adress")).toBe("https://www.facebook.com/profile.php?id=100064");
    expect(rows.get("Syfte")).toBe("Informera om kommunens service");
    expect(rows.get("Målgrupp")).toBe("Kommuninvånare");
    expect(rows.get("Klassificering")).toBe("1.3.2");
    expect(rows.get("Samlingsärende")).toBe("KS 2026/45");
    expect(rows.get("Fönsterstorlek")).toBe("1280 × 900 px");
  });
});

describe("the screenshot's checksums on the sheet", () => {
  it("gives one picture's checksum as it is, and a long page's parts numbered, not run together as one of 128 characters", async () => {
    const [a, b] = ["del ett", "del två"].map((t) => createHash("sha256").update(t).digest("hex"));
    const one = await makeRecord(path.join(tmp, "one-band"), { screenshotSha256: [a!] });
    const rowsOne = new Map(recordSheet(one.manifest, config.accounts[0]!, config).rows.map((r) => [r.label, r.value]));
    expect(rowsOne.get("SHA-256 för skärmbilden")).toBe(a);
    const two = await makeRecord(path.join(tmp, "two-bands"), { screenshotSha256: [a!, b!] });
    const rowsTwo = new Map(recordSheet(two.manifest, config.accounts[0]!, config).rows.map((r) => [r.label, r.value]));
    expect(rowsTwo.get("SHA-256 för skärmbildens 2 delar")).toBe(`del 1: ${a}; del 2: ${b}`);
    expect(rowsTwo.has("SHA-256 för skärmbilden")).toBe(false);
  });
});

describe("the sheet as PDF readers extract it", () => {
  it("has every label on one line, beside its value, so a search or a copy reads the pair together", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "c"), {
      final: true,
      previousRecordId: "facebook-kommun_2026-H1_v1-01J8ZK3P",
      screenshotSha256: [createHash("sha256").update("skärmbild").digest("hex")],
    });
    const sheet = recordSheet(manifest, config.accounts[0]!, config);
    const out = await buildRecordPdf({ sheet, snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "1b" });
    const file = path.join(tmp, "sheet.pdf");
    await fs.writeFile(file, out.bytes);
    const lines = (await pdftotext(file, ["-layout", "-f", "1", "-l", "1"])).split("\n").map((l) => l.trim());
    for (const row of sheet.rows) {
      const first = row.value.split(/\s+/)[0]!;
      expect(lines.some((l) => l.startsWith(row.label) && l.slice(row.label.length).trim().startsWith(first)), `${row.label}: ${first}`).toBe(true);
    }
  });
});

describe("an account's details the configuration does not give", () => {
  it("read \"Uppgift saknas\" on the sheet, as on the public list of accounts, not a bare dash", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "missing"), { unit: undefined, responsible: undefined, purpose: undefined, audience: undefined });
    const sheet = recordSheet(manifest, config.accounts[0]!, config);
    const out = await buildRecordPdf({ sheet, snapshot: { slices: [], words: [], pageWidth: 1280, pageHeight: 0 }, metadata: sampleMetadata(), conformance: "1b" });
    const file = path.join(tmp, "missing.pdf");
    await fs.writeFile(file, out.bytes);
    const lines = (await pdftotext(file, ["-layout", "-f", "1", "-l", "1"])).split("\n").map((l) => l.trim().replace(/\s+/g, " "));
    for (const label of ["Ansvarig enhet", "Ansvarig", "Syfte", "Målgrupp"]) expect(lines, label).toContain(`${label} Uppgift saknas`);
  });
});

describe("the previous snapshot of an account that moved", () => {
  it("is named with the address it was taken at, on the sheet and in the e-mail", async () => {
    const moved = await makeRecord(path.join(tmp, "moved"), { version: 1, previousRecordId: "x-kommun_2026-H1_v1", previousRecordUrl: "https://x.com/overkalix_gamla" });
    const row = recordSheet(moved.manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Föregående ögonblicksbild")?.value;
    expect(row).toBe("x-kommun_2026-H1_v1, tagen på kontots tidigare adress https://x.com/overkalix_gamla");
    expect(bodyFor(moved.item).replace(/\s+/g, " ")).toContain("Föregående ögonblicksbild: x-kommun_2026-H1_v1, tagen på kontots tidigare adress https://x.com/overkalix_gamla");
  });
});

describe("a feed that goes on behind a button", () => {
  it("is said with the button's own words on the sheet and in the e-mail, and by the general remark without them", async () => {
    const named = await makeRecord(path.join(tmp, "more-a"), { flags: ["more-behind-button"], moreButton: "Näytä lisää" });
    const expected = "flödet fortsätter bakom knappen ”Näytä lisää”; ögonblicksbilden visar det som syns utan att trycka på den";
    expect(remarks(recordSheet(named.manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(named.item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    const unnamed = await makeRecord(path.join(tmp, "more-b"), { flags: ["more-behind-button"] });
    expect(remarks(recordSheet(unnamed.manifest, config.accounts[0]!, config))).toContain("bakom en knapp som ”Visa fler inlägg”");
  });
});

describe("characters no font on the capturing machine drew", () => {
  it("are said on the sheet and in the e-mail, with examples, so that the registrar knows the empty boxes in the picture are in the searchable text", async () => {
    const named = await makeRecord(path.join(tmp, "glyphs-a"), { flags: ["glyphs-missing"], glyphsMissing: ["中", "文"] });
    const expected = "en del tecken på sidan (till exempel 中 文) kunde inte visas eftersom typsnitt för dem saknas på datorn som tog ögonblicksbilden; de syns som tomma rutor i bilden men finns i den sökbara texten";
    expect(remarks(recordSheet(named.manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(named.item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    const unnamed = await makeRecord(path.join(tmp, "glyphs-b"), { flags: ["glyphs-missing"] });
    expect(remarks(recordSheet(unnamed.manifest, config.accounts[0]!, config))).toContain("en del tecken på sidan kunde inte visas eftersom typsnitt för dem saknas");
  });
});

describe("the remarks' words", () => {
  it("name the record, its JSON file and its taking as the registrar knows them, on the sheet and in the e-mail", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "words"), { flags: ["document-incomplete", "still-loading", "no-searchable-text", "images-broken"] });
    const expected = "webbplatsen hade inte skickat färdigt sidan när ögonblicksbilden togs; ögonblicksbilden visar det som hade kommit fram; "
      + "sidan visade fortfarande att den laddade när ögonblicksbilden togs (till exempel med en laddningssymbol som snurrade); något som den laddade kan därför saknas i ögonblicksbilden; "
      + "sidan visade ingen text som kunde läsas ut (den kan vara ritad som bild); handlingen kan ses men inte sökas i; "
      + "en eller flera bilder på sidan kunde inte visas, eftersom webbplatsen inte lämnade ut dem; besökare ser dem inte heller, och i metadatafilen (JSON) som hör till handlingen är de märkta som saknade";
    expect(remarks(recordSheet(manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(item).replace(/\s+/g, " ")).toContain(`Anmärkningar: ${expected}`);
    for (const word of ["fångades", "posten", "manifestet"]) expect(Object.values(FLAG_SV).join(" ")).not.toContain(word);
  });
});

describe("why a snapshot was taken", () => {
  it("is on the sheet and in the e-mail when it was said, and a second version without it says nobody said", async () => {
    const said = await makeRecord(path.join(tmp, "d"), { takenBecause: "Kontot stängs den 31 december" });
    const row = (sheet: ReturnType<typeof recordSheet>) => sheet.rows.find((r) => r.label === "Skäl")?.value;
    expect(row(recordSheet(said.manifest, config.accounts[0]!, config))).toBe("Kontot stängs den 31 december");
    expect(bodyFor(said.item)).toMatch(/\nSkäl: +Kontot stängs den 31 december\n/);
    const second = await makeRecord(path.join(tmp, "e"), { version: 2 });
    expect(row(recordSheet(second.manifest, config.accounts[0]!, config))).toBe("ny version av periodens ögonblicksbild; inget skäl angavs");
    const first = await makeRecord(path.join(tmp, "f"));
    expect(row(recordSheet(first.manifest, config.accounts[0]!, config))).toBeUndefined();
    expect(bodyFor(first.item)).not.toContain("Skäl");
  });

  it("is in the e-mail as the sheet says it when no words were given: a new version, a closing record, a reopened account", async () => {
    const cases: Array<[string, Parameters<typeof makeRecord>[1], string]> = [
      ["k", { version: 2 }, "ny version av periodens ögonblicksbild; inget skäl angavs"],
      ["m", { version: 2, flags: ["reopened"] }, "kontot behålls: det togs upp igen efter sin slutliga ögonblicksbild"],
      // A trial in September, and December's half-year snapshot after it: neither is "no reason given".
      ["n", { beforeHalfYearChange: true }, "tagen före den månad då periodens ögonblicksbild tas och gäller bara sin dag; periodens ögonblicksbild tas den månaden, som en ny version"],
      ["o", { version: 2, afterEarlySnapshot: "facebook-kommun_2026-H2_v1" }, "periodens ögonblicksbild; den tidigare versionen \\(facebook-kommun_2026-H2_v1\\) togs före den månad då periodens ögonblicksbild tas och gäller bara sin dag"],
    ];
    for (const [dir, overrides, expected] of cases) {
      const { item, manifest } = await makeRecord(path.join(tmp, dir), overrides);
      expect(recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Skäl")?.value).toBe(expected.replace(/\\/g, ""));
      expect(bodyFor(item)).toMatch(new RegExp(`\nSkäl: +${expected}\n`));
      // The manifest keeps only the words someone gave.
      expect(manifest.takenBecause).toBeUndefined();
    }
    // A closing record: its own row says so, in both, and it is not said again as its reason.
    const { item, manifest } = await makeRecord(path.join(tmp, "l"), { version: 3, final: true, flags: ["final"] });
    expect(recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Skäl")).toBeUndefined();
    expect(bodyFor(item)).not.toMatch(/\nSkäl:/);
    expect(bodyFor(item)).toMatch(/\nSlutlig ögonblicksbild: +ja, kontot stängs\n/);
  });
});

describe("a record taken before its half-year's capture month", () => {
  it("is said in one wording, as the record's (tagen) or in a clause (togs)", () => {
    expect(beforeCaptureMonthSv("tagen")).toBe("tagen före den månad då periodens ögonblicksbild tas");
    expect(beforeCaptureMonthSv("togs")).toBe("togs före den månad då periodens ögonblicksbild tas");
  });
});

describe("why a snapshot was taken, of a record whose log entry does not say whether it was taken before the capture month", () => {
  it("says that it is not known, after a reason of its own, never that it is the half-year's snapshot; not of a closing record", () => {
    const notKnown = "loggen säger inte om handlingen togs före den månad då periodens ögonblicksbild tas (fram till december 2026 antecknade somarkiv det bara för handlingar som togs före den månaden); om den är periodens ögonblicksbild eller bara gäller sin dag framgår inte";
    expect(takenBecauseSv({ version: 1, earlyNotKnown: true })).toBe(notKnown);
    expect(takenBecauseSv({ version: 1, takenBecause: "Inför omgörningen", earlyNotKnown: true })).toBe(`Inför omgörningen (${notKnown})`);
    expect(takenBecauseSv({ version: 2, flags: ["reopened"], earlyNotKnown: true })).toBe(`kontot behålls: det togs upp igen efter sin slutliga ögonblicksbild (${notKnown})`);
    expect(takenBecauseSv({ version: 2, earlyNotKnown: true })).toBe(`ny version; inget skäl angavs (${notKnown})`);
    expect(takenBecauseSv({ version: 2, final: true, earlyNotKnown: true })).toBe("kontot stängs; detta är dess slutliga ögonblicksbild");
  });
});

describe("the page's own title, language and size", () => {
  it("are on the sheet, and a page cut at the maximum height says how much is missing", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "g"), { flags: ["truncated"], page: { width: 1280, height: 30000, fullHeight: 41250, title: "Ylikainuun kunta – Uutiset", language: "fi" } });
    const rows = new Map(recordSheet(manifest, config.accounts[0]!, config).rows.map((r) => [r.label, r.value]));
    expect(rows.get("Sidans titel")).toBe("Ylikainuun kunta – Uutiset");
    expect(rows.get("Sidans språk")).toBe("fi (finska)");
    expect(rows.get("Sidans storlek")).toBe("1280 × 30000 px (kapad; sidan var 41250 px hög när den kapades, så minst 11250 px längst ned saknas)");
  });

  it("say which look of the page was taken, and that it has a dark one when it does, or only a dark one", async () => {
    const view = async (dir: string, darkLook?: "also" | "only") => {
      const { manifest } = await makeRecord(path.join(tmp, dir), { page: { width: 1280, height: 900, ...(darkLook ? { darkLook } : {}) } });
      return recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Visning")?.value;
    };
    expect(await view("h")).toBe("ljust färgläge och minskad rörelse");
    expect(await view("i", "also")).toBe("ljust färgläge och minskad rörelse; sidan har också ett mörkt färgläge, som besökare med mörkt läge i sina inställningar ser i stället");
    expect(await view("j", "only")).toBe("ljust färgläge och minskad rörelse begärdes; sidan har bara ett mörkt färgläge, som alla besökare ser");
  });
});

describe("the page's language on the sheet", () => {
  it("is named in Swedish beside the page's own code, and a code no language is known by stays as given", () => {
    expect(languageSv("se")).toBe("se (nordsamiska)");
    expect(languageSv("fit")).toBe("fit (meänkieli)");
    expect(languageSv("sv_SE")).toBe("sv_SE (svenska (Sverige))");
    expect(languageSv("xx")).toBe("xx");
    expect(languageSv("not a code!")).toBe("not a code!");
  });
});

describe("a closing record of an account the file has as closed", () => {
  it("gives the day it closed, on the sheet and in the e-mail, instead of saying it is being closed", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "h"), { final: true, closedOn: "2026-12-01" });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value;
    expect(row).toBe("Ja: kontot stängdes 2026-12-01, och detta är dess sista ögonblicksbild");
    const body = bodyFor(item);
    expect(body).toContain("en sista ögonblicksbild av kontot, som stängdes 2026-12-01");
    expect(body).toMatch(/Slutlig ögonblicksbild: +ja, kontot stängdes 2026-12-01\n/);
    const closing = await makeRecord(path.join(tmp, "i"), { final: true });
    expect(recordSheet(closing.manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value).toBe("Ja: kontot stängs och detta är dess sista ögonblicksbild");
    // A closing record taken after the half-year's snapshot is a second version: why is known, and said
    // once, in its own row, not again as its reason and among its remarks.
    const second = await makeRecord(path.join(tmp, "j"), { final: true, version: 2, flags: ["final"] });
    const rows = recordSheet(second.manifest, config.accounts[0]!, config).rows;
    expect(rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value).toBe("Ja: kontot stängs och detta är dess sista ögonblicksbild");
    expect(rows.find((r) => r.label === "Skäl")).toBeUndefined();
    expect(rows.find((r) => r.label === "Anmärkningar")!.value).not.toContain("konto som stängs");
    // A reason someone gave is still said.
    const given = await makeRecord(path.join(tmp, "k"), { final: true, version: 2, flags: ["final"], takenBecause: "kontot läggs ned efter beslut KS 2026/12" });
    expect(recordSheet(given.manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Skäl")!.value).toBe("kontot läggs ned efter beslut KS 2026/12");
  });
});

describe("a closing record taken days after the day the file gives as the account's closing", () => {
  it("says both, on the sheet and in the e-mail: the day given, and that the page could still be opened when it was taken", async () => {
    // The page the record shows was open on 2026-12-01: "stängdes 2026-11-15" above it was false, and a filed sheet cannot be mended.
    const { item, manifest } = await makeRecord(path.join(tmp, "closed-before"), { final: true, closedOn: "2026-11-15" });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value;
    expect(row).toBe("Ja: kontot angavs som stängt 2026-11-15 men gick att öppna när ögonblicksbilden togs 2026-12-01, och detta är dess sista ögonblicksbild");
    const body = bodyFor(item);
    expect(body).toContain("en sista ögonblicksbild av kontot, som angavs som stängt 2026-11-15 men gick att öppna när ögonblicksbilden togs 2026-12-01");
    expect(body).not.toContain("stängdes 2026-11-15");
  });
});

describe("a closing record of an account whose closing day is still to come", () => {
  it("says the account is to be closed that day, on the sheet and in the e-mail, not that it was", async () => {
    const { item, manifest } = await makeRecord(path.join(tmp, "closes-later"), { final: true, closedOn: "2026-12-31", capturedAt: "2026-12-04T09:00:00.000Z", capturedAtLocal: "2026-12-04 10:00:00 CET" });
    const row = recordSheet(manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value;
    expect(row).toBe("Ja: kontot ska stängas 2026-12-31, och detta är dess sista ögonblicksbild");
    const body = bodyFor(item);
    expect(body).toContain("en sista ögonblicksbild av kontot, som ska stängas 2026-12-31");
    expect(body).toMatch(/Slutlig ögonblicksbild: +ja, kontot ska stängas 2026-12-31\n/);
    expect(body).not.toContain("som stängdes");
    // Closed the same day, in the schedule's time zone, though the UTC day was the one before.
    const sameDay = await makeRecord(path.join(tmp, "closes-today"), { final: true, closedOn: "2026-12-31", capturedAt: "2026-12-30T23:30:00.000Z", capturedAtLocal: "2026-12-31 00:30:00 CET" });
    expect(recordSheet(sameDay.manifest, config.accounts[0]!, config).rows.find((r) => r.label === "Slutlig ögonblicksbild")!.value).toBe("Ja: kontot stängdes 2026-12-31, och detta är dess sista ögonblicksbild");
  });
});

describe("a text kept short for the record (a page's title of 800 characters)", () => {
  it("ends in \"…\" when it was cut, and never splits a character in two", () => {
    expect(shortened("Kort titel", 300)).toBe("Kort titel");
    const long = "Överkalix ".repeat(90);
    expect(shortened(long, 300)).toHaveLength(300);
    expect(shortened(long, 300).endsWith("…")).toBe(true);
    expect(shortened("🎄".repeat(10), 5)).toBe("🎄🎄🎄🎄…");
  });
});

describe("the remark of a page held where it was", () => {
  it("says where the page tried to go: a reload, a login page (what a visitor who scrolls meets), or elsewhere", () => {
    const finalUrl = "https://www.facebook.com/overkalix";
    expect(flagsSv(["navigation-held"], { finalUrl, heldNavigationTo: "https://www.facebook.com/overkalix#top" })).toBe("sidan försökte ladda om sig medan ögonblicksbilden togs och hölls kvar som den var");
    expect(flagsSv(["navigation-held"], { finalUrl, heldNavigationTo: "https://www.facebook.com/login/?next=%2Foverkalix" })).toBe("sidan försökte skicka besökaren till en inloggningssida (https://www.facebook.com/login/?next=%2Foverkalix) medan ögonblicksbilden togs och hölls kvar som den var; en besökare som rullar så långt möts av inloggningen");
    expect(flagsSv(["navigation-held"], { finalUrl, heldNavigationTo: "https://www.facebook.com/overkalix/posts" })).toBe("sidan försökte gå vidare till https://www.facebook.com/overkalix/posts medan ögonblicksbilden togs och hölls kvar som den var");
    // A record made before the address was kept says what it always said.
    expect(flagsSv(["navigation-held"], { finalUrl })).toBe("sidan försökte ladda om sig eller gå vidare medan ögonblicksbilden togs och hölls kvar som den var");
    // "catalog" or "blog" are no login.
    expect(flagsSv(["navigation-held"], { finalUrl, heldNavigationTo: "https://example.se/blog/authors" })).toContain("gå vidare till");
  });
});

describe("the cookie dialog's row", () => {
  const consentRow = (sheet: ReturnType<typeof recordSheet>) => sheet.rows.find((r) => r.label === "Cookie-dialog")!.value;

  it("says of an accepted dialog that no way to decline was found, not that the page gave none, and names the button pressed, on the sheet and in the e-mail", async () => {
    const named = await makeRecord(path.join(tmp, "consent-a"), { consent: "accepted", consentButton: "Godkänn alla" });
    const expected = "Cookie-dialogen stängdes genom att godkänna (knappen ”Godkänn alla”); inget sätt att avvisa hittades";
    expect(consentRow(recordSheet(named.manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(named.item).replace(/\s+/g, " ")).toContain(`Cookie-dialog: ${expected}`);
    // A record from before the button was kept.
    const unnamed = await makeRecord(path.join(tmp, "consent-b"), { consent: "accepted" });
    expect(consentRow(recordSheet(unnamed.manifest, config.accounts[0]!, config))).toBe("Cookie-dialogen stängdes genom att godkänna; inget sätt att avvisa hittades");
    const declined = await makeRecord(path.join(tmp, "consent-c"), { consent: "declined", consentButton: "Spara val" });
    expect(consentRow(recordSheet(declined.manifest, config.accounts[0]!, config))).toBe("Cookie-dialogen stängdes; valfria cookies avvisades: de valfria valen slogs av och sparades (knappen ”Spara val”)");
  });

  it("says of a dialog accepted after its decline did not close it that declining was tried, on the sheet and in the e-mail, and the remarks say why", async () => {
    const r = await makeRecord(path.join(tmp, "consent-d"), { consent: "accepted", consentButton: "Godkänn alla", flags: ["consent-decline-not-kept"] });
    const expected = "Cookie-dialogen stängdes genom att godkänna (knappen ”Godkänn alla”), efter att dess knapp för att avvisa hade tryckts utan att stänga den";
    const sheet = recordSheet(r.manifest, config.accounts[0]!, config);
    expect(consentRow(sheet)).toBe(expected);
    expect(bodyFor(r.item).replace(/\s+/g, " ")).toContain(`Cookie-dialog: ${expected}`);
    expect(sheet.rows.find((row) => row.label === "Anmärkningar")!.value).toContain("sidans knapp för att avvisa cookies stängde inte cookie-dialogen");
  });
  it("says a question answered on a consent page of its own as that, not as a dialog over the page, on the sheet and in the e-mail", async () => {
    const accepted = await makeRecord(path.join(tmp, "consent-page-a"), { consent: "accepted", consentButton: "Godkänn alla", consentPage: true });
    const expected = "Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; den besvarades genom att godkänna, eftersom inget sätt att avvisa hittades (knappen ”Godkänn alla”)";
    expect(consentRow(recordSheet(accepted.manifest, config.accounts[0]!, config))).toBe(expected);
    expect(bodyFor(accepted.item).replace(/\s+/g, " ")).toContain(`Cookie-dialog: ${expected}`);
    const declined = await makeRecord(path.join(tmp, "consent-page-b"), { consent: "declined", consentPage: true });
    expect(consentRow(recordSheet(declined.manifest, config.accounts[0]!, config))).toBe("Webbplatsen frågade om cookies på en egen sida (en samtyckessida) innan kontots sida visades; valfria cookies avvisades där");
  });
});

describe("the cookie dialog's row of a record whose decline led to a pay-or-accept wall", () => {
  it("says the decline came first, and that cookies were accepted on the page that asked for a yes or payment, not that no way to decline was found", async () => {
    const said = consentSv("accepted", "Godkänn och fortsätt", ["consent-decline-walled"], [], true);
    expect(said).toBe("Valfria cookies avvisades först, men webbplatsen visade då en sida eller ruta som bara gick vidare om cookies godkändes (eller om man betalade); de godkändes där (knappen ”Godkänn och fortsätt”)");
    expect(said).not.toContain("inget sätt att avvisa");
    expect(FLAG_SV["consent-decline-walled"]).toContain("krävde att de godkändes (eller att man betalade)");
  });
});

describe("the cookie dialog's row of a record declined by saving choices switched off", () => {
  it("says the optional choices were switched off and saved, where the save button's words (\"Tillåt urval\") read as an accept", () => {
    expect(consentSv("declined", "Tillåt urval")).toBe("Cookie-dialogen stängdes; valfria cookies avvisades: de valfria valen slogs av och sparades (knappen ”Tillåt urval”)");
    expect(consentSv("declined", "Bekräfta mina val")).toBe("Cookie-dialogen stängdes; valfria cookies avvisades: de valfria valen slogs av och sparades (knappen ”Bekräfta mina val”)");
    // A decline button is named as pressed.
    expect(consentSv("declined", "Neka alla")).toBe("Cookie-dialogen stängdes; valfria cookies avvisades (knappen ”Neka alla”)");
  });
});

describe("the remark of a bar fixed at the screen's foot, moved below the page", () => {
  it("says it is shown below the page's content, and, when the page was cut at its greatest height, that it is not in the picture", () => {
    expect(flagsSv(["bottom-bar-moved"], {})).toBe("en list som ligger fast längst ned på skärmen visas under sidans innehåll, så att den inte skymmer något");
    expect(flagsSv(["truncated", "bottom-bar-moved"], {})).toContain("en list som ligger fast längst ned på skärmen flyttades under sidans innehåll, så att den inte skymmer något; eftersom sidan kortades av kom listen inte med i ögonblicksbilden");
    expect(flagsSv(["truncated", "bottom-bar-moved"], {})).not.toContain("visas under sidans innehåll");
  });
});

describe("the browser row of a record taken by Chromium's headless shell", () => {
  it("says in Swedish what the shell is, and names the browser as taken otherwise", async () => {
    const { manifest } = await makeRecord(path.join(tmp, "shell"), {});
    const row = (browser: string) => recordSheet({ ...manifest, browser }, config.accounts[0]!, config).rows.find((r) => r.label === "Webbläsare")!.value;
    expect(row("Chromium 156.0.8078.129 (headless shell)")).toBe("Chromium 156.0.8078.129 (varianten utan fönster, med samma motor)");
    expect(row("Chromium 156.0.8078.129")).toBe("Chromium 156.0.8078.129");
  });
});

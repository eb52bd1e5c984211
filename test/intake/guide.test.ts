/**
 * The folder's LÄS MIG before the half-year's capture month: no account has its snapshot yet, as it
 * should be, which is said calmly in a line, not listed account by account as if each were missing.
 */
import { describe, expect, it } from "vitest";
import { folderGuide, guideFacts } from "../../src/intake/guide.ts";
import type { DeliveryItem } from "../../src/intake/types.ts";
import type { NotYetTaken } from "../../src/intake/types.ts";

const accounts: NotYetTaken["accounts"] = [
  { name: "Kommunen på Facebook", url: "https://www.facebook.com/kommunen" },
  { name: "Ungdomens hus", url: "https://www.instagram.com/ungdomenshus" },
  { name: "Biblioteket", url: "https://www.facebook.com/biblioteket" },
];
const text = (n: NotYetTaken) => folderGuide({ organisation: "Testkommunen", notYetTaken: n }).replace(/\r\n/g, "\n");

describe("LÄS MIG before the half-year's capture month", () => {
  it("says in one line when the half-year's snapshots are taken and of how many accounts, and names none", () => {
    const t = text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: true, active: 3, accounts });
    expect(t).toContain("Ögonblicksbilderna för halvåret 2027-H1 tas i juni, av de 3 konton som somarkiv bevarar.\n\nVarje handling");
    expect(t).not.toContain("Kommunen på Facebook");
    expect(t).not.toContain("inte tagen än");
    expect(t).not.toContain("syns därför inte här");
  });

  it("names only an account whose early attempt failed, with why in Swedish, and not the others", () => {
    const failed = [{ ...accounts[1]!, failed: { day: "2027-03-02", why: "webbplatsen kunde inte nås" } }, accounts[0]!, accounts[2]!];
    const t = text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: true, active: 3, accounts: failed });
    expect(t).toContain([
      "Ögonblicksbilderna för halvåret 2027-H1 tas i juni, av de 3 konton som somarkiv bevarar.",
      "Ett försök före juni misslyckades för ett av dem:",
      "  – Ungdomens hus, https://www.instagram.com/ungdomenshus: försöket 2027-03-02 misslyckades: webbplatsen kunde inte nås",
      "somarkiv försöker igen i juni,",
    ].join("\n"));
    expect(t).not.toContain("Kommunen på Facebook");
    expect(t).not.toContain("inte tagen än");
  });

  it("lists every account without its snapshot once the capture month has come", () => {
    const t = text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 3, accounts });
    expect(t).toContain("somarkiv bevarar 3 konton. Inget av dem har ännu någon ögonblicksbild för halvåret 2027-H1, och syns därför inte här:");
    expect(t).toContain("  – Biblioteket, https://www.facebook.com/biblioteket: inte tagen än (den tas i juni)\n");
  });

  it("says two as \"båda\", one of several as \"ett\", and none of them as \"inget av dem\"", () => {
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 2, accounts: [] })).toContain("Båda kontona som somarkiv bevarar har en ögonblicksbild för halvåret 2027-H1.\n");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 3, accounts: [] })).toContain("Alla 3 konton som somarkiv bevarar har en ögonblicksbild för halvåret 2027-H1.\n");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 3, accounts: [accounts[0]!] })).toContain("somarkiv bevarar 3 konton. Ett av dem har ännu ingen ögonblicksbild för halvåret 2027-H1");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 3, accounts: accounts.slice(0, 2) })).toContain("somarkiv bevarar 3 konton. 2 av dem har ännu ingen ögonblicksbild för halvåret 2027-H1");
  });

  it("says how many records taken have not come to the folder yet, when any", () => {
    const guide = (waiting: number, givenUp = 0) => folderGuide({ organisation: "Testkommunen", notYetTaken: { period: "2027-H1", active: 2, accounts: [] }, notHereYet: { waiting, givenUp } }).replace(/\r\n/g, "\n");
    expect(guide(1)).toContain("Båda kontona som somarkiv bevarar har en ögonblicksbild för halvåret 2027-H1.\n\nEn ögonblicksbild har tagits men har ännu inte kommit fram till den här mappen. somarkiv lämnar den här\nså snart det går, och den som sköter somarkiv ser varför i \"somarkiv status\".\n");
    expect(guide(2)).toContain("2 ögonblicksbilder har tagits men har ännu inte kommit fram till den här mappen. somarkiv lämnar dem här\n");
    expect(guide(0)).not.toContain("inte kommit fram");
    expect(guide(0)).not.toContain("kunde inte lämnas");
  });

  it("says a record whose delivery was given up waits for a person, not for somarkiv", () => {
    const guide = (waiting: number, givenUp: number) => folderGuide({ organisation: "Testkommunen", notYetTaken: { period: "2027-H1", active: 3, accounts: [] }, notHereYet: { waiting, givenUp } }).replace(/\r\n/g, "\n");
    expect(guide(0, 1)).toContain("Alla 3 konton som somarkiv bevarar har en ögonblicksbild för halvåret 2027-H1.\n\nEn ögonblicksbild har tagits men kunde inte lämnas i den här mappen, och somarkiv försöker inte igen av sig\nsjälv. Den som sköter somarkiv ser vad som hindrade den i \"somarkiv status\" och lämnar den här när det är ordnat.\n\nVarje handling");
    expect(guide(0, 1)).not.toContain("så snart det går");
    expect(guide(1, 2)).toContain("En ögonblicksbild har tagits men har ännu inte kommit fram till den här mappen. somarkiv lämnar den här\nså snart det går, och den som sköter somarkiv ser varför i \"somarkiv status\".\n2 ögonblicksbilder har tagits men kunde inte lämnas i den här mappen, och somarkiv försöker inte igen av sig\nsjälv. Den som sköter somarkiv ser vad som hindrade dem i \"somarkiv status\" och lämnar dem här när det är ordnat.\n");
  });

  it("says one account as one, in each of its states: never \"1 konton\"", () => {
    const one = [accounts[1]!];
    const failed = [{ ...accounts[1]!, failed: { day: "2027-03-02", why: "webbplatsen kunde inte nås" } }];
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 1, accounts: one }))
      .toContain("somarkiv bevarar 1 konto. Det har ännu ingen ögonblicksbild för halvåret 2027-H1, och syns därför inte här:\n  – Ungdomens hus,");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: false, active: 1, accounts: [] }))
      .toContain("Det konto som somarkiv bevarar har en ögonblicksbild för halvåret 2027-H1.\n");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: true, active: 1, accounts: one }))
      .toContain("Ögonblicksbilden för halvåret 2027-H1 tas i juni, av det konto som somarkiv bevarar.\n\nVarje handling");
    expect(text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: true, active: 1, accounts: failed })).toContain([
      "Ögonblicksbilden för halvåret 2027-H1 tas i juni, av det konto som somarkiv bevarar.",
      "Ett försök före juni misslyckades:",
      "  – Ungdomens hus, https://www.instagram.com/ungdomenshus: försöket 2027-03-02 misslyckades: webbplatsen kunde inte nås",
    ].join("\n"));
    for (const t of [true, false].flatMap((before) => [one, failed, []].map((a) => text({ period: "2027-H1", takenIn: "juni", beforeCaptureMonth: before, active: 1, accounts: a })))) {
      expect(t).not.toMatch(/\b1 konton\b|av dem/);
    }
  });
});

describe("the example the folder's LÄS MIG gives of recording a diary number", () => {
  const item = (dnr?: string) => ({ recordId: "facebook-kommun_2026-H2_v1", manifest: { organisation: { name: "Överkalix kommun" } }, ...(dnr ? { dnr } : {}) }) as unknown as DeliveryItem;
  it("is the record just delivered while it has no number, and a placeholder once it has one (an HTTP intake's), never asking to file it twice", () => {
    expect(folderGuide(guideFacts(item()))).toContain(`till exempel för den senast levererade, facebook-kommun_2026-H2_v1:\r\n  somarkiv registered facebook-kommun_2026-H2_v1 --dnr "KS 2026/123"`);
    const numbered = folderGuide(guideFacts(item("KS 2026/105")));
    expect(numbered).not.toContain("registered facebook-kommun_2026-H2_v1");
    // A placeholder id gives an example of this year; a record's own, of the year it was taken in.
    expect(numbered).toContain(`somarkiv registered HANDLINGENS_ID --dnr "KS ${new Date().getFullYear()}/123"`);
    expect(folderGuide(guideFacts({ ...item(), recordId: "facebook-kommun_2028-H1_v1" } as DeliveryItem))).toContain(`somarkiv registered facebook-kommun_2028-H1_v1 --dnr "KS 2028/123"`);
  });
});

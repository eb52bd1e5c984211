/**
 * The folder's LÄS MIG before the half-year's capture month: no account has its snapshot yet, as it
 * should be, which is said calmly in a line, not listed account by account as if each were missing.
 */
import { describe, expect, it } from "vitest";
import { folderGuide } from "../../src/intake/guide.ts";
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
    expect(t).toContain("somarkiv bevarar 3 konton. 3 av dem har ännu ingen ögonblicksbild för halvåret 2027-H1, och syns därför inte här:");
    expect(t).toContain("  – Biblioteket, https://www.facebook.com/biblioteket: inte tagen än (den tas i juni)\n");
  });
});

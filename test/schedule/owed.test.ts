import { describe, expect, it } from "vitest";
import { owedSaid } from "../../src/schedule/owed.ts";

describe("owedSaid", () => {
  it("names every account owing the half-year when they are few, with each one's last failure", () => {
    const said = owedSaid("2026-H1", ["kommun", "bibliotek"], [{ accountId: "bibliotek", day: "2026-06-03", error: "the page answered 404 (not found)." }]);
    expect(said).toContain("2 accounts have no snapshot of it: kommun, bibliotek. Make it up");
    expect(said).toContain("somarkiv capture --period 2026-H1");
    expect(said).toContain("bibliotek: its attempts at 2026-H1 failed, the last on 2026-06-03: the page answered 404 (not found); while that lasts");
    expect(said).not.toContain("more");
  });

  it("names twenty of a region's hundreds and says five failures, counting the rest and saying where each is named", () => {
    const owed = Array.from({ length: 300 }, (_, i) => `konto-${i}`);
    const failed = owed.slice(0, 40).map((accountId) => ({ accountId, day: "2026-06-02", error: "the network was down" }));
    const said = owedSaid("2026-H1", owed, failed);
    expect(said).toContain("300 accounts have no snapshot of it: konto-0, konto-1,");
    expect(said).toContain("konto-19 and 280 more (\"somarkiv status --json\" lists them all). Make it up");
    expect(said).not.toContain("konto-20,");
    expect(said.match(/its attempts at 2026-H1 failed/g)).toHaveLength(5);
    expect(said).toContain("konto-4: its attempts");
    expect(said).not.toContain("konto-5: its attempts");
    expect(said).toContain("the attempts at 2026-H1 of 35 more of them failed too (\"somarkiv status --json\" gives each one's last failure)");
    expect(said.length).toBeLessThan(1500);
  });
});

import { describe, expect, it } from "vitest";
import { enteredTwiceSaid, samePagePairsOf } from "../../src/register/same-address.ts";

/** Which entries of one address concern the accounts a command takes, found among all entries, closed ones too. */
describe("samePagePairsOf", () => {
  type Entry = { id: string; url: string; status: "active" | "closed" };
  const active = "active" as const;
  const a = { id: "kommun", url: "https://www.facebook.com/kommun", status: active };
  const b = { id: "bibliotek", url: "https://www.facebook.com/bibliotek", status: active };
  const a2 = { id: "kommun-2", url: "https://m.facebook.com/Kommun/?mibextid=abc", status: active };
  const a3 = { id: "kommun-3", url: "https://facebook.com/kommun#posts", status: active };
  const b2 = { id: "bibliotek-2", url: "https://facebook.com/bibliotek?fbclid=x", status: active };
  const all: Entry[] = [a, b, a2, a3, b2];
  const said = (asked: readonly Entry[], accounts: readonly Entry[] = all) =>
    samePagePairsOf(accounts, asked).map((p) => `${p.kind}: ${p.kept.id} < ${p.later.id}`);

  it("gives every pair of the page of the one asked for, those of other entries of it too, with the first entry as kept", () => {
    expect(said([a])).toEqual(["entered-twice: kommun < kommun-2", "entered-twice: kommun < kommun-3"]);
    // Every pair of the page of the one asked for: the one removing kommun-2 learns of kommun-3 too.
    expect(said([a2])).toEqual(["entered-twice: kommun < kommun-2", "entered-twice: kommun < kommun-3"]);
    expect(said([a3])).toEqual(["entered-twice: kommun < kommun-2", "entered-twice: kommun < kommun-3"]);
    expect(said([b2])).toEqual(["entered-twice: bibliotek < bibliotek-2"]);
  });

  it("gives every entry of one address when all are asked for, as config check and the worker find them", () => {
    expect(said(all)).toEqual(["entered-twice: kommun < kommun-2", "entered-twice: kommun < kommun-3", "entered-twice: bibliotek < bibliotek-2"]);
    expect(said([])).toEqual([]);
  });

  it("pairs an entry in use with a closed entry of its page as reopened, above it or below it, and with one in use before a closed one", () => {
    const old: Entry = { id: "kommun-gamla", url: "https://facebook.com/Kommun/", status: "closed" };
    const old2: Entry = { id: "kommun-aldre", url: "https://facebook.com/kommun", status: "closed" };
    expect(said([a], [old, a])).toEqual(["reopened: kommun-gamla < kommun"]);
    expect(said([a], [a, old])).toEqual(["reopened: kommun < kommun-gamla"]);
    // The closed one asked for (capture --account kommun-gamla --final) concerns the one in use beside it.
    expect(said([old], [old, a])).toEqual(["reopened: kommun-gamla < kommun"]);
    // The one below two entries, one closed and one in use, is told of the one in use, which is taken beside it.
    expect(said([a, a2], [old, a, a2])).toEqual(["reopened: kommun-gamla < kommun", "entered-twice: kommun < kommun-2"]);
    // Two closed entries: neither is taken by the accounts in use, so no record is made twice; each is
    // a pair when one of them is asked for (capture --account kommun-aldre --final).
    expect(said([a], [old, old2, a])).toEqual(["reopened: kommun-gamla < kommun"]);
    expect(said([old2], [old, old2, a])).toEqual(["entered-twice: kommun-gamla < kommun-aldre", "reopened: kommun-gamla < kommun"]);
  });
});

describe("enteredTwiceSaid", () => {
  it("says the entry to remove and how its records stay in the series, and to correct an address only when the names differ", () => {
    expect(enteredTwiceSaid({ id: "kommun-2" }, { id: "kommun" }, true)).toBe(`It is one account entered twice: remove the entry "kommun-2", and if records were already taken under "kommun-2", add formerIds: [kommun-2] to the entry "kommun", so that they stay in its series`);
    expect(enteredTwiceSaid({ id: "kommun-2" }, { id: "kommun" }, false)).toBe(`It is one account entered twice: remove the entry "kommun-2" (if one of the addresses is wrong, correct it instead), and if records were already taken under "kommun-2", add formerIds: [kommun-2] to the entry "kommun", so that they stay in its series`);
  });
});

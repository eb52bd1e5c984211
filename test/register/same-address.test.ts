import { describe, expect, it } from "vitest";
import { sameAddressesOf } from "../../src/register/same-address.ts";

/** Which entries of one address concern the accounts a capture --account takes, found among all entries. */
describe("sameAddressesOf", () => {
  const a = { id: "kommun", url: "https://www.facebook.com/kommun" };
  const b = { id: "bibliotek", url: "https://www.facebook.com/bibliotek" };
  const a2 = { id: "kommun-2", url: "https://m.facebook.com/Kommun/?mibextid=abc" };
  const a3 = { id: "kommun-3", url: "https://facebook.com/kommun#posts" };
  const b2 = { id: "bibliotek-2", url: "https://facebook.com/bibliotek?fbclid=x" };
  const all = [a, b, a2, a3, b2];
  const said = (asked: typeof all) => sameAddressesOf(all, asked).map((s) => `${s.account.id} < ${s.earlier.map((e) => e.id).join(",")}`);

  it("gives the entries repeating the one asked for, and those it repeats, with the first entry as kept", () => {
    expect(said([a])).toEqual(["kommun-2 < kommun", "kommun-3 < kommun,kommun-2"]);
    expect(said([a2])).toEqual(["kommun-2 < kommun", "kommun-3 < kommun,kommun-2"]);
    expect(said([a3])).toEqual(["kommun-3 < kommun,kommun-2"]);
    expect(said([b2])).toEqual(["bibliotek-2 < bibliotek"]);
  });

  it("gives every entry of one address when all are asked for, as config check and the worker find them", () => {
    expect(said(all)).toEqual(["kommun-2 < kommun", "kommun-3 < kommun,kommun-2", "bibliotek-2 < bibliotek"]);
    expect(said([])).toEqual([]);
  });
});

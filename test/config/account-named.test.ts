import { describe, it, expect } from "vitest";
import { configTextChecker } from "../helpers/cli.ts";
import { ordinal } from "../../src/config/place.ts";

/**
 * How the messages about config/somarkiv.yaml name what they are about, for a communicator who
 * edits it by hand and does not count the accounts from zero. Each file is written as typed.
 */
const HEAD = "storage:\n  type: filesystem\n  path: objects\nintake:\n  - type: directory\n    path: intake\ndatabase: somarkiv.sqlite\norganisation:\n  name: Överkalix kommun\n";

describe("configuration messages that name an account", () => {
  const { check, path } = configTextChecker();

  it("names an account by its id, else its name, else its place counted from one, in every message, where it was accounts[n]", async () => {
    const r = await check(`${HEAD}accounts:
  - id: facebook-kommun
    name: Överkalix kommun
    platform: facebook
    url: https://www.facebook.com/overkalix
  - id: facebook-kommun
    name: Ungdomens hus
    platform: facebook
    url: ftp://www.facebook.com/ung
  - name: Biblioteket
    platform: instagram
    url: https://www.instagram.com/bibl
  - platform: instagram
    url: https://www.instagram.com/x
  - id: Facebook-Kommun
    name: Kommunen igen
    platform: facebook
    url: https://www.facebook.com/k2
    syfte: Informera
`);
    expect(r.code).toBe(2);
    const f = path();
    expect(r.stderr.trim().split("\n").slice(1).map((l) => l.trim())).toEqual([
      `${f}:15: account "facebook-kommun" (2nd in the list), id: "facebook-kommun" is already used by the 1st account in the list, named "Överkalix kommun"; every account needs its own id.`,
      `${f}:18: account "facebook-kommun" (2nd in the list), url: must be an http: or https: web address (found "ftp://www.facebook.com/ung").`,
      `${f}:19: account named "Biblioteket" (3rd in the list), id: is missing; it is required.`,
      `${f}:22: the 4th account in the list, id: is missing; it is required.`,
      `${f}:22: the 4th account in the list, name: is missing; it is required.`,
      `${f}:24: account "Facebook-Kommun" (5th in the list), id: must be lower-case letters a-z, digits and '-' only, for example "facebook-kommun-2" ("facebook-kommun" is already used by the 1st account in the list, named "Överkalix kommun") (found "Facebook-Kommun").`,
      `${f}:28: account "Facebook-Kommun" (5th in the list): unknown setting "syfte"; did you mean "purpose"? the settings' names are in English; check the spelling against the README.`,
    ]);
    expect(r.stderr).not.toMatch(/accounts\[\d/);
  });

  it("names the account of a collective-case map that lacks this year by its id, where it was accounts[n].records.collectiveCase", async () => {
    const year = new Date().getFullYear();
    const r = await check(`${HEAD}  website: https://www.overkalix.se\naccounts:
  - id: fb
    name: Kommunen
    platform: facebook
    url: https://www.facebook.com/overkalix
    records:
      collectiveCase:
        "${year - 5}": KS ${year - 5}/3
`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`records WARNING: account "fb" (1st in the list), records.collectiveCase lists ${year - 5} but not ${year}`);
    expect(r.stdout).toContain(`add "${year}": "KS ${year}/…"`);
    expect(r.stdout).toMatch(/to the records\.collectiveCase of account "fb"\./);
    expect(r.stdout).not.toMatch(/accounts\[\d/);
  });
});

describe("an account's place in the list, as a message says it", () => {
  it("is 1st, 2nd, 3rd, then th, and th for 11 to 13 of every hundred", () => {
    const said = [1, 2, 3, 4, 10, 11, 12, 13, 14, 21, 22, 23, 101, 111, 112, 113, 121].map(ordinal);
    expect(said).toEqual(["1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "14th", "21st", "22nd", "23rd", "101st", "111th", "112th", "113th", "121st"]);
  });
});

import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig, loadConfig, ConfigError } from "../../src/config/index.ts";
import { closestCommand } from "../../src/cli/main.ts";
import { collectiveCaseGaps } from "../../src/record/index.ts";
import { periodOf } from "../../src/schedule/index.ts";
import { spawn } from "node:child_process";
import { runCli, makeWorkspace, account, BIN, type Workspace, unnamed } from "../helpers/cli.ts";

const FILE = "/srv/somarkiv/somarkiv.yaml";

function problems(yaml: string): string[] {
  try {
    parseConfig(yaml, FILE);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error("expected the configuration to be refused");
}

const ORG = "organisation:\n  name: Överkalix kommun\n";
const acc = (id: string, extra = "") => `  - id: ${id}\n    name: Konto ${id}\n    platform: facebook\n    url: https://www.facebook.com/${id}\n${extra}`;

describe("configuration", () => {
  it("accepts a complete file, fills defaults and resolves relative paths against the file's folder", () => {
    const c = parseConfig(`${ORG}storage:\n  type: filesystem\n  path: data/objects\ndatabase: data/log.sqlite\naccounts:\n${acc("facebook-kommun")}`, FILE);
    expect(c.storage).toEqual({ type: "filesystem", path: "/srv/somarkiv/data/objects" });
    expect(c.database).toBe("/srv/somarkiv/data/log.sqlite");
    expect(c.schedule).toMatchObject({ timezone: "Europe/Stockholm", months: [6, 12], cron: "0 6 * * *" });
    expect(c.capture).toMatchObject({ viewport: { width: 1280, height: 900 }, locale: "sv-SE", timeoutSeconds: 120, concurrency: 2 });
    expect(c.pdf.conformance).toBe("2b");
    expect(c.intake).toEqual([{ type: "directory", path: "/srv/somarkiv/archive/intake" }]);
    expect(c.accounts[0].status).toBe("active");
  });

  it("names the time zone meant when one is mistyped, and the setting's name once", () => {
    const p = problems(`${ORG}schedule:\n  timezone: Europe/Stokholm\nstorage:\n  type: s4\naccounts:\n${acc("ok")}`);
    expect(p).toEqual([
      `${FILE}:4: schedule.timezone: must be an IANA time zone such as Europe/Stockholm (found "Europe/Stokholm"); did you mean "Europe/Stockholm"?`,
      `${FILE}:6: storage.type: must be filesystem or s3 (found "s4").`,
    ]);
    expect(problems(`${ORG}schedule:\n  timezone: Mars/Olympus\naccounts:\n${acc("ok")}`)[0]).not.toContain("did you mean");
  });

  it("gives the problems in the file's order, whatever order the settings are checked in", () => {
    const p = problems(`${ORG}schedule:\n  cron: "0 6 * *"\n  timezone: Europa/Stockholm\naccounts:\n${acc("ok")}`);
    expect(p).toHaveLength(2);
    expect(p[0]).toMatch(new RegExp(`^${FILE}:4: schedule\\.cron`));
    expect(p[1]).toMatch(new RegExp(`^${FILE}:5: schedule\\.timezone`));
  });

  it("names the file, the line, the path inside it and what is wrong, one line per problem", () => {
    const p = problems(`${ORG}accounts:\n${acc("ok")}  - id: Bad Id\n    name: x\n    platform: myspace\n    url: ftp://example.se/x\n`);
    expect(p).toEqual([
      `${FILE}:8: account "Bad Id" (2nd in the list), id: must be lower-case letters a-z, digits and '-' only, for example "bad-id" (found "Bad Id").`,
      expect.stringMatching(new RegExp(`^${FILE}:10: account "Bad Id" \\(2nd in the list\\), platform: must be one of: facebook, instagram, .* \\(found "myspace"\\)\\.$`)),
      `${FILE}:11: account "Bad Id" (2nd in the list), url: must be an http: or https: web address (found "ftp://example.se/x").`,
    ]);
  });

  it("makes a control character in a text a space (a line break pasted from a word processor, U+000B), keeping line breaks and tabs", () => {
    const c = parseConfig(`${ORG}accounts:\n  - id: bib\n    name: "Överkalix\\vbibliotek"\n    platform: other\n    url: https://example.se/bib\n    purpose: "Rad ett\\nRad två"\n`, FILE);
    expect(c.accounts[0]!.name).toBe("Överkalix bibliotek");
    expect(c.accounts[0]!.purpose).toBe("Rad ett\nRad två");
  });

  it("refuses a line break in a name that goes into the record's title and the e-mail's subject, naming the line; a purpose may have one", () => {
    const p = problems(`organisation:\n  name: "Överkalix\\nkommun"\naccounts:\n  - id: bib\n    name: "Överkalix\\nkommun 🎄"\n    platform: other\n    url: https://example.se/bib\n    purpose: "Rad ett\\nRad två"\n    responsible:\n      name: "Anna\\r\\nAndersson"\n    records:\n      collectiveCase:\n        "2026": "KS\\n2026/45"\n`);
    expect(p).toEqual([
      expect.stringMatching(new RegExp(`^${FILE}:2: organisation\\.name: must be on one line, without a line break or tab: it goes into each record's title, .*\\(found "Överkalix.{2}kommun"\\)\\.$`)),
      `${FILE}:5: account "bib" (1st in the list), name: must be on one line, without a line break or tab: it goes into each record's title, record sheet and the e-mail to the registrar ("Ögonblicksbild … 2026 H2"), and the public list's lines. Write it on one line (found "Överkalix\\nkommun 🎄").`,
      expect.stringMatching(new RegExp(`^${FILE}:10: account "bib" \\(1st in the list\\), responsible\\.name: must be on one line`)),
      expect.stringMatching(new RegExp(`^${FILE}:13: account "bib" \\(1st in the list\\), records\\.collectiveCase\\.2026: must be on one line`)),
    ]);
  });

  it("refuses an account's or a person's name too long for a record's title, saying how long it is; a long purpose is taken", () => {
    const long = "Överkalix kommuns fritidsgård ".repeat(10).trim();
    const p = problems(`${ORG}accounts:\n  - id: fb\n    name: "${long}"\n    platform: facebook\n    url: https://www.facebook.com/x\n    purpose: "${"Informera om fritidsgårdens verksamhet. ".repeat(20)}"\n    responsible:\n      name: "${"Märta Öhman ".repeat(20)}"\n`);
    expect(p).toEqual([
      `${FILE}:5: account "fb" (1st in the list), name: is ${long.length} characters long; at most 200 fit a record's title and sheet. Shorten it (the purpose and audience can be longer) (found "${long.slice(0, 76)}…").`,
      expect.stringMatching(/:10: account "fb" \(1st in the list\), responsible\.name: is 239 characters long; at most 200 fit/),
    ]);
  });

  it("refuses an invisible mark that turns the text after it around in a name (U+202E pasted with it)", () => {
    const p = problems(`${ORG}accounts:\n  - id: fb\n    name: "Kommunen \u202eslut"\n    platform: facebook\n    url: https://www.facebook.com/x\n`);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/account "fb" \(1st in the list\), name: holds an invisible mark that turns the direction of the text after it \(U\+202A–U\+202E or U\+2066–U\+2069, pasted with the text\)/);
    // A right-to-left name is no such mark: its letters go their own way.
    expect(parseConfig(`${ORG}accounts:\n  - id: fb\n    name: "بلدية أوفركاليكس"\n    platform: facebook\n    url: https://www.facebook.com/x\n`, FILE).accounts[0]!.name).toBe("بلدية أوفركاليكس");
  });

  it("says a platform written with capitals is written in lower case", () => {
    expect(problems(`${ORG}accounts:\n  - id: fb\n    name: x\n    platform: Facebook\n    url: https://www.facebook.com/x\n`)).toEqual([`${FILE}:6: account "fb" (1st in the list), platform: is written in lower case: platform: facebook (found "Facebook").`]);
  });

  it("suggests an id made of the one written, without å, ä, ö and spaces", () => {
    expect(problems(`${ORG}accounts:\n${acc("Överkalix Kommun – Fritid")}`)[0]).toContain(`only, for example "overkalix-kommun-fritid" (found "Överkalix Kommun – Fritid")`);
  });

  it("says to begin an address copied without its https:// with it, and how it then reads", () => {
    const p = problems(`${ORG}accounts:\n${acc("ok")}  - id: fb\n    name: x\n    platform: facebook\n    url: www.facebook.com/overkalixkommun\n`);
    expect(p).toEqual([`${FILE}:11: account "fb" (2nd in the list), url: lacks its https:// at the start (write "https://www.facebook.com/overkalixkommun") (found "www.facebook.com/overkalixkommun").`]);
    expect(problems(`${ORG}accounts:\n${acc("ok")}  - id: ig\n    name: x\n    platform: instagram\n    url: instagram.com/överkalix\n`)[0]).toContain(`(write "https://instagram.com/överkalix")`);
    expect(problems(`${ORG}accounts:\n${acc("ok")}  - id: x\n    name: x\n    platform: x\n    url: Kommunens sida\n`)[0]).toContain("must be an http: or https: web address");
  });

  it("refuses duplicate account ids, naming both places", () => {
    expect(problems(`${ORG}accounts:\n${acc("a")}${acc("b")}${acc("a")}`)).toEqual([
      `${FILE}:12: account "a" (3rd in the list), id: "a" is already used by the 1st account in the list, named "Konto a"; every account needs its own id.`,
    ]);
  });

  it("refuses the same intake twice (a copied entry), naming both, whatever the trailing slash or the address's case", () => {
    const intake = `intake:\n  - { type: directory, path: /mnt/inkorg }\n  - { type: email, to: Registrator@x.se, from: s@x.se, smtpUrlEnv: SMTP }\n  - { type: directory, path: /mnt/inkorg/ }\n  - { type: email, to: registrator@x.se, from: s@x.se, smtpUrlEnv: SMTP }\n`;
    expect(problems(`${ORG}${intake}accounts:\n${acc("a")}`)).toEqual([
      `${FILE}:6: intake (3rd, folder): the same place as the 1st intake (folder /mnt/inkorg); each place receives a record once, so remove one of them.`,
      `${FILE}:7: intake (4th, e-mail): the same place as the 2nd intake (e-mail registrator@x.se); each place receives a record once, so remove one of them.`,
    ]);
  });

  it("refuses a Windows path for the log, the store, an intake folder and a login session, saying to write the folder as the server sees it", () => {
    const file = `${ORG}database: C:\\somarkiv\\data\\somarkiv.sqlite\nstorage:\n  type: filesystem\n  path: D:/Arkiv/somarkiv\nintake:\n  - type: directory\n    path: \\\\filserver\\registrator\\inkorg\naccounts:\n${acc("a", "    login: { storageState: 'sessions\\a.json' }\n")}`;
    const p = problems(file);
    expect(p).toHaveLength(4);
    // Each with an example of its own kind: the log's is no intake folder, where a log is refused.
    expect(p.join("\n")).toMatch(/:3: database: is a Windows path \(it begins with the drive C:\); somarkiv runs on a Linux server .* for example \/var\/lib\/somarkiv\/somarkiv\.sqlite,/);
    expect(p.join("\n")).toMatch(/intake \(1st, folder\), path: is a Windows path .* for example \/mnt\/registrator\/inkorg,/);
    expect(p.join("\n")).toContain("storage.path: is a Windows path (it begins with the drive D:)");
    expect(p.join("\n")).toContain("intake (1st, folder), path: is a Windows path (a network share written \\\\server\\share)");
    expect(p.join("\n")).toContain('account "a" (1st in the list), login.storageState: is a Windows path (its folders are separated by \\)');
  });

  it("refuses a path only a shell would expand (~, $HOME, %APPDATA%), where a folder named \"~\" was made beside the configuration", () => {
    const file = `${ORG}database: ~/somarkiv-data/somarkiv.sqlite\nstorage:\n  type: filesystem\n  path: $HOME/arkiv\nintake:\n  - type: directory\n    path: \${REGISTRATOR}/inkorg\naccounts:\n${acc("a", "    login: { storageState: '~somarkiv/a.json' }\n")}`;
    const p = problems(file).join("\n");
    expect(problems(file)).toHaveLength(4);
    expect(p).toContain(`${FILE}:3: database: begins with "~", a home folder, which only a command shell replaces; somarkiv reads the path as written and would make a folder of that name beside the configuration file. Write the whole path from /, for example /var/lib/somarkiv/somarkiv.sqlite (found "~/somarkiv-data/somarkiv.sqlite").`);
    expect(p).toMatch(/:6: storage\.path: has the variable \$HOME in it, which only a command shell replaces; .* for example \/var\/lib\/somarkiv\/arkiv \(found/);
    expect(p).toMatch(/:9: intake \(1st, folder\), path: has the variable \$\{REGISTRATOR\} in it, .* for example \/mnt\/registrator\/inkorg \(found/);
    expect(p).toMatch(/account "a" \(1st in the list\), login\.storageState: begins with "~somarkiv", a home folder, .* for example \/var\/lib\/somarkiv\/inloggning\/konto\.json \(found/);
    // A lone "~" is YAML's empty value: said as empty, not as left out, with what it is not.
    expect(problems(`${ORG}storage:\n  type: filesystem\n  path: ~\naccounts:\n${acc("a")}`)).toEqual([`${FILE}:5: storage.path: is empty; it is required. (A lone "~" is read as empty, not as a home folder: write the whole path from /.)`]);
    // A tilde or a dollar sign inside a name is a name.
    expect(parseConfig(`${ORG}storage:\n  type: filesystem\n  path: /srv/arkiv~gammalt/kr$\naccounts:\n${acc("a")}`, FILE).storage).toEqual({ type: "filesystem", path: "/srv/arkiv~gammalt/kr$" });
  });

  it("takes readme: false for a directory intake and says what else it may be", () => {
    expect(parseConfig(`${ORG}intake:\n  - { type: directory, path: /mnt/import, readme: false }\naccounts:\n${acc("a")}`, FILE).intake).toEqual([{ type: "directory", path: "/mnt/import", readme: false }]);
    expect(problems(`${ORG}intake:\n  - { type: directory, path: /mnt/import, readme: nej }\naccounts:\n${acc("a")}`)[0]).toMatch(/^.*:4: intake \(1st, folder\), readme: must be true or false/);
  });

  it("refuses an empty intake list: records would be stored and never reach the registrar", () => {
    expect(problems(`${ORG}intake: []\naccounts:\n${acc("a")}`)).toEqual([
      expect.stringMatching(new RegExp(`^${FILE}:\\d+: intake: needs at least one place where the registrar receives records \\(leave intake out for the folder archive/intake\\)`)),
    ]);
  });

  it("says what a value of the wrong kind should look like, not zod's \"expected array, received object\"", () => {
    const p = problems(`${ORG}schedule:\n  months: [juni, 12]\ncapture:\n  viewport: 1280x900\n  timeoutSeconds: 2 min\n  concurrency: 0\nintake: { type: directory, path: /srv/inkorg }\naccounts:\n${acc("a")}`);
    expect(p).toEqual([
      `${FILE}:4: schedule.months (1st): a month is written as its number, 1 to 12 (June is 6, December 12) (found "juni").`,
      `${FILE}:6: capture.viewport: must be the width and height in pixels: viewport: { width: 1280, height: 900 } (found "1280x900").`,
      `${FILE}:7: capture.timeoutSeconds: must be a number (found "2 min").`,
      `${FILE}:8: capture.concurrency: must be at least 1 (found 0).`,
      `${FILE}:9: intake: must be a list: each entry on its own line, starting with "- " (found { type: directory, path: /srv/inkorg }).`,
    ]);
    // The schema's own words stay.
    expect(problems(`${ORG}schedule:\n  months: [13]\naccounts:\n${acc("a")}`)).toEqual([`${FILE}:4: schedule.months (1st): months are 1-12 (found 13).`]);
    expect(problems(`${ORG}schedule:\n  months: []\naccounts:\n${acc("a")}`)).toEqual([`${FILE}:4: schedule.months: name at least one capture month, e.g. [6, 12] for June and December, the half-year changes the policy names; without one nothing is ever captured (found []).`]);
  });

  it("refuses javascript:, file: and malformed addresses", () => {
    for (const url of ["javascript:alert(1)", "file:///etc/passwd", "not a url", "//www.facebook.com/x"]) {
      const p = problems(`${ORG}accounts:\n  - id: a\n    name: a\n    platform: x\n    url: "${url}"\n`);
      expect(p.join("\n")).toContain('account "a" (1st in the list), url: must be an http: or https: web address');
    }
  });

  it("refuses an address with a user name or password in it, without printing the password", () => {
    for (const url of ["https://anna:hemligt@www.facebook.com/overkalix", "https://:hemligt@www.facebook.com/x", "https://anna@www.facebook.com/x"]) {
      const p = problems(`${ORG}accounts:\n  - id: a\n    name: a\n    platform: x\n    url: "${url}"\n`);
      expect(p).toHaveLength(1);
      expect(p[0]).toMatch(/account "a" \(1st in the list\), url: must not contain a user name or password .*somarkiv login --account ID/);
      expect(p[0]).toContain("www.facebook.com");
      expect(p[0]).not.toContain("hemligt");
      expect(p[0]).not.toContain("anna");
    }
    // A secret itself under a setting of its own: where it goes instead, and never the value.
    const written = problems(`${ORG}intake:\n  - { type: email, to: r@x.se, from: s@x.se, smtpUrlEnv: SMTP, smtpUrl: "smtp://u:topsecret@mail.x.se" }\n  - { type: http, url: "https://diarium.example.se/in", token: "topsecret" }\nstorage: { type: s3, bucket: b, secretAccessKey: "topsecret" }\naccounts:\n${acc("ok")}`).join("\n");
    expect(written).toMatch(/intake \(1st, e-mail\): "smtpUrl" would put a secret in the file, which somarkiv does not take .*name the variable holding the SMTP URL with smtpUrlEnv/);
    expect(written).toMatch(/intake \(2nd, HTTP\): "token" would put a secret in the file/);
    expect(written).toMatch(/storage: "secretAccessKey" would put a secret in the file/);
    expect(written).not.toContain("topsecret");
    const intake = problems(`${ORG}intake:\n  - { type: http, url: "https://somarkiv:topsecret@diarium.example.se/in" }\naccounts:\n${acc("ok")}`);
    expect(intake.join("\n")).toMatch(/intake \(1st, HTTP\), url: must not contain a user name or password/);
    expect(intake.join("\n")).not.toContain("topsecret");
  });

  it("reports missing required settings and unknown settings", () => {
    const p = problems(`organisation: {}\naccount:\n  - id: a\n`);
    expect(p).toContain(`${FILE}:1: organisation.name: is missing; it is required.`);
    // On the setting's own line (2), not on the first line under it.
    expect(p).toContain(`${FILE}:2: at the top of the file: unknown setting "account"; did you mean "accounts"? check the spelling against the README.`);
    // A slip in a setting's name anywhere is answered with the one meant; a word far from any is not guessed at.
    const slip = problems(`${ORG}capture:\n  timeoutSecond: 60\n  colour: red\naccounts:\n${acc("ok")}`).join("\n");
    expect(slip).toContain(`capture: unknown settings "timeoutSecond", "colour"; did you mean "timeoutSeconds"? check the spelling against the README.`);
  });

  it("says a misspelt required setting once, as the spelling to mend, not also as missing", () => {
    const top = problems(`organization:\n  name: Överkalix kommun\naccounts:\n${acc("ok")}`);
    expect(top).toEqual([`${FILE}:1: at the top of the file: unknown setting "organization"; did you mean "organisation"? check the spelling against the README.`]);
    // In an account, and two names meant as one setting: the setting named once.
    const inAccount = problems(`${ORG}accounts:\n  - id: ok\n    nme: Konto\n    platform: facebook\n    url: https://www.facebook.com/ok\n    syfte: Information\n    purpse: Information\n`);
    expect(inAccount).toEqual([
      `${FILE}:5: account "ok" (1st in the list): unknown settings "nme", "syfte", "purpse"; did you mean "name", "purpose"? the settings' names are in English; check the spelling against the README.`,
    ]);
    // A required setting missing with nothing near it written is still said to be missing.
    expect(problems(`${ORG}accounts:\n  - id: ok\n    platform: facebook\n    url: https://www.facebook.com/ok\n    colour: red\n`)).toEqual([
      `${FILE}:4: account "ok" (1st in the list), name: is missing; it is required.`,
      `${FILE}:7: account "ok" (1st in the list): unknown setting "colour"; check the spelling against the README.`,
    ]);
  });

  it("shows a group or list it quotes as it is written in the file, and says where a second person goes", () => {
    const p = problems(`${ORG}accounts:\n${acc("ok")}    responsible: [Anna Andersson, Bo Berg]\n`);
    expect(p).toEqual([
      `${FILE}:8: account "ok" (1st in the list), responsible: is one person, written with the name after "name:" and, if wanted, the e-mail address after "email:", on one line: responsible: { name: Anna Andersson, email: … }; the people who administer the account are listed under "administrators:", each on a line of its own starting with "- " (found [ Anna Andersson, Bo Berg ]).`,
    ]);
    // A long group is cut where it is quoted, with no quotation mark left open.
    const long = problems(`${ORG}intake: { type: directory, path: /srv/${"a".repeat(90)} }\naccounts:\n${acc("ok")}`)[0]!;
    expect(long).toMatch(/\(found \{ type: directory, path: \/srv\/a+…\)\.$/);
  });

  it("says where a setting belongs when it is written in the wrong place, not to check a spelling that is right", () => {
    const top = problems(`${ORG}administrators:\n  - { name: Anna, email: anna@example.se }\nconcurrency: 2\ntimeoutSecond: 30\naccounts:\n${acc("ok")}`).join("\n");
    // Right names in the wrong place and one misspelt, in the same group: each answered as it is.
    expect(top).toContain(`at the top of the file: "administrators" is a setting in each account, beside its id and name, not here; move it there; "concurrency" is a setting under capture:, not here; move it there; unknown setting "timeoutSecond"; did you mean "timeoutSeconds" (under capture:)? check the spelling against the README.`);
    const alone = problems(`${ORG}administrators:\n  - { name: Anna, email: anna@example.se }\naccounts:\n${acc("ok")}`).join("\n");
    expect(alone).toContain(`at the top of the file: "administrators" is a setting in each account, beside its id and name, not here; move it there (see the example in the README).`);
    expect(top).not.toContain(`did you mean "administrators"`);
    const inAccount = problems(`${ORG}accounts:\n${acc("ok")}    months: [6, 12]\n`).join("\n");
    expect(inAccount).toContain(`account "ok" (1st in the list): "months" is a setting under schedule:, not here; move it there`);
  });

  it("names an entry of a list by its place counted from one, an intake also by its kind", () => {
    const p = problems(`${ORG}intake:\n  - { type: directory, path: /srv/inkorg }\n  - { type: email, to: "inte-en-adress" }\naccounts:\n${acc("ok")}    administrators:\n      - { name: Anna, email: anna@example.se }\n      - { name: Bo, email: "bo at example" }\n`).join("\n");
    expect(p).toContain(`intake (2nd, e-mail), to: must be an e-mail address: it has no "@" (found "inte-en-adress").`);
    expect(p).toContain(`account "ok" (1st in the list), administrators (2nd), email: must be an e-mail address: it has no "@" (found "bo at example").`);
    expect(p).not.toMatch(/\[[01]\]/);
  });

  it("says of an e-mail address without its domain's ending, or with two \"@\", what is wrong with it", () => {
    const p = problems(`${ORG}intake:\n  - { type: email, to: "registrator@overkalix" }\n  - { type: email, to: "a@b@overkalix.se" }\naccounts:\n${acc("ok")}`).join("\n");
    expect(p).toContain(`intake (1st, e-mail), to: must be an e-mail address: the part after "@" has no ending such as ".se" (write the whole address, e.g. registrator@overkalix.se) (found "registrator@overkalix").`);
    expect(p).toContain(`intake (2nd, e-mail), to: must be an e-mail address: it has more than one "@"; an address has one (found "a@b@overkalix.se").`);
  });

  it("reports YAML syntax errors with their line", () => {
    const p = problems(`${ORG}accounts:\n  - id: a\n   name: [unclosed\n`);
    expect(p[0]).toMatch(new RegExp(`^${FILE}:\\d+:\\d+: the file is not valid YAML`));
  });

  it("says YAML's slips in the words of someone editing the file: a brace left open on its own line, tabs once, a setting given twice", () => {
    expect(problems(`organisation: { name: X\naccounts: []\n`)).toEqual([`${FILE}:1:1: the file is not valid YAML: the { opened on line 1 is not closed with }; close it on the same line, or write the settings below each other without braces`]);
    // Tabs on three lines are one problem, not three and the same key read twice besides.
    expect(problems(`organisation:\n\tname: X\naccounts:\n\t- id: a\n\t  name: b\n`)).toEqual([`${FILE}:2:1: the file is not valid YAML: lines 2, 4, 5 have a tab in their indent; YAML indents with spaces only: replace each tab with spaces, lined up with the settings of the same group`]);
    expect(problems(`${ORG}${ORG}accounts: []\n`)[0]).toMatch(/: the file is not valid YAML: "organisation" is given twice in the same group, on line 1 and on line \d+; keep one of them$/);
    // Named, with the other line, in an account's group; the account above, with the same setting, is another group.
    const twice = problems(`${ORG}accounts:\n${acc("a")}${acc("b").replace(/(\n    platform: [^\n]*\n)/, "$1    platform: instagram\n")}`)[0]!;
    expect(twice).toMatch(/: the file is not valid YAML: "platform" is given twice in the same group, on line (\d+) and on line (\d+); keep one of them$/);
    const [, first, second] = /on line (\d+) and on line (\d+)/.exec(twice)!;
    expect(Number(second) - Number(first)).toBe(1);
    expect(problems(`organisation:\n  name: X\n name2: y\n`)[0]).toContain("line 3 is indented differently from the settings above it in the same group");
    expect(problems(`organisation: { name: "X }\n`)[0]).toContain("a quotation mark opened before line");
    // A no-break space pasted from Word in an indent: said as such, once, where the parser spoke of
    // "compact mappings" and blamed a line below that was right.
    const odd = "has a space that is not an ordinary one (a no-break space or another wide or narrow space, as text pasted from Word or a web page has) in the indent, after a \"-\" or after a setting's \":\"; YAML takes ordinary spaces only there: delete that space and type it again with the space bar";
    expect(problems(`organisation:\n  name: X\n  website: https://x.se\naccounts:\n  - id: a\n\u00a0   name: b\n    platform: facebook\n`)).toEqual([`${FILE}:6:1: the file is not valid YAML: line 6 ${odd}`]);
    // The same paste after a list's "-" or a setting's ":"; one inside a value is the value's own.
    expect(problems(`organisation:\n  name: X\naccounts:\n  -\u00a0id: a\n    name:\u2003Konto A\n    platform: facebook\n`)).toEqual([`${FILE}:4:1: the file is not valid YAML: lines 4, 5 ${odd.replace("has a", "have a")}`]);
  });

  it("checks values' ranges: months, time zone, viewport, conformance, storage type", () => {
    const p = problems(`${ORG}schedule:\n  months: [0, 13]\n  timezone: Mars/Olympus\ncapture:\n  viewport: { width: 10, height: 900 }\npdf:\n  conformance: 3a\nstorage:\n  type: ftp\n`);
    const text = p.join("\n");
    expect(text).toContain("schedule.months (1st): months are 1-12");
    expect(text).toContain("schedule.months (2nd): months are 1-12");
    expect(text).toContain("schedule.timezone: must be an IANA time zone");
    expect(text).toContain("capture.viewport.width");
    expect(text).toContain("pdf.conformance: must be 2b or 1b");
    expect(text).toContain("storage.type: must be filesystem or s3");
  });

  it("names the type meant where storage is given an intake's word for a folder, or an intake the store's", () => {
    const store = problems(`${ORG}storage:\n  type: directory\n  path: /srv/arkiv\n`).join("\n");
    expect(store).toContain(`storage.type: must be filesystem or s3; for a store in a folder on this machine write type: filesystem (not "directory")`);
    const intake = problems(`${ORG}intake:\n  - type: filesystem\n    path: /srv/registrator\n`).join("\n");
    expect(intake).toContain(`intake (1st), type: must be directory, email or http; for a folder intake write type: directory (not "filesystem")`);
  });

  it("names the type meant by other words for it: an e-mail or HTTP intake, an S3-compatible store", () => {
    const intake = problems(`${ORG}intake:\n  - { type: e-mail, to: r@x.se, from: s@x.se, smtpUrlEnv: SMTP }\n  - { type: webhook, url: "https://diarium.x.se/in" }\naccounts:\n${acc("ok")}`);
    expect(intake).toEqual([
      `${FILE}:4: intake (1st), type: must be directory, email or http; for an e-mail intake write type: email (not "e-mail") (found "e-mail").`,
      `${FILE}:5: intake (2nd), type: must be directory, email or http; for an HTTP intake write type: http (not "webhook") (found "webhook").`,
    ]);
    expect(problems(`${ORG}storage:\n  type: MinIO\n  bucket: arkiv\naccounts:\n${acc("ok")}`).join("\n")).toContain(`storage.type: must be filesystem or s3; for an S3-compatible store write type: s3 (not "MinIO")`);
    // A word for no type is not guessed at.
    expect(problems(`${ORG}storage:\n  type: s4\naccounts:\n${acc("ok")}`).join("\n")).toContain(`storage.type: must be filesystem or s3 (found`);
  });

  it("says what a missing setting of an intake or a store is, where its name alone says little", () => {
    const p = problems(`${ORG}intake:\n  - type: email\n    to: registrator@x.se\nstorage:\n  type: s3\naccounts:\n${acc("ok")}`);
    expect(p).toEqual([
      `${FILE}:4: intake (1st, e-mail), from: is missing; it is required: the address the e-mail is sent from, e.g. from: somarkiv@kommun.se.`,
      `${FILE}:4: intake (1st, e-mail), smtpUrlEnv: is missing; it is required: the name of the environment variable that holds the mail server's address (smtp://user:password@mail.kommun.se:587), e.g. smtpUrlEnv: SOMARKIV_SMTP_URL; the address itself is never written in the file.`,
      `${FILE}:7: storage.bucket: is missing; it is required: the name of the S3 bucket the records are stored in.`,
    ]);
  });

  it("reads the capture months written as a text of months, and an account's status in Swedish, as what they were meant as", () => {
    const months = (written: string) => problems(`${ORG}schedule:\n  months: ${written}\naccounts:\n${acc("ok")}`)[0];
    expect(months("juni, december")).toBe(`${FILE}:4: schedule.months: are written as numbers in square brackets, e.g. months: [6, 12] for June and December; here: months: [6, 12] (found "juni, december").`);
    expect(months('"12 och 6"')).toContain(`; here: months: [6, 12] (found "12 och 6").`);
    expect(months("June and Dec.")).toContain(`; here: months: [6, 12] (found "June and Dec.").`);
    expect(months("6")).toContain(`; here: months: [6] (found 6).`);
    // A word that is no month is not guessed at.
    expect(months("sommar")).toBe(`${FILE}:4: schedule.months: are written as numbers in square brackets, e.g. months: [6, 12] for June and December (found "sommar").`);
    const status = (written: string) => problems(`${ORG}accounts:\n${acc("ok")}    status: ${written}\n`)[0];
    expect(status("aktiv")).toBe(`${FILE}:8: account "ok" (1st in the list), status: must be active or closed: write status: active (found "aktiv").`);
    expect(status("stängd")).toBe(`${FILE}:8: account "ok" (1st in the list), status: must be active or closed: write status: closed, with the day it was closed as closedOn (found "stängd").`);
    expect(status("pausad")).toBe(`${FILE}:8: account "ok" (1st in the list), status: must be active or closed (found "pausad").`);
  });

  it("says in the user's terms what to write for a collective case given as one number, a classification YAML read as a number, and a date not written as one", () => {
    const p = problems(`${ORG}records:\n  collectiveCase: KS 2026/45\n  classification: 2.10\naccounts:\n${acc("fb", `    status: closed\n    closedOn: 4/12 2026\n`)}`);
    expect(p).toContainEqual(`${FILE}:4: records.collectiveCase: is given per year, each year's case number on its own line below it ("2026": KS 2026/45), or on one line: collectiveCase: { "2026": "KS 2026/45" } (found "KS 2026/45").`);
    expect(p).toContainEqual(`${FILE}:5: records.classification: must be text, and YAML read what is written there as the number 2.1: put it in quotation marks, as it is meant to read (e.g. "2.10" for a classification 2.10).`);
    // One line for one mistake: not also that "4/12 2026" is no day in the calendar.
    expect(p.filter((l) => l.includes("closedOn"))).toEqual([expect.stringContaining('closedOn: must be a date like 2026-06-30 (found "4/12 2026").')]);
  });

  it("refuses a closing date on an account without a status, which is active by default", () => {
    const yaml = `${ORG}accounts:\n${acc("fb", `    closedOn: "2026-06-30"\n`)}`;
    expect(problems(yaml)).toContainEqual(expect.stringContaining("closedOn: the account is active but has a closing date; set status: closed or remove closedOn."));
  });

  it("refuses a closing date the calendar does not have, which the public list published as another day or could not be made with", () => {
    for (const [date, ok] of [["2026-11-31", false], ["2026-13-01", false], ["2026-02-29", false], ["2028-02-29", true], ["2026-11-30", true]] as const) {
      const yaml = `${ORG}accounts:\n${acc("fb", `    status: closed\n    closedOn: "${date}"\n`)}`;
      if (ok) expect(() => parseConfig(yaml, FILE), date).not.toThrow();
      else expect(problems(yaml).join("\n"), date).toContain(`${date} is not a day in the calendar (month 01–12, and a day the month has); give a date like 2026-06-30`);
    }
  });

  it("names each collective-case map without the year of the half-year now running, or from July of the next, and the line to add", () => {
    const config = parseConfig(`${ORG}records:\n  collectiveCase: { "2025": "KS 2025/101" }\naccounts:\n${acc("fb", `    records:\n      collectiveCase: { "2026": "KS 2026/7" }\n`)}${acc("ig", `    status: closed\n    closedOn: "2025-06-30"\n    records:\n      collectiveCase: { "2024": "KS 2024/3" }\n`)}${acc("yt")}`, FILE);
    expect(collectiveCaseGaps(config, new Date("2026-03-15T12:00:00Z"))).toEqual([
      `records.collectiveCase lists 2025 but not 2026: the snapshots of 2026-H1 (taken in June 2026) would be filed with no collective case ("Samlingsärende –" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of 2026 and add "2026": "KS 2026/…" to records.collectiveCase.`,
    ]);
    // December: this year's snapshots now, next year's in June. The closed account is not captured.
    expect(collectiveCaseGaps(config, new Date("2026-12-03T12:00:00Z"))).toEqual([
      `records.collectiveCase lists 2025 but not 2026 or 2027: the snapshots of 2026-H2 (taken in December 2026) and 2027-H1 (taken in June 2027) would be filed with no collective case ("Samlingsärende –" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of 2026 and 2027 and add "2026": "KS 2026/…" and "2027": "KS 2027/…" to records.collectiveCase.`,
      `account "fb" (1st in the list), records.collectiveCase lists 2026 but not 2027 (an account's own collectiveCase takes the place of the organisation's, for every year): the snapshots of 2027-H1 (taken in June 2027) would be filed with no collective case ("Samlingsärende –" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of 2027 and add "2027": "KS 2027/…" to the records.collectiveCase of account "fb".`,
    ]);
    // New Year's Eve in Stockholm is already the new year's first half: the organisation's time zone decides.
    expect(collectiveCaseGaps(config, new Date("2026-12-31T23:30:00Z"))[0]).toContain("lists 2025 but not 2027: the snapshots of 2027-H1");
    // No map: the organisation does not use collective cases, and is not asked to.
    expect(collectiveCaseGaps(parseConfig(`${ORG}accounts:\n${acc("fb")}`, FILE), new Date("2026-12-03T12:00:00Z"))).toEqual([]);
    expect(collectiveCaseGaps(parseConfig(`${ORG}records:\n  collectiveCase: { "2026": "KS 2026/45", "2027": "KS 2027/2" }\n`, FILE), new Date("2026-12-03T12:00:00Z"))).toEqual([]);
    // The line to add is in the registrar's own series, not "KS" for a board that files under "RS".
    expect(collectiveCaseGaps(parseConfig(`${ORG}records:\n  collectiveCase: { "2026": "RS 2026/14" }\n`, FILE), new Date("2026-12-03T12:00:00Z"))[0]).toContain(`add "2027": "RS 2027/…" to records.collectiveCase`);
  });

  it("names a year filed under another year's case number, or one number given to several years, from this year on", () => {
    const copied = parseConfig(`${ORG}records:\n  collectiveCase: { "2025": "KS 2025/45", "2026": "KS 2025/45" }\n`, FILE);
    expect(collectiveCaseGaps(copied, new Date("2026-03-15T12:00:00Z"))).toEqual([
      `records.collectiveCase files 2026 under "KS 2025/45", a case number of another year: the snapshots of 2026 would be filed with that collective case ("Samlingsärende" on the record sheet), which cannot be corrected once the record is made. Ask the registrar for the collective case of 2026 and write "2026": "KS 2026/…" in records.collectiveCase.`,
    ]);
    // A year gone by is filed already: nothing to do about it now.
    expect(collectiveCaseGaps(parseConfig(`${ORG}records:\n  collectiveCase: { "2025": "KS 2024/9", "2026": "KS 2026/45" }\n`, FILE), new Date("2026-03-15T12:00:00Z"))).toEqual([]);
    // A number with no year in it, given to two years.
    const shared = parseConfig(`${ORG}accounts:\n${acc("fb", `    records:\n      collectiveCase: { "2026": "KS 45", "2027": "KS 45" }\n`)}`, FILE);
    expect(collectiveCaseGaps(shared, new Date("2026-12-03T12:00:00Z"))).toEqual([
      `account "fb" (1st in the list), records.collectiveCase gives 2026, 2027 the same collective case, "KS 45": each year's snapshots are filed in a collective case of that year, and the record sheet cannot be corrected once the record is made. Ask the registrar for each year's own case number and write it in the records.collectiveCase of account "fb".`,
    ]);
  });

  it("a missing file is a plain error naming it", () => {
    expect(() => loadConfig("/nonexistent/somarkiv.yaml")).toThrow(/\/nonexistent\/somarkiv\.yaml: the file does not exist/);
  });

  it("a configuration named through a link resolves its relative paths against its own folder, not the link's", () => {
    const ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("konto-a", "https://example.se/a")] });
    const etc = fs.mkdtempSync(path.join(path.dirname(ws.dir), "somarkiv-etc-"));
    try {
      fs.symlinkSync(ws.configPath, path.join(etc, "somarkiv.yaml"));
      const c = loadConfig(path.join(etc, "somarkiv.yaml"));
      expect(c.database).toBe(ws.database);
      expect(c.storage).toMatchObject({ type: "filesystem", path: ws.objects });
      expect(c.intake[0]).toMatchObject({ type: "directory", path: ws.intake });
      // Messages still name the file as it was given.
      expect(c.source).toBe(path.join(etc, "somarkiv.yaml"));
      // A link among the folders on the way (a release folder behind "current") is not followed:
      // the installation keeps the archive beside the path it was set up with.
      const current = path.join(etc, "current");
      fs.symlinkSync(ws.dir, current);
      expect(loadConfig(path.join(current, "somarkiv.yaml")).database).toBe(path.join(current, "somarkiv.sqlite"));
    } finally {
      fs.rmSync(etc, { recursive: true, force: true });
      ws.cleanup();
    }
  });

  it("the example configuration copied to /etc/somarkiv keeps its log, spool and intake in one data folder", () => {
    // Its intake was ../archive/intake: copied out of config/, the log went to /etc/somarkiv/archive and the intake to /etc/archive/intake.
    const etc = fs.mkdtempSync(path.join(os.tmpdir(), "somarkiv-etc-"));
    try {
      fs.copyFileSync(path.resolve(import.meta.dirname, "../../config/somarkiv.yaml"), path.join(etc, "somarkiv.yaml"));
      const c = loadConfig(path.join(etc, "somarkiv.yaml"));
      expect(c.dataDir).toBe(path.join(etc, "archive"));
      expect(path.dirname(c.database)).toBe(c.dataDir);
      expect(c.intake).toEqual([{ type: "directory", path: path.join(c.dataDir, "intake") }]);
      expect(c.storage).toEqual({ type: "filesystem", path: path.join(c.dataDir, "objects"), unset: true });
    } finally {
      fs.rmSync(etc, { recursive: true, force: true });
    }
  });

  it("the example configuration shipped in config/ is valid", () => {
    const c = loadConfig(path.resolve(import.meta.dirname, "../../config/somarkiv.yaml"));
    expect(c.organisation.name).toBe("Överkalix kommun");
    expect(c.accounts.length).toBeGreaterThanOrEqual(3);
  });
});

describe("configuration errors on the command line", () => {
  let ws: Workspace | undefined;
  afterEach(() => ws?.cleanup());

  it("exit 2, one line per problem, and nothing created: no log, no folders", async () => {
    ws = makeWorkspace({ organisation: { name: "X" }, schedule: { cron: "0 25 * * *" }, accounts: [{ id: "a", name: "A", platform: "facebook", url: "ftp://x" }, { id: "a", name: "B", platform: "nope", url: "https://x.se" }] });
    for (const cmd of [["capture"], ["status"], ["records", "--json"], ["config", "check"], ["run"]]) {
      const r = await runCli([...cmd, "--config", ws.configPath]);
      expect(r.code, cmd.join(" ")).toBe(2);
      expect(r.stderr).toContain(`${ws.configPath}:`);
      expect(r.stderr).toContain('account "a" (1st in the list), url: must be an http: or https: web address');
      expect(r.stderr).toContain('account "a" (2nd in the list), platform: must be one of');
      expect(r.stderr).toContain(`account "a" (2nd in the list), id: "a" is already used by the 1st account in the list, named "A"`);
      // A bad schedule is named with the rest, not only once everything else is mended.
      expect(r.stderr).toContain(`schedule.cron: the hour field is "25", which is not valid: it must be within 0-23`);
      // With the line they are on, as the schema's problems are.
      expect(r.stderr).toMatch(new RegExp(`${ws.configPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:\\d+: schedule\\.cron: the hour field`));
      expect(r.stderr).toMatch(/:\d+: account "a" \(2nd in the list\), id: "a" is already used by the 1st account in the list/);
      expect(r.stdout).toBe("");
    }
    expect(fs.readdirSync(ws.dir)).toEqual(["somarkiv.yaml"]);
  });

  it("config check says when capture.timeoutSeconds would outlast the shipped systemd unit's stop timeout", async () => {
    // The worker announced it stops within 360 s; the unit kills it at its TimeoutStopSec.
    const unit = fs.readFileSync(path.join(import.meta.dirname, "../../scripts/deploy/somarkiv.service"), "utf8");
    const stopSec = Number(/^TimeoutStopSec=(\d+)$/m.exec(unit)![1]);
    ws = makeWorkspace({ organisation: { name: "X" }, capture: { timeoutSeconds: 300 }, accounts: [account("a", "https://x.se/a")] });
    const long = await runCli(["config", "check", "--config", ws.configPath]);
    expect(long.code).toBe(0);
    expect(long.stdout).toContain(`capture.timeoutSeconds is 300: a worker asked to stop finishes the capture in progress within 360 s, but the systemd unit shipped with somarkiv (scripts/deploy/somarkiv.service) waits ${stopSec} s (TimeoutStopSec) and then kills it`);
    expect(long.stdout).toContain(`set TimeoutStopSec=420 in it, or lower capture.timeoutSeconds to ${stopSec - 60} or less.`);
    ws.write({ organisation: { name: "X" }, capture: { timeoutSeconds: stopSec - 60 }, accounts: [account("a", "https://x.se/a")] });
    expect((await runCli(["config", "check", "--config", ws.configPath])).stdout).not.toContain("TimeoutStopSec");
  });

  it("config check says when the schedule never wakes the worker in a capture month (exit 1), or on too few of its days", async () => {
    ws = makeWorkspace({ organisation: { name: "X" }, schedule: { cron: "0 6 * 1-5,7-11 *" }, accounts: [account("a", "https://x.se/a")] });
    const never = await runCli(["config", "check", "--config", ws.configPath]);
    expect(never.code).toBe(1);
    expect(never.stdout).toContain(`schedule ERROR: schedule.cron "0 6 * 1-5,7-11 *" never wakes the worker in June, a capture month`);
    expect(never.stdout).toContain(`schedule ERROR: schedule.cron "0 6 * 1-5,7-11 *" never wakes the worker in December, a capture month`);
    ws.write({ organisation: { name: "X" }, schedule: { cron: "0 6 1 * *" }, accounts: [account("a", "https://x.se/a")] });
    const once = await runCli(["config", "check", "--config", ws.configPath]);
    expect(once.code).toBe(0);
    expect(once.stdout).toContain(`schedule WARNING: schedule.cron "0 6 1 * *" wakes the worker on only 1 day in June, a capture month: a capture that fails then (a site down for an hour) is not tried again that month.`);
    // In the hour the clocks skip in spring: that day has no wake.
    ws.write({ organisation: { name: "X" }, schedule: { cron: "30 2 * * *", months: [3, 9] }, accounts: [account("a", "https://x.se/a")] });
    const spring = await runCli(["config", "check", "--config", ws.configPath]);
    expect(spring.code).toBe(0);
    expect(spring.stdout).toMatch(/schedule WARNING: schedule\.cron "30 2 \* \* \*" wakes the worker in the hour the clocks skip in Europe\/Stockholm when summer time starts \(02:00–02:59 on \d{4}-03-\d\d\), so that day's wake is skipped, a day of a capture month\. Pick an hour outside it/);
    // Six fields written for five: second 0 of minute 6 of every hour, accepted without a word before.
    ws.write({ organisation: { name: "X" }, schedule: { cron: "0 6 * * * *" }, accounts: [account("a", "https://x.se/a")] });
    const six = await runCli(["config", "check", "--config", ws.configPath]);
    expect(six.code).toBe(0);
    expect(six.stdout).toMatch(/schedule WARNING: schedule\.cron "0 6 \* \* \* \*" has six fields, and the first of six is the second: it wakes the worker at \d\d:06, \d\d:06, \d\d:06 and so on, not once a day\. If "0 6 \* \* \*" was meant \(five fields: minute hour day month weekday\), write that/);
    // One meant to wake often is left alone.
    ws.write({ organisation: { name: "X" }, schedule: { cron: "* * * * * *" }, accounts: [account("a", "https://x.se/a")] });
    expect((await runCli(["config", "check", "--config", ws.configPath])).stdout).not.toContain("six fields");
    ws.write({ organisation: { name: "X" }, accounts: [account("a", "https://x.se/a")] });
    expect((await runCli(["config", "check", "--config", ws.configPath])).stdout).not.toContain("schedule ");
  });

  it("config check warns when the collective-case map has no entry for this half-year's year, before a record is filed without one", async () => {
    const year = Number(periodOf(new Date(), "Europe/Stockholm").slice(0, 4));
    ws = makeWorkspace({ organisation: { name: "X" }, records: { collectiveCase: { [String(year - 1)]: `KS ${year - 1}/101` } }, accounts: [account("a", "https://x.se/a")] });
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  records WARNING: records.collectiveCase lists ${year - 1} but not ${year}`);
    expect(r.stdout).toContain(`add "${year}": "KS ${year}/…"`);
    ws.write({ organisation: { name: "X" }, records: { collectiveCase: { [String(year)]: "KS 1", [String(year + 1)]: "KS 2" } }, accounts: [account("a", "https://x.se/a")] });
    expect((await runCli(["config", "check", "--config", ws.configPath])).stdout).not.toContain("records WARNING");
  });

  it("SOMARKIV_CONFIG selects the file; an unknown account id is exit 2 naming the known ones", async () => {
    ws = makeWorkspace({ organisation: { name: "X" }, accounts: [{ id: "facebook-kommun", name: "A", platform: "facebook", url: "https://x.se" }] });
    const r = await runCli(["capture", "--account", "nope"], { env: { SOMARKIV_CONFIG: ws.configPath } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`There is no account "nope"`);
    expect(r.stderr).toContain("Known accounts: facebook-kommun");
    expect(fs.existsSync(ws.database)).toBe(false);
  });

  it("bad usage is exit 2 with a plain message", async () => {
    ws = makeWorkspace({ organisation: { name: "X" } });
    expect((await runCli(["frobnicate"])).code).toBe(2);
    const r = await runCli(["capture", "--config", ws.configPath, "--period", "2026-H3"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--period 2026-H3 is not a period");
    const u = await runCli(["records", "--config", ws.configPath, "--bogus"]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("records: there is no option --bogus for this command.");
    // A slip of a letter or two, or of case, is answered with the option meant.
    for (const [typed, meant] of [["--acount", "--account"], ["--cvs", "--csv"], ["--JSON", "--json"], ["--peroid", "--period"]]) {
      const t = await runCli(["records", "--config", ws.configPath, typed, "x"]);
      expect(t.code, typed).toBe(2);
      expect(t.stderr, typed).toContain(`records: there is no option ${typed} for this command; did you mean ${meant}?`);
    }
    // An option left without its value, the next word being another option: not Node's "argument is ambiguous … '--dnr=-XYZ'".
    const v = await runCli(["registered", "x_2026-H2_v1", "--dnr", "--config", ws.configPath]);
    expect(v.code).toBe(2);
    expect(v.stderr).toBe('somarkiv: registered: --dnr needs a value after it, for example --dnr "KS 2026/45-1". See "somarkiv --help".\n');
    const w = await runCli(["status", "nu", "--config", ws.configPath]);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain('status: this command takes no word such as "nu" after it, only options.');
  });

  it("a file saved as Windows-1252 (Notepad's \"ANSI\") is refused, naming the place, before Å, Ä and Ö are spoilt in records; a UTF-8 file with a BOM and CRLF lines is read", async () => {
    ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("a", "https://x.se", { responsible: { name: "Åsa Öberg" } })] });
    const utf8 = fs.readFileSync(ws.configPath, "utf8");
    fs.writeFileSync(ws.configPath, Buffer.from(utf8, "latin1"));
    const r = await runCli(["accounts", "--csv", "--config", ws.configPath]);
    expect(r.code).toBe(2);
    const line = utf8.split("\n").findIndex((l) => l.includes("Överkalix")) + 1;
    const column = utf8.split("\n")[line - 1]!.indexOf("Ö") + 1;
    expect(r.stderr).toContain(`${ws.configPath}:${line}:${column}: the file is not saved as UTF-8: "Ö" there`);
    expect(r.stderr).toContain("Save the file with the encoding UTF-8");
    expect(r.stdout).toBe("");
    fs.writeFileSync(ws.configPath, "\ufeff" + utf8.replace(/\n/g, "\r\n"));
    const ok = await runCli(["accounts", "--csv", "--config", ws.configPath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("Åsa Öberg");
    // Windows-1252's own letters between 0x80 and 0x9F are quoted as themselves: Notepad's en dash.
    fs.writeFileSync(ws.configPath, Buffer.from(utf8.replace("Överkalix kommun", "Overkalix \u2013 kommun").replace(/[ÅÄÖåäö]/g, "o").replace("\u2013", "\u0096"), "latin1"));
    const dash = await runCli(["accounts", "--csv", "--config", ws.configPath]);
    expect(dash.stderr).toContain(`the file is not saved as UTF-8: "\u2013" there`);
    // Old Mac line ends (CR alone) are read as lines.
    fs.writeFileSync(ws.configPath, utf8.replace(/\n/g, "\r"));
    const cr = await runCli(["accounts", "--csv", "--config", ws.configPath]);
    expect(cr.code, cr.stderr).toBe(0);
    expect(cr.stdout).toContain("Åsa Öberg");
  });

  it("a file saved as UTF-16 (Notepad's \"Unicode\", PowerShell's >) is said to be UTF-16, not taken for Windows-1252", async () => {
    ws = makeWorkspace({ organisation: { name: "Överkalix kommun" }, accounts: [account("a", "https://x.se")] });
    const utf8 = fs.readFileSync(ws.configPath, "utf8");
    const le = Buffer.from(utf8, "utf16le");
    const be = Buffer.from(le).swap16();
    for (const [name, bytes] of [["little-endian with its mark", Buffer.concat([Buffer.from([0xff, 0xfe]), le])], ["big-endian with its mark", Buffer.concat([Buffer.from([0xfe, 0xff]), be])], ["without a mark", le]] as const) {
      fs.writeFileSync(ws.configPath, bytes);
      const r = await runCli(["config", "check", "--config", ws.configPath]);
      expect(r.code, name).toBe(2);
      expect(r.stderr, name).toContain(`${ws.configPath}: the file is saved as UTF-16 ("Unicode" in Notepad, or written by PowerShell's > ), not UTF-8. Save it with the encoding UTF-8 (in Notepad: Save as, Encoding: UTF-8; in PowerShell: … | Out-File -Encoding utf8 FILE, not > FILE) and try again.`);
      expect(r.stderr, name).not.toMatch(/1252|ÿ|þ/);
    }
  });

  it("a reader that goes away (| head) ends the output quietly, exit 0, no stack trace", async () => {
    // A policy warning a line for each account: config check writes line after line to a reader long gone.
    ws = makeWorkspace({ organisation: { name: "X" }, accounts: Array.from({ length: 400 }, (_, i) => account(`konto-${i}`, `https://x.se/${i}`, { administrators: [{ name: "Anna Andersson" }] })) });
    const r = await new Promise<{ status: string; stderr: string }>((resolve) => {
      const child = spawn("bash", ["-c", `"${process.execPath}" "${BIN}" config check --config "${ws!.configPath}" | head -c 10 >/dev/null; echo "\${PIPESTATUS[0]}"`], { stdio: ["ignore", "pipe", "pipe"] });
      let status = "", stderr = "";
      child.stdout.on("data", (d) => (status += d));
      child.stderr.on("data", (d) => (stderr += d));
      child.on("close", () => resolve({ status: status.trim(), stderr }));
    });
    expect(r.stderr).not.toContain("EPIPE");
    expect(r.stderr).toBe("");
    expect(r.status).toBe("0");
  });

  it("login on a machine without a screen says so and what to do instead, before any browser starts", async () => {
    ws = makeWorkspace({ organisation: { name: "X" }, accounts: [account("konto", "https://x.se/konto")] });
    const r = await runCli(["login", "--account", "konto", "--config", ws.configPath], { env: { DISPLAY: undefined, WAYLAND_DISPLAY: undefined } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("this machine has no screen to show it on (neither DISPLAY nor WAYLAND_DISPLAY is set)");
    expect(unnamed(r.stderr, ws)).toContain(`Run "somarkiv login --account konto" on a computer with a desktop`);
    expect(r.stdout).toBe("");
    // A screen named where none answers (an "ssh -X" whose forwarding has ended): said, not "closed".
    const gone = await runCli(["login", "--account", "konto", "--config", ws.configPath], { env: { DISPLAY: ":97", WAYLAND_DISPLAY: undefined } });
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("No browser window could be opened on the screen this session names (DISPLAY=:97)");
    expect(gone.stderr).toContain("Check that the desktop or the \"ssh -X\" connection is still open");
  });

  it("--config before the command is taken as after it", async () => {
    ws = makeWorkspace({ organisation: { name: "X" }, accounts: [{ id: "a", name: "A", platform: "facebook", url: "ftp://x" }] });
    for (const args of [["--config", ws.configPath, "config", "check"], [`--config=${ws.configPath}`, "status"]]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(`${ws.configPath}:`);
      expect(r.stderr).toContain('account "a" (1st in the list), url: must be an http: or https: web address');
    }
    const none = await runCli(["--config", ws.configPath]);
    expect(none.code).toBe(2);
    expect(none.stdout).toContain("Usage: somarkiv <command>");
  });

  it("a command's --help (and help COMMAND) shows that command's usage, exit 0, without reading the configuration", async () => {
    for (const args of [["capture", "--help"], ["help", "capture"], ["capture", "-h", "--config", "/nonexistent.yaml"]]) {
      const r = await runCli(args);
      expect(r.code, args.join(" ")).toBe(0);
      expect(r.stdout).toMatch(/^Usage: somarkiv capture \[--account ID\]\.\.\. \[--period P\] \[--force\] \[--final\] \[--reopen\] \[--reason "…"\] \[--as-shown\]\n {2}capture now: /);
    }
    const status = await runCli(["status", "--help"]);
    expect(status.stdout).toMatch(/^Usage: somarkiv status \[--json\]\n {2}each account's state/);
  });

  it("a mistyped command is named with the one meant, never run; the version answers to its usual spellings", async () => {
    const typo = await runCli(["statsu"]);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toBe('somarkiv: unknown command "statsu". Did you mean "somarkiv status"? Run "somarkiv --help" for the list of commands.\n');
    expect(typo.stdout).toBe("");
    for (const v of ["--version", "-V", "-v", "version"]) expect((await runCli([v])).stdout, v).toMatch(/^somarkiv \d+\.\d+\.\d+\n$/);
    const names = ["run", "capture", "status", "records", "deliver", "verify", "registered", "accounts", "config", "backup", "recover", "preflight", "login"];
    expect(closestCommand("CAPTURE", names)).toBe("capture");
    expect(closestCommand("registerd", names)).toBe("registered");
    expect(closestCommand("recrods", names)).toBe("records");
    expect(closestCommand("delvier", names)).toBe("deliver");
    expect(closestCommand("frobnicate", names)).toBeUndefined();
    expect(closestCommand("x", names)).toBeUndefined();
  });
});

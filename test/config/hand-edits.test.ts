import { describe, it, expect, afterEach } from "vitest";
import fs from "node:fs";
import { runCli, makeWorkspace, type Workspace } from "../helpers/cli.ts";

/**
 * What `config check` tells a communicator who edits the file by hand: slips that YAML takes
 * without a word, or answers in a parser's words. Each file is written as typed, not made by YAML.
 */
const HEAD = "storage:\n  type: filesystem\n  path: objects\nintake:\n  - type: directory\n    path: intake\ndatabase: somarkiv.sqlite\norganisation:\n  name: Överkalix kommun\n  website: https://www.overkalix.se\n  switchboard: 0926-140 00\naccounts:\n";
const PEOPLE = "    unit: Kultur\n    responsible:\n      name: Anna Andersson\n    administrators:\n      - name: Anna Andersson\n      - name: Bo Berg\n    webManager:\n      name: Cecilia Ek\n    substitute:\n      name: Bo Berg\n    audience: Unga i Överkalix\n";
const konto = (id: string, url: string, extra = "    purpose: Informera unga\n") => `  - id: ${id}\n    name: Konto ${id}\n    platform: ${platformOf(url)}\n    url: ${url}\n${PEOPLE}${extra}`;

const platformOf = (url: string) => ["tiktok", "mastodon", "threads", "bsky", "linkedin", "flickr"].find((p) => url.includes(p))?.replace("bsky", "bluesky") ?? "facebook";

describe("config check for a file edited by hand", () => {
  let ws: Workspace | undefined;
  afterEach(() => { ws?.cleanup(); ws = undefined; });

  async function check(accounts: string) {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    fs.writeFileSync(ws.configPath, HEAD + accounts);
    return runCli(["config", "check", "--config", ws.configPath]);
  }

  it("warns of a text cut at \" #\", which YAML reads as a comment, and shows it in quotation marks", async () => {
    const r = await check(konto("ungdomenshuset", "https://www.facebook.com/ungdomenshuset", "    purpose: Visa vad som händer på #ungdomenshuset och i #överkalix\n"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`text WARNING: line 28: purpose is cut at " #", which YAML reads as the start of a comment, so it is only "Visa vad som händer på". Put the whole text in quotation marks: purpose: "Visa vad som händer på #ungdomenshuset och i #överkalix"`);
    const all = await check(konto("ungdomenshuset", "https://www.facebook.com/ungdomenshuset", "    purpose: #ungdomenshuset i Överkalix\n"));
    expect(all.stdout).toContain(`text WARNING: line 28: purpose is cut at " #", which YAML reads as the start of a comment, so it is empty. Put the whole text in quotation marks: purpose: "#ungdomenshuset i Överkalix"`);
    // In quotation marks it is whole, and nothing is said.
    const quoted = await check(konto("ungdomenshuset", "https://www.facebook.com/ungdomenshuset", "    purpose: \"Visa vad som händer på #ungdomenshuset\" # ny 2026\n"));
    expect(quoted.stdout).not.toContain("text WARNING");
  });

  it("takes a setting written and left empty (purpose: to fill in later) as left out: a policy warning, not a refused file", async () => {
    const r = await check(konto("a", "https://www.facebook.com/a", "    purpose:\n  - id: b\n    name: Konto b\n    platform: facebook\n    url: https://www.facebook.com/b\n    unit:\n    responsible:\n    webManager:\n      name: Cecilia Ek\n      email:\n    substitute:\n      name: Bo Berg\n    administrators:\n    purpose: Informera\n    audience: ''\n"));
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Account "a" (Konto a, Facebook) has no purpose. Add purpose`);
    for (const what of ["responsible unit", "responsible person", "audience", "administrators"]) expect(r.stdout).toContain(`Account "b" (Konto b, Facebook) has no ${what}`);
  });

  it("says a new account starts with \"- \" before its id, where a forgotten dash was \"a setting given twice; keep one of them\" for each of its lines", async () => {
    const r = await check(konto("a", "https://www.facebook.com/a") + konto("vimeo-kommun", "https://www.facebook.com/v").replace("  - id:", "    id:"));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n").slice(1)).toEqual([`  ${ws!.configPath}:29:1: the file is not valid YAML: line 29 begins a new account, but without "- " before its id, so its settings were read as the account's above, given twice: a new account starts with "- " before its id, the dash lined up with the other accounts' dashes: "  - id: vimeo-kommun"`]);
  });

  it("gives a parse error in plain words, once, naming a tab anywhere in the indent and saying how to write the line", async () => {
    const said = async (line: string) => {
      const r = await check(konto("a", "https://www.facebook.com/a").replace("    purpose: Informera unga\n", line) + konto("b", "https://www.facebook.com/b"));
      expect(r.code).toBe(2);
      const lines = r.stderr.trim().split("\n").slice(1);
      expect(lines, r.stderr).toHaveLength(1);
      return lines[0]!.slice(`  ${ws!.configPath}:28:1: the file is not valid YAML: `.length);
    };
    const first = ". Mend this first: the lines after it may well be right once it is, and config check then says what is left, if anything";
    expect(await said("\tpurpose: Informera unga\n")).toBe(`line 28 has a tab in its indent; YAML indents with spaces only: replace each tab with spaces, lined up with the settings of the same group${first}`);
    expect(await said("  \t  purpose: Informera unga\n")).toBe(`line 28 has a tab in its indent; YAML indents with spaces only: replace each tab with spaces, lined up with the settings of the same group${first}`);
    expect(await said("    purpose:Informera\n")).toBe(`line 28 has no space after "purpose:"; YAML needs one between a setting and its value: purpose: Informera`);
    expect(await said("    purpose: Ungdomens hus: information om aktiviteter\n")).toBe(`line 28: purpose has a colon followed by a space in its text, which YAML reads as the start of another setting; put the whole text in quotation marks: purpose: "Ungdomens hus: information om aktiviteter"`);
    // Between Word's marks, as a text pasted from a document is: straight ones instead of them, not around them.
    expect(await said("    purpose: ”Rekrytering: arbetsgivarvarumärke”\n")).toBe(`line 28: purpose has a colon followed by a space in its text, which YAML reads as the start of another setting; put the whole text in straight quotation marks instead of the typographic ones (as Word makes them, which YAML keeps as part of the text): purpose: "Rekrytering: arbetsgivarvarumärke"`);
    expect(await said("    purpose: @ungdomenshus\n")).toBe(`line 28: purpose begins with "@", which YAML keeps for other uses; put the whole text in quotation marks: purpose: "@ungdomenshus"`);
    expect(await said("    purpose: 'Ungdomens' hus\n")).toBe(`line 28: purpose begins with a quotation mark that closes before the text ends, which YAML cannot read; put the whole text in quotation marks: purpose: "'Ungdomens' hus" (or take out the quotation marks that are not part of the text)`);
  });

  it("refuses an address with a space in it, or two addresses separated by a comma, which the public list published as a broken link", async () => {
    const space = await check(konto("a", "https://www.tiktok.com/@ungdomens hus"));
    expect(space.code).toBe(2);
    expect(space.stderr).toContain(`${ws!.configPath}:16: account "a" (1st in the list), url: has a space in it, which no web address has; copy the address from the browser's address bar on the page itself, perhaps "https://www.tiktok.com/@ungdomenshus" (found "https://www.tiktok.com/@ungdomens hus").`);
    // In an old site's path, the space may be the page's own: both forms offered, where joining alone named a page that does not exist.
    const inPath = await check(konto("a", "https://www.overkalix.se/nyheter/förskola och skola"));
    expect(inPath.code).toBe(2);
    expect(inPath.stderr).toContain(`url: has a space in it, which no web address has; copy the address from the browser's address bar on the page itself, perhaps "https://www.overkalix.se/nyheter/förskolaochskola", or "https://www.overkalix.se/nyheter/förskola%20och%20skola" if the page's own address has a space there (the address bar writes it %20) (found "https://www.overkalix.se/nyheter/förskola och skola").`);
    const two = await check(konto("a", "https://vimeo.com/overkalix, https://vimeo.com/overkalix2"));
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`${ws!.configPath}:16: account "a" (1st in the list), url: holds more than one address, separated by a comma; give one address here (https://vimeo.com/overkalix), and an account of its own, with its own entry and id, for each other (found "https://vimeo.com/overkalix, https://vimeo.com/overkalix2").`);
  });

  it("says a comma or a space in the organisation's website, or an intake's address, in words for that address, where it was told to make an account of each other address", async () => {
    ws ??= makeWorkspace({ organisation: { name: "X" } });
    const file = (website: string, intake: string) => HEAD.replace("  website: https://www.overkalix.se\n", `  website: ${website}\n`).replace("  - type: directory\n    path: intake\n", `  - type: http\n    url: ${intake}\n`) + konto("a", "https://www.facebook.com/a");
    fs.writeFileSync(ws.configPath, file("https://www.overkalix.se, https://www.facebook.com/overkalix", "https://diarie.overkalix.se/ api/intag"));
    const two = await runCli(["config", "check", "--config", ws.configPath]);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain(`${ws.configPath}:10: organisation.website: holds more than one address, separated by a comma; the organisation has one website: give its start page here, perhaps https://www.overkalix.se; the accounts' addresses go under accounts (found "https://www.overkalix.se, https://www.facebook.com/overkalix").`);
    expect(two.stderr).toContain(`${ws.configPath}:6: intake (1st, HTTP), url: has a space in it, which no web address has; write it as the one who runs that server gives it, perhaps "https://diarie.overkalix.se/api/intag" (found "https://diarie.overkalix.se/ api/intag").`);
    expect(two.stderr).not.toContain("an account of its own");
    expect(two.stderr).not.toContain("on the page itself");
    fs.writeFileSync(ws.configPath, file("https://www.overkalix .se", "https://diarie.overkalix.se/api/intag"));
    const space = await runCli(["config", "check", "--config", ws.configPath]);
    expect(space.stderr).toContain(`${ws.configPath}:10: organisation.website: has a space in it, which no web address has; copy the address from the browser's address bar on the website's start page, perhaps "https://www.overkalix.se" (found "https://www.overkalix .se").`);
  });

  it("suggests an id no other account has, where the one suggested was then refused as already used", async () => {
    const r = await check(konto("facebook-kommun", "https://www.facebook.com/a") + konto("Facebook-Kommun", "https://www.facebook.com/b"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`account "Facebook-Kommun" (2nd in the list), id: must be lower-case letters a-z, digits and '-' only, for example "facebook-kommun-2" ("facebook-kommun" is already used by the 1st account in the list, named "Konto facebook-kommun") (found "Facebook-Kommun").`);
  });

  it("warns of a Mastodon post given for the account, and gives each platform's start page made of the post's address", async () => {
    const posts = {
      mastodon: ["https://mastodon.nu/@overkalix/112345678901234567", "https://mastodon.nu/@overkalix"],
      tiktok: ["https://www.tiktok.com/@ungdomenshus/video/7312345678901234567", "https://www.tiktok.com/@ungdomenshus"],
      threads: ["https://www.threads.net/@overkalix/post/C1a2B3c4D5e", "https://www.threads.net/@overkalix"],
      bluesky: ["https://bsky.app/profile/overkalix.se/post/3kabc123", "https://bsky.app/profile/overkalix.se"],
      linkedin: ["https://www.linkedin.com/posts/overkalix-kommun_activity-7123", "for example https://www.linkedin.com/company/name"],
      flickr: ["https://www.flickr.com/photos/overkalix/53123456789", "https://www.flickr.com/photos/overkalix"],
    };
    const r = await check(Object.entries(posts).map(([id, [url]]) => konto(id, url!)).join(""));
    expect(r.code).toBe(0);
    for (const [id, [url, page]] of Object.entries(posts)) {
      expect(r.stdout).toContain(`"${id}" (Konto ${id}, `);
      expect(r.stdout).toContain(`its address (${url}) is a single post or video, not the account's start page: the snapshot would be of that post, and the public register would link to it. Give the account's own page (${page})`);
    }
  });

  it("warns of a name between typographic quotation marks (Word's), which stood in every title, e-mail and the public list", async () => {
    const r = await check(konto("a", "https://www.facebook.com/a").replace("name: Konto a", "name: ”Ungdomens hus”"));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`text WARNING: line 14: name begins and ends with typographic quotation marks (”Ungdomens hus”, as Word makes them), which YAML keeps as part of the text, so they would stand in the public list, the records' titles and the e-mails. Write it without them (name: Ungdomens hus), or with straight ones (" ") if it must be quoted`);
    // Without its marks the text would be no YAML (a colon and a space): the straight ones are given, the line as it reads.
    const colon = await check(konto("a", "https://www.facebook.com/a", "    purpose: \"”Rekrytering: arbetsgivarvarumärke”\"\n"));
    expect(colon.code).toBe(0);
    expect(colon.stdout).toContain(`text WARNING: line 28: purpose begins and ends with typographic quotation marks (”Rekrytering: arbetsgivarvarumärke”, as Word makes them), which YAML keeps as part of the text, so they would stand in the public list, the records' titles and the e-mails. Write it with straight ones (" ") instead, as YAML needs for this text: purpose: "Rekrytering: arbetsgivarvarumärke"`);
  });

  it("shows a person written as a name alone how a person is written, with the name given", async () => {
    const r = await check(konto("a", "https://www.facebook.com/a").replace("      - name: Anna Andersson\n", "      - Anna Andersson\n"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`administrators (1st): is a person, written with the name after "name:" and, if wanted, the e-mail address after "email:", on one line: - { name: Anna Andersson, email: … } (found "Anna Andersson").`);
    const responsible = await check(konto("a", "https://www.facebook.com/a").replace("    responsible:\n      name: Anna Andersson\n", "    responsible: Åsa Öberg\n"));
    expect(responsible.stderr).toContain(`responsible: is a person, written with the name after "name:" and, if wanted, the e-mail address after "email:", on one line: responsible: { name: Åsa Öberg, email: … } (found "Åsa Öberg").`);
  });

  it("answers a setting's name written in Swedish (syfte, målgrupp) with the English one, on the unknown setting's own line", async () => {
    const r = await check(konto("a", "https://www.facebook.com/a", "    syfte: Informera unga\n    målgrupp: Unga\n"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${ws!.configPath}:28: account "a" (1st in the list): unknown settings "syfte", "målgrupp"; did you mean "purpose", "audience"? the settings' names are in English; check the spelling against the README.`);
  });

  it("answers a platform by another name (twitter, blogg) with the one to write", async () => {
    const r = await check(konto("a", "https://x.com/a").replace("platform: facebook", "platform: twitter") + konto("b", "https://blogg.overkalix.se").replace("platform: facebook", "platform: blogg"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`account "a" (1st in the list), platform: must be one of: facebook, instagram, x, youtube, linkedin, tiktok, threads, mastodon, bluesky, flickr, vimeo, other (twitter is platform: x) (found "twitter").`);
    expect(r.stderr).toContain(`account "b" (2nd in the list), platform: must be one of: facebook, instagram, x, youtube, linkedin, tiktok, threads, mastodon, bluesky, flickr, vimeo, other (a blogg is platform: other) (found "blogg").`);
  });

  it("names the platform a misspelt one was meant to be (instagramm, facebok), and none for one far from all", async () => {
    const r = await check(konto("a", "https://www.instagram.com/a").replace("platform: facebook", "platform: instagramm") + konto("b", "https://www.facebook.com/b").replace("platform: facebook", "platform: facebok") + konto("c", "https://myspace.com/c").replace("platform: facebook", "platform: myspace"));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`account "a" (1st in the list), platform: must be one of: facebook, instagram, x, youtube, linkedin, tiktok, threads, mastodon, bluesky, flickr, vimeo, other; did you mean platform: instagram? (found "instagramm").`);
    expect(r.stderr).toContain(`account "b" (2nd in the list), platform: must be one of: facebook, instagram, x, youtube, linkedin, tiktok, threads, mastodon, bluesky, flickr, vimeo, other; did you mean platform: facebook? (found "facebok").`);
    expect(r.stderr).toContain(`account "c" (3rd in the list), platform: must be one of: facebook, instagram, x, youtube, linkedin, tiktok, threads, mastodon, bluesky, flickr, vimeo, other (found "myspace").`);
  });
});

import { describe, it, expect, afterAll } from "vitest";
import fs from "node:fs";
import { runCli, makeWorkspace } from "../helpers/cli.ts";

/**
 * A configuration error about an intake's address or the store's endpoint quotes what is written
 * there, and such an address may carry the key itself in its query (?apikey=…, a SAS ?sig=…) or a
 * login (smtp://user:pass@…): the message names the setting and its line, and the key is nowhere in
 * what config check or capture prints, as README promises of every message.
 */
const SECRET = "Hemlig9xK2qTopsecret";
const ORG = "organisation:\n  name: Överkalix kommun\ndatabase: somarkiv.sqlite\n";
const ACCOUNTS = "accounts:\n  - id: a\n    name: Konto a\n    platform: facebook\n    url: https://www.facebook.com/a\n    purpose: Informera\n    audience: Alla\n    unit: Kultur\n    responsible: { name: Anna Andersson }\n    administrators: [{ name: Anna Andersson }, { name: Bo Berg }]\n";
const FOLDER = "storage:\n  type: filesystem\n  path: objects\n";
const http = (url: string, extra = "") => `${FOLDER}intake:\n  - type: http\n    url: "${url}"\n${extra}`;

describe("config check on an address holding a secret, made invalid", () => {
  const ws = makeWorkspace({ organisation: { name: "X" } });
  afterAll(() => ws.cleanup());

  async function refused(settings: string, args = ["config", "check"]) {
    fs.writeFileSync(ws.configPath, ORG + settings + ACCOUNTS);
    const r = await runCli([...args, "--config", ws.configPath], { env: { AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y" } });
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    expect(`${r.stdout}${r.stderr}`.toLowerCase()).not.toContain(SECRET.toLowerCase());
    return r;
  }
  const at = (line: number) => `${ws.configPath}:${line}: `;

  it("blanks the query's values of an HTTP intake's address of a wrong scheme or port, naming the setting and its line", async () => {
    const scheme = await refused(http(`ftp://diarium.example.se/api/intake?apikey=${SECRET}&format=pdf`));
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain(`${at(9)}intake (1st, HTTP), url: must be an http: or https: web address (found "ftp://diarium.example.se/api/intake?apikey=***&format=***").`);
    const port = await refused(http(`https://diarium.example.se:99999/api/intake?token=${SECRET}`));
    expect(port.code).toBe(2);
    expect(port.stderr).toContain(`${at(9)}intake (1st, HTTP), url: has the port 99999, which no address can have: a port is a number from 1 to 65535, and an https:// address without one uses 443. Write the port the one who runs that server gives, or leave it out (found "https://diarium.example.se:99999/api/intake?token=***").`);
    // A login before a host that does not parse either: the login is what is said, and blanked.
    const login = await refused(http(`https://somarkiv:${SECRET}@diarium.example.se:99999/api/intake`));
    expect(login.stderr).toContain(`${at(9)}intake (1st, HTTP), url: must not contain a user name or password (user:password@…): they would be printed and filed with every record.`);
    expect(login.stderr).toContain(`(found "https://…@diarium.example.se:99999/api/intake").`);
  });

  it("blanks them where the message suggests the address as it should be written", async () => {
    const bare = await refused(http(`diarium.example.se/api/intake?sv=2024&sig=${SECRET}`));
    expect(bare.stderr).toContain(`${at(9)}intake (1st, HTTP), url: lacks its https:// at the start (write "https://diarium.example.se/api/intake?sv=***&sig=***", each *** as it stands in the file) (found "diarium.example.se/api/intake?sv=***&sig=***").`);
    const space = await refused(http(`https://diarium.example.se/api/ intake?apikey=${SECRET}`));
    expect(space.stderr).toContain(`${at(9)}intake (1st, HTTP), url: has a space in it, which no web address has; write it as the one who runs that server gives it, perhaps "https://diarium.example.se/api/intake?apikey=***"`);
    const two = await refused(http(`https://diarium.example.se/api?apikey=${SECRET}, https://backup.example.se/api?apikey=${SECRET}`));
    expect(two.stderr).toContain(`${at(9)}intake (1st, HTTP), url: holds more than one address, separated by a comma; give the one address somarkiv sends to here, perhaps https://diarium.example.se/api?apikey=***`);
  });

  it("blanks them in a group or list quoted whole for a wrong kind of value next to the address", async () => {
    const notList = await refused(`${FOLDER}intake:\n  type: http\n  url: "https://diarium.example.se/api?apikey=${SECRET}"\n`);
    expect(notList.code).toBe(2);
    expect(notList.stderr).toContain(`${at(8)}intake: must be a list: each entry on its own line, starting with "- " (found { type: http, url: https://diarium.example.se/api?apikey=*** }).`);
    const listed = await refused(`${FOLDER}intake:\n  - type: http\n    url: ["https://diarium.example.se/api?apikey=${SECRET}"]\n`);
    expect(listed.stderr).toContain(`${at(9)}intake (1st, HTTP), url: must be text (found [ https://diarium.example.se/api?apikey=*** ]).`);
    // capture reads the configuration as config check does, and refuses it in the same words.
    const capture = await refused(`${FOLDER}intake:\n  type: http\n  url: "https://diarium.example.se/api?apikey=${SECRET}"\n`, ["capture"]);
    expect(capture.code).toBe(2);
    expect(capture.stderr).toContain(`${at(8)}intake: must be a list`);
  });

  it("does not quote a secret written where the name of its environment variable goes", async () => {
    const smtp = await refused(`${FOLDER}intake:\n  - type: email\n    to: registrator@example.se\n    from: somarkiv@example.se\n    smtpUrlEnv: "smtp://somarkiv:${SECRET}@mail.example.se:587?pool=true"\n`);
    expect(smtp.stderr).toContain(`${at(11)}intake (1st, e-mail), smtpUrlEnv: must be the name of an environment variable, e.g. SOMARKIV_SMTP_URL (what is written there is not shown, as it may be the secret itself).`);
    const token = await refused(http("https://diarium.example.se/api/intake", `    tokenEnv: "eyJhbGciOiJIUzI1NiJ9.${SECRET}"\n`));
    expect(token.stderr).toContain(`${at(10)}intake (1st, HTTP), tokenEnv: must be the name of an environment variable`);
  });

  it("does not take a token of letters, digits and _ written under tokenEnv or smtpUrlEnv for a variable's name, nor quote it", async () => {
    const noNote = "(what is written there is not shown, as it may be the secret itself).";
    // A name to the shell: it was taken as one, and printed in "names the environment variable …, which is not set here".
    const token = await refused(http("https://diarium.example.se/api/intake", `    tokenEnv: ${SECRET}\n`));
    expect(token.code).toBe(2);
    expect(token.stderr).toContain(`${at(10)}intake (1st, HTTP), tokenEnv: looks like the secret itself, not the name of an environment variable (a name is upper-case letters, digits and _, at most 64): put the secret in the worker's environment under a name such as SOMARKIV_INTAKE_TOKEN, write that name here, and ask for a new secret if this file has been shared or kept in version control ${noNote}`);
    const key = await refused(http("https://diarium.example.se/api/intake", "    tokenEnv: AKIAIOSFODNN7EXAMPLE\n"));
    expect(key.code).toBe(2);
    expect(`${key.stdout}${key.stderr}`).not.toContain("AKIAIOSFODNN7EXAMPLE");
    expect(key.stderr).toContain(`${at(10)}intake (1st, HTTP), tokenEnv: looks like the secret itself`);
    const long = `SOMARKIV_${"X".repeat(60)}`;
    const tooLong = await refused(http("https://diarium.example.se/api/intake", `    tokenEnv: ${long}\n`));
    expect(`${tooLong.stdout}${tooLong.stderr}`).not.toContain(long);
    expect(tooLong.stderr).toContain(`${at(10)}intake (1st, HTTP), tokenEnv: looks like the secret itself`);
    // A short word in lower case cannot be told from a password: taken, as a configuration that worked
    // must go on working, but never shown, named by its setting instead.
    const lower = await refused(`${FOLDER}intake:\n  - type: email\n    to: registrator@example.se\n    from: somarkiv@example.se\n    smtpUrlEnv: hemligt\n`);
    expect(lower.code).toBe(0);
    expect(`${lower.stdout}${lower.stderr}`).not.toContain("hemligt");
    expect(lower.stdout).toContain("intake (1st, e-mail), smtpUrlEnv, names the environment variable named under smtpUrlEnv in the configuration (its name is not shown: written in lower case, it cannot be told from a secret), which is not set here");
    // A name as names are written is taken, and named where its variable is not set.
    const name = await refused(http("https://diarium.example.se/api/intake", "    tokenEnv: SOMARKIV_DIARIUM_TOKEN_2026\n"));
    expect(name.code).toBe(0);
    expect(name.stdout).toContain("intake (1st, HTTP), tokenEnv, names the environment variable SOMARKIV_DIARIUM_TOKEN_2026, which is not set here; deliveries to https://diarium.example.se/api/intake will wait");
  });

  it("blanks them in the store's endpoint, refused or not answering", async () => {
    const scheme = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  endpoint: "htps://s3.example.se/?X-Amz-Signature=${SECRET}"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(scheme.stderr).toContain(`${at(7)}storage.endpoint: must be an http: or https: web address (found "htps://s3.example.se/?X-Amz-Signature=***").`);
    const silent = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  forcePathStyle: true\n  endpoint: "http://127.0.0.1:1/?X-Amz-Signature=${SECRET}"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(silent.stdout).toContain("store ERROR: Could not reach the S3 store at http://127.0.0.1:1/?X-Amz-Signature=***: connection refused");
  });

  it("says that the port is wrong, and which ports there are, of an intake's, the store's and an account's address", async () => {
    const ports = "a port is a number from 1 to 65535, and an https:// address without one uses 443.";
    const intake = await refused(http(`https://diarium.example.se:99999/api?apikey=${SECRET}`));
    expect(intake.code).toBe(2);
    expect(intake.stderr).toContain(`${at(9)}intake (1st, HTTP), url: has the port 99999, which no address can have: ${ports} Write the port the one who runs that server gives, or leave it out (found "https://diarium.example.se:99999/api?apikey=***").`);
    expect(intake.stderr).not.toContain("must be an http: or https: web address");
    const letters = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  endpoint: "http://s3.example.se:9OOO/?sig=${SECRET}"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(letters.code).toBe(2);
    expect(letters.stderr).toContain(`${at(7)}storage.endpoint: has what is no port after the ":" that follows its host: a port is a number from 1 to 65535, and an http:// address without one uses 80. Write the port the one who runs that server gives, or leave it out (found "http://s3.example.se:9OOO/?sig=***").`);
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", "url: https://www.facebook.com:443000/a"));
    const account = await runCli(["config", "check", "--config", ws.configPath]);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain(`${at(14)}account "a" (1st in the list), url: has the port 443000, which no address can have: a port is a number from 1 to 65535, and an https:// address without one uses 443. Copy the address from the browser's address bar on the page itself (found "https://www.facebook.com:443000/a").`);
  });

  it("refuses port 0, which the URL parser takes but no server answers at, in an intake's, the store's and an account's address and the SMTP URL", async () => {
    const zero = "has the port 0, at which no server can be reached: a port is a number from 1 to 65535";
    const intake = await refused(http(`https://diarium.example.se:0/api?apikey=${SECRET}`));
    expect(intake.code).toBe(2);
    expect(intake.stderr).toContain(`${at(9)}intake (1st, HTTP), url: ${zero}, and an https:// address without one uses 443. Write the port the one who runs that server gives, or leave it out (found "https://diarium.example.se:0/api?apikey=***").`);
    const endpoint = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  endpoint: "http://s3.example.se:00/?sig=${SECRET}"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(endpoint.code).toBe(2);
    expect(endpoint.stderr).toContain(`${at(7)}storage.endpoint: has the port 00, at which no server can be reached: a port is a number from 1 to 65535, and an http:// address without one uses 80.`);
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", "url: https://www.facebook.com:0/a"));
    const account = await runCli(["config", "check", "--config", ws.configPath]);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain(`${at(14)}account "a" (1st in the list), url: ${zero}, and an https:// address without one uses 443. Copy the address from the browser's address bar on the page itself (found "https://www.facebook.com:0/a").`);
    // The SMTP URL is read from the environment: config check says it as the intake's error, the password blanked.
    fs.writeFileSync(ws.configPath, `${ORG}${FOLDER}intake:\n  - type: email\n    to: registrator@example.se\n    from: somarkiv@example.se\n    smtpUrlEnv: SOMARKIV_SMTP_URL\n${ACCOUNTS}`);
    for (const [url, shown, usual] of [[`smtp://somarkiv:${SECRET}@127.0.0.1:0`, "smtp://…@127.0.0.1:0", "an smtp:// address without one uses 587"], [`smtps://somarkiv:pa/${SECRET}@127.0.0.1:0`, "smtps://…@127.0.0.1:0", "an smtps:// address without one uses 465"]] as const) {
      const smtp = await runCli(["config", "check", "--config", ws.configPath], { env: { SOMARKIV_SMTP_URL: url } });
      expect(`${smtp.stdout}${smtp.stderr}`).not.toContain(SECRET);
      expect(smtp.code).toBe(1);
      expect(smtp.stdout).toContain(`intake ERROR: The mail server address in the environment variable SOMARKIV_SMTP_URL ${zero}, and ${usual}; write the port whoever runs the mail server gives (usually 587 with smtp://, 465 with smtps://), or leave it out (found "${shown}").`);
    }
  });

  it("refuses a password holding an unescaped / # ? or @ as a password, blanked whole, in an intake's, the store's or an account's address", async () => {
    const refusedAs = (place: string, found: string) => `${place}: must not contain a user name or password (user:password@…): they would be printed and filed with every record. A login for an account is kept as a session (somarkiv login --account ID); an intake's token comes from an environment variable (tokenEnv) (found "${found}").`;
    // Unparsable to the URL parser ("somarkiv:pa" read as a host and port): it was refused for its scheme, the password quoted.
    const slash = await refused(http(`https://somarkiv:pa/${SECRET}@diarium.example.se/api`));
    expect(slash.code).toBe(2);
    expect(slash.stderr).toContain(refusedAs(`${at(9)}intake (1st, HTTP), url`, "https://…@diarium.example.se/api"));
    // Parsable, as host "somarkiv" and port 12: it was accepted, and its password printed in config check's warnings.
    const digits = await refused(http(`https://somarkiv:12/${SECRET}@diarium.example.se/api?apikey=${SECRET}`));
    expect(digits.code).toBe(2);
    expect(digits.stderr).toContain(refusedAs(`${at(9)}intake (1st, HTTP), url`, "https://…@diarium.example.se/api?apikey=***"));
    const at2 = await refused(http(`https://somarkiv:p@${SECRET}@diarium.example.se/api`));
    expect(at2.stderr).toContain(refusedAs(`${at(9)}intake (1st, HTTP), url`, "https://…@diarium.example.se/api"));
    const hash = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  endpoint: "https://arkiv:pa#${SECRET}@s3.example.se"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(hash.code).toBe(2);
    expect(hash.stderr).toContain(refusedAs(`${at(7)}storage.endpoint`, "https://…@s3.example.se"));
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", `url: "https://kommunen:pa?${SECRET}@www.facebook.com/a"`));
    const account = await runCli(["config", "check", "--config", ws.configPath]);
    expect(`${account.stdout}${account.stderr}`).not.toContain(SECRET);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain(refusedAs(`${at(14)}account "a" (1st in the list), url`, "https://…@www.facebook.com/a"));
  });

  it("refuses a user name holding / ? or # (kommun/ext) as a login, blanked whole, where the URL parser read its start as the host", async () => {
    // A web address's user name holding / ? or # may be a path on the host before it: the refusal says how a path is written.
    const path = `. If it is no login but a page's address with a ":" and then an "@" after its host (http://wiki/File:Logo@2x.png), write that @ as %40 (http://wiki/File:Logo%402x.png)`;
    const refusedAs = (place: string, found: string, web = true) => `${place}: must not contain a user name or password (user:password@…): they would be printed and filed with every record. A login for an account is kept as a session (somarkiv login --account ID); an intake's token comes from an environment variable (tokenEnv)${web ? path : ""} (found "${found}").`;
    // Taken as the address of host "user", config check tried to reach https://user/.
    const question = await refused(http(`https://user?x:${SECRET}@diarium.example.se/api`));
    expect(question.code).toBe(2);
    expect(question.stderr).toContain(refusedAs(`${at(9)}intake (1st, HTTP), url`, "https://…@diarium.example.se/api"));
    // An SMTP URL written where the HTTP intake's address goes: its password was quoted with the wrong scheme.
    const smtp = await refused(http(`smtp://kommun/ext:${SECRET}@mail.example.se:587`));
    expect(smtp.code).toBe(2);
    expect(smtp.stderr).toContain(refusedAs(`${at(9)}intake (1st, HTTP), url`, "smtp://…@mail.example.se:587", false));
    const hash = await refused(`storage:\n  type: s3\n  bucket: arkiv\n  endpoint: "https://arkiv#1:${SECRET}@s3.example.se"\nintake:\n  - type: directory\n    path: intake\n`);
    expect(hash.code).toBe(2);
    expect(hash.stderr).toContain(refusedAs(`${at(7)}storage.endpoint`, "https://…@s3.example.se"));
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", `url: "https://kommun/ext:${SECRET}@www.facebook.com/a"`));
    const account = await runCli(["config", "check", "--config", ws.configPath]);
    expect(`${account.stdout}${account.stderr}`).not.toContain(SECRET);
    expect(account.code).toBe(2);
    expect(account.stderr).toContain(refusedAs(`${at(14)}account "a" (1st in the list), url`, "https://…@www.facebook.com/a"));
  });

  it("says which character cut the SMTP URL's login short, in its user name or password, and how to write it, without showing either", async () => {
    fs.writeFileSync(ws.configPath, `${ORG}${FOLDER}intake:\n  - type: email\n    to: registrator@example.se\n    from: somarkiv@example.se\n    smtpUrlEnv: SOMARKIV_SMTP_URL\n${ACCOUNTS}`);
    const said = async (url: string) => {
      const r = await runCli(["config", "check", "--config", ws.configPath], { env: { SOMARKIV_SMTP_URL: url } });
      expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
      expect(`${r.stdout}${r.stderr}`).not.toContain("ext:");
      expect(r.code).toBe(1);
      return r.stdout;
    };
    const cut = "intake ERROR: The mail server address in the environment variable SOMARKIV_SMTP_URL is cut short by";
    const then = "(what follows is read as no part of the login)";
    // Read as host "kommun": said as "a # / or ? in its user name or password", and the password was looked at.
    expect(await said(`smtp://kommun/ext:${SECRET}@127.0.0.1:25`)).toContain(`${cut} the / in its user name ${then}; write it as %2F, as a user name or password is written in an address (and @ as %40)`);
    expect(await said(`smtp://kommun?ext:${SECRET}#1@127.0.0.1:25`)).toContain(`${cut} the ? in its user name and the # in its password ${then}; write ? as %3F and # as %23, as a user name or password is written in an address (and @ as %40)`);
    // A user name alone, without a password: it was "a # / or ? in its user name or password".
    expect(await said("smtp://kommun/ext@127.0.0.1:25")).toContain(`${cut} the / in its user name ${then}; write it as %2F, as a user name or password is written in an address (and @ as %40)`);
    // Not parsed at all (the password's start read as a port): it was "does not hold a valid mail server address".
    expect(await said(`smtp://somarkiv:pa/${SECRET}@127.0.0.1:25`)).toContain(`${cut} the / in its password ${then}; write it as %2F`);
  });

  it("takes a host and port before a path holding an @ as no login", async () => {
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", "url: https://www.facebook.com:443/@kommunen"));
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.stderr).not.toContain("user name or password");
    expect(r.code).toBe(0);
    // A path with a ":" before an "@" after a host with a dot is a path, not a user name holding a /.
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", "url: https://www.flickr.com/photos/kommunen/Fil:logga@2x"));
    const path = await runCli(["config", "check", "--config", ws.configPath]);
    expect(path.stderr).not.toContain("user name or password");
    expect(path.code).toBe(0);
  });

  it("takes a path holding : and then @ after a dotless intranet host as no login, in an account's and an HTTP intake's address", async () => {
    const accountAt = (url: string) => ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", `url: "${url}"`);
    // A wiki's file page: "diarium/wiki/File" was read as the user name "diarium/wiki/File" and refused.
    fs.writeFileSync(ws.configPath, accountAt("http://diarium/wiki/File:a@b"));
    const wiki = await runCli(["config", "check", "--config", ws.configPath]);
    expect(wiki.stderr).not.toContain("user name or password");
    expect(wiki.code).not.toBe(2);
    // A profile page after a host without a dot: "@kommun" is no host one reaches, so the "@" is the path's.
    fs.writeFileSync(ws.configPath, ORG + http("http://intranet/user:anna@kommun") + ACCOUNTS);
    const profile = await runCli(["config", "check", "--config", ws.configPath]);
    expect(profile.stderr).not.toContain("user name or password");
    expect(profile.code).not.toBe(2);
    expect(profile.stdout).toContain("http://intranet/user:anna@kommun");
    // A search for an e-mail address: a path and a query are no user name, whatever follows the "@".
    fs.writeFileSync(ws.configPath, accountAt("http://intranet/sok?q=from:anna@kommun.se"));
    const search = await runCli(["config", "check", "--config", ws.configPath]);
    expect(search.stderr).not.toContain("user name or password");
    expect(search.code).not.toBe(2);
  });

  it("refuses what reads both as a login and as a path, for the password's sake, saying how to write the path's @", async () => {
    const hint = `. If it is no login but a page's address with a ":" and then an "@" after its host (http://wiki/File:Logo@2x.png), write that @ as %40 (http://wiki/File:Logo%402x.png) (found `;
    const accountAt = (url: string) => ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", `url: "${url}"`);
    // The user "wiki/File" at the host "2x.png", or a wiki's file page: taken as a login, never shown.
    fs.writeFileSync(ws.configPath, accountAt(`http://wiki/File:${SECRET}@2x.png`));
    const both = await runCli(["config", "check", "--config", ws.configPath]);
    expect(`${both.stdout}${both.stderr}`).not.toContain(SECRET);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain(`${at(14)}account "a" (1st in the list), url: must not contain a user name or password (user:password@…)`);
    expect(both.stderr).toContain(`${hint}"http://…@2x.png").`);
    fs.writeFileSync(ws.configPath, accountAt("http://wiki/File:Logo%402x.png"));
    const written = await runCli(["config", "check", "--config", ws.configPath]);
    expect(written.stderr).not.toContain("user name or password");
    expect(written.code).not.toBe(2);
    // A port after the "@" makes it a host: a login, as before.
    const port = await refused(http(`https://kommun/ext:${SECRET}@intranet:8443/api`));
    expect(port.code).toBe(2);
    expect(port.stderr).toContain(`${hint}"https://…@intranet:8443/api").`);
    // An SMTP URL has no path: its "@" after the host is a login's, with no word of a path.
    const smtp = await refused(http(`smtp://kommun/ext:${SECRET}@mail:587`));
    expect(smtp.code).toBe(2);
    expect(smtp.stderr).toContain(`(tokenEnv) (found "smtp://…@mail:587").`);
  });

  it("still quotes an account's address with its query, which names the account", async () => {
    fs.writeFileSync(ws.configPath, ORG + FOLDER + "intake:\n  - type: directory\n    path: intake\n" + ACCOUNTS.replace("url: https://www.facebook.com/a", "url: https://www.facebook.com:99999/profile.php?id=100064"));
    const r = await runCli(["config", "check", "--config", ws.configPath]);
    expect(r.stderr).toContain(`url: has the port 99999, which no address can have: a port is a number from 1 to 65535, and an https:// address without one uses 443. Copy the address from the browser's address bar on the page itself (found "https://www.facebook.com:99999/profile.php?id=100064").`);
  });
});

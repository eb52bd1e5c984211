/**
 * Where a login stands in an address, as a person reads it (src/config/login-in-address.ts): a user
 * name holding / ? or # after a dotless host is a login where the "@" is followed by a host one
 * reaches (with a dot, localhost, an IP address or a port), and a path otherwise. The command line's
 * side of it (config check refusing, never quoting the password) is in secret-in-address.test.ts.
 */
import { describe, expect, it } from "vitest";
import { holdsLogin, loginMayBePath, loginsIn } from "../../src/config/login-in-address.ts";

describe("a user name holding / before a dotless host", () => {
  it("is a login before each kind of host one reaches, so that its password is blanked and refused", () => {
    for (const host of ["diarium.kommun.se", "localhost", "LOCALHOST:8080", "127.0.0.1", "[::1]", "[::1]:8443", "intranet:8443"]) {
      const address = `http://kommun/ext:hemligt@${host}/api`;
      expect(holdsLogin(address), address).toBe(true);
      expect(loginMayBePath(address), address).toBe(true);
      const [login] = loginsIn(address);
      expect(address.slice(login!.start, login!.end), address).toBe("kommun/ext:hemligt");
    }
  });

  it("is a path before a word that is no host one reaches", () => {
    for (const address of ["http://intranet/user:anna@kommun", "http://diarium/wiki/File:a@b", "http://intranet/sok?q=from:anna@kommun.se"])
      expect(holdsLogin(address), address).toBe(false);
  });
});

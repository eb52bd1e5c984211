import { loginsIn } from "./login-in-address.ts";

/** The port an address of each scheme uses where it names none, as the message says it. */
const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443, smtp: 587, smtps: 465 };

/**
 * What is wrong with the port of an http:, https:, smtp: or smtps: address, in words, or null where
 * its port is not what is wrong. "https://diarium.example.se:99999/api" was refused as "must be an
 * http: or https: web address", which it is: the one who wrote it looked for the mistake in the scheme.
 * Port 0 the URL parser takes, but no server can be reached at it: it was accepted, and every
 * delivery failed as "connection refused" or a name not looked up, the address said to be right.
 */
export function portWrong(address: string): string | null {
  const m = /^\s*(https?|smtps?):\/\//i.exec(address);
  if (!m) return null;
  const scheme = m[1]!.toLowerCase();
  // After the login, read as a person reads it: a password's "/" ("smtp://u:pa/ss@mail") is no end of the host.
  const login = loginsIn(address).find((l) => l.start === m[0].length);
  const hostAndPort = /^[^/?#\s]*/.exec(address.slice(login ? login.end + 1 : m[0].length))![0];
  const authority = hostAndPort.slice(hostAndPort.lastIndexOf("@") + 1);
  // An IPv6 host is written in brackets, its own colons inside them.
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(.*)$/.exec(authority)?.[1];
  if (port === undefined || port === "" || (/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) return null;
  const what = !/^\d+$/.test(port) ? `has what is no port after the ":" that follows its host`
    : Number(port) === 0 ? `has the port ${port}, at which no server can be reached`
    : `has the port ${port}, which no address can have`;
  return `${what}: a port is a number from 1 to 65535, and an ${scheme}:// address without one uses ${DEFAULT_PORT[scheme]}`;
}

/**
 * What is wrong with the port of an http: or https: address the URL parser refused, in words, or null
 * where its port is not what is wrong. "https://diarium.example.se:99999/api" was refused as "must be an
 * http: or https: web address", which it is: the one who wrote it looked for the mistake in the scheme.
 */
export function portWrong(address: string): string | null {
  const m = /^\s*(https?):\/\/([^/?#\s]*)/i.exec(address);
  if (!m) return null;
  const authority = m[2]!.slice(m[2]!.lastIndexOf("@") + 1);
  // An IPv6 host is written in brackets, its own colons inside them.
  const port = /^(?:\[[^\]]*\]|[^:[\]]*):(.*)$/.exec(authority)?.[1];
  if (port === undefined || port === "" || (/^\d+$/.test(port) && Number(port) <= 65535)) return null;
  const what = /^\d+$/.test(port) ? `has the port ${port}, which no address can have` : `has what is no port after the ":" that follows its host`;
  return `${what}: a port is a number from 1 to 65535, and an ${m[1]!.toLowerCase()}:// address without one uses ${m[1]!.toLowerCase() === "https" ? 443 : 80}`;
}

import { execFileSync } from "node:child_process";
import { fontPackagesFor } from "./decisions.ts";

/**
 * Whether a Debian package is installed, as dpkg says; undefined where dpkg cannot be asked (not
 * Debian, or not found), and the advice then names the package as before.
 */
function installed(pkg: string): boolean | undefined {
  try {
    return /install ok installed/.test(execFileSync("dpkg-query", ["-W", "-f=${Status}", pkg], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"], timeout: 5000 }));
  } catch (e) {
    // dpkg-query answers 1 for a package it does not know: not installed.
    return (e as { status?: number }).status === 1 ? false : undefined;
  }
}

/**
 * What to do about characters no font drew: the packages to install, or, when those that would
 * draw them are installed already, that no font on the machine has them. Naming an installed
 * package sent the operator round in a loop (install, preflight, the same problem).
 */
export function fontAdvice(chars: string[], isInstalled: (pkg: string) => boolean | undefined = installed): string {
  const packages = fontPackagesFor(chars);
  const missing = packages.filter((p) => isInstalled(p) !== true);
  if (missing.length) return `Install fonts for them (as root: apt-get install ${missing.join(" ")})`;
  return `The font package${packages.length > 1 ? "s" : ""} that would draw them (${packages.join(", ")}) ${packages.length > 1 ? "are" : "is"} installed already and ${packages.length > 1 ? "have" : "has"} no glyphs for them: no free font on this machine draws them, and installing more of the same changes nothing; the picture will show them as boxes, and their words are searchable`;
}

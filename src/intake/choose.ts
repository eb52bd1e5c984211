import path from "node:path";
import { intakeName } from "./types.ts";

/** The words an intake's kind is asked by: as the configuration's `type:`, and as status says it. */
const KINDS: Record<string, "directory" | "email" | "http"> = {
  directory: "directory", folder: "directory", mapp: "directory",
  email: "email", "e-mail": "email", mail: "email", "e-post": "email",
  http: "http",
};

/** How one intake is named on the command line, for the list an unknown name is answered with. */
export function intakeAskedAs(target: string): string {
  const { kind, where } = intakeName(target);
  return `${kind === "directory" ? "folder" : kind} (or ${where})`;
}

/**
 * The intake a person named (deliver --again … --intake NAME), among those configured (`targets`, by
 * the names the log keeps): its kind when it is the only one of that kind ("folder", "email", "http"),
 * its address (the folder's path, from the working folder or whole; the e-mail address; the URL), or
 * the log's own name of it ("directory:/srv/inkorg"). Pure; the problem is said with what can be named.
 */
export function chooseIntake(targets: string[], asked: string, cwd: string): { target: string } | { problem: string } {
  const word = asked.trim();
  const listed = targets.map((t) => `${intakeName(t).kind === "directory" ? "the folder" : intakeName(t).kind === "email" ? "e-mail to" : "the HTTP intake"} ${intakeName(t).where}: --intake ${intakeAskedAs(t)}`).join("; ");
  const kind = KINDS[word.toLowerCase()];
  if (kind) {
    const ofKind = targets.filter((t) => intakeName(t).kind === kind);
    if (ofKind.length === 1) return { target: ofKind[0]! };
    if (ofKind.length > 1) return { problem: `the configuration has ${ofKind.length} intakes of the kind "${word}", so the name does not say which; name it by its address. The intakes are: ${listed}` };
    return { problem: `the configuration has no ${word} intake. The intakes are: ${listed}` };
  }
  const found = targets.find((t) => {
    const { kind: k, where } = intakeName(t);
    if (t === word) return true;
    if (k === "email") return where.toLowerCase() === word.toLowerCase();
    if (k === "http") return where.replace(/\/+$/, "") === word.replace(/\/+$/, "");
    return k === "directory" && path.resolve(cwd, word) === where;
  });
  return found ? { target: found } : { problem: `no intake is named "${word}". The intakes are: ${listed}` };
}

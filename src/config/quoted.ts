import { stringify } from "yaml";
import { addressBlanked, credentialsBlanked } from "../intake/secrets.ts";

/**
 * What a configuration error quotes of the value it is about (" (found …)"), or "" for none. An
 * intake's or the store's settings hold server addresses whose query may carry the key itself
 * (?apikey=…, a SAS ?sig=…): the values of their queries are blanked, in the value and in any group
 * or list around it, as every other message blanks them. Elsewhere only a user and password are: an
 * account's ?id= is its name, and the user needs to see it.
 */
export function foundSaid(value: unknown, path: PropertyKey[]): string {
  if (value === undefined) return "";
  // A variable's name that is none may be the secret itself, written where its variable's name goes.
  if (typeof path[path.length - 1] === "string" && /Env$/.test(String(path[path.length - 1])) && typeof value === "string") {
    return " (what is written there is not shown, as it may be the secret itself)";
  }
  const serverAddresses = path.length === 0 || path[0] === "intake" || path[0] === "storage";
  const blanked = blankedDeep(value, serverAddresses ? addressBlanked : credentialsBlanked);
  // A group or list is shown as it is written in the file ({ type: folder, path: intake }), not as
  // JSON, whose quotation marks and braces the operator never wrote; a single text keeps its marks,
  // so where it begins and ends is seen.
  const collection = blanked !== null && typeof blanked === "object" && !(blanked instanceof Date);
  const quoted = collection ? stringify(blanked, { collectionStyle: "flow", lineWidth: 0, flowCollectionPadding: true }).trim() : JSON.stringify(blanked);
  // A long value is cut where it is quoted, and said to be: a quotation left open read as a broken message.
  return ` (found ${quoted.length > 80 ? `${quoted.slice(0, 77)}…${collection ? "" : '"'}` : quoted})`;
}

function blankedDeep(value: unknown, blank: (text: string) => string): unknown {
  if (typeof value === "string") return blank(value);
  if (Array.isArray(value)) return value.map((v) => blankedDeep(v, blank));
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, blankedDeep(v, blank)]));
  }
  return value;
}

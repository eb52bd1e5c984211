import fs from "node:fs";
import path from "node:path";

/** somarkiv's own version, from package.json: written into every record so its making can be traced. */
export const TOOL_VERSION: string = (() => {
  try {
    return JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../package.json"), "utf8")).version as string;
  } catch {
    return "unknown";
  }
})();

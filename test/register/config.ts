import fs from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { configSchema, type Config } from "../../src/config/schema.ts";

export const REGISTER_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/register");

/**
 * A validated Config from YAML text, without the real loader (src/config/load.ts is built in
 * parallel): the schema does the validation, the resolved fields are filled in by hand.
 */
export function configFromYaml(text: string, source = "(test)"): Config {
  const raw = configSchema.parse(YAML.parse(text));
  const baseDir = "/tmp/somarkiv-register-test";
  return {
    ...raw,
    source,
    baseDir,
    dataDir: path.join(baseDir, "archive"),
    storage: raw.storage ?? { type: "filesystem", path: path.join(baseDir, "archive/objects") },
    intake: raw.intake ?? [{ type: "directory", path: path.join(baseDir, "archive/intake") }],
    database: raw.database ?? path.join(baseDir, "archive/somarkiv.sqlite"),
  };
}

export function fixtureConfig(name = "complete.yaml"): Config {
  const file = path.join(REGISTER_FIXTURES, name);
  return configFromYaml(fs.readFileSync(file, "utf8"), file);
}

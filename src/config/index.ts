export { loadConfig, parseConfig, resolveConfigPath, defaultsConfig, ConfigError, DEFAULT_CONFIG_PATH, textSlips } from "./load.ts";
export * from "./schema.ts";
export { namedConfig, shellWord } from "./command.ts";
export { seriesIds, seriesOwner, accountSeries, OWN_IDS_ONLY, type Series, type SeriesAccount } from "./series.ts";
export { intakeSaid } from "./place.ts";

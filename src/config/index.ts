export { loadConfig, parseConfig, resolveConfigPath, defaultsConfig, ConfigError, DEFAULT_CONFIG_PATH, textSlips, textSlipsAbout, type TextSlip } from "./load.ts";
export * from "./schema.ts";
export { namedConfig, shellWord, captureCommandLine, type CaptureAsked } from "./command.ts";
export { seriesIds, seriesOwner, accountSeries, OWN_IDS_ONLY, type Series, type SeriesAccount } from "./series.ts";
export { intakeSaid } from "./place.ts";
export { dataFolderSaid, logFileSaid, dataPlaceToCheck, unsetSettingSaid, type DataPlace } from "./data-place.ts";
// Where a login stands in an address as written: the configuration refuses by it, and intake and the
// messages blank by it, so it lives with what it checks rather than in one intake.
export { loginsIn, holdsLogin } from "./login-in-address.ts";

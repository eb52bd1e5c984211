// The public account register (förteckning), the policy checks for `config check`, and
// passive-account detection, all pure; imageFingerprint (which decodes a PNG with sharp) is in
// fingerprint.ts, so that status and records do not load sharp.
export { accountRegister, publicRegister, contactsGuessed } from "./register.ts";
export { renderRegisterHtml } from "./html.ts";
export { renderRegisterJson, renderRegisterCsv } from "./export.ts";
export { toCsv } from "./csv.ts";
export { policyWarnings, formatPolicyWarning, normaliseAccountUrl, POLICY, POLICY_WARNING_SAID } from "./policy.ts";
export {
  compareSnapshots, detectPassive, takenFarEnoughApart, COMPARABLE_APART_DAYS, findPassiveAccounts, textSimilarity, normaliseSnapshotText, fingerprintDistance,
  TEXT_SIMILARITY_PASSIVE, IMAGE_DISTANCE_PASSIVE, FEW_WORDS_DIFFER, textDifference, probablyPassiveSaid,
} from "./passive.ts";
export type {
  RegisterEntry, PublicRegister, SnapshotFingerprint, SnapshotComparison, PassiveFinding,
  PolicyFacts, PolicyWarning, PolicyWarningCode,
} from "./types.ts";

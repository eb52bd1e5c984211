import type { IntakeConfig } from "../config/schema.ts";
import { directoryTarget } from "./directory.ts";
import { emailTarget } from "./email.ts";
import { httpTarget } from "./http.ts";
import type { IntakeTarget } from "./types.ts";

export { DeliveryError, failureSaid, failureWithoutNext, intakeName } from "./types.ts";
export type { DeliveryFailure } from "./types.ts";
export type { DeliveryItem, DeliveryReceipt, IntakeTarget, IntakeFinding } from "./types.ts";
export { nextAttemptDelay, retryDelay, parseRetryAfter, isPermanent, errorBesideNextTry, MAX_DELAY_MS } from "./retry.ts";
export { directoryTarget } from "./directory.ts";
export { emailTarget, messageIdFor, subjectFor, bodyFor } from "./email.ts";
export { httpTarget, diaryNumber, failureIn, refusedDiaryNumber } from "./http.ts";

/**
 * One target per configured intake. Environment variables (SMTP URL, HTTP token) are read at delivery
 * time, not here, so one misconfigured target does not stop delivery to the others. `known.deliveredTo`:
 * how many records the log has delivered to an intake, so that a folder gone since is not made anew;
 * `known.ownFolder`: somarkiv's own data folder, where a folder intake not made yet is no share to check.
 */
export function createIntakeTargets(configs: IntakeConfig[], env: NodeJS.ProcessEnv = process.env, known: { deliveredTo?: (target: string) => number; ownFolder?: string } = {}): IntakeTarget[] {
  return configs.map((config) => {
    switch (config.type) {
      case "directory":
        return directoryTarget(config.path, { readme: config.readme !== false, ...(known.deliveredTo ? { deliveredTo: known.deliveredTo } : {}), ...(known.ownFolder ? { ownFolder: known.ownFolder } : {}) });
      case "email":
        return emailTarget(config, env);
      case "http":
        return httpTarget(config, env);
    }
  });
}

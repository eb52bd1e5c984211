import type { IntakeConfig } from "../config/schema.ts";
import { directoryTarget } from "./directory.ts";
import { emailTarget } from "./email.ts";
import { DeliveryError, type IntakeTarget } from "./types.ts";

export { DeliveryError } from "./types.ts";
export type { DeliveryItem, DeliveryReceipt, IntakeTarget } from "./types.ts";
export { nextAttemptDelay, isPermanent, MAX_DELAY_MS } from "./retry.ts";
export { directoryTarget } from "./directory.ts";
export { emailTarget, messageIdFor, subjectFor, bodyFor } from "./email.ts";

/**
 * One target per configured intake. Environment variables (SMTP URL, HTTP token) are read at delivery
 * time, not here, so one misconfigured target does not stop delivery to the others.
 */
export function createIntakeTargets(configs: IntakeConfig[], env: NodeJS.ProcessEnv = process.env): IntakeTarget[] {
  return configs.map((config) => {
    switch (config.type) {
      case "directory":
        return directoryTarget(config.path);
      case "email":
        return emailTarget(config, env);
      case "http": {
        const name = `http:${config.url}`;
        void env;
        return {
          name,
          async deliver() {
            throw new DeliveryError(`delivery by http is not available in this version yet`);
          },
        };
      }
    }
  });
}

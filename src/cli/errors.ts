/** Wrong use of the command line: exit code 2 with a plain message. */
export class UsageError extends Error {
  constructor(message: string) { super(message); this.name = "UsageError"; }
}

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

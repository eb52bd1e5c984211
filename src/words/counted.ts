/**
 * A count with its noun as a person writes it: "1 record", "3 records", "0 records". Messages said
 * "1 record(s)" before, which reads as a form to fill in, not as something that happened.
 * The noun is the last word of `phrase` ("active account" → "3 active accounts").
 */
export function counted(n: number, phrase: string, plural = `${phrase}s`): string {
  return `${n} ${n === 1 ? phrase : plural}`;
}

/** The verb that agrees with a count: `agreeing(n, "waits", "wait")`. */
export function agreeing(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

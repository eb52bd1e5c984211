/**
 * How what is written under tokenEnv or smtpUrlEnv reads: the name of an environment variable, or
 * what may be the secret itself, pasted where its variable's name goes. A token of letters, digits and
 * _ is a name to the shell as much as SOMARKIV_INTAKE_TOKEN is, and one taken as a name was printed in
 * "names the environment variable …, which is not set here". Told apart by how names are written by
 * convention: upper-case letters, digits and _, at most 64 characters, in words between the _; a
 * longer one, or a run of 17 or more characters between _ mixing letters with digits or upper with
 * lower case (AKIAIOSFODNN7EXAMPLE, a hex or base64 token), looks like a secret. A name in lower or
 * mixed case (smtp_url) is taken, as the shell takes it and a configuration that worked must go on
 * working, but never shown (envNameSaid): a short secret cannot be told from it.
 */
export type EnvNameReading = "name" | "no name" | "like a secret" | "not upper case";

export const ENV_NAME_MAX = 64;

export function envNameReading(written: string): EnvNameReading {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(written)) return "no name";
  if (written.length > ENV_NAME_MAX) return "like a secret";
  const mixed = written.split("_").some((run) => run.length >= 17 && /[A-Za-z]/.test(run) && (/\d/.test(run) || (/[a-z]/.test(run) && /[A-Z]/.test(run))));
  if (mixed) return "like a secret";
  return /[a-z]/.test(written) ? "not upper case" : "name";
}

/** The variable as a message names it: by its name when written as names are, else by the setting that names it. */
export function envNameSaid(name: string, setting: "tokenEnv" | "smtpUrlEnv"): string {
  return envNameReading(name) === "name" ? name : `named under ${setting} in the configuration (its name is not shown: written in lower case, it cannot be told from a secret)`;
}

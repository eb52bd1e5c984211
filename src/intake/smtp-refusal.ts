/**
 * What a mail server's 552 is about. RFC 5321 gives 552 to both "exceeded storage allocation" and a
 * message too large; the enhanced status code (RFC 3463) and the words tell them apart: 5.2.2 is the
 * mailbox full, 5.3.4 and 5.2.3 the message too large. Pure.
 */

/** The registrar's mailbox is full (5.2.2, 4.2.2, "over quota"): it empties, so the record waits and is sent again. */
export function mailboxFull(response: string): boolean {
  return /\b[45]\.2\.2\b|mailbox (is )?full|over quota|quota exceeded|exceeded storage|insufficient storage|storage (allocation|quota)/i.test(response);
}

/**
 * The message is larger than the server takes (5.3.4, 5.2.3, the words; a bare 552 without another
 * enhanced code): no retry changes that.
 */
export function sizeRefused(responseCode: number | undefined, response: string): boolean {
  if (mailboxFull(response)) return false;
  if (/\b5\.[23]\.[34]\b|message size|too large|too big|size limit|exceeds? (the )?(fixed |maximum )?(message )?size/i.test(response)) return true;
  return responseCode === 552 && !/\b5\.\d\.\d+\b/.test(response);
}

/**
 * A 4xx refusal that is the mail server's passing limit or trouble, not the address it was given
 * (RFC 3463): 4.5.3 too many recipients, 4.7.x a rate limit or greylisting, 4.3.x and 4.4.x the
 * server's own system or network. Said as what it is, since "check the intake address" sent the
 * operator after an address that is right. Undefined for a 5xx, and for a 4xx about the address or
 * mailbox (4.1.x, 4.2.x), a rule of the server against the sending machine (machineRefused) or one
 * that says nothing. Pure.
 */
export function passingLimit(responseCode: number | undefined, response: string): string | undefined {
  if (responseCode === undefined || responseCode < 400 || responseCode >= 500 || mailboxFull(response)) return undefined;
  if (/\b4\.5\.3\b|too many recipients/i.test(response)) return "it takes only so many recipients or messages at a time (too many recipients), a limit of the server";
  if (/gr[ea]ylist/i.test(response)) return "it holds back mail from a sender it has not seen lately for a while (greylisting), a guard against spam";
  if (/rate limit|too many (messages|connections)|sending limit/i.test(response)) return RATE_LIMIT;
  // Postfix gives 4.7.1 to its rules too (a refused client, relay, sender login, HELO name): those stay
  // refused until a person acts, and saying "nothing needs doing" left the record waiting for ever.
  if (machineRefusal(response) || /\b(sender|recipient) address rejected\b/i.test(response)) return undefined;
  if (/\b4\.7\.\d+\b/.test(response)) return RATE_LIMIT;
  if (/\b4\.[34]\.\d+\b/.test(response)) return "it has a passing trouble of its own (its system, storage or network)";
  return undefined;
}

const RATE_LIMIT = "it takes only so much mail from this sender at a time (a rate limit, greylisting or a like rule of the server)";

/** Which of the mail server's rules against the sending machine or its connection a reply names. */
type MachineRefusal = "reverse-dns" | "helo" | "relay" | "tls" | "client";

function machineRefusal(response: string): MachineRefusal | undefined {
  if (/cannot find your (reverse )?host ?name|reverse (dns|host ?name|lookup)|\bptr\b/i.test(response)) return "reverse-dns";
  if (/\bhelo command rejected|\b(invalid|bad|unknown) (e?helo|host ?name)\b/i.test(response)) return "helo";
  if (/relay(ing)? (access )?(denied|not permitted|not allowed|prohibited)|unable to relay|not permitted to relay|relay not (permitted|allowed)/i.test(response)) return "relay";
  if (/must issue a starttls|\b(starttls|tls|encryption) (is )?required|requires? (tls|encryption|a secure connection)/i.test(response)) return "tls";
  if (/\bclient host\b[^:]*\b(rejected|blocked)|\bblocked using\b/i.test(response)) return "client";
  return undefined;
}

/** What the advice names of somarkiv's mail settings. */
export interface MailSettingsSaid {
  /** The environment variable that holds the mail server address (smtpUrlEnv). */
  envName: string;
  /** The address has a user name and password. */
  login: boolean;
  /** The registrar's address the record goes to (to:). */
  to: string;
}

/** The first digit of a mail server's reply: 4 asks to be tried again (for now), 5 does not (for good). */
export type ReplyClass = 4 | 5;

/**
 * A reply of the given class that is a rule of the mail server against the machine somarkiv sends
 * from, or its connection, not a limit that passes nor the address: what the refusal is and what to
 * mend, or undefined for a reply of the other class and any other reply. Pure.
 *
 * As a 4xx: Postfix answers 450/454 4.7.1 to a client without a reverse DNS name, an unknown HELO
 * name, relaying it does not allow, and 4.7.0 to a connection without TLS where it requires one. The
 * record waits and is tried again, but each try is refused until someone acts.
 *
 * As a 5xx, which the server does not ask to be tried again: "554 5.7.1 …: Relay access denied",
 * Exchange's "550 5.7.54 … Unable to relay recipient in non-accepted domain", "530 5.7.0 Must issue a
 * STARTTLS command first", "530 5.7.11 Encryption required for requested authentication mechanism".
 * They were said as a wrong recipient to check, or a missing login to put in, which sent the operator
 * after an address or a password that may be right.
 */
export function machineRefused(replyClass: ReplyClass, responseCode: number | undefined, response: string, settings: MailSettingsSaid): { what: string; mend: string } | undefined {
  if (responseCode === undefined || Math.floor(responseCode / 100) !== replyClass || mailboxFull(response)) return undefined;
  return machineSaid(machineRefusal(response), settings);
}

function machineSaid(refusal: MachineRefusal | undefined, settings: MailSettingsSaid): { what: string; mend: string } | undefined {
  const trusted = "ask whoever runs the mail server to add this machine's address to the senders it trusts";
  // A mail server passes mail on only to its own domains for a sender it does not trust: a to: address
  // in another domain (a typo in it, or a mailbox elsewhere) is refused so too.
  const ownDomain = "check that the intake's to: address is the registrar's (its domain one the mail server takes mail for)";
  switch (refusal) {
    case "reverse-dns":
      return { what: "it finds no DNS name for the address of the machine somarkiv runs on (no reverse DNS)", mend: `give the machine's address a DNS name (a PTR record that leads back to the address), or ${trusted}` };
    case "helo":
      return { what: "it does not take the name the machine somarkiv runs on gives itself when it connects (its host name, in HELO)", mend: `give the machine a full host name that DNS knows (such as somarkiv.kommun.se), or ${trusted}` };
    case "relay":
      return settings.login
        ? { what: `it does not pass mail on to ${settings.to} for this sender (relay access)`, mend: `${ownDomain}, or ask whoever runs the mail server to let the login in ${settings.envName} send to it` }
        : { what: `it does not pass mail on to ${settings.to} for this sender (relay access), and somarkiv does not sign in to it`, mend: `put the mail server's login in ${settings.envName} (smtp://user:password@host:587), as a mail server passes mail on for a sender that signs in, or ${trusted}; and ${ownDomain}` };
    case "tls":
      return { what: "it takes mail only over an encrypted connection, and this one was not encrypted", mend: `write smtps:// and its port (usually 465) in ${settings.envName}, or ask whoever runs the mail server to offer STARTTLS on the port given (smtp://, usually 587)` };
    case "client":
      return { what: "it refuses the machine somarkiv runs on (by its address, or a block list the address is on)", mend: `${trusted} (or, where the reply names a block list, to have the address taken off it)` };
    default:
      return undefined;
  }
}

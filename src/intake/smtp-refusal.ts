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
 * mailbox (4.1.x, 4.2.x) or one that says nothing. Pure.
 */
export function passingLimit(responseCode: number | undefined, response: string): string | undefined {
  if (responseCode === undefined || responseCode < 400 || responseCode >= 500 || mailboxFull(response)) return undefined;
  if (/\b4\.5\.3\b|too many recipients/i.test(response)) return "it takes only so many recipients or messages at a time (too many recipients), a limit of the server";
  if (/gr[ea]ylist/i.test(response)) return "it holds back mail from a sender it has not seen lately for a while (greylisting), a guard against spam";
  if (/\b4\.7\.\d+\b|rate limit|too many (messages|connections)|sending limit/i.test(response)) return "it takes only so much mail from this sender at a time (a rate limit, greylisting or a like rule of the server)";
  if (/\b4\.[34]\.\d+\b/.test(response)) return "it has a passing trouble of its own (its system, storage or network)";
  return undefined;
}

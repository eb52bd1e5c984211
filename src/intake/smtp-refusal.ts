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

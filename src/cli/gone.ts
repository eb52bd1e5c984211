/**
 * A closed account whose page was gone when its closing record was asked for (capture --final): no
 * closing record can be taken, and its last snapshot stands as its last record; or, when no snapshot
 * of it was ever taken, the archive holds nothing of it, which the registrar must hear.
 */
export function goneAtClosingSaid(g: { day: string; recordId: string; lastSnapshot?: string }): string {
  if (!g.lastSnapshot) {
    return `has no record at all: no snapshot of it was ever taken, and its page was gone when its closing record was asked for on ${g.day} (${g.recordId}), so the archive holds nothing of it. Tell the registrar, so that the account is filed as closed without a record; if its posts can still be had (an administrator who still has the login can download the account's data from the platform), the registrar files them by hand`;
  }
  return `has no closing record: its page was gone when one was asked for on ${g.day} (${g.recordId}), so its last half-year snapshot, ${g.lastSnapshot}, stands as its last record`;
}

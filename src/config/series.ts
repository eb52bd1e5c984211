/**
 * An account's series across a changed id. Records keep the id they were taken under (never
 * rewritten); an account that names an id in formerIds takes those records as its own series, so
 * that what is due, the gaps, the closing record and "Föregående" read one series, not two.
 */
export interface SeriesAccount { id: string; formerIds?: readonly string[] | undefined }

/** The ids an account's records are under: its own first, then those it had before. */
export function seriesIds(account: SeriesAccount): string[] {
  return [account.id, ...(account.formerIds ?? []).filter((f) => f !== account.id)];
}

/**
 * The account whose series a record under `recordedId` is of: the account with that id, or the one
 * naming it in formerIds; otherwise the id itself (an account the file no longer names). The one
 * place this is decided, so that every reading of the log by account agrees.
 */
export function seriesOwner(accounts: readonly SeriesAccount[], recordedId: string): string {
  if (accounts.some((a) => a.id === recordedId)) return recordedId;
  return accounts.find((a) => a.formerIds?.includes(recordedId))?.id ?? recordedId;
}

/** Both directions of seriesOwner for the log's aggregate readings: an id to its owner, an owner to its ids. */
export interface Series { owner(recordedId: string): string; ids(accountId: string): string[] }

export function accountSeries(accounts: readonly SeriesAccount[]): Series {
  return {
    owner: (recordedId) => seriesOwner(accounts, recordedId),
    ids: (accountId) => { const a = accounts.find((x) => x.id === accountId); return a ? seriesIds(a) : [accountId]; },
  };
}

/** Each id as its own series: an account the file does not name, or a log read without the file. */
export const OWN_IDS_ONLY: Series = { owner: (id) => id, ids: (id) => [id] };

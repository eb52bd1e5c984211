/**
 * A record's deliveries in the order the configuration lists their intakes, those no longer listed
 * last (in the order given). The order is the operator's to choose: an HTTP intake listed before the
 * e-mail gives the record its diary number first, so the e-mail says it is filed already rather than
 * ask the registrar to file it a second time. Pure.
 */
export function inIntakeOrder<T extends { target: string }>(deliveries: readonly T[], configured: readonly string[]): T[] {
  const rank = (d: T) => { const i = configured.indexOf(d.target); return i < 0 ? configured.length : i; };
  return deliveries.map((d, i) => ({ d, i })).sort((a, b) => rank(a.d) - rank(b.d) || a.i - b.i).map(({ d }) => d);
}

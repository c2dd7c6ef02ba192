import type { ExchangeEvent } from '../exchange/events';
import type { Exchange } from '../exchange/exchange';
import type { Instrument } from '../exchange/order';
import { markOf, valueAt } from './marks';
import { valuedInstruments } from './valuation';

/**
 * What an account was given, for measuring its return (issue 13).
 *
 * The sim's `netIn` values a deposit of a base asset at the mark, and at 0
 * when the instrument has no mark yet. Every bot is funded with its inventory
 * before the first quote, so that inventory entered `netIn` at 0 and its whole
 * value later read as a gain (noise traders at +10,000 % within a minute).
 * `netIn` is part of the state hash and cannot change; this is the measure
 * returns use instead: the same value, except that a holding moved while its
 * instrument has no mark is valued at the reference price (the sim's fair
 * value, what the market makers quote around), as a broker values a transfer
 * in kind at the market's price on the day.
 */

/** The reference price of an instrument in its ticks (the sim's GBM, or a live feed it follows); 0 when unknown. */
export type ReferenceOf = (inst: Instrument) => number;

/** The price a holding is valued at: the mark, else the reference (0 when neither is known). */
export function priceOf(inst: Instrument, referenceOf: ReferenceOf): number {
  const mark = markOf(inst);
  return mark > 0 ? mark : referenceOf(inst);
}

/**
 * The signed value a deposit (+) or withdrawal (−) adds to what an account was
 * given, minor units of the cash asset: cash at face value, a base asset at
 * its price (priceOf); an asset with no instrument quoted in the cash asset
 * counts 0, as it counts 0 in equity. Any other event gives 0.
 */
export function givenValue(ex: Exchange, e: ExchangeEvent, cashAsset: string, referenceOf: ReferenceOf): number {
  if (e.ev !== 'deposit' && e.ev !== 'withdrawal') return 0;
  const sign = e.ev === 'deposit' ? 1 : -1;
  if (e.asset === cashAsset) return sign * e.amount;
  for (const inst of valuedInstruments(ex, cashAsset)) {
    if (inst.base.name === e.asset) return sign * valueAt(inst, e.amount, priceOf(inst, referenceOf));
  }
  return 0;
}

/**
 * Equity valued the way `givenValue` values transfers: cash plus every
 * holding at its mark, else at its reference. The same as `equityOf` whenever
 * every held instrument has a mark (a person's always do: they bought in a
 * trade); unlike it, a bot's inventory in a market that never quoted (a stock
 * funded while its exchange is closed) is not worth 0 here, so it is not a
 * loss measured against what the bot was given.
 */
export function equityAtReference(ex: Exchange, account: string, cashAsset: string, referenceOf: ReferenceOf): number {
  const acc = ex.ledger.accounts.get(account);
  if (acc === undefined) return 0;
  const cash = ex.ledger.findAsset(cashAsset);
  let equity = cash === undefined ? 0 : (acc.avail[cash.index] ?? 0) + (acc.resv[cash.index] ?? 0);
  for (const inst of valuedInstruments(ex, cashAsset)) {
    const units = (acc.avail[inst.base.index] ?? 0) + (acc.resv[inst.base.index] ?? 0);
    if (units !== 0) equity += valueAt(inst, units, priceOf(inst, referenceOf));
  }
  return equity;
}

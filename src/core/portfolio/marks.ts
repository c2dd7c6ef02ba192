import { bestLevel } from '../exchange/book';
import type { Instrument } from '../exchange/order';
import { roundHalfAway } from './money';

/**
 * The mark: what one lot is worth now, in ticks. The mid of best bid and ask
 * when the book is two-sided (a last trade can be stale long after the
 * quotes moved), else the last trade, else 0 (never traded, nothing quoted).
 * A mid can fall on a half tick, so a mark is not always an integer.
 */
export function markOf(inst: Instrument): number {
  const bid = bestLevel(inst.bids);
  const ask = bestLevel(inst.asks);
  if (bid !== undefined && ask !== undefined) return (bid.price + ask.price) / 2;
  return inst.last;
}

/**
 * The price a market order would meet first, in ticks: best ask for a buy,
 * best bid for a sell; the mark when that side is empty.
 */
export function referencePrice(inst: Instrument, side: 'buy' | 'sell'): number {
  const level = bestLevel(side === 'buy' ? inst.asks : inst.bids);
  return level !== undefined ? level.price : markOf(inst);
}

/**
 * Value in minor units of the quote asset of `units` minor units of the base
 * asset at `price` ticks, rounded half away from zero. Exact when `units` is a
 * whole number of lots and the price a whole number of ticks.
 */
export function valueAt(inst: Instrument, units: number, price: number): number {
  return roundHalfAway((units / inst.lotUnit) * price * inst.notionalUnit);
}

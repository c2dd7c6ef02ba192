import type { Instrument } from '../exchange/order';
import { markOf } from './marks';

/**
 * One position's unrealized P&L at the mark, in minor units of the quote
 * asset, not rounded: (mark − average cost) × lots × notionalUnit. The mark
 * can be a half tick and the average cost a fraction of one, so the result is
 * a float; callers that add it to money round it, callers that show it divide
 * by the quote's scale. portfolioOf's per-holding `unrealized` is the rounded
 * value − cost of what the ledger holds, which can differ from this in the
 * last minor unit.
 */
export function unrealizedAt(inst: Instrument, qty: number, avgPrice: number, mark: number): number {
  return qty === 0 ? 0 : (mark - avgPrice) * qty * inst.notionalUnit;
}

/** unrealizedAt at the instrument's current mark (markOf). */
export function unrealizedOf(inst: Instrument, qty: number, avgPrice: number): number {
  return unrealizedAt(inst, qty, avgPrice, markOf(inst));
}

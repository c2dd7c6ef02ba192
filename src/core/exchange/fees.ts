import type { Instrument } from './order';

/**
 * Fee on a notional, in minor units, rounded down. Rates are integers in
 * hundredths of a basis point. Rounding down keeps escrow sufficient: the fees
 * of several partial fills never add up to more than the fee on their sum.
 * The notional is split so the product never leaves the exact integer range.
 */
export function fee(notional: number, rate: number): number {
  if (rate === 0) return 0;
  const hi = Math.floor(notional / 1e6);
  const lo = notional - hi * 1e6;
  return hi * rate + Math.floor((lo * rate) / 1e6);
}

/**
 * Escrow a buy at `price` for `qty` lots needs: notional plus the fee. A
 * resting buy may later fill as maker, so the dearer of the two rates is held.
 */
export function reserveForBuy(inst: Instrument, price: number, qty: number): number {
  const notional = price * qty * inst.notionalUnit;
  const rate = inst.takerFee > inst.makerFee ? inst.takerFee : inst.makerFee;
  return notional + fee(notional, rate);
}

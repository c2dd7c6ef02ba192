import type { Instrument } from './order';

/**
 * Below this, notional × rate is an exact integer and its quotient by 1e6 is
 * below 2^31, where a double's spacing is under 2^-21: a quotient that is not
 * an integer lies at least 1e-6 from one, so rounding it cannot reach the
 * integer, and one division gives the same floor and ceiling as the split below.
 */
const EXACT = 2 ** 31 * 1e6;

/**
 * Fee on a notional, in minor units, rounded down. Rates are integers in
 * hundredths of a basis point. Rounding down keeps escrow sufficient: the fees
 * of several partial fills never add up to more than the fee on their sum.
 * The notional is split so the product never leaves the exact integer range.
 */
export function fee(notional: number, rate: number): number {
  if (rate === 0) return 0;
  const p = notional * rate;
  if (p < EXACT) return Math.floor(p / 1e6);
  const hi = Math.floor(notional / 1e6);
  const lo = notional - hi * 1e6;
  return hi * rate + Math.floor((lo * rate) / 1e6);
}

/** The fee rounded up: what escrow sets aside must never be less than the exact formula. */
export function feeCeil(notional: number, rate: number): number {
  if (rate === 0) return 0;
  const p = notional * rate;
  if (p < EXACT) return Math.ceil(p / 1e6);
  const hi = Math.floor(notional / 1e6);
  const lo = notional - hi * 1e6;
  return hi * rate + Math.ceil((lo * rate) / 1e6);
}

/**
 * Escrow a limit buy at `price` for `qty` lots holds: notional plus the taker
 * fee, rounded up (JOURNAL.md). Fills charge fees rounded down, and
 * ceil(a + b) − ceil(a) ≥ floor(b), so a partial fill never needs more than
 * the escrow it releases.
 */
export function reserveForBuy(inst: Instrument, price: number, qty: number): number {
  const notional = price * qty * inst.notionalUnit;
  return notional + feeCeil(notional, inst.takerFee);
}

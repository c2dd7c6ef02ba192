import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fee, feeCeil } from './fees';

/** The exact floor and ceiling of notional × rate / 1e6, in integers. */
function exact(notional: number, rate: number): [number, number] {
  const p = BigInt(notional) * BigInt(rate);
  const q = p / 1_000_000n;
  return [Number(q), Number(p % 1_000_000n === 0n ? q : q + 1n)];
}

describe('fees', () => {
  it('are the exact floor and ceiling of notional × rate / 1e6, on both sides of the one-division range', () => {
    const notional = fc.oneof(
      fc.integer({ min: 0, max: 2 ** 31 }),
      fc.integer({ min: 0, max: 2 ** 31 }).map((k) => k * 1_000_000),
      fc.integer({ min: 1, max: 2 ** 31 }).map((k) => k * 1_000_000 - 1),
      fc.constantFrom(2 ** 31 * 10, Math.floor((2 ** 31 * 1e6) / 7), 1e15, 2e13, Number.MAX_SAFE_INTEGER, 2 ** 52, 999_999, 1_000_001),
      fc.maxSafeNat(),
    );
    const rate = fc.oneof(fc.integer({ min: 0, max: 100_000 }), fc.constantFrom(1, 100, 200, 999, 10_000, 100_000));
    fc.assert(
      fc.property(notional, rate, (n, r) => {
        const [lo, hi] = exact(n, r);
        if (!Number.isSafeInteger(lo + 1)) return;
        expect(fee(n, r)).toBe(lo);
        expect(feeCeil(n, r)).toBe(hi);
      }),
      { numRuns: 20_000 },
    );
  });
});

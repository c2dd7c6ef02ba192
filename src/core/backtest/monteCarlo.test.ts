import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../market/prng';
import { finalEquity, maxDrawdown, monteCarlo } from './monteCarlo';

const ok = (r: ReturnType<typeof monteCarlo>) => {
  if (!r.ok) throw new Error(r.message);
  return r.result;
};

describe('monteCarlo by hand', () => {
  // Trades of +20 %, −10 %, −10 % from 100: every order ends at 100 × 1.2 × 0.9 × 0.9 = 97.2. Of the three distinct
  // orders, two have a 19 % drawdown (120 → 97.2, or 100 → 81) and one 10 % (100 → 90, then 108 → 97.2).
  const trades = [0.2, -0.1, -0.1];

  it('shuffle: one final equity, drawdowns of −19 % (two orders in three) and −10 % (one in three)', () => {
    const r = ok(monteCarlo(trades, { method: 'shuffle', runs: 3000, cash: 100, seed: 1 }));
    expect(r.finalEquity.min).toBe(r.finalEquity.max);
    expect(r.finalEquity.min).toBeCloseTo(97.2, 10);
    expect(r.maxDrawdownPct.min).toBeCloseTo(-19, 10);
    expect(r.maxDrawdownPct.max).toBeCloseTo(-10, 10);
    const tenth = r.maxDrawdownPct.bins.at(-1)!.count;
    expect(tenth / 3000).toBeGreaterThan(0.3);
    expect(tenth / 3000).toBeLessThan(0.37);
    expect(r.maxDrawdownPct.bins.slice(1, -1).every((b) => b.count === 0)).toBe(true);
  });

  it('bootstrap of +10 % and −10 % twice: 121 (no drawdown), 99 (−10 %), 81 (−19 %), as 1 : 2 : 1', () => {
    const r = ok(monteCarlo([0.1, -0.1], { method: 'bootstrap', runs: 4000, cash: 100, seed: 9, bins: 2 }));
    expect(r.finalEquity.min).toBeCloseTo(81, 10);
    expect(r.finalEquity.max).toBeCloseTo(121, 10);
    expect(r.finalEquity.percentiles[2].value).toBeCloseTo(99, 10);
    expect(r.maxDrawdownPct.min).toBeCloseTo(-19, 10);
    expect(r.maxDrawdownPct.max).toBe(0);
    const [low, high] = r.finalEquity.bins.map((b) => b.count / 4000);
    // [81, 101): 81 and 99 (three in four); [101, 121]: 121 (one in four).
    expect(low).toBeGreaterThan(0.72);
    expect(high).toBeGreaterThan(0.22);
  });

  it('maxDrawdown and finalEquity by hand', () => {
    expect(maxDrawdown(100, Float64Array.of(0.2, -0.1, -0.1), 97.2)).toBeCloseTo(0.19, 12);
    expect(maxDrawdown(100, Float64Array.of(-0.1, 0.2, -0.1), 97.2)).toBeCloseTo(0.1, 12);
    expect(finalEquity(1000, Float64Array.of(0.5, -0.5))).toBe(750);
  });

  it('refuses what it cannot run, with a reason', () => {
    const cases: [Parameters<typeof monteCarlo>, RegExp][] = [
      [[[], { method: 'shuffle', runs: 10, cash: 100, seed: 1 }], /no trades/],
      [[[0.1, Number.NaN], { method: 'shuffle', runs: 10, cash: 100, seed: 1 }], /Trade 2 has no finite return/],
      [[[0.1], { method: 'shuffle', runs: 0, cash: 100, seed: 1 }], /Runs must be a whole number/],
      [[[0.1], { method: 'shuffle', runs: 10, cash: -1, seed: 1 }], /cash/],
      [[[0.1], { method: 'jackknife' as 'shuffle', runs: 10, cash: 1, seed: 1 }], /shuffle or bootstrap/],
      [[new Array<number>(10_000).fill(0.01), { method: 'bootstrap', runs: 100_000, cash: 1, seed: 1 }], /too much work/],
    ];
    for (const [args, want] of cases) expect(monteCarlo(...args)).toMatchObject({ ok: false, message: expect.stringMatching(want) as string });
  });
});

describe('monteCarlo properties', () => {
  const returns = fc.array(fc.double({ min: -0.9, max: 2, noNaN: true }), { minLength: 1, maxLength: 40 });

  it('shuffles keep the final equity of compounding returns exactly (every run, bit for bit)', () => {
    fc.assert(
      fc.property(returns, fc.integer(), (rs, seed) => {
        const r = ok(monteCarlo(rs, { method: 'shuffle', runs: 50, cash: 10_000, seed }));
        expect(r.finalEquity.min).toBe(r.finalEquity.max);
        expect(r.finalEquity.min).toBe(finalEquity(10_000, Float64Array.from(rs)));
        // The canonical product is the product: within rounding of the one taken in the trades' own order.
        expect(r.finalEquity.min).toBeCloseTo(rs.reduce((e, x) => e * (1 + x), 10_000), 6);
      }),
      { numRuns: 50 },
    );
  });

  it('percentiles are ordered, drawdowns within [−100 %, 0], and the same seed gives the same answer', () => {
    fc.assert(
      fc.property(returns, fc.integer(), fc.constantFrom('shuffle' as const, 'bootstrap' as const), (rs, seed, method) => {
        const a = ok(monteCarlo(rs, { method, runs: 40, cash: 500, seed }));
        for (const d of [a.finalEquity, a.maxDrawdownPct]) {
          const v = d.percentiles.map((p) => p.value);
          for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
        }
        expect(a.maxDrawdownPct.min).toBeGreaterThanOrEqual(-100);
        expect(a.maxDrawdownPct.max).toBeLessThanOrEqual(0);
        expect(ok(monteCarlo(rs, { method, runs: 40, cash: 500, seed }))).toEqual(a);
        expect(ok(monteCarlo(rs, { method, runs: 40, cash: 500, seed: createRng(seed) }))).toEqual(ok(monteCarlo(rs, { method, runs: 40, cash: 500, seed: createRng(seed) })));
      }),
      { numRuns: 60 },
    );
  });
});

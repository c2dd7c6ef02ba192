import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeSample, percentile } from './distribution';

describe('percentile', () => {
  it('interpolates between ranks as numpy does (np.percentile([1, 2, 3, 4, 5], 25) = 2; ([1, 2], 5) = 1.05; ([10, 20, 30, 40], 50) = 25)', () => {
    expect(percentile([1, 2, 3, 4, 5], 25)).toBe(2);
    expect(percentile([1, 2, 3, 4, 5], 50)).toBe(3);
    expect(percentile([1, 2], 5)).toBeCloseTo(1.05, 12);
    expect(percentile([10, 20, 30, 40], 50)).toBe(25);
    expect(percentile([10, 20, 30, 40], 95)).toBeCloseTo(38.5, 12);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe('describeSample', () => {
  it('by hand: 1..10', () => {
    const d = describeSample([3, 1, 2, 10, 9, 8, 7, 4, 5, 6], 3);
    expect(d).toMatchObject({ count: 10, min: 1, max: 10, mean: 5.5 });
    expect(d.percentiles.map((p) => p.p)).toEqual([5, 25, 50, 75, 95]);
    // numpy: np.percentile(range(1, 11), [5, 25, 50, 75, 95]) = [1.45, 3.25, 5.5, 7.75, 9.55]
    [1.45, 3.25, 5.5, 7.75, 9.55].forEach((v, i) => expect(d.percentiles[i].value).toBeCloseTo(v, 12));
    // Bins of width 3 from 1: [1, 4) holds 1, 2, 3; [4, 7) 4, 5, 6; [7, 10] 7, 8, 9, 10.
    expect(d.bins.map((b) => b.count)).toEqual([3, 3, 4]);
    expect(d.bins[2].to).toBe(10);
  });

  it('one bin when every value is the same; nothing for no finite values', () => {
    expect(describeSample([4, 4, 4]).bins).toEqual([{ from: 4, to: 4, count: 3 }]);
    const none = describeSample([Number.NaN, Number.POSITIVE_INFINITY]);
    expect(none.count).toBe(0);
    expect(none.bins).toEqual([]);
    expect(none.percentiles.every((p) => Number.isNaN(p.value))).toBe(true);
  });

  it('bins a span too small for a bin width (denormals): every value in a bin', () => {
    const d = describeSample([0, 5e-324], 2);
    expect(d.bins.map((b) => b.count)).toEqual([1, 1]);
  });

  it('property: percentiles are ordered and within [min, max]; the bins hold every value', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 1, max: 30 }), (xs, bins) => {
        const d = describeSample(xs, bins);
        const v = d.percentiles.map((p) => p.value);
        for (let i = 1; i < v.length; i++) expect(v[i]).toBeGreaterThanOrEqual(v[i - 1]);
        expect(v[0]).toBeGreaterThanOrEqual(d.min);
        expect(v[4]).toBeLessThanOrEqual(d.max);
        expect(d.bins.reduce((n, b) => n + b.count, 0)).toBe(xs.length);
      }),
    );
  });
});

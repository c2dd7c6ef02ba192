import { describe, expect, it } from 'vitest';
import { runSeries } from './indicator';
import { Rsi } from './rsi';

describe('Rsi', () => {
  it("needs period + 1 values, then follows Wilder's averages", () => {
    // Changes +1, −1: gain 0.5, loss 0.5 → 50. Then +1: gain (0.5 + 1)/2 = 0.75, loss 0.25 → 75.
    expect([...runSeries(new Rsi(2), [1, 2, 1, 2])]).toEqual([NaN, NaN, 50, 75]);
  });

  it('100 without losses (a flat series too), 0 without gains', () => {
    expect(runSeries(new Rsi(2), [5, 5, 5])[2]).toBe(100);
    expect(runSeries(new Rsi(2), [1, 2, 3])[2]).toBe(100);
    expect(runSeries(new Rsi(2), [3, 2, 1])[2]).toBe(0);
  });

  it('skips a gap: the next change is from the last finite value', () => {
    const r = new Rsi(1);
    expect([2, NaN, 1, -Infinity, 3].map((x) => r.update(x))).toEqual([NaN, NaN, 0, NaN, 100]);
    expect(r.ready).toBe(true);
  });

  it('reset starts afresh; a bad period throws', () => {
    const r = new Rsi(1);
    r.update(1);
    r.update(2);
    r.reset();
    expect(r.ready).toBe(false);
    expect(r.update(2)).toBeNaN();
    expect(r.update(1)).toBe(0);
    expect(() => new Rsi(-3)).toThrow(RangeError);
  });
});

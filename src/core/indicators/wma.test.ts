import { describe, expect, it } from 'vitest';
import { runSeries } from './indicator';
import { Wma } from './wma';

describe('Wma', () => {
  it('weighs the newest value most: (1·x₁ + 2·x₂ + 3·x₃) / 6', () => {
    const out = runSeries(new Wma(3), [1, 2, 3, 4, 10]);
    expect(out[0]).toBeNaN();
    expect(out[1]).toBeNaN();
    expect(out[2]).toBeCloseTo(14 / 6, 15);
    expect(out[3]).toBeCloseTo(20 / 6, 15);
    expect(out[4]).toBeCloseTo((3 + 8 + 30) / 6, 15);
  });

  it('a gap is NaN while in the window, and the average recovers exactly after', () => {
    const w = new Wma(2);
    expect([1, NaN, 3, 5, 7].map((x) => w.update(x))).toEqual([NaN, NaN, NaN, 13 / 3, 19 / 3]);
  });

  it('reset starts afresh; a bad period throws', () => {
    const w = new Wma(2);
    w.update(100);
    w.update(NaN);
    w.reset();
    expect(w.ready).toBe(false);
    expect(w.update(1)).toBeNaN();
    expect(w.update(4)).toBe(3);
    expect(w.ready).toBe(true);
    expect(() => new Wma(0)).toThrow(RangeError);
  });
});

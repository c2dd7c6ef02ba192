import { describe, expect, it } from 'vitest';
import { Bollinger } from './bollinger';
import { runSeries } from './indicator';
import { Sma } from './sma';
import { StdDev } from './stddev';
import { ZScore } from './zscore';

describe('StdDev (population)', () => {
  it('divides by the period: [1, 3] has variance 1, not 2', () => {
    const s = new StdDev(2);
    expect(s.update(1)).toBeNaN();
    expect(s.update(3)).toBe(1);
    expect([s.mean, s.variance, s.ready]).toEqual([2, 1, true]);
  });

  it('a window of equal values has exactly 0, even after wild values left it', () => {
    const s = new StdDev(3);
    [1e9, 0.1, 123.456, 7.3, 7.3, 7.3].forEach((x) => s.update(x));
    expect(s.value).toBe(0);
    expect(s.mean).toBe(7.3);
    s.update(7.4);
    expect(s.value).toBeGreaterThan(0);
  });

  it('its mean is the SMA to the bit', () => {
    const xs = [100.01, 100.02, 99.97, 1e6, 100.5, 100.25, 100.125, 99.5];
    const s = new StdDev(3);
    const sma = runSeries(new Sma(3), xs);
    xs.forEach((x, i) => {
      s.update(x);
      expect(Object.is(s.mean, sma[i])).toBe(true);
    });
  });

  it('prices with a large mean and a small spread keep their digits (no cancellation)', () => {
    // 1e8 + {0, 1, 2}: variance 2/3 exactly; Σx² − (Σx)²/n in plain doubles loses it all at this scale.
    const s = new StdDev(3);
    [1e8, 1e8 + 1, 1e8 + 2].forEach((x) => s.update(x));
    expect(s.variance).toBe(2 / 3);
  });

  it('a gap is NaN while in the window; reset; a bad period throws', () => {
    const s = new StdDev(2);
    expect([1, NaN, 3, 5].map((x) => s.update(x))).toEqual([NaN, NaN, NaN, 1]);
    s.reset();
    expect([s.ready, s.value, s.mean, s.variance]).toEqual([false, NaN, NaN, NaN]);
    expect(s.update(2)).toBeNaN();
    expect(s.update(2)).toBe(0);
    expect(() => new StdDev(0)).toThrow(RangeError);
  });
});

describe('Bollinger', () => {
  it('middle = SMA, upper/lower = middle ± k·stddev', () => {
    const b = new Bollinger(2, 2);
    expect(b.update(1)).toBeNaN();
    expect(b.update(3)).toBe(2);
    expect([b.lower, b.middle, b.upper, b.deviation, b.value, b.ready]).toEqual([0, 2, 4, 1, 2, true]);
  });

  it('reset; a bad k or period throws', () => {
    const b = new Bollinger(2, 1.5);
    b.update(1);
    b.update(2);
    b.reset();
    expect([b.ready, b.upper, b.middle, b.lower]).toEqual([false, NaN, NaN, NaN]);
    for (const k of [-1, NaN, Infinity]) expect(() => new Bollinger(20, k)).toThrow(RangeError);
    expect(() => new Bollinger(0, 2)).toThrow(RangeError);
  });
});

describe('ZScore', () => {
  it('(x − mean) / stddev of the window including x', () => {
    const z = new ZScore(2);
    expect(z.update(1)).toBeNaN();
    expect(z.update(3)).toBe(1);
    expect(z.update(1)).toBe(-1);
    expect(z.ready).toBe(true);
  });

  it('NaN when the window has no spread (not ±Infinity, not 0)', () => {
    const z = new ZScore(3);
    [5, 5, 5].forEach((x) => z.update(x));
    expect(z.value).toBeNaN();
  });

  it('reset', () => {
    const z = new ZScore(2);
    z.update(1);
    z.update(2);
    z.reset();
    expect([z.ready, z.value]).toEqual([false, NaN]);
  });
});

import { describe, expect, it } from 'vitest';
import { Ema } from './ema';
import { runSeries } from './indicator';

describe('Ema', () => {
  it('is NaN until the SMA seed, then ema += (x − ema)·α', () => {
    // α = 2/(3+1) = 0.5; the seed is (1+2+3)/3 = 2.
    expect([...runSeries(new Ema(3), [1, 2, 3, 4, 5])]).toEqual([NaN, NaN, 2, 3, 4]);
  });

  it('skips a gap: NaN for it, then goes on from where it was', () => {
    const e = new Ema(3);
    [1, NaN, 2, 3].forEach((x) => e.update(x));
    expect(e.value).toBe(2);
    expect(e.ready).toBe(true);
    expect(e.update(Infinity)).toBeNaN();
    expect(e.ready).toBe(true);
    expect(e.update(4)).toBe(3);
  });

  it('reset starts afresh; a bad period throws', () => {
    const e = new Ema(2);
    e.update(1);
    e.update(3);
    e.reset();
    expect(e.ready).toBe(false);
    expect(e.value).toBeNaN();
    expect(e.update(5)).toBeNaN();
    expect(e.update(7)).toBe(6);
    for (const p of [0, -1, 1.5, NaN, 2 ** 26]) expect(() => new Ema(p)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { Highest, Lowest } from './extremes';
import { runSeries } from './indicator';

describe('Highest and Lowest', () => {
  it('the extreme of the last period values', () => {
    expect([...runSeries(new Highest(3), [1, 3, 2, 0, -1, 5])]).toEqual([NaN, NaN, 3, 3, 2, 5]);
    expect([...runSeries(new Lowest(3), [1, 3, 2, 0, -1, 5])]).toEqual([NaN, NaN, 1, 0, -1, -1]);
  });

  it('keeps the sign of zero and handles ties', () => {
    expect(Object.is(runSeries(new Lowest(1), [-0])[0], -0)).toBe(true);
    expect([...runSeries(new Highest(2), [2, 2, 2, 1])]).toEqual([NaN, 2, 2, 2]);
  });

  it('a gap is NaN while in the window', () => {
    expect([...runSeries(new Highest(2), [1, NaN, 3, 2])]).toEqual([NaN, NaN, NaN, 3]);
  });

  it('O(1) amortised: a falling series, where a maximum that rescans its window on expiry takes 10¹¹ steps, is a million updates', () => {
    const h = new Highest(100_000);
    let v = 0;
    for (let i = 0; i < 1_000_000; i++) v = h.update(-i);
    expect(v).toBe(-900_000);
  });

  it('refuses a saved deque that is not a window of past indices', () => {
    const h = new Highest(3);
    [1, 5, 2].forEach((x) => h.update(x));
    const s = h.save() as Record<string, unknown>;
    expect(new Highest(3).load(s).ok).toBe(true);
    expect(new Highest(3).load({ ...s, idx: [9, 9, 9] }).ok).toBe(false);
    expect(new Highest(3).load({ ...s, lastGap: 7 }).ok).toBe(false);
    expect(new Lowest(3).load(s).ok).toBe(false);
  });

  it('reset; a bad period throws', () => {
    const l = new Lowest(2);
    l.update(1);
    l.update(NaN);
    l.reset();
    expect([l.ready, l.value]).toEqual([false, NaN]);
    expect(l.update(4)).toBeNaN();
    expect(l.update(5)).toBe(4);
    expect(() => new Highest(0)).toThrow(RangeError);
  });
});

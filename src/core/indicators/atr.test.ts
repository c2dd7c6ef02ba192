import { describe, expect, it } from 'vitest';
import { Atr } from './atr';
import { runBars } from './indicator';

describe('Atr', () => {
  const bars = { high: [10, 11, 12, 12], low: [8, 9, 9, 10], close: [9, 10, 11, 11], volume: [0, 0, 0, 0] };

  it('true range needs the previous close; the Wilder average starts at bar period + 1', () => {
    // TR: none, max(2, 2, 0) = 2, max(3, 2, 1) = 3, max(2, 1, 1) = 2. ATR(2): (2+3)/2 = 2.5, then 2.5 + (2 − 2.5)/2.
    const a = new Atr(2);
    expect([...runBars(a, bars)]).toEqual([NaN, NaN, 2.5, 2.25]);
    expect([a.trueRange, a.ready]).toEqual([2, true]);
  });

  it('a gap bar is skipped: the next range is from the last finite close', () => {
    const a = new Atr(1);
    a.updateBar(10, 8, 9, 0);
    expect(a.updateBar(NaN, 8, 9, 0)).toBeNaN();
    expect(a.trueRange).toBeNaN();
    expect(a.updateBar(20, 19, 19.5, 0)).toBe(11);
  });

  it('reset; a bad period throws', () => {
    const a = new Atr(1);
    runBars(a, bars);
    a.reset();
    expect([a.ready, a.value, a.trueRange]).toEqual([false, NaN, NaN]);
    expect(() => new Atr(1.5)).toThrow(RangeError);
  });
});

import { describe, expect, it } from 'vitest';
import { Atr } from './atr';
import { checkPeriod, MAX_PERIOD, runBars } from './indicator';

describe('indicator helpers', () => {
  it('runBars needs columns of one length and an out array of the same', () => {
    const bars = { high: [2, 3], low: [1, 2], close: [1.5, 2.5], volume: [1, 1] };
    const out = new Float64Array(2);
    expect(runBars(new Atr(1), bars, out)).toBe(out);
    expect([...out]).toEqual([NaN, 1.5]);
    expect(() => runBars(new Atr(1), { ...bars, low: [1] })).toThrow(RangeError);
    expect(() => runBars(new Atr(1), bars, new Float64Array(3))).toThrow(RangeError);
  });

  it('checkPeriod takes integers from 1 to the maximum', () => {
    expect(checkPeriod('x', 1)).toBe(1);
    expect(checkPeriod('x', MAX_PERIOD)).toBe(MAX_PERIOD);
    for (const p of [0, MAX_PERIOD + 1, 2.5, NaN]) expect(() => checkPeriod('An x', p)).toThrow(/An x period must be an integer from 1 to/);
  });
});

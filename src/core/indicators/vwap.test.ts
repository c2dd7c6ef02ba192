import { describe, expect, it } from 'vitest';
import { Vwap } from './vwap';

describe('Vwap (rolling)', () => {
  it('Σ(typical price × volume) / Σ volume over the last period bars', () => {
    const v = new Vwap(2);
    expect(v.updateBar(12, 9, 9, 1)).toBeNaN();
    expect(v.updateBar(20, 20, 20, 3)).toBe((10 + 60) / 4);
    expect(v.updateBar(30, 30, 30, 1)).toBe((60 + 30) / 4);
    expect(v.ready).toBe(true);
  });

  it('NaN while the window has no volume, or a gap', () => {
    const v = new Vwap(2);
    v.updateBar(10, 10, 10, 0);
    expect(v.updateBar(11, 11, 11, 0)).toBeNaN();
    expect(v.updateBar(12, 12, 12, NaN)).toBeNaN();
    expect(v.updateBar(13, 13, 13, 1)).toBeNaN();
    expect(v.updateBar(14, 14, 14, 1)).toBe(13.5);
  });

  it('reset; a bad period throws', () => {
    const v = new Vwap(1);
    v.updateBar(1, 1, 1, 1);
    v.reset();
    expect([v.ready, v.value]).toEqual([false, NaN]);
    expect(v.updateBar(2, 2, 2, 5)).toBe(2);
    expect(() => new Vwap(0)).toThrow(RangeError);
  });
});

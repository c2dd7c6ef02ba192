import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alignCurves } from './curves';

describe('alignCurves', () => {
  it('merges the times (ms to s) and leaves each curve null where it has no point', () => {
    const r = alignCurves({ time: [1000, 2000, 4000], value: [1, 2, NaN] }, { time: [2000, 3000], value: [20, 30] });
    expect(r).toEqual({ t: [1, 2, 3, 4], a: [1, 2, null, null], b: [null, 20, 30, null] });
  });
  it('keeps every point of both curves, in time order', () => {
    const times = fc.uniqueArray(fc.integer({ min: 0, max: 1e6 }), { maxLength: 30 }).map((xs) => [...xs].sort((x, y) => x - y));
    fc.assert(fc.property(times, times, (ta, tb) => {
      const r = alignCurves({ time: ta, value: ta.map((x) => x + 1) }, { time: tb, value: tb.map((x) => x + 2) });
      expect(r.t).toEqual([...new Set([...ta, ...tb])].sort((x, y) => x - y).map((x) => x / 1000));
      expect(r.a.filter((x) => x !== null).length).toBe(ta.length);
      expect(r.b.filter((x) => x !== null).length).toBe(tb.length);
      r.t.forEach((t, k) => {
        if (r.a[k] !== null) expect(r.a[k]).toBeCloseTo(t * 1000 + 1, 6);
        if (r.b[k] !== null) expect(r.b[k]).toBeCloseTo(t * 1000 + 2, 6);
      });
    }));
  });
});

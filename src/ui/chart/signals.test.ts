import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineSummary } from './format';
import { flatRange, overlayAt, signalsInCandle, signalsToCandles } from './series';
import type { SignalMarker } from './types';

const t = Float64Array.from([0, 60, 120, 240]); // a gap after 120
const sig = (at: number, side: 'buy' | 'sell', price: number, reason = 'cross'): SignalMarker => ({
  t: at, price, side, units: 2, who: 'S1', reason, kind: 'fill',
});

describe('strategy markers on the candles', () => {
  it('sit on the candle that holds their time, gathered like fills; none in a gap or outside', () => {
    const out = signalsToCandles(t, 60, [sig(61, 'buy', 10), sig(70, 'buy', 10), sig(130, 'sell', 11), sig(200, 'sell', 12), sig(-5, 'buy', 9)]);
    expect(out).toEqual([
      { idx: 1, side: 'buy', price: 10, qty: 4, count: 2 },
      { idx: 2, side: 'sell', price: 11, qty: 2, count: 1 },
    ]);
  });

  it('the hovered candle reads its own markers, in time order, with their reasons', () => {
    const xs = [sig(100, 'sell', 11, 'fast crossed under slow'), sig(65, 'buy', 10, 'fast crossed over slow'), sig(130, 'buy', 12)];
    expect(signalsInCandle(t, 60, xs, 1).map((m) => m.reason)).toEqual(['fast crossed over slow', 'fast crossed under slow']);
    expect(signalsInCandle(t, 60, xs, 3)).toEqual([]);
    expect(signalsInCandle(t, 60, xs, -1)).toEqual([]);
    expect(signalsInCandle(t, 60, xs, 9)).toEqual([]);
  });
});

describe('overlayAt', () => {
  const o = { name: 'S1 SMA 3', t: [60, 120, 180], v: [NaN, 10.5, 11] };
  it('is the last value at or before the time; NaN before the first and while warming up', () => {
    expect(overlayAt(o, 0)).toBeNaN();
    expect(overlayAt(o, 60)).toBeNaN();
    expect(overlayAt(o, 150)).toBe(10.5);
    expect(overlayAt(o, 180)).toBe(11);
    expect(overlayAt(o, 1e9)).toBe(11);
  });

  it('agrees with a linear scan on any ascending series', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { maxLength: 30 }), fc.integer({ min: -10, max: 1010 }), (ts, at) => {
      const sorted = [...ts].sort((a, b) => a - b);
      const line = { name: 'x', t: sorted, v: sorted.map((x) => x * 2) };
      let want = NaN;
      for (let i = 0; i < sorted.length; i++) if (sorted[i] <= at) want = line.v[i];
      expect(overlayAt(line, at)).toBe(want);
    }));
  });
});

describe('lineSummary', () => {
  it('says the first and last value, the range and the count; or that there is nothing yet', () => {
    expect(lineSummary('S1 equity', [1000, 990.5, NaN, 1012.25], 'en-US')).toBe('S1 equity: from 1,000.00 to 1,012.25, low 990.50, high 1,012.25, 3 points');
    expect(lineSummary('S1 equity', [], 'en-US')).toBe('S1 equity: no points yet');
  });
});

describe('flatRange', () => {
  it('gives a flat line room around it (not an axis from 0), and a moving one 10 % either side', () => {
    expect(flatRange(600, 600)).toEqual([597, 603]);
    expect(flatRange(0, 0)).toEqual([-1, 1]);
    expect(flatRange(90, 110)).toEqual([88, 112]);
  });
});

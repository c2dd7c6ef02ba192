import { describe, expect, it } from 'vitest';
import { Ema } from './ema';
import { runSeries } from './indicator';
import { Macd } from './macd';

describe('Macd', () => {
  const xs = [10, 11, 13, 12, 14, 15, 13, 16, 18, 17];

  it('line = EMA(fast) − EMA(slow) from the slow warm-up on; signal = EMA of the line; histogram = line − signal', () => {
    const fast = runSeries(new Ema(2), xs);
    const slow = runSeries(new Ema(4), xs);
    const line = xs.map((_, i) => fast[i] - slow[i]);
    const signal = runSeries(new Ema(3), line.slice(3));
    const m = new Macd(2, 4, 3);
    xs.forEach((x, i) => {
      expect(m.update(x)).toBe(line[i]);
      expect(m.value).toBe(line[i]);
      expect(m.ready).toBe(i >= 3);
      expect(m.signalReady).toBe(i >= 5);
      if (i < 5) {
        expect(m.signal).toBeNaN();
        expect(m.histogram).toBeNaN();
      } else {
        expect(m.signal).toBe(signal[i - 3]);
        expect(m.histogram).toBe(line[i] - signal[i - 3]);
      }
    });
  });

  it('a gap is NaN in all three outputs and skipped by the averages', () => {
    const a = new Macd(2, 3, 2);
    const b = new Macd(2, 3, 2);
    for (const x of xs) {
      a.update(x);
      b.update(x);
      expect(b.update(NaN)).toBeNaN();
      expect([b.signal, b.histogram]).toEqual([NaN, NaN]);
    }
    expect(a.update(20)).toBe(b.update(20));
    expect(a.signal).toBe(b.signal);
  });

  it('reset starts afresh; bad periods throw', () => {
    const m = new Macd(2, 3, 2);
    xs.forEach((x) => m.update(x));
    m.reset();
    expect([m.ready, m.signalReady, m.line, m.signal, m.histogram]).toEqual([false, false, NaN, NaN, NaN]);
    expect(() => new Macd(0, 26, 9)).toThrow(RangeError);
    expect(() => new Macd(12, 26, 0.5)).toThrow(RangeError);
  });
});
